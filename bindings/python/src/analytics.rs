//! Wraps `valuepm_core::analytics`: earned value and earned schedule results, KPI
//! trends (OLS, Theil–Sen) and robust z-score anomalies.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use valuepm_core::analytics::{self, EarnedValue, ItemProgress, Trend};

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
