//! The tables and their columns.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A table of the `io` module: the six data tables (imported and exported) and the
/// export-only tables of figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// One row per project.
    Projects,
    /// One row per line item (planned cost or benefit).
    LineItems,
    /// One row per actual of a line item.
    Actuals,
    /// One row per value metric (KPI definition).
    Metrics,
    /// One row per KPI measurement.
    Measurements,
    /// One row per risk register entry.
    Risks,
    /// Export only: one row per project evaluated on a date.
    Evaluations,
    /// Export only: one row per project and period of its cash-flow schedule.
    CashFlows,
    /// Export only: a portfolio roll-up's totals, one row per group (total, and by state,
    /// template, category and owner).
    PortfolioTotals,
    /// Export only: a portfolio's combined flows per period.
    PortfolioPeriods,
    /// Export only: a portfolio roll-up's headline figures (one row).
    PortfolioSummary,
}

impl Table {
    /// The data tables, in the order an import applies them.
    pub const DATA: [Table; 6] =
        [Table::Projects, Table::LineItems, Table::Actuals, Table::Metrics, Table::Measurements, Table::Risks];

    /// Every table.
    pub const ALL: [Table; 11] = [
        Table::Projects,
        Table::LineItems,
        Table::Actuals,
        Table::Metrics,
        Table::Measurements,
        Table::Risks,
        Table::Evaluations,
        Table::CashFlows,
        Table::PortfolioTotals,
        Table::PortfolioPeriods,
        Table::PortfolioSummary,
    ];

    /// The `snake_case` name (also the sheet name), e.g. `line_items`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Table::Projects => "projects",
            Table::LineItems => "line_items",
            Table::Actuals => "actuals",
            Table::Metrics => "metrics",
            Table::Measurements => "measurements",
            Table::Risks => "risks",
            Table::Evaluations => "evaluations",
            Table::CashFlows => "cash_flows",
            Table::PortfolioTotals => "portfolio_totals",
            Table::PortfolioPeriods => "portfolio_periods",
            Table::PortfolioSummary => "portfolio_summary",
        }
    }

    /// Whether the table can be imported.
    #[must_use]
    pub fn importable(self) -> bool {
        Table::DATA.contains(&self)
    }

    /// The columns in export order; for the data tables, the default import headers.
    #[must_use]
    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Projects => &[
                "id",
                "name",
                "description",
                "owner",
                "currency",
                "start_date",
                "end_date",
                "discount_rate",
                "day_count",
                "state",
                "template_id",
                "tags",
                "history",
            ],
            Table::LineItems => &[
                "project_id",
                "id",
                "name",
                "kind",
                "category",
                "date",
                "start",
                "end",
                "frequency",
                "escalation",
                "amount",
                "currency",
            ],
            Table::Actuals => &["project_id", "line_item_id", "date", "amount", "currency", "note"],
            Table::Metrics => &[
                "project_id",
                "id",
                "name",
                "unit",
                "direction",
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_date",
                "weight",
                "monetisation",
                "currency",
            ],
            Table::Measurements => &["project_id", "metric_id", "date", "value", "note"],
            Table::Risks => &[
                "project_id",
                "id",
                "description",
                "probability",
                "cost_impact",
                "schedule_impact_days",
                "status",
                "mitigation_cost",
                "residual_probability",
                "residual_cost_impact",
                "expected_date",
                "owner",
                "currency",
            ],
            Table::Evaluations => &[
                "project_id",
                "as_of",
                "currency",
                "state",
                "planned_cost",
                "planned_benefit",
                "planned_net",
                "planned_cost_to_date",
                "planned_benefit_to_date",
                "actual_cost_to_date",
                "actual_benefit_to_date",
                "forecast_cost",
                "forecast_benefit",
                "cost_variance_to_date",
                "benefit_variance_to_date",
                "npv",
                "present_value_benefits",
                "present_value_costs",
                "roi",
                "annualised_roi",
                "forecast_roi",
                "irr",
                "payback_years",
                "discounted_payback_years",
                "benefit_cost_ratio",
                "profitability_index",
                "value_realised",
            ],
            Table::CashFlows => &[
                "project_id",
                "start",
                "end",
                "currency",
                "planned_cost",
                "planned_benefit",
                "planned_net",
                "actual_cost",
                "actual_benefit",
                "actual_net",
                "cumulative_planned_net",
                "cumulative_actual_net",
            ],
            Table::PortfolioTotals => &[
                "group",
                "key",
                "currency",
                "projects",
                "planned_cost",
                "planned_benefit",
                "planned_cost_to_date",
                "actual_cost_to_date",
                "actual_benefit_to_date",
                "npv",
                "net_emv",
            ],
            Table::PortfolioPeriods => {
                &["start", "end", "currency", "planned_cost", "planned_benefit", "actual_cost", "actual_benefit"]
            }
            Table::PortfolioSummary => &[
                "status_date",
                "currency",
                "npv",
                "roi",
                "irr",
                "payback_years",
                "value_promised",
                "value_realised",
                "gross_emv",
                "kpis_on_track",
                "kpis_at_risk",
                "kpis_off_track",
                "kpis_no_data",
            ],
        }
    }

    /// The columns an import of this table cannot do without.
    pub(crate) const fn required(self) -> &'static [&'static str] {
        match self {
            Table::Projects => &["id"],
            Table::LineItems => &["project_id", "id", "name", "kind", "amount"],
            Table::Actuals => &["project_id", "line_item_id", "date", "amount"],
            Table::Metrics => &[
                "project_id",
                "id",
                "name",
                "direction",
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_date",
            ],
            Table::Measurements => &["project_id", "metric_id", "date", "value"],
            Table::Risks => &["project_id", "id", "description", "probability", "cost_impact", "mitigation_cost"],
            _ => &[],
        }
    }

    /// The table named `name` (`line_items`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
