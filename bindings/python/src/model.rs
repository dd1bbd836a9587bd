//! Wraps `valuepm_core::model`: `Project` (lifecycle, line items, actuals, metrics,
//! risks, flows, series, evaluation) and its records and results.
//!
//! Every class here holds a core value; records cross by serde (`to_dict()` is the
//! core's JSON form, `from_dict()` goes through `document::from_value`), every change
//! goes through the core's validating methods, and every object pickles through its
//! JSON document.

use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard};

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::Value;
use valuepm_core::model::{
    Actual, CashFlow, CashFlowSeries, Direction, Evaluation, Frequency, LifecycleState, LineItem, LineItemKind,
    Measurement, MetricEvaluation, Observation, PeriodTotals, Project, ProjectData, Totals, Transition, ValueMetric,
};
use valuepm_core::risk::SimulationSpec;
use valuepm_core::{ChangeMeta, Error, Money};

use crate::convert::{
    currency_from_py, date_from_py, date_to_py, datetime_from_py, datetime_to_py, decimal_from_py, float_from_py,
    json_from_py, money_from_py, name_from_py, name_of, record_from_json, record_from_py, record_to_py, to_json_text,
    to_json_value,
};
use crate::error::{run, OrRaise};
use crate::money::{money_to_py, PyMoney};

/// Generates the common methods of a read-only record class wrapping `inner`:
/// `to_dict`, `to_json`, `from_dict`, `from_json`, `__eq__` and `__reduce__`, plus the
/// methods given.
macro_rules! record_methods {
    ($rust:ident, $what:literal, { $($body:tt)* }) => {
        #[pymethods]
        impl $rust {
            $($body)*

            /// The core's JSON form as plain Python values (money amounts as decimal strings).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                record_to_py(py, &self.inner)
            }

            /// The core's JSON form as text.
            fn to_json(&self) -> PyResult<String> {
                to_json_text(&self.inner)
            }

            /// From the JSON form (as `to_dict()` gives it).
            #[staticmethod]
            fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
                record_from_py(data, "").map(|inner| $rust { inner })
            }

            /// From JSON text.
            #[staticmethod]
            fn from_json(text: &str) -> PyResult<Self> {
                record_from_json(text, $what).map(|inner| $rust { inner })
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$rust>().is_ok_and(|o| o.get().inner == self.inner)
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
                reduce_json(slf.as_any(), to_json_text(&slf.get().inner)?)
            }
        }
    };
}

/// `(type(obj).from_json, (text,))`: unpickling goes through the validating constructor.
pub(crate) fn reduce_json<'py>(obj: &Bound<'py, PyAny>, text: String) -> PyResult<Bound<'py, PyTuple>> {
    let py = obj.py();
    let from_json = obj.get_type().getattr("from_json")?;
    PyTuple::new(py, [from_json, PyTuple::new(py, [text])?.into_any()])
}

pub(crate) fn money<'py>(py: Python<'py>, m: &Money) -> PyResult<Bound<'py, PyMoney>> {
    money_to_py(py, *m)
}

pub(crate) fn optional_money<'py>(py: Python<'py>, m: Option<&Money>) -> PyResult<Option<Bound<'py, PyMoney>>> {
    m.map(|m| money_to_py(py, *m)).transpose()
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(|| "None".to_owned(), |x| format!("{x:.6}"))
}

// ---------------------------------------------------------------------------------
// Lifecycle

/// The states `state` may move to (the lifecycle table).
#[pyfunction]
#[pyo3(name = "_allowed_transitions")]
pub fn allowed_transitions(state: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
    let state = parse_state(state)?;
    Ok(state.allowed_transitions().iter().map(|s| s.as_str()).collect())
}

fn parse_state(state: &Bound<'_, PyAny>) -> PyResult<LifecycleState> {
    let name: String = state.str()?.extract()?;
    LifecycleState::parse(&name).or_raise()
}

fn state_to_py(py: Python<'_>, state: LifecycleState) -> PyResult<Bound<'_, PyAny>> {
    static ENUM: pyo3::sync::PyOnceLock<Py<pyo3::types::PyType>> = pyo3::sync::PyOnceLock::new();
    ENUM.import(py, "valuepm", "LifecycleState")?.call1((state.as_str(),))
}

/// One recorded lifecycle transition (`from_state`, `to_state`, `at`, `by`, `reason`).
#[pyclass(frozen, name = "Transition", module = "valuepm")]
pub struct PyTransition {
    inner: Transition,
}

record_methods!(PyTransition, "transition", {
    /// The state before.
    #[getter]
    #[allow(clippy::wrong_self_convention)] // a Python attribute name, not a conversion
    fn from_state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        state_to_py(py, self.inner.from)
    }

    /// The state after.
    #[getter]
    fn to_state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        state_to_py(py, self.inner.to)
    }

    /// When (an aware UTC datetime).
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        datetime_to_py(py, self.inner.at)
    }

    /// Who made it.
    #[getter]
    fn by(&self) -> &str {
        &self.inner.by
    }

    /// Why.
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }

    fn __repr__(&self) -> String {
        format!(
            "Transition({} -> {}, at={}, by={:?}, reason={:?})",
            self.inner.from,
            self.inner.to,
            self.inner.at.to_rfc3339(),
            self.inner.by,
            self.inner.reason
        )
    }
});

// ---------------------------------------------------------------------------------
// Line items and value metrics

/// A cost or benefit line item: `LineItem.one_off(...)`, `LineItem.recurring(...)`, or
/// `LineItem.from_dict(document_form)`.
#[pyclass(frozen, name = "LineItem", module = "valuepm")]
pub struct PyLineItem {
    inner: LineItem,
}

