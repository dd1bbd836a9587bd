//! Wraps `valuepm_core::model`: `Project` (validated, all-or-nothing changes),
//! `LifecycleState`, `LineItem`, `ValueMetric`, `Evaluation` and `evaluateMany`, under
//! the Node package's names. Records (line items, actuals, metrics, measurements, risks,
//! results) cross as the core's serde JSON. The `…Async` variants run on the calling
//! thread (wasm32 has no thread pool) and return a Promise that is already settled.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde_json::Value;
use valuepm_core::model::{
    Actual, Evaluation, LifecycleState, LineItem, LineItemKind, Measurement, Period, Project, Risk, ValueMetric,
};
use valuepm_core::{ChangeMeta as CoreChangeMeta, Currency};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::analytics::{self, WasmEarnedValue};
use crate::audit::WasmAuditTrail;
use crate::convert::{
    self, date, is_absent, name_value, number_or_null, object_json, record, record_at, timestamp, to_js,
};
use crate::error::{call, invalid_argument, promise, to_js as error_to_js, Failure};
use crate::money::{money, WasmMoney};
use crate::risk::{self, WasmRiskAdjustment, WasmSimulationResult};

fn state(name: &str) -> Result<LifecycleState, Failure> {
    Ok(LifecycleState::parse(name)?)
}

// ---------------------------------------------------------------------------------
// Lifecycle

/// A lifecycle state (`proposed`, `approved`, `rejected`, `active`, `on_hold`,
/// `completed`, `cancelled`) and the transitions it allows.
#[wasm_bindgen(js_name = "LifecycleState")]
pub struct WasmLifecycleState {
    inner: LifecycleState,
}

#[wasm_bindgen(js_class = "LifecycleState")]
impl WasmLifecycleState {
    /// The state named `name`; an unknown name is a validation error.
    pub fn parse(name: String) -> Result<WasmLifecycleState, JsValue> {
        call(|| Ok(WasmLifecycleState { inner: state(&name)? }))
    }

    /// Every state, in lifecycle order.
    pub fn all() -> Vec<String> {
        LifecycleState::ALL.iter().map(|s| s.as_str().to_owned()).collect()
    }

    /// The state's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// The states this state may move to.
    #[wasm_bindgen(js_name = "allowedTransitions")]
    pub fn allowed_transitions(&self) -> Vec<String> {
        self.inner.allowed_transitions().iter().map(|s| s.as_str().to_owned()).collect()
    }

    /// Whether this state may move to `to`.
    #[wasm_bindgen(js_name = "canTransitionTo")]
    pub fn can_transition_to(&self, to: String) -> Result<bool, JsValue> {
        call(|| Ok(self.inner.can_transition_to(state(&to)?)))
    }

    /// Whether no transition leaves this state.
    #[wasm_bindgen(js_name = "isFinal")]
    pub fn is_final(&self) -> bool {
        self.inner.is_final()
    }

    /// The name.
    #[wasm_bindgen(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.name()
    }

    /// The name.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.name()
    }
}

// ---------------------------------------------------------------------------------
// Line items and metrics

/// A cost or benefit line item: a one-off or recurring plan, and actuals.
#[wasm_bindgen(js_name = "LineItem")]
pub struct WasmLineItem {
    inner: LineItem,
}

#[wasm_bindgen(js_class = "LineItem")]
impl WasmLineItem {
    /// A one-off amount on `date`; `kind` is `capex`, `opex`, `labour`, `licence`,
    /// `other_cost`, `cost_saving`, `revenue`, `avoided_cost` or `other_benefit`
    #[wasm_bindgen(js_name = "oneOff")]
    pub fn one_off(
        id: String,
        name: String,
        kind: String,
        #[wasm_bindgen(unchecked_param_type = "DateArg")] date: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MoneyArg")] amount: JsValue,
    ) -> Result<WasmLineItem, JsValue> {
        call(|| {
            let kind: LineItemKind = name_value(&kind, "kind")?;
            let inner = LineItem::one_off(&id, &name, kind, self::date(&date, "date")?, money(&amount, "amount")?);
            Ok(WasmLineItem { inner })
        })
    }

