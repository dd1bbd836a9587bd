//! Wraps `valuepm_core::finance`: the spreadsheet functions with the spreadsheet's
//! argument names and conventions, the detailed solvers, day counts, and batch forms
//! over 2-D numpy arrays or lists of flow lists.
//!
//! Flows are read without copying from float64 numpy arrays and through a fast path
//! from lists of floats. Work on long inputs and every batch releases the GIL.

use chrono::NaiveDate;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use valuepm_core::finance::{self, DayCount, PaymentTiming, RootSolution, SolverOptions};
use valuepm_core::Result as CoreResult;

use crate::convert::{
    date_from_py, dates_from_py, float_from_py, floats_from_py, name_from_py, name_of, record_from_json, record_to_py,
    rows_from_py, timing_from_py, to_json_text, Floats,
};
use crate::error::{run, Failure, OrRaise};

/// Inputs at least this long are computed with the GIL released (shorter ones cost
/// less than the release).
const DETACH_LEN: usize = 4096;

/// Runs `f` on `values`, releasing the GIL when the input is long.
fn compute<T: Send>(py: Python<'_>, len: usize, f: impl FnOnce() -> CoreResult<T> + Send) -> PyResult<T> {
    if len >= DETACH_LEN {
        py.detach(|| run(f)).or_raise()
    } else {
        run(f).or_raise()
    }
}

fn timing(value: Option<&Bound<'_, PyAny>>) -> PyResult<PaymentTiming> {
    value.map_or(Ok(PaymentTiming::End), timing_from_py)
}

fn day_count(value: Option<&Bound<'_, PyAny>>) -> PyResult<DayCount> {
    value.map_or(Ok(DayCount::Actual365Fixed), |d| name_from_py(d, "day_count"))
}

fn solver(guess: Option<f64>, fallback: bool) -> SolverOptions {
    SolverOptions { guess, fallback }
}

// ---------------------------------------------------------------------------------
// Discounting and internal rates of return

/// Net present value, the spreadsheet's NPV: the first value is discounted one full
/// period, `sum(values[i] / (1 + rate) ** (i + 1))`. With `t0=True` the first value is
/// at t = 0 (numpy-financial's convention, `npv_t0`).
#[pyfunction]
#[pyo3(signature = (rate, values, *, t0 = false))]
pub fn npv(py: Python<'_>, rate: f64, values: &Bound<'_, PyAny>, t0: bool) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let v = values.as_slice();
    compute(py, v.len(), || if t0 { finance::npv_t0(rate, v) } else { finance::npv(rate, v) })
}

/// Net present value with the first value at t = 0: `sum(values[i] / (1 + rate) ** i)`.
#[pyfunction]
pub fn npv_t0(py: Python<'_>, rate: f64, values: &Bound<'_, PyAny>) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let v = values.as_slice();
    compute(py, v.len(), || finance::npv_t0(rate, v))
}

/// Net present value of dated flows (spreadsheet XNPV): Actual/365 from the first listed
/// date, or `day_count` (`actual_365_fixed`, `actual_360`, `actual_actual_isda`,
/// `thirty_360_us`, `thirty_360_european`).
#[pyfunction]
#[pyo3(signature = (rate, values, dates, *, day_count = None))]
pub fn xnpv(
    py: Python<'_>,
    rate: f64,
    values: &Bound<'_, PyAny>,
    dates: &Bound<'_, PyAny>,
    day_count: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let dates = dates_from_py(dates, "dates")?;
    let v = values.as_slice();
    match day_count {
        None => compute(py, v.len(), || finance::xnpv(rate, v, &dates)),
        Some(d) => {
            let d = name_from_py(d, "day_count")?;
            compute(py, v.len(), || finance::xnpv_with(rate, v, &dates, d))
        }
    }
}

/// XNPV with the times measured by `day_count` from the first listed date.
#[pyfunction]
pub fn xnpv_with(
    py: Python<'_>,
    rate: f64,
    values: &Bound<'_, PyAny>,
    dates: &Bound<'_, PyAny>,
    day_count: &Bound<'_, PyAny>,
) -> PyResult<f64> {
    xnpv(py, rate, values, dates, Some(day_count))
}

