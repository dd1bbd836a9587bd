//! Depreciation of an asset: straight-line, fixed-declining balance, double-declining
//! balance and sum-of-years' digits, with LibreOffice's argument checks and quirks.

use super::{approx_floor, finite, finite_result, invalid};
use crate::Result;

/// Straight-line depreciation per period (spreadsheet `SLN`): `(cost - salvage) / life`.
///
/// Only a zero life is rejected (the spreadsheet's `#DIV/0!`); a salvage above the
/// cost gives a negative depreciation, as in the spreadsheet.
pub fn sln(cost: f64, salvage: f64, life: f64) -> Result<f64> {
    const F: &str = "sln";
    finite(F, "cost", cost)?;
    finite(F, "salvage", salvage)?;
    finite(F, "life", life)?;
    if life == 0.0 {
        return Err(invalid(F, "life", "must not be zero".to_owned()));
    }
    finite_result(F, (cost - salvage) / life)
}

/// Sum-of-years'-digits depreciation in `period` (spreadsheet `SYD`):
/// `(cost - salvage) (life - period + 1) / (life (life + 1) / 2)`.
///
/// As in LibreOffice, `period` is not checked against `life` (a period past the life
/// gives a zero or negative depreciation); a life of 0 or -1 is rejected (division by zero).
pub fn syd(cost: f64, salvage: f64, life: f64, period: f64) -> Result<f64> {
    const F: &str = "syd";
    finite(F, "cost", cost)?;
    finite(F, "salvage", salvage)?;
    finite(F, "life", life)?;
    finite(F, "period", period)?;
    let digits = life * (life + 1.0) / 2.0;
    if digits == 0.0 {
        return Err(invalid(F, "life", format!("must not be 0 or -1, got {life}")));
    }
    finite_result(F, (cost - salvage) * (life - period + 1.0) / digits)
}

/// Fixed-declining-balance depreciation in `period` (spreadsheet `DB`); `month` is the
/// number of months in the first year (default 12).
///
/// The rate is `1 - (salvage / cost)^(1 / life)` rounded to three decimals. As in
/// LibreOffice: the fraction of a fractional `period` is dropped; `period` may exceed
/// `life` by at most one (the stub of the first year's missing months, 0 when `month`
/// is 12); rejected are `month` outside 1..=12 after truncation, `life` above 1200 or
/// not positive, `cost <= 0`, `salvage < 0`, `salvage > cost` and `period <= 0`.
pub fn db(cost: f64, salvage: f64, life: f64, period: f64, month: Option<f64>) -> Result<f64> {
    const F: &str = "db";
    finite(F, "cost", cost)?;
    finite(F, "salvage", salvage)?;
    finite(F, "life", life)?;
    finite(F, "period", period)?;
    let month = approx_floor(finite(F, "month", month.unwrap_or(12.0))?);
    if !(1.0..=12.0).contains(&month) {
        return Err(invalid(F, "month", format!("must be between 1 and 12, got {month}")));
    }
    if life <= 0.0 || life > 1200.0 {
        return Err(invalid(F, "life", format!("must be in (0, 1200], got {life}")));
    }
    if cost <= 0.0 {
        return Err(invalid(F, "cost", format!("must be positive, got {cost}")));
    }
    if salvage < 0.0 || salvage > cost {
        return Err(invalid(F, "salvage", format!("must be between 0 and cost ({cost}), got {salvage}")));
    }
    if period <= 0.0 || period > life + 1.0 {
        return Err(invalid(F, "period", format!("must be in (0, life + 1] = (0, {}], got {period}", life + 1.0)));
    }
    let rate = 1.0 - libm::pow(salvage / cost, 1.0 / life);
    let rate = approx_floor(rate * 1000.0 + 0.5) / 1000.0;
    let first = cost * rate * month / 12.0;
    if approx_floor(period) == 1.0 {
        return finite_result(F, first);
    }
    let mut depreciated = first;
    let mut depreciation = 0.0;
    // life <= 1200, so the loop is short.
    let last = approx_floor(life.min(period)) as u32;
    for _ in 2..=last {
        depreciation = (cost - depreciated) * rate;
        depreciated += depreciation;
    }
    if period > life {
        depreciation = (cost - depreciated) * rate * (12.0 - month) / 12.0;
    }
    finite_result(F, depreciation)
}

