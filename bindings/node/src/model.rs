//! Wraps `valuepm_core::model`: `Project` (validated, all-or-nothing changes),
//! `LifecycleState`, `LineItem`, `ValueMetric`, `Evaluation`, and `evaluateMany` (with
//! an async variant on the libuv thread pool). Records (line items, actuals, metrics,
//! measurements, risks, results) cross as the core's serde JSON.

use std::cell::{Ref, RefCell};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::Utc;
use napi::bindgen_prelude::{
    AbortSignal, AsyncTask, ClassInstance, Either, Function, JsObjectValue, JsValue, Object, This, Unknown,
};
use napi::{Env, Task, ValueType};
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::model::{
    Actual, Evaluation, LifecycleState, LineItem, LineItemKind, Measurement, Period, Project, Risk, ValueMetric,
};
use valuepm_core::{ChangeMeta as CoreChangeMeta, Currency};

use crate::analytics::{self, JsEarnedValue};
use crate::audit::JsAuditTrail;
use crate::convert::{self, date, name_value, object_json, record, record_at, timestamp, to_json, DateArg};
use crate::error::{call, invalid_argument, run, to_js, Failure, Work};
use crate::money::{money, JsMoney, MoneyArg};
use crate::risk::{self, JsRiskAdjustment, JsSimulationResult, SimulateTask};

fn state(name: &str) -> Result<LifecycleState, Failure> {
    Ok(LifecycleState::parse(name)?)
}

// ---------------------------------------------------------------------------------
// Lifecycle

/// A lifecycle state (`proposed`, `approved`, `rejected`, `active`, `on_hold`,
/// `completed`, `cancelled`) and the transitions it allows.
#[napi(js_name = "LifecycleState")]
pub struct JsLifecycleState {
    inner: LifecycleState,
}

#[napi]
impl JsLifecycleState {
    /// The state named `name`; an unknown name is a validation error.
    #[napi]
    pub fn parse(env: Env, name: String) -> napi::Result<Self> {
        call(env, || Ok(JsLifecycleState { inner: state(&name)? }))
    }

    /// Every state, in lifecycle order.
    #[napi]
    pub fn all() -> Vec<String> {
        LifecycleState::ALL.iter().map(|s| s.as_str().to_owned()).collect()
    }

    /// The state's name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// The states this state may move to.
    #[napi]
    pub fn allowed_transitions(&self) -> Vec<String> {
        self.inner.allowed_transitions().iter().map(|s| s.as_str().to_owned()).collect()
    }

    /// Whether this state may move to `to`.
    #[napi]
    pub fn can_transition_to(&self, env: Env, to: String) -> napi::Result<bool> {
        call(env, || Ok(self.inner.can_transition_to(state(&to)?)))
    }

    /// Whether no transition leaves this state.
    #[napi]
    pub fn is_final(&self) -> bool {
        self.inner.is_final()
    }

    /// The name.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.name()
    }

    /// The name.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.name()
    }
}

/// Options of `Project.transition`.
#[napi(object)]
pub struct TransitionOptions {
    /// When (a `Date` or an ISO timestamp; default now).
    pub at: Option<DateArg>,
    /// Who made the change.
    pub by: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

// ---------------------------------------------------------------------------------
// Line items and metrics

/// A cost or benefit line item: a one-off or recurring plan, and actuals.
#[napi(js_name = "LineItem")]
pub struct JsLineItem {
    inner: LineItem,
}

/// A line item from a `LineItem` or its JSON form.
pub type LineItemArg<'a> = Either<ClassInstance<'a, JsLineItem>, Object<'a>>;

#[napi]
impl JsLineItem {
    /// A one-off amount on `date`; `kind` is `capex`, `opex`, `revenue`, `savings`, …
    #[napi]
    pub fn one_off(
        env: Env,
        id: String,
        name: String,
        kind: String,
        date: DateArg,
        amount: MoneyArg,
    ) -> napi::Result<Self> {
        call(env, || {
            let kind: LineItemKind = name_value(&kind, "kind")?;
            let inner = LineItem::one_off(&id, &name, kind, self::date(&date, "date")?, money(env, &amount, "amount")?);
            Ok(JsLineItem { inner })
        })
    }