/// Internal rate of return of periodic flows (spreadsheet IRR); `guess` defaults to 0.1.
/// Returns the root the spreadsheet returns, or where it gives up but a root exists,
/// the root nearest the guess. No root raises `ConvergenceError`.
#[pyfunction]
#[pyo3(signature = (values, guess = None))]
pub fn irr(py: Python<'_>, values: &Bound<'_, PyAny>, guess: Option<f64>) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let v = values.as_slice();
    compute(py, v.len(), || finance::irr(v, guess))
}

/// A rate found by a solver: `rate`, `method` (`newton` or `bracketing`) and `iterations`.
#[pyclass(frozen, name = "RootSolution", module = "valuepm")]
pub struct PyRootSolution {
    inner: RootSolution,
}

#[pymethods]
impl PyRootSolution {
    /// The rate per period (per year for XIRR).
    #[getter]
    fn rate(&self) -> f64 {
        self.inner.rate
    }

    /// `newton` (the spreadsheet's own result) or `bracketing` (the fallback).
    #[getter]
    fn method(&self) -> String {
        name_of(&self.inner.method)
    }

    /// The work done over every stage.
    #[getter]
    fn iterations(&self) -> u32 {
        self.inner.iterations
    }

    /// `{"rate", "method", "iterations"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner)
    }

    /// From JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        record_from_json(text, "root solution").map(|inner| PyRootSolution { inner })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyRootSolution>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "RootSolution(rate={}, method='{}', iterations={})",
            self.inner.rate,
            name_of(&self.inner.method),
            self.inner.iterations
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let text = to_json_text(&slf.get().inner)?;
        PyTuple::new(py, [slf.get_type().getattr("from_json")?, PyTuple::new(py, [text])?.into_any()])
    }
}

/// IRR with its method: `fallback=False` gives exactly the spreadsheet's result
/// (Newton only).
#[pyfunction]
#[pyo3(signature = (values, guess = None, *, fallback = true))]
pub fn irr_solve(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    guess: Option<f64>,
    fallback: bool,
) -> PyResult<PyRootSolution> {
    let values = floats_from_py(values, "values")?;
    let v = values.as_slice();
    compute(py, v.len(), || finance::irr_solve(v, &solver(guess, fallback))).map(|inner| PyRootSolution { inner })
}

/// Every distinct real IRR greater than -1, in increasing order (empty when none).
#[pyfunction]
pub fn irr_all_roots(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    let values = floats_from_py(values, "values")?;
    let v = values.as_slice();
    // The root scan is heavier than one IRR: release the GIL from shorter inputs on.
    compute(py, v.len() * 64, || finance::irr_all_roots(v))
}

/// IRR of flows at arbitrary times in years (`times[i]` for `values[i]`).
#[pyfunction]
#[pyo3(signature = (values, times, guess = None))]
pub fn irr_of_times(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    guess: Option<f64>,
) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let times = floats_from_py(times, "times")?;
    let (v, t) = (values.as_slice(), times.as_slice());
    compute(py, v.len(), || finance::irr_of_times(v, t, guess))
}

/// Internal rate of return of dated flows (spreadsheet XIRR), per year of 365 days.
#[pyfunction]
#[pyo3(signature = (values, dates, guess = None))]
pub fn xirr(py: Python<'_>, values: &Bound<'_, PyAny>, dates: &Bound<'_, PyAny>, guess: Option<f64>) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let dates = dates_from_py(dates, "dates")?;
    let v = values.as_slice();
    compute(py, v.len(), || finance::xirr(v, &dates, guess))
}

/// XIRR with its method (`fallback=False`: exactly the spreadsheet's result).
#[pyfunction]
#[pyo3(signature = (values, dates, guess = None, *, fallback = true))]
pub fn xirr_solve(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    dates: &Bound<'_, PyAny>,
    guess: Option<f64>,
    fallback: bool,
) -> PyResult<PyRootSolution> {
    let values = floats_from_py(values, "values")?;
    let dates = dates_from_py(dates, "dates")?;
    let v = values.as_slice();
    compute(py, v.len(), || finance::xirr_solve(v, &dates, &solver(guess, fallback)))
        .map(|inner| PyRootSolution { inner })
}

