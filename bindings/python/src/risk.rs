//! Wraps `valuepm_core::risk`: expected monetary value, risk-adjusted value and the
//! seeded Monte Carlo simulation's result.

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use valuepm_core::risk::{RiskAdjustment, Scenario, SimulationResult, Summary};

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

/// The simulated distributions of NPV, ROI and (on request) IRR and payback, from
/// `Project.simulate`. Each distribution is a dict of the core's summary fields (`count`,
/// `mean`, `sd`, `standard_error`, `min`, `max`, `p5`, `p10`, `p50`, `p90`, `p95`,
/// `probability_negative`, `value_at_risk`, `conditional_value_at_risk`, `confidence`,
/// `histogram_edges`, `histogram_counts`).
#[pyclass(frozen, name = "SimulationResult", module = "valuepm")]
pub struct PySimulationResult {
    pub(crate) inner: SimulationResult,
}

fn summary<'py>(py: Python<'py>, s: Option<&Summary>) -> PyResult<Option<Bound<'py, PyAny>>> {
    s.map(|s| record_to_py(py, s)).transpose()
}

record_methods!(PySimulationResult, "simulation result", {
    /// Iterations run.
    #[getter]
    fn iterations(&self) -> u32 {
        self.inner.iterations
    }

    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// NPV's summary (in the project's currency, not rounded), as a dict.
    #[getter]
    fn npv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.npv)
    }

    /// ROI's summary, as a dict.
    #[getter]
    fn roi<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.roi)
    }

    /// IRR's summary over the iterations that have one (None unless `irr_and_payback`
    /// was asked for and at least two iterations have an IRR).
    #[getter]
    fn irr<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        summary(py, self.inner.irr.as_ref())
    }

    /// Simple payback's summary in years over the iterations that pay back (None unless
    /// `irr_and_payback` was asked for and at least two iterations pay back).
    #[getter]
    fn payback_years<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        summary(py, self.inner.payback_years.as_ref())
    }

    /// Fraction of iterations with ROI at or above the spec's `roi_target`.
    #[getter]
    fn probability_roi_at_least_target(&self) -> f64 {
        self.inner.probability_roi_at_least_target
    }

    /// Fraction of iterations without an IRR (None unless `irr_and_payback`).
    #[getter]
    fn probability_irr_undefined(&self) -> Option<f64> {
        self.inner.probability_irr_undefined
    }

    /// Fraction of iterations that never pay back (None unless `irr_and_payback`).
    #[getter]
    fn probability_no_payback(&self) -> Option<f64> {
        self.inner.probability_no_payback
    }

    /// NPV's sensitivity to each input, largest swing first, as dicts (`name`, `p10`,
    /// `p90`, `npv_at_p10`, `npv_at_p90`, `swing`, `spearman`); empty unless the spec
    /// asked for `sensitivity`.
    #[getter]
    fn sensitivity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.sensitivity)
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "SimulationResult(iterations={}, seed={}, npv_mean={}, npv_p5={}, npv_p95={}, probability_npv_negative={})",
            r.iterations, r.seed, r.npv.mean, r.npv.p5, r.npv.p95, r.npv.probability_negative
        )
    }
});
