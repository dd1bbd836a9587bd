//! Cost and benefit line items: what is planned (one-off or recurring amounts) and what
//! actually happened (actuals recorded on dates).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, Money};

/// What a line item is. Cost kinds are outflows, benefit kinds inflows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineItemKind {
    /// Capital expenditure (hardware, construction): the investment.
    Capex,
    /// Operating expenditure (hosting, maintenance, support).
    Opex,
    /// Staff and contractor time.
    Labour,
    /// Software licences and subscriptions.
    Licence,
    /// Any other cost.
    OtherCost,
    /// Reduced running cost.
    CostSaving,
    /// New or increased revenue.
    Revenue,
    /// A cost that would otherwise have been incurred (avoided fines, avoided outages).
    AvoidedCost,
    /// Any other monetised benefit.
    OtherBenefit,
}

impl LineItemKind {
    /// Whether the kind is a benefit (an inflow); otherwise it is a cost.
    #[must_use]
    pub const fn is_benefit(self) -> bool {
        matches!(
            self,
            LineItemKind::CostSaving | LineItemKind::Revenue | LineItemKind::AvoidedCost | LineItemKind::OtherBenefit
        )
    }
}

/// How often a recurring amount falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every twelve months.
    Yearly,
}

impl Frequency {
    /// Months between occurrences.
    #[must_use]
    pub const fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Yearly => 12,
        }
    }
}

/// When a line item's planned amounts fall due.
///
/// In documents a plan is one flat object with a `type` (`one_off` or `recurring`), so
/// that an invalid field inside it is reported at its own path
/// (`line_items[0].plan.amount.currency`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PlanDocument", into = "PlanDocument")]
pub enum Plan {
    /// One amount on one date.
    OneOff {
        /// Due date.
        date: NaiveDate,
        /// Amount (not negative; the kind gives the direction).
        amount: Money,
    },
    /// The same amount every period from `start` to `end` inclusive, escalated yearly.
    Recurring {
        /// How often.
        frequency: Frequency,
        /// First occurrence.
        start: NaiveDate,
        /// No occurrence after this date.
        end: NaiveDate,
        /// Amount per occurrence in the first year (not negative).
        amount: Money,
        /// Yearly escalation as a decimal fraction (`"0.03"` = 3% a year), applied to
        /// every occurrence from the start's anniversary on: an occurrence `k` whole
        /// years after `start` is `amount × (1 + escalation)^k`, rounded to the minor unit.
        escalation: Option<Decimal>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PlanType {
    OneOff,
    Recurring,
}

/// The flat document form of a [`Plan`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanDocument {
    #[serde(rename = "type")]
    kind: PlanType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    frequency: Option<Frequency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<NaiveDate>,
    amount: Money,
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    escalation: Option<Decimal>,
}

impl TryFrom<PlanDocument> for Plan {
    type Error = String;
    fn try_from(doc: PlanDocument) -> std::result::Result<Self, String> {
        let need = |field: &str| {
            format!("a {} plan needs `{field}`", if doc.kind == PlanType::OneOff { "one_off" } else { "recurring" })
        };
        let refuse = |field: &str| format!("a one_off plan has no `{field}`");
        match doc.kind {
            PlanType::OneOff => {
                if doc.frequency.is_some() {
                    return Err(refuse("frequency"));
                }
                if doc.start.is_some() || doc.end.is_some() {
                    return Err(refuse(if doc.start.is_some() { "start" } else { "end" }));
                }
                if doc.escalation.is_some() {
                    return Err(refuse("escalation"));
                }
                Ok(Plan::OneOff { date: doc.date.ok_or_else(|| need("date"))?, amount: doc.amount })
            }
            PlanType::Recurring => {
                if doc.date.is_some() {
                    return Err("a recurring plan has `start` and `end`, not `date`".to_owned());
                }
                Ok(Plan::Recurring {
                    frequency: doc.frequency.ok_or_else(|| need("frequency"))?,
                    start: doc.start.ok_or_else(|| need("start"))?,
                    end: doc.end.ok_or_else(|| need("end"))?,
                    amount: doc.amount,
                    escalation: doc.escalation,
                })
            }
        }
    }
}

impl From<Plan> for PlanDocument {
    fn from(plan: Plan) -> Self {
        match plan {
            Plan::OneOff { date, amount } => PlanDocument {
                kind: PlanType::OneOff,
                date: Some(date),
                frequency: None,
                start: None,
                end: None,
                amount,
                escalation: None,
            },
            Plan::Recurring { frequency, start, end, amount, escalation } => PlanDocument {
                kind: PlanType::Recurring,
                date: None,
                frequency: Some(frequency),
                start: Some(start),
                end: Some(end),
                amount,
                escalation,
            },
        }
    }
}

/// An amount that actually happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    /// When it was paid or received.
    pub date: NaiveDate,
    /// The amount, in the kind's direction; a negative actual is a correction (a refund).
    pub amount: Money,
    /// Free text (invoice number, source).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A cost or benefit of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineItem {
    /// Identifier, unique within the project.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Cost or benefit kind.
    pub kind: LineItemKind,
    /// Free category for roll-ups (e.g. `hardware`, `cloud`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// What is planned.
    pub plan: Plan,
    /// What actually happened, in any order.
    #[serde(default)]
    pub actuals: Vec<Actual>,
}

