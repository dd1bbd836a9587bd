//! Wraps `valuepm_core::analytics`: earned value (PMBOK) and earned schedule (Lipke) at a
//! status date (`Project.earnedValue`, in [`crate::model`], returns an [`JsEarnedValue`]),
//! KPI trends, robust anomalies, level shifts and Holt smoothing forecasts.

use napi::bindgen_prelude::Object;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::analytics::{self, EarnedValue, HoltModel, HoltSpec, ItemProgress};

use crate::convert::{date_list, flows, object_json, record, record_at, snake_case_keys, to_json, Dates, Flows};
use crate::error::{call, Failure};
use crate::money::JsMoney;

/// Each cost item's percent complete from its JSON form: an object
/// `{lineItemId: fraction}` (keys are line item ids) or an array of
/// `{line_item_id, percent_complete}` records (camelCase keys accepted too). Errors are
/// at `progress.<id>` or `progress[i].<field>`.
pub fn progress(value: Option<Value>) -> Result<Vec<ItemProgress>, Failure> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            record_at(Value::Array(items.into_iter().map(snake_case_keys).collect()), "progress")
        }
        Some(Value::Object(map)) => map
            .into_iter()
            .map(|(id, fraction)| match fraction.as_f64() {
                Some(percent_complete) => Ok(ItemProgress { line_item_id: id, percent_complete }),
                None => Err(Failure::Core(valuepm_core::Error::validation(
                    format!("progress.{id}"),
                    format!("{fraction} is not a fraction (a number from 0 to 1)"),
                ))),
            })
            .collect(),
        Some(other) => Err(Failure::Core(valuepm_core::Error::validation(
            "progress",
            format!("{other} is neither an object {{lineItemId: fraction}} nor an array of records"),
        ))),
    }
}

/// Earned value (PMBOK) and earned schedule (Lipke) of a project at a status date.
/// Money fields are `Money`, ratios numbers or `null` (a zero denominator); `toJSON()`
/// gives the whole record in the core's JSON form.
#[napi(js_name = "EarnedValue")]
pub struct JsEarnedValue {
    inner: EarnedValue,
}

impl JsEarnedValue {
    /// Wraps a core result.
    pub fn from_core(inner: EarnedValue) -> Self {
        JsEarnedValue { inner }
    }
}

fn optional_money(m: Option<&valuepm_core::Money>) -> Option<JsMoney> {
    m.copied().map(JsMoney::from_core)
}

#[napi]
impl JsEarnedValue {
    /// The status date (ISO).
    #[napi(getter)]
    pub fn status_date(&self) -> String {
        self.inner.status_date.to_string()
    }

    /// Budget at completion: the total planned cost.
    #[napi(getter)]
    pub fn bac(&self) -> JsMoney {
        JsMoney::from_core(self.inner.bac)
    }

