//! Weighted scoring of projects against criteria, and criterion weights from pairwise
//! comparisons (the analytic hierarchy process).
//!
//! **Scoring.** Each criterion gives one number per project (strategic fit, NPV, ROI,
//! risk, urgency, any numeric field). The numbers are normalised per criterion, turned
//! round for criteria where lower is better, and summed with the criterion weights
//! (normalised to sum to 1):
//! - `min_max`: `(x − min) / (max − min)` in [0, 1] (all equal: 1 for everyone);
//! - `z_score`: `(x − mean) / sd` with the population sd (all equal: 0);
//! - `rank`: `(rank − 1) / (n − 1)` with average ranks for ties, in [0, 1] (one project: 1).
//!
//! For a lower-is-better criterion the value is negated before normalising.
//!
//! **AHP** (Saaty 1980). A reciprocal matrix of pairwise judgements `a[i][j]` (how much
//! more important criterion i is than j, `a[j][i] = 1 / a[i][j]`, `a[i][i] = 1`). The
//! weights are its principal right eigenvector normalised to sum 1 (power iteration);
//! `λmax` its principal eigenvalue; consistency index `CI = (λmax − n) / (n − 1)`;
//! consistency ratio `CR = CI / RI(n)` with Saaty's random indices
//! (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59 for
//! n = 1 … 15). Judgements with `CR > 0.1` are flagged as inconsistent.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How a criterion's values are made comparable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// Scaled to [0, 1] between the smallest and largest value.
    #[default]
    MinMax,
    /// Standard scores.
    ZScore,
    /// Ranks scaled to [0, 1].
    Rank,
}

/// One scoring criterion with its values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Name (e.g. `strategic_fit`).
    pub name: String,
    /// Relative weight (≥ 0; the weights are normalised to sum to 1).
    pub weight: f64,
    /// Whether lower values are better (cost, risk).
    #[serde(default)]
    pub lower_is_better: bool,
    /// Normalisation.
    #[serde(default)]
    pub normalisation: Normalisation,
    /// One value per project.
    pub values: Vec<f64>,
}

/// A project's weighted score and its parts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Σ weight × normalised value.
    pub total: f64,
    /// Each criterion's weighted contribution, in the criteria's order.
    pub contributions: Vec<f64>,
    /// 1 = best; ties share the better rank.
    pub rank: usize,
}

/// Scores `n` projects against `criteria` (each with `n` values).
pub fn weighted_scores(criteria: &[Criterion]) -> Result<Vec<Score>> {
    let Some(first) = criteria.first() else {
        return Err(Error::validation("criteria", "needs at least one criterion"));
    };
    let n = first.values.len();
    let mut total_weight = 0.0;
    for (k, c) in criteria.iter().enumerate() {
        if c.values.len() != n {
            return Err(Error::validation(
                format!("criteria[{k}].values"),
                format!("{} values; criteria[0] has {n}", c.values.len()),
            ));
        }
        if let Some(i) = c.values.iter().position(|v| !v.is_finite()) {
            return Err(Error::validation(
                format!("criteria[{k}].values[{i}]"),
                format!("{} is not finite", c.values[i]),
            ));
        }
        if !(c.weight.is_finite() && c.weight >= 0.0) {
            return Err(Error::validation(format!("criteria[{k}].weight"), format!("{} must be ≥ 0", c.weight)));
        }
        total_weight += c.weight;
    }
    if total_weight <= 0.0 {
        return Err(Error::validation("criteria", "the weights sum to 0"));
    }
    let mut scores: Vec<Score> =
        (0..n).map(|_| Score { total: 0.0, contributions: Vec::with_capacity(criteria.len()), rank: 0 }).collect();
    for c in criteria {
        let sign = if c.lower_is_better { -1.0 } else { 1.0 };
        let x: Vec<f64> = c.values.iter().map(|v| sign * v).collect();
        let normalised = normalise(&x, c.normalisation);
        let w = c.weight / total_weight;
        for (s, v) in scores.iter_mut().zip(normalised) {
            s.contributions.push(w * v);
            s.total += w * v;
        }
    }
    let totals: Vec<f64> = scores.iter().map(|s| s.total).collect();
    for s in &mut scores {
        s.rank = 1 + totals.iter().filter(|t| **t > s.total).count();
    }
    Ok(scores)
}

