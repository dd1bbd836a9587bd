//! Earned value management (PMBOK) and earned schedule (Lipke) at a status date.
//!
//! The budget is the project's planned cost: `BAC` is the total planned cost, the
//! planned value `PV` the planned cost due on or before the status date, the actual
//! cost `AC` the actual costs recorded on or before it, and the earned value `EV` the
//! budget of the work done: Σ (percent complete of each cost line item × its planned
//! cost). Benefits take no part.
//!
//! | figure | formula |
//! |---|---|
//! | SV, CV | EV − PV, EV − AC |
//! | SPI, CPI | EV / PV, EV / AC |
//! | EAC (typical, the default) | BAC / CPI |
//! | EAC (atypical) | AC + (BAC − EV) |
//! | EAC (CPI × SPI) | AC + (BAC − EV) / (CPI × SPI) |
//! | ETC, VAC | EAC − AC, BAC − EAC (with the typical EAC) |
//! | TCPI (to BAC), TCPI (to EAC) | (BAC − EV) / (BAC − AC), (BAC − EV) / (EAC − AC) |
//!
//! **Earned schedule** counts time in days from the project start, each day ending with
//! the planned cost due on it: the planned-value curve `PV(t)` is the planned cost due
//! in the first `t` days. With `C` the last whole day for which `PV(C) ≤ EV`,
//! `ES = C + (EV − PV(C)) / (PV(C + 1) − PV(C))`; the actual time `AT` is the number of
//! days up to and including the status date; `SV(t) = ES − AT`, `SPI(t) = ES / AT`, the
//! planned duration `PD` is the day on which the last planned cost falls due, and
//! `IEAC(t) = PD / SPI(t)` days (Lipke, "Schedule is Different", *The Measurable News*,
//! 2003; PMI, *Practice Standard for Earned Value Management*, 2nd ed., 2011).
//!
//! A ratio whose denominator is zero is `None`, never an infinity.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Project;
use crate::money::Money;

/// How far one cost line item's work is done, at the status date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemProgress {
    /// The cost line item.
    pub line_item_id: String,
    /// Fraction of its work done, 0..=1.
    pub percent_complete: f64,
}

/// The earned value figures of a project at a status date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarnedValue {
    /// The status date.
    pub status_date: NaiveDate,
    /// Budget at completion: the total planned cost.
    pub bac: Money,
    /// Planned value: planned cost due on or before the status date.
    pub pv: Money,
    /// Earned value: the budget of the work done.
    pub ev: Money,
    /// Actual cost on or before the status date.
    pub ac: Money,
    /// Schedule variance EV − PV.
    pub sv: Money,
    /// Cost variance EV − AC.
    pub cv: Money,
    /// Schedule performance index EV / PV.
    pub spi: Option<f64>,
    /// Cost performance index EV / AC.
    pub cpi: Option<f64>,
    /// Estimate at completion, typical variances: BAC / CPI.
    pub eac: Option<Money>,
    /// Estimate at completion, atypical variances: AC + (BAC − EV).
    pub eac_atypical: Money,
    /// Estimate at completion with schedule pressure: AC + (BAC − EV) / (CPI × SPI).
    pub eac_cpi_spi: Option<Money>,
    /// Estimate to complete: EAC − AC.
    pub etc: Option<Money>,
    /// Variance at completion: BAC − EAC.
    pub vac: Option<Money>,
    /// To-complete performance index to meet the BAC: (BAC − EV) / (BAC − AC).
    pub tcpi_bac: Option<f64>,
    /// To-complete performance index to meet the EAC: (BAC − EV) / (EAC − AC).
    pub tcpi_eac: Option<f64>,
    /// Earned schedule, in days from the start.
    pub earned_schedule_days: f64,
    /// Actual time, in days from the start to the end of the status date.
    pub actual_time_days: f64,
    /// Planned duration, in days: the day the last planned cost falls due.
    pub planned_duration_days: f64,
    /// Schedule variance in time: ES − AT (days).
    pub sv_t_days: f64,
    /// Schedule performance index in time: ES / AT.
    pub spi_t: Option<f64>,
    /// Independent estimate at completion in time: PD / SPI(t) (days).
    pub ieac_t_days: Option<f64>,
}