    /// A recurring amount every `frequency` (`monthly`, `quarterly`, `yearly`) from
    /// `start` to `end`.
    pub fn recurring(
        id: String,
        name: String,
        kind: String,
        frequency: String,
        #[wasm_bindgen(unchecked_param_type = "DateArg")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateArg")] end: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MoneyArg")] amount: JsValue,
    ) -> Result<WasmLineItem, JsValue> {
        call(|| {
            let inner = LineItem::recurring(
                &id,
                &name,
                name_value(&kind, "kind")?,
                name_value(&frequency, "frequency")?,
                date(&start, "start")?,
                date(&end, "end")?,
                money(&amount, "amount")?,
            );
            Ok(WasmLineItem { inner })
        })
    }

    /// A line item from its JSON form.
    #[wasm_bindgen(js_name = "fromJSON")]
    pub fn from_json(#[wasm_bindgen(unchecked_param_type = "object")] value: JsValue) -> Result<WasmLineItem, JsValue> {
        call(|| Ok(WasmLineItem { inner: record(object_json(&value, "")?)? }))
    }

    /// The id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The kind (`capex`, `opex`, `labour`, `licence`, `other_cost`, `cost_saving`, `revenue`,
    /// `avoided_cost`, `other_benefit`).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        convert::name_of(&self.inner.kind)
    }

    /// Every planned `{date, amount}`.
    #[wasm_bindgen(js_name = "plannedOccurrences")]
    pub fn planned_occurrences(&self) -> Result<JsValue, JsValue> {
        call(|| {
            let list = self.inner.planned_occurrences()?;
            let json: Vec<Value> = list
                .iter()
                .map(|(d, m)| {
                    let amount = serde_json::to_value(m)
                        .map_err(|e| Failure::Internal(format!("cannot serialise an amount: {e}")))?;
                    Ok(serde_json::json!({"date": d.to_string(), "amount": amount}))
                })
                .collect::<Result<_, Failure>>()?;
            to_js(&json)
        })
    }

    /// The JSON form.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

/// A value metric (KPI): baseline, target, measurements, optional monetisation.
#[wasm_bindgen(js_name = "ValueMetric")]
pub struct WasmValueMetric {
    inner: ValueMetric,
}

#[wasm_bindgen(js_class = "ValueMetric")]
impl WasmValueMetric {
    /// A metric from its JSON form (`{id, name, unit, direction, baseline, target, …}`).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "object")] data: JsValue) -> Result<WasmValueMetric, JsValue> {
        call(|| Ok(WasmValueMetric { inner: record(object_json(&data, "")?)? }))
    }

    /// The id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Checks the metric against a project currency.
    pub fn validate(&self, currency: String) -> Result<(), JsValue> {
        call(|| Ok(self.inner.validate(Currency::new(&currency)?)?))
    }

    /// The metric's evaluation on `asOf` (its JSON form).
    pub fn evaluate(
        &self,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "DateArg")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.evaluate(date(&as_of, "as_of")?)?))
    }

    /// The value expected on `date` on the straight line from baseline to target.
    #[wasm_bindgen(js_name = "expectedValue")]
    pub fn expected_value(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateArg")] date: JsValue,
    ) -> Result<f64, JsValue> {
        call(|| Ok(self.inner.expected_value(self::date(&date, "date")?)))
    }

    /// The progress (0 at baseline, 1 at target) expected on `date`.
    #[wasm_bindgen(js_name = "expectedProgress")]
    pub fn expected_progress(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateArg")] date: JsValue,
    ) -> Result<f64, JsValue> {
        call(|| Ok(self.inner.expected_progress(self::date(&date, "date")?)))
    }

    /// The progress a measured `value` represents.
    #[wasm_bindgen(js_name = "progressOf")]
    pub fn progress_of(&self, value: f64) -> f64 {
        self.inner.progress_of(value)
    }

    /// The JSON form.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// Evaluation

/// A project's evaluation on a date.
#[wasm_bindgen(js_name = "Evaluation")]
pub struct WasmEvaluation {
    inner: Evaluation,
}

