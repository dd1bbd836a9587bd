//! Analytics over projects and measurement series: earned value and earned schedule,
//! trends (OLS, Theil–Sen), robust anomaly detection, level shifts and Holt linear and
//! damped-trend exponential smoothing forecasts.

mod anomaly;
mod changepoint;
mod earned_value;
mod smoothing;
mod trend;

pub use anomaly::{robust_z_anomalies, robust_z_scores, Anomaly, MAD_SCALE};
pub use changepoint::{level_shifts, LevelShift};
pub use earned_value::{EarnedValue, ItemProgress};
pub use smoothing::{
    holt_fit, holt_forecast, ForecastPoint, HoltForecast, HoltModel, HoltSpec, HoltStep, ALPHA_BOUNDS, MAX_HORIZON,
    PHI_BOUNDS,
};
pub use trend::{ols_trend, theil_sen_trend, Trend, TrendMethod};