fn line_item_from_py(obj: &Bound<'_, PyAny>) -> PyResult<LineItem> {
    match obj.cast::<PyLineItem>() {
        Ok(item) => Ok(item.get().inner.clone()),
        Err(_) => record_from_py(obj, ""),
    }
}

record_methods!(PyLineItem, "line item", {
    /// A line item with one amount on one date. `kind`: `capex`, `opex`, `labour`,
    /// `licence`, `other_cost`, `cost_saving`, `revenue`, `avoided_cost`, `other_benefit`.
    #[staticmethod]
    #[pyo3(
        signature = (id, name, kind, date, amount, *, category = String::new()),
        text_signature = "(id, name, kind, date, amount, *, category='')"
    )]
    fn one_off(
        id: &str,
        name: &str,
        kind: &Bound<'_, PyAny>,
        date: &Bound<'_, PyAny>,
        amount: &Bound<'_, PyAny>,
        category: String,
    ) -> PyResult<Self> {
        let kind: LineItemKind = name_from_py(kind, "kind")?;
        let mut inner =
            LineItem::one_off(id, name, kind, date_from_py(date, "date")?, money_from_py(amount, None, "amount")?);
        inner.category = category;
        Ok(PyLineItem { inner })
    }

    /// A line item with the same amount every period (`frequency`: `monthly`,
    /// `quarterly`, `yearly`) from `start` to `end`, escalated yearly by `escalation`
    /// (a decimal fraction, e.g. `Decimal("0.03")`).
    #[staticmethod]
    #[pyo3(
        signature = (id, name, kind, frequency, start, end, amount, *, escalation = None, category = String::new()),
        text_signature = "(id, name, kind, frequency, start, end, amount, *, escalation=None, category='')"
    )]
    fn recurring(
        id: &str,
        name: &str,
        kind: &Bound<'_, PyAny>,
        frequency: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        amount: &Bound<'_, PyAny>,
        escalation: Option<&Bound<'_, PyAny>>,
        category: String,
    ) -> PyResult<Self> {
        let kind: LineItemKind = name_from_py(kind, "kind")?;
        let frequency: Frequency = name_from_py(frequency, "frequency")?;
        let mut inner = LineItem::recurring(
            id,
            name,
            kind,
            frequency,
            date_from_py(start, "start")?,
            date_from_py(end, "end")?,
            money_from_py(amount, None, "amount")?,
        );
        inner.category = category;
        if let Some(escalation) = escalation {
            let escalation = decimal_from_py(escalation, "escalation")?;
            if let valuepm_core::model::Plan::Recurring { escalation: e, .. } = &mut inner.plan {
                *e = Some(escalation);
            }
        }
        Ok(PyLineItem { inner })
    }

    /// Identifier.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Kind (`capex`, `revenue`, ...).
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.inner.kind)
    }

    /// Whether the kind is a benefit (a cost otherwise).
    #[getter]
    fn is_benefit(&self) -> bool {
        self.inner.kind.is_benefit()
    }

    /// Category (free text).
    #[getter]
    fn category(&self) -> &str {
        &self.inner.category
    }

    /// The plan in its document form.
    #[getter]
    fn plan<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.plan)
    }

    /// Recorded actuals in their document form.
    #[getter]
    fn actuals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.actuals)
    }

    /// Every planned (date, amount), escalated and rounded.
    fn planned_occurrences<'py>(&self, py: Python<'py>) -> PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyMoney>)>> {
        let occurrences = run(|| self.inner.planned_occurrences()).or_raise()?;
        occurrences.into_iter().map(|(d, m)| Ok((date_to_py(py, d)?, money_to_py(py, m)?))).collect()
    }

    fn __repr__(&self) -> String {
        format!("LineItem(id={:?}, name={:?}, kind='{}')", self.inner.id, self.inner.name, name_of(&self.inner.kind))
    }
});

/// A value metric (KPI) with a baseline, a target and measurements.
#[pyclass(frozen, name = "ValueMetric", module = "valuepm")]
pub struct PyValueMetric {
    inner: ValueMetric,
}

fn metric_from_py(obj: &Bound<'_, PyAny>) -> PyResult<ValueMetric> {
    match obj.cast::<PyValueMetric>() {
        Ok(m) => Ok(m.get().inner.clone()),
        Err(_) => record_from_py(obj, ""),
    }
}

