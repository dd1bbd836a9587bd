//! Level shifts (changes in mean) in a measurement series, by penalised optimal
//! partitioning with PELT pruning (Killick, Fearnhead and Eckley, 2012), cost: the sum of
//! squared deviations from each segment's mean (as `ruptures.Pelt(model="l2", jump=1)`).
//!
//! The partition minimises `Σ cost(segment) + penalty × segments`, every segment at least
//! `min_size` points long. Without a given penalty, `2 σ² ln n` (a BIC-style choice) with
//! `σ = 1.4826 · MAD(Δx) / √2`, a noise estimate that level shifts barely move.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::trend::median_sorted;
use crate::error::{Error, Result};

/// A change in level at a point of the series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelShift {
    /// Index of the first point of the new level.
    pub index: usize,
    /// Its date.
    pub date: NaiveDate,
    /// Mean of the segment before.
    pub level_before: f64,
    /// Mean of the segment from here.
    pub level_after: f64,
    /// `level_after − level_before`.
    pub shift: f64,
}

/// The level shifts of `values` (in date order); `penalty` per segment (default
/// `2 σ² ln n`), segments of at least `min_size` points (≥ 1).
pub fn level_shifts(
    dates: &[NaiveDate],
    values: &[f64],
    penalty: Option<f64>,
    min_size: usize,
) -> Result<Vec<LevelShift>> {
    const F: &str = "level_shifts";
    if dates.len() != values.len() {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "dates",
            message: format!("{} dates for {} values", dates.len(), values.len()),
        });
    }
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "values",
            message: format!("values[{i}] is not finite"),
        });
    }
    if min_size == 0 {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "min_size",
            message: "must be at least 1".to_owned(),
        });
    }
    if let Some(p) = penalty {
        if !(p.is_finite() && p >= 0.0) {
            return Err(Error::InvalidArgument {
                function: F,
                argument: "penalty",
                message: format!("{p} must be ≥ 0"),
            });
        }
    }
    let n = values.len();
    if n < 2 * min_size {
        return Ok(Vec::new());
    }
    let penalty = penalty.unwrap_or_else(|| default_penalty(values));

    // Prefix sums give each segment's cost in O(1).
    let mut sum = vec![0.0; n + 1];
    let mut sum_sq = vec![0.0; n + 1];
    for (i, v) in values.iter().enumerate() {
        sum[i + 1] = sum[i] + v;
        sum_sq[i + 1] = sum_sq[i] + v * v;
    }
    let cost = |s: usize, t: usize| {
        let (total, len) = (sum[t] - sum[s], (t - s) as f64);
        (sum_sq[t] - sum_sq[s] - total * total / len).max(0.0)
    };

    // best[t]: the minimal penalised cost of values[..t]; last[t]: its last segment start.
    let mut best = vec![f64::INFINITY; n + 1];
    let mut last = vec![0_usize; n + 1];
    best[0] = -penalty;
    let mut candidates: Vec<usize> = vec![0];
    for t in min_size..=n {
        let mut found = f64::INFINITY;
        let mut arg = 0;
        for &s in candidates.iter().filter(|&&s| t - s >= min_size) {
            let value = best[s] + cost(s, t) + penalty;
            if value < found {
                found = value;
                arg = s;
            }
        }
        best[t] = found;
        last[t] = arg;
        // PELT pruning: a start that cannot beat `t` now never will (the cost is additive).
        candidates.retain(|&s| t - s < min_size || best[s] + cost(s, t) <= best[t]);
        if t + min_size <= n {
            candidates.push(t + 1 - min_size);
            candidates.sort_unstable();
            candidates.dedup();
        }
    }
    let mut starts = Vec::new();
    let mut t = n;
    while t > 0 {
        let s = last[t];
        starts.push((s, t));
        t = s;
    }
    starts.reverse();
    let mean = |(s, t): (usize, usize)| (sum[t] - sum[s]) / (t - s) as f64;
    Ok(starts
        .windows(2)
        .map(|w| {
            let (before, after) = (mean(w[0]), mean(w[1]));
            LevelShift {
                index: w[1].0,
                date: dates[w[1].0],
                level_before: before,
                level_after: after,
                shift: after - before,
            }
        })
        .collect())
}

/// `2 σ² ln n`, `σ = 1.4826 · MAD(Δx) / √2`.
fn default_penalty(values: &[f64]) -> f64 {
    let mut diffs: Vec<f64> = values.windows(2).map(|w| w[1] - w[0]).collect();
    crate::sort::sort_floats(&mut diffs);
    let centre = median_sorted(&diffs);
    let mut deviations: Vec<f64> = diffs.iter().map(|d| (d - centre).abs()).collect();
    crate::sort::sort_floats(&mut deviations);
    let sigma = super::MAD_SCALE * median_sorted(&deviations) / core::f64::consts::SQRT_2;
    2.0 * sigma * sigma * libm::log(values.len() as f64)
}
