//! Money, exchange rates, projects and templates.

use std::sync::Mutex;

use serde_json::{json, Value};
use valuepm_core::analytics::ItemProgress;
use valuepm_core::model::{self, Actual, LifecycleState, LineItem, Measurement, Period, Risk, ValueMetric};
use valuepm_core::risk::{Scenario, SimulationSpec};
use valuepm_core::template::{self, InstantiateOptions};
use valuepm_core::{Currency, Money as CoreMoney};

use crate::audit::{core_meta, from_core_meta, AuditTrail, ChangeMeta};
use crate::error::{date, record, run, to_json, value_record, ValuePmError};
use crate::Amount;

type R<T> = Result<T, ValuePmError>;

/// An exact amount in a currency (`amount` is a `java.math.BigDecimal` in Kotlin).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Money {
    /// The exact amount.
    pub amount: Amount,
    /// The ISO 4217 currency code, e.g. `EUR`.
    pub currency: String,
}

fn money_value(m: &Money) -> Value {
    json!({ "amount": m.amount.to_string(), "currency": m.currency })
}

fn from_core(m: &CoreMoney) -> Money {
    Money { amount: m.amount(), currency: m.currency().code().to_owned() }
}

fn currency(argument: &str, code: &str) -> R<Currency> {
    value_record(argument, Value::String(code.to_owned()))
}

/// The exact sum of `amounts`, all in `currency`.
#[uniffi::export]
pub fn money_sum(currency: String, amounts: Vec<Money>) -> R<Money> {
    run(|| {
        let c = self::currency("currency", &currency)?;
        let list: Vec<CoreMoney> = value_record("amounts", amounts.iter().map(money_value).collect())?;
        Ok(from_core(&CoreMoney::sum(c, &list)?))
    })
}

/// `money` rounded to its currency's minor units (half to even).
#[uniffi::export]
pub fn money_round(money: Money) -> R<Money> {
    run(|| Ok(from_core(&value_record::<CoreMoney>("money", money_value(&money))?.round())))
}

/// `money` converted with the exchange-rate table `rates_json` (the core's JSON form).
#[uniffi::export]
pub fn money_convert(rates_json: String, money: Money, to: String) -> R<Money> {
    run(|| {
        let rates: valuepm_core::ExchangeRates = record("rates", &rates_json)?;
        rates.validate()?;
        let m: CoreMoney = value_record("money", money_value(&money))?;
        Ok(from_core(&rates.convert(&m, self::currency("to", &to)?)?))
    })
}

/// A ValuePM project: line items, metrics, risks and its lifecycle. Safe to share
/// between threads (calls are serialised by a lock).
#[derive(uniffi::Object)]
pub struct Project {
    inner: Mutex<model::Project>,
}

impl Project {
    pub(crate) fn wrap(p: model::Project) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self { inner: Mutex::new(p) })
    }

    /// A copy of the core project (an import works on copies).
    pub(crate) fn snapshot(&self) -> model::Project {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Replaces the core project (with the result of an import).
    pub(crate) fn replace(&self, p: model::Project) {
        *self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = p;
    }

    fn with<T>(&self, f: impl FnOnce(&mut model::Project) -> R<T>) -> R<T> {
        run(|| {
            let mut guard = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut guard)
        })
    }
}

/// Receives the progress of a long computation ([`Project::simulate`]); implemented in
/// Kotlin or Swift.
#[uniffi::export(foreign)]
pub trait SimulationProgress: Send + Sync {
    /// Called on the thread that called `simulate`, with the fraction done (0 < fraction
    /// ≤ 1, non-decreasing, 1.0 last); return `false` to cancel the run
    /// (`ValuePmError::Cancelled`). Throwing cancels the run too.
    fn on_progress(&self, fraction: f64) -> Result<bool, ValuePmError>;
}

/// Asks `callback` whether to go on; a callback that throws (or panics) stops the run, and
/// what it threw is kept in `failure`.
fn keep_going(callback: &dyn SimulationProgress, fraction: f64, failure: &mut Option<String>) -> bool {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| callback.on_progress(fraction))) {
        Ok(Ok(go_on)) => go_on,
        Ok(Err(e)) => {
            failure.get_or_insert_with(|| e.to_string());
            false
        }
        Err(_) => {
            failure.get_or_insert_with(|| "the progress callback panicked".to_owned());
            false
        }
    }
}