record_methods!(PyValueMetric, "value metric", {
    /// `direction`: `higher_is_better` or `lower_is_better`; `monetisation`:
    /// money per unit of improvement (a Money), when the metric is monetised.
    #[new]
    #[pyo3(signature = (id, name, unit, direction, baseline, baseline_date, target, target_date, *, weight = 1.0, monetisation = None))]
    fn new(
        id: String,
        name: String,
        unit: String,
        direction: &Bound<'_, PyAny>,
        baseline: &Bound<'_, PyAny>,
        baseline_date: &Bound<'_, PyAny>,
        target: &Bound<'_, PyAny>,
        target_date: &Bound<'_, PyAny>,
        weight: f64,
        monetisation: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let direction: Direction = name_from_py(direction, "direction")?;
        Ok(PyValueMetric {
            inner: ValueMetric {
                id,
                name,
                unit,
                direction,
                baseline: Observation {
                    value: float_from_py(baseline, "baseline")?,
                    date: date_from_py(baseline_date, "baseline_date")?,
                },
                target: Observation {
                    value: float_from_py(target, "target")?,
                    date: date_from_py(target_date, "target_date")?,
                },
                weight,
                monetisation: monetisation.map(|m| money_from_py(m, None, "monetisation")).transpose()?,
                measurements: Vec::new(),
            },
        })
    }

    /// Identifier.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Unit of the values.
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }

    /// `higher_is_better` or `lower_is_better`.
    #[getter]
    fn direction(&self) -> String {
        name_of(&self.inner.direction)
    }

    /// Relative weight.
    #[getter]
    fn weight(&self) -> f64 {
        self.inner.weight
    }

    /// Measurements.
    #[getter]
    fn measurements(&self) -> Vec<PyMeasurement> {
        self.inner.measurements.iter().map(|m| PyMeasurement { inner: m.clone() }).collect()
    }

    /// Checks the metric against the project currency `currency` (the core's rules).
    fn validate(&self, currency: &Bound<'_, PyAny>) -> PyResult<()> {
        let currency = currency_from_py(currency)?;
        run(|| self.inner.validate(currency)).or_raise()
    }

    /// The glide path's value on `date`.
    fn expected_value(&self, date: &Bound<'_, PyAny>) -> PyResult<f64> {
        Ok(self.inner.expected_value(date_from_py(date, "date")?))
    }

    /// The glide path's progress (0..1) on `date`.
    fn expected_progress(&self, date: &Bound<'_, PyAny>) -> PyResult<f64> {
        Ok(self.inner.expected_progress(date_from_py(date, "date")?))
    }

    /// Progress to target of `value` (1 = target reached).
    fn progress_of(&self, value: f64) -> f64 {
        self.inner.progress_of(value)
    }

    /// The metric's figures on `as_of`.
    fn evaluate(&self, as_of: &Bound<'_, PyAny>) -> PyResult<PyMetricEvaluation> {
        let as_of = date_from_py(as_of, "as_of")?;
        run(|| self.inner.evaluate(as_of)).or_raise().map(|inner| PyMetricEvaluation { inner })
    }

    fn __repr__(&self) -> String {
        format!(
            "ValueMetric(id={:?}, name={:?}, {} {} -> {} {})",
            self.inner.id,
            self.inner.name,
            self.inner.baseline.value,
            self.inner.unit,
            self.inner.target.value,
            self.inner.unit
        )
    }
});

/// One measurement of a metric.
#[pyclass(frozen, name = "Measurement", module = "valuepm")]
pub struct PyMeasurement {
    inner: Measurement,
}

record_methods!(PyMeasurement, "measurement", {
    /// When it was measured.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.date)
    }

    /// The measured value.
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value
    }

    /// Free text.
    #[getter]
    fn note(&self) -> &str {
        &self.inner.note
    }

    fn __repr__(&self) -> String {
        format!("Measurement(date={}, value={})", self.inner.date, self.inner.value)
    }
});

/// A metric's derived figures on a date.
#[pyclass(frozen, name = "MetricEvaluation", module = "valuepm")]
pub struct PyMetricEvaluation {
    inner: MetricEvaluation,
}

record_methods!(PyMetricEvaluation, "metric evaluation", {
    /// The metric's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The metric's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The latest measurement on or before the date, if any.
    #[getter]
    fn latest(&self) -> Option<PyMeasurement> {
        self.inner.latest.clone().map(|inner| PyMeasurement { inner })
    }

    /// Progress to target (1 = reached), None without data.
    #[getter]
    fn progress(&self) -> Option<f64> {
        self.inner.progress
    }

    /// The glide path's value on the date.
    #[getter]
    fn expected_value(&self) -> f64 {
        self.inner.expected_value
    }

    /// The glide path's progress on the date.
    #[getter]
    fn expected_progress(&self) -> f64 {
        self.inner.expected_progress
    }

    /// `on_track`, `at_risk`, `off_track` or `no_data`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.inner.status)
    }

    /// Money value of the improvement so far, for monetised metrics with data.
    #[getter]
    fn value_realised<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyMoney>>> {
        optional_money(py, self.inner.value_realised.as_ref())
    }

    fn __repr__(&self) -> String {
        format!(
            "MetricEvaluation(id={:?}, status='{}', progress={}, expected_progress={:.6})",
            self.inner.id,
            name_of(&self.inner.status),
            fmt_opt(self.inner.progress),
            self.inner.expected_progress
        )
    }
});

// ---------------------------------------------------------------------------------
// Cash flows and series

/// One dated, signed flow (costs negative, benefits positive).
#[pyclass(frozen, name = "CashFlow", module = "valuepm")]
pub struct PyCashFlow {
    inner: CashFlow,
}

record_methods!(PyCashFlow, "cash flow", {
    /// The date.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.date)
    }

    /// The line item it comes from.
    #[getter]
    fn line_item_id(&self) -> &str {
        &self.inner.line_item_id
    }

    /// The line item's kind.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.inner.kind)
    }

    /// `planned` or `actual`.
    #[getter]
    fn basis(&self) -> String {
        name_of(&self.inner.basis)
    }

    /// The signed amount.
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.amount)
    }

    fn __repr__(&self) -> String {
        format!(
            "CashFlow(date={}, line_item_id={:?}, basis='{}', amount={})",
            self.inner.date,
            self.inner.line_item_id,
            name_of(&self.inner.basis),
            self.inner.amount
        )
    }
});

/// Planned and actual totals of one calendar period.
#[pyclass(frozen, name = "PeriodTotals", module = "valuepm")]
pub struct PyPeriodTotals {
    inner: PeriodTotals,
}

