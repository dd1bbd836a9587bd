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

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::finance;
use crate::money::{Currency, Money};

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
    fn roi(&self) -> Option<f64> {
        let cost = self.cost.to_f64();
        (cost > 0.0).then(|| self.net.to_f64() / cost)
    }
}

/// Exact running sums of costs and benefits (positive magnitudes).
#[derive(Clone, Copy, Default)]
struct Sums {
    cost: Decimal,
    benefit: Decimal,
}

impl Sums {
    fn add(&mut self, kind: LineItemKind, amount: Decimal) -> Result<()> {
        let slot = if kind.is_benefit() { &mut self.benefit } else { &mut self.cost };
        *slot = slot.checked_add(amount).ok_or_else(|| Error::Overflow { context: "totals".to_owned() })?;
        Ok(())
    }

    fn plus(self, other: Sums) -> Result<Sums> {
        let overflow = || Error::Overflow { context: "totals".to_owned() };
        Ok(Sums {
            cost: self.cost.checked_add(other.cost).ok_or_else(overflow)?,
            benefit: self.benefit.checked_add(other.benefit).ok_or_else(overflow)?,
        })
    }

    fn totals(self, currency: Currency) -> Result<Totals> {
        let net =
            self.benefit.checked_sub(self.cost).ok_or_else(|| Error::Overflow { context: "totals".to_owned() })?;
        Ok(Totals {
            cost: Money::new(self.cost, currency),
            benefit: Money::new(self.benefit, currency),
            net: Money::new(net, currency),
        })
    }
}

/// Planned flows summed per date: the unit of discounting, IRR and payback.
struct DateFlows {
    date: NaiveDate,
    net: f64,
    benefit: f64,
    cost: f64,
    capex: f64,
}

/// A run of one line item's occurrences with the same amount.
struct Run {
    amount: Decimal,
    value: f64,
    to_date: u32,
    after: u32,
}

impl Run {
    /// Adds `amount × count` to the planned sums before and after the evaluation date.
    fn flush(&self, kind: LineItemKind, to_date: &mut Sums, after: &mut Sums) -> Result<()> {
        let times = |n: u32| {
            self.amount.checked_mul(Decimal::from(n)).ok_or_else(|| Error::Overflow { context: "totals".to_owned() })
        };
        to_date.add(kind, times(self.to_date)?)?;
        after.add(kind, times(self.after)?)
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
        self.evaluate_with_present_values(as_of).map(|(e, _)| e)
    }

    /// The evaluation and the unrounded present values of planned benefits and costs,
    /// for figures derived from them (risk adjustment, scenarios).
    pub(crate) fn evaluate_with_present_values(&self, as_of: NaiveDate) -> Result<(Evaluation, PresentValues)> {
        self.evaluate_inner(as_of, true)
    }

    /// The evaluation without the IRR search (`irr` is `None`), for roll-ups that do not
    /// report it.
    pub(crate) fn evaluate_without_irr(&self, as_of: NaiveDate) -> Result<Evaluation> {
        self.evaluate_inner(as_of, false).map(|(e, _)| e)
    }