/// Modified IRR (spreadsheet MIRR): negatives financed at `finance_rate`, positives
/// reinvested at `reinvest_rate`.
#[pyfunction]
pub fn mirr(py: Python<'_>, values: &Bound<'_, PyAny>, finance_rate: f64, reinvest_rate: f64) -> PyResult<f64> {
    let values = floats_from_py(values, "values")?;
    let v = values.as_slice();
    compute(py, v.len(), || finance::mirr(v, finance_rate, reinvest_rate))
}

// ---------------------------------------------------------------------------------
// Time value of money. `type`: 0 / "end" (default) or 1 / "begin".

/// Payment per period of a loan or annuity (spreadsheet PMT).
#[pyfunction]
#[pyo3(signature = (rate, nper, pv, fv = 0.0, r#type = None), text_signature = "(rate, nper, pv, fv=0.0, type=0)")]
pub fn pmt(rate: f64, nper: f64, pv: f64, fv: f64, r#type: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::pmt(rate, nper, pv, fv, t)).or_raise()
}

/// Present value (spreadsheet PV).
#[pyfunction]
#[pyo3(signature = (rate, nper, pmt, fv = 0.0, r#type = None), text_signature = "(rate, nper, pmt, fv=0.0, type=0)")]
pub fn pv(rate: f64, nper: f64, pmt: f64, fv: f64, r#type: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::pv(rate, nper, pmt, fv, t)).or_raise()
}

/// Future value (spreadsheet FV).
#[pyfunction]
#[pyo3(signature = (rate, nper, pmt, pv = 0.0, r#type = None), text_signature = "(rate, nper, pmt, pv=0.0, type=0)")]
pub fn fv(rate: f64, nper: f64, pmt: f64, pv: f64, r#type: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::fv(rate, nper, pmt, pv, t)).or_raise()
}

/// Number of periods (spreadsheet NPER).
#[pyfunction]
#[pyo3(signature = (rate, pmt, pv, fv = 0.0, r#type = None), text_signature = "(rate, pmt, pv, fv=0.0, type=0)")]
pub fn nper(rate: f64, pmt: f64, pv: f64, fv: f64, r#type: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::nper(rate, pmt, pv, fv, t)).or_raise()
}

/// Rate per period of an annuity (spreadsheet RATE); `guess` defaults to 0.1.
#[pyfunction]
#[pyo3(signature = (nper, pmt, pv, fv = 0.0, r#type = None, guess = None), text_signature = "(nper, pmt, pv, fv=0.0, type=0, guess=None)")]
pub fn rate(
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: f64,
    r#type: Option<&Bound<'_, PyAny>>,
    guess: Option<f64>,
) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::rate(nper, pmt, pv, fv, t, guess)).or_raise()
}

