//! Wraps `valuepm_core::analytics`: earned value and earned schedule results, KPI
//! trends (OLS, Theil–Sen), robust z-score anomalies, level shifts and Holt
//! (linear and damped-trend) exponential smoothing.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use valuepm_core::analytics::{self, EarnedValue, HoltForecast, HoltModel, HoltSpec, ItemProgress, Trend};

use crate::convert::{
    date_to_py, dates_from_py, floats_from_py, name_of, record_from_json, record_from_py, record_to_py, to_json_text,
};
use crate::error::{run, OrRaise};
use crate::model::{money, optional_money, reduce_json};
use crate::money::PyMoney;

/// Each cost item's percent complete: a mapping `{line_item_id: fraction}` or a list of
/// `{"line_item_id": ..., "percent_complete": ...}` records.
pub fn progress_from_py(progress: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<ItemProgress>> {
    match progress {
        None => Ok(Vec::new()),
        Some(p) => match p.cast::<PyDict>() {
            Ok(dict) => dict
                .iter()
                .map(|(k, v)| Ok(ItemProgress { line_item_id: k.extract()?, percent_complete: v.extract()? }))
                .collect(),
            Err(_) => record_from_py(p, "progress"),
        },
    }
}

/// Earned value (PMBOK) and earned schedule (Lipke) of a project at a status date.
#[pyclass(frozen, name = "EarnedValue", module = "valuepm")]
pub struct PyEarnedValue {
    pub(crate) inner: EarnedValue,
}

record_methods!(PyEarnedValue, "earned value", {
    /// The status date.
    #[getter]
    fn status_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.status_date)
    }

    /// Budget at completion (total planned cost).
    #[getter]
    fn bac<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.bac)
    }

    /// Planned value at the status date.
    #[getter]
    fn pv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.pv)
    }

    /// Earned value: the budget of the work done.
    #[getter]
    fn ev<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.ev)
    }

    /// Actual cost to the status date.
    #[getter]
    fn ac<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.ac)
    }

    /// Schedule variance EV − PV.
    #[getter]
    fn sv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.sv)
    }

    /// Cost variance EV − AC.
    #[getter]
    fn cv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.cv)
    }

    /// Schedule performance index EV / PV (None when PV is 0).
    #[getter]
    fn spi(&self) -> Option<f64> {
        self.inner.spi
    }

    /// Cost performance index EV / AC (None when AC is 0).
    #[getter]
    fn cpi(&self) -> Option<f64> {
        self.inner.cpi
    }

    /// Estimate at completion, typical variances: BAC / CPI.
    #[getter]
    fn eac<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyMoney>>> {
        optional_money(py, self.inner.eac.as_ref())
    }

    /// Estimate at completion, atypical variances: AC + (BAC − EV).
    #[getter]
    fn eac_atypical<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.eac_atypical)
    }

    /// Estimate at completion with schedule pressure: AC + (BAC − EV) / (CPI × SPI).
    #[getter]
    fn eac_cpi_spi<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyMoney>>> {
        optional_money(py, self.inner.eac_cpi_spi.as_ref())
    }

    /// Estimate to complete: EAC − AC.
    #[getter]
    fn etc<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyMoney>>> {
        optional_money(py, self.inner.etc.as_ref())
    }

    /// Variance at completion: BAC − EAC.
    #[getter]
    fn vac<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyMoney>>> {
        optional_money(py, self.inner.vac.as_ref())
    }

    /// To-complete performance index to meet the BAC.
    #[getter]
    fn tcpi_bac(&self) -> Option<f64> {
        self.inner.tcpi_bac
    }

    /// To-complete performance index to meet the EAC.
    #[getter]
    fn tcpi_eac(&self) -> Option<f64> {
        self.inner.tcpi_eac
    }

    /// Earned schedule, in days from the start.
    #[getter]
    fn earned_schedule_days(&self) -> f64 {
        self.inner.earned_schedule_days
    }

    /// Actual time, in days to the end of the status date.
    #[getter]
    fn actual_time_days(&self) -> f64 {
        self.inner.actual_time_days
    }

    /// Planned duration, in days.
    #[getter]
    fn planned_duration_days(&self) -> f64 {
        self.inner.planned_duration_days
    }

    /// Schedule variance in time: ES − AT (days).
    #[getter]
    fn sv_t_days(&self) -> f64 {
        self.inner.sv_t_days
    }

    /// Schedule performance index in time: ES / AT.
    #[getter]
    fn spi_t(&self) -> Option<f64> {
        self.inner.spi_t
    }

    /// Independent estimate at completion in time: PD / SPI(t) (days).
    #[getter]
    fn ieac_t_days(&self) -> Option<f64> {
        self.inner.ieac_t_days
    }

    fn __repr__(&self) -> String {
        let e = &self.inner;
        let ratio = |r: Option<f64>| r.map_or_else(|| "None".to_owned(), |v| format!("{v:.3}"));
        format!(
            "EarnedValue(status_date={}, bac={}, pv={}, ev={}, ac={}, spi={}, cpi={})",
            e.status_date,
            e.bac,
            e.pv,
            e.ev,
            e.ac,
            ratio(e.spi),
            ratio(e.cpi)
        )
    }
});

