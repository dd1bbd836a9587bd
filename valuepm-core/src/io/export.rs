//! The rows of every table, as typed cells, for the CSV and `.xlsx` writers.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Plan, Project};
use crate::money::Money;
use crate::portfolio::{GroupTotals, Portfolio};

use super::{ExportOptions, Table};

/// One exported cell, typed so that a spreadsheet gets dates as dates and money as numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum CellValue {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// An amount in a currency (a number in the currency's format in `.xlsx`).
    Money(Money),
    /// An exact decimal that is not money (an escalation rate).
    Decimal(#[serde(with = "rust_decimal::serde::str")] Decimal),
    /// A float (rates, ratios, KPI values), written in its shortest round-trip form.
    Number(f64),
    /// A whole number (counts, days).
    Integer(i64),
}

/// A whole exported table: its column headers and rows of cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableData {
    /// Which table.
    pub table: Table,
    /// The header row ([`Table::columns`]).
    pub columns: Vec<String>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<CellValue>>,
}

/// What a table is exported from.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    Projects(&'a [Project]),
    Portfolio(&'a Portfolio),
}

impl<'a> Source<'a> {
    fn projects(self) -> &'a [Project] {
        match self {
            Source::Projects(p) => p,
            Source::Portfolio(p) => p.projects(),
        }
    }
}

/// `table` of `projects` as typed cells (the rows [`super::export_csv`] and
/// [`super::export_xlsx`] write).
pub fn export_table(projects: &[Project], table: Table, options: &ExportOptions) -> Result<TableData> {
    collect(Source::Projects(projects), table, options)
}

pub(crate) fn collect(source: Source<'_>, table: Table, options: &ExportOptions) -> Result<TableData> {
    let mut rows = Vec::new();
    for_each_row(source, table, options, &mut |row| {
        rows.push(row.to_vec());
        Ok(())
    })?;
    Ok(TableData { table, columns: table.columns().iter().map(|c| (*c).to_owned()).collect(), rows })
}

/// The `snake_case` document name of an enumeration value.
fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn text(s: &str) -> CellValue {
    if s.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(s.to_owned())
    }
}

/// Tags as `a;b;c`, or as a JSON list when that text would not read back as the same tags
/// (a tag with a `;` or surrounding spaces, or a first tag starting with `[`).
fn tags_cell(tags: &[String]) -> CellValue {
    let plain = tags.iter().all(|t| !t.contains(';') && t.trim() == t && !t.is_empty())
        && !tags.first().is_some_and(|t| t.starts_with('['));
    if plain {
        text(&tags.join(";"))
    } else {
        CellValue::Text(serde_json::to_string(tags).unwrap_or_default())
    }
}

fn opt_number(v: Option<f64>) -> CellValue {
    v.map_or(CellValue::Empty, CellValue::Number)
}

fn opt_date(v: Option<NaiveDate>) -> CellValue {
    v.map_or(CellValue::Empty, CellValue::Date)
}

fn opt_money(v: Option<&Money>) -> CellValue {
    v.map_or(CellValue::Empty, |m| CellValue::Money(*m))
}

