//! Wraps `valuepm_core::finance`: the spreadsheet functions with the spreadsheet's
//! argument order and conventions, the detailed solvers and day counts, under the Node
//! package's names. (The batch forms and the `…Async` variants are not exported yet.)

use valuepm_core::finance::{self, RootSolution as CoreRootSolution, SolverOptions};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{self, date, date_list, flows, optional_number, timing};
use crate::error::call;

fn solver(guess: Option<f64>, fallback: Option<bool>) -> SolverOptions {
    SolverOptions { guess, fallback: fallback.unwrap_or(true) }
}

// ---------------------------------------------------------------------------------
// Discounting and internal rates of return

/// Net present value, the spreadsheet's NPV: the first value is discounted one full
/// period, `sum(values[i] / (1 + rate) ** (i + 1))`.
#[wasm_bindgen]
pub fn npv(rate: f64, values: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::npv(rate, &flows(&values, "values")?)?))
}

/// Net present value with the first value at t = 0: `sum(values[i] / (1 + rate) ** i)`.
#[wasm_bindgen(js_name = "npvT0")]
pub fn npv_t0(rate: f64, values: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::npv_t0(rate, &flows(&values, "values")?)?))
}

/// Net present value of dated flows (spreadsheet XNPV): Actual/365 from the first listed
/// date, or `dayCount` (`actual_365_fixed`, `actual_360`, `actual_actual_isda`,
/// `thirty_360_us`, `thirty_360_european`).
#[wasm_bindgen]
pub fn xnpv(rate: f64, values: JsValue, dates: JsValue, day_count: Option<String>) -> Result<f64, JsValue> {
    call(|| {
        let v = flows(&values, "values")?;
        let d = date_list(&dates, "dates")?;
        match day_count {
            None => Ok(finance::xnpv(rate, &v, &d)?),
            Some(name) => Ok(finance::xnpv_with(rate, &v, &d, convert::day_count(Some(&name))?)?),
        }
    })
}

/// XNPV with the times measured by `dayCount` from the first listed date.
#[wasm_bindgen(js_name = "xnpvWith")]
pub fn xnpv_with(rate: f64, values: JsValue, dates: JsValue, day_count: String) -> Result<f64, JsValue> {
    xnpv(rate, values, dates, Some(day_count))
}

/// Internal rate of return of periodic flows (spreadsheet IRR); `guess` defaults to 0.1.
/// Returns the root the spreadsheet returns, or where it gives up but a root exists,
/// the root nearest the guess. No root throws a `no_convergence` error.
#[wasm_bindgen]
pub fn irr(values: JsValue, guess: Option<f64>) -> Result<f64, JsValue> {
    call(|| Ok(finance::irr(&flows(&values, "values")?, guess)?))
}

/// A rate found by a solver: `rate`, `method` (`newton` or `bracketing`) and `iterations`.
#[wasm_bindgen(js_name = "RootSolution")]
pub struct WasmRootSolution {
    inner: CoreRootSolution,
}

#[wasm_bindgen(js_class = "RootSolution")]
impl WasmRootSolution {
    /// The rate per period (per year for XIRR).
    #[wasm_bindgen(getter)]
    pub fn rate(&self) -> f64 {
        self.inner.rate
    }

    /// `newton` (the spreadsheet's own result) or `bracketing` (the fallback).
    #[wasm_bindgen(getter)]
    pub fn method(&self) -> String {
        convert::name_of(&self.inner.method)
    }

    /// The work done over every stage.
    #[wasm_bindgen(getter)]
    pub fn iterations(&self) -> u32 {
        self.inner.iterations
    }

    /// `{rate, method, iterations}`.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| convert::to_js(&self.inner))
    }
}

/// IRR with its method: `fallback = false` gives exactly the spreadsheet's result
/// (Newton only).
#[wasm_bindgen(js_name = "irrSolve")]
pub fn irr_solve(values: JsValue, guess: Option<f64>, fallback: Option<bool>) -> Result<WasmRootSolution, JsValue> {
    call(|| Ok(WasmRootSolution { inner: finance::irr_solve(&flows(&values, "values")?, &solver(guess, fallback))? }))
}

