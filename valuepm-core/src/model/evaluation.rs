//! Project evaluation on a date: totals, ROI, NPV, IRR, payback, benefit-cost ratio,
//! profitability index, value realised from KPIs, and planned vs actual vs forecast.
//!
//! Conventions (see `docs/formulas.md` for sources):
//! - **Totals** are exact sums of [`Money`]; costs and benefits are positive magnitudes.
//! - **ROI** = (planned benefit − planned cost) / planned cost, undiscounted.
//!   **Annualised ROI** = (1 + ROI)^(1 / years) − 1 over the horizon (start to the day
//!   after the end, in the project's day count).
//! - **NPV** = Σ flowᵢ · (1 + r)^(−tᵢ), tᵢ the year fraction from the project start in
//!   the project's day count, rounded to the minor unit. **BCR** = PV(benefits) / PV(costs).
//!   **Profitability index** = (NPV + PV(capex)) / PV(capex), the textbook "present value
//!   of future cash flows per unit of initial investment".
//! - **IRR** is the rate that makes that NPV zero (XIRR-style on the project's dates).
//! - **Payback** (simple and discounted) counts years from the start. Flows on or before
//!   the start are year 0; a flow in (start + (k−1) years, start + k years] belongs to
//!   year k and is taken as spread evenly over it, so the cumulative position is
//!   interpolated linearly within the year it turns non-negative (the textbook rule:
//!   −1000 then 400 a year pays back in 2.5 years). Payback is the last such crossing
//!   after which the position stays non-negative; `None` means not within the horizon.
//! - **Forecast at completion** = actuals to date + planned amounts after the date.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::finance;
use crate::money::{Currency, Money};

use super::cashflow::CashFlow;
use super::lifecycle::LifecycleState;
use super::line_item::LineItemKind;
use super::metric::MetricEvaluation;
use super::project::Project;

/// Cost, benefit and net of a set of flows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Costs (a positive magnitude).
    pub cost: Money,
    /// Benefits.
    pub benefit: Money,
    /// Benefit − cost.
    pub net: Money,
}

impl Totals {
    fn of<'a>(currency: Currency, flows: impl IntoIterator<Item = &'a CashFlow>) -> Result<Totals> {
        let mut cost = Money::zero(currency);
        let mut benefit = Money::zero(currency);
        for f in flows {
            if f.kind.is_benefit() {
                benefit = benefit.checked_add(&f.amount)?;
            } else {
                cost = cost.checked_sub(&f.amount)?;
            }
        }
        Ok(Totals { cost, benefit, net: benefit.checked_sub(&cost)? })
    }

    fn plus(&self, other: &Totals) -> Result<Totals> {
        Ok(Totals {
            cost: self.cost.checked_add(&other.cost)?,
            benefit: self.benefit.checked_add(&other.benefit)?,
            net: self.net.checked_add(&other.net)?,
        })
    }

    fn roi(&self) -> Option<f64> {
        let cost = self.cost.to_f64();
        (cost > 0.0).then(|| self.net.to_f64() / cost)
    }
}

/// A project's figures on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The project's id.
    pub project_id: String,
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// Currency of every amount.
    pub currency: Currency,
    /// Lifecycle state.
    pub state: LifecycleState,
    /// Planned totals over the whole horizon.
    pub planned: Totals,
    /// Planned totals up to and including `as_of`.
    pub planned_to_date: Totals,
    /// Actual totals up to and including `as_of`.
    pub actual_to_date: Totals,
    /// Actuals to date plus planned amounts after `as_of`.
    pub forecast_at_completion: Totals,
    /// Planned cost to date − actual cost to date (positive: under budget).
    pub cost_variance_to_date: Money,
    /// Actual benefit to date − planned benefit to date (positive: ahead).
    pub benefit_variance_to_date: Money,
    /// Planned ROI; `None` without planned cost.
    pub roi: Option<f64>,
    /// Planned ROI per year over the horizon; `None` when ROI is `None` or ≤ −100%.
    pub annualised_roi: Option<f64>,
    /// ROI of the forecast at completion.
    pub forecast_roi: Option<f64>,
    /// Net present value of the planned flows at the project's rate.
    pub npv: Money,
    /// Present value of planned benefits.
    pub present_value_benefits: Money,
    /// Present value of planned costs.
    pub present_value_costs: Money,
    /// Internal rate of return of the planned flows; `None` when none exists.
    pub irr: Option<f64>,
    /// Simple payback in years from the start; `None`: not within the horizon.
    pub payback_years: Option<f64>,
    /// Discounted payback in years; `None`: not within the horizon.
    pub discounted_payback_years: Option<f64>,
    /// PV(benefits) / PV(costs); `None` without costs.
    pub benefit_cost_ratio: Option<f64>,
    /// (NPV + PV(capex)) / PV(capex); `None` without capex.
    pub profitability_index: Option<f64>,
    /// Money value realised by the monetised KPIs so far.
    pub value_realised: Money,
    /// Each KPI's figures.
    pub metrics: Vec<MetricEvaluation>,
}