/// A straight-line trend fitted to a measurement series.
#[pyclass(frozen, name = "Trend", module = "valuepm")]
pub struct PyTrend {
    inner: Trend,
}

record_methods!(PyTrend, "trend", {
    /// `ols` or `theil_sen`.
    #[getter]
    fn method(&self) -> String {
        name_of(&self.inner.method)
    }

    /// Change per day.
    #[getter]
    fn slope_per_day(&self) -> f64 {
        self.inner.slope_per_day
    }

    /// Value at the first date.
    #[getter]
    fn intercept(&self) -> f64 {
        self.inner.intercept
    }

    /// Lower end of the slope's confidence interval.
    #[getter]
    fn slope_low(&self) -> f64 {
        self.inner.slope_low
    }

    /// Upper end of the slope's confidence interval.
    #[getter]
    fn slope_high(&self) -> f64 {
        self.inner.slope_high
    }

    /// The interval's confidence level.
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.confidence
    }

    /// The first date (day 0).
    #[getter]
    fn origin<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.origin)
    }

    /// The trend's value on `date`.
    fn value_on(&self, date: &Bound<'_, PyAny>) -> PyResult<f64> {
        Ok(self.inner.value_on(crate::convert::date_from_py(date, "date")?))
    }

    fn __repr__(&self) -> String {
        let t = &self.inner;
        format!(
            "Trend(method='{}', slope_per_day={}, slope_ci=({}, {}), intercept={})",
            name_of(&t.method),
            t.slope_per_day,
            t.slope_low,
            t.slope_high,
            t.intercept
        )
    }
});

/// Ordinary least squares trend of `values` on `dates`, with a `confidence` interval.
#[pyfunction]
#[pyo3(signature = (dates, values, confidence = 0.95))]
pub fn ols_trend(dates: &Bound<'_, PyAny>, values: &Bound<'_, PyAny>, confidence: f64) -> PyResult<PyTrend> {
    let dates = dates_from_py(dates, "dates")?;
    let values = floats_from_py(values, "values")?;
    run(|| analytics::ols_trend(&dates, values.as_slice(), confidence)).or_raise().map(|inner| PyTrend { inner })
}

/// Theil–Sen trend of `values` on `dates` (robust to outliers), with a `confidence` interval.
#[pyfunction]
#[pyo3(signature = (dates, values, confidence = 0.95))]
pub fn theil_sen_trend(dates: &Bound<'_, PyAny>, values: &Bound<'_, PyAny>, confidence: f64) -> PyResult<PyTrend> {
    let dates = dates_from_py(dates, "dates")?;
    let values = floats_from_py(values, "values")?;
    run(|| analytics::theil_sen_trend(&dates, values.as_slice(), confidence)).or_raise().map(|inner| PyTrend { inner })
}

/// Robust z-scores `(x − median) / (1.4826 · MAD)` of `values`.
#[pyfunction]
pub fn robust_z_scores(values: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    let values = floats_from_py(values, "values")?;
    run(|| analytics::robust_z_scores(values.as_slice())).or_raise()
}

/// The points whose robust z-score exceeds `threshold` in absolute value, as dicts
/// (`index`, `date`, `value`, `score`).
#[pyfunction]
#[pyo3(signature = (dates, values, threshold = 3.5))]
pub fn robust_z_anomalies<'py>(
    py: Python<'py>,
    dates: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    threshold: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let dates = dates_from_py(dates, "dates")?;
    let values = floats_from_py(values, "values")?;
    let anomalies = run(|| analytics::robust_z_anomalies(&dates, values.as_slice(), threshold)).or_raise()?;
    record_to_py(py, &anomalies)
}