/// Every distinct real IRR greater than -1, in increasing order (empty when none).
#[wasm_bindgen(js_name = "irrAllRoots")]
pub fn irr_all_roots(values: JsValue) -> Result<Vec<f64>, JsValue> {
    call(|| Ok(finance::irr_all_roots(&flows(&values, "values")?)?))
}

/// IRR of flows at arbitrary times in years (`times[i]` for `values[i]`).
#[wasm_bindgen(js_name = "irrOfTimes")]
pub fn irr_of_times(values: JsValue, times: JsValue, guess: Option<f64>) -> Result<f64, JsValue> {
    call(|| Ok(finance::irr_of_times(&flows(&values, "values")?, &flows(&times, "times")?, guess)?))
}

/// Internal rate of return of dated flows (spreadsheet XIRR), per year of 365 days.
#[wasm_bindgen]
pub fn xirr(values: JsValue, dates: JsValue, guess: Option<f64>) -> Result<f64, JsValue> {
    call(|| Ok(finance::xirr(&flows(&values, "values")?, &date_list(&dates, "dates")?, guess)?))
}

/// XIRR with its method (`fallback = false`: exactly the spreadsheet's result).
#[wasm_bindgen(js_name = "xirrSolve")]
pub fn xirr_solve(
    values: JsValue,
    dates: JsValue,
    guess: Option<f64>,
    fallback: Option<bool>,
) -> Result<WasmRootSolution, JsValue> {
    call(|| {
        let v = flows(&values, "values")?;
        let d = date_list(&dates, "dates")?;
        Ok(WasmRootSolution { inner: finance::xirr_solve(&v, &d, &solver(guess, fallback))? })
    })
}

/// Modified IRR (spreadsheet MIRR): negatives financed at `financeRate`, positives
/// reinvested at `reinvestRate`.
#[wasm_bindgen]
pub fn mirr(values: JsValue, finance_rate: f64, reinvest_rate: f64) -> Result<f64, JsValue> {
    call(|| Ok(finance::mirr(&flows(&values, "values")?, finance_rate, reinvest_rate)?))
}

// ---------------------------------------------------------------------------------
// Time value of money. `type`: 0 / "end" (default) or 1 / "begin".

fn or_zero(value: &JsValue, argument: &str) -> Result<f64, crate::error::Failure> {
    Ok(optional_number(value, argument)?.unwrap_or(0.0))
}

