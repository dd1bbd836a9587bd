//! Wraps `valuepm_core::analytics`: earned value and earned schedule results.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use valuepm_core::analytics::{EarnedValue, ItemProgress};

use crate::convert::{date_to_py, record_from_json, record_from_py, record_to_py, to_json_text};
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
