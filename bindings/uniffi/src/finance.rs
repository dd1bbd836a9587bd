//! The spreadsheet financial functions, with the core's names and argument order.

use valuepm_core::finance::{self as f, DayCount, SolverOptions};

use crate::error::{date, dates, invalid_argument, record, run, to_json, ValuePmError};

type R<T> = Result<T, ValuePmError>;

/// When payments fall within each period (the spreadsheet's `type` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, uniffi::Enum)]
pub enum PaymentTiming {
    /// At the end of each period (`type` 0, the default).
    #[default]
    End,
    /// At the beginning of each period (`type` 1).
    Begin,
}

impl From<PaymentTiming> for f::PaymentTiming {
    fn from(t: PaymentTiming) -> Self {
        match t {
            PaymentTiming::End => f::PaymentTiming::End,
            PaymentTiming::Begin => f::PaymentTiming::Begin,
        }
    }
}

/// The result of a root search: the rate, the method that found it, its iterations.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RootSolution {
    /// The rate found.
    pub rate: f64,
    /// The method: `newton` or `bracketing`.
    pub method: String,
    /// Iterations used.
    pub iterations: u32,
}

impl From<f::RootSolution> for RootSolution {
    fn from(s: f::RootSolution) -> Self {
        Self {
            rate: s.rate,
            method: serde_json::to_value(s.method).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            iterations: s.iterations,
        }
    }
}

fn day_count(name: Option<String>) -> R<DayCount> {
    match name {
        None => Ok(DayCount::default()),
        Some(n) => record("day_count", &serde_json::Value::String(n).to_string()),
    }
}

fn options(guess: Option<f64>, fallback: Option<bool>) -> SolverOptions {
    SolverOptions { guess, fallback: fallback.unwrap_or(true) }
}

/// NPV with the first value one period from now (spreadsheet `NPV`).
#[uniffi::export]
pub fn npv(rate: f64, values: Vec<f64>) -> R<f64> {
    run(|| Ok(f::npv(rate, &values)?))
}

/// NPV with the first value now.
#[uniffi::export]
pub fn npv_t0(rate: f64, values: Vec<f64>) -> R<f64> {
    run(|| Ok(f::npv_t0(rate, &values)?))
}

/// NPV of dated values (spreadsheet `XNPV`); dates are `YYYY-MM-DD`.
#[uniffi::export]
pub fn xnpv(rate: f64, values: Vec<f64>, dates: Vec<String>) -> R<f64> {
    run(|| Ok(f::xnpv(rate, &values, &self::dates("dates", &dates)?)?))
}

/// XNPV with a day count (`actual_365_fixed`, `actual_360`, `actual_actual_isda`, …).
#[uniffi::export]
pub fn xnpv_with(rate: f64, values: Vec<f64>, dates: Vec<String>, day_count: String) -> R<f64> {
    run(|| Ok(f::xnpv_with(rate, &values, &self::dates("dates", &dates)?, self::day_count(Some(day_count))?)?))
}

/// IRR (spreadsheet `IRR`).
#[uniffi::export(default(guess = None))]
pub fn irr(values: Vec<f64>, guess: Option<f64>) -> R<f64> {
    run(|| Ok(f::irr(&values, guess)?))
}

/// IRR with the method and iterations used.
#[uniffi::export(default(guess = None, fallback = None))]
pub fn irr_solve(values: Vec<f64>, guess: Option<f64>, fallback: Option<bool>) -> R<RootSolution> {
    run(|| Ok(f::irr_solve(&values, &options(guess, fallback))?.into()))
}

/// Every IRR of the values, ascending.
#[uniffi::export]
pub fn irr_all_roots(values: Vec<f64>) -> R<Vec<f64>> {
    run(|| Ok(f::irr_all_roots(&values)?))
}

/// IRR of many projects; a row that fails is `null` in the result.
#[uniffi::export(default(guess = None))]
pub fn irr_batch(projects: Vec<Vec<f64>>, guess: Option<f64>) -> R<Vec<Option<f64>>> {
    run(|| Ok(f::irr_batch(&projects, guess).into_iter().map(Result::ok).collect()))
}

