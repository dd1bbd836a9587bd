//! Summary statistics of simulated outcomes (NPV, ROI, IRR, payback): moments,
//! percentiles, tail probabilities, value at risk, and histogram bins ready to plot.
//!
//! - Percentiles interpolate linearly between order statistics (`numpy.percentile`'s
//!   default, Hyndman and Fan type 7).
//! - `standard_error` is `sd / √n`, `sd` the sample standard deviation (n − 1).
//! - Value at risk at level `c` (e.g. 0.95) is the loss not exceeded with probability `c`:
//!   `VaR = −P₁₋c(x)`; conditional value at risk is the mean loss beyond it:
//!   `CVaR = −mean(x | x ≤ P₁₋c(x))`. Both are positive when the outcome is a loss.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Summary of simulated values of one outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of values.
    pub count: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Standard error of the mean.
    pub standard_error: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Fraction of values below 0.
    pub probability_negative: f64,
    /// Value at risk at the summary's confidence.
    pub value_at_risk: f64,
    /// Conditional value at risk (expected shortfall) at the summary's confidence.
    pub conditional_value_at_risk: f64,
    /// The confidence of the value at risk, e.g. 0.95.
    pub confidence: f64,
    /// Histogram: `bins + 1` edges.
    pub histogram_edges: Vec<f64>,
    /// Histogram: the count in each bin (the last bin includes its upper edge).
    pub histogram_counts: Vec<u64>,
}

/// The percentile `q` (0..=1) of sorted values, interpolating linearly.
#[must_use]
pub fn percentile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lower = position.floor() as usize;
    let upper = position.ceil() as usize;
    sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower as f64)
}

/// The fraction of `values` at or above `threshold`.
#[must_use]
pub fn probability_at_least(values: &[f64], threshold: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| **v >= threshold).count() as f64 / values.len() as f64
}

/// Summarises `values` with a value at risk at `confidence` and a `bins`-bin histogram.
pub fn summarise(values: &[f64], confidence: f64, bins: usize) -> Result<Summary> {
    const F: &str = "summarise";
    if values.len() < 2 {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "values",
            message: "needs at least 2 values".to_owned(),
        });
    }
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "values",
            message: format!("values[{i}] is not finite"),
        });
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "confidence",
            message: format!("{confidence} must be between 0 and 1"),
        });
    }
    if bins == 0 || bins > 10_000 {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "bins",
            message: format!("{bins} must be 1..=10000"),
        });
    }
    let n = values.len() as f64;
    // Two passes for the moments, extremes and histogram; selection for the percentiles.
    let (mut sum, mut min, mut max, mut negatives) = (0.0, f64::INFINITY, f64::NEG_INFINITY, 0_usize);
    for &v in values {
        sum += v;
        min = min.min(v);
        max = max.max(v);
        negatives += usize::from(v < 0.0);
    }
    let mean = sum / n;
    let width = (max - min) / bins as f64;
    let histogram_edges: Vec<f64> = (0..=bins).map(|i| if i == bins { max } else { min + width * i as f64 }).collect();
    let mut histogram_counts = vec![0_u64; bins];
    let mut squares = 0.0;
    for &v in values {
        squares += (v - mean) * (v - mean);
        let bin = if width > 0.0 { (((v - min) / width) as usize).min(bins - 1) } else { 0 };
        histogram_counts[bin] += 1;
    }
    let sd = libm::sqrt(squares / (n - 1.0));
    let [p5, p10, p50, p90, p95, tail] = percentiles(values, [0.05, 0.10, 0.50, 0.90, 0.95, 1.0 - confidence]);
    let (beyond_sum, beyond_count) =
        values.iter().filter(|v| **v <= tail).fold((0.0, 0_usize), |(sum, count), v| (sum + v, count + 1));
    Ok(Summary {
        count: values.len(),
        mean,
        sd,
        standard_error: sd / libm::sqrt(n),
        min,
        max,
        p5,
        p10,
        p50,
        p90,
        p95,
        probability_negative: negatives as f64 / n,
        value_at_risk: -tail,
        conditional_value_at_risk: -beyond_sum / beyond_count.max(1) as f64,
        confidence,
        histogram_edges,
        histogram_counts,
    })
}