record_methods!(PyPeriodTotals, "period totals", {
    /// First day of the period.
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.start)
    }

    /// Last day of the period.
    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.end)
    }

    /// Planned cost.
    #[getter]
    fn planned_cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.planned_cost)
    }

    /// Planned benefit.
    #[getter]
    fn planned_benefit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.planned_benefit)
    }

    /// Planned benefit minus cost.
    #[getter]
    fn planned_net<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.planned_net)
    }

    /// Actual cost.
    #[getter]
    fn actual_cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.actual_cost)
    }

    /// Actual benefit.
    #[getter]
    fn actual_benefit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.actual_benefit)
    }

    /// Actual benefit minus cost.
    #[getter]
    fn actual_net<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.actual_net)
    }

    /// Planned net up to and including this period.
    #[getter]
    fn cumulative_planned_net<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.cumulative_planned_net)
    }

    /// Actual net up to and including this period.
    #[getter]
    fn cumulative_actual_net<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.cumulative_actual_net)
    }

    fn __repr__(&self) -> String {
        format!(
            "PeriodTotals({}..{}, planned_net={}, actual_net={})",
            self.inner.start, self.inner.end, self.inner.planned_net, self.inner.actual_net
        )
    }
});

/// Planned and actual flows summed into calendar periods.
#[pyclass(frozen, name = "CashFlowSeries", module = "valuepm")]
pub struct PyCashFlowSeries {
    inner: CashFlowSeries,
}

record_methods!(PyCashFlowSeries, "cash-flow series", {
    /// `month`, `quarter` or `year`.
    #[getter]
    fn period(&self) -> String {
        name_of(&self.inner.period)
    }

    /// Currency code of every amount.
    #[getter]
    fn currency(&self) -> &str {
        self.inner.currency.code()
    }

    /// One row per period, in order.
    #[getter]
    fn rows(&self) -> Vec<PyPeriodTotals> {
        self.inner.rows.iter().map(|r| PyPeriodTotals { inner: r.clone() }).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    /// A pandas `DataFrame` with one row per period (amounts as `Decimal`); needs pandas.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas")?;
        let rows = PyList::empty(py);
        for r in &self.inner.rows {
            let row = PyDict::new(py);
            row.set_item("start", date_to_py(py, r.start)?)?;
            row.set_item("end", date_to_py(py, r.end)?)?;
            for (name, m) in [
                ("planned_cost", &r.planned_cost),
                ("planned_benefit", &r.planned_benefit),
                ("planned_net", &r.planned_net),
                ("actual_cost", &r.actual_cost),
                ("actual_benefit", &r.actual_benefit),
                ("actual_net", &r.actual_net),
                ("cumulative_planned_net", &r.cumulative_planned_net),
                ("cumulative_actual_net", &r.cumulative_actual_net),
            ] {
                row.set_item(name, crate::convert::decimal_to_py(py, m.amount())?)?;
            }
            rows.append(row)?;
        }
        pandas.getattr("DataFrame")?.call1((rows,))
    }

    fn __repr__(&self) -> String {
        format!(
            "CashFlowSeries(period='{}', currency='{}', rows={})",
            name_of(&self.inner.period),
            self.inner.currency,
            self.inner.rows.len()
        )
    }
});

// ---------------------------------------------------------------------------------
// Evaluation

/// Cost, benefit and net of a set of flows.
#[pyclass(frozen, name = "Totals", module = "valuepm")]
pub struct PyTotals {
    inner: Totals,
}

record_methods!(PyTotals, "totals", {
    /// Total cost (positive).
    #[getter]
    fn cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.cost)
    }

    /// Total benefit.
    #[getter]
    fn benefit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.benefit)
    }

    /// Benefit minus cost.
    #[getter]
    fn net<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.net)
    }

    fn __repr__(&self) -> String {
        format!("Totals(cost={}, benefit={}, net={})", self.inner.cost, self.inner.benefit, self.inner.net)
    }
});

/// A project's evaluation on a date: totals, ROI, NPV, IRR, payback, BCR, PI, KPIs.
#[pyclass(frozen, name = "Evaluation", module = "valuepm")]
pub struct PyEvaluation {
    pub inner: Evaluation,
}

