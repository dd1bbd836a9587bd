//! Holt linear and damped-trend exponential smoothing: fits, forecasts and prediction
//! intervals.

use std::sync::Arc;

use valuepm_core::analytics::{self, HoltSpec};

use crate::error::{dates, invalid_argument, record, run, to_json, ValuePmError};

type R<T> = Result<T, ValuePmError>;

fn horizon(horizon: u32) -> R<usize> {
    usize::try_from(horizon).map_err(|e| invalid_argument("horizon", e))
}

/// A Holt model fitted to (or set on) an equally spaced series: its parameters, fit and
/// final states.
#[derive(uniffi::Object)]
pub struct HoltModel {
    inner: analytics::HoltModel,
}

#[uniffi::export]
impl HoltModel {
    /// The model with the given parameters on `values` (no fitting): `phi` null for a
    /// linear trend, `φ` in (0, 1] for a damped one; `alpha` and `beta` in [0, 1]; at least
    /// 2 values.
    #[uniffi::constructor]
    pub fn with_parameters(
        values: Vec<f64>,
        alpha: f64,
        beta: f64,
        phi: Option<f64>,
        initial_level: f64,
        initial_trend: f64,
    ) -> R<Arc<Self>> {
        run(|| {
            let inner = analytics::HoltModel::with_parameters(&values, alpha, beta, phi, initial_level, initial_trend)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// Steps 1 to `horizon` (at most 10 000) with prediction intervals at `confidence` in
    /// (0, 1), as the core's JSON list `[{step, value, lower, upper}]`.
    pub fn forecast(&self, horizon: u32, confidence: f64) -> R<String> {
        run(|| to_json(&self.inner.forecast(self::horizon(horizon)?, confidence)?))
    }

    /// Whether the trend is damped.
    #[must_use]
    pub fn damped(&self) -> bool {
        self.inner.damped
    }

    /// Smoothing level `α`.
    #[must_use]
    pub fn alpha(&self) -> f64 {
        self.inner.alpha
    }

    /// Smoothing trend `β` (Holt's form).
    #[must_use]
    pub fn beta(&self) -> f64 {
        self.inner.beta
    }

    /// Damping factor `φ`, 1 for a linear trend.
    #[must_use]
    pub fn phi(&self) -> f64 {
        self.inner.phi
    }

    /// Level before the first observation.
    #[must_use]
    pub fn initial_level(&self) -> f64 {
        self.inner.initial_level
    }

    /// Trend before the first observation.
    #[must_use]
    pub fn initial_trend(&self) -> f64 {
        self.inner.initial_trend
    }

    /// Sum of squared one-step-ahead errors.
    #[must_use]
    pub fn sse(&self) -> f64 {
        self.inner.sse
    }

    /// Number of observations.
    #[must_use]
    pub fn n(&self) -> u64 {
        self.inner.n as u64
    }

    /// One-step-ahead forecasts of the observations.
    #[must_use]
    pub fn fitted(&self) -> Vec<f64> {
        self.inner.fitted.clone()
    }

    /// Level after the last observation.
    #[must_use]
    pub fn last_level(&self) -> f64 {
        self.inner.last_level
    }

    /// Trend after the last observation.
    #[must_use]
    pub fn last_trend(&self) -> f64 {
        self.inner.last_trend
    }

    /// The model as the core's JSON record.
    pub fn to_json(&self) -> R<String> {
        to_json(&self.inner)
    }
}

/// Fits a Holt linear (`damped` false) or damped-trend model to equally spaced `values`
/// by least squares (at least 4 values, 5 when damped).
#[uniffi::export]
pub fn holt_fit(values: Vec<f64>, damped: bool) -> R<Arc<HoltModel>> {
    run(|| Ok(Arc::new(HoltModel { inner: analytics::holt_fit(&values, damped)? })))
}

/// Fits a Holt model to dated values (`YYYY-MM-DD`, taken in date order) and forecasts it
/// with the spec `spec_json` (`{damped, horizon, confidence, target}`, each optional), as
/// the core's JSON record.
#[uniffi::export(default(spec_json = "{}"))]
pub fn holt_forecast(dates: Vec<String>, values: Vec<f64>, spec_json: String) -> R<String> {
    run(|| {
        let spec: HoltSpec = record("spec", &spec_json)?;
        to_json(&analytics::holt_forecast(&self::dates("dates", &dates)?, &values, &spec)?)
    })
}
