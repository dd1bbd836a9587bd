//! Analytics over projects and measurement series: earned value and earned schedule,
//! trends (OLS, Theil–Sen), robust anomaly detection and level shifts.

mod anomaly;
mod changepoint;
mod earned_value;
mod trend;

pub use anomaly::{robust_z_anomalies, robust_z_scores, Anomaly, MAD_SCALE};
pub use changepoint::{level_shifts, LevelShift};
pub use earned_value::{EarnedValue, ItemProgress};
pub use trend::{ols_trend, theil_sen_trend, Trend, TrendMethod};