#[uniffi::export]
impl Project {
    /// A new proposed project with no line items, metrics or risks; dates `YYYY-MM-DD`.
    #[uniffi::constructor]
    pub fn new(
        id: String,
        name: String,
        currency: String,
        start_date: String,
        end_date: String,
        discount_rate: f64,
    ) -> R<std::sync::Arc<Self>> {
        run(|| {
            Ok(Self::wrap(model::Project::new(
                &id,
                &name,
                self::currency("currency", &currency)?,
                date("start_date", &start_date)?,
                date("end_date", &end_date)?,
                discount_rate,
            )?))
        })
    }

    /// Reads a project document (JSON), validating it.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> R<std::sync::Arc<Self>> {
        run(|| Ok(Self::wrap(model::Project::from_json(&json)?)))
    }

    /// The project document as JSON.
    pub fn to_json(&self) -> R<String> {
        self.with(|p| Ok(p.to_json()))
    }

    /// The project's data as JSON (the same document as [`Project::to_json`]).
    pub fn data(&self) -> R<String> {
        self.with(|p| to_json(p.data()))
    }

    /// The project's id.
    pub fn id(&self) -> R<String> {
        self.with(|p| Ok(p.id().to_owned()))
    }

    /// The project's name.
    pub fn name(&self) -> R<String> {
        self.with(|p| Ok(p.name().to_owned()))
    }

    /// The project's currency code.
    pub fn currency(&self) -> R<String> {
        self.with(|p| Ok(p.currency().code().to_owned()))
    }

    /// The lifecycle state, e.g. `proposed`.
    pub fn state(&self) -> R<String> {
        self.with(|p| Ok(p.state().to_string()))
    }

    /// Moves the project to state `to` at `at` (RFC 3339) by `by` for `reason`.
    pub fn transition(&self, to: String, at: String, by: String, reason: String) -> R<()> {
        self.with(|p| {
            let to = LifecycleState::parse(&to)?;
            let at = value_record("at", Value::String(at))?;
            Ok(p.transition(to, at, &by, &reason)?)
        })
    }

    /// Replaces the project's data with the document `data_json`, kept only if it
    /// validates (the core's `update`: applied whole or not at all), and recorded in the
    /// audit trail (one more revision when it alters the data). Its `id`,
    /// `schema_version` and `revision` must be the project's (edit a copy of `data()`).
    pub fn update(&self, data_json: String) -> R<()> {
        self.with(|p| {
            let data: model::ProjectData = record("data", &data_json)?;
            Ok(p.update(|d| *d = data)?)
        })
    }

    /// Loads a project with its saved audit trail (both JSON documents), so new changes
    /// extend that trail. The trail's chain is verified and every entry must be about
    /// this project (`Tampered` otherwise).
    #[uniffi::constructor]
    pub fn from_json_with_trail(project_json: String, trail_json: String) -> R<std::sync::Arc<Self>> {
        run(|| Ok(Self::wrap(model::Project::from_json_with_trail(&project_json, &trail_json)?)))
    }

    /// How many changes were made through the API (each change that alters the data adds
    /// one; 0 for a new project or a migrated version 1 document).
    pub fn revision(&self) -> R<u64> {
        self.with(|p| Ok(p.data().revision))
    }

    /// The audit trail: every change recorded so far, oldest first (a copy).
    pub fn audit_trail(&self) -> R<std::sync::Arc<AuditTrail>> {
        self.with(|p| Ok(std::sync::Arc::new(AuditTrail { inner: p.audit_trail().clone() })))
    }

    /// Sets who, why and when of every following change; returns the previous context. A
    /// transition records its own `by`, `at` and `reason`.
    pub fn set_change_meta(&self, meta: ChangeMeta) -> R<ChangeMeta> {
        self.with(|p| Ok(from_core_meta(&p.set_change_meta(core_meta(meta)?))))
    }

    /// The change context the next changes are recorded with.
    pub fn change_meta(&self) -> R<ChangeMeta> {
        self.with(|p| Ok(from_core_meta(p.change_meta())))
    }

    /// Adds a line item given as JSON.
    pub fn add_line_item(&self, line_item_json: String) -> R<()> {
        self.with(|p| Ok(p.add_line_item(record::<LineItem>("line_item", &line_item_json)?)?))
    }

    /// Records an actual (JSON) against a line item.
    pub fn record_actual(&self, line_item_id: String, actual_json: String) -> R<()> {
        self.with(|p| Ok(p.record_actual(&line_item_id, record::<Actual>("actual", &actual_json)?)?))
    }

    /// Adds a value metric given as JSON.
    pub fn add_metric(&self, metric_json: String) -> R<()> {
        self.with(|p| Ok(p.add_metric(record::<ValueMetric>("metric", &metric_json)?)?))
    }

    /// Records a measurement (JSON) of a metric.
    pub fn record_measurement(&self, metric_id: String, measurement_json: String) -> R<()> {
        self.with(|p| Ok(p.record_measurement(&metric_id, record::<Measurement>("measurement", &measurement_json)?)?))
    }

    /// Adds a risk given as JSON.
    pub fn add_risk(&self, risk_json: String) -> R<()> {
        self.with(|p| Ok(p.add_risk(record::<Risk>("risk", &risk_json)?)?))
    }

    /// The planned cash flows, as JSON.
    pub fn planned_flows(&self) -> R<String> {
        self.with(|p| to_json(&p.planned_flows()?))
    }

    /// The actual cash flows up to `as_of` (all when absent), as JSON.
    #[uniffi::method(default(as_of = None))]
    pub fn actual_flows(&self, as_of: Option<String>) -> R<String> {
        self.with(|p| {
            let as_of = as_of.map(|d| date("as_of", &d)).transpose()?;
            to_json(&p.actual_flows(as_of))
        })
    }

    /// Planned and actual totals per `period` (`month`, `quarter`, `year`), as JSON.
    pub fn cash_flow_series(&self, period: String) -> R<String> {
        self.with(|p| {
            let period: Period = value_record("period", Value::String(period))?;
            to_json(&p.cash_flow_series(period)?)
        })
    }

    /// The evaluation (NPV, IRR, ROI, payback, metrics) at `as_of`, as JSON.
    pub fn evaluate(&self, as_of: String) -> R<String> {
        self.with(|p| to_json(&p.evaluate(date("as_of", &as_of)?)?))
    }

    /// Earned value at `status_date` given per-item progress (a JSON list), as JSON.
    pub fn earned_value(&self, status_date: String, progress_json: String) -> R<String> {
        self.with(|p| {
            let progress: Vec<ItemProgress> = record("progress", &progress_json)?;
            to_json(&p.earned_value(date("status_date", &status_date)?, &progress)?)
        })
    }

    /// The risk adjustment at `as_of` with a rate `premium` and scenarios (a JSON list).
    pub fn risk_adjusted(&self, as_of: String, premium: f64, scenarios_json: String) -> R<String> {
        self.with(|p| {
            let scenarios: Vec<Scenario> = record("scenarios", &scenarios_json)?;
            to_json(&p.risk_adjusted(date("as_of", &as_of)?, premium, &scenarios)?)
        })
    }

    /// A seeded Monte Carlo simulation of NPV, ROI and (on request) IRR and payback with
    /// the spec `spec_json` (the core's `SimulationSpec` JSON); the result is the core's
    /// `SimulationResult` JSON, bit-identical for a seed whatever the thread count.
    /// `progress` (optional) is called on the calling thread only; returning `false` or
    /// throwing cancels the run with `ValuePmError::Cancelled`. The simulation runs on a
    /// copy of the project, so the callback may use this project (and other threads may
    /// too) while it runs.
    #[uniffi::method(default(progress = None))]
    pub fn simulate(&self, spec_json: String, progress: Option<std::sync::Arc<dyn SimulationProgress>>) -> R<String> {
        run(|| {
            let spec: SimulationSpec = record("spec", &spec_json)?;
            let project = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
            let Some(callback) = progress else {
                return to_json(&project.simulate(&spec)?);
            };
            let mut failure = None;
            let result = project.simulate_with_progress(&spec, &mut |f| keep_going(&*callback, f, &mut failure));
            match (result, failure) {
                (Ok(result), _) => to_json(&result),
                (Err(e), Some(thrown)) if e.kind() == valuepm_core::ErrorKind::Cancelled => {
                    Err(ValuePmError::Cancelled { detail: format!("{e} ({thrown})"), path: String::new() })
                }
                (Err(e), _) => Err(e.into()),
            }
        })
    }
}