    fn evaluate_inner(&self, as_of: NaiveDate, with_irr: bool) -> Result<(Evaluation, PresentValues)> {
        let d = self.data();
        let currency = d.currency;

        // One pass per line item. Totals stay exact: an item's amount is constant within
        // a year, so each run of equal amounts adds `amount × count` once. Discounting,
        // IRR and payback work in f64 on the flows summed per date.
        let mut occurrences: Vec<(NaiveDate, LineItemKind, f64)> = Vec::new();
        let (mut planned_to_date, mut planned_after) = (Sums::default(), Sums::default());
        for item in &d.line_items {
            let mut run = Run { amount: Decimal::ZERO, value: 0.0, to_date: 0, after: 0 };
            let mut failed: Result<()> = Ok(());
            item.for_each_occurrence(|date, amount| {
                if amount.amount() != run.amount {
                    if failed.is_ok() {
                        failed = run.flush(item.kind, &mut planned_to_date, &mut planned_after);
                    }
                    run = Run { amount: amount.amount(), value: amount.to_f64(), to_date: 0, after: 0 };
                }
                if date <= as_of {
                    run.to_date += 1;
                } else {
                    run.after += 1;
                }
                occurrences.push((date, item.kind, run.value));
            })?;
            failed?;
            run.flush(item.kind, &mut planned_to_date, &mut planned_after)?;
        }
        sort_by_date(&mut occurrences, d.start_date);
        let mut by_date: Vec<DateFlows> = Vec::new();
        for (date, kind, amount) in occurrences {
            if by_date.last().is_none_or(|f| f.date != date) {
                by_date.push(DateFlows { date, net: 0.0, benefit: 0.0, cost: 0.0, capex: 0.0 });
            }
            if let Some(f) = by_date.last_mut() {
                if kind.is_benefit() {
                    f.benefit += amount;
                    f.net += amount;
                } else {
                    f.cost += amount;
                    f.net -= amount;
                    if kind == LineItemKind::Capex {
                        f.capex += amount;
                    }
                }
            }
        }

        let mut actual = Sums::default();
        for item in &d.line_items {
            for a in item.actuals.iter().filter(|a| a.date <= as_of) {
                actual.add(item.kind, a.amount.amount())?;
            }
        }
        let planned = planned_to_date.plus(planned_after)?;
        let forecast = actual.plus(planned_after)?;
        let (planned, planned_to_date) = (planned.totals(currency)?, planned_to_date.totals(currency)?);
        let (actual_to_date, forecast_at_completion) = (actual.totals(currency)?, forecast.totals(currency)?);

        // Discounting per date: one year fraction and one power per distinct date.
        let times: Vec<f64> = by_date.iter().map(|f| d.day_count.year_fraction(d.start_date, f.date)).collect();
        let nets: Vec<f64> = by_date.iter().map(|f| f.net).collect();
        let factors: Vec<f64> = times.iter().map(|t| (1.0 + d.discount_rate).powf(-t)).collect();
        let (mut pv_benefits, mut pv_costs, mut pv_capex) = (0.0, 0.0, 0.0);
        for (f, df) in by_date.iter().zip(&factors) {
            pv_benefits += f.benefit * df;
            pv_costs += f.cost * df;
            pv_capex += f.capex * df;
        }
        let npv_value = pv_benefits - pv_costs;
        let money = |v: f64, what: &str| Money::from_f64_rounded(v, currency, what);
        let discounted: Vec<f64> = nets.iter().zip(&factors).map(|(n, df)| n * df).collect();

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

        let evaluation = Evaluation {
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
            // No root (or flows of one sign) means no IRR: `None`, not an error.
            irr: if with_irr { finance::irr_of_times(&nets, &times, None).ok() } else { None },
            payback_years: payback_years(d.start_date, &by_date, &nets),
            discounted_payback_years: payback_years(d.start_date, &by_date, &discounted),
            benefit_cost_ratio: (pv_costs > 0.0).then(|| pv_benefits / pv_costs),
            profitability_index: (pv_capex > 0.0).then(|| (npv_value + pv_capex) / pv_capex),
            value_realised,
            metrics,
            planned,
            planned_to_date,
            actual_to_date,
            forecast_at_completion,
        };
        Ok((evaluation, PresentValues { benefits: pv_benefits, costs: pv_costs }))
    }
}

/// Unrounded present values of planned benefits and costs at the project's rate.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PresentValues {
    pub benefits: f64,
    pub costs: f64,
}

/// Sorts occurrences by date: a counting sort on the month (every planned date lies
/// within the horizon), then a small sort within each month. Linear, where a general
/// sort of a 10-year monthly project's thousand flows dominated evaluation.
fn sort_by_date(occurrences: &mut Vec<(NaiveDate, LineItemKind, f64)>, start: NaiveDate) {
    let month_of = |date: NaiveDate| -> usize {
        let months = (date.year() - start.year()) * 12 + date.month() as i32 - start.month() as i32;
        usize::try_from(months).unwrap_or(0)
    };
    let months = occurrences.iter().map(|o| month_of(o.0)).max().map_or(0, |m| m + 1);
    let mut starts = vec![0_usize; months + 1];
    for o in occurrences.iter() {
        starts[month_of(o.0) + 1] += 1;
    }
    for m in 0..months {
        starts[m + 1] += starts[m];
    }
    let mut next = starts.clone();
    let mut sorted = vec![(start, LineItemKind::Capex, 0.0); occurrences.len()];
    for &o in occurrences.iter() {
        let slot = &mut next[month_of(o.0)];
        sorted[*slot] = o;
        *slot += 1;
    }
    for m in 0..months {
        sorted[starts[m]..starts[m + 1]].sort_unstable_by_key(|o| o.0);
    }
    *occurrences = sorted;
}

/// Payback in years (see the module docs) of `values`, the net flow on each date of
/// `flows` (plain for simple payback, discounted for discounted payback).
fn payback_years(start: NaiveDate, flows: &[DateFlows], values: &[f64]) -> Option<f64> {
    // Net flow per year index; flows are sorted by date.
    let mut nets: Vec<f64> = vec![0.0];
    let mut year_end = start;
    for (f, value) in flows.iter().zip(values) {
        while f.date > year_end {
            year_end = start.checked_add_months(Months::new(12 * nets.len() as u32))?;
            nets.push(0.0);
        }
        let last = nets.len() - 1;
        nets[last] += value;
    }
    payback_from_yearly_nets(&nets)
}

/// Payback in years of net flows per year index (index 0: on the start date; index `k`:
/// after year `k − 1` up to year `k`), interpolated linearly within the year in which the
/// cumulative position turns non-negative for good; `None` when it ends negative.
pub(crate) fn payback_from_yearly_nets(nets: &[f64]) -> Option<f64> {
    let scale: f64 = nets.iter().map(|v| v.abs()).sum::<f64>().max(f64::MIN_POSITIVE);
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
