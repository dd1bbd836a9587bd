//! Value metrics (KPIs): the value a project promised, measured over time.
//!
//! A metric moves from a **baseline** (value, date) to a **target** (value, date). The
//! **glide path** is the straight line between them; before the baseline date it is the
//! baseline and after the target date it is the target.
//!
//! **Progress** is direction-aware: `(latest − baseline) / (target − baseline)`. Because
//! the target lies on the better side of the baseline (validated), the same formula
//! serves "higher is better" and "lower is better"; progress exceeds 1 when the target
//! is beaten and goes negative when the metric moved the wrong way.
//!
//! **Status** compares progress with the progress the glide path expects on the
//! evaluation date (`expected_progress`, from 0 to 1):
//! - `on_track` when `progress ≥ expected_progress − ON_TRACK_TOLERANCE` (0.05),
//! - `at_risk` when `progress ≥ expected_progress − AT_RISK_TOLERANCE` (0.20),
//! - `off_track` otherwise, and `no_data` without a measurement on or before that date.
//!
//! **Value realised** is `monetisation × (latest − baseline) × direction`: the money
//! value of the improvement achieved so far (negative when the metric got worse).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{decimal_from_f64, Currency, Money};

/// Progress may lag the glide path by this much and still be on track.
pub const ON_TRACK_TOLERANCE: f64 = 0.05;
/// Progress lagging by more than [`ON_TRACK_TOLERANCE`] and at most this much is at risk.
pub const AT_RISK_TOLERANCE: f64 = 0.20;

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Larger values are better (availability, adoption).
    HigherIsBetter,
    /// Smaller values are better (lead time, cost per transaction).
    LowerIsBetter,
}

impl Direction {
    /// Fails (at path `value`) unless `target` is better than `baseline` in this direction.
    pub fn check_target(self, baseline: f64, target: f64) -> Result<()> {
        if (target - baseline) * self.sign() > 0.0 {
            return Ok(());
        }
        let rule = match self {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
        };
        Err(Error::validation(
            "value",
            format!("{target} is not better than the baseline {baseline} for a metric where {rule}"),
        ))
    }

    /// +1 for higher is better, −1 for lower is better.
    #[must_use]
    pub const fn sign(self) -> f64 {
        match self {
            Direction::HigherIsBetter => 1.0,
            Direction::LowerIsBetter => -1.0,
        }
    }
}

/// A value on a date (baseline or target).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The value, in the metric's unit.
    pub value: f64,
    /// When.
    pub date: NaiveDate,
}

/// One measurement of a metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// When it was measured.
    pub date: NaiveDate,
    /// The measured value, in the metric's unit.
    pub value: f64,
    /// Free text (source, method).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A KPI with baseline, target and measurements.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueMetric {
    /// Identifier, unique within the project.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit of the values (`%`, `hours`, `EUR/user`).
    pub unit: String,
    /// Which way is better.
    pub direction: Direction,
    /// Where the metric started.
    pub baseline: Observation,
    /// Where it should be, and by when.
    pub target: Observation,
    /// Relative weight among the project's metrics (≥ 0).
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Money per unit of improvement, when the metric is monetised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monetisation: Option<Money>,
    /// Measurements, in any order.
    #[serde(default)]
    pub measurements: Vec<Measurement>,
}

fn default_weight() -> f64 {
    1.0
}

/// On-track status of a metric on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricStatus {
    /// At or ahead of the glide path, within [`ON_TRACK_TOLERANCE`].
    OnTrack,
    /// Behind by at most [`AT_RISK_TOLERANCE`].
    AtRisk,
    /// Further behind.
    OffTrack,
    /// No measurement on or before the date.
    NoData,
}

/// A metric's derived figures on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricEvaluation {
    /// The metric's id.
    pub id: String,
    /// The metric's name.
    pub name: String,
    /// The latest measurement on or before the date.
    pub latest: Option<Measurement>,
    /// Progress to target (1 = target reached; may exceed 1 or go negative).
    pub progress: Option<f64>,
    /// The glide path's value on the date.
    pub expected_value: f64,
    /// The glide path's progress on the date (0..=1).
    pub expected_progress: f64,
    /// On-track status.
    pub status: MetricStatus,
    /// Money value of the improvement so far, for monetised metrics with data.
    pub value_realised: Option<Money>,
}

impl ValueMetric {
    /// Validates the metric; paths are relative to the metric.
    pub fn validate(&self, currency: Currency) -> Result<()> {
        if self.id.trim().is_empty() {
            return Err(Error::validation("id", "must not be empty"));
        }
        if self.name.trim().is_empty() {
            return Err(Error::validation("name", "must not be empty"));
        }
        finite("baseline.value", self.baseline.value)?;
        finite("target.value", self.target.value)?;
        if self.target.date <= self.baseline.date {
            return Err(Error::validation(
                "target.date",
                format!("{} must be after baseline.date {}", self.target.date, self.baseline.date),
            ));
        }
        self.direction.check_target(self.baseline.value, self.target.value).map_err(|e| e.at("target"))?;
        if !(self.weight.is_finite() && self.weight >= 0.0) {
            return Err(Error::validation("weight", format!("{} must be a finite number ≥ 0", self.weight)));
        }
        if let Some(m) = &self.monetisation {
            m.expect_currency(currency, "monetisation")?;
        }
        for (i, m) in self.measurements.iter().enumerate() {
            finite(&format!("measurements[{i}].value"), m.value)?;
        }
        Ok(())
    }