impl Project {
    /// Earned value at `status_date` from each cost line item's percent complete (an
    /// item not listed is 0% done). Fails on an unknown or benefit item, a percent
    /// outside 0..=1, an item listed twice, or a status date before the start.
    pub fn earned_value(&self, status_date: NaiveDate, progress: &[ItemProgress]) -> Result<EarnedValue> {
        let d = self.data();
        let currency = d.currency;
        if status_date < d.start_date {
            return Err(Error::validation(
                "status_date",
                format!("{status_date} is before the project start {}", d.start_date),
            ));
        }
        let mut done: HashMap<&str, f64> = HashMap::new();
        for (i, p) in progress.iter().enumerate() {
            let path = format!("progress[{i}]");
            let item = d
                .line_items
                .iter()
                .find(|item| item.id == p.line_item_id)
                .ok_or_else(|| Error::NotFound { what: "line item", id: p.line_item_id.clone() })?;
            if item.kind.is_benefit() {
                return Err(Error::validation(
                    format!("{path}.line_item_id"),
                    format!("`{}` is a benefit; earned value measures cost line items", item.id),
                ));
            }
            if !(0.0..=1.0).contains(&p.percent_complete) {
                return Err(Error::validation(
                    format!("{path}.percent_complete"),
                    format!("{} must be between 0 and 1", p.percent_complete),
                ));
            }
            if done.insert(item.id.as_str(), p.percent_complete).is_some() {
                return Err(Error::validation(
                    format!("{path}.line_item_id"),
                    format!("`{}` is listed twice", item.id),
                ));
            }
        }

        // Planned cost per day index (day 1 = the start date), and exact sums.
        let mut by_day: Vec<(i64, f64)> = Vec::new();
        let (mut bac, mut pv, mut ac) = (Money::zero(currency), Money::zero(currency), Money::zero(currency));
        let mut ev_value = 0.0;
        for item in d.line_items.iter().filter(|i| !i.kind.is_benefit()) {
            let mut item_total = Money::zero(currency);
            for (date, amount) in item.planned_occurrences()? {
                item_total = item_total.checked_add(&amount)?;
                if date <= status_date {
                    pv = pv.checked_add(&amount)?;
                }
                by_day.push(((date - d.start_date).num_days() + 1, amount.to_f64()));
            }
            bac = bac.checked_add(&item_total)?;
            ev_value += item_total.to_f64() * done.get(item.id.as_str()).copied().unwrap_or(0.0);
            for a in item.actuals.iter().filter(|a| a.date <= status_date) {
                ac = ac.checked_add(&a.amount)?;
            }
        }
        by_day.sort_by_key(|f| f.0);

        let money = |v: f64, what: &str| Money::from_f64_rounded(v, currency, what);
        let ev = money(ev_value, "ev")?;
        let (bac_f, pv_f, ac_f) = (bac.to_f64(), pv.to_f64(), ac.to_f64());
        let ratio = |num: f64, den: f64| (den != 0.0).then(|| num / den);
        let spi = ratio(ev_value, pv_f);
        let cpi = ratio(ev_value, ac_f);
        let eac_value = cpi.and_then(|c| ratio(bac_f, c));
        let eac_cpi_spi = match (cpi, spi) {
            (Some(c), Some(s)) => ratio(bac_f - ev_value, c * s).map(|r| ac_f + r),
            _ => None,
        };

        let (earned_schedule, planned_duration) = earned_schedule(&by_day, ev_value);
        let actual_time = ((status_date - d.start_date).num_days() + 1) as f64;
        let spi_t = ratio(earned_schedule, actual_time);
        Ok(EarnedValue {
            status_date,
            sv: money(ev_value - pv_f, "sv")?,
            cv: money(ev_value - ac_f, "cv")?,
            spi,
            cpi,
            eac: eac_value.map(|v| money(v, "eac")).transpose()?,
            eac_atypical: money(ac_f + bac_f - ev_value, "eac_atypical")?,
            eac_cpi_spi: eac_cpi_spi.map(|v| money(v, "eac_cpi_spi")).transpose()?,
            etc: eac_value.map(|v| money(v - ac_f, "etc")).transpose()?,
            vac: eac_value.map(|v| money(bac_f - v, "vac")).transpose()?,
            tcpi_bac: ratio(bac_f - ev_value, bac_f - ac_f),
            tcpi_eac: eac_value.and_then(|e| ratio(bac_f - ev_value, e - ac_f)),
            earned_schedule_days: earned_schedule,
            actual_time_days: actual_time,
            planned_duration_days: planned_duration,
            sv_t_days: earned_schedule - actual_time,
            spi_t,
            ieac_t_days: spi_t.and_then(|s| ratio(planned_duration, s)),
            bac,
            pv,
            ev,
            ac,
        })
    }
}

/// (earned schedule, planned duration) in days from the planned cost per day index.
fn earned_schedule(by_day: &[(i64, f64)], ev: f64) -> (f64, f64) {
    let planned_duration = by_day.last().map_or(0.0, |f| f.0 as f64);
    // Planned value at the end of the day before each day with planned cost.
    let mut cumulative = 0.0;
    let mut i = 0;
    while i < by_day.len() {
        let day = by_day[i].0;
        let before = cumulative;
        while i < by_day.len() && by_day[i].0 == day {
            cumulative += by_day[i].1;
            i += 1;
        }
        if cumulative > ev {
            // PV(day − 1) = before ≤ EV < PV(day) = cumulative.
            return ((day - 1) as f64 + (ev - before) / (cumulative - before), planned_duration);
        }
    }
    (planned_duration, planned_duration)
}
