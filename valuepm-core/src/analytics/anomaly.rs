//! Anomalies in a measurement series by robust z-scores: `z = (x − median) / (1.4826 ·
//! MAD)`, MAD the median absolute deviation from the median (1.4826 makes it a
//! consistent estimate of the standard deviation for normal data; Iglewicz and Hoaglin,
//! *How to Detect and Handle Outliers*, 1993, recommend flagging |z| > 3.5).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::trend::median_sorted;
use crate::error::{Error, Result};

/// The scale that turns a MAD into a standard deviation for normal data.
pub const MAD_SCALE: f64 = 1.4826;

/// One flagged point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Anomaly {
    /// Its position in the input.
    pub index: usize,
    /// Its date.
    pub date: NaiveDate,
    /// Its value.
    pub value: f64,
    /// Its robust z-score.
    pub score: f64,
}

/// The robust z-score of every value; all 0 when the MAD is 0 and a value equals the
/// median, infinite scores are never produced (a value off a zero MAD scores ±`f64::MAX`).
pub fn robust_z_scores(values: &[f64]) -> Result<Vec<f64>> {
    const F: &str = "robust_z_scores";
    if values.is_empty() {
        return Err(Error::InvalidArgument { function: F, argument: "values", message: "is empty".to_owned() });
    }
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "values",
            message: format!("values[{i}] is not finite"),
        });
    }
    let mut sorted = values.to_vec();
    crate::sort::sort_floats(&mut sorted);
    let median = median_sorted(&sorted);
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - median).abs()).collect();
    crate::sort::sort_floats(&mut deviations);
    let scale = MAD_SCALE * median_sorted(&deviations);
    Ok(values
        .iter()
        .map(|v| {
            let d = v - median;
            if scale > 0.0 {
                d / scale
            } else if d == 0.0 {
                0.0
            } else {
                f64::MAX.copysign(d)
            }
        })
        .collect())
}

/// The points whose robust z-score exceeds `threshold` in absolute value, in input order.
pub fn robust_z_anomalies(dates: &[NaiveDate], values: &[f64], threshold: f64) -> Result<Vec<Anomaly>> {
    const F: &str = "robust_z_anomalies";
    if dates.len() != values.len() {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "dates",
            message: format!("{} dates for {} values", dates.len(), values.len()),
        });
    }
    if !(threshold.is_finite() && threshold > 0.0) {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "threshold",
            message: format!("{threshold} must be positive"),
        });
    }
    let scores = robust_z_scores(values)?;
    Ok(scores
        .into_iter()
        .enumerate()
        .filter(|(_, z)| z.abs() > threshold)
        .map(|(index, score)| Anomaly { index, date: dates[index], value: values[index], score })
        .collect())
}
