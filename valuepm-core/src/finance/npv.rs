//! Net present value of periodic and dated cash flows, and the modified IRR.

use chrono::NaiveDate;

use super::kernels::{poly, DatedFlows};
use super::{finite, finite_result, finite_values, invalid, no_solution, DayCount};
use crate::Result;

/// Net present value with the spreadsheet's convention: the first value is discounted
/// one full period, `Σ values[i] / (1 + rate)^(i + 1)`.
///
/// Equals [`npv_t0`] / (1 + rate). A rate of exactly -1 is rejected; a rate below -1
/// is accepted, as in the spreadsheet (integer powers of a negative base).
pub fn npv(rate: f64, values: &[f64]) -> Result<f64> {
    const F: &str = "npv";
    let d = discount_factor(F, rate, values)?;
    finite_result(F, d * poly(values, d))
}

/// Net present value with the first value at t = 0 (numpy-financial's convention):
/// `Σ values[i] / (1 + rate)^i`, which is [`npv`] × (1 + rate).
pub fn npv_t0(rate: f64, values: &[f64]) -> Result<f64> {
    const F: &str = "npv_t0";
    let d = discount_factor(F, rate, values)?;
    finite_result(F, poly(values, d))
}

fn discount_factor(function: &'static str, rate: f64, values: &[f64]) -> Result<f64> {
    finite(function, "rate", rate)?;
    finite_values(function, "values", values)?;
    if rate == -1.0 {
        return Err(invalid(function, "rate", "must not be -1 (division by zero)".to_owned()));
    }
    Ok(1.0 / (1.0 + rate))
}

/// Net present value of dated flows: `Σ values[i] / (1 + rate)^((dates[i] - dates[0]) / 365)`.
///
/// As in LibreOffice, the reference date is the **first listed** date (not the
/// earliest), so an earlier date has a negative exponent; dates need not be sorted and
/// may repeat. The rate must be greater than -1.
pub fn xnpv(rate: f64, values: &[f64], dates: &[NaiveDate]) -> Result<f64> {
    const F: &str = "xnpv";
    check_dated(F, rate, values, dates)?;
    let mut flows = DatedFlows::actual_365(values, dates);
    finite_result(F, flows.sums(libm::log1p(rate)).value)
}

/// [`xnpv`] with the times measured by `day_count` from the first listed date.
pub fn xnpv_with(rate: f64, values: &[f64], dates: &[NaiveDate], day_count: DayCount) -> Result<f64> {
    const F: &str = "xnpv_with";
    check_dated(F, rate, values, dates)?;
    let first = dates[0];
    let times = dates.iter().map(|&d| day_count.year_fraction(first, d)).collect();
    let mut flows = DatedFlows::with_times(values, times);
    finite_result(F, flows.sums(libm::log1p(rate)).value)
}

/// Checks the arguments of XNPV.
fn check_dated(function: &'static str, rate: f64, values: &[f64], dates: &[NaiveDate]) -> Result<()> {
    finite(function, "rate", rate)?;
    finite_values(function, "values", values)?;
    check_dates(function, values, dates)?;
    if rate <= -1.0 {
        return Err(invalid(function, "rate", format!("must be greater than -1, got {rate}")));
    }
    Ok(())
}

/// One date per value.
pub(crate) fn check_dates(function: &'static str, values: &[f64], dates: &[NaiveDate]) -> Result<()> {
    if dates.len() == values.len() {
        Ok(())
    } else {
        Err(invalid(
            function,
            "dates",
            format!("must hold one date per value: {} dates for {} values", dates.len(), values.len()),
        ))
    }
}

