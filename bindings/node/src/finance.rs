//! Wraps `valuepm_core::finance`: the spreadsheet functions with the spreadsheet's
//! argument order and conventions, the detailed solvers, day counts, batch forms, and
//! `…Async` variants that run on the libuv thread pool and return a Promise.

use napi::bindgen_prelude::{AsyncTask, Either, Either3, Float64Array};
use napi::{Env, Task};
use napi_derive::napi;
use valuepm_core::finance::{self, RootSolution as CoreRootSolution, SolverOptions};

use crate::convert::{self, date, date_list, dates, flows, owned_flows, DateArg, Dates, Flows, OwnedFlows};
use crate::error::{call, invalid_argument, run, to_js, Failure, Work};

fn solver(guess: Option<f64>, fallback: Option<bool>) -> SolverOptions {
    SolverOptions { guess, fallback: fallback.unwrap_or(true) }
}

/// A payment timing: `0` / `"end"` (default) or `1` / `"begin"`.
type Timing = Either<f64, String>;

// ---------------------------------------------------------------------------------
// Discounting and internal rates of return

/// Net present value, the spreadsheet's NPV: the first value is discounted one full
/// period, `sum(values[i] / (1 + rate) ** (i + 1))`.
#[napi]
pub fn npv(env: Env, rate: f64, values: Flows) -> napi::Result<f64> {
    call(env, || Ok(finance::npv(rate, flows(&values))?))
}

/// Net present value with the first value at t = 0: `sum(values[i] / (1 + rate) ** i)`.
#[napi(js_name = "npvT0")]
pub fn npv_t0(env: Env, rate: f64, values: Flows) -> napi::Result<f64> {
    call(env, || Ok(finance::npv_t0(rate, flows(&values))?))
}

/// Net present value of dated flows (spreadsheet XNPV): Actual/365 from the first listed
/// date, or `dayCount` (`actual_365_fixed`, `actual_360`, `actual_actual_isda`,
/// `thirty_360_us`, `thirty_360_european`).
#[napi]
pub fn xnpv(env: Env, rate: f64, values: Flows, dates: Dates, day_count: Option<String>) -> napi::Result<f64> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        match day_count {
            None => Ok(finance::xnpv(rate, flows(&values), &d)?),
            Some(name) => Ok(finance::xnpv_with(rate, flows(&values), &d, convert::day_count(Some(&name))?)?),
        }
    })
}

/// XNPV with the times measured by `dayCount` from the first listed date.
#[napi]
pub fn xnpv_with(env: Env, rate: f64, values: Flows, dates: Dates, day_count: String) -> napi::Result<f64> {
    xnpv(env, rate, values, dates, Some(day_count))
}

/// Internal rate of return of periodic flows (spreadsheet IRR); `guess` defaults to 0.1.
/// Returns the root the spreadsheet returns, or where it gives up but a root exists,
/// the root nearest the guess. No root throws a `no_convergence` error.
#[napi]
pub fn irr(env: Env, values: Flows, guess: Option<f64>) -> napi::Result<f64> {
    call(env, || Ok(finance::irr(flows(&values), guess)?))
}

/// A rate found by a solver: `rate`, `method` (`newton` or `bracketing`) and `iterations`.
#[napi(js_name = "RootSolution")]
pub struct JsRootSolution {
    inner: CoreRootSolution,
}

#[napi]
impl JsRootSolution {
    /// The rate per period (per year for XIRR).
    #[napi(getter)]
    pub fn rate(&self) -> f64 {
        self.inner.rate
    }

    /// `newton` (the spreadsheet's own result) or `bracketing` (the fallback).
    #[napi(getter)]
    pub fn method(&self) -> String {
        convert::name_of(&self.inner.method)
    }

    /// The work done over every stage.
    #[napi(getter)]
    pub fn iterations(&self) -> u32 {
        self.inner.iterations
    }

    /// `{rate, method, iterations}`.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<serde_json::Value> {
        call(env, || convert::to_json(&self.inner))
    }
}

/// IRR with its method: `fallback = false` gives exactly the spreadsheet's result
/// (Newton only).
#[napi]
pub fn irr_solve(env: Env, values: Flows, guess: Option<f64>, fallback: Option<bool>) -> napi::Result<JsRootSolution> {
    call(env, || Ok(JsRootSolution { inner: finance::irr_solve(flows(&values), &solver(guess, fallback))? }))
}

