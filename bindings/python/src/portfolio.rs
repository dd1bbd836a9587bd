//! Wraps `valuepm_core::portfolio`: the portfolio document and its roll-up, selection
//! (problem, optimum, frontier), earned value, Monte Carlo and the risk-return frontier,
//! weighted scoring and AHP weights.
//!
//! Documents and specs cross as the core's serde JSON (validation errors at the field
//! path); results come back as plain dicts in the core's JSON form (money as
//! `{"amount": "<decimal>", "currency": "EUR"}`, dates as ISO strings), as `to_dict()`
//! gives them elsewhere. Roll-up, selection, frontier, simulation, risk-return and solve
//! release the GIL.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use valuepm_core::analytics::ItemProgress;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{
    ahp_weights as core_ahp_weights, weighted_scores as core_weighted_scores, Criterion, Portfolio,
    PortfolioSimulationSpec, SelectionProblem, SelectionSpec,
};

use crate::convert::{
    date_to_py, float_from_py, json_from_py, name_from_py, record_from_json, record_from_py, record_to_py,
    rows_from_py, to_json_text,
};
use crate::error::{run, OrRaise};
use crate::model::reduce_json;

/// A validated portfolio: projects with their category, criterion scores and resource
/// demands, a reporting currency with explicit exchange rates, and a status date.
#[pyclass(frozen, name = "Portfolio", module = "valuepm")]
pub struct PyPortfolio {
    inner: Portfolio,
}

impl PyPortfolio {
    /// Wraps a core portfolio.
    pub fn wrap(inner: Portfolio) -> Self {
        PyPortfolio { inner }
    }

    /// The core portfolio.
    pub fn core(&self) -> &Portfolio {
        &self.inner
    }
}

/// A portfolio from a document: a dict (or other mapping) or JSON text, through the
/// document path (an older schema version migrated, every field validated).
fn portfolio_from_document(document: &Bound<'_, PyAny>) -> PyResult<Portfolio> {
    if let Ok(text) = document.extract::<String>() {
        return run(|| Portfolio::from_json(&text)).or_raise();
    }
    let value = json_from_py(document, "")?;
    run(|| Portfolio::from_value(value)).or_raise()
}

/// A selection spec from a dict (errors at the path in the spec).
fn spec_from_py(spec: &Bound<'_, PyAny>) -> PyResult<SelectionSpec> {
    record_from_py(spec, "")
}

/// Budget scale factors from an iterable of numbers (errors at `scales[i]`).
fn scales_from_py(scales: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    scales.try_iter()?.enumerate().map(|(i, s)| float_from_py(&s?, &format!("scales[{i}]"))).collect()
}

/// Item progress per project id: a mapping `{project_id: progress}`, each progress in
/// either form `Project.earned_value` takes (`{line_item_id: fraction}` or a list of
/// `{"line_item_id", "percent_complete"}` records).
fn portfolio_progress_from_py(progress: &Bound<'_, PyAny>) -> PyResult<BTreeMap<String, Vec<ItemProgress>>> {
    match progress.cast::<PyDict>() {
        Ok(dict) => dict
            .iter()
            .map(|(k, v)| Ok((k.extract::<String>()?, crate::analytics::progress_from_py(Some(&v))?)))
            .collect(),
        Err(_) => record_from_py(progress, "progress"),
    }
}