/// RATE with its method (`fallback=False`: exactly the spreadsheet's result).
#[pyfunction]
#[pyo3(signature = (nper, pmt, pv, fv = 0.0, r#type = None, guess = None, *, fallback = true), text_signature = "(nper, pmt, pv, fv=0.0, type=0, guess=None, *, fallback=True)")]
pub fn rate_solve(
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: f64,
    r#type: Option<&Bound<'_, PyAny>>,
    guess: Option<f64>,
    fallback: bool,
) -> PyResult<PyRootSolution> {
    let t = timing(r#type)?;
    run(|| finance::rate_solve(nper, pmt, pv, fv, t, &solver(guess, fallback)))
        .or_raise()
        .map(|inner| PyRootSolution { inner })
}

/// Interest part of the payment in period `per` (spreadsheet IPMT).
#[pyfunction]
#[pyo3(signature = (rate, per, nper, pv, fv = 0.0, r#type = None), text_signature = "(rate, per, nper, pv, fv=0.0, type=0)")]
pub fn ipmt(rate: f64, per: f64, nper: f64, pv: f64, fv: f64, r#type: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::ipmt(rate, per, nper, pv, fv, t)).or_raise()
}

/// Principal part of the payment in period `per` (spreadsheet PPMT).
#[pyfunction]
#[pyo3(signature = (rate, per, nper, pv, fv = 0.0, r#type = None), text_signature = "(rate, per, nper, pv, fv=0.0, type=0)")]
pub fn ppmt(rate: f64, per: f64, nper: f64, pv: f64, fv: f64, r#type: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::ppmt(rate, per, nper, pv, fv, t)).or_raise()
}

/// Interest paid from `start_period` to `end_period` inclusive (spreadsheet CUMIPMT).
#[pyfunction]
#[pyo3(signature = (rate, nper, pv, start_period, end_period, r#type = None), text_signature = "(rate, nper, pv, start_period, end_period, type=0)")]
pub fn cumipmt(
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    r#type: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::cumipmt(rate, nper, pv, start_period, end_period, t)).or_raise()
}

/// Principal repaid from `start_period` to `end_period` inclusive (spreadsheet CUMPRINC).
#[pyfunction]
#[pyo3(signature = (rate, nper, pv, start_period, end_period, r#type = None), text_signature = "(rate, nper, pv, start_period, end_period, type=0)")]
pub fn cumprinc(
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    r#type: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let t = timing(r#type)?;
    run(|| finance::cumprinc(rate, nper, pv, start_period, end_period, t)).or_raise()
}

// ---------------------------------------------------------------------------------
// Rates and depreciation

/// Effective annual rate of a nominal rate compounded `npery` times (spreadsheet EFFECT).
#[pyfunction]
pub fn effect(nominal_rate: f64, npery: f64) -> PyResult<f64> {
    run(|| finance::effect(nominal_rate, npery)).or_raise()
}

/// Nominal rate of an effective annual rate (spreadsheet NOMINAL).
#[pyfunction]
pub fn nominal(effect_rate: f64, npery: f64) -> PyResult<f64> {
    run(|| finance::nominal(effect_rate, npery)).or_raise()
}

/// Straight-line depreciation per period (spreadsheet SLN).
#[pyfunction]
pub fn sln(cost: f64, salvage: f64, life: f64) -> PyResult<f64> {
    run(|| finance::sln(cost, salvage, life)).or_raise()
}

/// Sum-of-years'-digits depreciation for `period` (spreadsheet SYD).
#[pyfunction]
pub fn syd(cost: f64, salvage: f64, life: f64, period: f64) -> PyResult<f64> {
    run(|| finance::syd(cost, salvage, life, period)).or_raise()
}

/// Fixed-declining-balance depreciation (spreadsheet DB); `month` defaults to 12.
#[pyfunction]
#[pyo3(signature = (cost, salvage, life, period, month = None))]
pub fn db(cost: f64, salvage: f64, life: f64, period: f64, month: Option<f64>) -> PyResult<f64> {
    run(|| finance::db(cost, salvage, life, period, month)).or_raise()
}

/// Double-declining-balance depreciation (spreadsheet DDB); `factor` defaults to 2.
#[pyfunction]
#[pyo3(signature = (cost, salvage, life, period, factor = None))]
pub fn ddb(cost: f64, salvage: f64, life: f64, period: f64, factor: Option<f64>) -> PyResult<f64> {
    run(|| finance::ddb(cost, salvage, life, period, factor)).or_raise()
}

/// Years from `start` to `end` under `day_count` (negative when `end` is earlier).
#[pyfunction]
#[pyo3(signature = (start, end, day_count = None), text_signature = "(start, end, day_count='actual_365_fixed')")]
pub fn year_fraction(
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    day_count: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let dc = self::day_count(day_count)?;
    Ok(dc.year_fraction(date_from_py(start, "start")?, date_from_py(end, "end")?))
}

// ---------------------------------------------------------------------------------
// Batch forms

/// How a batch reports rows without a result.
#[derive(Clone, Copy, PartialEq)]
enum OnError {
    Raise,
    Nan,
}

fn on_error(py: Python<'_>, errors: &str) -> PyResult<OnError> {
    match errors {
        "raise" => Ok(OnError::Raise),
        "nan" => Ok(OnError::Nan),
        other => {
            Err(crate::error::invalid_argument(py, "errors", format!("must be \"raise\" or \"nan\", got {other:?}")))
        }
    }
}

/// The results as a float64 array; with `errors="raise"`, the first failing row's
/// error (its message names the row, and the exception's `row` is set).
fn batch_result(
    py: Python<'_>,
    results: Vec<Result<f64, Failure>>,
    mode: OnError,
) -> PyResult<Bound<'_, PyArray1<f64>>> {
    let mut out = Vec::with_capacity(results.len());
    for (row, result) in results.into_iter().enumerate() {
        match result {
            Ok(x) => out.push(x),
            Err(_) if mode == OnError::Nan => out.push(f64::NAN),
            Err(Failure::Core(e)) => return Err(crate::error::row_error(py, row, &e)),
            Err(failure) => return Err(failure.into()),
        }
    }
    Ok(PyArray1::from_vec(py, out))
}