    /// A recurring amount every `frequency` (`monthly`, `quarterly`, `yearly`) from
    /// `start` to `end`.
    #[napi]
    pub fn recurring(
        env: Env,
        id: String,
        name: String,
        kind: String,
        frequency: String,
        start: DateArg,
        end: DateArg,
        amount: MoneyArg,
    ) -> napi::Result<Self> {
        call(env, || {
            let inner = LineItem::recurring(
                &id,
                &name,
                name_value(&kind, "kind")?,
                name_value(&frequency, "frequency")?,
                date(&start, "start")?,
                date(&end, "end")?,
                money(env, &amount, "amount")?,
            );
            Ok(JsLineItem { inner })
        })
    }

    /// A line item from its JSON form.
    #[napi(js_name = "fromJSON")]
    pub fn from_json(env: Env, value: Object) -> napi::Result<Self> {
        call(env, || Ok(JsLineItem { inner: record(object_json(env, &value, "")?)? }))
    }

    /// The id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The kind (`capex`, `opex`, `revenue`, `savings`, …).
    #[napi(getter)]
    pub fn kind(&self) -> String {
        convert::name_of(&self.inner.kind)
    }

    /// Every planned `{date, amount}`.
    #[napi]
    pub fn planned_occurrences(&self, env: Env) -> napi::Result<Value> {
        call(env, || {
            let list = self.inner.planned_occurrences()?;
            Ok(Value::Array(
                list.iter()
                    .map(|(d, m)| Ok(serde_json::json!({"date": d.to_string(), "amount": to_json(m)?})))
                    .collect::<Result<_, Failure>>()?,
            ))
        })
    }

    /// The JSON form.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

fn line_item(env: Env, value: &LineItemArg<'_>) -> Result<LineItem, Failure> {
    match value {
        Either::A(item) => Ok(item.inner.clone()),
        Either::B(object) => record_at(object_json(env, object, "item")?, "item"),
    }
}

/// A value metric (KPI): baseline, target, measurements, optional monetisation.
#[napi(js_name = "ValueMetric")]
pub struct JsValueMetric {
    inner: ValueMetric,
}

/// A metric from a `ValueMetric` or its JSON form.
pub type MetricArg<'a> = Either<ClassInstance<'a, JsValueMetric>, Object<'a>>;

#[napi]
impl JsValueMetric {
    /// A metric from its JSON form (`{id, name, unit, direction, baseline, target, …}`).
    #[napi(constructor)]
    pub fn new(env: Env, data: Object) -> napi::Result<Self> {
        call(env, || Ok(JsValueMetric { inner: record(object_json(env, &data, "")?)? }))
    }

    /// The id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Checks the metric against a project currency.
    #[napi]
    pub fn validate(&self, env: Env, currency: String) -> napi::Result<()> {
        call(env, || Ok(self.inner.validate(Currency::new(&currency)?)?))
    }

    /// The metric's evaluation on `asOf` (its JSON form).
    #[napi]
    pub fn evaluate(&self, env: Env, as_of: DateArg) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.evaluate(date(&as_of, "as_of")?)?))
    }

    /// The value expected on `date` on the straight line from baseline to target.
    #[napi]
    pub fn expected_value(&self, env: Env, date: DateArg) -> napi::Result<f64> {
        call(env, || Ok(self.inner.expected_value(self::date(&date, "date")?)))
    }

    /// The progress (0 at baseline, 1 at target) expected on `date`.
    #[napi]
    pub fn expected_progress(&self, env: Env, date: DateArg) -> napi::Result<f64> {
        call(env, || Ok(self.inner.expected_progress(self::date(&date, "date")?)))
    }

    /// The progress a measured `value` represents.
    #[napi]
    pub fn progress_of(&self, value: f64) -> f64 {
        self.inner.progress_of(value)
    }

    /// The JSON form.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// Evaluation