record_methods!(PyEvaluation, "evaluation", {
    /// The project's id.
    #[getter]
    fn project_id(&self) -> &str {
        &self.inner.project_id
    }

    /// The evaluation date.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.as_of)
    }

    /// Currency code of every amount.
    #[getter]
    fn currency(&self) -> &str {
        self.inner.currency.code()
    }

    /// The project's lifecycle state.
    #[getter]
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        state_to_py(py, self.inner.state)
    }

    /// Every planned flow.
    #[getter]
    fn planned(&self) -> PyTotals {
        PyTotals { inner: self.inner.planned.clone() }
    }

    /// Planned flows up to the date.
    #[getter]
    fn planned_to_date(&self) -> PyTotals {
        PyTotals { inner: self.inner.planned_to_date.clone() }
    }

    /// Actual flows up to the date.
    #[getter]
    fn actual_to_date(&self) -> PyTotals {
        PyTotals { inner: self.inner.actual_to_date.clone() }
    }

    /// Actuals to date plus the plan after it.
    #[getter]
    fn forecast_at_completion(&self) -> PyTotals {
        PyTotals { inner: self.inner.forecast_at_completion.clone() }
    }

    /// Planned cost to date minus actual cost to date (positive: under budget).
    #[getter]
    fn cost_variance_to_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.cost_variance_to_date)
    }

    /// Actual benefit to date minus planned benefit to date.
    #[getter]
    fn benefit_variance_to_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.benefit_variance_to_date)
    }

    /// Net present value of the planned flows at the project's discount rate, rounded to the minor unit.
    #[getter]
    fn npv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.npv)
    }

    /// Present value of the planned benefits.
    #[getter]
    fn present_value_benefits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.present_value_benefits)
    }

    /// Present value of the planned costs.
    #[getter]
    fn present_value_costs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.present_value_costs)
    }

    /// Money value realised so far by the monetised KPIs.
    #[getter]
    fn value_realised<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyMoney>> {
        money(py, &self.inner.value_realised)
    }

    /// Planned return on investment (net / cost), None without cost.
    #[getter]
    fn roi(&self) -> Option<f64> {
        self.inner.roi
    }

    /// ROI per year over the horizon.
    #[getter]
    fn annualised_roi(&self) -> Option<f64> {
        self.inner.annualised_roi
    }

    /// ROI of the forecast at completion.
    #[getter]
    fn forecast_roi(&self) -> Option<f64> {
        self.inner.forecast_roi
    }

    /// Internal rate of return of the planned flows (per year), None when there is none.
    #[getter]
    fn irr(&self) -> Option<f64> {
        self.inner.irr
    }

    /// Years until the cumulative planned net turns positive, None if never.
    #[getter]
    fn payback_years(&self) -> Option<f64> {
        self.inner.payback_years
    }

    /// The same with discounted flows.
    #[getter]
    fn discounted_payback_years(&self) -> Option<f64> {
        self.inner.discounted_payback_years
    }

    /// Present value of benefits / present value of costs.
    #[getter]
    fn benefit_cost_ratio(&self) -> Option<f64> {
        self.inner.benefit_cost_ratio
    }

    /// Profitability index.
    #[getter]
    fn profitability_index(&self) -> Option<f64> {
        self.inner.profitability_index
    }

    /// One evaluation per value metric.
    #[getter]
    fn metrics(&self) -> Vec<PyMetricEvaluation> {
        self.inner.metrics.iter().map(|m| PyMetricEvaluation { inner: m.clone() }).collect()
    }

    fn __repr__(&self) -> String {
        let e = &self.inner;
        format!(
            "Evaluation(project_id={:?}, as_of={}, state='{}', npv={}, irr={}, roi={}, payback_years={}, benefit_cost_ratio={})",
            e.project_id,
            e.as_of,
            e.state,
            e.npv,
            fmt_opt(e.irr),
            fmt_opt(e.roi),
            fmt_opt(e.payback_years),
            fmt_opt(e.benefit_cost_ratio)
        )
    }
});

// ---------------------------------------------------------------------------------
// Project

/// A validated project. Every change goes through the core's validating methods and
/// is applied whole or not at all.
#[pyclass(frozen, name = "Project", module = "valuepm")]
pub struct PyProject {
    inner: RwLock<Project>,
}

impl PyProject {
    /// Wraps a core project.
    pub fn wrap(project: Project) -> Self {
        PyProject { inner: RwLock::new(project) }
    }

    /// The project, read-locked.
    pub fn read(&self) -> RwLockReadGuard<'_, Project> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the project (an import's result).
    pub fn replace(&self, project: Project) {
        *self.inner.write().unwrap_or_else(PoisonError::into_inner) = project;
    }

    fn mutate(&self, f: impl FnOnce(&mut Project) -> Result<(), Error>) -> PyResult<()> {
        let mut project = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        run(|| f(&mut project)).or_raise()
    }

    fn data(&self) -> ProjectData {
        self.read().data().clone()
    }
}

/// A project from a document: a dict (or other mapping) or JSON text.
pub fn project_from_document(document: &Bound<'_, PyAny>) -> PyResult<Project> {
    if let Ok(text) = document.extract::<String>() {
        return run(|| Project::from_json(&text)).or_raise();
    }
    // Through the document path, as a file would load: an older schema version is
    // migrated and every field validated.
    let value = json_from_py(document, "")?;
    run(|| Project::from_value(value)).or_raise()
}

/// The JSON text of a document given as text or as a dict.
fn document_text(document: &Bound<'_, PyAny>) -> PyResult<String> {
    match document.extract::<String>() {
        Ok(text) => Ok(text),
        Err(_) => Ok(json_from_py(document, "")?.to_string()),
    }
}

/// The context manager of `Project.change(...)`: sets the change context on entry and
/// restores the previous one on exit; an exception inside rolls the project and its
/// trail back to where they were on entry (the core's `Project::with_change`).
#[pyclass(frozen, name = "ProjectChange", module = "valuepm")]
pub struct PyProjectChange {
    project: Py<PyProject>,
    meta: ChangeMeta,
    /// The context before entry and the project as it was on entry, while inside.
    saved: Mutex<Option<(ChangeMeta, Project)>>,
}

#[pymethods]
impl PyProjectChange {
    fn __enter__(&self, py: Python<'_>) -> Py<PyProject> {
        let project = self.project.get();
        let mut p = project.inner.write().unwrap_or_else(PoisonError::into_inner);
        let previous = p.set_change_meta(self.meta.clone());
        let snapshot = p.clone();
        *self.saved.lock().unwrap_or_else(PoisonError::into_inner) = Some((previous, snapshot));
        self.project.clone_ref(py)
    }