/// A project template.
#[derive(uniffi::Object)]
pub struct Template {
    inner: template::Template,
}

#[uniffi::export]
impl Template {
    /// Reads a template document (JSON), validating it.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> R<std::sync::Arc<Self>> {
        run(|| Ok(std::sync::Arc::new(Self { inner: template::Template::from_json(&json)? })))
    }

    /// The template's id.
    #[must_use]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The template document as JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// A copy under a new id and name.
    pub fn derive(&self, id: String, name: String) -> R<std::sync::Arc<Self>> {
        run(|| Ok(std::sync::Arc::new(Self { inner: self.inner.derive(&id, &name)? })))
    }

    /// Checks the template.
    pub fn validate(&self) -> R<()> {
        run(|| Ok(self.inner.validate()?))
    }

    /// A new project from the template with options given as JSON (`id`, `name`,
    /// `start_date`, optional `currency`, `discount_rate`, `horizon_years`, `scale`).
    pub fn instantiate(&self, options_json: String) -> R<std::sync::Arc<Project>> {
        run(|| {
            let options: InstantiateOptions = record("options", &options_json)?;
            Ok(Project::wrap(self.inner.instantiate(&options)?))
        })
    }
}

/// The built-in templates.
#[must_use]
#[uniffi::export]
pub fn builtin_templates() -> Vec<std::sync::Arc<Template>> {
    template::builtin_templates().into_iter().map(|t| std::sync::Arc::new(Template { inner: t })).collect()
}

