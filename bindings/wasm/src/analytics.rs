//! Wraps `valuepm_core::analytics`: earned value (PMBOK) and earned schedule (Lipke) at a
//! status date (`Project.earnedValue`, in [`crate::model`], returns an
//! [`WasmEarnedValue`]), KPI trends, robust anomalies, level shifts and Holt smoothing
//! forecasts, under the Node package's names.

use serde_json::Value;
use valuepm_core::analytics::{self, EarnedValue, HoltModel, HoltSpec, ItemProgress};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{
    date_list, flows, is_absent, number_or_null, object_json, record, record_at, snake_case_keys, to_js,
};
use crate::error::{call, Failure};
use crate::money::{money_or_null, WasmMoney};

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
#[wasm_bindgen(js_name = "EarnedValue")]
pub struct WasmEarnedValue {
    inner: EarnedValue,
}

impl WasmEarnedValue {
    /// Wraps a core result.
    pub fn from_core(inner: EarnedValue) -> Self {
        WasmEarnedValue { inner }
    }
}

#[wasm_bindgen(js_class = "EarnedValue")]
impl WasmEarnedValue {
    /// The status date (ISO).
    #[wasm_bindgen(getter, js_name = "statusDate")]
    pub fn status_date(&self) -> String {
        self.inner.status_date.to_string()
    }

    /// Budget at completion: the total planned cost.
    #[wasm_bindgen(getter)]
    pub fn bac(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.bac)
    }

    /// Planned value: planned cost due on or before the status date.
    #[wasm_bindgen(getter)]
    pub fn pv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.pv)
    }

    /// Earned value: the budget of the work done.
    #[wasm_bindgen(getter)]
    pub fn ev(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.ev)
    }

    /// Actual cost on or before the status date.
    #[wasm_bindgen(getter)]
    pub fn ac(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.ac)
    }

    /// Schedule variance EV − PV.
    #[wasm_bindgen(getter)]
    pub fn sv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.sv)
    }

    /// Cost variance EV − AC.
    #[wasm_bindgen(getter)]
    pub fn cv(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.cv)
    }

    /// Schedule performance index EV / PV (`null` when PV is 0).
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn spi(&self) -> JsValue {
        number_or_null(self.inner.spi)
    }

    /// Cost performance index EV / AC (`null` when AC is 0).
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn cpi(&self) -> JsValue {
        number_or_null(self.inner.cpi)
    }

    /// Estimate at completion, typical variances: BAC / CPI.
    #[wasm_bindgen(getter, unchecked_return_type = "Money | null")]
    pub fn eac(&self) -> JsValue {
        money_or_null(self.inner.eac)
    }

    /// Estimate at completion, atypical variances: AC + (BAC − EV).
    #[wasm_bindgen(getter, js_name = "eacAtypical")]
    pub fn eac_atypical(&self) -> WasmMoney {
        WasmMoney::from_core(self.inner.eac_atypical)
    }

    /// Estimate at completion with schedule pressure: AC + (BAC − EV) / (CPI × SPI).
    #[wasm_bindgen(getter, js_name = "eacCpiSpi", unchecked_return_type = "Money | null")]
    pub fn eac_cpi_spi(&self) -> JsValue {
        money_or_null(self.inner.eac_cpi_spi)
    }

    /// Estimate to complete: EAC − AC.
    #[wasm_bindgen(getter, unchecked_return_type = "Money | null")]
    pub fn etc(&self) -> JsValue {
        money_or_null(self.inner.etc)
    }

    /// Variance at completion: BAC − EAC.
    #[wasm_bindgen(getter, unchecked_return_type = "Money | null")]
    pub fn vac(&self) -> JsValue {
        money_or_null(self.inner.vac)
    }

    /// To-complete performance index to meet the BAC: (BAC − EV) / (BAC − AC).
    #[wasm_bindgen(getter, js_name = "tcpiBac", unchecked_return_type = "number | null")]
    pub fn tcpi_bac(&self) -> JsValue {
        number_or_null(self.inner.tcpi_bac)
    }

    /// To-complete performance index to meet the EAC: (BAC − EV) / (EAC − AC).
    #[wasm_bindgen(getter, js_name = "tcpiEac", unchecked_return_type = "number | null")]
    pub fn tcpi_eac(&self) -> JsValue {
        number_or_null(self.inner.tcpi_eac)
    }

    /// Earned schedule, in days from the start.
    #[wasm_bindgen(getter, js_name = "earnedScheduleDays")]
    pub fn earned_schedule_days(&self) -> f64 {
        self.inner.earned_schedule_days
    }

    /// Actual time, in days from the start to the end of the status date.
    #[wasm_bindgen(getter, js_name = "actualTimeDays")]
    pub fn actual_time_days(&self) -> f64 {
        self.inner.actual_time_days
    }

    /// Planned duration, in days: the day the last planned cost falls due.
    #[wasm_bindgen(getter, js_name = "plannedDurationDays")]
    pub fn planned_duration_days(&self) -> f64 {
        self.inner.planned_duration_days
    }

    /// Schedule variance in time: ES − AT (days).
    #[wasm_bindgen(getter, js_name = "svTDays")]
    pub fn sv_t_days(&self) -> f64 {
        self.inner.sv_t_days
    }

    /// Schedule performance index in time: ES / AT.
    #[wasm_bindgen(getter, js_name = "spiT", unchecked_return_type = "number | null")]
    pub fn spi_t(&self) -> JsValue {
        number_or_null(self.inner.spi_t)
    }

    /// Independent estimate at completion in time: PD / SPI(t) (days).
    #[wasm_bindgen(getter, js_name = "ieacTDays", unchecked_return_type = "number | null")]
    pub fn ieac_t_days(&self) -> JsValue {
        number_or_null(self.inner.ieac_t_days)
    }

    /// The whole record in the core's JSON form (money as `{amount, currency}`).
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// KPI trends, anomalies and level shifts (results are the core's JSON form)