/// IRR of values at times in years.
#[uniffi::export(default(guess = None))]
pub fn irr_of_times(values: Vec<f64>, times: Vec<f64>, guess: Option<f64>) -> R<f64> {
    run(|| Ok(f::irr_of_times(&values, &times, guess)?))
}

/// XIRR (spreadsheet `XIRR`); dates are `YYYY-MM-DD`.
#[uniffi::export(default(guess = None))]
pub fn xirr(values: Vec<f64>, dates: Vec<String>, guess: Option<f64>) -> R<f64> {
    run(|| Ok(f::xirr(&values, &self::dates("dates", &dates)?, guess)?))
}

/// XIRR with the method and iterations used.
#[uniffi::export(default(guess = None, fallback = None))]
pub fn xirr_solve(values: Vec<f64>, dates: Vec<String>, guess: Option<f64>, fallback: Option<bool>) -> R<RootSolution> {
    run(|| Ok(f::xirr_solve(&values, &self::dates("dates", &dates)?, &options(guess, fallback))?.into()))
}

/// Modified IRR (spreadsheet `MIRR`).
#[uniffi::export]
pub fn mirr(values: Vec<f64>, finance_rate: f64, reinvest_rate: f64) -> R<f64> {
    run(|| Ok(f::mirr(&values, finance_rate, reinvest_rate)?))
}

/// Payment per period (spreadsheet `PMT`).
#[uniffi::export(default(fv = 0.0))]
pub fn pmt(rate: f64, nper: f64, pv: f64, fv: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::pmt(rate, nper, pv, fv, timing.into())?))
}

/// Present value (spreadsheet `PV`).
#[uniffi::export(default(fv = 0.0))]
pub fn pv(rate: f64, nper: f64, pmt: f64, fv: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::pv(rate, nper, pmt, fv, timing.into())?))
}

/// Future value (spreadsheet `FV`).
#[uniffi::export(default(pv = 0.0))]
pub fn fv(rate: f64, nper: f64, pmt: f64, pv: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::fv(rate, nper, pmt, pv, timing.into())?))
}

/// Number of periods (spreadsheet `NPER`).
#[uniffi::export(default(fv = 0.0))]
pub fn nper(rate: f64, pmt: f64, pv: f64, fv: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::nper(rate, pmt, pv, fv, timing.into())?))
}

/// Rate per period (spreadsheet `RATE`).
#[uniffi::export(default(fv = 0.0, guess = None))]
pub fn rate(nper: f64, pmt: f64, pv: f64, fv: f64, timing: PaymentTiming, guess: Option<f64>) -> R<f64> {
    run(|| Ok(f::rate(nper, pmt, pv, fv, timing.into(), guess)?))
}

/// RATE with the method and iterations used.
#[uniffi::export(default(fv = 0.0, guess = None, fallback = None))]
pub fn rate_solve(
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: f64,
    timing: PaymentTiming,
    guess: Option<f64>,
    fallback: Option<bool>,
) -> R<RootSolution> {
    run(|| Ok(f::rate_solve(nper, pmt, pv, fv, timing.into(), &options(guess, fallback))?.into()))
}

/// Interest part of payment `per` (spreadsheet `IPMT`).
#[uniffi::export(default(fv = 0.0))]
pub fn ipmt(rate: f64, per: f64, nper: f64, pv: f64, fv: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::ipmt(rate, per, nper, pv, fv, timing.into())?))
}

/// Principal part of payment `per` (spreadsheet `PPMT`).
#[uniffi::export(default(fv = 0.0))]
pub fn ppmt(rate: f64, per: f64, nper: f64, pv: f64, fv: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::ppmt(rate, per, nper, pv, fv, timing.into())?))
}

/// Cumulative interest (spreadsheet `CUMIPMT`).
#[uniffi::export]
pub fn cumipmt(rate: f64, nper: f64, pv: f64, start_period: f64, end_period: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::cumipmt(rate, nper, pv, start_period, end_period, timing.into())?))
}