#[pymethods]
impl PyPortfolio {
    /// Parses and validates a JSON portfolio document.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        run(|| Portfolio::from_json(text)).or_raise().map(|inner| PyPortfolio { inner })
    }

    /// Validates a portfolio document given as a dict (the form `to_dict()` returns).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        portfolio_from_document(data).map(|inner| PyPortfolio { inner })
    }

    /// Loads a JSON portfolio document from a file.
    #[staticmethod]
    fn load(path: std::path::PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::from_json(&text)
    }

    /// Saves the JSON document to a file.
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        std::fs::write(path, self.to_json()?)?;
        Ok(())
    }

    /// The JSON document (pretty-printed).
    fn to_json(&self) -> PyResult<String> {
        to_json_text(&self.inner.to_data())
    }

    /// The document as plain Python values (the core's JSON form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.to_data())
    }

    /// Reporting currency code.
    #[getter]
    fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// The date roll-ups are made on.
    #[getter]
    fn status_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.status_date())
    }

    /// The projects' ids, in the document's order.
    #[getter]
    fn project_ids(&self) -> Vec<String> {
        self.inner.projects().iter().map(|p| p.id().to_owned()).collect()
    }

    /// The portfolio rolled up on its status date (a dict in the core's JSON form: totals
    /// by state, template, category and owner, combined flows per `period` (`month`,
    /// `quarter`, `year`), NPV, ROI, IRR, payback, KPI statuses). Projects are evaluated
    /// on `threads` threads (default: the machine's parallelism); the result does not
    /// depend on the count. The GIL is released meanwhile.
    #[pyo3(signature = (period = None, threads = None), text_signature = "($self, period='year', threads=None)")]
    fn roll_up<'py>(
        &self,
        py: Python<'py>,
        period: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let period = match period {
            Some(p) => name_from_py(p, "period")?,
            None => Period::Year,
        };
        let roll_up = py.detach(|| run(|| self.inner.roll_up(period, threads))).or_raise()?;
        record_to_py(py, &roll_up)
    }

    /// The selection problem `spec` poses over the projects (values and capacity rows),
    /// to inspect, save or solve.
    fn selection_problem(&self, spec: &Bound<'_, PyAny>) -> PyResult<PySelectionProblem> {
        let spec = spec_from_py(spec)?;
        run(|| self.inner.selection_problem(&spec)).or_raise().map(|inner| PySelectionProblem { inner })
    }

    /// The projects that maximise the spec's objective within its budgets and resource
    /// limits, proven optimal unless a search limit stops it (a dict: `selected`,
    /// `objective`, `bound`, `gap`, `status`, `nodes`, `capacities`, `explanations`).
    /// The GIL is released while it searches.
    fn select<'py>(&self, py: Python<'py>, spec: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let spec = spec_from_py(spec)?;
        let selection = py.detach(|| run(|| self.inner.select(&spec))).or_raise()?;
        record_to_py(py, &selection)
    }

    /// The optimum as every budget limit is multiplied by each of `scales` (a list of
    /// dicts: `scale`, `budget`, `objective`, `selected`, `status`). The GIL is released
    /// meanwhile.
    fn frontier<'py>(
        &self,
        py: Python<'py>,
        spec: &Bound<'py, PyAny>,
        scales: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let spec = spec_from_py(spec)?;
        let scales = scales_from_py(scales)?;
        let points = py.detach(|| run(|| self.inner.frontier(&spec, &scales))).or_raise()?;
        record_to_py(py, &points)
    }

    /// Earned value on the status date from each project's item progress (`{project_id:
    /// progress}`, each as `Project.earned_value` takes it; an item not given is 0% done):
    /// a dict with the summed `bac`, `pv`, `ev`, `ac`, `sv`, `cv` in the reporting
    /// currency, the portfolio's `spi`, `cpi`, `eac`, `eac_atypical`, `etc`, `vac`,
    /// `tcpi_bac`, and each project's own figures under `projects`.
    fn earned_value<'py>(&self, py: Python<'py>, progress: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let progress = portfolio_progress_from_py(progress)?;
        let earned = run(|| self.inner.earned_value(&progress)).or_raise()?;
        record_to_py(py, &earned)
    }

    /// Monte Carlo of the portfolio NPV (`spec`: `iterations`, `seed`, `inputs` per project
    /// id, `include_risk_events`, `confidence`, `histogram_bins`, `threads`): a dict with
    /// `iterations`, `seed`, the `npv` summary and each project's `mean` and `sd` under
    /// `projects`. Deterministic for a seed. The GIL is released meanwhile.
    fn simulate<'py>(&self, py: Python<'py>, spec: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let spec: PortfolioSimulationSpec = record_from_py(spec, "")?;
        let result = py.detach(|| run(|| self.inner.simulate(&spec))).or_raise()?;
        record_to_py(py, &result)
    }

    /// Risk against return as every budget limit is scaled by each of `scales`: the
    /// selection maximising the simulated expected NPV (`simulation` as `simulate` takes
    /// it) at each point (a list of dicts: `scale`, `budget`, `expected_npv`, `npv_sd`,
    /// `selected`, `status`). The GIL is released meanwhile.
    fn risk_return<'py>(
        &self,
        py: Python<'py>,
        spec: &Bound<'py, PyAny>,
        scales: &Bound<'py, PyAny>,
        simulation: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let spec = spec_from_py(spec)?;
        let scales = scales_from_py(scales)?;
        let simulation: PortfolioSimulationSpec = record_from_py(simulation, "")?;
        let points = py.detach(|| run(|| self.inner.risk_return(&spec, &scales, &simulation))).or_raise()?;
        record_to_py(py, &points)
    }

    fn __len__(&self) -> usize {
        self.inner.projects().len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPortfolio>()
            .is_ok_and(|o| std::ptr::eq(o.get(), self) || o.get().inner.to_data() == self.inner.to_data())
    }

    fn __repr__(&self) -> String {
        let d = self.inner.to_data();
        format!(
            "Portfolio(id={:?}, name={:?}, currency='{}', status_date={}, projects={})",
            d.id,
            d.name,
            d.currency.code(),
            d.status_date,
            d.projects.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce_json(slf.as_any(), slf.get().to_json()?)
    }
}