/// A project's evaluation on a date. Money fields are `Money`; `toJSON()` gives the
/// whole record in the core's JSON form.
#[napi(js_name = "Evaluation")]
pub struct JsEvaluation {
    inner: Evaluation,
}

#[napi]
impl JsEvaluation {
    /// The project's id.
    #[napi(getter)]
    pub fn project_id(&self) -> String {
        self.inner.project_id.clone()
    }

    /// The evaluation date (ISO).
    #[napi(getter)]
    pub fn as_of(&self) -> String {
        self.inner.as_of.to_string()
    }

    /// Net present value of the forecast flows, at the project's discount rate.
    #[napi(getter)]
    pub fn npv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.npv)
    }

    /// Internal rate of return of the forecast flows, or `null`.
    #[napi(getter)]
    pub fn irr(&self) -> Option<f64> {
        self.inner.irr
    }

    /// Return on investment to date, or `null`.
    #[napi(getter)]
    pub fn roi(&self) -> Option<f64> {
        self.inner.roi
    }

    /// Payback in years, or `null` when not within the horizon.
    #[napi(getter)]
    pub fn payback_years(&self) -> Option<f64> {
        self.inner.payback_years
    }

    /// Benefit-cost ratio, or `null`.
    #[napi(getter)]
    pub fn benefit_cost_ratio(&self) -> Option<f64> {
        self.inner.benefit_cost_ratio
    }

    /// Profitability index, or `null`.
    #[napi(getter)]
    pub fn profitability_index(&self) -> Option<f64> {
        self.inner.profitability_index
    }

    /// Value realised to date.
    #[napi(getter)]
    pub fn value_realised(&self) -> JsMoney {
        JsMoney::from_core(self.inner.value_realised)
    }

    /// Each metric's evaluation (JSON form).
    #[napi(getter)]
    pub fn metrics(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.metrics))
    }

    /// The whole evaluation in the core's JSON form.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
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
#[napi(js_name = "Project")]
pub struct JsProject {
    // Every method takes `&self` and borrows the project only for its own work, so a
    // callback that runs inside a method (`withChange`'s) may call the others.
    pub(crate) inner: RefCell<Project>,
}

impl JsProject {
    /// Wraps a core project.
    pub fn from_core(inner: Project) -> Self {
        JsProject { inner: RefCell::new(inner) }
    }

