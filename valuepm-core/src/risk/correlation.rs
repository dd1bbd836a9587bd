//! Rank correlation between sampled inputs (Iman and Conover, "A distribution-free
//! approach to inducing rank correlation among input variables", 1982).
//!
//! Each input keeps its own marginal distribution; only the order of its samples
//! changes. Van der Waerden scores `Φ⁻¹(i / (n + 1))`, shuffled per input from the
//! simulation's stream, are transformed by `T = S · (F⁻¹)ᵀ · Pᵀ`, with `P` the Cholesky
//! factor of the target correlation and `F` that of the scores' own correlation; each
//! input's samples are then reordered to follow the ranks of its column of `T`.

// Matrix code reads best in index notation (a[i][j]).
#![allow(clippy::needless_range_loop)]

use serde::{Deserialize, Serialize};

use super::distribution::{normal_quantile, SampleStream};
use crate::error::{Error, Result};

/// A target rank-correlation matrix between `k` inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Vec<f64>>", into = "Vec<Vec<f64>>")]
pub struct CorrelationMatrix {
    rows: Vec<Vec<f64>>,
}

impl TryFrom<Vec<Vec<f64>>> for CorrelationMatrix {
    type Error = Error;
    fn try_from(rows: Vec<Vec<f64>>) -> Result<Self> {
        CorrelationMatrix::new(rows)
    }
}

impl From<CorrelationMatrix> for Vec<Vec<f64>> {
    fn from(m: CorrelationMatrix) -> Self {
        m.rows
    }
}

impl CorrelationMatrix {
    /// Validates `rows` as a correlation matrix: square, entries in [−1, 1], unit diagonal,
    /// symmetric, positive semi-definite; the error names the failing entry.
    pub fn new(rows: Vec<Vec<f64>>) -> Result<Self> {
        let k = rows.len();
        for (i, row) in rows.iter().enumerate() {
            if row.len() != k {
                return Err(Error::validation(
                    format!("[{i}]"),
                    format!("has {} entries; the matrix is {k} × {k}", row.len()),
                ));
            }
            for (j, v) in row.iter().enumerate() {
                if !(v.is_finite() && (-1.0..=1.0).contains(v)) {
                    return Err(Error::validation(format!("[{i}][{j}]"), format!("{v} must be between -1 and 1")));
                }
            }
            if (row[i] - 1.0).abs() > 1e-12 {
                return Err(Error::validation(format!("[{i}][{i}]"), format!("{} on the diagonal must be 1", row[i])));
            }
            for j in 0..i {
                if (rows[i][j] - rows[j][i]).abs() > 1e-12 {
                    return Err(Error::validation(
                        format!("[{i}][{j}]"),
                        format!(
                            "{} differs from [{j}][{i}] = {}: the matrix must be symmetric",
                            rows[i][j], rows[j][i]
                        ),
                    ));
                }
            }
        }
        if let Err(row) = cholesky(&rows) {
            return Err(Error::validation(
                format!("[{row}]"),
                format!("the matrix is not positive semi-definite: row {row} is inconsistent with the rows before it"),
            ));
        }
        Ok(CorrelationMatrix { rows })
    }

    /// The matrix's size `k`.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the matrix is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Entry `[i][j]`.
    #[must_use]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.rows[i][j]
    }

    /// Reorders each column of `samples` (`k` columns of `n` samples) so that their rank
    /// correlations approach the matrix, drawing the score shuffles from `stream`.
    pub fn induce(&self, samples: &mut [Vec<f64>], stream: &mut SampleStream) -> Result<()> {
        let k = self.len();
        if samples.len() != k {
            return Err(Error::InvalidArgument {
                function: "induce",
                argument: "samples",
                message: format!("{} inputs for a {k} × {k} correlation matrix", samples.len()),
            });
        }
        let n = samples.first().map_or(0, Vec::len);
        if k < 2 || n < 3 {
            return Ok(());
        }
        let scores: Vec<f64> = (1..=n).map(|i| normal_quantile(i as f64 / (n as f64 + 1.0))).collect();
        let mut s: Vec<Vec<f64>> = Vec::with_capacity(k);
        for _ in 0..k {
            let mut column = scores.clone();
            // Fisher–Yates with the simulation's own stream.
            for i in (1..n).rev() {
                let j = ((stream.uniform() * (i + 1) as f64) as usize).min(i);
                column.swap(i, j);
            }
            s.push(column);
        }
        let target =
            cholesky(&self.rows).map_err(|_| Error::validation("correlation", "not positive semi-definite"))?;
        let own = cholesky(&correlation(&s)).map_err(|_| Error::NoSolution {
            function: "induce",
            message: "the shuffled scores are collinear; use more samples".to_owned(),
        })?;
        // T = S · (F⁻¹)ᵀ · Pᵀ, row by row: solve F·y = s_row, then t_row = P·y.
        let mut t = vec![vec![0.0; n]; k];
        let mut y = vec![0.0; k];
        for r in 0..n {
            for i in 0..k {
                let dot: f64 = (0..i).map(|j| own[i][j] * y[j]).sum();
                y[i] = (s[i][r] - dot) / own[i][i];
            }
            for i in 0..k {
                t[i][r] = (0..=i).map(|j| target[i][j] * y[j]).sum();
            }
        }
        for (column, order) in samples.iter_mut().zip(&t) {
            let mut sorted = column.clone();
            crate::sort::sort_floats(&mut sorted);
            let ranks = crate::sort::order_by(order);
            for (rank, &row) in ranks.iter().enumerate() {
                column[row] = sorted[rank];
            }
        }
        Ok(())
    }
}

