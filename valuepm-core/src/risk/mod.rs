//! Risk-adjusted value: the expected monetary value (EMV) of the risk register,
//! risk-adjusted NPV and ROI, a risk-adjusted discount rate, and scenarios.
//!
//! **EMV of one risk** (PMBOK 11.4, quantitative risk analysis):
//! - gross: `probability × cost_impact`;
//! - net of mitigation, once the response is adopted (status `mitigating`):
//!   `residual_probability × residual_cost_impact + mitigation_cost` (the residuals
//!   default to the unmitigated values); while `open` (no response adopted yet) net =
//!   gross and the mitigation cost is not spent;
//! - a `closed` risk has no exposure (0); an `occurred` risk counts in full (probability 1,
//!   no mitigation left to buy).
//!
//! **Risk-adjusted figures** charge each risk's net EMV as a cost on its `expected_date`
//! (the project start when absent: a contingency held from the outset):
//! risk-adjusted NPV = NPV − Σ `net_emv_i` · (1 + r)^(−`t_i`); risk-adjusted ROI =
//! (B − C − EMV) / (C + EMV) with undiscounted planned totals. The **risk-adjusted
//! discount rate** is the project's rate plus a premium; the NPV at that rate is reported
//! beside it. **Scenarios** scale planned benefits and costs by factors and weigh the
//! resulting NPVs by their probabilities, which must sum to 1.
//!
//! [`Distribution`] holds the uncertain inputs' distributions and their deterministic,
//! portable sampling (the base of Monte Carlo simulation).

mod correlation;
mod distribution;
mod simulation;
mod summary;

pub use correlation::CorrelationMatrix;
pub use distribution::{normal_cdf, normal_quantile, Distribution, SampleStream};
pub use simulation::{
    InputSensitivity, InputTarget, SimulationLimits, SimulationResult, SimulationSpec, UncertainInput, CHUNK,
    MAX_INPUTS, MAX_ITERATIONS,
};
pub use summary::{percentile_sorted, probability_at_least, summarise, Summary};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Project, Risk, RiskStatus};
use crate::money::Money;

/// The exposure of one risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskEmv {
    /// The risk's id.
    pub id: String,
    /// Its status.
    pub status: RiskStatus,
    /// `probability × cost_impact` (0 when closed, the full impact once occurred).
    pub gross_emv: Money,
    /// Residual exposure plus the mitigation cost.
    pub net_emv: Money,
    /// When its cost is charged in the risk-adjusted flows.
    pub date: NaiveDate,
}

/// A scenario: planned benefits and costs scaled by factors, with a probability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Name, e.g. `worst`.
    pub name: String,
    /// Probability, 0..=1; a set of scenarios sums to 1.
    pub probability: f64,
    /// Multiplies every planned benefit (1 = as planned).
    #[serde(default = "one")]
    pub benefit_factor: f64,
    /// Multiplies every planned cost (1 = as planned).
    #[serde(default = "one")]
    pub cost_factor: f64,
}

fn one() -> f64 {
    1.0
}

/// One scenario's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// The scenario's name.
    pub name: String,
    /// Its probability.
    pub probability: f64,
    /// Its NPV.
    pub npv: Money,
}

/// Risk-adjusted value of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskAdjustment {
    /// Each risk's exposure, in register order.
    pub risks: Vec<RiskEmv>,
    /// Sum of gross EMVs.
    pub gross_emv: Money,
    /// Sum of net EMVs.
    pub net_emv: Money,
    /// NPV at the project's rate, without risk.
    pub npv: Money,
    /// NPV less the present value of the net EMVs.
    pub risk_adjusted_npv: Money,
    /// (B − C − net EMV) / (C + net EMV); `None` without cost.
    pub risk_adjusted_roi: Option<f64>,
    /// The project's rate plus the premium.
    pub risk_adjusted_rate: f64,
    /// NPV at the risk-adjusted rate.
    pub npv_at_risk_adjusted_rate: Money,
    /// Each scenario's NPV.
    pub scenarios: Vec<ScenarioResult>,
    /// Probability-weighted NPV of the scenarios; `None` without scenarios.
    pub expected_npv: Option<Money>,
}