/// Level shifts by exact PELT on squared error, as dicts (`index`, `date`, `level_before`,
/// `level_after`, `shift`); `penalty` per segment (default `2σ² ln n`), `min_size` ≥ 1.
#[pyfunction]
#[pyo3(signature = (dates, values, penalty = None, min_size = 2))]
pub fn level_shifts<'py>(
    py: Python<'py>,
    dates: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    penalty: Option<f64>,
    min_size: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let dates = dates_from_py(dates, "dates")?;
    let values = floats_from_py(values, "values")?;
    let shifts = run(|| analytics::level_shifts(&dates, values.as_slice(), penalty, min_size)).or_raise()?;
    record_to_py(py, &shifts)
}

/// A Holt model fitted to (`holt_fit`) or set on (`HoltModel.with_parameters`) an equally
/// spaced series: its parameters, one-step-ahead fit and final states.
#[pyclass(frozen, name = "HoltModel", module = "valuepm")]
pub struct PyHoltModel {
    inner: HoltModel,
}

record_methods!(PyHoltModel, "Holt model", {
    /// The model with the given parameters on `values` (no fitting): `phi` None for a
    /// linear trend, a float in (0, 1] for a damped one; `alpha` and `beta` in [0, 1];
    /// `initial_level` and `initial_trend` the states before the first value.
    #[staticmethod]
    fn with_parameters(
        values: &Bound<'_, PyAny>,
        alpha: f64,
        beta: f64,
        phi: Option<f64>,
        initial_level: f64,
        initial_trend: f64,
    ) -> PyResult<Self> {
        let values = floats_from_py(values, "values")?;
        run(|| HoltModel::with_parameters(values.as_slice(), alpha, beta, phi, initial_level, initial_trend))
            .or_raise()
            .map(|inner| PyHoltModel { inner })
    }

    /// Forecasts steps 1 to `horizon` with prediction intervals at `confidence`, as dicts
    /// (`step`, `value`, `lower`, `upper`).
    #[pyo3(signature = (horizon, confidence = 0.95))]
    fn forecast<'py>(&self, py: Python<'py>, horizon: usize, confidence: f64) -> PyResult<Bound<'py, PyAny>> {
        let steps = run(|| self.inner.forecast(horizon, confidence)).or_raise()?;
        record_to_py(py, &steps)
    }

    /// Whether the trend is damped.
    #[getter]
    fn damped(&self) -> bool {
        self.inner.damped
    }

    /// Smoothing level α.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }

    /// Smoothing trend β (Holt's form; the ETS trend smoothing is α β).
    #[getter]
    fn beta(&self) -> f64 {
        self.inner.beta
    }

    /// Damping factor φ, 1 for a linear trend.
    #[getter]
    fn phi(&self) -> f64 {
        self.inner.phi
    }

    /// Level before the first value.
    #[getter]
    fn initial_level(&self) -> f64 {
        self.inner.initial_level
    }

    /// Trend before the first value.
    #[getter]
    fn initial_trend(&self) -> f64 {
        self.inner.initial_trend
    }

    /// Level after the last value.
    #[getter]
    fn last_level(&self) -> f64 {
        self.inner.last_level
    }

    /// Trend after the last value.
    #[getter]
    fn last_trend(&self) -> f64 {
        self.inner.last_trend
    }

    /// Sum of squared one-step-ahead errors.
    #[getter]
    fn sse(&self) -> f64 {
        self.inner.sse
    }

    /// Number of values.
    #[getter]
    fn n(&self) -> usize {
        self.inner.n
    }

    /// One-step-ahead forecasts of the values.
    #[getter]
    fn fitted(&self) -> Vec<f64> {
        self.inner.fitted.clone()
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        format!(
            "HoltModel(damped={}, alpha={:?}, beta={:?}, phi={:?}, sse={:?}, n={})",
            if m.damped { "True" } else { "False" },
            m.alpha,
            m.beta,
            m.phi,
            m.sse,
            m.n
        )
    }
});