/// Payment per period of a loan or annuity (spreadsheet PMT).
#[wasm_bindgen]
pub fn pmt(rate: f64, nper: f64, pv: f64, fv: JsValue, payment_type: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::pmt(rate, nper, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Present value (spreadsheet PV).
#[wasm_bindgen]
pub fn pv(rate: f64, nper: f64, pmt: f64, fv: JsValue, payment_type: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::pv(rate, nper, pmt, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Future value (spreadsheet FV).
#[wasm_bindgen]
pub fn fv(rate: f64, nper: f64, pmt: f64, pv: JsValue, payment_type: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::fv(rate, nper, pmt, or_zero(&pv, "pv")?, timing(&payment_type)?)?))
}

/// Number of periods (spreadsheet NPER).
#[wasm_bindgen]
pub fn nper(rate: f64, pmt: f64, pv: f64, fv: JsValue, payment_type: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::nper(rate, pmt, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Rate per period of an annuity (spreadsheet RATE); `guess` defaults to 0.1.
#[wasm_bindgen]
pub fn rate(
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: JsValue,
    payment_type: JsValue,
    guess: Option<f64>,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::rate(nper, pmt, pv, or_zero(&fv, "fv")?, timing(&payment_type)?, guess)?))
}

/// RATE with its method (`fallback = false`: exactly the spreadsheet's result).
#[wasm_bindgen(js_name = "rateSolve")]
pub fn rate_solve(
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: JsValue,
    payment_type: JsValue,
    guess: Option<f64>,
    fallback: Option<bool>,
) -> Result<WasmRootSolution, JsValue> {
    call(|| {
        let inner =
            finance::rate_solve(nper, pmt, pv, or_zero(&fv, "fv")?, timing(&payment_type)?, &solver(guess, fallback))?;
        Ok(WasmRootSolution { inner })
    })
}

/// Interest part of the payment in period `per` (spreadsheet IPMT).
#[wasm_bindgen]
pub fn ipmt(rate: f64, per: f64, nper: f64, pv: f64, fv: JsValue, payment_type: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::ipmt(rate, per, nper, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Principal part of the payment in period `per` (spreadsheet PPMT).
#[wasm_bindgen]
pub fn ppmt(rate: f64, per: f64, nper: f64, pv: f64, fv: JsValue, payment_type: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::ppmt(rate, per, nper, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Interest paid from `startPeriod` to `endPeriod` inclusive (spreadsheet CUMIPMT).
#[wasm_bindgen]
pub fn cumipmt(
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::cumipmt(rate, nper, pv, start_period, end_period, timing(&payment_type)?)?))
}

/// Principal repaid from `startPeriod` to `endPeriod` inclusive (spreadsheet CUMPRINC).
#[wasm_bindgen]
pub fn cumprinc(
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::cumprinc(rate, nper, pv, start_period, end_period, timing(&payment_type)?)?))
}

// ---------------------------------------------------------------------------------
// Rates and depreciation

/// Effective annual rate of a nominal rate compounded `npery` times (spreadsheet EFFECT).
#[wasm_bindgen]
pub fn effect(nominal_rate: f64, npery: f64) -> Result<f64, JsValue> {
    call(|| Ok(finance::effect(nominal_rate, npery)?))
}

/// Nominal rate of an effective annual rate (spreadsheet NOMINAL).
#[wasm_bindgen]
pub fn nominal(effect_rate: f64, npery: f64) -> Result<f64, JsValue> {
    call(|| Ok(finance::nominal(effect_rate, npery)?))
}

/// Straight-line depreciation per period (spreadsheet SLN).
#[wasm_bindgen]
pub fn sln(cost: f64, salvage: f64, life: f64) -> Result<f64, JsValue> {
    call(|| Ok(finance::sln(cost, salvage, life)?))
}

/// Sum-of-years'-digits depreciation for `period` (spreadsheet SYD).
#[wasm_bindgen]
pub fn syd(cost: f64, salvage: f64, life: f64, period: f64) -> Result<f64, JsValue> {
    call(|| Ok(finance::syd(cost, salvage, life, period)?))
}

/// Fixed-declining-balance depreciation (spreadsheet DB); `month` defaults to 12.
#[wasm_bindgen]
pub fn db(cost: f64, salvage: f64, life: f64, period: f64, month: Option<f64>) -> Result<f64, JsValue> {
    call(|| Ok(finance::db(cost, salvage, life, period, month)?))
}

/// Double-declining-balance depreciation (spreadsheet DDB); `factor` defaults to 2.
#[wasm_bindgen]
pub fn ddb(cost: f64, salvage: f64, life: f64, period: f64, factor: Option<f64>) -> Result<f64, JsValue> {
    call(|| Ok(finance::ddb(cost, salvage, life, period, factor)?))
}

/// Years from `start` to `end` under `dayCount` (default `actual_365_fixed`; negative
/// when `end` is earlier).
#[wasm_bindgen(js_name = "yearFraction")]
pub fn year_fraction(start: JsValue, end: JsValue, day_count: Option<String>) -> Result<f64, JsValue> {
    call(|| {
        let dc = convert::day_count(day_count.as_deref())?;
        Ok(dc.year_fraction(date(&start, "start")?, date(&end, "end")?))
    })
}
