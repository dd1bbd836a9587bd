//! Risk register entries. The model and its validation live here; risk analytics
//! (expected monetary value, simulation) build on them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, Money};

/// Where a risk stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    /// Identified, no response yet.
    #[default]
    Open,
    /// A response is in progress.
    Mitigating,
    /// No longer a threat.
    Closed,
    /// It happened.
    Occurred,
}

/// One entry of a project's risk register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Identifier, unique within the project.
    pub id: String,
    /// What could happen.
    pub description: String,
    /// Probability of occurring, 0..=1.
    pub probability: f64,
    /// Cost if it occurs (not negative).
    pub cost_impact: Money,
    /// Delay if it occurs, in days (not negative).
    #[serde(default)]
    pub schedule_impact_days: u32,
    /// Status.
    #[serde(default)]
    pub status: RiskStatus,
    /// Cost of the planned mitigation (not negative).
    pub mitigation_cost: Money,
    /// Probability once mitigated (default: `probability`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_probability: Option<f64>,
    /// Cost impact once mitigated (default: `cost_impact`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_cost_impact: Option<Money>,
    /// When the cost would fall due, for risk-adjusted cash flows (default: the project start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_date: Option<NaiveDate>,
    /// Who owns the response.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
}

impl Risk {
    /// Validates the entry; paths are relative to the entry.
    pub fn validate(&self, currency: Currency) -> Result<()> {
        if self.id.trim().is_empty() {
            return Err(Error::validation("id", "must not be empty"));
        }
        if self.description.trim().is_empty() {
            return Err(Error::validation("description", "must not be empty"));
        }
        if !(0.0..=1.0).contains(&self.probability) {
            return Err(Error::validation("probability", format!("{} must be between 0 and 1", self.probability)));
        }
        if let Some(p) = self.residual_probability {
            if !(0.0..=1.0).contains(&p) {
                return Err(Error::validation("residual_probability", format!("{p} must be between 0 and 1")));
            }
        }
        let residual = self.residual_cost_impact.as_ref().map(|m| ("residual_cost_impact", m));
        for (path, m) in
            [("cost_impact", &self.cost_impact), ("mitigation_cost", &self.mitigation_cost)].into_iter().chain(residual)
        {
            m.expect_currency(currency, path)?;
            if m.is_negative() {
                return Err(Error::validation(path, format!("{} must not be negative", m.amount())));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_must_be_a_probability() {
        let eur = Currency::new("EUR").unwrap();
        let mut r = Risk {
            id: "r1".into(),
            description: "Vendor delay".into(),
            probability: 0.3,
            cost_impact: Money::parse("50000", "EUR").unwrap(),
            schedule_impact_days: 30,
            status: RiskStatus::Open,
            mitigation_cost: Money::parse("5000", "EUR").unwrap(),
            residual_probability: None,
            residual_cost_impact: None,
            expected_date: None,
            owner: String::new(),
        };
        assert!(r.validate(eur).is_ok());
        r.probability = 1.5;
        assert_eq!(r.validate(eur).unwrap_err().path(), Some("probability"));
        r.probability = f64::NAN;
        assert_eq!(r.validate(eur).unwrap_err().path(), Some("probability"));
    }
}