/// Modified internal rate of return: negative flows are financed at `finance_rate`,
/// positive ones reinvested at `reinvest_rate`, as LibreOffice's MIRR:
/// `(-FV(positives, reinvest) / PV(negatives, finance))^(1/(n-1)) - 1`.
///
/// The flows must hold a positive and a negative value.
pub fn mirr(values: &[f64], finance_rate: f64, reinvest_rate: f64) -> Result<f64> {
    const F: &str = "mirr";
    finite_values(F, "values", values)?;
    finite(F, "finance_rate", finance_rate)?;
    finite(F, "reinvest_rate", reinvest_rate)?;
    if !(values.iter().any(|&v| v > 0.0) && values.iter().any(|&v| v < 0.0)) {
        return Err(invalid(F, "values", "must hold at least one positive and one negative value".to_owned()));
    }
    let (finance_growth, reinvest_growth) = (1.0 + finance_rate, 1.0 + reinvest_rate);
    if finance_growth == 0.0 || reinvest_growth == 0.0 {
        return Err(no_solution(F, "a rate of -1 discounts by zero".to_owned()));
    }
    // Present values at t = 0, as LibreOffice accumulates them (running discount factors).
    let (mut reinvested, mut financed) = (0.0, 0.0);
    let (mut reinvest_factor, mut finance_factor) = (1.0, 1.0);
    for &v in values {
        if v > 0.0 {
            reinvested += v * reinvest_factor;
        } else if v < 0.0 {
            financed += v * finance_factor;
        }
        reinvest_factor /= reinvest_growth;
        finance_factor /= finance_growth;
    }
    let periods = (values.len() - 1) as f64;
    let ratio = -reinvested / financed;
    if reinvest_growth > 0.0 && ratio > 0.0 {
        // (ratio (1 + reinvest)^periods)^(1/periods) - 1, through logarithms for accuracy.
        return finite_result(F, ((ratio.ln() + periods * reinvest_rate.ln_1p()) / periods).exp_m1());
    }
    // Outside the logarithms' domain: the spreadsheet's `pow` of the same quantities.
    let base = ratio * reinvest_growth.powf(periods);
    finite_result(F, base.powf(1.0 / periods) - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn npv_conventions() {
        // 100 / 1.1 + 100 / 1.21 = 173.55371900826447.
        let v = npv(0.1, &[100.0, 100.0]).unwrap();
        assert!((v - 173.553_719_008_264_47).abs() < 1e-12);
        let t0 = npv_t0(0.1, &[100.0, 100.0]).unwrap();
        assert!((t0 - 190.909_090_909_090_9).abs() < 1e-12);
        assert!(npv(-1.0, &[1.0]).is_err());
        assert!(npv(0.1, &[]).is_err());
        assert!(npv(f64::NAN, &[1.0]).is_err());
        // Rate below -1: (1 + r) = -1, so 1/(-1) + 1/1 = 0.
        assert_eq!(npv(-2.0, &[1.0, 1.0]).unwrap(), 0.0);
    }

    #[test]
    fn npv_overflow_is_an_error() {
        let values = vec![1e300; 1000];
        assert!(npv(-0.9, &values).is_err());
    }

    #[test]
    fn xnpv_uses_the_first_listed_date() {
        // One flow a year of 365 days before the reference date: 100 * 1.1.
        let v = xnpv(0.1, &[0.0, 100.0], &[date("2021-01-01"), date("2020-01-02")]).unwrap();
        assert!((v - 110.0).abs() < 1e-12);
        assert!(xnpv(-1.0, &[1.0], &[date("2021-01-01")]).is_err());
        assert!(xnpv(0.1, &[1.0, 2.0], &[date("2021-01-01")]).is_err());
        assert_eq!(xnpv(0.1, &[5.0], &[date("2021-01-01")]).unwrap(), 5.0);
    }

    #[test]
    fn xnpv_with_day_counts() {
        let dates = [date("2020-01-01"), date("2020-12-26")];
        // 360 days apart: Actual/360 puts the second flow exactly one year out.
        let v = xnpv_with(0.1, &[0.0, 110.0], &dates, DayCount::Actual360).unwrap();
        assert!((v - 100.0).abs() < 1e-12);
        let a = xnpv_with(0.1, &[-100.0, 110.0], &dates, DayCount::Actual365Fixed).unwrap();
        let b = xnpv(0.1, &[-100.0, 110.0], &dates).unwrap();
        assert!((a - b).abs() < 1e-12);
    }

    #[test]
    fn mirr_textbook() {
        // -1000 at t=0, 400 at t=1..3, finance 10%, reinvest 12%:
        // FV of inflows = 400 (1.12^2 + 1.12 + 1) = 1349.76; (1349.76 / 1000)^(1/3) - 1.
        let want = (1349.76_f64 / 1000.0).powf(1.0 / 3.0) - 1.0;
        let got = mirr(&[-1000.0, 400.0, 400.0, 400.0], 0.10, 0.12).unwrap();
        assert!((got - want).abs() < 1e-14);
        assert!(mirr(&[100.0, 200.0], 0.1, 0.1).is_err());
        assert!(mirr(&[-100.0, 200.0], -1.0, 0.1).is_err());
    }
}
