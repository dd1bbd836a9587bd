//! Tables in and out (`valuepm_core::io`): CSV and workbook import into projects or a
//! portfolio, CSV and `.xlsx` export.
//!
//! - A table is its name (`projects`, `line_items`, `actuals`, `metrics`,
//!   `measurements`, `risks`, and the export-only `evaluations`, `cash_flows`,
//!   `portfolio_totals`, `portfolio_periods`, `portfolio_summary`).
//! - Options are the core's `ImportOptions` / `ExportOptions` as JSON (`null` or absent:
//!   the defaults); the report is the core's `ImportReport` JSON.
//! - An import into projects works on copies of them: when it succeeds, the given
//!   `Project` objects it changed take their new state (the same objects, as `update`
//!   changes a project), and [`ImportResult::projects`] lists every project after the
//!   import: the given ones in their order, then the created ones. A `Portfolio` is
//!   immutable: importing into one returns a new one. A failing import changes nothing.
//!   Each project's lock is held only to copy it and to write it back, so a change made
//!   to a given project from another thread while the import runs is replaced by the
//!   import's result (import from one thread, as a spreadsheet upload does).
//! - Bad rows fail the import with [`ValuePmError::Import`], whose `errors` lists every
//!   row error as a [`crate::RowError`] record.

use std::collections::HashSet;
use std::sync::Arc;

use valuepm_core::io::{self, ExportOptions, ImportOptions, ImportReport, Table};
use valuepm_core::model;

use crate::error::{invalid_argument, record, run, to_json, ValuePmError};
use crate::portfolio::Portfolio;
use crate::project::Project;

type R<T> = Result<T, ValuePmError>;

/// The outcome of an import into projects.
#[derive(uniffi::Record)]
pub struct ImportResult {
    /// The core's `ImportReport` as JSON: `tables` (per table: `table`, `sheet` for
    /// workbooks, `rows`, `applied`, `rejected`, `ignored_columns`), `projects_created`,
    /// `projects_updated`, `errors` (the bad rows skipped with `keep_good_rows`) and
    /// `errors_truncated`.
    pub report_json: String,
    /// Every project after the import: the given `Project` objects in their order (those
    /// in `projects_updated` changed in place), then the created ones in file order.
    pub projects: Vec<Arc<Project>>,
}

/// The outcome of an import into a portfolio.
#[derive(uniffi::Record)]
pub struct PortfolioImportResult {
    /// The core's `ImportReport` as JSON (see [`ImportResult::report_json`]).
    pub report_json: String,
    /// The new portfolio holding the imported projects (the given one is unchanged).
    pub portfolio: Arc<Portfolio>,
}

fn table(name: &str) -> R<Table> {
    Table::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        invalid_argument("table", format_args!("`{name}` is not a table ({})", names.join(", ")))
    })
}

fn options<T: serde::de::DeserializeOwned + Default>(json: Option<String>) -> R<T> {
    match json.as_deref().map(str::trim) {
        None | Some("" | "null") => Ok(T::default()),
        Some(json) => record("options", json),
    }
}

/// Runs `import` on copies of `projects`; on success writes the changed ones back and
/// wraps the created ones.
fn import_into(
    projects: Vec<Arc<Project>>,
    import: impl FnOnce(&mut Vec<model::Project>) -> Result<ImportReport, valuepm_core::Error>,
) -> R<ImportResult> {
    let mut copies: Vec<model::Project> = projects.iter().map(|p| p.snapshot()).collect();
    let report = import(&mut copies)?;
    let updated: HashSet<&str> = report.projects_updated.iter().map(String::as_str).collect();
    let mut copies = copies.into_iter();
    for (project, copy) in projects.iter().zip(copies.by_ref().take(projects.len())) {
        if updated.contains(copy.id()) {
            project.replace(copy);
        }
    }
    let mut all = projects;
    all.extend(copies.map(Project::wrap));
    Ok(ImportResult { report_json: to_json(&report)?, projects: all })
}

fn import_into_portfolio(
    portfolio: &Portfolio,
    import: impl FnOnce(&mut valuepm_core::portfolio::Portfolio) -> Result<ImportReport, valuepm_core::Error>,
) -> R<PortfolioImportResult> {
    let mut new = portfolio.core().clone();
    let report = import(&mut new)?;
    Ok(PortfolioImportResult { report_json: to_json(&report)?, portfolio: Portfolio::wrap(new) })
}