    /// The project, read.
    pub(crate) fn project(&self) -> Ref<'_, Project> {
        self.inner.borrow()
    }

    /// Replaces the project (an import's result); refused while a callback of this
    /// project runs.
    pub(crate) fn replace(&self, project: Project) -> Result<(), Failure> {
        self.change(|p| {
            *p = project;
            Ok(())
        })
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
fn change_meta(env: Env, meta: &Object<'_>) -> Result<CoreChangeMeta, Failure> {
    let mut value = object_json(env, meta, "meta")?;
    if let Ok(Some(Either::B(at))) = meta.get::<DateArg>("at") {
        value["at"] = Value::String(at.to_rfc3339());
    }
    record_at(value, "meta")
}

#[napi]
impl JsProject {
    /// A new proposed project with no line items, metrics or risks.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        id: String,
        name: String,
        currency: String,
        start_date: DateArg,
        end_date: DateArg,
        discount_rate: f64,
    ) -> napi::Result<Self> {
        call(env, || {
            let inner = Project::new(
                &id,
                &name,
                Currency::new(&currency)?,
                date(&start_date, "start_date")?,
                date(&end_date, "end_date")?,
                discount_rate,
            )?;
            Ok(JsProject::from_core(inner))
        })
    }

    /// A project from its JSON document text.
    #[napi]
    pub fn from_json(env: Env, text: String) -> napi::Result<Self> {
        call(env, || Ok(JsProject::from_core(Project::from_json(&text)?)))
    }

    /// A project from its document as an object (the core's JSON form).
    #[napi]
    pub fn from_data(env: Env, data: Object) -> napi::Result<Self> {
        call(env, || Ok(JsProject::from_core(Project::from_value(convert::normalised(object_json(env, &data, "")?))?)))
    }

    /// The JSON document text.
    #[napi(js_name = "toJson")]
    pub fn to_json_text(&self) -> String {
        self.project().to_json()
    }

    /// The document as a plain object.
    #[napi]
    pub fn data(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(self.project().data()))
    }

    /// The document as a plain object (for `JSON.stringify`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        self.data(env)
    }

    /// The id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.project().id().to_owned()
    }

    /// The name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.project().name().to_owned()
    }

    /// The currency code.
    #[napi(getter)]
    pub fn currency(&self) -> String {
        self.project().currency().code().to_owned()
    }

    /// The lifecycle state's name.
    #[napi(getter)]
    pub fn state(&self) -> String {
        self.project().state().as_str().to_owned()
    }

    /// Replaces top-level document fields with those of `changes` (the core's JSON
    /// form), validated whole; nothing changes on error. Recorded in the audit trail
    /// (one more revision when it alters the data); `id`, `schema_version` and
    /// `revision` may not change.
    #[napi]
    pub fn update(&self, env: Env, changes: Object) -> napi::Result<()> {
        call(env, || {
            let changes = object_json(env, &changes, "")?;
            self.change(|p| {
                let mut document = to_json(p.data())?;
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
    #[napi(getter)]
    pub fn revision(&self) -> f64 {
        self.project().data().revision as f64
    }

    /// The audit trail: every change recorded so far, oldest first (a copy).
    #[napi]
    pub fn audit_trail(&self) -> JsAuditTrail {
        JsAuditTrail::from_core(self.project().audit_trail().clone())
    }

    /// Sets who (`actor`), why (`reason`) and when (`at`: a `Date` or an RFC 3339
    /// string; absent: each change's own time) of every following change; returns the
    /// previous context. A transition records its own `by`, `at` and `reason`.
    #[napi(ts_args_type = "meta: ChangeMeta", ts_return_type = "ChangeMeta")]
    pub fn set_change_meta(&self, env: Env, meta: Object) -> napi::Result<Value> {
        call(env, || {
            let meta = change_meta(env, &meta)?;
            self.change(|p| to_json(&p.set_change_meta(meta)))
        })
    }

    /// The change context the next changes are recorded with (`at` as an RFC 3339 string).
    #[napi(ts_return_type = "ChangeMeta")]
    pub fn change_meta(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(self.project().change_meta()))
    }

    /// Runs `change(project)` with the change context `meta`, then restores the previous
    /// context, and returns what `change` returns. If `change` throws, the project and its
    /// audit trail are as they were before the call, and the exception propagates. (A
    /// Promise that `change` returns is not awaited: only its synchronous part is grouped.)
    #[napi(ts_args_type = "meta: ChangeMeta, change: (project: Project) => unknown", ts_return_type = "unknown")]
    pub fn with_change<'env>(
        &self,
        env: Env,
        this: This<'env>,
        meta: Object,
        change: Function<'env, Object<'env>, Unknown<'env>>,
    ) -> napi::Result<Unknown<'env>> {
        let (previous, snapshot) = call(env, || {
            let meta = change_meta(env, &meta)?;
            self.change(|p| {
                let previous = p.set_change_meta(meta);
                Ok((previous, p.clone()))
            })
        })?;
        let result = change.call(this.object);
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
    #[napi]
    pub fn from_json_with_trail(env: Env, project_json: String, trail_json: String) -> napi::Result<Self> {
        call(env, || Ok(JsProject::from_core(Project::from_json_with_trail(&project_json, &trail_json)?)))
    }

    /// Moves the project to the state `to`, recorded with `{at, by, reason}`.
    #[napi]
    pub fn transition(&self, env: Env, to: String, options: Option<TransitionOptions>) -> napi::Result<()> {
        call(env, || {
            let to = state(&to)?;
            let (at, by, reason) = match options {
                Some(o) => (o.at.as_ref().map(|a| timestamp(a, "at")).transpose()?, o.by, o.reason),
                None => (None, None, None),
            };
            let at = at.unwrap_or_else(Utc::now);
            self.change(|p| Ok(p.transition(to, at, by.as_deref().unwrap_or(""), reason.as_deref().unwrap_or(""))?))
        })
    }

    /// Adds a line item (a `LineItem` or its JSON form).
    #[napi]
    pub fn add_line_item(&self, env: Env, item: LineItemArg) -> napi::Result<()> {
        call(env, || {
            let item = line_item(env, &item)?;
            self.change(|p| Ok(p.add_line_item(item)?))
        })
    }

    /// Records an actual `{date, amount, note?}` against a line item.
    #[napi]
    pub fn record_actual(&self, env: Env, line_item_id: String, actual: Object) -> napi::Result<()> {
        call(env, || {
            let actual: Actual = record_at(object_json(env, &actual, "actual")?, "actual")?;
            self.change(|p| Ok(p.record_actual(&line_item_id, actual)?))
        })
    }

    /// Adds a value metric (a `ValueMetric` or its JSON form).
    #[napi]
    pub fn add_metric(&self, env: Env, metric: MetricArg) -> napi::Result<()> {
        call(env, || {
            let metric = match &metric {
                Either::A(m) => m.inner.clone(),
                Either::B(object) => record_at(object_json(env, object, "metric")?, "metric")?,
            };
            self.change(|p| Ok(p.add_metric(metric)?))
        })
    }

    /// Records a measurement `{date, value, note?}` of a metric.
    #[napi]
    pub fn record_measurement(&self, env: Env, metric_id: String, measurement: Object) -> napi::Result<()> {
        call(env, || {
            let m: Measurement = record_at(object_json(env, &measurement, "measurement")?, "measurement")?;
            self.change(|p| Ok(p.record_measurement(&metric_id, m)?))
        })
    }

    /// Adds a risk (its JSON form).
    #[napi]
    pub fn add_risk(&self, env: Env, risk: Object) -> napi::Result<()> {
        call(env, || {
            let risk: Risk = record_at(object_json(env, &risk, "risk")?, "risk")?;
            self.change(|p| Ok(p.add_risk(risk)?))
        })
    }

    /// Every planned cash flow (JSON form), in date order.
    #[napi]
    pub fn planned_flows(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.project().planned_flows()?))
    }

    /// Every actual cash flow (JSON form), up to `asOf` if given.
    #[napi]
    pub fn actual_flows(&self, env: Env, as_of: Option<DateArg>) -> napi::Result<Value> {
        call(env, || {
            let as_of = as_of.as_ref().map(|d| date(d, "as_of")).transpose()?;
            to_json(&self.project().actual_flows(as_of))
        })
    }

    /// Planned and actual totals per `period` (`month`, `quarter`, `year`), JSON form.
    #[napi]
    pub fn cash_flow_series(&self, env: Env, period: String) -> napi::Result<Value> {
        call(env, || {
            let period: Period = name_value(&period, "period")?;
            to_json(&self.project().cash_flow_series(period)?)
        })
    }

    /// The project's evaluation on `asOf`.
    #[napi]
    pub fn evaluate(&self, env: Env, as_of: DateArg) -> napi::Result<JsEvaluation> {
        call(env, || Ok(JsEvaluation { inner: self.project().evaluate(date(&as_of, "as_of")?)? }))
    }

    /// Earned value and earned schedule at `statusDate`, from each cost line item's
    /// percent complete: `{lineItemId: fraction}` or an array of
    /// `{line_item_id, percent_complete}` records (an item not listed is 0% done).
    #[napi]
    pub fn earned_value(
        &self,
        env: Env,
        status_date: DateArg,
        progress: Option<ProgressArg>,
    ) -> napi::Result<JsEarnedValue> {
        call(env, || {
            let status_date = date(&status_date, "status_date")?;
            let progress = analytics::progress(progress.map(|p| object_json(env, &p, "progress")).transpose()?)?;
            Ok(JsEarnedValue::from_core(self.project().earned_value(status_date, &progress)?))
        })
    }

    /// Risk-adjusted value on `asOf`: the EMV of the risk register, risk-adjusted NPV
    /// and ROI, the NPV at the rate plus `premium` (default 0), and `scenarios` (an array
    /// of `{name, probability, benefit_factor?, cost_factor?}` whose probabilities sum
    /// to 1).
    #[napi]
    pub fn risk_adjusted(
        &self,
        env: Env,
        as_of: DateArg,
        premium: Option<f64>,
        scenarios: Option<Vec<ScenarioArg>>,
    ) -> napi::Result<JsRiskAdjustment> {
        call(env, || {
            let as_of = date(&as_of, "as_of")?;
            let scenarios = match scenarios {
                None => Vec::new(),
                Some(list) => risk::scenarios(
                    list.iter()
                        .enumerate()
                        .map(|(i, s)| object_json(env, s, &format!("scenarios[{i}]")))
                        .collect::<Result<_, _>>()?,
                )?,
            };
            let adjustment = self.project().risk_adjusted(as_of, premium.unwrap_or(0.0), &scenarios)?;
            Ok(JsRiskAdjustment::from_core(adjustment))
        })
    }

    /// Runs a seeded Monte Carlo simulation of NPV, ROI and (on request) IRR and payback.
    /// `spec` is the core's simulation spec (`{iterations, seed, inputs, correlation?,
    /// include_risk_events?, confidence?, roi_target?, histogram_bins?, sensitivity?,
    /// irr_and_payback?, threads?}`; camelCase keys accepted too); errors are at its field
    /// path. `onProgress(fraction)` is called on this thread after each chunk of 10 000
    /// iterations this thread completes, and with 1 at the end; returning `false` stops the
    /// run with an error of code `cancelled`, and an exception it throws stops the run and
    /// is rethrown. A seed gives bit-identical results on every platform and thread count.
    #[napi(
        ts_args_type = "spec: SimulationSpec, onProgress?: ((fraction: number) => boolean | void) | undefined | null",
        ts_return_type = "SimulationResult"
    )]
    pub fn simulate(
        &self,
        env: Env,
        spec: Object,
        on_progress: Option<Function<f64, Unknown>>,
    ) -> napi::Result<JsSimulationResult> {
        let mut thrown: Option<napi::Error> = None;
        let result = run(|| {
            let spec = risk::simulation_spec(object_json(env, &spec, "spec")?)?;
            let Some(callback) = &on_progress else {
                return Ok(self.project().simulate(&spec)?);
            };
            // A copy: the callback may change this project while the simulation runs.
            let project = self.project().clone();
            let mut report = |fraction: f64| match callback.call(fraction) {
                Ok(answer) => !is_bool(&answer, false),
                Err(e) => {
                    thrown = Some(e);
                    false
                }
            };
            Ok(project.simulate_with_progress(&spec, &mut report)?)
        });
        match (result, thrown) {
            (_, Some(exception)) => Err(exception),
            (Ok(result), None) => Ok(JsSimulationResult::from_core(result)),
            (Err(failure), None) => Err(to_js(env, &failure)),
        }
    }

    /// `simulate` on the libuv thread pool (the project and spec are copied first); the
    /// Promise rejects with the same coded errors. Aborting `signal` (or passing one already
    /// aborted) stops the run within a chunk's time, or before it starts if it is still
    /// queued, and rejects with code `cancelled`.
    #[napi(
        ts_args_type = "spec: SimulationSpec, signal?: AbortSignal | undefined | null",
        ts_return_type = "Promise<SimulationResult>"
    )]
    pub fn simulate_async(
        &self,
        env: Env,
        spec: Object,
        signal: Option<Object>,
    ) -> napi::Result<AsyncTask<SimulateTask>> {
        let spec = run(|| risk::simulation_spec(object_json(env, &spec, "spec")?));
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(object) = signal {
            // A signal already aborted fires no more `abort`: it is read here.
            if is_bool(&object.get_named_property_unchecked::<Unknown>("aborted")?, true) {
                stop.store(true, Ordering::Relaxed);
            }
            // napi's `AbortSignal` runs `on_abort` callbacks when the signal fires. It is not
            // given to the `AsyncTask`: napi would then cancel work still queued with its own
            // `AbortError`, where a stop flag read at the start rejects with `cancelled` too.
            let mut holder = Object::new(&env)?;
            holder.set_named_property("signal", object)?;
            let signal: AbortSignal = holder.get_named_property_unchecked("signal")?;
            let flag = Arc::clone(&stop);
            signal.on_abort(move || flag.store(true, Ordering::Relaxed));
        }
        Ok(AsyncTask::new(SimulateTask { work: Some((self.project().clone(), spec)), stop }))
    }
}