fn each_row<T: Sync>(
    rows: &[&[f64]],
    extra: &[T],
    f: impl Fn(&[f64], &T) -> CoreResult<f64>,
) -> Vec<Result<f64, Failure>> {
    rows.iter().zip(extra.iter().cycle()).map(|(r, x)| run(|| f(r, x))).collect()
}

/// IRR of many projects: `values` is a 2-D array (one row per project) or a list of
/// flow lists (rows may differ in length). Returns a float64 array, one IRR per row.
/// `errors="raise"` (default) raises the first row's error; `errors="nan"` puts NaN
/// where a row has no IRR. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (values, guess = None, *, errors = "raise"))]
pub fn irr_batch<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    guess: Option<f64>,
    errors: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let mode = on_error(py, errors)?;
    let rows = rows_from_py(values, "values")?;
    let rows = rows.rows();
    let results = py.detach(|| {
        let batch = finance::irr_batch(&rows, guess);
        batch.into_iter().map(|r| r.map_err(Failure::Core)).collect::<Vec<_>>()
    });
    batch_result(py, results, mode)
}

/// NPV of many projects (the spreadsheet's NPV, or `t0=True` for t = 0): `rate` is one
/// rate for all rows or one per row. Same `values` and `errors` as `irr_batch`.
#[pyfunction]
#[pyo3(signature = (rate, values, *, t0 = false, errors = "raise"))]
pub fn npv_batch<'py>(
    py: Python<'py>,
    rate: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    t0: bool,
    errors: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let mode = on_error(py, errors)?;
    let rows = rows_from_py(values, "values")?;
    let rows = rows.rows();
    let rates: Floats<'_> = match float_from_py(rate, "rate") {
        Ok(r) => Floats::Owned(vec![r]),
        Err(_) => floats_from_py(rate, "rate")?,
    };
    let rates = rates.as_slice();
    if rates.len() != 1 && rates.len() != rows.len() {
        return Err(crate::error::invalid_argument(
            py,
            "rate",
            format!("must be one rate or one per row: {} rates for {} rows", rates.len(), rows.len()),
        ));
    }
    let results = py.detach(|| {
        each_row(&rows, rates, |r, &rate| if t0 { finance::npv_t0(rate, r) } else { finance::npv(rate, r) })
    });
    batch_result(py, results, mode)
}

/// XIRR of many projects: `values` as for `irr_batch`; `dates` one date list shared by
/// every row, or one date list per row. Same `errors` as `irr_batch`.
#[pyfunction]
#[pyo3(signature = (values, dates, guess = None, *, errors = "raise"))]
pub fn xirr_batch<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    dates: &Bound<'py, PyAny>,
    guess: Option<f64>,
    errors: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let mode = on_error(py, errors)?;
    let rows = rows_from_py(values, "values")?;
    let rows = rows.rows();
    let per_row = dates.get_item(0).is_ok_and(|first| {
        first.cast::<pyo3::types::PyList>().is_ok()
            || first.cast::<PyTuple>().is_ok()
            || first.hasattr("__array__").unwrap_or(false) && first.len().is_ok()
    });
    let dates: Vec<Vec<NaiveDate>> = if per_row {
        dates.try_iter()?.map(|d| dates_from_py(&d?, "dates")).collect::<PyResult<_>>()?
    } else {
        vec![dates_from_py(dates, "dates")?]
    };
    if dates.len() != 1 && dates.len() != rows.len() {
        return Err(crate::error::invalid_argument(
            py,
            "dates",
            format!("must be one date list or one per row: {} lists for {} rows", dates.len(), rows.len()),
        ));
    }
    let results = py.detach(|| each_row(&rows, &dates, |r, d| finance::xirr(r, d, guess)));
    batch_result(py, results, mode)
}
