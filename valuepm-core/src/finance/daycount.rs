//! Day-count conventions: how many years lie between two dates.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A day-count convention (ISDA 2006 definitions, section 4.16).
///
/// [`DayCount::year_fraction`] is signed and antisymmetric: from a later date to an
/// earlier one it is the negative of the forward fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum DayCount {
    /// Actual/365 (Fixed): actual days / 365. The convention of XNPV and XIRR.
    #[default]
    #[serde(rename = "actual_365_fixed", alias = "actual365_fixed")]
    Actual365Fixed,
    /// Actual/360: actual days / 360.
    #[serde(rename = "actual_360", alias = "actual360")]
    Actual360,
    /// Actual/Actual (ISDA): days falling in leap years / 366 plus days falling in other
    /// years / 365.
    #[serde(rename = "actual_actual_isda")]
    ActualActualIsda,
    /// 30/360 US (Excel and LibreOffice basis 0, "NASD"), with the end-of-February rules.
    #[serde(rename = "thirty_360_us", alias = "thirty360_us")]
    Thirty360Us,
    /// 30E/360 (Eurobond basis; Excel and LibreOffice basis 4).
    #[serde(rename = "thirty_360_european", alias = "thirty360_european")]
    Thirty360European,
}

impl DayCount {
    /// The fraction of a year from `start` to `end` under this convention; negative when
    /// `end` is before `start`.
    #[must_use]
    pub fn year_fraction(self, start: NaiveDate, end: NaiveDate) -> f64 {
        if end < start {
            return -self.year_fraction(end, start);
        }
        let days = (end - start).num_days() as f64;
        match self {
            DayCount::Actual365Fixed => days / 365.0,
            DayCount::Actual360 => days / 360.0,
            DayCount::ActualActualIsda => actual_actual_isda(start, end),
            DayCount::Thirty360Us => thirty_360(start, end, true) / 360.0,
            DayCount::Thirty360European => thirty_360(start, end, false) / 360.0,
        }
    }
}

fn days_in_year(year: i32) -> f64 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366.0
    } else {
        365.0
    }
}

/// Days from `from` to 1 January of the following year.
fn days_to_year_end(from: NaiveDate) -> f64 {
    // Every `year` a NaiveDate holds has a 1 January of the next year except the last
    // representable year; there the day of the year gives the same count.
    let days_in = days_in_year(from.year());
    days_in - f64::from(from.ordinal0())
}

fn actual_actual_isda(start: NaiveDate, end: NaiveDate) -> f64 {
    let (y1, y2) = (start.year(), end.year());
    if y1 == y2 {
        return (end - start).num_days() as f64 / days_in_year(y1);
    }
    let first = days_to_year_end(start) / days_in_year(y1);
    let last = f64::from(end.ordinal0()) / days_in_year(y2);
    first + f64::from(y2 - y1 - 1) + last
}

fn is_last_of_february(date: NaiveDate) -> bool {
    date.month() == 2 && date.succ_opt().is_none_or(|next| next.month() == 3)
}