#[wasm_bindgen(js_class = "Evaluation")]
impl WasmEvaluation {
    /// The project's id.
    #[wasm_bindgen(getter, js_name = "projectId")]
    pub fn project_id(&self) -> String {
        self.inner.project_id.clone()
    }

    /// The evaluation date (ISO).
    #[wasm_bindgen(getter, js_name = "asOf")]
    pub fn as_of(&self) -> String {
        self.inner.as_of.to_string()
    }

    /// Net present value of the forecast flows, at the project's discount rate.
    #[wasm_bindgen(getter)]
    pub fn npv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.npv)
    }

    /// Value realised to date (monetised metrics).
    #[wasm_bindgen(getter, js_name = "valueRealised")]
    pub fn value_realised(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.value_realised)
    }

    /// Internal rate of return of the forecast flows, or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn irr(&self) -> JsValue {
        number_or_null(self.inner.irr)
    }

    /// Return on investment to date, or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn roi(&self) -> JsValue {
        number_or_null(self.inner.roi)
    }

    /// Payback in years, or `null` when not within the horizon.
    #[wasm_bindgen(getter, js_name = "paybackYears", unchecked_return_type = "number | null")]
    pub fn payback_years(&self) -> JsValue {
        number_or_null(self.inner.payback_years)
    }

    /// Benefit-cost ratio, or `null`.
    #[wasm_bindgen(getter, js_name = "benefitCostRatio", unchecked_return_type = "number | null")]
    pub fn benefit_cost_ratio(&self) -> JsValue {
        number_or_null(self.inner.benefit_cost_ratio)
    }

    /// Profitability index, or `null`.
    #[wasm_bindgen(getter, js_name = "profitabilityIndex", unchecked_return_type = "number | null")]
    pub fn profitability_index(&self) -> JsValue {
        number_or_null(self.inner.profitability_index)
    }

    /// Each metric's evaluation (JSON form).
    #[wasm_bindgen(getter)]
    pub fn metrics(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.metrics))
    }

    /// The whole evaluation in the core's JSON form.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// Project

/// A project: identity, horizon, a validated lifecycle, line items, metrics and risks.
/// Every change is validated whole and applied all-or-nothing.
///
/// Every change that alters the data adds one to `revision` and is recorded in the
/// project's audit trail (`auditTrail()`), with the change context set by
/// `setChangeMeta` or `withChange`.
#[wasm_bindgen(js_name = "Project")]
pub struct WasmProject {
    // Shared with the handle `withChange` passes to its callback; every method takes
    // `&self` and borrows the project only for its own work, so the callback may call
    // the others on either object.
    pub(crate) inner: Rc<RefCell<Project>>,
}

impl WasmProject {
    /// Wraps a core project.
    pub fn from_core(inner: Project) -> Self {
        WasmProject { inner: Rc::new(RefCell::new(inner)) }
    }

    /// The project, read.
    pub(crate) fn project(&self) -> Ref<'_, Project> {
        self.inner.borrow()
    }

    /// Runs `f` on the project, mutably.
    fn change<T>(&self, f: impl FnOnce(&mut Project) -> Result<T, Failure>) -> Result<T, Failure> {
        let mut project = self
            .inner
            .try_borrow_mut()
            .map_err(|_| invalid_argument("this", "the project is in use by the call that is running a callback"))?;
        f(&mut project)
    }
}

/// A change context from `{actor, reason?, at?}` (`at`: a `Date` or an RFC 3339 string).
fn change_meta(meta: &JsValue) -> Result<CoreChangeMeta, Failure> {
    record_at(convert::object_json_with_times(meta, "meta", &["at"])?, "meta")
}

/// Now, from the JavaScript clock (`Utc::now` has no clock on wasm32-unknown-unknown).
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// A string option of `{at, by, reason}`.
fn text_option(options: &JsValue, key: &str) -> Result<Option<String>, Failure> {
    let value = js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if is_absent(&value) {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| invalid_argument(key, "must be a string"))
}

#[wasm_bindgen(js_class = "Project")]
impl WasmProject {
    /// Lends this project's cell to the io functions (internal: see `io`).
    #[wasm_bindgen(js_name = "__lend", skip_typescript)]
    pub fn lend(&self) {
        crate::io::lend(crate::io::Lent::Project(Rc::clone(&self.inner)));
    }

