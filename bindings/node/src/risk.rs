//! Wraps `valuepm_core::risk`: expected monetary value (EMV) of the risk register,
//! risk-adjusted value and seeded Monte Carlo simulation. `Project.riskAdjusted` (in
//! [`crate::model`]) returns a [`JsRiskAdjustment`]; `Project.simulate` and
//! `Project.simulateAsync` return a [`JsSimulationResult`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use napi::{Env, Task};
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::model::Project;
use valuepm_core::risk::{RiskAdjustment, Scenario, SimulationResult, SimulationSpec};

use crate::convert::{record, record_at, snake_case_keys, snake_case_keys_deep, to_json};
use crate::error::{call, run, to_js, Failure};
use crate::money::JsMoney;

/// Scenarios from their JSON forms `{name, probability, benefit_factor?, cost_factor?}`
/// (camelCase keys accepted too, so `benefitFactor` is not silently ignored), errors at
/// `scenarios[i].<field>`.
pub fn scenarios(items: Vec<Value>) -> Result<Vec<Scenario>, Failure> {
    record_at(Value::Array(items.into_iter().map(snake_case_keys).collect()), "scenarios")
}

/// Risk-adjusted value of a project: the EMV of its risks, risk-adjusted NPV, ROI and
/// rate, and scenarios. Money fields are `Money`; `toJSON()` gives the whole record in
/// the core's JSON form.
#[napi(js_name = "RiskAdjustment")]
pub struct JsRiskAdjustment {
    inner: RiskAdjustment,
}

impl JsRiskAdjustment {
    /// Wraps a core result.
    pub fn from_core(inner: RiskAdjustment) -> Self {
        JsRiskAdjustment { inner }
    }
}

#[napi]
impl JsRiskAdjustment {
    /// Each risk's exposure `{id, status, gross_emv, net_emv, date}` (JSON form), in
    /// register order.
    #[napi(getter)]
    pub fn risks(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.risks))
    }

    /// Sum of the gross EMVs (probability × impact).
    #[napi(getter)]
    pub fn gross_emv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.gross_emv)
    }

    /// Sum of the net EMVs (residual exposure plus mitigation cost).
    #[napi(getter)]
    pub fn net_emv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.net_emv)
    }

    /// NPV at the project's rate, without risk.
    #[napi(getter)]
    pub fn npv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.npv)
    }

    /// NPV less the present value of the net EMVs.
    #[napi(getter)]
    pub fn risk_adjusted_npv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.risk_adjusted_npv)
    }

    /// (B − C − net EMV) / (C + net EMV); `null` without cost.
    #[napi(getter)]
    pub fn risk_adjusted_roi(&self) -> Option<f64> {
        self.inner.risk_adjusted_roi
    }

    /// The project's rate plus the premium.
    #[napi(getter)]
    pub fn risk_adjusted_rate(&self) -> f64 {
        self.inner.risk_adjusted_rate
    }

    /// NPV at the risk-adjusted rate.
    #[napi(getter)]
    pub fn npv_at_risk_adjusted_rate(&self) -> JsMoney {
        JsMoney::from_core(self.inner.npv_at_risk_adjusted_rate)
    }

    /// Each scenario's `{name, probability, npv}` (JSON form).
    #[napi(getter)]
    pub fn scenarios(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.scenarios))
    }

    /// Probability-weighted NPV of the scenarios; `null` without scenarios.
    #[napi(getter)]
    pub fn expected_npv(&self) -> Option<JsMoney> {
        self.inner.expected_npv.map(JsMoney::from_core)
    }

    /// The whole record in the core's JSON form (money as `{amount, currency}`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// Monte Carlo simulation

/// A simulation spec from its JSON form (camelCase keys accepted too), validated by the
/// core: errors are at the spec's field path (`inputs[0].distribution.mode`), as the
/// core's own checks of the spec report them.
pub fn simulation_spec(value: Value) -> Result<SimulationSpec, Failure> {
    record(snake_case_keys_deep(value))
}