impl Risk {
    /// `(gross, net)` EMV of the risk (see the module docs).
    pub fn emv(&self) -> Result<(Money, Money)> {
        let currency = self.cost_impact.currency();
        let times = |m: &Money, p: f64, what: &str| Money::from_f64_rounded(m.to_f64() * p, currency, what);
        match self.status {
            RiskStatus::Closed => Ok((Money::zero(currency), Money::zero(currency))),
            RiskStatus::Occurred => Ok((self.cost_impact, self.cost_impact)),
            RiskStatus::Open => {
                let gross = times(&self.cost_impact, self.probability, "gross_emv")?;
                Ok((gross, gross))
            }
            RiskStatus::Mitigating => {
                let gross = times(&self.cost_impact, self.probability, "gross_emv")?;
                let residual_impact = self.residual_cost_impact.unwrap_or(self.cost_impact);
                let residual =
                    times(&residual_impact, self.residual_probability.unwrap_or(self.probability), "net_emv")?;
                Ok((gross, residual.checked_add(&self.mitigation_cost)?))
            }
        }
    }
}

impl Project {
    /// Risk-adjusted value on `as_of` with a discount-rate `premium` (e.g. 0.03) and
    /// optional scenarios.
    pub fn risk_adjusted(&self, as_of: NaiveDate, premium: f64, scenarios: &[Scenario]) -> Result<RiskAdjustment> {
        let d = self.data();
        let currency = d.currency;
        if !(premium.is_finite() && d.discount_rate + premium > -1.0) {
            return Err(Error::validation("premium", format!("{premium} must keep the rate finite and above -1")));
        }
        validate_scenarios(scenarios)?;

        let (evaluation, pv) = self.evaluate_with_present_values(as_of)?;
        let mut risks = Vec::with_capacity(d.risks.len());
        let (mut gross_emv, mut net_emv) = (Money::zero(currency), Money::zero(currency));
        let mut pv_emv = 0.0;
        for risk in &d.risks {
            let (gross, net) = risk.emv()?;
            let date = risk.expected_date.unwrap_or(d.start_date);
            pv_emv += net.to_f64() * (1.0 + d.discount_rate).powf(-d.day_count.year_fraction(d.start_date, date));
            gross_emv = gross_emv.checked_add(&gross)?;
            net_emv = net_emv.checked_add(&net)?;
            risks.push(RiskEmv { id: risk.id.clone(), status: risk.status, gross_emv: gross, net_emv: net, date });
        }
        let money = |v: f64, what: &str| Money::from_f64_rounded(v, currency, what);
        let npv_raw = pv.benefits - pv.costs;

        let cost = evaluation.planned.cost.checked_add(&net_emv)?;
        let net = evaluation.planned.net.checked_sub(&net_emv)?;
        let risk_adjusted_roi = (cost.to_f64() > 0.0).then(|| net.to_f64() / cost.to_f64());

        // A copy at the higher rate, made from the data: no audit trail to copy or extend.
        let mut at_premium = self.data().clone();
        at_premium.discount_rate += premium;
        let npv_at_risk_adjusted_rate = Project::from_data(at_premium)?.evaluate(as_of)?.npv;

        let (pvb, pvc) = (pv.benefits, pv.costs);
        let mut results = Vec::with_capacity(scenarios.len());
        let mut expected = 0.0;
        for s in scenarios {
            let npv = s.benefit_factor * pvb - s.cost_factor * pvc;
            expected += s.probability * npv;
            results.push(ScenarioResult {
                name: s.name.clone(),
                probability: s.probability,
                npv: money(npv, "scenario npv")?,
            });
        }

        Ok(RiskAdjustment {
            risks,
            gross_emv,
            net_emv,
            npv: evaluation.npv,
            risk_adjusted_npv: money(npv_raw - pv_emv, "risk_adjusted_npv")?,
            risk_adjusted_roi,
            risk_adjusted_rate: d.discount_rate + premium,
            npv_at_risk_adjusted_rate,
            expected_npv: if scenarios.is_empty() { None } else { Some(money(expected, "expected_npv")?) },
            scenarios: results,
        })
    }
}

fn validate_scenarios(scenarios: &[Scenario]) -> Result<()> {
    let mut total = 0.0;
    for (i, s) in scenarios.iter().enumerate() {
        let at = |field: &str| format!("scenarios[{i}].{field}");
        if s.name.trim().is_empty() {
            return Err(Error::validation(at("name"), "must not be empty"));
        }
        if !(0.0..=1.0).contains(&s.probability) {
            return Err(Error::validation(at("probability"), format!("{} must be between 0 and 1", s.probability)));
        }
        for (field, v) in [("benefit_factor", s.benefit_factor), ("cost_factor", s.cost_factor)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::validation(at(field), format!("{v} must be a finite factor ≥ 0")));
            }
        }
        total += s.probability;
    }
    if !scenarios.is_empty() && (total - 1.0).abs() > 1e-9 {
        return Err(Error::validation("scenarios", format!("probabilities sum to {total}, not 1")));
    }
    Ok(())
}
