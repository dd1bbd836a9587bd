//! Wraps `valuepm_core::finance`: the spreadsheet functions with the spreadsheet's
//! argument order and conventions, the detailed solvers and day counts, under the Node
//! package's names, with the batch forms and the `…Async` variants. On wasm an `…Async`
//! variant runs on the calling thread (there is no thread pool) and returns a Promise
//! that is already settled; run the package in a Web Worker to keep a page responsive.

use chrono::NaiveDate;
use js_sys::{Array, Promise, Reflect};
use valuepm_core::finance::{self, RootSolution as CoreRootSolution, SolverOptions};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::convert::{self, date, date_list, flows, is_absent, optional_number, timing};
use crate::error::{call, invalid_argument, promise, Failure};

fn solver(guess: Option<f64>, fallback: Option<bool>) -> SolverOptions {
    SolverOptions { guess, fallback: fallback.unwrap_or(true) }
}

// ---------------------------------------------------------------------------------
// Discounting and internal rates of return

/// Net present value, the spreadsheet's NPV: the first value is discounted one full
/// period, `sum(values[i] / (1 + rate) ** (i + 1))`.
#[wasm_bindgen]
pub fn npv(rate: f64, #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::npv(rate, &flows(&values, "values")?)?))
}

/// Net present value with the first value at t = 0: `sum(values[i] / (1 + rate) ** i)`.
#[wasm_bindgen(js_name = "npvT0")]
pub fn npv_t0(rate: f64, #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue) -> Result<f64, JsValue> {
    call(|| Ok(finance::npv_t0(rate, &flows(&values, "values")?)?))
}

/// Net present value of dated flows (spreadsheet XNPV): Actual/365 from the first listed
/// date, or `dayCount` (`actual_365_fixed`, `actual_360`, `actual_actual_isda`,
/// `thirty_360_us`, `thirty_360_european`).
#[wasm_bindgen]
pub fn xnpv(
    rate: f64,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(js_name = "dayCount")] day_count: Option<String>,
) -> Result<f64, JsValue> {
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
pub fn xnpv_with(
    rate: f64,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(js_name = "dayCount")] day_count: String,
) -> Result<f64, JsValue> {
    xnpv(rate, values, dates, Some(day_count))
}

/// Internal rate of return of periodic flows (spreadsheet IRR); `guess` defaults to 0.1.
/// Returns the root the spreadsheet returns, or where it gives up but a root exists,
/// the root nearest the guess. No root throws a `no_convergence` error.
#[wasm_bindgen]
pub fn irr(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    guess: Option<f64>,
) -> Result<f64, JsValue> {
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
pub fn irr_solve(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    guess: Option<f64>,
    fallback: Option<bool>,
) -> Result<WasmRootSolution, JsValue> {
    call(|| Ok(WasmRootSolution { inner: finance::irr_solve(&flows(&values, "values")?, &solver(guess, fallback))? }))
}

/// Every distinct real IRR greater than -1, in increasing order (empty when none).
#[wasm_bindgen(js_name = "irrAllRoots", unchecked_return_type = "Array<number>")]
pub fn irr_all_roots(#[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue) -> Result<JsValue, JsValue> {
    // A plain array, as in the Node package (a `Vec<f64>` would cross as a Float64Array).
    call(|| convert::to_js(&finance::irr_all_roots(&flows(&values, "values")?)?))
}

/// IRR of flows at arbitrary times in years (`times[i]` for `values[i]`).
#[wasm_bindgen(js_name = "irrOfTimes")]
pub fn irr_of_times(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Flows")] times: JsValue,
    guess: Option<f64>,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::irr_of_times(&flows(&values, "values")?, &flows(&times, "times")?, guess)?))
}

/// Internal rate of return of dated flows (spreadsheet XIRR), per year of 365 days.
#[wasm_bindgen]
pub fn xirr(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    guess: Option<f64>,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::xirr(&flows(&values, "values")?, &date_list(&dates, "dates")?, guess)?))
}

/// XIRR with its method (`fallback = false`: exactly the spreadsheet's result).
#[wasm_bindgen(js_name = "xirrSolve")]
pub fn xirr_solve(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
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
pub fn mirr(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(js_name = "financeRate")] finance_rate: f64,
    #[wasm_bindgen(js_name = "reinvestRate")] reinvest_rate: f64,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::mirr(&flows(&values, "values")?, finance_rate, reinvest_rate)?))
}

// ---------------------------------------------------------------------------------
// Time value of money. `type`: 0 / "end" (default) or 1 / "begin".

fn or_zero(value: &JsValue, argument: &str) -> Result<f64, crate::error::Failure> {
    Ok(optional_number(value, argument)?.unwrap_or(0.0))
}

