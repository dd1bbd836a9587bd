//! Wraps `valuepm_core::risk`: expected monetary value (EMV) of the risk register,
//! risk-adjusted value and seeded Monte Carlo simulation, under the Node package's names.
//! `Project.riskAdjusted` (in [`crate::model`]) returns a [`WasmRiskAdjustment`];
//! `Project.simulate` returns a [`WasmSimulationResult`]. On wasm a simulation always
//! runs on one thread (the core's rule there), whatever `threads` asks for.

use serde_json::Value;
use valuepm_core::risk::{RiskAdjustment, Scenario, SimulationResult, SimulationSpec};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{number_or_null, record, record_at, snake_case_keys, snake_case_keys_deep, to_js};
use crate::error::{call, Failure};
use crate::money::{money_or_null, WasmMoney};

/// Scenarios from their JSON forms `{name, probability, benefit_factor?, cost_factor?}`
/// (camelCase keys accepted too, so `benefitFactor` is not silently ignored), errors at
/// `scenarios[i].<field>`.
pub fn scenarios(items: Vec<Value>) -> Result<Vec<Scenario>, Failure> {
    record_at(Value::Array(items.into_iter().map(snake_case_keys).collect()), "scenarios")
}

/// Risk-adjusted value of a project: the EMV of its risks, risk-adjusted NPV, ROI and
/// rate, and scenarios. Money fields are `Money`; `toJSON()` gives the whole record in
/// the core's JSON form.
#[wasm_bindgen(js_name = "RiskAdjustment")]
pub struct WasmRiskAdjustment {
    inner: RiskAdjustment,
}

impl WasmRiskAdjustment {
    /// Wraps a core result.
    pub fn from_core(inner: RiskAdjustment) -> Self {
        WasmRiskAdjustment { inner }
    }
}

#[wasm_bindgen(js_class = "RiskAdjustment")]
impl WasmRiskAdjustment {
    /// Each risk's exposure `{id, status, gross_emv, net_emv, date}` (JSON form), in
    /// register order.
    #[wasm_bindgen(getter)]
    pub fn risks(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.risks))
    }

    /// Sum of the gross EMVs (probability × impact).
    #[wasm_bindgen(getter, js_name = "grossEmv")]
    pub fn gross_emv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.gross_emv)
    }

    /// Sum of the net EMVs (residual exposure plus mitigation cost).
    #[wasm_bindgen(getter, js_name = "netEmv")]
    pub fn net_emv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.net_emv)
    }

    /// NPV at the project's rate, without risk.
    #[wasm_bindgen(getter)]
    pub fn npv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.npv)
    }

    /// NPV less the present value of the net EMVs.
    #[wasm_bindgen(getter, js_name = "riskAdjustedNpv")]
    pub fn risk_adjusted_npv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.risk_adjusted_npv)
    }

    /// (B − C − net EMV) / (C + net EMV); `null` without cost.
    #[wasm_bindgen(getter, js_name = "riskAdjustedRoi", unchecked_return_type = "number | null")]
    pub fn risk_adjusted_roi(&self) -> JsValue {
        number_or_null(self.inner.risk_adjusted_roi)
    }

    /// The project's rate plus the premium.
    #[wasm_bindgen(getter, js_name = "riskAdjustedRate")]
    pub fn risk_adjusted_rate(&self) -> f64 {
        self.inner.risk_adjusted_rate
    }

    /// NPV at the risk-adjusted rate.
    #[wasm_bindgen(getter, js_name = "npvAtRiskAdjustedRate")]
    pub fn npv_at_risk_adjusted_rate(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.npv_at_risk_adjusted_rate)
    }

    /// Each scenario's `{name, probability, npv}` (JSON form).
    #[wasm_bindgen(getter)]
    pub fn scenarios(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.scenarios))
    }

    /// Probability-weighted NPV of the scenarios; `null` without scenarios.
    #[wasm_bindgen(getter, js_name = "expectedNpv", unchecked_return_type = "Money | null")]
    pub fn expected_npv(&self) -> JsValue {
        money_or_null(self.inner.expected_npv)
    }

    /// The whole record in the core's JSON form (money as `{amount, currency}`).
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
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

/// The simulated distributions of a project's NPV, ROI and (on request) IRR and payback.
/// Each distribution is a `Summary` (the core's JSON form: `count`, `mean`, `sd`, `p5` …
/// `p95`, `probability_negative`, `value_at_risk`, `histogram_edges`, …); `toJSON()`
/// gives the whole record in the core's JSON form.
#[wasm_bindgen(js_name = "SimulationResult")]
pub struct WasmSimulationResult {
    inner: SimulationResult,
}

impl WasmSimulationResult {
    /// Wraps a core result.
    pub fn from_core(inner: SimulationResult) -> Self {
        WasmSimulationResult { inner }
    }
}

#[wasm_bindgen(js_class = "SimulationResult")]
impl WasmSimulationResult {
    /// Iterations run.
    #[wasm_bindgen(getter)]
    pub fn iterations(&self) -> u32 {
        self.inner.iterations
    }

    /// The seed.
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> f64 {
        self.inner.seed as f64
    }

    /// NPV (in the project's currency, not rounded).
    #[wasm_bindgen(getter, unchecked_return_type = "Summary")]
    pub fn npv(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.npv))
    }

    /// ROI.
    #[wasm_bindgen(getter, unchecked_return_type = "Summary")]
    pub fn roi(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.roi))
    }

    /// Fraction of iterations with ROI at or above the spec's `roi_target`.
    #[wasm_bindgen(getter, js_name = "probabilityRoiAtLeastTarget")]
    pub fn probability_roi_at_least_target(&self) -> f64 {
        self.inner.probability_roi_at_least_target
    }

    /// IRR of the iterations that have one (`null` unless `irr_and_payback` was asked for
    /// and at least two iterations have an IRR).
    #[wasm_bindgen(getter, unchecked_return_type = "Summary | null")]
    pub fn irr(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.irr))
    }

    /// Fraction of iterations without an IRR (`null` unless asked for).
    #[wasm_bindgen(getter, js_name = "probabilityIrrUndefined", unchecked_return_type = "number | null")]
    pub fn probability_irr_undefined(&self) -> JsValue {
        number_or_null(self.inner.probability_irr_undefined)
    }

    /// Simple payback in years of the iterations that pay back (`null` unless asked for
    /// and at least two do).
    #[wasm_bindgen(getter, js_name = "paybackYears", unchecked_return_type = "Summary | null")]
    pub fn payback_years(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.payback_years))
    }

    /// Fraction of iterations that never pay back (`null` unless asked for).
    #[wasm_bindgen(getter, js_name = "probabilityNoPayback", unchecked_return_type = "number | null")]
    pub fn probability_no_payback(&self) -> JsValue {
        number_or_null(self.inner.probability_no_payback)
    }

    /// Sensitivity of NPV to each input, largest swing first (empty unless the spec asked
    /// for `sensitivity`).
    #[wasm_bindgen(getter, unchecked_return_type = "Array<InputSensitivity>")]
    pub fn sensitivity(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.sensitivity))
    }

    /// The whole record in the core's JSON form.
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "SimulationResultData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}
