//! Cash-flow schedules: line items turned into dated flows, and dated flows summed into
//! calendar periods (month, quarter, year), planned and actual, exact in [`Money`].
//!
//! Flows are signed: costs are negative (outflows), benefits positive (inflows).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, Money};

use super::line_item::LineItemKind;
use super::project::Project;

/// Whether a flow is planned or actually happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From the line item's plan.
    Planned,
    /// From a recorded actual.
    Actual,
}

/// One dated, signed flow of one line item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CashFlow {
    /// When.
    pub date: NaiveDate,
    /// The line item it comes from.
    pub line_item_id: String,
    /// The line item's kind.
    pub kind: LineItemKind,
    /// Planned or actual.
    pub basis: Basis,
    /// Signed amount: negative for costs, positive for benefits.
    pub amount: Money,
}

/// A calendar period length for series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar months.
    Month,
    /// Calendar quarters (Jan–Mar, ...).
    Quarter,
    /// Calendar years.
    Year,
}

impl Period {
    /// The first day of the period containing `date`.
    #[must_use]
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        let month = match self {
            Period::Month => date.month(),
            Period::Quarter => (date.month() - 1) / 3 * 3 + 1,
            Period::Year => 1,
        };
        NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
    }

    fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }
}

/// Totals of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodTotals {
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// Planned costs (a positive magnitude).
    pub planned_cost: Money,
    /// Planned benefits.
    pub planned_benefit: Money,
    /// Planned benefit − cost.
    pub planned_net: Money,
    /// Actual costs (a positive magnitude).
    pub actual_cost: Money,
    /// Actual benefits.
    pub actual_benefit: Money,
    /// Actual benefit − cost.
    pub actual_net: Money,
    /// Planned net from the first period to this one.
    pub cumulative_planned_net: Money,
    /// Actual net from the first period to this one.
    pub cumulative_actual_net: Money,
}

/// A period series: consecutive periods from the earlier of the project start and the
/// first flow to the later of the project end and the last flow, empty periods included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CashFlowSeries {
    /// Period length.
    pub period: Period,
    /// Currency of every amount.
    pub currency: Currency,
    /// One row per period, in order.
    pub rows: Vec<PeriodTotals>,
}

/// Sorts flows by date, stably (one instantiation of the sort for both schedules).
fn sort_by_date(flows: &mut [CashFlow]) {
    flows.sort_by_key(|f| f.date);
}

fn overflow(context: &str) -> impl FnOnce(Error) -> Error + '_ {
    move |_| Error::Overflow { context: context.to_owned() }
}

impl Project {
    /// Every planned flow, in date order (ties keep line-item order).
    pub fn planned_flows(&self) -> Result<Vec<CashFlow>> {
        let mut flows = Vec::new();
        for item in &self.data().line_items {
            item.for_each_occurrence(|date, amount| {
                let amount = if item.kind.is_benefit() { *amount } else { amount.negated() };
                flows.push(CashFlow {
                    date,
                    line_item_id: item.id.clone(),
                    kind: item.kind,
                    basis: Basis::Planned,
                    amount,
                });
            })?;
        }
        sort_by_date(&mut flows);
        Ok(flows)
    }

    /// Every actual flow on or before `as_of` (all of them when `None`), in date order.
    #[must_use]
    pub fn actual_flows(&self, as_of: Option<NaiveDate>) -> Vec<CashFlow> {
        let mut flows: Vec<CashFlow> = self
            .data()
            .line_items
            .iter()
            .flat_map(|item| {
                item.actuals.iter().filter(move |a| as_of.is_none_or(|d| a.date <= d)).map(move |a| CashFlow {
                    date: a.date,
                    line_item_id: item.id.clone(),
                    kind: item.kind,
                    basis: Basis::Actual,
                    amount: if item.kind.is_benefit() { a.amount } else { a.amount.negated() },
                })
            })
            .collect();
        sort_by_date(&mut flows);
        flows
    }

    /// Planned and actual flows summed into calendar periods.
    pub fn cash_flow_series(&self, period: Period) -> Result<CashFlowSeries> {
        let currency = self.currency();
        let planned = self.planned_flows()?;
        let actual = self.actual_flows(None);
        let all = planned.iter().chain(actual.iter());
        let first = all.clone().map(|f| f.date).min().map_or(self.data().start_date, |d| d.min(self.data().start_date));
        let last = all.map(|f| f.date).max().map_or(self.data().end_date, |d| d.max(self.data().end_date));

        let zero = Money::zero(currency);
        let mut rows = Vec::new();
        let mut start = period.start_of(first);
        while start <= last {
            let next = start
                .checked_add_months(Months::new(period.months()))
                .ok_or_else(|| Error::Overflow { context: "cash-flow series dates".to_owned() })?;
            rows.push(PeriodTotals {
                start,
                end: next.pred_opt().unwrap_or(next),
                planned_cost: zero,
                planned_benefit: zero,
                planned_net: zero,
                actual_cost: zero,
                actual_benefit: zero,
                actual_net: zero,
                cumulative_planned_net: zero,
                cumulative_actual_net: zero,
            });
            start = next;
        }
        // Flows are sorted, so one forward walk assigns each to its row.
        for (flows, basis) in [(&planned, Basis::Planned), (&actual, Basis::Actual)] {
            let mut row = 0;
            for f in flows {
                while rows[row].end < f.date {
                    row += 1;
                }
                let r = &mut rows[row];
                let (cost, benefit, net) = match basis {
                    Basis::Planned => (&mut r.planned_cost, &mut r.planned_benefit, &mut r.planned_net),
                    Basis::Actual => (&mut r.actual_cost, &mut r.actual_benefit, &mut r.actual_net),
                };
                if f.kind.is_benefit() {
                    *benefit = benefit.checked_add(&f.amount).map_err(overflow("period benefit"))?;
                } else {
                    *cost = cost.checked_sub(&f.amount).map_err(overflow("period cost"))?;
                }
                *net = net.checked_add(&f.amount).map_err(overflow("period net"))?;
            }
        }
        let (mut cum_planned, mut cum_actual) = (zero, zero);
        for r in &mut rows {
            cum_planned = cum_planned.checked_add(&r.planned_net).map_err(overflow("cumulative net"))?;
            cum_actual = cum_actual.checked_add(&r.actual_net).map_err(overflow("cumulative net"))?;
            r.cumulative_planned_net = cum_planned;
            r.cumulative_actual_net = cum_actual;
        }
        Ok(CashFlowSeries { period, currency, rows })
    }
}