/// A selection problem over projects given by id: `projects`, `values`, capacity
/// `constraints` (`name`, `coefficients`, `limit`), `mandatory`, `excluded`,
/// `dependencies`, `exclusive_groups`, search `limits`. `SelectionProblem(document)`
/// takes its dict form.
#[pyclass(frozen, name = "SelectionProblem", module = "valuepm")]
pub struct PySelectionProblem {
    inner: SelectionProblem,
}

record_methods!(PySelectionProblem, "selection problem", {
    /// From the document form (a dict, as `to_dict()` gives it); an invalid field raises
    /// `ValidationError` with its path.
    #[new]
    fn new(document: &Bound<'_, PyAny>) -> PyResult<Self> {
        record_from_py(document, "").map(|inner| PySelectionProblem { inner })
    }

    /// Solves the problem by exact branch and bound: the optimum, proven unless a search
    /// limit stops it (a dict: `selected`, `objective`, `bound`, `gap`, `status`, `nodes`,
    /// `capacities`, `explanations`). The GIL is released while it searches.
    fn solve<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let selection = py.detach(|| run(|| self.inner.solve())).or_raise()?;
        record_to_py(py, &selection)
    }

    /// Project ids.
    #[getter]
    fn projects(&self) -> Vec<String> {
        self.inner.projects.clone()
    }

    /// Each project's value.
    #[getter]
    fn values(&self) -> Vec<f64> {
        self.inner.values.clone()
    }

    fn __len__(&self) -> usize {
        self.inner.projects.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "SelectionProblem(projects={}, constraints={}, mandatory={}, excluded={})",
            self.inner.projects.len(),
            self.inner.constraints.len(),
            self.inner.mandatory.len(),
            self.inner.excluded.len()
        )
    }
});

/// Criterion weights from an n × n reciprocal matrix of pairwise judgements (AHP, n = 1
/// … 15): a dict with `weights`, `lambda_max`, `consistency_index`,
/// `consistency_ratio`, `inconsistent`, `warning`. `matrix` is a list of rows or a 2-D
/// numpy array.
#[pyfunction]
pub fn ahp_weights<'py>(py: Python<'py>, matrix: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let rows = rows_from_py(matrix, "matrix")?;
    let matrix: Vec<Vec<f64>> = rows.rows().into_iter().map(<[f64]>::to_vec).collect();
    let weights = run(|| core_ahp_weights(&matrix)).or_raise()?;
    record_to_py(py, &weights)
}

/// Weighted scores of n projects against `criteria` (dicts: `name`, `weight`,
/// `lower_is_better`, `normalisation` (`min_max`, `z_score`, `rank`), `values` with one
/// number per project): one dict per project with `total`, `contributions`, `rank`.
#[pyfunction]
pub fn weighted_scores<'py>(py: Python<'py>, criteria: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let criteria: Vec<Criterion> = record_from_py(criteria, "criteria")?;
    let scores = run(|| core_weighted_scores(&criteria)).or_raise()?;
    record_to_py(py, &scores)
}