    /// Planned value: planned cost due on or before the status date.
    #[napi(getter)]
    pub fn pv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.pv)
    }

    /// Earned value: the budget of the work done.
    #[napi(getter)]
    pub fn ev(&self) -> JsMoney {
        JsMoney::from_core(self.inner.ev)
    }

    /// Actual cost on or before the status date.
    #[napi(getter)]
    pub fn ac(&self) -> JsMoney {
        JsMoney::from_core(self.inner.ac)
    }

    /// Schedule variance EV − PV.
    #[napi(getter)]
    pub fn sv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.sv)
    }

    /// Cost variance EV − AC.
    #[napi(getter)]
    pub fn cv(&self) -> JsMoney {
        JsMoney::from_core(self.inner.cv)
    }

    /// Schedule performance index EV / PV (`null` when PV is 0).
    #[napi(getter)]
    pub fn spi(&self) -> Option<f64> {
        self.inner.spi
    }

    /// Cost performance index EV / AC (`null` when AC is 0).
    #[napi(getter)]
    pub fn cpi(&self) -> Option<f64> {
        self.inner.cpi
    }

    /// Estimate at completion, typical variances: BAC / CPI.
    #[napi(getter)]
    pub fn eac(&self) -> Option<JsMoney> {
        optional_money(self.inner.eac.as_ref())
    }

    /// Estimate at completion, atypical variances: AC + (BAC − EV).
    #[napi(getter)]
    pub fn eac_atypical(&self) -> JsMoney {
        JsMoney::from_core(self.inner.eac_atypical)
    }

    /// Estimate at completion with schedule pressure: AC + (BAC − EV) / (CPI × SPI).
    #[napi(getter)]
    pub fn eac_cpi_spi(&self) -> Option<JsMoney> {
        optional_money(self.inner.eac_cpi_spi.as_ref())
    }

    /// Estimate to complete: EAC − AC.
    #[napi(getter)]
    pub fn etc(&self) -> Option<JsMoney> {
        optional_money(self.inner.etc.as_ref())
    }

    /// Variance at completion: BAC − EAC.
    #[napi(getter)]
    pub fn vac(&self) -> Option<JsMoney> {
        optional_money(self.inner.vac.as_ref())
    }

    /// To-complete performance index to meet the BAC: (BAC − EV) / (BAC − AC).
    #[napi(getter)]
    pub fn tcpi_bac(&self) -> Option<f64> {
        self.inner.tcpi_bac
    }

    /// To-complete performance index to meet the EAC: (BAC − EV) / (EAC − AC).
    #[napi(getter)]
    pub fn tcpi_eac(&self) -> Option<f64> {
        self.inner.tcpi_eac
    }

    /// Earned schedule, in days from the start.
    #[napi(getter)]
    pub fn earned_schedule_days(&self) -> f64 {
        self.inner.earned_schedule_days
    }

    /// Actual time, in days from the start to the end of the status date.
    #[napi(getter)]
    pub fn actual_time_days(&self) -> f64 {
        self.inner.actual_time_days
    }

    /// Planned duration, in days: the day the last planned cost falls due.
    #[napi(getter)]
    pub fn planned_duration_days(&self) -> f64 {
        self.inner.planned_duration_days
    }

    /// Schedule variance in time: ES − AT (days).
    #[napi(getter)]
    pub fn sv_t_days(&self) -> f64 {
        self.inner.sv_t_days
    }

    /// Schedule performance index in time: ES / AT.
    #[napi(getter)]
    pub fn spi_t(&self) -> Option<f64> {
        self.inner.spi_t
    }

    /// Independent estimate at completion in time: PD / SPI(t) (days).
    #[napi(getter)]
    pub fn ieac_t_days(&self) -> Option<f64> {
        self.inner.ieac_t_days
    }

    /// The whole record in the core's JSON form (money as `{amount, currency}`).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// KPI trends, anomalies and level shifts (results are the core's JSON form)

/// Ordinary least squares trend of `values` on `dates` with a `confidence` interval on
/// the slope (default 0.95): `{method, slope_per_day, intercept, slope_low, slope_high,
/// confidence, origin, points}`.
#[napi]
pub fn ols_trend(env: Env, dates: Dates, values: Flows, confidence: Option<f64>) -> napi::Result<Value> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        to_json(&analytics::ols_trend(&d, flows(&values), confidence.unwrap_or(0.95))?)
    })
}

/// Theil–Sen trend (robust to outliers) of `values` on `dates`, as [`ols_trend`].
#[napi]
pub fn theil_sen_trend(env: Env, dates: Dates, values: Flows, confidence: Option<f64>) -> napi::Result<Value> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        to_json(&analytics::theil_sen_trend(&d, flows(&values), confidence.unwrap_or(0.95))?)
    })
}

/// Robust z-scores `(x − median) / (1.4826 · MAD)`.
#[napi]
pub fn robust_z_scores(env: Env, values: Flows) -> napi::Result<Vec<f64>> {
    call(env, || Ok(analytics::robust_z_scores(flows(&values))?))
}

/// The points whose robust z-score exceeds `threshold` (default 3.5) in absolute value:
/// `[{index, date, value, score}]`.
#[napi]
pub fn robust_z_anomalies(env: Env, dates: Dates, values: Flows, threshold: Option<f64>) -> napi::Result<Value> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        to_json(&analytics::robust_z_anomalies(&d, flows(&values), threshold.unwrap_or(3.5))?)
    })
}

/// Level shifts by exact PELT on squared error: `[{index, date, level_before,
/// level_after, shift}]`; `penalty` per segment (default `2σ² ln n`), `minSize` (default 2).
#[napi]
pub fn level_shifts(
    env: Env,
    dates: Dates,
    values: Flows,
    penalty: Option<f64>,
    min_size: Option<u32>,
) -> napi::Result<Value> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        to_json(&analytics::level_shifts(&d, flows(&values), penalty, min_size.unwrap_or(2) as usize)?)
    })
}

// ---------------------------------------------------------------------------------
// Holt linear and damped-trend exponential smoothing