/// Every distinct real IRR greater than -1, in increasing order (empty when none).
#[napi]
pub fn irr_all_roots(env: Env, values: Flows) -> napi::Result<Vec<f64>> {
    call(env, || Ok(finance::irr_all_roots(flows(&values))?))
}

/// IRR of flows at arbitrary times in years (`times[i]` for `values[i]`).
#[napi]
pub fn irr_of_times(env: Env, values: Flows, times: Flows, guess: Option<f64>) -> napi::Result<f64> {
    call(env, || Ok(finance::irr_of_times(flows(&values), flows(&times), guess)?))
}

/// Internal rate of return of dated flows (spreadsheet XIRR), per year of 365 days.
#[napi]
pub fn xirr(env: Env, values: Flows, dates: Dates, guess: Option<f64>) -> napi::Result<f64> {
    call(env, || Ok(finance::xirr(flows(&values), &date_list(&dates, "dates")?, guess)?))
}

/// XIRR with its method (`fallback = false`: exactly the spreadsheet's result).
#[napi]
pub fn xirr_solve(
    env: Env,
    values: Flows,
    dates: Dates,
    guess: Option<f64>,
    fallback: Option<bool>,
) -> napi::Result<JsRootSolution> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        Ok(JsRootSolution { inner: finance::xirr_solve(flows(&values), &d, &solver(guess, fallback))? })
    })
}

/// Modified IRR (spreadsheet MIRR): negatives financed at `financeRate`, positives
/// reinvested at `reinvestRate`.
#[napi]
pub fn mirr(env: Env, values: Flows, finance_rate: f64, reinvest_rate: f64) -> napi::Result<f64> {
    call(env, || Ok(finance::mirr(flows(&values), finance_rate, reinvest_rate)?))
}

// ---------------------------------------------------------------------------------
// Time value of money. `type`: 0 / "end" (default) or 1 / "begin".

/// Payment per period of a loan or annuity (spreadsheet PMT).
#[napi]
pub fn pmt(
    env: Env,
    rate: f64,
    nper: f64,
    pv: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::pmt(rate, nper, pv, fv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?)?))
}

/// Present value (spreadsheet PV).
#[napi]
pub fn pv(
    env: Env,
    rate: f64,
    nper: f64,
    pmt: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::pv(rate, nper, pmt, fv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?)?))
}

/// Future value (spreadsheet FV).
#[napi]
pub fn fv(
    env: Env,
    rate: f64,
    nper: f64,
    pmt: f64,
    pv: Option<f64>,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::fv(rate, nper, pmt, pv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?)?))
}

/// Number of periods (spreadsheet NPER).
#[napi]
pub fn nper(
    env: Env,
    rate: f64,
    pmt: f64,
    pv: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::nper(rate, pmt, pv, fv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?)?))
}

/// Rate per period of an annuity (spreadsheet RATE); `guess` defaults to 0.1.
#[napi]
pub fn rate(
    env: Env,
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
    guess: Option<f64>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::rate(nper, pmt, pv, fv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?, guess)?))
}

/// RATE with its method (`fallback = false`: exactly the spreadsheet's result).
#[napi]
pub fn rate_solve(
    env: Env,
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
    guess: Option<f64>,
    fallback: Option<bool>,
) -> napi::Result<JsRootSolution> {
    call(env, || {
        let t = convert::timing(payment_type.as_ref())?;
        let inner = finance::rate_solve(nper, pmt, pv, fv.unwrap_or(0.0), t, &solver(guess, fallback))?;
        Ok(JsRootSolution { inner })
    })
}

/// Interest part of the payment in period `per` (spreadsheet IPMT).
#[napi]
pub fn ipmt(
    env: Env,
    rate: f64,
    per: f64,
    nper: f64,
    pv: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::ipmt(rate, per, nper, pv, fv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?)?))
}

/// Principal part of the payment in period `per` (spreadsheet PPMT).
#[napi]
pub fn ppmt(
    env: Env,
    rate: f64,
    per: f64,
    nper: f64,
    pv: f64,
    fv: Option<f64>,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || Ok(finance::ppmt(rate, per, nper, pv, fv.unwrap_or(0.0), convert::timing(payment_type.as_ref())?)?))
}

/// Interest paid from `startPeriod` to `endPeriod` inclusive (spreadsheet CUMIPMT).
#[napi]
pub fn cumipmt(
    env: Env,
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || {
        Ok(finance::cumipmt(rate, nper, pv, start_period, end_period, convert::timing(payment_type.as_ref())?)?)
    })
}