impl Project {
    /// Evaluates the project on `as_of`.
    pub fn evaluate(&self, as_of: NaiveDate) -> Result<Evaluation> {
        let d = self.data();
        let currency = d.currency;
        let planned_flows = self.planned_flows()?;
        let actual_flows = self.actual_flows(Some(as_of));

        let planned = Totals::of(currency, &planned_flows)?;
        let planned_to_date = Totals::of(currency, planned_flows.iter().filter(|f| f.date <= as_of))?;
        let planned_after = Totals::of(currency, planned_flows.iter().filter(|f| f.date > as_of))?;
        let actual_to_date = Totals::of(currency, &actual_flows)?;
        let forecast_at_completion = actual_to_date.plus(&planned_after)?;

        let times: Vec<f64> = planned_flows.iter().map(|f| d.day_count.year_fraction(d.start_date, f.date)).collect();
        let base = 1.0 + d.discount_rate;
        let discount = |t: f64| base.powf(-t);
        let (mut pv_benefits, mut pv_costs, mut pv_capex) = (0.0, 0.0, 0.0);
        for (f, &t) in planned_flows.iter().zip(&times) {
            let pv = f.amount.to_f64() * discount(t);
            if f.kind.is_benefit() {
                pv_benefits += pv;
            } else {
                pv_costs -= pv;
                if f.kind == LineItemKind::Capex {
                    pv_capex -= pv;
                }
            }
        }
        let npv_value = pv_benefits - pv_costs;
        let money = |v: f64, what: &str| Money::from_f64_rounded(v, currency, what);

        let roi = planned.roi();
        let years = d.day_count.year_fraction(d.start_date, d.end_date.succ_opt().unwrap_or(d.end_date));
        let annualised_roi = roi.filter(|r| *r > -1.0 && years > 0.0).map(|r| (1.0 + r).powf(1.0 / years) - 1.0);

        let mut metrics = Vec::with_capacity(d.metrics.len());
        let mut value_realised = Money::zero(currency);
        for m in &d.metrics {
            let e = m.evaluate(as_of)?;
            if let Some(v) = &e.value_realised {
                value_realised = value_realised.checked_add(v)?;
            }
            metrics.push(e);
        }

        Ok(Evaluation {
            project_id: d.id.clone(),
            as_of,
            currency,
            state: d.state,
            cost_variance_to_date: planned_to_date.cost.checked_sub(&actual_to_date.cost)?,
            benefit_variance_to_date: actual_to_date.benefit.checked_sub(&planned_to_date.benefit)?,
            roi,
            annualised_roi,
            forecast_roi: forecast_at_completion.roi(),
            npv: money(npv_value, "npv")?,
            present_value_benefits: money(pv_benefits, "present_value_benefits")?,
            present_value_costs: money(pv_costs, "present_value_costs")?,
            irr: project_irr(&planned_flows, &times),
            payback_years: payback_years(d.start_date, &planned_flows, |_| 1.0),
            discounted_payback_years: payback_years(d.start_date, &planned_flows, |date| {
                discount(d.day_count.year_fraction(d.start_date, date))
            }),
            benefit_cost_ratio: (pv_costs > 0.0).then(|| pv_benefits / pv_costs),
            profitability_index: (pv_capex > 0.0).then(|| (npv_value + pv_capex) / pv_capex),
            value_realised,
            metrics,
            planned,
            planned_to_date,
            actual_to_date,
            forecast_at_completion,
        })
    }
}

/// IRR of planned flows at their year fractions; `None` when no root exists or the
/// flows do not change sign.
fn project_irr(flows: &[CashFlow], times: &[f64]) -> Option<f64> {
    let values: Vec<f64> = flows.iter().map(|f| f.amount.to_f64()).collect();
    finance::irr_of_times(&values, times, None).ok()
}

/// Payback in years (see the module docs); `weight(date)` is 1 for simple payback and
/// the discount factor for discounted payback.
fn payback_years(start: NaiveDate, flows: &[CashFlow], weight: impl Fn(NaiveDate) -> f64) -> Option<f64> {
    // Net flow per year index; flows are sorted by date.
    let mut nets: Vec<f64> = vec![0.0];
    let mut year_end = start;
    for f in flows {
        while f.date > year_end {
            year_end = start.checked_add_months(Months::new(12 * nets.len() as u32))?;
            nets.push(0.0);
        }
        let last = nets.len() - 1;
        nets[last] += f.amount.to_f64() * weight(f.date);
    }
    let scale: f64 = flows.iter().map(|f| f.amount.to_f64().abs()).sum::<f64>().max(f64::MIN_POSITIVE);
    // Cumulative positions within 1e-12 of the flow scale count as zero (paid back).
    let eps = 1e-12 * scale;
    let mut cumulative = 0.0;
    let mut payback = Some(0.0);
    for (k, net) in nets.iter().enumerate() {
        let before = cumulative;
        cumulative += net;
        if cumulative < -eps {
            payback = None;
        } else if before < -eps {
            payback = Some(if k == 0 { 0.0 } else { (k - 1) as f64 + (-before / net).clamp(0.0, 1.0) });
        }
    }
    payback
}
