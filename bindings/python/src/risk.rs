//! Wraps `valuepm_core::risk`: expected monetary value and risk-adjusted value.

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use valuepm_core::risk::{RiskAdjustment, Scenario};

use crate::convert::{record_from_json, record_from_py, record_to_py, to_json_text};
use crate::model::{money, optional_money, reduce_json};
use crate::money::PyMoney;

/// Scenarios from a list of `{"name", "probability", "benefit_factor", "cost_factor"}`.
pub fn scenarios_from_py(scenarios: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Scenario>> {
    scenarios.map_or_else(|| Ok(Vec::new()), |s| record_from_py(s, "scenarios"))
}

/// Risk-adjusted value of a project: EMV of its risks, risk-adjusted NPV, ROI and rate,
/// and scenarios.
#[pyclass(frozen, name = "RiskAdjustment", module = "valuepm")]
pub struct PyRiskAdjustment {
    pub(crate) inner: RiskAdjustment,
}

record_methods!(PyRiskAdjustment, "risk adjustment", {
    /// Each risk's exposure (`id`, `status`, `gross_emv`, `net_emv`, `date`), as dicts.
    #[getter]
    fn risks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.risks)
    }

    /// Sum of the gross EMVs (probability × impact).
    #[getter]
    fn gross_emv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.gross_emv)
    }

    /// Sum of the net EMVs (residual exposure plus mitigation cost).
    #[getter]
    fn net_emv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.net_emv)
    }

    /// NPV without risk.
    #[getter]
    fn npv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.npv)
    }

    /// NPV less the present value of the net EMVs.
    #[getter]
    fn risk_adjusted_npv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.risk_adjusted_npv)
    }

    /// (B − C − net EMV) / (C + net EMV).
    #[getter]
    fn risk_adjusted_roi(&self) -> Option<f64> {
        self.inner.risk_adjusted_roi
    }

    /// The project's rate plus the premium.
    #[getter]
    fn risk_adjusted_rate(&self) -> f64 {
        self.inner.risk_adjusted_rate
    }

    /// NPV at the risk-adjusted rate.
    #[getter]
    fn npv_at_risk_adjusted_rate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.npv_at_risk_adjusted_rate)
    }

    /// Each scenario's `name`, `probability` and `npv`, as dicts.
    #[getter]
    fn scenarios<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.scenarios)
    }

    /// Probability-weighted NPV of the scenarios (None without scenarios).
    #[getter]
    fn expected_npv<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyMoney>>> {
        optional_money(py, self.inner.expected_npv.as_ref())
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "RiskAdjustment(gross_emv={}, net_emv={}, npv={}, risk_adjusted_npv={}, risk_adjusted_rate={})",
            r.gross_emv, r.net_emv, r.npv, r.risk_adjusted_npv, r.risk_adjusted_rate
        )
    }
});