/// Principal repaid from `startPeriod` to `endPeriod` inclusive (spreadsheet CUMPRINC).
#[napi]
pub fn cumprinc(
    env: Env,
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    payment_type: Option<Timing>,
) -> napi::Result<f64> {
    call(env, || {
        Ok(finance::cumprinc(rate, nper, pv, start_period, end_period, convert::timing(payment_type.as_ref())?)?)
    })
}

// ---------------------------------------------------------------------------------
// Rates and depreciation

/// Effective annual rate of a nominal rate compounded `npery` times (spreadsheet EFFECT).
#[napi]
pub fn effect(env: Env, nominal_rate: f64, npery: f64) -> napi::Result<f64> {
    call(env, || Ok(finance::effect(nominal_rate, npery)?))
}

/// Nominal rate of an effective annual rate (spreadsheet NOMINAL).
#[napi]
pub fn nominal(env: Env, effect_rate: f64, npery: f64) -> napi::Result<f64> {
    call(env, || Ok(finance::nominal(effect_rate, npery)?))
}

/// Straight-line depreciation per period (spreadsheet SLN).
#[napi]
pub fn sln(env: Env, cost: f64, salvage: f64, life: f64) -> napi::Result<f64> {
    call(env, || Ok(finance::sln(cost, salvage, life)?))
}

/// Sum-of-years'-digits depreciation for `period` (spreadsheet SYD).
#[napi]
pub fn syd(env: Env, cost: f64, salvage: f64, life: f64, period: f64) -> napi::Result<f64> {
    call(env, || Ok(finance::syd(cost, salvage, life, period)?))
}

/// Fixed-declining-balance depreciation (spreadsheet DB); `month` defaults to 12.
#[napi]
pub fn db(env: Env, cost: f64, salvage: f64, life: f64, period: f64, month: Option<f64>) -> napi::Result<f64> {
    call(env, || Ok(finance::db(cost, salvage, life, period, month)?))
}

/// Double-declining-balance depreciation (spreadsheet DDB); `factor` defaults to 2.
#[napi]
pub fn ddb(env: Env, cost: f64, salvage: f64, life: f64, period: f64, factor: Option<f64>) -> napi::Result<f64> {
    call(env, || Ok(finance::ddb(cost, salvage, life, period, factor)?))
}

/// Years from `start` to `end` under `dayCount` (default `actual_365_fixed`; negative
/// when `end` is earlier).
#[napi]
pub fn year_fraction(env: Env, start: DateArg, end: DateArg, day_count: Option<String>) -> napi::Result<f64> {
    call(env, || {
        let dc = convert::day_count(day_count.as_deref())?;
        Ok(dc.year_fraction(date(&start, "start")?, date(&end, "end")?))
    })
}

// ---------------------------------------------------------------------------------
// Batch forms and async work

/// Options of the batch functions.
#[napi(object)]
pub struct BatchOptions {
    /// `"throw"` (default): throw the first failing row's error (its `row` is set);
    /// `"nan"`: put NaN where a row has no result.
    pub errors: Option<String>,
    /// `npvBatch` only: the first value at t = 0 (`npvT0`) instead of one period out.
    pub t0: Option<bool>,
}

fn nan_mode(options: Option<&BatchOptions>) -> Result<bool, Failure> {
    match options.and_then(|o| o.errors.as_deref()) {
        None | Some("throw") => Ok(false),
        Some("nan") => Ok(true),
        Some(other) => Err(invalid_argument("errors", format!("must be \"throw\" or \"nan\", got {other:?}"))),
    }
}

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

fn rows(values: Vec<OwnedFlows>) -> Vec<Vec<f64>> {
    values.into_iter().map(owned_flows).collect()
}

/// Work that runs on the libuv thread pool and settles a Promise with a number.
pub struct NumberTask(Work<f64>);

#[napi]
impl Task for NumberTask {
    type Output = Result<f64, Failure>;
    type JsValue = f64;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.0.take().map_or_else(|| Err(Failure::Panic("task ran twice".to_owned())), run))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<f64> {
        output.map_err(|f| to_js(env, &f))
    }
}

/// Work that runs on the libuv thread pool and settles a Promise with a `Float64Array`.
pub struct ArrayTask(Work<Vec<f64>>);

#[napi]
impl Task for ArrayTask {
    type Output = Result<Vec<f64>, Failure>;
    type JsValue = Float64Array;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.0.take().map_or_else(|| Err(Failure::Panic("task ran twice".to_owned())), run))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Float64Array> {
        output.map(Float64Array::new).map_err(|f| to_js(env, &f))
    }
}