    /// The latest measurement on or before `as_of` (the last recorded wins a tie).
    #[must_use]
    pub fn latest(&self, as_of: NaiveDate) -> Option<&Measurement> {
        self.measurements.iter().filter(|m| m.date <= as_of).fold(None, |best: Option<&Measurement>, m| match best {
            Some(b) if b.date > m.date => Some(b),
            _ => Some(m),
        })
    }

    /// The glide path's progress fraction on `date` (0 before the baseline, 1 after the target).
    #[must_use]
    pub fn expected_progress(&self, date: NaiveDate) -> f64 {
        let total = (self.target.date - self.baseline.date).num_days() as f64;
        let elapsed = (date - self.baseline.date).num_days() as f64;
        (elapsed / total).clamp(0.0, 1.0)
    }

    /// The glide path's value on `date`.
    #[must_use]
    pub fn expected_value(&self, date: NaiveDate) -> f64 {
        self.baseline.value + (self.target.value - self.baseline.value) * self.expected_progress(date)
    }

    /// Progress to target of `value` (direction-aware, see the module docs).
    #[must_use]
    pub fn progress_of(&self, value: f64) -> f64 {
        (value - self.baseline.value) / (self.target.value - self.baseline.value)
    }

    /// The derived figures on `as_of`.
    pub fn evaluate(&self, as_of: NaiveDate) -> Result<MetricEvaluation> {
        let latest = self.latest(as_of).cloned();
        let expected_progress = self.expected_progress(as_of);
        let progress = latest.as_ref().map(|m| self.progress_of(m.value));
        let status = match progress {
            None => MetricStatus::NoData,
            Some(p) if p >= expected_progress - ON_TRACK_TOLERANCE => MetricStatus::OnTrack,
            Some(p) if p >= expected_progress - AT_RISK_TOLERANCE => MetricStatus::AtRisk,
            Some(_) => MetricStatus::OffTrack,
        };
        let value_realised = match (&self.monetisation, &latest) {
            (Some(per_unit), Some(m)) => {
                let improvement = (m.value - self.baseline.value) * self.direction.sign();
                let units = decimal_from_f64(improvement)
                    .ok_or_else(|| Error::Overflow { context: format!("metric `{}` improvement", self.id) })?;
                Some(
                    per_unit
                        .checked_mul(units)
                        .map_err(|_| Error::Overflow { context: format!("metric `{}` value realised", self.id) })?
                        .round(),
                )
            }
            _ => None,
        };
        Ok(MetricEvaluation {
            id: self.id.clone(),
            name: self.name.clone(),
            latest,
            progress,
            expected_value: self.expected_value(as_of),
            expected_progress,
            status,
            value_realised,
        })
    }
}

fn finite(path: &str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::validation(path, format!("{v} is not a finite number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn lead_time() -> ValueMetric {
        // Lead time 20 days → 5 days over 2025 (lower is better), 1000 EUR per day saved.
        ValueMetric {
            id: "lead".into(),
            name: "Lead time".into(),
            unit: "days".into(),
            direction: Direction::LowerIsBetter,
            baseline: Observation { value: 20.0, date: d("2025-01-01") },
            target: Observation { value: 5.0, date: d("2026-01-01") },
            weight: 1.0,
            monetisation: Some(Money::parse("1000", "EUR").unwrap()),
            measurements: vec![
                Measurement { date: d("2025-04-01"), value: 17.0, note: String::new() },
                Measurement { date: d("2025-07-02"), value: 14.0, note: String::new() },
            ],
        }
    }

    #[test]
    fn lower_is_better_progress_and_status() {
        let m = lead_time();
        // 2025-07-02 is day 182 of 365: expected progress 182/365 = 0.4986, expected value
        // 20 − 15 × 0.4986 = 12.52. Latest 14 → progress (14−20)/(5−20) = 0.4: lagging by
        // 0.0986, between 0.05 and 0.20 → at risk. Value realised 6 days × 1000 = 6000.
        let e = m.evaluate(d("2025-07-02")).unwrap();
        assert!((e.progress.unwrap() - 0.4).abs() < 1e-12);
        assert!((e.expected_progress - 182.0 / 365.0).abs() < 1e-12);
        assert!((e.expected_value - (20.0 - 15.0 * 182.0 / 365.0)).abs() < 1e-12);
        assert_eq!(e.status, MetricStatus::AtRisk);
        assert_eq!(e.value_realised.unwrap().amount().to_string(), "6000.00");
        assert_eq!(m.evaluate(d("2025-03-01")).unwrap().status, MetricStatus::NoData);
    }

    #[test]
    fn target_must_be_on_the_better_side() {
        let mut m = lead_time();
        m.target.value = 25.0;
        let e = m.validate(Currency::new("EUR").unwrap()).unwrap_err();
        assert_eq!(e.path(), Some("target.value"));
        m.target.value = f64::NAN;
        assert_eq!(m.validate(Currency::new("EUR").unwrap()).unwrap_err().path(), Some("target.value"));
    }
}