/// Calls `visit` with each row of `table` (one reused buffer, so a large table is never
/// held whole).
pub(crate) fn for_each_row(
    source: Source<'_>,
    table: Table,
    options: &ExportOptions,
    visit: &mut dyn FnMut(&[CellValue]) -> Result<()>,
) -> Result<()> {
    let mut row: Vec<CellValue> = Vec::with_capacity(table.columns().len());
    let mut emit = |row: &mut Vec<CellValue>| -> Result<()> {
        debug_assert_eq!(row.len(), table.columns().len(), "{table}");
        visit(row)?;
        row.clear();
        Ok(())
    };
    let projects = source.projects();
    match table {
        Table::Projects => {
            for p in projects {
                let d = p.data();
                row.extend([
                    text(&d.id),
                    text(&d.name),
                    text(&d.description),
                    text(&d.owner),
                    text(d.currency.code()),
                    CellValue::Date(d.start_date),
                    CellValue::Date(d.end_date),
                    CellValue::Number(d.discount_rate),
                    CellValue::Text(name(&d.day_count)),
                    CellValue::Text(d.state.as_str().to_owned()),
                    d.template_id.as_deref().map_or(CellValue::Empty, text),
                    tags_cell(&d.tags),
                    if d.history.is_empty() {
                        CellValue::Empty
                    } else {
                        CellValue::Text(serde_json::to_string(&d.history).unwrap_or_default())
                    },
                ]);
                emit(&mut row)?;
            }
        }
        Table::LineItems => {
            for p in projects {
                let d = p.data();
                for item in &d.line_items {
                    row.extend([text(&d.id), text(&item.id), text(&item.name), CellValue::Text(name(&item.kind))]);
                    row.push(text(&item.category));
                    match &item.plan {
                        Plan::OneOff { date, amount } => row.extend([
                            CellValue::Date(*date),
                            CellValue::Empty,
                            CellValue::Empty,
                            CellValue::Empty,
                            CellValue::Empty,
                            CellValue::Money(*amount),
                        ]),
                        Plan::Recurring { frequency, start, end, amount, escalation } => row.extend([
                            CellValue::Empty,
                            CellValue::Date(*start),
                            CellValue::Date(*end),
                            CellValue::Text(name(frequency)),
                            escalation.map_or(CellValue::Empty, CellValue::Decimal),
                            CellValue::Money(*amount),
                        ]),
                    }
                    row.push(text(d.currency.code()));
                    emit(&mut row)?;
                }
            }
        }
        Table::Actuals => {
            for p in projects {
                let d = p.data();
                for item in &d.line_items {
                    for a in &item.actuals {
                        row.extend([
                            text(&d.id),
                            text(&item.id),
                            CellValue::Date(a.date),
                            CellValue::Money(a.amount),
                            text(d.currency.code()),
                            text(&a.note),
                        ]);
                        emit(&mut row)?;
                    }
                }
            }
        }
        Table::Metrics => {
            for p in projects {
                let d = p.data();
                for m in &d.metrics {
                    row.extend([
                        text(&d.id),
                        text(&m.id),
                        text(&m.name),
                        text(&m.unit),
                        CellValue::Text(name(&m.direction)),
                        CellValue::Number(m.baseline.value),
                        CellValue::Date(m.baseline.date),
                        CellValue::Number(m.target.value),
                        CellValue::Date(m.target.date),
                        CellValue::Number(m.weight),
                        opt_money(m.monetisation.as_ref()),
                        text(d.currency.code()),
                    ]);
                    emit(&mut row)?;
                }
            }
        }
        Table::Measurements => {
            for p in projects {
                let d = p.data();
                for m in &d.metrics {
                    for x in &m.measurements {
                        row.extend([
                            text(&d.id),
                            text(&m.id),
                            CellValue::Date(x.date),
                            CellValue::Number(x.value),
                            text(&x.note),
                        ]);
                        emit(&mut row)?;
                    }
                }
            }
        }
        Table::Risks => {
            for p in projects {
                let d = p.data();
                for r in &d.risks {
                    row.extend([
                        text(&d.id),
                        text(&r.id),
                        text(&r.description),
                        CellValue::Number(r.probability),
                        CellValue::Money(r.cost_impact),
                        CellValue::Integer(i64::from(r.schedule_impact_days)),
                        CellValue::Text(name(&r.status)),
                        CellValue::Money(r.mitigation_cost),
                        opt_number(r.residual_probability),
                        opt_money(r.residual_cost_impact.as_ref()),
                        opt_date(r.expected_date),
                        text(&r.owner),
                        text(d.currency.code()),
                    ]);
                    emit(&mut row)?;
                }
            }
        }
        Table::Evaluations => {
            let as_of = match (options.as_of, source) {
                (Some(d), _) => d,
                (None, Source::Portfolio(p)) => p.status_date(),
                (None, Source::Projects(_)) => {
                    return Err(Error::InvalidArgument {
                        function: "export",
                        argument: "as_of",
                        message: "the evaluations table needs an evaluation date".to_owned(),
                    })
                }
            };
            for p in projects {
                let e = p.evaluate(as_of).map_err(|e| e.at(&format!("projects[{}]", p.id())))?;
                row.extend([
                    text(&e.project_id),
                    CellValue::Date(e.as_of),
                    text(e.currency.code()),
                    CellValue::Text(e.state.as_str().to_owned()),
                    CellValue::Money(e.planned.cost),
                    CellValue::Money(e.planned.benefit),
                    CellValue::Money(e.planned.net),
                    CellValue::Money(e.planned_to_date.cost),
                    CellValue::Money(e.planned_to_date.benefit),
                    CellValue::Money(e.actual_to_date.cost),
                    CellValue::Money(e.actual_to_date.benefit),
                    CellValue::Money(e.forecast_at_completion.cost),
                    CellValue::Money(e.forecast_at_completion.benefit),
                    CellValue::Money(e.cost_variance_to_date),
                    CellValue::Money(e.benefit_variance_to_date),
                    CellValue::Money(e.npv),
                    CellValue::Money(e.present_value_benefits),
                    CellValue::Money(e.present_value_costs),
                    opt_number(e.roi),
                    opt_number(e.annualised_roi),
                    opt_number(e.forecast_roi),
                    opt_number(e.irr),
                    opt_number(e.payback_years),
                    opt_number(e.discounted_payback_years),
                    opt_number(e.benefit_cost_ratio),
                    opt_number(e.profitability_index),
                    CellValue::Money(e.value_realised),
                ]);
                emit(&mut row)?;
            }
        }
        Table::CashFlows => {
            for p in projects {
                let series = p.cash_flow_series(options.period)?;
                for r in &series.rows {
                    row.extend([
                        text(p.id()),
                        CellValue::Date(r.start),
                        CellValue::Date(r.end),
                        text(series.currency.code()),
                        CellValue::Money(r.planned_cost),
                        CellValue::Money(r.planned_benefit),
                        CellValue::Money(r.planned_net),
                        CellValue::Money(r.actual_cost),
                        CellValue::Money(r.actual_benefit),
                        CellValue::Money(r.actual_net),
                        CellValue::Money(r.cumulative_planned_net),
                        CellValue::Money(r.cumulative_actual_net),
                    ]);
                    emit(&mut row)?;
                }
            }
        }
        Table::PortfolioTotals | Table::PortfolioPeriods | Table::PortfolioSummary => {
            let Source::Portfolio(portfolio) = source else {
                return Err(Error::InvalidArgument {
                    function: "export",
                    argument: "table",
                    message: format!("`{table}` is a portfolio table: export it from a portfolio"),
                });
            };
            let roll_up = portfolio.roll_up(options.period, None)?;
            let currency = text(roll_up.currency.code());
            match table {
                Table::PortfolioTotals => {
                    let groups = std::iter::once(("total", "all", &roll_up.total))
                        .chain(roll_up.by_state.iter().map(|(k, v)| ("state", k.as_str(), v)))
                        .chain(roll_up.by_template.iter().map(|(k, v)| ("template", k.as_str(), v)))
                        .chain(roll_up.by_category.iter().map(|(k, v)| ("category", k.as_str(), v)))
                        .chain(roll_up.by_owner.iter().map(|(k, v)| ("owner", k.as_str(), v)));
                    for (group, key, t) in groups {
                        let GroupTotals {
                            projects,
                            planned_cost,
                            planned_benefit,
                            planned_cost_to_date,
                            actual_cost_to_date,
                            actual_benefit_to_date,
                            npv,
                            net_emv,
                        } = t;
                        row.extend([text(group), text(key), currency.clone()]);
                        row.push(CellValue::Integer(i64::try_from(*projects).unwrap_or(i64::MAX)));
                        row.extend(
                            [
                                planned_cost,
                                planned_benefit,
                                planned_cost_to_date,
                                actual_cost_to_date,
                                actual_benefit_to_date,
                                npv,
                                net_emv,
                            ]
                            .map(|m| CellValue::Money(*m)),
                        );
                        emit(&mut row)?;
                    }
                }
                Table::PortfolioPeriods => {
                    for p in &roll_up.periods {
                        row.extend([CellValue::Date(p.start), CellValue::Date(p.end), currency.clone()]);
                        row.extend(
                            [&p.planned_cost, &p.planned_benefit, &p.actual_cost, &p.actual_benefit]
                                .map(|m| CellValue::Money(*m)),
                        );
                        emit(&mut row)?;
                    }
                }
                _ => {
                    let k = &roll_up.kpi_status;
                    let count = |n: usize| CellValue::Integer(i64::try_from(n).unwrap_or(i64::MAX));
                    row.extend([
                        CellValue::Date(roll_up.status_date),
                        currency,
                        CellValue::Number(roll_up.npv),
                        opt_number(roll_up.roi),
                        opt_number(roll_up.irr),
                        opt_number(roll_up.payback_years),
                        CellValue::Money(roll_up.value_promised),
                        CellValue::Money(roll_up.value_realised),
                        CellValue::Money(roll_up.gross_emv),
                        count(k.on_track),
                        count(k.at_risk),
                        count(k.off_track),
                        count(k.no_data),
                    ]);
                    emit(&mut row)?;
                }
            }
        }
    }
    Ok(())
}

/// The tables an `.xlsx` export writes when the options name none.
pub(crate) fn default_tables(source: Source<'_>, options: &ExportOptions) -> Vec<Table> {
    if !options.tables.is_empty() {
        return options.tables.clone();
    }
    let mut tables = Table::DATA.to_vec();
    let portfolio = matches!(source, Source::Portfolio(_));
    if options.as_of.is_some() || portfolio {
        tables.push(Table::Evaluations);
    }
    tables.push(Table::CashFlows);
    if portfolio {
        tables.extend([Table::PortfolioTotals, Table::PortfolioPeriods, Table::PortfolioSummary]);
    }
    tables
}