    /// A new proposed project with no line items, metrics or risks.
    #[wasm_bindgen(constructor)]
    pub fn new(
        id: String,
        name: String,
        currency: String,
        #[wasm_bindgen(js_name = "startDate", unchecked_param_type = "DateArg")] start_date: JsValue,
        #[wasm_bindgen(js_name = "endDate", unchecked_param_type = "DateArg")] end_date: JsValue,
        #[wasm_bindgen(js_name = "discountRate")] discount_rate: f64,
    ) -> Result<WasmProject, JsValue> {
        call(|| {
            let inner = Project::new(
                &id,
                &name,
                Currency::new(&currency)?,
                date(&start_date, "start_date")?,
                date(&end_date, "end_date")?,
                discount_rate,
            )?;
            Ok(WasmProject::from_core(inner))
        })
    }

    /// A project from its JSON document text.
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(text: String) -> Result<WasmProject, JsValue> {
        call(|| Ok(WasmProject::from_core(Project::from_json(&text)?)))
    }

    /// A project from its document as an object (the core's JSON form).
    #[wasm_bindgen(js_name = "fromData")]
    pub fn from_data(#[wasm_bindgen(unchecked_param_type = "object")] data: JsValue) -> Result<WasmProject, JsValue> {
        call(|| Ok(WasmProject::from_core(Project::from_value(convert::normalised(object_json(&data, "")?))?)))
    }

    /// The JSON document text.
    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json_text(&self) -> String {
        self.project().to_json()
    }