/// A Holt fit of a dated series and its forecast, from `holt_forecast`.
#[pyclass(frozen, name = "HoltForecast", module = "valuepm")]
pub struct PyHoltForecast {
    inner: HoltForecast,
}

record_methods!(PyHoltForecast, "Holt forecast", {
    /// Whether the trend is damped.
    #[getter]
    fn damped(&self) -> bool {
        self.inner.damped
    }

    /// Smoothing level α.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }

    /// Smoothing trend β (Holt's form).
    #[getter]
    fn beta(&self) -> f64 {
        self.inner.beta
    }

    /// Damping factor φ, 1 for a linear trend.
    #[getter]
    fn phi(&self) -> f64 {
        self.inner.phi
    }

    /// Level before the first observation.
    #[getter]
    fn initial_level(&self) -> f64 {
        self.inner.initial_level
    }

    /// Trend per step before the first observation.
    #[getter]
    fn initial_trend(&self) -> f64 {
        self.inner.initial_trend
    }

    /// Level after the last observation.
    #[getter]
    fn last_level(&self) -> f64 {
        self.inner.last_level
    }

    /// Trend per step after the last observation.
    #[getter]
    fn last_trend(&self) -> f64 {
        self.inner.last_trend
    }

    /// Sum of squared one-step-ahead errors.
    #[getter]
    fn sse(&self) -> f64 {
        self.inner.sse
    }

    /// Number of observations.
    #[getter]
    fn n(&self) -> usize {
        self.inner.n
    }

    /// Mean spacing of the dates in days: one step.
    #[getter]
    fn step_days(&self) -> f64 {
        self.inner.step_days
    }

    /// One-step-ahead forecasts of the observations, in date order.
    #[getter]
    fn fitted(&self) -> Vec<f64> {
        self.inner.fitted.clone()
    }

    /// Confidence level of the prediction intervals.
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.confidence
    }

    /// The forecast, steps 1 to the horizon, as dicts (`step`, `date` as an ISO string,
    /// `value`, `lower`, `upper`).
    #[getter]
    fn forecast<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.forecast)
    }

    /// The first date the forecast reaches the target (None without a target or when it
    /// is not reached within the horizon).
    #[getter]
    fn target_reached<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.target_reached.map(|d| date_to_py(py, d)).transpose()
    }

    fn __repr__(&self) -> String {
        let f = &self.inner;
        format!(
            "HoltForecast(damped={}, alpha={:?}, beta={:?}, phi={:?}, sse={:?}, n={}, horizon={}, target_reached={})",
            if f.damped { "True" } else { "False" },
            f.alpha,
            f.beta,
            f.phi,
            f.sse,
            f.n,
            f.forecast.len(),
            f.target_reached.map_or_else(|| "None".to_owned(), |d| d.to_string())
        )
    }
});

/// Fits a Holt linear (`damped=False`) or damped-trend model to equally spaced `values`
/// by least squares (at least 4 values, 5 when damped). Releases the GIL while it fits.
#[pyfunction]
#[pyo3(signature = (values, damped = false))]
pub fn holt_fit(py: Python<'_>, values: &Bound<'_, PyAny>, damped: bool) -> PyResult<PyHoltModel> {
    let values = floats_from_py(values, "values")?;
    let values = values.as_slice();
    py.detach(|| run(|| analytics::holt_fit(values, damped))).or_raise().map(|inner| PyHoltModel { inner })
}

/// Fits a Holt model to a dated series (in date order, one step per mean date spacing)
/// and forecasts `horizon` steps with prediction intervals at `confidence` and, given a
/// `target`, the date the forecast reaches it. Releases the GIL while it fits.
#[pyfunction]
#[pyo3(signature = (dates, values, *, damped = false, horizon = 12, confidence = 0.95, target = None))]
pub fn holt_forecast(
    py: Python<'_>,
    dates: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
    damped: bool,
    horizon: usize,
    confidence: f64,
    target: Option<f64>,
) -> PyResult<PyHoltForecast> {
    let dates = dates_from_py(dates, "dates")?;
    let values = floats_from_py(values, "values")?;
    let values = values.as_slice();
    let spec = HoltSpec { damped, horizon, confidence, target };
    py.detach(|| run(|| analytics::holt_forecast(&dates, values, &spec)))
        .or_raise()
        .map(|inner| PyHoltForecast { inner })
}