/// Payment per period of a loan or annuity (spreadsheet PMT).
#[wasm_bindgen]
pub fn pmt(
    rate: f64,
    nper: f64,
    pv: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::pmt(rate, nper, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Present value (spreadsheet PV).
#[wasm_bindgen]
pub fn pv(
    rate: f64,
    nper: f64,
    pmt: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::pv(rate, nper, pmt, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Future value (spreadsheet FV).
#[wasm_bindgen]
pub fn fv(
    rate: f64,
    nper: f64,
    pmt: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] pv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::fv(rate, nper, pmt, or_zero(&pv, "pv")?, timing(&payment_type)?)?))
}

/// Number of periods (spreadsheet NPER).
#[wasm_bindgen]
pub fn nper(
    rate: f64,
    pmt: f64,
    pv: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::nper(rate, pmt, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Rate per period of an annuity (spreadsheet RATE); `guess` defaults to 0.1.
#[wasm_bindgen]
pub fn rate(
    nper: f64,
    pmt: f64,
    pv: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::rate(nper, pmt, pv, or_zero(&fv, "fv")?, timing(&payment_type)?, guess)?))
}

/// RATE with its method (`fallback = false`: exactly the spreadsheet's result).
#[wasm_bindgen(js_name = "rateSolve")]
pub fn rate_solve(
    nper: f64,
    pmt: f64,
    pv: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
    #[wasm_bindgen(unchecked_optional_param_type = "boolean | null")] fallback: Option<bool>,
) -> Result<WasmRootSolution, JsValue> {
    call(|| {
        let inner =
            finance::rate_solve(nper, pmt, pv, or_zero(&fv, "fv")?, timing(&payment_type)?, &solver(guess, fallback))?;
        Ok(WasmRootSolution { inner })
    })
}

/// Interest part of the payment in period `per` (spreadsheet IPMT).
#[wasm_bindgen]
pub fn ipmt(
    rate: f64,
    per: f64,
    nper: f64,
    pv: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::ipmt(rate, per, nper, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Principal part of the payment in period `per` (spreadsheet PPMT).
#[wasm_bindgen]
pub fn ppmt(
    rate: f64,
    per: f64,
    nper: f64,
    pv: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] fv: JsValue,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::ppmt(rate, per, nper, pv, or_zero(&fv, "fv")?, timing(&payment_type)?)?))
}

/// Interest paid from `startPeriod` to `endPeriod` inclusive (spreadsheet CUMIPMT).
#[wasm_bindgen]
pub fn cumipmt(
    rate: f64,
    nper: f64,
    pv: f64,
    #[wasm_bindgen(js_name = "startPeriod")] start_period: f64,
    #[wasm_bindgen(js_name = "endPeriod")] end_period: f64,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::cumipmt(rate, nper, pv, start_period, end_period, timing(&payment_type)?)?))
}

/// Principal repaid from `startPeriod` to `endPeriod` inclusive (spreadsheet CUMPRINC).
#[wasm_bindgen]
pub fn cumprinc(
    rate: f64,
    nper: f64,
    pv: f64,
    #[wasm_bindgen(js_name = "startPeriod")] start_period: f64,
    #[wasm_bindgen(js_name = "endPeriod")] end_period: f64,
    #[wasm_bindgen(js_name = "paymentType", unchecked_optional_param_type = "Timing | null")] payment_type: JsValue,
) -> Result<f64, JsValue> {
    call(|| Ok(finance::cumprinc(rate, nper, pv, start_period, end_period, timing(&payment_type)?)?))
}

// ---------------------------------------------------------------------------------
// Rates and depreciation

/// Effective annual rate of a nominal rate compounded `npery` times (spreadsheet EFFECT).
#[wasm_bindgen]
pub fn effect(#[wasm_bindgen(js_name = "nominalRate")] nominal_rate: f64, npery: f64) -> Result<f64, JsValue> {
    call(|| Ok(finance::effect(nominal_rate, npery)?))
}