    /// The document as a plain object.
    pub fn data(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(self.project().data()))
    }

    /// The document as a plain object (for `JSON.stringify`).
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.data()
    }

    /// The id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.project().id().to_owned()
    }

    /// The name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.project().name().to_owned()
    }

    /// The currency code.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.project().currency().code().to_owned()
    }

    /// The lifecycle state's name.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        self.project().state().as_str().to_owned()
    }

    /// Replaces top-level document fields with those of `changes` (the core's JSON
    /// form), validated whole; nothing changes on error. Recorded in the audit trail
    /// (one more revision when it alters the data); `id`, `schema_version` and
    /// `revision` may not change.
    pub fn update(&self, #[wasm_bindgen(unchecked_param_type = "object")] changes: JsValue) -> Result<(), JsValue> {
        call(|| {
            let changes = object_json(&changes, "")?;
            self.change(|p| {
                let mut document = serde_json::to_value(p.data())
                    .map_err(|e| Failure::Internal(format!("cannot serialise the document: {e}")))?;
                if let (Value::Object(map), Value::Object(new)) = (&mut document, changes) {
                    map.extend(new);
                }
                let data = record(document)?;
                Ok(p.update(|d| *d = data)?)
            })
        })
    }

    /// How many changes were made through the API (each change that alters the data
    /// adds one; 0 for a new project or a migrated version 1 document).
    #[wasm_bindgen(getter)]
    pub fn revision(&self) -> f64 {
        self.project().data().revision as f64
    }

    /// The audit trail: every change recorded so far, oldest first (a copy).
    #[wasm_bindgen(js_name = "auditTrail")]
    pub fn audit_trail(&self) -> WasmAuditTrail {
        WasmAuditTrail::from_core(self.project().audit_trail().clone())
    }

    /// Sets who (`actor`), why (`reason`) and when (`at`: a `Date` or an RFC 3339
    /// string; absent: each change's own time) of every following change; returns the
    /// previous context. A transition records its own `by`, `at` and `reason`.
    #[wasm_bindgen(js_name = "setChangeMeta", unchecked_return_type = "ChangeMeta")]
    pub fn set_change_meta(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChangeMeta")] meta: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let meta = change_meta(&meta)?;
            self.change(|p| to_js(&p.set_change_meta(meta)))
        })
    }

    /// The change context the next changes are recorded with (`at` as an RFC 3339 string).
    #[wasm_bindgen(js_name = "changeMeta", unchecked_return_type = "ChangeMeta")]
    pub fn change_meta(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(self.project().change_meta()))
    }

    /// Runs `change(project)` with the change context `meta`, then restores the previous
    /// context, and returns what `change` returns. If `change` throws, the project and its
    /// audit trail are as they were before the call, and the exception propagates. (A
    /// Promise that `change` returns is not awaited: only its synchronous part is grouped.)
    /// On wasm the callback's `project` is another `Project` object for the same project.
    #[wasm_bindgen(js_name = "withChange", unchecked_return_type = "unknown")]
    pub fn with_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChangeMeta")] meta: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(project: Project) => unknown")] change: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (previous, snapshot, callback) = call(|| {
            let callback =
                change.dyn_into::<js_sys::Function>().map_err(|_| invalid_argument("change", "must be a function"))?;
            let meta = change_meta(&meta)?;
            self.change(|p| {
                let previous = p.set_change_meta(meta);
                Ok((previous, p.clone(), callback))
            })
        })?;
        let handle = JsValue::from(WasmProject { inner: Rc::clone(&self.inner) });
        let result = callback.call1(&JsValue::NULL, &handle);
        let mut project = self.inner.borrow_mut();
        if result.is_err() {
            *project = snapshot;
        }
        project.set_change_meta(previous);
        result
    }

    /// Loads a project with its saved audit trail (both JSON document texts), so new
    /// changes extend that trail. The trail's hash chain is verified and every entry must
    /// be about this project (an error of code `tampered` otherwise).
    #[wasm_bindgen(js_name = "fromJsonWithTrail")]
    pub fn from_json_with_trail(
        #[wasm_bindgen(js_name = "projectJson")] project_json: String,
        #[wasm_bindgen(js_name = "trailJson")] trail_json: String,
    ) -> Result<WasmProject, JsValue> {
        call(|| Ok(WasmProject::from_core(Project::from_json_with_trail(&project_json, &trail_json)?)))
    }

    /// Moves the project to the state `to`, recorded with `{at, by, reason}` (`at`: a
    /// `Date` or an ISO timestamp, default now).
    pub fn transition(
        &self,
        to: String,
        #[wasm_bindgen(unchecked_optional_param_type = "TransitionOptions | null")] options: JsValue,
    ) -> Result<(), JsValue> {
        call(|| {
            let to = state(&to)?;
            let (at, by, reason) = if is_absent(&options) {
                (None, None, None)
            } else {
                let at = js_sys::Reflect::get(&options, &JsValue::from_str("at")).unwrap_or(JsValue::UNDEFINED);
                let at = if is_absent(&at) { None } else { Some(timestamp(&at, "at")?) };
                (at, text_option(&options, "by")?, text_option(&options, "reason")?)
            };
            let at = at.unwrap_or_else(now);
            self.change(|p| Ok(p.transition(to, at, by.as_deref().unwrap_or(""), reason.as_deref().unwrap_or(""))?))
        })
    }

    /// Adds a line item (its JSON form).
    #[wasm_bindgen(js_name = "addLineItem")]
    pub fn add_line_item(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LineItemArg")] item: JsValue,
    ) -> Result<(), JsValue> {
        call(|| {
            let item: LineItem = record_at(object_json(&item, "item")?, "item")?;
            self.change(|p| Ok(p.add_line_item(item)?))
        })
    }

    /// Records an actual `{date, amount, note?}` against a line item.
    #[wasm_bindgen(js_name = "recordActual")]
    pub fn record_actual(
        &self,
        #[wasm_bindgen(js_name = "lineItemId")] line_item_id: String,
        #[wasm_bindgen(unchecked_param_type = "object")] actual: JsValue,
    ) -> Result<(), JsValue> {
        call(|| {
            let actual: Actual = record_at(object_json(&actual, "actual")?, "actual")?;
            self.change(|p| Ok(p.record_actual(&line_item_id, actual)?))
        })
    }

    /// Adds a value metric (a `ValueMetric` or its JSON form).
    #[wasm_bindgen(js_name = "addMetric")]
    pub fn add_metric(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MetricArg")] metric: JsValue,
    ) -> Result<(), JsValue> {
        call(|| {
            let metric: ValueMetric = record_at(object_json(&metric, "metric")?, "metric")?;
            self.change(|p| Ok(p.add_metric(metric)?))
        })
    }

    /// Records a measurement `{date, value, note?}` of a metric.
    #[wasm_bindgen(js_name = "recordMeasurement")]
    pub fn record_measurement(
        &self,
        #[wasm_bindgen(js_name = "metricId")] metric_id: String,
        #[wasm_bindgen(unchecked_param_type = "object")] measurement: JsValue,
    ) -> Result<(), JsValue> {
        call(|| {
            let m: Measurement = record_at(object_json(&measurement, "measurement")?, "measurement")?;
            self.change(|p| Ok(p.record_measurement(&metric_id, m)?))
        })
    }

    /// Adds a risk (its JSON form).
    #[wasm_bindgen(js_name = "addRisk")]
    pub fn add_risk(&self, #[wasm_bindgen(unchecked_param_type = "object")] risk: JsValue) -> Result<(), JsValue> {
        call(|| {
            let risk: Risk = record_at(object_json(&risk, "risk")?, "risk")?;
            self.change(|p| Ok(p.add_risk(risk)?))
        })
    }

    /// Every planned cash flow (JSON form), in date order.
    #[wasm_bindgen(js_name = "plannedFlows")]
    pub fn planned_flows(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.project().planned_flows()?))
    }

    /// Every actual cash flow (JSON form), up to `asOf` if given.
    #[wasm_bindgen(js_name = "actualFlows")]
    pub fn actual_flows(
        &self,
        #[wasm_bindgen(js_name = "asOf", unchecked_optional_param_type = "DateArg | null")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let as_of = if is_absent(&as_of) { None } else { Some(date(&as_of, "as_of")?) };
            to_js(&self.project().actual_flows(as_of))
        })
    }

    /// Planned and actual totals per `period` (`month`, `quarter`, `year`), JSON form.
    #[wasm_bindgen(js_name = "cashFlowSeries")]
    pub fn cash_flow_series(&self, period: String) -> Result<JsValue, JsValue> {
        call(|| {
            let period: Period = name_value(&period, "period")?;
            to_js(&self.project().cash_flow_series(period)?)
        })
    }

    /// The project's evaluation on `asOf`.
    pub fn evaluate(
        &self,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "DateArg")] as_of: JsValue,
    ) -> Result<WasmEvaluation, JsValue> {
        call(|| Ok(WasmEvaluation { inner: self.project().evaluate(date(&as_of, "as_of")?)? }))
    }

    /// Risk-adjusted value on `asOf`: the EMV of the risk register, risk-adjusted NPV
    /// and ROI, the NPV at the rate plus `premium` (default 0), and `scenarios` (an array
    /// of `{name, probability, benefit_factor?, cost_factor?}` whose probabilities sum
    /// to 1).
    #[wasm_bindgen(js_name = "riskAdjusted")]
    pub fn risk_adjusted(
        &self,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "DateArg")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] premium: Option<f64>,
        #[wasm_bindgen(unchecked_optional_param_type = "Array<ScenarioArg> | null")] scenarios: JsValue,
    ) -> Result<WasmRiskAdjustment, JsValue> {
        call(|| {
            let as_of = date(&as_of, "as_of")?;
            let scenarios = if is_absent(&scenarios) {
                Vec::new()
            } else {
                let Some(list) = scenarios.dyn_ref::<js_sys::Array>() else {
                    return Err(invalid_argument("scenarios", "must be an array of scenarios"));
                };
                risk::scenarios(
                    list.iter()
                        .enumerate()
                        .map(|(i, s)| object_json(&s, &format!("scenarios[{i}]")))
                        .collect::<Result<_, _>>()?,
                )?
            };
            let adjustment = self.project().risk_adjusted(as_of, premium.unwrap_or(0.0), &scenarios)?;
            Ok(WasmRiskAdjustment::from_core(adjustment))
        })
    }

    /// Runs a seeded Monte Carlo simulation of NPV, ROI and (on request) IRR and payback.
    /// `spec` is the core's simulation spec (`{iterations, seed, inputs, correlation?,
    /// include_risk_events?, confidence?, roi_target?, histogram_bins?, sensitivity?,
    /// irr_and_payback?, threads?}`; camelCase keys accepted too); errors are at its field
    /// path. `onProgress(fraction)` is called after each chunk of 10 000 iterations, and
    /// with 1 at the end; returning `false` stops the run with an error of code
    /// `cancelled`, and an exception it throws stops the run and is rethrown. On wasm it
    /// always runs on one thread, whatever `threads` asks for; a seed gives bit-identical
    /// results on every platform and thread count.
    #[wasm_bindgen(unchecked_return_type = "SimulationResult")]
    pub fn simulate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SimulationSpec")] spec: JsValue,
        #[wasm_bindgen(
            js_name = "onProgress",
            unchecked_optional_param_type = "((fraction: number) => boolean | void) | null"
        )]
        on_progress: JsValue,
    ) -> Result<WasmSimulationResult, JsValue> {
        let mut thrown: Option<JsValue> = None;
        let result = (|| {
            let spec = risk::simulation_spec(object_json(&spec, "spec")?)?;
            if is_absent(&on_progress) {
                return Ok(self.project().simulate(&spec)?);
            }
            // A copy: the callback may change this project while the simulation runs.
            let project = self.project().clone();
            let Some(callback) = on_progress.dyn_ref::<js_sys::Function>() else {
                return Err(invalid_argument("onProgress", "must be a function"));
            };
            let mut report = |fraction: f64| match callback.call1(&JsValue::NULL, &JsValue::from_f64(fraction)) {
                Ok(answer) => answer.as_bool() != Some(false),
                Err(e) => {
                    thrown = Some(e);
                    false
                }
            };
            Ok(project.simulate_with_progress(&spec, &mut report)?)
        })();
        match (result, thrown) {
            (_, Some(exception)) => Err(exception),
            (Ok(result), None) => Ok(WasmSimulationResult::from_core(result)),
            (Err(failure), None) => Err(error_to_js(&failure)),
        }
    }

    /// `simulate` as a Promise. On wasm it runs on the calling thread (there is no thread
    /// pool; run the package in a Web Worker to keep a page responsive) and returns a
    /// settled Promise, rejected with the error `simulate` throws. A `signal` already
    /// aborted rejects with code `cancelled` (`completed` 0) before any work; `aborted` is
    /// also read after each chunk of iterations (it cannot change during the run, since
    /// nothing else runs on this thread until it ends).
    #[wasm_bindgen(js_name = "simulateAsync", unchecked_return_type = "Promise<SimulationResult>")]
    pub fn simulate_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SimulationSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AbortSignal | null")] signal: JsValue,
    ) -> js_sys::Promise {
        let aborted = || {
            !is_absent(&signal)
                && js_sys::Reflect::get(&signal, &JsValue::from_str("aborted")).is_ok_and(|a| a.as_bool() == Some(true))
        };
        promise(call(|| {
            let spec = risk::simulation_spec(object_json(&spec, "spec")?)?;
            if aborted() {
                return Err(Failure::Core(valuepm_core::Error::Cancelled { completed: 0 }));
            }
            let result = self.project().simulate_with_progress(&spec, &mut |_| !aborted())?;
            Ok(WasmSimulationResult::from_core(result))
        }))
    }

    /// Earned value (PMBOK) and earned schedule (Lipke) at `statusDate`, from each cost
    /// item's percent complete: `progress` is `{lineItemId: fraction}` or an array of
    /// `{line_item_id, percent_complete}` (omitted items count as 0).
    #[wasm_bindgen(js_name = "earnedValue")]
    pub fn earned_value(
        &self,
        #[wasm_bindgen(js_name = "statusDate", unchecked_param_type = "DateArg")] status_date: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressArg | null")] progress: JsValue,
    ) -> Result<WasmEarnedValue, JsValue> {
        call(|| {
            let status_date = date(&status_date, "status_date")?;
            let progress = analytics::progress(if is_absent(&progress) {
                None
            } else {
                Some(object_json(&progress, "progress")?)
            })?;
            Ok(WasmEarnedValue::from_core(self.project().earned_value(status_date, &progress)?))
        })
    }
}