/// Runs `project.simulate_with_progress`, stopping as soon as `stop` is set (checked
/// after each chunk on every thread that reports).
pub fn simulate_until(
    project: &Project,
    spec: &SimulationSpec,
    stop: &AtomicBool,
) -> Result<SimulationResult, Failure> {
    if stop.load(Ordering::Relaxed) {
        return Err(Failure::Core(valuepm_core::Error::Cancelled { completed: 0 }));
    }
    Ok(project.simulate_with_progress(spec, &mut |_| !stop.load(Ordering::Relaxed))?)
}

/// The simulated distributions of a project's NPV, ROI and (on request) IRR and payback.
/// Each distribution is a `Summary` (the core's JSON form: `count`, `mean`, `sd`, `p5` …
/// `p95`, `probability_negative`, `value_at_risk`, `histogram_edges`, …); `toJSON()`
/// gives the whole record in the core's JSON form.
#[napi(js_name = "SimulationResult")]
pub struct JsSimulationResult {
    inner: SimulationResult,
}

impl JsSimulationResult {
    /// Wraps a core result.
    pub fn from_core(inner: SimulationResult) -> Self {
        JsSimulationResult { inner }
    }
}

#[napi]
impl JsSimulationResult {
    /// Iterations run.
    #[napi(getter)]
    pub fn iterations(&self) -> u32 {
        self.inner.iterations
    }

    /// The seed.
    #[napi(getter)]
    pub fn seed(&self) -> f64 {
        self.inner.seed as f64
    }

    /// NPV (in the project's currency, not rounded).
    #[napi(getter, ts_return_type = "Summary")]
    pub fn npv(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.npv))
    }

    /// ROI.
    #[napi(getter, ts_return_type = "Summary")]
    pub fn roi(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.roi))
    }

    /// Fraction of iterations with ROI at or above the spec's `roi_target`.
    #[napi(getter)]
    pub fn probability_roi_at_least_target(&self) -> f64 {
        self.inner.probability_roi_at_least_target
    }

    /// IRR of the iterations that have one (`null` unless `irr_and_payback` was asked for
    /// and at least two iterations have an IRR).
    #[napi(getter, ts_return_type = "Summary | null")]
    pub fn irr(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.irr))
    }

    /// Fraction of iterations without an IRR (`null` unless asked for).
    #[napi(getter)]
    pub fn probability_irr_undefined(&self) -> Option<f64> {
        self.inner.probability_irr_undefined
    }

    /// Simple payback in years of the iterations that pay back (`null` unless asked for
    /// and at least two do).
    #[napi(getter, ts_return_type = "Summary | null")]
    pub fn payback_years(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.payback_years))
    }

    /// Fraction of iterations that never pay back (`null` unless asked for).
    #[napi(getter)]
    pub fn probability_no_payback(&self) -> Option<f64> {
        self.inner.probability_no_payback
    }

    /// Sensitivity of NPV to each input, largest swing first (empty unless the spec asked
    /// for `sensitivity`).
    #[napi(getter, ts_return_type = "Array<InputSensitivity>")]
    pub fn sensitivity(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.sensitivity))
    }

    /// The whole record in the core's JSON form.
    #[napi(js_name = "toJSON", ts_return_type = "SimulationResultData")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

/// A simulation on the libuv thread pool, stopped through `stop` when its `AbortSignal`
/// fires.
pub struct SimulateTask {
    /// The project (a copy) and the spec, or the spec's error.
    pub work: Option<(Project, Result<SimulationSpec, Failure>)>,
    /// Set by the abort signal; read by the simulation after each chunk.
    pub stop: Arc<AtomicBool>,
}

#[napi]
impl Task for SimulateTask {
    type Output = Result<SimulationResult, Failure>;
    type JsValue = JsSimulationResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(match self.work.take() {
            None => Err(Failure::Panic("task ran twice".to_owned())),
            Some((project, spec)) => run(|| simulate_until(&project, &spec?, &self.stop)),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<JsSimulationResult> {
        output.map(JsSimulationResult::from_core).map_err(|f| to_js(env, &f))
    }
}