fn number_task(f: impl FnOnce() -> Result<f64, Failure> + Send + 'static) -> AsyncTask<NumberTask> {
    AsyncTask::new(NumberTask(Some(Box::new(f))))
}

fn array_task(f: impl FnOnce() -> Result<Vec<f64>, Failure> + Send + 'static) -> AsyncTask<ArrayTask> {
    AsyncTask::new(ArrayTask(Some(Box::new(f))))
}

fn irr_rows(rows: &[Vec<f64>], guess: Option<f64>, nan: bool) -> Result<Vec<f64>, Failure> {
    let results = finance::irr_batch(rows, guess).into_iter().map(|r| r.map_err(Failure::Core)).collect();
    batch_result(results, nan)
}

/// IRR of many projects: one row of flows per project (`Float64Array`s or arrays, rows
/// may differ in length). Returns one IRR per row.
#[napi]
pub fn irr_batch(
    env: Env,
    values: Vec<OwnedFlows>,
    guess: Option<f64>,
    options: Option<BatchOptions>,
) -> napi::Result<Float64Array> {
    call(env, || {
        let nan = nan_mode(options.as_ref())?;
        irr_rows(&rows(values), guess, nan).map(Float64Array::new)
    })
}

/// `irrBatch` on the libuv thread pool.
#[napi(ts_return_type = "Promise<Float64Array>")]
pub fn irr_batch_async(
    env: Env,
    values: Vec<OwnedFlows>,
    guess: Option<f64>,
    options: Option<BatchOptions>,
) -> napi::Result<AsyncTask<ArrayTask>> {
    let nan = call(env, || nan_mode(options.as_ref()))?;
    let rows = rows(values);
    Ok(array_task(move || irr_rows(&rows, guess, nan)))
}

fn rates_for(rate: Either<f64, OwnedFlows>, rows: usize) -> Result<Vec<f64>, Failure> {
    let rates = match rate {
        Either::A(r) => vec![r],
        Either::B(list) => owned_flows(list),
    };
    if rates.len() != 1 && rates.len() != rows {
        return Err(invalid_argument(
            "rate",
            format!("must be one rate or one per row: {} rates for {rows} rows", rates.len()),
        ));
    }
    Ok(rates)
}

fn npv_rows(rates: &[f64], rows: &[Vec<f64>], t0: bool, nan: bool) -> Result<Vec<f64>, Failure> {
    let results = rows
        .iter()
        .zip(rates.iter().cycle())
        .map(|(r, &rate)| run(|| Ok(if t0 { finance::npv_t0(rate, r)? } else { finance::npv(rate, r)? })))
        .collect();
    batch_result(results, nan)
}

/// NPV of many projects (the spreadsheet's NPV, or `{t0: true}` for t = 0): `rate` is
/// one rate for all rows or one per row.
#[napi]
pub fn npv_batch(
    env: Env,
    rate: Either<f64, OwnedFlows>,
    values: Vec<OwnedFlows>,
    options: Option<BatchOptions>,
) -> napi::Result<Float64Array> {
    call(env, || {
        let nan = nan_mode(options.as_ref())?;
        let rows = rows(values);
        let rates = rates_for(rate, rows.len())?;
        npv_rows(&rates, &rows, options.as_ref().and_then(|o| o.t0).unwrap_or(false), nan).map(Float64Array::new)
    })
}

/// `npvBatch` on the libuv thread pool.
#[napi(ts_return_type = "Promise<Float64Array>")]
pub fn npv_batch_async(
    env: Env,
    rate: Either<f64, OwnedFlows>,
    values: Vec<OwnedFlows>,
    options: Option<BatchOptions>,
) -> napi::Result<AsyncTask<ArrayTask>> {
    let (nan, rows, rates) = call(env, || {
        let nan = nan_mode(options.as_ref())?;
        let rows = rows(values);
        let rates = rates_for(rate, rows.len())?;
        Ok((nan, rows, rates))
    })?;
    let t0 = options.as_ref().and_then(|o| o.t0).unwrap_or(false);
    Ok(array_task(move || npv_rows(&rates, &rows, t0, nan)))
}

/// Dates of `xirrBatch`: one list shared by every row, or one list per row.
type BatchDates = Vec<Either3<String, chrono::DateTime<chrono::Utc>, Vec<DateArg>>>;