fn normalise(x: &[f64], how: Normalisation) -> Vec<f64> {
    let n = x.len();
    if n == 0 {
        return Vec::new();
    }
    match how {
        Normalisation::MinMax => {
            let (lo, hi) = x.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
            if hi > lo {
                x.iter().map(|v| (v - lo) / (hi - lo)).collect()
            } else {
                vec![1.0; n]
            }
        }
        Normalisation::ZScore => {
            let mean = x.iter().sum::<f64>() / n as f64;
            let sd = libm::sqrt(x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64);
            if sd > 0.0 {
                x.iter().map(|v| (v - mean) / sd).collect()
            } else {
                vec![0.0; n]
            }
        }
        Normalisation::Rank => {
            if n == 1 {
                return vec![1.0];
            }
            let order = crate::sort::order_by(x);
            let mut ranks = vec![0.0; n];
            let mut i = 0;
            while i < n {
                let mut j = i;
                while j + 1 < n && x[order[j + 1]] == x[order[i]] {
                    j += 1;
                }
                let rank = (i + j) as f64 / 2.0;
                for &k in &order[i..=j] {
                    ranks[k] = rank / (n - 1) as f64;
                }
                i = j + 1;
            }
            ranks
        }
    }
}

/// Saaty's random consistency indices for n = 1 … 15.
pub const RANDOM_INDEX: [f64; 15] =
    [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

/// Consistency ratio above which judgements count as inconsistent.
pub const CONSISTENCY_THRESHOLD: f64 = 0.1;

/// Weights derived from pairwise comparisons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AhpWeights {
    /// The weights (principal eigenvector, summing to 1).
    pub weights: Vec<f64>,
    /// Principal eigenvalue.
    pub lambda_max: f64,
    /// Consistency index.
    pub consistency_index: f64,
    /// Consistency ratio (0 for n ≤ 2).
    pub consistency_ratio: f64,
    /// Whether the ratio exceeds [`CONSISTENCY_THRESHOLD`].
    pub inconsistent: bool,
    /// A warning to show when inconsistent.
    pub warning: Option<String>,
}

/// AHP weights of an `n × n` reciprocal matrix of pairwise judgements (n = 1 … 15).
pub fn ahp_weights(matrix: &[Vec<f64>]) -> Result<AhpWeights> {
    let n = matrix.len();
    if n == 0 || n > RANDOM_INDEX.len() {
        return Err(Error::validation(
            "matrix",
            format!("is {n} × {n}; AHP needs 1 to {} criteria", RANDOM_INDEX.len()),
        ));
    }
    for (i, row) in matrix.iter().enumerate() {
        if row.len() != n {
            return Err(Error::validation(format!("matrix[{i}]"), format!("has {} entries; expected {n}", row.len())));
        }
        for (j, v) in row.iter().enumerate() {
            if !(v.is_finite() && *v > 0.0) {
                return Err(Error::validation(format!("matrix[{i}][{j}]"), format!("{v} must be a positive number")));
            }
        }
        if (row[i] - 1.0).abs() > 1e-9 {
            return Err(Error::validation(format!("matrix[{i}][{i}]"), format!("{} must be 1", row[i])));
        }
    }
    for (i, row) in matrix.iter().enumerate() {
        for (j, other) in matrix.iter().enumerate().skip(i + 1) {
            if (row[j] * other[i] - 1.0).abs() > 1e-6 {
                return Err(Error::validation(
                    format!("matrix[{j}][{i}]"),
                    format!("{} must be the reciprocal of matrix[{i}][{j}] = {}", other[i], row[j]),
                ));
            }
        }
    }
    // Power iteration from the row geometric means (already close for near-consistent input).
    let mut w: Vec<f64> =
        matrix.iter().map(|row| libm::exp(row.iter().map(|v| libm::log(*v)).sum::<f64>() / n as f64)).collect();
    let sum: f64 = w.iter().sum();
    for v in &mut w {
        *v /= sum;
    }
    let mut lambda = 0.0;
    for _ in 0..1000 {
        let next: Vec<f64> = matrix.iter().map(|row| row.iter().zip(&w).map(|(a, x)| a * x).sum()).collect();
        let total: f64 = next.iter().sum();
        lambda = total; // Σ (A w)_i with Σ w = 1.
        let next: Vec<f64> = next.iter().map(|v| v / total).collect();
        let change = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        w = next;
        if change < 1e-15 {
            break;
        }
    }
    let ci = if n > 2 { (lambda - n as f64) / (n as f64 - 1.0) } else { 0.0 };
    let cr = if n > 2 { ci / RANDOM_INDEX[n - 1] } else { 0.0 };
    let inconsistent = cr > CONSISTENCY_THRESHOLD;
    Ok(AhpWeights {
        weights: w,
        lambda_max: lambda,
        consistency_index: ci,
        consistency_ratio: cr,
        inconsistent,
        warning: inconsistent.then(|| {
            format!("consistency ratio {cr:.3} is above {CONSISTENCY_THRESHOLD}: revisit the pairwise judgements")
        }),
    })
}