/// Imports the CSV text `text` holding `table` into `projects` (see the module docs of
/// the core's `io` for the columns, validation and the all-or-nothing rule). Fails with
/// `Import` (every bad row) unless `keep_good_rows`, `InvalidArgument` at `table` for an
/// export-only or unknown table, at `columns` for a mapping of no field.
#[uniffi::export(default(options_json = None))]
pub fn import_csv(
    text: String,
    table: String,
    projects: Vec<Arc<Project>>,
    options_json: Option<String>,
) -> R<ImportResult> {
    run(|| {
        let table = self::table(&table)?;
        let options: ImportOptions = options(options_json)?;
        import_into(projects, |projects| io::import_csv(projects, table, &text, &options))
    })
}

/// [`import_csv`] into a portfolio's projects: a new project's currency needs an exchange
/// rate into the portfolio's currency (a row error otherwise). Returns the new portfolio.
#[uniffi::export(default(options_json = None))]
pub fn import_csv_into_portfolio(
    text: String,
    table: String,
    portfolio: Arc<Portfolio>,
    options_json: Option<String>,
) -> R<PortfolioImportResult> {
    run(|| {
        let table = self::table(&table)?;
        let options: ImportOptions = options(options_json)?;
        import_into_portfolio(&portfolio, |p| io::import_csv_into_portfolio(p, table, text.as_bytes(), &options))
    })
}

/// Imports a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`, its bytes) into
/// `projects`: `table` from its sheet (named like the table, the one the options' `sheets`
/// names, or a workbook's only sheet), or with `table` null every data table that has a
/// sheet, as one import (all or nothing across the sheets). A missing sheet is `NotFound`.
#[uniffi::export(default(table = None, options_json = None))]
pub fn import_workbook(
    bytes: Vec<u8>,
    table: Option<String>,
    projects: Vec<Arc<Project>>,
    options_json: Option<String>,
) -> R<ImportResult> {
    run(|| {
        let table = table.as_deref().map(self::table).transpose()?;
        let options: ImportOptions = options(options_json)?;
        import_into(projects, |projects| io::import_workbook(projects, &bytes, table, &options))
    })
}

/// [`import_workbook`] into a portfolio's projects; returns the new portfolio.
#[uniffi::export(default(table = None, options_json = None))]
pub fn import_workbook_into_portfolio(
    bytes: Vec<u8>,
    table: Option<String>,
    portfolio: Arc<Portfolio>,
    options_json: Option<String>,
) -> R<PortfolioImportResult> {
    run(|| {
        let table = table.as_deref().map(self::table).transpose()?;
        let options: ImportOptions = options(options_json)?;
        import_into_portfolio(&portfolio, |p| io::import_workbook_into_portfolio(p, &bytes, table, &options))
    })
}

/// `table` of `projects` as CSV text (header row, then one row per record; decimals
/// exact, dates ISO), which imports back to equal data. `evaluations` needs the options'
/// `as_of`; the portfolio tables need a portfolio (`InvalidArgument` at `table`).
#[uniffi::export(default(options_json = None))]
pub fn export_csv(projects: Vec<Arc<Project>>, table: String, options_json: Option<String>) -> R<String> {
    run(|| {
        let table = self::table(&table)?;
        let options: ExportOptions = options(options_json)?;
        let projects: Vec<model::Project> = projects.iter().map(|p| p.snapshot()).collect();
        Ok(io::export_csv(&projects, table, &options)?)
    })
}

/// `projects` as an `.xlsx` workbook (its bytes): one sheet per table of the options'
/// `tables` (by default the data tables, `evaluations` when `as_of` is set, and cash
/// flows), typed cells, a bold frozen header row.
#[uniffi::export(default(options_json = None))]
pub fn export_xlsx(projects: Vec<Arc<Project>>, options_json: Option<String>) -> R<Vec<u8>> {
    run(|| {
        let options: ExportOptions = options(options_json)?;
        let projects: Vec<model::Project> = projects.iter().map(|p| p.snapshot()).collect();
        Ok(io::export_xlsx(&projects, &options)?)
    })
}

/// `table` of a portfolio as CSV text: its projects' tables, evaluations on the status
/// date (or `as_of`), or a roll-up table.
#[uniffi::export(default(options_json = None))]
pub fn export_portfolio_csv(portfolio: Arc<Portfolio>, table: String, options_json: Option<String>) -> R<String> {
    run(|| {
        let table = self::table(&table)?;
        let options: ExportOptions = options(options_json)?;
        Ok(io::export_portfolio_csv(portfolio.core(), table, &options)?)
    })
}

/// A portfolio as an `.xlsx` workbook: its projects' tables, evaluations on the status
/// date (or `as_of`), cash flows and the three roll-up tables by default.
#[uniffi::export(default(options_json = None))]
pub fn export_portfolio_xlsx(portfolio: Arc<Portfolio>, options_json: Option<String>) -> R<Vec<u8>> {
    run(|| {
        let options: ExportOptions = options(options_json)?;
        Ok(io::export_portfolio_xlsx(portfolio.core(), &options)?)
    })
}