/// Pearson correlation matrix of columns.
fn correlation(columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = columns.len();
    let n = columns[0].len() as f64;
    let centred: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| {
            let mean = c.iter().sum::<f64>() / n;
            c.iter().map(|x| x - mean).collect()
        })
        .collect();
    let norms: Vec<f64> = centred.iter().map(|c| libm::sqrt(c.iter().map(|x| x * x).sum())).collect();
    let mut out = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let r = centred[i].iter().zip(&centred[j]).map(|(a, b)| a * b).sum::<f64>() / (norms[i] * norms[j]);
            out[i][j] = r;
            out[j][i] = r;
        }
    }
    out
}

/// Lower Cholesky factor of a positive semi-definite matrix (a zero pivot, within
/// rounding, zeroes its column); `Err(row)` where a pivot is negative.
fn cholesky(a: &[Vec<f64>]) -> std::result::Result<Vec<Vec<f64>>, usize> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|m| l[i][m] * l[j][m]).sum();
            if i == j {
                let pivot = a[i][i] - sum;
                if pivot < -1e-10 {
                    return Err(i);
                }
                l[i][i] = libm::sqrt(pivot.max(0.0));
            } else if l[j][j] > 1e-12 {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            } else if (a[i][j] - sum).abs() > 1e-10 {
                return Err(i);
            }
        }
    }
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::super::Distribution;
    use super::*;

    fn spearman(a: &[f64], b: &[f64]) -> f64 {
        let rank = |v: &[f64]| {
            let mut idx: Vec<usize> = (0..v.len()).collect();
            idx.sort_by(|&x, &y| v[x].total_cmp(&v[y]));
            let mut r = vec![0.0; v.len()];
            for (rank, &i) in idx.iter().enumerate() {
                r[i] = rank as f64;
            }
            r
        };
        correlation(&[rank(a), rank(b)])[0][1]
    }

    #[test]
    fn induced_rank_correlations_approach_the_target_and_keep_marginals() {
        let target =
            CorrelationMatrix::new(vec![vec![1.0, 0.8, -0.4], vec![0.8, 1.0, -0.2], vec![-0.4, -0.2, 1.0]]).unwrap();
        let mut stream = SampleStream::new(11, 0);
        let dists = [
            Distribution::Triangular { min: 0.0, mode: 1.0, max: 4.0 },
            Distribution::Normal { mean: 5.0, sd: 2.0 },
            Distribution::Lognormal { mean: 3.0, sd: 1.0 },
        ];
        let mut samples: Vec<Vec<f64>> =
            dists.iter().map(|d| (0..20_000).map(|_| d.sample(&mut stream)).collect()).collect();
        let mut before: Vec<Vec<f64>> = samples.clone();
        target.induce(&mut samples, &mut stream).unwrap();
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            let r = spearman(&samples[i], &samples[j]);
            assert!((r - target.get(i, j)).abs() < 0.03, "rank correlation [{i}][{j}] = {r}");
        }
        // Only the order changed.
        for (a, b) in samples.iter().zip(before.iter_mut()) {
            let mut a = a.clone();
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            assert_eq!(&a, b);
        }
    }

    #[test]
    fn invalid_matrices_name_the_entry() {
        let path = |rows: Vec<Vec<f64>>| CorrelationMatrix::new(rows).unwrap_err().path().map(str::to_owned);
        assert_eq!(path(vec![vec![1.0, 0.5], vec![0.4, 1.0]]).as_deref(), Some("[1][0]"));
        assert_eq!(path(vec![vec![1.0, 0.5], vec![0.5, 0.9]]).as_deref(), Some("[1][1]"));
        assert_eq!(path(vec![vec![1.0, 1.5], vec![1.5, 1.0]]).as_deref(), Some("[0][1]"));
        assert_eq!(path(vec![vec![1.0, 0.5]]).as_deref(), Some("[0]"));
        // Pairwise valid but jointly impossible: x ~ y, y ~ z, x anti z.
        let impossible = vec![vec![1.0, 0.9, -0.9], vec![0.9, 1.0, 0.9], vec![-0.9, 0.9, 1.0]];
        assert_eq!(path(impossible).as_deref(), Some("[2]"));
        // Perfect correlation is semi-definite and allowed.
        assert!(CorrelationMatrix::new(vec![vec![1.0, 1.0], vec![1.0, 1.0]]).is_ok());
    }
}