/// Nominal rate of an effective annual rate (spreadsheet NOMINAL).
#[wasm_bindgen]
pub fn nominal(#[wasm_bindgen(js_name = "effectRate")] effect_rate: f64, npery: f64) -> Result<f64, JsValue> {
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
pub fn year_fraction(
    #[wasm_bindgen(unchecked_param_type = "DateArg")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateArg")] end: JsValue,
    #[wasm_bindgen(js_name = "dayCount")] day_count: Option<String>,
) -> Result<f64, JsValue> {
    call(|| {
        let dc = convert::day_count(day_count.as_deref())?;
        Ok(dc.year_fraction(date(&start, "start")?, date(&end, "end")?))
    })
}

// ---------------------------------------------------------------------------------
// Batch forms

/// The `errors` and `t0` options of the batch functions (`BatchOptions`).
struct BatchOptions {
    nan: bool,
    t0: bool,
}

fn batch_options(options: &JsValue) -> Result<BatchOptions, Failure> {
    if is_absent(options) {
        return Ok(BatchOptions { nan: false, t0: false });
    }
    if !options.is_object() {
        return Err(invalid_argument("options", "must be an object {errors?, t0?}"));
    }
    let field = |key: &str| Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let errors = field("errors");
    let nan = match errors.as_string().as_deref() {
        _ if is_absent(&errors) => false,
        Some("throw") => false,
        Some("nan") => true,
        Some(other) => {
            return Err(invalid_argument("errors", format!("must be \"throw\" or \"nan\", got {other:?}")));
        }
        None => return Err(invalid_argument("errors", "must be \"throw\" or \"nan\"")),
    };
    let t0 = field("t0");
    let t0 = match t0.as_bool() {
        _ if is_absent(&t0) => false,
        Some(b) => b,
        None => return Err(invalid_argument("t0", "must be a boolean")),
    };
    Ok(BatchOptions { nan, t0 })
}

/// One result per row: the first failing row's error (with its `row`), or NaN there.
fn batch_result(results: Vec<Result<f64, Failure>>, nan: bool) -> Result<Vec<f64>, Failure> {
    let mut out = Vec::with_capacity(results.len());
    for (row, result) in results.into_iter().enumerate() {
        match result {
            Ok(x) => out.push(x),
            Err(_) if nan => out.push(f64::NAN),
            Err(error) => return Err(Failure::Row { row, error: Box::new(error) }),
        }
    }
    Ok(out)
}

/// The rows of a batch: an array of flows (`Float64Array`s or arrays of numbers).
fn rows(values: &JsValue) -> Result<Vec<Vec<f64>>, Failure> {
    let Some(list) = values.dyn_ref::<Array>() else {
        return Err(invalid_argument("values", "must be an array of rows (Float64Arrays or arrays of numbers)"));
    };
    list.iter().enumerate().map(|(i, row)| flows(&row, &format!("values[{i}]"))).collect()
}

/// One rate for every row, or one per row.
fn rates_for(rate: &JsValue, rows: usize) -> Result<Vec<f64>, Failure> {
    let rates = match rate.as_f64() {
        Some(r) => vec![r],
        None => flows(rate, "rate")?,
    };
    if rates.len() != 1 && rates.len() != rows {
        return Err(invalid_argument(
            "rate",
            format!("must be one rate or one per row: {} rates for {rows} rows", rates.len()),
        ));
    }
    Ok(rates)
}

/// The dates of `xirrBatch`: one list shared by every row (an array of dates, or a
/// `Float64Array` of epoch milliseconds), or one list per row.
fn batch_dates(dates: &JsValue, rows: usize) -> Result<Vec<Vec<NaiveDate>>, Failure> {
    let per_row = dates.dyn_ref::<Array>().is_some_and(|list| {
        list.iter().any(|d| d.is_instance_of::<Array>() || d.is_instance_of::<js_sys::Float64Array>())
    });
    let lists = if per_row {
        let list: &Array = dates.unchecked_ref();
        list.iter()
            .enumerate()
            .map(|(i, d)| {
                if d.is_instance_of::<Array>() || d.is_instance_of::<js_sys::Float64Array>() {
                    date_list(&d, &format!("dates[{i}]"))
                } else {
                    Err(invalid_argument("dates", "mixes dates and lists of dates"))
                }
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![date_list(dates, "dates")?]
    };
    if lists.len() != 1 && lists.len() != rows {
        return Err(invalid_argument(
            "dates",
            format!("must be one date list or one per row: {} lists for {rows} rows", lists.len()),
        ));
    }
    Ok(lists)
}

/// IRR of many projects: one row of flows per project (`Float64Array`s or arrays, rows
/// may differ in length). Returns one IRR per row. `options.errors`: `"throw"` (default)
/// throws the first failing row's error with its `row` set; `"nan"` puts NaN there.
#[wasm_bindgen(js_name = "irrBatch")]
pub fn irr_batch(
    #[wasm_bindgen(unchecked_param_type = "Array<OwnedFlows>")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
    #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: JsValue,
) -> Result<Vec<f64>, JsValue> {
    call(|| {
        let nan = batch_options(&options)?.nan;
        let results =
            finance::irr_batch(&rows(&values)?, guess).into_iter().map(|r| r.map_err(Failure::Core)).collect();
        batch_result(results, nan)
    })
}

/// NPV of many projects (the spreadsheet's NPV, or `{t0: true}` for t = 0): `rate` is
/// one rate for all rows or one per row.
#[wasm_bindgen(js_name = "npvBatch")]
pub fn npv_batch(
    #[wasm_bindgen(unchecked_param_type = "number | OwnedFlows")] rate: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Array<OwnedFlows>")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: JsValue,
) -> Result<Vec<f64>, JsValue> {
    call(|| {
        let options = batch_options(&options)?;
        let rows = rows(&values)?;
        let rates = rates_for(&rate, rows.len())?;
        let results = rows
            .iter()
            .zip(rates.iter().cycle())
            .map(|(r, &rate)| Ok(if options.t0 { finance::npv_t0(rate, r)? } else { finance::npv(rate, r)? }))
            .collect();
        batch_result(results, options.nan)
    })
}

/// XIRR of many projects: `dates` is one date list shared by every row, or one list per
/// row.
#[wasm_bindgen(js_name = "xirrBatch")]
pub fn xirr_batch(
    #[wasm_bindgen(unchecked_param_type = "Array<OwnedFlows>")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BatchDates")] dates: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
    #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: JsValue,
) -> Result<Vec<f64>, JsValue> {
    call(|| {
        let nan = batch_options(&options)?.nan;
        let rows = rows(&values)?;
        let dates = batch_dates(&dates, rows.len())?;
        let results = rows.iter().zip(dates.iter().cycle()).map(|(r, d)| Ok(finance::xirr(r, d, guess)?)).collect();
        batch_result(results, nan)
    })
}

// ---------------------------------------------------------------------------------
// Async variants: on wasm they run on the calling thread and return a settled Promise.

fn float64_array(result: Result<Vec<f64>, JsValue>) -> Result<js_sys::Float64Array, JsValue> {
    result.map(|v| js_sys::Float64Array::from(v.as_slice()))
}

/// `npv` as a Promise. On wasm it runs on the calling thread and returns a settled
/// Promise (rejected with the error `npv` throws); run the package in a Web Worker to keep
/// a page responsive.
#[wasm_bindgen(js_name = "npvAsync", unchecked_return_type = "Promise<number>")]
pub fn npv_async(rate: f64, #[wasm_bindgen(unchecked_param_type = "OwnedFlows")] values: JsValue) -> Promise {
    promise(npv(rate, values))
}

/// `xnpv` as a Promise (on wasm: run on the calling thread, returned settled).
#[wasm_bindgen(js_name = "xnpvAsync", unchecked_return_type = "Promise<number>")]
pub fn xnpv_async(
    rate: f64,
    #[wasm_bindgen(unchecked_param_type = "OwnedFlows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(js_name = "dayCount", unchecked_optional_param_type = "string | null")] day_count: Option<String>,
) -> Promise {
    promise(xnpv(rate, values, dates, day_count))
}

/// `irr` as a Promise (on wasm: run on the calling thread, returned settled).
#[wasm_bindgen(js_name = "irrAsync", unchecked_return_type = "Promise<number>")]
pub fn irr_async(
    #[wasm_bindgen(unchecked_param_type = "OwnedFlows")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
) -> Promise {
    promise(irr(values, guess))
}

/// `xirr` as a Promise (on wasm: run on the calling thread, returned settled).
#[wasm_bindgen(js_name = "xirrAsync", unchecked_return_type = "Promise<number>")]
pub fn xirr_async(
    #[wasm_bindgen(unchecked_param_type = "OwnedFlows")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
) -> Promise {
    promise(xirr(values, dates, guess))
}

/// `irrBatch` as a Promise of a `Float64Array` (on wasm: run on the calling thread,
/// returned settled).
#[wasm_bindgen(js_name = "irrBatchAsync", unchecked_return_type = "Promise<Float64Array>")]
pub fn irr_batch_async(
    #[wasm_bindgen(unchecked_param_type = "Array<OwnedFlows>")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
    #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: JsValue,
) -> Promise {
    promise(float64_array(irr_batch(values, guess, options)))
}

/// `npvBatch` as a Promise of a `Float64Array` (on wasm: run on the calling thread,
/// returned settled).
#[wasm_bindgen(js_name = "npvBatchAsync", unchecked_return_type = "Promise<Float64Array>")]
pub fn npv_batch_async(
    #[wasm_bindgen(unchecked_param_type = "number | OwnedFlows")] rate: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Array<OwnedFlows>")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: JsValue,
) -> Promise {
    promise(float64_array(npv_batch(rate, values, options)))
}

/// `xirrBatch` as a Promise of a `Float64Array` (on wasm: run on the calling thread,
/// returned settled).
#[wasm_bindgen(js_name = "xirrBatchAsync", unchecked_return_type = "Promise<Float64Array>")]
pub fn xirr_batch_async(
    #[wasm_bindgen(unchecked_param_type = "Array<OwnedFlows>")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BatchDates")] dates: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] guess: Option<f64>,
    #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: JsValue,
) -> Promise {
    promise(float64_array(xirr_batch(values, dates, guess, options)))
}