fn batch_dates(dates: &BatchDates, rows: usize) -> Result<Vec<Vec<chrono::NaiveDate>>, Failure> {
    let per_row = dates.iter().any(|d| matches!(d, Either3::C(_)));
    let lists: Vec<Vec<chrono::NaiveDate>> = if per_row {
        dates
            .iter()
            .map(|d| match d {
                Either3::C(list) => self::dates(list, "dates"),
                _ => Err(invalid_argument("dates", "mixes dates and lists of dates")),
            })
            .collect::<Result<_, _>>()?
    } else {
        let shared: Vec<DateArg> = dates
            .iter()
            .map(|d| match d {
                Either3::A(s) => Either::A(s.clone()),
                Either3::B(t) => Either::B(*t),
                Either3::C(_) => Either::A(String::new()),
            })
            .collect();
        vec![self::dates(&shared, "dates")?]
    };
    if lists.len() != 1 && lists.len() != rows {
        return Err(invalid_argument(
            "dates",
            format!("must be one date list or one per row: {} lists for {rows} rows", lists.len()),
        ));
    }
    Ok(lists)
}

fn xirr_rows(
    rows: &[Vec<f64>],
    dates: &[Vec<chrono::NaiveDate>],
    guess: Option<f64>,
    nan: bool,
) -> Result<Vec<f64>, Failure> {
    let results = rows.iter().zip(dates.iter().cycle()).map(|(r, d)| run(|| Ok(finance::xirr(r, d, guess)?))).collect();
    batch_result(results, nan)
}

/// XIRR of many projects: `dates` is one date list shared by every row, or one list per
/// row.
#[napi]
pub fn xirr_batch(
    env: Env,
    values: Vec<OwnedFlows>,
    dates: BatchDates,
    guess: Option<f64>,
    options: Option<BatchOptions>,
) -> napi::Result<Float64Array> {
    call(env, || {
        let nan = nan_mode(options.as_ref())?;
        let rows = rows(values);
        let dates = batch_dates(&dates, rows.len())?;
        xirr_rows(&rows, &dates, guess, nan).map(Float64Array::new)
    })
}

/// `xirrBatch` on the libuv thread pool.
#[napi(ts_return_type = "Promise<Float64Array>")]
pub fn xirr_batch_async(
    env: Env,
    values: Vec<OwnedFlows>,
    dates: BatchDates,
    guess: Option<f64>,
    options: Option<BatchOptions>,
) -> napi::Result<AsyncTask<ArrayTask>> {
    let (nan, rows, dates) = call(env, || {
        let nan = nan_mode(options.as_ref())?;
        let rows = rows(values);
        let dates = batch_dates(&dates, rows.len())?;
        Ok((nan, rows, dates))
    })?;
    Ok(array_task(move || xirr_rows(&rows, &dates, guess, nan)))
}

/// `npv` on the libuv thread pool (for very long flow lists).
#[napi(ts_return_type = "Promise<number>")]
pub fn npv_async(rate: f64, values: OwnedFlows) -> AsyncTask<NumberTask> {
    let values = owned_flows(values);
    number_task(move || Ok(finance::npv(rate, &values)?))
}

/// `xnpv` on the libuv thread pool.
#[napi(ts_return_type = "Promise<number>")]
pub fn xnpv_async(
    env: Env,
    rate: f64,
    values: OwnedFlows,
    dates: Dates,
    day_count: Option<String>,
) -> napi::Result<AsyncTask<NumberTask>> {
    let (d, dc) = call(env, || Ok((date_list(&dates, "dates")?, convert::day_count(day_count.as_deref())?)))?;
    let values = owned_flows(values);
    Ok(number_task(move || Ok(finance::xnpv_with(rate, &values, &d, dc)?)))
}

/// `irr` on the libuv thread pool.
#[napi(ts_return_type = "Promise<number>")]
pub fn irr_async(values: OwnedFlows, guess: Option<f64>) -> AsyncTask<NumberTask> {
    let values = owned_flows(values);
    number_task(move || Ok(finance::irr(&values, guess)?))
}

/// `xirr` on the libuv thread pool (for very long flow lists).
#[napi(ts_return_type = "Promise<number>")]
pub fn xirr_async(
    env: Env,
    values: OwnedFlows,
    dates: Dates,
    guess: Option<f64>,
) -> napi::Result<AsyncTask<NumberTask>> {
    let d = call(env, || date_list(&dates, "dates"))?;
    let values = owned_flows(values);
    Ok(number_task(move || Ok(finance::xirr(&values, &d, guess)?)))
}
