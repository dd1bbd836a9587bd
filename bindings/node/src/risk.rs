//! Wraps `valuepm_core::risk`: expected monetary value (EMV) of the risk register and
//! risk-adjusted value. `Project.riskAdjusted` (in [`crate::model`]) returns a
//! [`JsRiskAdjustment`].

use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::risk::{RiskAdjustment, Scenario};

use crate::convert::{record_at, snake_case_keys, to_json};
use crate::error::{call, Failure};
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