/// The built-in template `id`.
#[uniffi::export]
pub fn builtin_template(id: String) -> R<std::sync::Arc<Template>> {
    run(|| Ok(std::sync::Arc::new(Template { inner: template::builtin_template(&id)? })))
}

/// Evaluates a value metric (JSON) at `as_of` after validating it for `currency`.
#[uniffi::export]
pub fn metric_evaluate(metric_json: String, currency: String, as_of: String) -> R<String> {
    run(|| {
        let m: ValueMetric = record("metric", &metric_json)?;
        m.validate(self::currency("currency", &currency)?)?;
        to_json(&m.evaluate(date("as_of", &as_of)?)?)
    })
}

fn core_money(argument: &str, m: &Money) -> R<CoreMoney> {
    value_record(argument, money_value(m))
}

/// `amount` (a decimal string, e.g. `"12.50"`) in `currency`, validated.
#[uniffi::export]
pub fn money_parse(amount: String, currency: String) -> R<Money> {
    run(|| Ok(from_core(&CoreMoney::parse(&amount, &currency)?)))
}

/// Zero in `currency`.
#[uniffi::export]
pub fn money_zero(currency: String) -> R<Money> {
    run(|| Ok(from_core(&CoreMoney::zero(self::currency("currency", &currency)?))))
}

/// `a + b`, in the same currency.
#[uniffi::export]
pub fn money_checked_add(a: Money, b: Money) -> R<Money> {
    run(|| Ok(from_core(&core_money("a", &a)?.checked_add(&core_money("b", &b)?)?)))
}

/// `a - b`, in the same currency.
#[uniffi::export]
pub fn money_checked_sub(a: Money, b: Money) -> R<Money> {
    run(|| Ok(from_core(&core_money("a", &a)?.checked_sub(&core_money("b", &b)?)?)))
}

/// `money × factor`, exactly.
#[uniffi::export]
pub fn money_checked_mul(money: Money, factor: Amount) -> R<Money> {
    run(|| Ok(from_core(&core_money("money", &money)?.checked_mul(factor)?)))
}

/// `-money`.
#[uniffi::export]
pub fn money_negated(money: Money) -> R<Money> {
    run(|| Ok(from_core(&core_money("money", &money)?.negated())))
}

/// `|money|`.
#[uniffi::export]
pub fn money_abs(money: Money) -> R<Money> {
    run(|| Ok(from_core(&core_money("money", &money)?.abs())))
}

/// Whether `money` is zero.
#[uniffi::export]
pub fn money_is_zero(money: Money) -> R<bool> {
    run(|| Ok(core_money("money", &money)?.is_zero()))
}

/// Whether `money` is below zero.
#[uniffi::export]
pub fn money_is_negative(money: Money) -> R<bool> {
    run(|| Ok(core_money("money", &money)?.is_negative()))
}

/// The validated ISO 4217 code `code` (a currency crosses the boundary as its code).
#[uniffi::export]
pub fn currency_new(code: String) -> R<String> {
    run(|| Ok(self::currency("code", &code)?.code().to_owned()))
}

/// The number of minor units of an ISO 4217 currency (2 for EUR, 0 for JPY).
#[uniffi::export]
pub fn currency_minor_units(code: String) -> R<u32> {
    run(|| Ok(self::currency("code", &code)?.minor_units()))
}

/// The lifecycle states reachable from `state`.
#[uniffi::export]
pub fn lifecycle_allowed_transitions(state: String) -> R<Vec<String>> {
    run(|| Ok(LifecycleState::parse(&state)?.allowed_transitions().iter().map(|s| s.as_str().to_owned()).collect()))
}

/// Whether the lifecycle allows moving from `from` to `to`.
#[uniffi::export]
pub fn lifecycle_can_transition_to(from: String, to: String) -> R<bool> {
    run(|| Ok(LifecycleState::parse(&from)?.can_transition_to(LifecycleState::parse(&to)?)))
}

/// Whether `state` is final (no transition leaves it).
#[uniffi::export]
pub fn lifecycle_is_final(state: String) -> R<bool> {
    run(|| Ok(LifecycleState::parse(&state)?.is_final()))
}