/// [`percentile_sorted`] of each of `qs` without sorting: the order statistics they need
/// are selected (linear time each, on shrinking ranges) on integer keys that order like
/// the values, so a million values take a few passes.
fn percentiles<const N: usize>(values: &[f64], qs: [f64; N]) -> [f64; N] {
    let last = values.len() - 1;
    let position = |q: f64| q.clamp(0.0, 1.0) * last as f64;
    let mut ranks: Vec<usize> = Vec::with_capacity(2 * N);
    for q in qs {
        let lower = position(q).floor() as usize;
        ranks.push(lower);
        ranks.push((lower + 1).min(last));
    }
    ranks.sort_unstable();
    ranks.dedup();
    let mut keys: Vec<u64> = values.iter().map(|v| order_key(*v)).collect();
    let mut selected = vec![0.0; ranks.len()];
    select_ranks(&mut keys, 0, &ranks, &mut selected);
    let at = |rank: usize| selected[ranks.binary_search(&rank).unwrap_or(0)];
    qs.map(|q| {
        let p = position(q);
        let lower = p.floor() as usize;
        let (low, high) = (at(lower), at((lower + 1).min(last)));
        let fraction = p - lower as f64;
        if fraction == 0.0 {
            low
        } else {
            low + (high - low) * fraction
        }
    })
}

/// An unsigned key ordering like `f64::total_cmp`.
fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 { key & !(1 << 63) } else { !key })
}

/// Selects the order statistics `ranks` (sorted, relative to the whole array; `offset`
/// is this slice's first rank) into `out`, in the order of `ranks`.
fn select_ranks(keys: &mut [u64], offset: usize, ranks: &[usize], out: &mut [f64]) {
    if ranks.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let (left, nth, right) = keys.select_nth_unstable(ranks[mid] - offset);
    out[mid] = from_order_key(*nth);
    let (out_left, out_right) = out.split_at_mut(mid);
    select_ranks(left, offset, &ranks[..mid], out_left);
    select_ranks(right, ranks[mid] + 1, &ranks[mid + 1..], &mut out_right[1..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_follow_numpy_linear_interpolation() {
        // numpy.percentile([1, 2, 3, 4, 10], [5, 10, 50, 90, 95]) = 1.2, 1.4, 3, 7.6, 8.8
        let s = summarise(&[4.0, 1.0, 10.0, 3.0, 2.0], 0.95, 3).unwrap();
        for (got, want) in [(s.p5, 1.2), (s.p10, 1.4), (s.p50, 3.0), (s.p90, 7.6), (s.p95, 8.8)] {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert_eq!(s.mean, 4.0);
        // Sample sd of 1, 2, 3, 4, 10: sqrt(50 / 4).
        assert!((s.sd - 12.5_f64.sqrt()).abs() < 1e-12);
        // numpy.histogram([1, 2, 3, 4, 10], bins=3) counts [3, 1, 1].
        assert_eq!(s.histogram_counts, [3, 1, 1]);
        assert_eq!(s.histogram_counts.iter().sum::<u64>(), 5);
    }

    #[test]
    fn value_at_risk_is_the_tail_loss() {
        // −10 … 89: P5 = −5.05 (numpy), VaR 5.05; CVaR = −mean(−10 … −6) = 8.
        let values: Vec<f64> = (-10..90).map(f64::from).collect();
        let s = summarise(&values, 0.95, 10).unwrap();
        assert!((s.value_at_risk - 5.05).abs() < 1e-12);
        assert!((s.conditional_value_at_risk - 8.0).abs() < 1e-12);
        assert!((s.probability_negative - 0.10).abs() < 1e-12);
        assert!((probability_at_least(&values, 80.0) - 0.10).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(summarise(&[1.0], 0.95, 10).is_err());
        assert!(summarise(&[1.0, f64::NAN], 0.95, 10).is_err());
        assert!(summarise(&[1.0, 2.0], 1.0, 10).is_err());
        assert!(summarise(&[1.0, 2.0], 0.9, 0).is_err());
        let flat = summarise(&[2.0, 2.0, 2.0], 0.9, 4).unwrap();
        assert_eq!(flat.histogram_counts, [3, 0, 0, 0]);
    }
}