// ---------------------------------------------------------------------------------
// Many projects

/// The prototype of this package's `Project` class, from an instance made once: it tells a
/// `Project` (or an instance of a subclass) from any other object, whatever a minifier
/// did to class names.
fn project_prototype() -> Option<js_sys::Object> {
    thread_local! {
        static PROTOTYPE: Option<js_sys::Object> = {
            let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1);
            let project = day.and_then(|d| Project::new("p", "p", Currency::new("EUR").ok()?, d, d, 0.0).ok());
            project.map(|p| js_sys::Object::get_prototype_of(&WasmProject::from_core(p).into()))
        };
    }
    PROTOTYPE.with(Clone::clone)
}

/// Evaluates every `Project` of `projects` on `asOf` through its own `evaluate`, so the
/// projects stay the caller's (a wasm-bindgen object passed by value would be consumed).
/// The first failing project's error gets its `row` and a `row i: ` message prefix.
fn evaluate_all(projects: &JsValue, as_of: &JsValue) -> Result<Vec<JsValue>, JsValue> {
    let as_of = call(|| date(as_of, "as_of"))?;
    let as_of = JsValue::from_str(&as_of.to_string());
    let Some(list) = projects.dyn_ref::<js_sys::Array>() else {
        return Err(error_to_js(&invalid_argument("projects", "must be an array of Project")));
    };
    let evaluate = JsValue::from_str("evaluate");
    list.iter()
        .enumerate()
        .map(|(row, project)| {
            let is_project = project_prototype().is_some_and(|prototype| prototype.is_prototype_of(&project));
            let method = if is_project { js_sys::Reflect::get(&project, &evaluate).ok() } else { None };
            let Some(method) = method.as_ref().and_then(|m| m.dyn_ref::<js_sys::Function>()) else {
                return Err(error_to_js(&invalid_argument("projects", format!("element {row} is not a Project"))));
            };
            // wasm-bindgen's handle of the Rust object: 0 once `free()` was called.
            let handle = js_sys::Reflect::get(&project, &JsValue::from_str("__wbg_ptr")).unwrap_or_default();
            if handle.as_f64() == Some(0.0) {
                return Err(error_to_js(&invalid_argument("projects", format!("element {row} has been freed"))));
            }
            method.call1(&project, &as_of).inspect_err(|error| {
                // Our coded errors get the row, as in the Node package; anything else passes.
                if js_sys::Reflect::has(error, &JsValue::from_str("code")).unwrap_or(false) {
                    let message = js_sys::Reflect::get(error, &JsValue::from_str("message")).unwrap_or_default();
                    let message = format!("row {row}: {}", message.as_string().unwrap_or_default());
                    let _ = js_sys::Reflect::set(error, &JsValue::from_str("message"), &JsValue::from_str(&message));
                    let _ = js_sys::Reflect::set(error, &JsValue::from_str("row"), &JsValue::from_f64(row as f64));
                }
            })
        })
        .collect()
}

/// Evaluates every project on `asOf` (the first failing project's error has `row`).
#[wasm_bindgen(js_name = "evaluateMany", unchecked_return_type = "Array<Evaluation>")]
pub fn evaluate_many(
    #[wasm_bindgen(unchecked_param_type = "Array<Project>")] projects: JsValue,
    #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "DateArg")] as_of: JsValue,
) -> Result<Vec<JsValue>, JsValue> {
    evaluate_all(&projects, &as_of)
}

/// `evaluateMany` as a Promise (on wasm: run on the calling thread, returned settled,
/// rejected with the error `evaluateMany` throws).
#[wasm_bindgen(js_name = "evaluateManyAsync", unchecked_return_type = "Promise<Evaluation[]>")]
pub fn evaluate_many_async(
    #[wasm_bindgen(unchecked_param_type = "Array<Project>")] projects: JsValue,
    #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "DateArg")] as_of: JsValue,
) -> js_sys::Promise {
    promise(evaluate_all(&projects, &as_of).map(|list| list.into_iter().collect::<js_sys::Array>()))
}