/// Largest number of occurrences one recurring plan may produce (1,200 monthly = 100 years).
pub const MAX_OCCURRENCES: usize = 1200;

impl LineItem {
    /// A line item with a one-off plan.
    #[must_use]
    pub fn one_off(id: &str, name: &str, kind: LineItemKind, date: NaiveDate, amount: Money) -> Self {
        LineItem {
            id: id.to_owned(),
            name: name.to_owned(),
            kind,
            category: String::new(),
            plan: Plan::OneOff { date, amount },
            actuals: Vec::new(),
        }
    }

    /// A line item with a recurring plan and no escalation.
    #[must_use]
    pub fn recurring(
        id: &str,
        name: &str,
        kind: LineItemKind,
        frequency: Frequency,
        start: NaiveDate,
        end: NaiveDate,
        amount: Money,
    ) -> Self {
        LineItem {
            id: id.to_owned(),
            name: name.to_owned(),
            kind,
            category: String::new(),
            plan: Plan::Recurring { frequency, start, end, amount, escalation: None },
            actuals: Vec::new(),
        }
    }

    /// Validates the item against the project's currency; paths are relative to the item.
    pub fn validate(&self, currency: Currency) -> Result<()> {
        if self.id.trim().is_empty() {
            return Err(Error::validation("id", "must not be empty"));
        }
        if self.name.trim().is_empty() {
            return Err(Error::validation("name", "must not be empty"));
        }
        let check_money = |path: &str, m: &Money, allow_negative: bool| -> Result<()> {
            m.expect_currency(currency, path)?;
            if !allow_negative && m.is_negative() {
                return Err(Error::validation(path, format!("planned amounts are not negative, got {}", m.amount())));
            }
            Ok(())
        };
        match &self.plan {
            Plan::OneOff { amount, .. } => check_money("plan.amount", amount, false)?,
            Plan::Recurring { start, end, amount, escalation, frequency } => {
                check_money("plan.amount", amount, false)?;
                if end < start {
                    return Err(Error::validation("plan.end", format!("{end} is before plan.start {start}")));
                }
                if let Some(e) = escalation {
                    if *e <= Decimal::NEGATIVE_ONE || *e > Decimal::TEN {
                        return Err(Error::validation(
                            "plan.escalation",
                            format!("{e} must be above -1 and at most 10"),
                        ));
                    }
                }
                let months = months_between(*start, *end);
                if months / frequency.months() as usize + 1 > MAX_OCCURRENCES {
                    return Err(Error::validation(
                        "plan.end",
                        format!("{start}..{end} makes more than {MAX_OCCURRENCES} occurrences"),
                    ));
                }
            }
        }
        for (i, a) in self.actuals.iter().enumerate() {
            check_money(&format!("actuals[{i}].amount"), &a.amount, true)?;
        }
        Ok(())
    }

    /// The planned occurrences as `(date, amount)`, in date order, amounts positive
    /// magnitudes rounded to the minor unit. Assumes the item is valid.
    pub fn planned_occurrences(&self) -> Result<Vec<(NaiveDate, Money)>> {
        let mut out = Vec::new();
        self.for_each_occurrence(|date, amount| out.push((date, *amount)))?;
        Ok(out)
    }