/// Ordinary least squares trend of `values` on `dates` with a `confidence` interval on
/// the slope (default 0.95): `{method, slope_per_day, intercept, slope_low, slope_high,
/// confidence, origin, points}`.
#[wasm_bindgen(js_name = "olsTrend")]
pub fn ols_trend(
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    confidence: Option<f64>,
) -> Result<JsValue, JsValue> {
    call(|| {
        let d = date_list(&dates, "dates")?;
        to_js(&analytics::ols_trend(&d, &flows(&values, "values")?, confidence.unwrap_or(0.95))?)
    })
}

/// Theil–Sen trend (robust to outliers) of `values` on `dates`, as [`ols_trend`].
#[wasm_bindgen(js_name = "theilSenTrend")]
pub fn theil_sen_trend(
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    confidence: Option<f64>,
) -> Result<JsValue, JsValue> {
    call(|| {
        let d = date_list(&dates, "dates")?;
        to_js(&analytics::theil_sen_trend(&d, &flows(&values, "values")?, confidence.unwrap_or(0.95))?)
    })
}

/// Robust z-scores `(x − median) / (1.4826 · MAD)`, as an array (as in the Node
/// package; not a `Float64Array`).
#[wasm_bindgen(js_name = "robustZScores", unchecked_return_type = "Array<number>")]
pub fn robust_z_scores(#[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue) -> Result<JsValue, JsValue> {
    call(|| to_js(&analytics::robust_z_scores(&flows(&values, "values")?)?))
}

/// The points whose robust z-score exceeds `threshold` (default 3.5) in absolute value:
/// `[{index, date, value, score}]`.
#[wasm_bindgen(js_name = "robustZAnomalies")]
pub fn robust_z_anomalies(
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    threshold: Option<f64>,
) -> Result<JsValue, JsValue> {
    call(|| {
        let d = date_list(&dates, "dates")?;
        to_js(&analytics::robust_z_anomalies(&d, &flows(&values, "values")?, threshold.unwrap_or(3.5))?)
    })
}

/// Level shifts by exact PELT on squared error: `[{index, date, level_before,
/// level_after, shift}]`; `penalty` per segment (default `2σ² ln n`), `minSize` (default 2).
#[wasm_bindgen(js_name = "levelShifts")]
pub fn level_shifts(
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    penalty: Option<f64>,
    #[wasm_bindgen(js_name = "minSize")] min_size: Option<u32>,
) -> Result<JsValue, JsValue> {
    call(|| {
        let d = date_list(&dates, "dates")?;
        to_js(&analytics::level_shifts(&d, &flows(&values, "values")?, penalty, min_size.unwrap_or(2) as usize)?)
    })
}

// ---------------------------------------------------------------------------------
// Holt linear and damped-trend exponential smoothing

/// A Holt model fitted to (or set on) a series: its parameters, its fit and its final
/// states; `forecast()` extends it with ETS prediction intervals. `toJSON()` gives the
/// core's JSON form.
#[wasm_bindgen(js_name = "HoltModel")]
pub struct WasmHoltModel {
    inner: HoltModel,
}

