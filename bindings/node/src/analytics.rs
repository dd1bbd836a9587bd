//! Wraps `valuepm_core::analytics`: earned value (PMBOK) and earned schedule (Lipke) at a
//! status date (`Project.earnedValue`, in [`crate::model`], returns an [`JsEarnedValue`]),
//! KPI trends, robust anomalies and level shifts.

use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::analytics::{self, EarnedValue, ItemProgress};

use crate::convert::{date_list, flows, record_at, snake_case_keys, to_json, Dates, Flows};
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