    #[pyo3(signature = (exc_type, _exc_value = None, _traceback = None))]
    fn __exit__(
        &self,
        exc_type: Option<&Bound<'_, PyAny>>,
        _exc_value: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> bool {
        let Some((previous, snapshot)) = self.saved.lock().unwrap_or_else(PoisonError::into_inner).take() else {
            return false;
        };
        let mut p = self.project.get().inner.write().unwrap_or_else(PoisonError::into_inner);
        if exc_type.is_some_and(|t| !t.is_none()) {
            *p = snapshot;
        }
        p.set_change_meta(previous);
        // The exception, if any, propagates.
        false
    }
}

#[pymethods]
impl PyProject {
    /// A new proposed project with no line items, metrics or risks.
    #[new]
    fn new(
        id: &str,
        name: &str,
        currency: &Bound<'_, PyAny>,
        start_date: &Bound<'_, PyAny>,
        end_date: &Bound<'_, PyAny>,
        discount_rate: f64,
    ) -> PyResult<Self> {
        let currency = currency_from_py(currency)?;
        let (start, end) = (date_from_py(start_date, "start_date")?, date_from_py(end_date, "end_date")?);
        run(|| Project::new(id, name, currency, start, end, discount_rate)).or_raise().map(PyProject::wrap)
    }

    /// Parses and validates a JSON project document.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        run(|| Project::from_json(text)).or_raise().map(PyProject::wrap)
    }