/// Cumulative principal (spreadsheet `CUMPRINC`).
#[uniffi::export]
pub fn cumprinc(rate: f64, nper: f64, pv: f64, start_period: f64, end_period: f64, timing: PaymentTiming) -> R<f64> {
    run(|| Ok(f::cumprinc(rate, nper, pv, start_period, end_period, timing.into())?))
}

/// Effective annual rate (spreadsheet `EFFECT`).
#[uniffi::export]
pub fn effect(nominal_rate: f64, npery: f64) -> R<f64> {
    run(|| Ok(f::effect(nominal_rate, npery)?))
}

/// Nominal annual rate (spreadsheet `NOMINAL`).
#[uniffi::export]
pub fn nominal(effect_rate: f64, npery: f64) -> R<f64> {
    run(|| Ok(f::nominal(effect_rate, npery)?))
}

/// Straight-line depreciation (spreadsheet `SLN`).
#[uniffi::export]
pub fn sln(cost: f64, salvage: f64, life: f64) -> R<f64> {
    run(|| Ok(f::sln(cost, salvage, life)?))
}

/// Sum-of-years' digits depreciation (spreadsheet `SYD`).
#[uniffi::export]
pub fn syd(cost: f64, salvage: f64, life: f64, period: f64) -> R<f64> {
    run(|| Ok(f::syd(cost, salvage, life, period)?))
}

/// Fixed-declining-balance depreciation (spreadsheet `DB`).
#[uniffi::export(default(month = None))]
pub fn db(cost: f64, salvage: f64, life: f64, period: f64, month: Option<f64>) -> R<f64> {
    run(|| Ok(f::db(cost, salvage, life, period, month)?))
}

/// Double-declining-balance depreciation (spreadsheet `DDB`).
#[uniffi::export(default(factor = None))]
pub fn ddb(cost: f64, salvage: f64, life: f64, period: f64, factor: Option<f64>) -> R<f64> {
    run(|| Ok(f::ddb(cost, salvage, life, period, factor)?))
}

/// The year fraction between two dates (`YYYY-MM-DD`) under a day count.
#[uniffi::export(default(day_count = None))]
pub fn year_fraction(start: String, end: String, day_count: Option<String>) -> R<f64> {
    run(|| Ok(self::day_count(day_count)?.year_fraction(date("start", &start)?, date("end", &end)?)))
}

/// The OLS trend of dated values, as the core's JSON record.
#[uniffi::export(default(confidence = 0.95))]
pub fn ols_trend(dates: Vec<String>, values: Vec<f64>, confidence: f64) -> R<String> {
    run(|| to_json(&valuepm_core::analytics::ols_trend(&self::dates("dates", &dates)?, &values, confidence)?))
}

/// The Theil–Sen trend of dated values, as the core's JSON record.
#[uniffi::export(default(confidence = 0.95))]
pub fn theil_sen_trend(dates: Vec<String>, values: Vec<f64>, confidence: f64) -> R<String> {
    run(|| to_json(&valuepm_core::analytics::theil_sen_trend(&self::dates("dates", &dates)?, &values, confidence)?))
}

/// Robust z-scores (median and MAD) of the values.
#[uniffi::export]
pub fn robust_z_scores(values: Vec<f64>) -> R<Vec<f64>> {
    run(|| Ok(valuepm_core::analytics::robust_z_scores(&values)?))
}

/// The anomalies beyond `threshold` robust z, as the core's JSON list.
#[uniffi::export]
pub fn robust_z_anomalies(dates: Vec<String>, values: Vec<f64>, threshold: f64) -> R<String> {
    run(|| to_json(&valuepm_core::analytics::robust_z_anomalies(&self::dates("dates", &dates)?, &values, threshold)?))
}

/// The level shifts of dated values, as the core's JSON list.
#[uniffi::export(default(penalty = None, min_size = 2))]
pub fn level_shifts(dates: Vec<String>, values: Vec<f64>, penalty: Option<f64>, min_size: u32) -> R<String> {
    run(|| {
        let min_size = usize::try_from(min_size).map_err(|e| invalid_argument("min_size", e))?;
        to_json(&valuepm_core::analytics::level_shifts(&self::dates("dates", &dates)?, &values, penalty, min_size)?)
    })
}