#[wasm_bindgen(js_class = "HoltModel")]
impl WasmHoltModel {
    /// The model with the given parameters on `values` (no fitting): `phi` `null` (or
    /// omitted) for a linear trend, a number in (0, 1] for a damped one; `alpha` and `beta`
    /// in [0, 1]. Needs at least 2 values.
    #[wasm_bindgen(js_name = "withParameters")]
    pub fn with_parameters(
        #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
        alpha: f64,
        beta: f64,
        phi: Option<f64>,
        #[wasm_bindgen(js_name = "initialLevel")] initial_level: f64,
        #[wasm_bindgen(js_name = "initialTrend")] initial_trend: f64,
    ) -> Result<WasmHoltModel, JsValue> {
        call(|| {
            let v = flows(&values, "values")?;
            let inner = HoltModel::with_parameters(&v, alpha, beta, phi, initial_level, initial_trend)?;
            Ok(WasmHoltModel { inner })
        })
    }

    /// Forecasts steps 1 to `horizon` (at most 10 000) with prediction intervals at
    /// `confidence` (default 0.95): `[{step, value, lower, upper}]`.
    #[wasm_bindgen(unchecked_return_type = "Array<HoltStep>")]
    pub fn forecast(&self, horizon: u32, confidence: Option<f64>) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.forecast(horizon as usize, confidence.unwrap_or(0.95))?))
    }

    /// Whether the trend is damped.
    #[wasm_bindgen(getter)]
    pub fn damped(&self) -> bool {
        self.inner.damped
    }

    /// Smoothing level `α`.
    #[wasm_bindgen(getter)]
    pub fn alpha(&self) -> f64 {
        self.inner.alpha
    }

    /// Smoothing trend `β` (Holt's form; the ETS trend smoothing is `α β`).
    #[wasm_bindgen(getter)]
    pub fn beta(&self) -> f64 {
        self.inner.beta
    }

    /// Damping factor `φ` (1 for a linear trend).
    #[wasm_bindgen(getter)]
    pub fn phi(&self) -> f64 {
        self.inner.phi
    }

    /// Initial level `ℓ₀`.
    #[wasm_bindgen(getter, js_name = "initialLevel")]
    pub fn initial_level(&self) -> f64 {
        self.inner.initial_level
    }

    /// Initial trend `b₀`.
    #[wasm_bindgen(getter, js_name = "initialTrend")]
    pub fn initial_trend(&self) -> f64 {
        self.inner.initial_trend
    }

    /// Sum of squared one-step errors.
    #[wasm_bindgen(getter)]
    pub fn sse(&self) -> f64 {
        self.inner.sse
    }

    /// Number of values fitted.
    #[wasm_bindgen(getter)]
    pub fn n(&self) -> u32 {
        self.inner.n as u32
    }

    /// The one-step-ahead fitted values, one per value (an array, as in the Node
    /// package).
    #[wasm_bindgen(getter)]
    pub fn fitted(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.fitted))
    }

    /// Level after the last value.
    #[wasm_bindgen(getter, js_name = "lastLevel")]
    pub fn last_level(&self) -> f64 {
        self.inner.last_level
    }

    /// Trend after the last value.
    #[wasm_bindgen(getter, js_name = "lastTrend")]
    pub fn last_trend(&self) -> f64 {
        self.inner.last_trend
    }

    /// The whole model in the core's JSON form.
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "HoltModelData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

/// Fits a Holt linear (`damped` false, the default) or damped-trend model to equally
/// spaced `values` by least squares. Needs at least 4 values, 5 when damped.
#[wasm_bindgen(js_name = "holtFit")]
pub fn holt_fit(
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    damped: Option<bool>,
) -> Result<WasmHoltModel, JsValue> {
    call(|| Ok(WasmHoltModel { inner: analytics::holt_fit(&flows(&values, "values")?, damped.unwrap_or(false))? }))
}

/// Fits a Holt model to a dated series (taken in date order, one step per mean date
/// spacing) and forecasts: `spec` is `{damped?: false, horizon?: 12, confidence?: 0.95,
/// target?}`. Returns the fit, the dated forecast with prediction intervals and, with a
/// `target`, the date the forecast reaches it (the core's JSON form).
#[wasm_bindgen(js_name = "holtForecast", unchecked_return_type = "HoltForecast")]
pub fn holt_forecast(
    #[wasm_bindgen(unchecked_param_type = "Dates")] dates: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Flows")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HoltSpec | null")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let d = date_list(&dates, "dates")?;
        let spec: HoltSpec =
            if is_absent(&spec) { HoltSpec::default() } else { record(snake_case_keys(object_json(&spec, "spec")?))? };
        to_js(&analytics::holt_forecast(&d, &flows(&values, "values")?, &spec)?)
    })
}