/// Double-declining-balance depreciation in `period` (spreadsheet `DDB`); `factor` is
/// the rate of decline (default 2).
///
/// `cost (1 - factor/life)^(period-1) - cost (1 - factor/life)^period`, never going
/// below the salvage value. A fractional `period` interpolates (the powers are
/// fractional). As in LibreOffice, rejected are `cost < 0`, `salvage < 0`,
/// `salvage > cost`, `factor <= 0`, `period < 1` and `period > life`.
pub fn ddb(cost: f64, salvage: f64, life: f64, period: f64, factor: Option<f64>) -> Result<f64> {
    const F: &str = "ddb";
    finite(F, "cost", cost)?;
    finite(F, "salvage", salvage)?;
    finite(F, "life", life)?;
    finite(F, "period", period)?;
    let factor = finite(F, "factor", factor.unwrap_or(2.0))?;
    if cost < 0.0 {
        return Err(invalid(F, "cost", format!("must not be negative, got {cost}")));
    }
    if salvage < 0.0 || salvage > cost {
        return Err(invalid(F, "salvage", format!("must be between 0 and cost ({cost}), got {salvage}")));
    }
    if factor <= 0.0 {
        return Err(invalid(F, "factor", format!("must be positive, got {factor}")));
    }
    if period < 1.0 || period > life {
        return Err(invalid(F, "period", format!("must be between 1 and life ({life}), got {period}")));
    }
    // As LibreOffice's ScGetDDB.
    let mut rate = factor / life;
    let before = if rate >= 1.0 {
        rate = 1.0;
        if period == 1.0 {
            cost
        } else {
            0.0
        }
    } else {
        cost * libm::pow(1.0 - rate, period - 1.0)
    };
    let after = cost * libm::pow(1.0 - rate, period);
    let depreciation = if after < salvage { before - salvage } else { before - after };
    finite_result(F, depreciation.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_line_and_sum_of_years() {
        assert_eq!(sln(10_000.0, 1_000.0, 7.5).unwrap(), 1_200.0);
        assert!(sln(1.0, 0.0, 0.0).is_err());
        // Life 10: digits 55; year 1 gets 10/55 of 30,000.
        assert!((syd(30_000.0, 0.0, 10.0, 1.0).unwrap() - 30_000.0 * 10.0 / 55.0).abs() < 1e-9);
        // Period is not checked.
        assert!(syd(30_000.0, 0.0, 10.0, 12.0).unwrap() < 0.0);
        assert!(syd(1.0, 0.0, -1.0, 1.0).is_err());
    }

    #[test]
    fn fixed_declining_balance_textbook() {
        // The spreadsheet help example: cost 1,000,000, salvage 100,000, life 6, month 7:
        // rate 0.319; year 1 = 1e6 * 0.319 * 7/12 = 186,083.33; year 2 = (1e6 - 186,083.33) * 0.319.
        let y1 = db(1e6, 1e5, 6.0, 1.0, Some(7.0)).unwrap();
        assert!((y1 - 186_083.333_333_333_3).abs() < 1e-6);
        let y2 = db(1e6, 1e5, 6.0, 2.0, Some(7.0)).unwrap();
        assert!((y2 - (1e6 - y1) * 0.319).abs() < 1e-6);
        // Past the life by up to one period: the stub of the missing months (0 for 12).
        assert_eq!(db(5000.0, 500.0, 5.0, 6.0, None).unwrap(), 0.0);
        assert!(db(5000.0, 500.0, 5.0, 6.5, None).is_err());
        assert!(db(5000.0, 500.0, 5.0, 2.0, Some(13.0)).is_err());
        assert!(db(5000.0, 500.0, 1201.0, 2.0, None).is_err());
        // The fraction of a period is dropped.
        assert_eq!(db(5000.0, 500.0, 5.0, 2.5, None).unwrap(), db(5000.0, 500.0, 5.0, 2.0, None).unwrap());
    }

    #[test]
    fn double_declining_balance() {
        // 2,400 over 5 years: 960, 576, 345.6, 207.36, 124.416.
        let want = [960.0, 576.0, 345.6, 207.36, 124.416];
        for (i, w) in want.iter().enumerate() {
            let got = ddb(2400.0, 0.0, 5.0, (i + 1) as f64, None).unwrap();
            assert!((got - w).abs() < 1e-9, "period {}: {got}", i + 1);
        }
        assert!(ddb(2400.0, 0.0, 5.0, 6.0, None).is_err());
        assert!(ddb(2400.0, 0.0, 5.0, 0.5, None).is_err());
        // factor >= life: everything in the first period.
        assert_eq!(ddb(2400.0, 100.0, 2.0, 1.0, Some(3.0)).unwrap(), 2300.0);
    }
}