/// Whether `value` is the boolean `expected`.
fn is_bool(value: &Unknown<'_>, expected: bool) -> bool {
    matches!(value.get_type(), Ok(ValueType::Boolean)) && value.coerce_to_bool().is_ok_and(|b| b == expected)
}

/// Progress of `Project.earnedValue`: `{lineItemId: fraction}` or an array of
/// `{line_item_id, percent_complete}` records.
pub type ProgressArg<'a> = Object<'a>;

/// A scenario of `Project.riskAdjusted`: `{name, probability, benefit_factor?,
/// cost_factor?}`.
pub type ScenarioArg<'a> = Object<'a>;

// ---------------------------------------------------------------------------------
// Many projects

fn evaluate_all(projects: &[Project], as_of: chrono::NaiveDate) -> Result<Vec<Evaluation>, Failure> {
    projects
        .iter()
        .enumerate()
        .map(|(row, p)| p.evaluate(as_of).map_err(|e| Failure::Row { row, error: Box::new(Failure::Core(e)) }))
        .collect()
}

/// Evaluates every project on `asOf` (the first failing project's error has `row`).
#[napi]
pub fn evaluate_many(
    env: Env,
    projects: Vec<ClassInstance<JsProject>>,
    as_of: DateArg,
) -> napi::Result<Vec<JsEvaluation>> {
    call(env, || {
        let list: Vec<Project> = projects.iter().map(|p| p.project().clone()).collect();
        let evaluations = evaluate_all(&list, date(&as_of, "as_of")?)?;
        Ok(evaluations.into_iter().map(|inner| JsEvaluation { inner }).collect())
    })
}

/// Work that evaluates projects on the libuv thread pool.
pub struct EvaluateTask(Work<Vec<Evaluation>>);

#[napi]
impl Task for EvaluateTask {
    type Output = Result<Vec<Evaluation>, Failure>;
    type JsValue = Vec<JsEvaluation>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.0.take().map_or_else(|| Err(Failure::Panic("task ran twice".to_owned())), run))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Vec<JsEvaluation>> {
        output.map(|list| list.into_iter().map(|inner| JsEvaluation { inner }).collect()).map_err(|f| to_js(env, &f))
    }
}

/// `evaluateMany` on the libuv thread pool (the projects are copied first).
#[napi(ts_return_type = "Promise<Evaluation[]>")]
pub fn evaluate_many_async(
    env: Env,
    projects: Vec<ClassInstance<JsProject>>,
    as_of: DateArg,
) -> napi::Result<AsyncTask<EvaluateTask>> {
    let as_of = call(env, || date(&as_of, "as_of"))?;
    let list: Vec<Project> = projects.iter().map(|p| p.project().clone()).collect();
    Ok(AsyncTask::new(EvaluateTask(Some(Box::new(move || evaluate_all(&list, as_of))))))
}