/// A Holt model fitted to (or set on) a series: its parameters, its fit and its final
/// states; `forecast()` extends it with ETS prediction intervals. `toJSON()` gives the
/// core's JSON form.
#[napi(js_name = "HoltModel")]
pub struct JsHoltModel {
    inner: HoltModel,
}

#[napi]
impl JsHoltModel {
    /// The model with the given parameters on `values` (no fitting): `phi` `null` (or
    /// omitted) for a linear trend, a number in (0, 1] for a damped one; `alpha` and `beta`
    /// in [0, 1]. Needs at least 2 values.
    #[napi]
    pub fn with_parameters(
        env: Env,
        values: Flows,
        alpha: f64,
        beta: f64,
        phi: Option<f64>,
        initial_level: f64,
        initial_trend: f64,
    ) -> napi::Result<Self> {
        call(env, || {
            let inner = HoltModel::with_parameters(flows(&values), alpha, beta, phi, initial_level, initial_trend)?;
            Ok(JsHoltModel { inner })
        })
    }

    /// Forecasts steps 1 to `horizon` (at most 10 000) with prediction intervals at
    /// `confidence` (default 0.95): `[{step, value, lower, upper}]`.
    #[napi(ts_return_type = "Array<HoltStep>")]
    pub fn forecast(&self, env: Env, horizon: u32, confidence: Option<f64>) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.forecast(horizon as usize, confidence.unwrap_or(0.95))?))
    }

    /// Whether the trend is damped.
    #[napi(getter)]
    pub fn damped(&self) -> bool {
        self.inner.damped
    }

    /// Smoothing level `α`.
    #[napi(getter)]
    pub fn alpha(&self) -> f64 {
        self.inner.alpha
    }

    /// Smoothing trend `β` (Holt's form; the ETS trend smoothing is `α β`).
    #[napi(getter)]
    pub fn beta(&self) -> f64 {
        self.inner.beta
    }

    /// Damping factor `φ` (1 for a linear trend).
    #[napi(getter)]
    pub fn phi(&self) -> f64 {
        self.inner.phi
    }

    /// Initial level `ℓ₀`.
    #[napi(getter)]
    pub fn initial_level(&self) -> f64 {
        self.inner.initial_level
    }

    /// Initial trend `b₀`.
    #[napi(getter)]
    pub fn initial_trend(&self) -> f64 {
        self.inner.initial_trend
    }

    /// Sum of squared one-step errors.
    #[napi(getter)]
    pub fn sse(&self) -> f64 {
        self.inner.sse
    }

    /// Number of values fitted.
    #[napi(getter)]
    pub fn n(&self) -> u32 {
        self.inner.n as u32
    }

    /// The one-step-ahead fitted values, one per value.
    #[napi(getter)]
    pub fn fitted(&self) -> Vec<f64> {
        self.inner.fitted.clone()
    }

    /// Level after the last value.
    #[napi(getter)]
    pub fn last_level(&self) -> f64 {
        self.inner.last_level
    }

    /// Trend after the last value.
    #[napi(getter)]
    pub fn last_trend(&self) -> f64 {
        self.inner.last_trend
    }

    /// The whole model in the core's JSON form.
    #[napi(js_name = "toJSON", ts_return_type = "HoltModelData")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

/// Fits a Holt linear (`damped` false, the default) or damped-trend model to equally
/// spaced `values` by least squares. Needs at least 4 values, 5 when damped.
#[napi]
pub fn holt_fit(env: Env, values: Flows, damped: Option<bool>) -> napi::Result<JsHoltModel> {
    call(env, || Ok(JsHoltModel { inner: analytics::holt_fit(flows(&values), damped.unwrap_or(false))? }))
}

/// Fits a Holt model to a dated series (taken in date order, one step per mean date
/// spacing) and forecasts: `spec` is `{damped?: false, horizon?: 12, confidence?: 0.95,
/// target?}`. Returns the fit, the dated forecast with prediction intervals and, with a
/// `target`, the date the forecast reaches it (the core's JSON form).
#[napi(
    ts_args_type = "dates: Dates, values: Flows, spec?: HoltSpec | undefined | null",
    ts_return_type = "HoltForecast"
)]
pub fn holt_forecast(env: Env, dates: Dates, values: Flows, spec: Option<Object>) -> napi::Result<Value> {
    call(env, || {
        let d = date_list(&dates, "dates")?;
        let spec: HoltSpec = match &spec {
            None => HoltSpec::default(),
            Some(object) => record(snake_case_keys(object_json(env, object, "spec")?))?,
        };
        to_json(&analytics::holt_forecast(&d, flows(&values), &spec)?)
    })
}