    /// Calls `visit` with each planned occurrence in date order (see
    /// [`LineItem::planned_occurrences`]), without allocating.
    pub(crate) fn for_each_occurrence(&self, mut visit: impl FnMut(NaiveDate, &Money)) -> Result<()> {
        match &self.plan {
            Plan::OneOff { date, amount } => visit(*date, amount),
            Plan::Recurring { frequency, start, end, amount, escalation } => {
                let step = frequency.months();
                // Escalate the exact amount and round each year's amount once, so
                // rounding never compounds from one year to the next.
                let mut exact = *amount;
                let mut rounded = amount.round();
                let mut year = 0_u32;
                let (start_year, start_month0, day) = (start.year(), start.month0(), start.day());
                for k in 0..MAX_OCCURRENCES as u32 {
                    let months = k * step;
                    // Counting from the start each time keeps month-end dates stable
                    // (31 Jan, 28 Feb, 31 Mar, ...).
                    let Some(date) = month_offset(start_year, start_month0, day, months) else { break };
                    if date > *end {
                        break;
                    }
                    if let Some(rate) = escalation {
                        if year < months / 12 {
                            while year < months / 12 {
                                exact = amount_escalated(&exact, *rate, &self.id)?;
                                year += 1;
                            }
                            rounded = exact.round();
                        }
                    }
                    visit(date, &rounded);
                }
            }
        }
        Ok(())
    }
}

/// The date `months` months after (`year`, `month0` + 1, `day`), the day clamped to the
/// month's length (chrono's `checked_add_months` rule, without its general machinery).
fn month_offset(year: i32, month0: u32, day: u32, months: u32) -> Option<NaiveDate> {
    let total = month0 + months;
    let y = year.checked_add(i32::try_from(total / 12).ok()?)?;
    let m = total % 12 + 1;
    let last = match m {
        2 if NaiveDate::from_ymd_opt(y, 2, 29).is_some() => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    NaiveDate::from_ymd_opt(y, m, day.min(last))
}

fn amount_escalated(amount: &Money, rate: Decimal, id: &str) -> Result<Money> {
    let factor = Decimal::ONE + rate;
    amount.checked_mul(factor).map_err(|_| Error::Overflow { context: format!("escalation of line item `{id}`") })
}

/// Whole months from `a` to `b` (0 when `b` is before `a`).
pub(crate) fn months_between(a: NaiveDate, b: NaiveDate) -> usize {
    let m = (b.year() - a.year()) * 12 + (b.month() as i32 - a.month() as i32);
    m.max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn eur(s: &str) -> Money {
        Money::parse(s, "EUR").unwrap()
    }

    #[test]
    fn monthly_occurrences_keep_month_ends() {
        let item = LineItem::recurring(
            "a",
            "A",
            LineItemKind::Opex,
            Frequency::Monthly,
            d("2025-01-31"),
            d("2025-04-30"),
            eur("10"),
        );
        let dates: Vec<_> = item.planned_occurrences().unwrap().into_iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(dates, ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"]);
    }

    #[test]
    fn escalation_applies_per_whole_year() {
        // 1000 a quarter, 3% a year: year 1 is 1000, year 2 is 1030, year 3 is 1060.90
        // (1030 × 1.03 = 1060.9), worked by hand.
        let mut item = LineItem::recurring(
            "a",
            "A",
            LineItemKind::Opex,
            Frequency::Quarterly,
            d("2025-01-01"),
            d("2027-12-31"),
            eur("1000"),
        );
        if let Plan::Recurring { escalation, .. } = &mut item.plan {
            *escalation = Some(Decimal::new(3, 2));
        }
        let amounts: Vec<_> =
            item.planned_occurrences().unwrap().into_iter().map(|(_, m)| m.amount().to_string()).collect();
        assert_eq!(
            amounts,
            [
                "1000.00", "1000.00", "1000.00", "1000.00", "1030.00", "1030.00", "1030.00", "1030.00", "1060.90",
                "1060.90", "1060.90", "1060.90"
            ]
        );
    }

    #[test]
    fn validation_names_the_field() {
        let mut item = LineItem::one_off("a", "A", LineItemKind::Capex, d("2025-01-01"), eur("-5"));
        assert_eq!(item.validate(Currency::new("EUR").unwrap()).unwrap_err().path(), Some("plan.amount"));
        item.plan = Plan::OneOff { date: d("2025-01-01"), amount: Money::parse("5", "USD").unwrap() };
        let e = item.validate(Currency::new("EUR").unwrap()).unwrap_err();
        assert_eq!(e.kind().as_str(), "currency_mismatch");
        let item = LineItem::recurring(
            "a",
            "A",
            LineItemKind::Opex,
            Frequency::Monthly,
            d("2025-02-01"),
            d("2025-01-01"),
            eur("1"),
        );
        assert_eq!(item.validate(Currency::new("EUR").unwrap()).unwrap_err().path(), Some("plan.end"));
    }
}
