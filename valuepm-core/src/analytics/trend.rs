//! Trends of a measurement series with irregular dates: ordinary least squares and
//! Theil–Sen slopes with confidence intervals, time measured in days from the first
//! date (in date order).
//!
//! - **OLS** (as `scipy.stats.linregress`): slope `Sxy / Sxx`, standard error
//!   `sqrt(SSE / (n − 2) / Sxx)`, confidence interval `slope ± t((1 + c)/2, n − 2) · se`.
//! - **Theil–Sen** (Sen 1968; as `scipy.stats.theilslopes`, `method="separate"`): the
//!   median of the pairwise slopes over pairs with distinct dates; intercept
//!   `median(y) − slope · median(x)`; the interval is the sorted pairwise slopes at
//!   0-based ranks `round((N − z σ) / 2) − 1` and `round((N + z σ) / 2)` (half to even),
//!   `z` the normal quantile of `(1 + c) / 2`, `σ²` Sen's variance of Kendall's S with tie
//!   corrections.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::error::{Error, Result};

/// How a trend was fitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendMethod {
    /// Ordinary least squares.
    Ols,
    /// Theil–Sen median of pairwise slopes (robust to outliers).
    TheilSen,
}

/// A fitted straight-line trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// The method.
    pub method: TrendMethod,
    /// Change per day.
    pub slope_per_day: f64,
    /// Value at the first date (day 0).
    pub intercept: f64,
    /// Lower end of the slope's confidence interval.
    pub slope_low: f64,
    /// Upper end of the slope's confidence interval.
    pub slope_high: f64,
    /// The confidence level of the interval, e.g. 0.95.
    pub confidence: f64,
    /// The first date (day 0).
    pub origin: NaiveDate,
    /// Number of points.
    pub points: usize,
}

impl Trend {
    /// The trend's value on `date`.
    #[must_use]
    pub fn value_on(&self, date: NaiveDate) -> f64 {
        self.intercept + self.slope_per_day * (date - self.origin).num_days() as f64
    }
}

/// Sorted (x in days, y) points after validating the inputs.
fn points(
    function: &'static str,
    dates: &[NaiveDate],
    values: &[f64],
    confidence: f64,
) -> Result<(NaiveDate, Vec<(f64, f64)>)> {
    if dates.len() != values.len() {
        return Err(Error::InvalidArgument {
            function,
            argument: "dates",
            message: format!("{} dates for {} values", dates.len(), values.len()),
        });
    }
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidArgument {
            function,
            argument: "values",
            message: format!("values[{i}] is not finite"),
        });
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Error::InvalidArgument {
            function,
            argument: "confidence",
            message: format!("{confidence} must be between 0 and 1"),
        });
    }
    let origin = dates.iter().min().copied().ok_or(Error::InvalidArgument {
        function,
        argument: "values",
        message: "needs at least 3 points".to_owned(),
    })?;
    let mut pts: Vec<(f64, f64)> =
        dates.iter().zip(values).map(|(d, v)| ((*d - origin).num_days() as f64, *v)).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    if pts.len() < 3 {
        return Err(Error::InvalidArgument {
            function,
            argument: "values",
            message: "needs at least 3 points".to_owned(),
        });
    }
    if pts.first().map(|p| p.0) == pts.last().map(|p| p.0) {
        return Err(Error::InvalidArgument { function, argument: "dates", message: "all dates are equal".to_owned() });
    }
    Ok((origin, pts))
}

/// Ordinary least squares trend with a `confidence` interval on the slope.
pub fn ols_trend(dates: &[NaiveDate], values: &[f64], confidence: f64) -> Result<Trend> {
    const F: &str = "ols_trend";
    let (origin, pts) = points(F, dates, values, confidence)?;
    let n = pts.len() as f64;
    let mean_x = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pts {
        let (dx, dy) = (x - mean_x, y - mean_y);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    let slope = sxy / sxx;
    let sse = (syy - slope * sxy).max(0.0);
    let se = (sse / (n - 2.0) / sxx).sqrt();
    let t = StudentsT::new(0.0, 1.0, n - 2.0)
        .map_err(|e| Error::InvalidArgument { function: F, argument: "values", message: e.to_string() })?
        .inverse_cdf(0.5 + confidence / 2.0);
    Ok(Trend {
        method: TrendMethod::Ols,
        slope_per_day: slope,
        intercept: mean_y - slope * mean_x,
        slope_low: slope - t * se,
        slope_high: slope + t * se,
        confidence,
        origin,
        points: pts.len(),
    })
}

/// Theil–Sen trend with a `confidence` interval on the slope.
pub fn theil_sen_trend(dates: &[NaiveDate], values: &[f64], confidence: f64) -> Result<Trend> {
    const F: &str = "theil_sen_trend";
    let (origin, pts) = points(F, dates, values, confidence)?;
    let mut slopes = Vec::with_capacity(pts.len() * (pts.len() - 1) / 2);
    for (i, a) in pts.iter().enumerate() {
        for b in &pts[i + 1..] {
            if b.0 > a.0 {
                slopes.push((b.1 - a.1) / (b.0 - a.0));
            }
        }
    }
    crate::sort::sort_floats(&mut slopes);
    let slope = median_sorted(&slopes);
    let mut xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
    let mut ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
    crate::sort::sort_floats(&mut xs);
    crate::sort::sort_floats(&mut ys);
    let intercept = median_sorted(&ys) - slope * median_sorted(&xs);

    // Sen (1968), eq. 2.6, with tie corrections for repeated x and y values.
    let n = pts.len() as f64;
    let ties = |sorted: &[f64]| -> f64 {
        sorted
            .chunk_by(|a, b| a == b)
            .filter(|run| run.len() > 1)
            .map(|run| {
                let k = run.len() as f64;
                k * (k - 1.0) * (2.0 * k + 5.0)
            })
            .sum()
    };
    let sigma = ((n * (n - 1.0) * (2.0 * n + 5.0) - ties(&xs) - ties(&ys)) / 18.0).sqrt();
    let z = -Normal::new(0.0, 1.0)
        .map_err(|e| Error::InvalidArgument { function: F, argument: "confidence", message: e.to_string() })?
        .inverse_cdf((1.0 - confidence) / 2.0);
    let count = slopes.len() as f64;
    let last = slopes.len() - 1;
    let upper = (f64::midpoint(count, z * sigma).round_ties_even() as usize).min(last);
    let lower = (((count - z * sigma) / 2.0).round_ties_even().max(0.0) as usize).saturating_sub(1);
    Ok(Trend {
        method: TrendMethod::TheilSen,
        slope_per_day: slope,
        intercept,
        slope_low: slopes[lower.min(last)],
        slope_high: slopes[upper],
        confidence,
        origin,
        points: pts.len(),
    })
}

/// The median of a sorted, non-empty slice (the mean of the middle two for even length).
pub(crate) fn median_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])
    }
}