    /// Validates a project document given as a dict (the form `to_dict()` returns).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        project_from_document(data).map(PyProject::wrap)
    }

    /// Loads a JSON project document from a file.
    #[staticmethod]
    fn load(path: std::path::PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::from_json(&text)
    }

    /// Saves the JSON document to a file.
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        std::fs::write(path, self.read().to_json())?;
        Ok(())
    }

    /// The JSON document (pretty-printed).
    fn to_json(&self) -> String {
        self.read().to_json()
    }

    /// The document as plain Python values (money amounts as decimal strings, dates as
    /// ISO strings): the core's JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, self.read().data())
    }

    /// Identifier.
    #[getter]
    fn id(&self) -> String {
        self.read().id().to_owned()
    }

    /// Display name.
    #[getter]
    fn name(&self) -> String {
        self.read().name().to_owned()
    }

    /// Description.
    #[getter]
    fn description(&self) -> String {
        self.read().data().description.clone()
    }

    /// Owner.
    #[getter]
    fn owner(&self) -> String {
        self.read().data().owner.clone()
    }

    /// The template it was made from, if any.
    #[getter]
    fn template_id(&self) -> Option<String> {
        self.read().data().template_id.clone()
    }

    /// Currency code of every amount.
    #[getter]
    fn currency(&self) -> String {
        self.read().currency().code().to_owned()
    }

    /// First day of the horizon.
    #[getter]
    fn start_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.read().data().start_date)
    }

    /// Last day of the horizon.
    #[getter]
    fn end_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.read().data().end_date)
    }

    /// Yearly discount rate.
    #[getter]
    fn discount_rate(&self) -> f64 {
        self.read().data().discount_rate
    }

    /// Day count of the discounting (`actual_365_fixed`, ...).
    #[getter]
    fn day_count(&self) -> String {
        name_of(&self.read().data().day_count)
    }

    /// Current lifecycle state.
    #[getter]
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        state_to_py(py, self.read().state())
    }

    /// The states the project may move to now.
    #[getter]
    fn allowed_transitions<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let state = self.read().state();
        state.allowed_transitions().iter().map(|s| state_to_py(py, *s)).collect()
    }

    /// Every recorded transition, oldest first.
    #[getter]
    fn history(&self) -> Vec<PyTransition> {
        self.read().data().history.iter().map(|t| PyTransition { inner: t.clone() }).collect()
    }

    /// Line items.
    #[getter]
    fn line_items(&self) -> Vec<PyLineItem> {
        self.read().data().line_items.iter().map(|i| PyLineItem { inner: i.clone() }).collect()
    }

    /// Value metrics.
    #[getter]
    fn metrics(&self) -> Vec<PyValueMetric> {
        self.read().data().metrics.iter().map(|m| PyValueMetric { inner: m.clone() }).collect()
    }

    /// The risk register, in document form.
    #[getter]
    fn risks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.read().data().risks)
    }

    /// Tags.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.read().data().tags.clone()
    }

    /// Moves the project to `to` (a `LifecycleState` or its name), recording when
    /// (`at`: a datetime, date or ISO string; now when None), who and why. A transition
    /// the lifecycle does not allow raises `LifecycleError` listing the allowed states.
    #[pyo3(
        signature = (to, *, by, at = None, reason = ""),
        text_signature = "($self, to, *, by, at=None, reason='')"
    )]
    fn transition(
        &self,
        py: Python<'_>,
        to: &Bound<'_, PyAny>,
        by: &str,
        at: Option<&Bound<'_, PyAny>>,
        reason: &str,
    ) -> PyResult<()> {
        let to = parse_state(to)?;
        let at = match at {
            Some(at) => datetime_from_py(at, "at")?,
            None => datetime_from_py(&crate::convert::now_utc(py)?, "at")?,
        };
        self.mutate(|p| p.transition(to, at, by, reason))
    }

    /// Adds a line item (a `LineItem` or its document form); validated, id unique.
    fn add_line_item(&self, item: &Bound<'_, PyAny>) -> PyResult<()> {
        let item = line_item_from_py(item)?;
        self.mutate(|p| p.add_line_item(item))
    }

    /// Records an actual amount (in the project's currency) against a line item.
    #[pyo3(
        signature = (line_item_id, date, amount, note = String::new()),
        text_signature = "($self, line_item_id, date, amount, note='')"
    )]
    fn record_actual(
        &self,
        line_item_id: &str,
        date: &Bound<'_, PyAny>,
        amount: &Bound<'_, PyAny>,
        note: String,
    ) -> PyResult<()> {
        let currency = self.read().currency();
        let actual = Actual {
            date: date_from_py(date, "date")?,
            amount: money_from_py(amount, Some(currency), "amount")?,
            note,
        };
        self.mutate(|p| p.record_actual(line_item_id, actual))
    }

    /// Adds a value metric (a `ValueMetric` or its document form); validated, id unique.
    fn add_metric(&self, metric: &Bound<'_, PyAny>) -> PyResult<()> {
        let metric = metric_from_py(metric)?;
        self.mutate(|p| p.add_metric(metric))
    }

    /// Records a measurement of a metric.
    #[pyo3(
        signature = (metric_id, date, value, note = String::new()),
        text_signature = "($self, metric_id, date, value, note='')"
    )]
    fn record_measurement(&self, metric_id: &str, date: &Bound<'_, PyAny>, value: f64, note: String) -> PyResult<()> {
        let measurement = Measurement { date: date_from_py(date, "date")?, value, note };
        self.mutate(|p| p.record_measurement(metric_id, measurement))
    }

    /// Adds a risk register entry given in its document form (`id`, `description`,
    /// `probability`, `cost_impact`, `mitigation_cost`, ...); validated, id unique.
    fn add_risk(&self, risk: &Bound<'_, PyAny>) -> PyResult<()> {
        let risk = record_from_py(risk, "")?;
        self.mutate(|p| p.add_risk(risk))
    }

    /// Replaces top-level document fields (`name=...`, `discount_rate=...`, `tags=[...]`)
    /// and validates the whole result; nothing changes if it fails.
    #[pyo3(signature = (**changes))]
    fn update(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        let Some(changes) = changes else { return Ok(()) };
        let mut document = to_json_value(&self.data()).or_raise()?;
        if let (Value::Object(map), Value::Object(new)) = (&mut document, json_from_py(changes.as_any(), "")?) {
            map.extend(new);
        }
        let data: ProjectData = valuepm_core::document::from_value(document).or_raise()?;
        // Through the core's `update`: validated whole, recorded in the audit trail, one
        // more revision. `id`, `schema_version` and `revision` may not change.
        self.mutate(|p| p.update(|d| *d = data))
    }

    /// How many changes were made through the API (each change that alters the data
    /// adds one; 0 for a new or migrated version 1 document).
    #[getter]
    fn revision(&self) -> u64 {
        self.read().data().revision
    }

    /// The audit trail: every change recorded so far, oldest first (a copy).
    fn audit_trail(&self) -> crate::audit::PyAuditTrail {
        crate::audit::PyAuditTrail { inner: self.read().audit_trail().clone() }
    }

    /// Sets who (`actor`), why (`reason`) and when (`at`: a datetime, date or ISO
    /// timestamp; None stamps each change with its own time) of every following change,
    /// and returns the previous context as a dict. `actor` may also be a dict
    /// `{actor, reason, at}`. A transition records its own `by`, `at` and `reason`.
    #[pyo3(signature = (actor, reason = None, at = None))]
    fn set_change_meta<'py>(
        &self,
        py: Python<'py>,
        actor: &Bound<'py, PyAny>,
        reason: Option<String>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let meta = crate::audit::change_meta_from_py(actor, reason, at)?;
        let previous = self.inner.write().unwrap_or_else(PoisonError::into_inner).set_change_meta(meta);
        record_to_py(py, &previous)
    }

    /// The change context the next changes are recorded with, as a dict `{actor,
    /// reason?, at?}` (`at` an RFC 3339 string).
    fn change_meta<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, self.read().change_meta())
    }

    /// A context manager for a group of changes: `with project.change(actor="alice",
    /// reason="budget review"): ...` records every change inside with that context and
    /// restores the previous one after; an exception inside undoes the group's changes
    /// (project and trail) and propagates.
    #[pyo3(signature = (actor, reason = None, at = None))]
    fn change(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        reason: Option<String>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyProjectChange> {
        let meta = crate::audit::change_meta_from_py(actor, reason, at)?;
        Ok(PyProjectChange { project: slf.clone().unbind(), meta, saved: Mutex::new(None) })
    }

    /// Loads a project with its saved audit trail (each JSON text or a dict), so new
    /// changes extend that trail. The trail's chain is verified and every entry must be
    /// about this project (`TamperedError` otherwise).
    #[staticmethod]
    fn from_json_with_trail(project: &Bound<'_, PyAny>, trail: &Bound<'_, PyAny>) -> PyResult<Self> {
        let (project, trail) = (document_text(project)?, document_text(trail)?);
        run(|| Project::from_json_with_trail(&project, &trail)).or_raise().map(PyProject::wrap)
    }

    /// Every planned flow, in date order.
    fn planned_flows(&self) -> PyResult<Vec<PyCashFlow>> {
        let flows = run(|| self.read().planned_flows()).or_raise()?;
        Ok(flows.into_iter().map(|inner| PyCashFlow { inner }).collect())
    }

    /// Every actual flow on or before `as_of` (all when None), in date order.
    #[pyo3(signature = (as_of = None))]
    fn actual_flows(&self, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PyCashFlow>> {
        let as_of = as_of.map(|d| date_from_py(d, "as_of")).transpose()?;
        let flows = run(|| Ok(self.read().actual_flows(as_of))).or_raise()?;
        Ok(flows.into_iter().map(|inner| PyCashFlow { inner }).collect())
    }

    /// Planned and actual flows summed into calendar periods (`month`, `quarter`, `year`).
    #[pyo3(signature = (period = None))]
    fn cash_flow_series(&self, period: Option<&Bound<'_, PyAny>>) -> PyResult<PyCashFlowSeries> {
        let period = match period {
            Some(p) => name_from_py(p, "period")?,
            None => valuepm_core::model::Period::Month,
        };
        run(|| self.read().cash_flow_series(period)).or_raise().map(|inner| PyCashFlowSeries { inner })
    }

    /// Earned value and earned schedule at `status_date`, from each cost line item's
    /// percent complete (`{line_item_id: fraction}` or a list of
    /// `{"line_item_id", "percent_complete"}` records; an item not listed is 0% done).
    #[pyo3(signature = (status_date, progress=None))]
    fn earned_value(
        &self,
        status_date: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::analytics::PyEarnedValue> {
        let status_date = date_from_py(status_date, "status_date")?;
        let progress = crate::analytics::progress_from_py(progress)?;
        run(|| self.read().earned_value(status_date, &progress))
            .or_raise()
            .map(|inner| crate::analytics::PyEarnedValue { inner })
    }

    /// Risk-adjusted value on `as_of`: EMV of the risk register, risk-adjusted NPV and
    /// ROI, the NPV at the rate plus `premium`, and `scenarios` (a list of
    /// `{"name", "probability", "benefit_factor", "cost_factor"}` summing to 1).
    #[pyo3(signature = (as_of, premium=0.0, scenarios=None))]
    fn risk_adjusted(
        &self,
        as_of: &Bound<'_, PyAny>,
        premium: f64,
        scenarios: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::risk::PyRiskAdjustment> {
        let as_of = date_from_py(as_of, "as_of")?;
        let scenarios = crate::risk::scenarios_from_py(scenarios)?;
        run(|| self.read().risk_adjusted(as_of, premium, &scenarios))
            .or_raise()
            .map(|inner| crate::risk::PyRiskAdjustment { inner })
    }

    /// A seeded Monte Carlo simulation of NPV, ROI and (on request) IRR and payback.
    ///
    /// `spec` is the core's simulation spec document (a dict: `iterations`, `seed`,
    /// `inputs`, `correlation`, `include_risk_events`, `confidence`, `roi_target`,
    /// `histogram_bins`, `sensitivity`, `irr_and_payback`, `threads`); an invalid field
    /// raises `ValidationError` with its path in the spec (`inputs[0].distribution.mode`).
    /// The GIL is released while the simulation runs; a seed gives bit-identical results
    /// for any `threads`. `progress`, when given, is called on the calling thread (with
    /// the GIL) after each chunk of iterations it completes, with the fraction done, and
    /// with 1.0 at the end; a false return value other than None cancels the run
    /// (`CancelledError`, `completed` iterations), and an exception it raises cancels the
    /// run and propagates.
    #[pyo3(signature = (spec, progress = None))]
    fn simulate(
        &self,
        py: Python<'_>,
        spec: &Bound<'_, PyAny>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<crate::risk::PySimulationResult> {
        let spec: SimulationSpec = record_from_py(spec, "")?;
        let progress = progress.filter(|p| !p.is_none(py));
        // A copy: the callback may change this project while the simulation runs.
        let project = self.read().clone();
        let mut raised: Option<PyErr> = None;
        let result = py.detach(|| {
            run(|| match &progress {
                None => project.simulate(&spec),
                Some(callback) => project.simulate_with_progress(&spec, &mut |fraction| {
                    Python::attach(|py| {
                        let go = callback
                            .call1(py, (fraction,))
                            .and_then(|r| Ok(r.is_none(py) || r.is_truthy(py)?))
                            .and_then(|go| py.check_signals().map(|()| go));
                        go.unwrap_or_else(|e| {
                            raised = Some(e);
                            false
                        })
                    })
                }),
            })
        });
        if let Some(e) = raised {
            return Err(e);
        }
        result.or_raise().map(|inner| crate::risk::PySimulationResult { inner })
    }

    /// The evaluation on `as_of` (a date, datetime, ISO string or numpy datetime64).
    /// Releases the GIL while it computes.
    fn evaluate(&self, py: Python<'_>, as_of: &Bound<'_, PyAny>) -> PyResult<PyEvaluation> {
        let as_of = date_from_py(as_of, "as_of")?;
        py.detach(|| run(|| self.read().evaluate(as_of))).or_raise().map(|inner| PyEvaluation { inner })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyProject>().is_ok_and(|o| std::ptr::eq(o.get(), self) || *o.get().read() == *self.read())
    }

    fn __repr__(&self) -> String {
        let p = self.read();
        let d = p.data();
        format!(
            "Project(id={:?}, name={:?}, state='{}', currency='{}', {}..{}, line_items={}, metrics={})",
            d.id,
            d.name,
            d.state,
            d.currency,
            d.start_date,
            d.end_date,
            d.line_items.len(),
            d.metrics.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce_json(slf.as_any(), slf.get().read().to_json())
    }

    fn __copy__(&self) -> Self {
        PyProject::wrap(self.read().clone())
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.__copy__()
    }
}

/// Evaluates every project on `as_of`, releasing the GIL for the whole batch.
#[pyfunction]
#[pyo3(name = "_evaluate_many")]
pub fn evaluate_many(
    py: Python<'_>,
    projects: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
) -> PyResult<Vec<PyEvaluation>> {
    let as_of: NaiveDate = date_from_py(as_of, "as_of")?;
    let projects: Vec<Py<PyProject>> =
        projects.try_iter()?.map(|p| Ok(p?.cast_into::<PyProject>()?.unbind())).collect::<PyResult<_>>()?;
    let evaluations =
        py.detach(|| projects.iter().map(|p| run(|| p.get().read().evaluate(as_of))).collect::<Result<Vec<_>, _>>());
    Ok(evaluations.or_raise()?.into_iter().map(|inner| PyEvaluation { inner }).collect())
}