/// Day count numerator of the 30/360 family: 360 (Y2 - Y1) + 30 (M2 - M1) + (D2 - D1).
fn thirty_360(start: NaiveDate, end: NaiveDate, us: bool) -> f64 {
    let (mut d1, mut d2) = (start.day(), end.day());
    if us {
        // 30/360 US, in this order (the end-of-month rule of SIA / Excel basis 0):
        // 1. both dates the last day of February: D2 = 30;
        // 2. start the last day of February: D1 = 30;
        // 3. D2 = 31 and D1 >= 30: D2 = 30;
        // 4. D1 = 31: D1 = 30.
        let start_feb_end = is_last_of_february(start);
        if start_feb_end && is_last_of_february(end) {
            d2 = 30;
        }
        if start_feb_end {
            d1 = 30;
        }
        if d2 == 31 && d1 >= 30 {
            d2 = 30;
        }
        if d1 == 31 {
            d1 = 30;
        }
    } else {
        d1 = d1.min(30);
        d2 = d2.min(30);
    }
    360.0 * f64::from(end.year() - start.year())
        + 30.0 * (f64::from(end.month()) - f64::from(start.month()))
        + (f64::from(d2) - f64::from(d1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * b.abs().max(1.0)
    }

    #[test]
    fn actual_365_fixed_and_360() {
        // 2020-01-01 .. 2021-01-01 spans the leap year 2020: 366 actual days.
        assert!(close(DayCount::Actual365Fixed.year_fraction(date(2020, 1, 1), date(2021, 1, 1)), 366.0 / 365.0));
        // 2020-01-01 .. 2020-07-01: 31+29+31+30+31+30 = 182 days.
        assert!(close(DayCount::Actual360.year_fraction(date(2020, 1, 1), date(2020, 7, 1)), 182.0 / 360.0));
    }

    #[test]
    fn actual_actual_isda_splits_at_year_ends() {
        // The example of ISDA's "EMU and market conventions" memo (1998), 2003-11-01 ..
        // 2004-05-01: 61 days in 2003 (Nov 30 + Dec 31) / 365 + 121 days in 2004
        // (Jan 31 + Feb 29 + Mar 31 + Apr 30) / 366 = 0.16712328767 + 0.33060109290.
        let yf = DayCount::ActualActualIsda.year_fraction(date(2003, 11, 1), date(2004, 5, 1));
        assert!(close(yf, 61.0 / 365.0 + 121.0 / 366.0));
        assert!((yf - 0.497_724_380_567_1).abs() < 1e-12);
        // Within one leap year: 2004-01-01 .. 2004-12-31 = 365 days / 366.
        assert!(close(DayCount::ActualActualIsda.year_fraction(date(2004, 1, 1), date(2004, 12, 31)), 365.0 / 366.0));
        // 2019-12-15 .. 2021-01-10: 17/365 (2019) + 1 (all of 2020) + 9/365 (2021).
        let yf = DayCount::ActualActualIsda.year_fraction(date(2019, 12, 15), date(2021, 1, 10));
        assert!(close(yf, 17.0 / 365.0 + 1.0 + 9.0 / 365.0));
    }

    #[test]
    fn thirty_360_us_end_of_february_rules() {
        let us = DayCount::Thirty360Us;
        // 2007-02-28 (last of Feb) .. 2007-03-31: D1 -> 30 (rule 2), then D2 = 31 with
        // D1 = 30 -> 30 (rule 3): 30 (3 - 2) + (30 - 30) = 30 days.
        assert!(close(us.year_fraction(date(2007, 2, 28), date(2007, 3, 31)), 30.0 / 360.0));
        // 2007-02-28 .. 2008-02-29: both last of Feb, D2 -> 30 and D1 -> 30: 360 days.
        assert!(close(us.year_fraction(date(2007, 2, 28), date(2008, 2, 29)), 1.0));
        // 2008-02-29 .. 2009-02-28: the same rule the other way: 360 days.
        assert!(close(us.year_fraction(date(2008, 2, 29), date(2009, 2, 28)), 1.0));
        // 2007-01-31 .. 2007-02-28: D1 -> 30 (rule 4), D2 stays 28: 30 + (28 - 30) = 28.
        assert!(close(us.year_fraction(date(2007, 1, 31), date(2007, 2, 28)), 28.0 / 360.0));
        // 2007-03-15 .. 2007-03-31: D2 = 31 but D1 = 15 < 30, so D2 stays: 16 days.
        assert!(close(us.year_fraction(date(2007, 3, 15), date(2007, 3, 31)), 16.0 / 360.0));
        // 2007-02-27 is not the last of February: 2007-02-27 .. 2007-03-31 = 30 + 4.
        assert!(close(us.year_fraction(date(2007, 2, 27), date(2007, 3, 31)), 34.0 / 360.0));
    }

    #[test]
    fn thirty_e_360_caps_both_days_at_30() {
        let eu = DayCount::Thirty360European;
        // 2007-02-28 .. 2007-03-31: D1 = 28, D2 -> 30: 30 + 2 = 32 days.
        assert!(close(eu.year_fraction(date(2007, 2, 28), date(2007, 3, 31)), 32.0 / 360.0));
        // 2008-02-29 .. 2009-02-28: 360 - 1 = 359 days.
        assert!(close(eu.year_fraction(date(2008, 2, 29), date(2009, 2, 28)), 359.0 / 360.0));
        // 2007-01-31 .. 2007-03-31: both -> 30: 60 days.
        assert!(close(eu.year_fraction(date(2007, 1, 31), date(2007, 3, 31)), 60.0 / 360.0));
    }

    #[test]
    fn year_fraction_is_antisymmetric() {
        let (a, b) = (date(2007, 2, 28), date(2008, 3, 31));
        for dc in [
            DayCount::Actual365Fixed,
            DayCount::Actual360,
            DayCount::ActualActualIsda,
            DayCount::Thirty360Us,
            DayCount::Thirty360European,
        ] {
            assert_eq!(dc.year_fraction(a, b), -dc.year_fraction(b, a));
            assert_eq!(dc.year_fraction(a, a), 0.0);
        }
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for dc in [DayCount::ActualActualIsda, DayCount::Thirty360Us, DayCount::Thirty360European] {
            let yf = dc.year_fraction(NaiveDate::MIN, NaiveDate::MAX);
            assert!(yf.is_finite() && yf > 0.0);
        }
    }

    #[test]
    fn serde_names_are_snake_case() {
        let json = serde_json::to_string(&DayCount::Thirty360Us).unwrap();
        assert_eq!(json, "\"thirty_360_us\"");
        let back: DayCount = serde_json::from_str("\"actual_actual_isda\"").unwrap();
        assert_eq!(back, DayCount::ActualActualIsda);
    }
}
