//! The domain model: projects, their lifecycle, cost and benefit line items, cash-flow
//! schedules, value metrics (KPIs), risk registers, and project evaluation.

mod cashflow;
mod evaluation;
mod lifecycle;
mod line_item;
mod metric;
mod project;
mod risk;

pub use cashflow::{Basis, CashFlow, CashFlowSeries, Period, PeriodTotals};
pub(crate) use evaluation::payback_from_yearly_nets;
pub use evaluation::{Evaluation, Totals};
pub use lifecycle::{LifecycleState, Transition};
pub use line_item::{Actual, Frequency, LineItem, LineItemKind, Plan, MAX_OCCURRENCES};
pub use metric::{
    Direction, Measurement, MetricEvaluation, MetricStatus, Observation, ValueMetric, AT_RISK_TOLERANCE,
    ON_TRACK_TOLERANCE,
};
pub use project::{default_day_count, Project, ProjectData, PROJECT_SCHEMA_VERSION};
pub use risk::{Risk, RiskStatus};

pub(crate) use project::unique_ids;
