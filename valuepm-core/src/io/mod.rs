//! Tables in and out: import projects, line items, actuals, metrics, measurements and
//! risks from CSV and spreadsheet workbooks, with every bad row reported at once; export
//! them, with evaluations, cash-flow schedules and portfolio roll-ups, to CSV and `.xlsx`.
//!
//! Everything here is plain data in and out, so the language bindings pass it through:
//! options and reports are serde structs, files are strings or bytes.
//!
//! ```
//! # #[cfg(feature = "csv")] {
//! use valuepm_core::io::{export_csv, import_csv, ExportOptions, ImportOptions, NumberFormat, Table};
//! use valuepm_core::{ChangeMeta, Error};
//!
//! let mut projects = Vec::new();
//! let csv = "id;name;currency;start_date;end_date;discount_rate\n\
//!            P-1;Warehouse robots;EUR;2026-01-01;2028-12-31;8%\n";
//! let options = ImportOptions {
//!     delimiter: ';',
//!     number_format: NumberFormat::decimal_comma(),
//!     change: ChangeMeta::by("import-job"),
//!     ..ImportOptions::default()
//! };
//! import_csv(&mut projects, Table::Projects, csv, &options)?;
//!
//! let items = "project_id;id;name;kind;date;amount\n\
//!              P-1;robots;Robots;capex;2026-02-01;€ 250.000,50\n\
//!              P-1;spares;Spares;capex;2026-13-01;1.000\n\
//!              P-1;tax;Tax;capex;2026-03-01;lots\n";
//! let Err(Error::Import { errors }) = import_csv(&mut projects, Table::LineItems, items, &options) else {
//!     panic!("two bad rows")
//! };
//! // Every bad row at once, and nothing applied.
//! assert_eq!(errors.iter().map(|e| (e.row, e.column.as_str())).collect::<Vec<_>>(), [(3, "date"), (4, "amount")]);
//! assert!(projects[0].data().line_items.is_empty());
//!
//! let report = import_csv(&mut projects, Table::LineItems, items, &ImportOptions { keep_good_rows: true, ..options })?;
//! assert_eq!((report.tables[0].applied, report.errors.len()), (1, 2));
//! assert_eq!(
//!     export_csv(&projects, Table::LineItems, &ExportOptions::default())?,
//!     "project_id,id,name,kind,category,date,start,end,frequency,escalation,amount,currency\n\
//!      P-1,robots,Robots,capex,,2026-02-01,,,,,250000.50,EUR\n"
//! );
//! # }
//! # Ok::<(), valuepm_core::Error>(())
//! ```
//!
//! # Tables and columns
//!
//! A file holds one [`Table`] (CSV), or several as sheets named after the tables
//! (workbooks: `projects`, `line_items`, …). Row 1 is the header. The default header of
//! each column is the model's field name ([`Table::columns`]; matched ignoring case and
//! surrounding spaces); [`ImportOptions::columns`] maps a field to another header
//! (`{"date": "Datum"}`) or to a 0-based column index (`{"value": 3}`), for every table
//! (`"date"`) or one table (`"actuals.date"`). Other columns are ignored and listed in the
//! report.
//!
//! | table | columns (required in **bold**) |
//! | --- | --- |
//! | `projects` | **`id`**, `name`, `description`, `owner`, `currency`, `start_date`, `end_date`, `discount_rate`, `day_count`, `state`, `template_id`, `tags`, `history` |
//! | `line_items` | **`project_id`**, **`id`**, **`name`**, **`kind`**, `category`, `date`, `start`, `end`, `frequency`, `escalation`, **`amount`**, `currency` |
//! | `actuals` | **`project_id`**, **`line_item_id`**, **`date`**, **`amount`**, `currency`, `note` |
//! | `metrics` | **`project_id`**, **`id`**, **`name`**, `unit`, **`direction`**, **`baseline_value`**, **`baseline_date`**, **`target_value`**, **`target_date`**, `weight`, `monetisation`, `currency` |
//! | `measurements` | **`project_id`**, **`metric_id`**, **`date`**, **`value`**, `note` |
//! | `risks` | **`project_id`**, **`id`**, **`description`**, **`probability`**, **`cost_impact`**, `schedule_impact_days`, `status`, **`mitigation_cost`**, `residual_probability`, `residual_cost_impact`, `expected_date`, `owner`, `currency` |
//!
//! - `projects` rows create a project, or update the one with that id: a column present
//!   in the file sets its field (an empty optional cell sets the default: no template, no
//!   description), an absent column leaves it. A new project needs name, currency,
//!   `start_date`, `end_date` and `discount_rate`. `tags` is a `;`-separated list (or a
//!   JSON list of strings, as the export writes tags holding a `;`); `history` is
//!   the lifecycle history as JSON (what the export writes). A `state` different from the
//!   project's, without a `history`, is reached through the shortest chain of allowed
//!   transitions, each recorded by the import's actor at the import's time with its reason
//!   (`import` when none).
//! - The other tables add to projects that exist, or that the same import creates:
//!   line items, metrics and risks are new (an id already used is an error), actuals go
//!   to a line item and measurements to a metric of the project.
//! - A line item with a `frequency` is recurring (`start`, `end`, optional
//!   `escalation`); without one it is one-off on `date`. `currency` columns, when given,
//!   must be the project's currency (amounts are in the project's currency).
//! - Text cells are kept as written (a cell of spaces only is empty); numbers, dates,
//!   currency codes and enumerations ignore surrounding spaces, and so do references to
//!   a project, line item or metric when no id matches exactly.
//! - Enumerations use the document names (`capex`, `higher_is_better`, `on_hold`,
//!   `thirty_360_european`, `monthly`).
//!
//! # Parsing
//!
//! Text cells are read per the stated locale: [`NumberFormat`] (decimal and thousands
//! separators, currency symbols and ISO codes stripped, negatives as `-x` or `(x)`, a
//! trailing `%` divides by 100) and [`DateFormat`] (ISO `YYYY-MM-DD`, spreadsheet serial
//! numbers in the 1900 or 1904 [`DateSystem`], or either). Amounts become exact
//! [`Decimal`](crate::Decimal)s from their text, never through `f64`. Workbook cells
//! come typed: date cells are dates, numeric cells are `f64` and become decimals through
//! their shortest round-trip representation (`0.1` is exactly `0.1`).
//!
//! # Validation and applying
//!
//! An import reads and validates every row first, against the projects as the import
//! would leave them, and collects a [`RowError`] (row as a spreadsheet numbers it, the
//! header being row 1; column header; raw value; reason) for each problem: a cell that
//! does not parse, a missing required value, an unknown project, line item or metric, an
//! id used twice, and the core's own validation of the row's record (mapped back to the
//! column where the error's field path allows). Then:
//!
//! - with any bad row and without [`ImportOptions::keep_good_rows`], nothing is applied
//!   and the import fails with [`Error::Import`] carrying every row error;
//! - otherwise the good rows are applied and the [`ImportReport`] lists the bad ones. A
//!   row is applied whole or not at all; a row that depends on a rejected one (an actual
//!   of a rejected line item) is rejected too, with its own error.
//!
//! Changes go through the core's API, so they are validated again and audited: each
//! existing project the import changes gets **one** change (one `revision`, one group of
//! audit entries with [`ImportOptions::change`] as who, why and when), whatever the number
//! of rows; a project the import creates starts with an empty trail, like
//! [`Project::new`](crate::model::Project::new). The projects are replaced only once
//! every change succeeded, so a failing import leaves them as they were.
//!
//! # Streaming
//!
//! CSV is read record by record into one reused buffer, and each row is parsed straight
//! into the staged project, so memory grows with the data kept, not with the file: a
//! 1,000,000-row measurements file imports in about a second (see `benches/README.md`).
//!
//! # Export
//!
//! [`export_csv`] writes one table (header row, then one row per record): decimals exactly
//! as stored, dates ISO, `f64` in their shortest round-trip form, so an export imports
//! back to equal data. [`export_xlsx`] writes one sheet per table with typed cells: dates
//! as dates (`yyyy-mm-dd`), money as numbers formatted in their currency
//! (`#,##0.00 "EUR"`, decimals per the currency's minor unit), a bold, frozen header
//! row. Spreadsheet numbers are `f64`: money round-trips exactly through `.xlsx` up to 15
//! significant digits (Excel's own precision). Evaluations, cash-flow schedules and
//! portfolio roll-ups are export-only tables.

// Without a file format (`--no-default-features`) only `export_table` is reachable: the
// import engine and the workbook helpers wait for a format feature.
#![cfg_attr(not(all(feature = "csv", feature = "excel")), allow(dead_code, unused_imports))]

mod export;
mod import;
mod parse;
mod table;

#[cfg(feature = "csv")]
mod csv_io;
#[cfg(feature = "excel")]
mod excel;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::audit::ChangeMeta;
use crate::model::Period;

pub use parse::{DateFormat, DateSystem, NumberFormat};
pub use table::Table;

#[cfg(feature = "csv")]
pub use csv_io::{
    export_csv, export_portfolio_csv, import_csv, import_csv_into_portfolio, import_csv_reader, write_csv,
};
#[cfg(feature = "excel")]
pub use excel::{export_portfolio_xlsx, export_xlsx, import_workbook, import_workbook_into_portfolio};
pub use export::{export_table, CellValue, TableData};

/// Which file column holds a field: its header text, or its 0-based position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// The header text (matched ignoring case and surrounding spaces).
    Header(String),
    /// The 0-based column index.
    Index(usize),
}

/// How to read a file. Every field has a default; as JSON:
///
/// ```json
/// {
///   "columns": {"date": "Datum", "measurements.value": 3},
///   "number_format": {"decimal": ",", "thousands": ".", "currency_symbols": true, "parentheses_negative": true},
///   "date_format": "auto",
///   "date_system": "1900",
///   "delimiter": ";",
///   "sheets": {"measurements": "KPI data"},
///   "keep_good_rows": false,
///   "max_errors": null,
///   "change": {"actor": "import-job", "reason": "Q3 upload", "at": "2026-03-01T09:30:00Z"}
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportOptions {
    /// Field → file column, for every table (`"date"`) or one (`"actuals.date"`).
    pub columns: BTreeMap<String, ColumnRef>,
    /// How numbers are written in text cells.
    pub number_format: NumberFormat,
    /// How dates are written in text and number cells.
    pub date_format: DateFormat,
    /// The day numbering of serial dates.
    pub date_system: DateSystem,
    /// The CSV field delimiter (an ASCII character; `,` by default).
    pub delimiter: char,
    /// Workbooks: the sheet of each table (default: the sheet named like the table;
    /// a workbook with one sheet and one table to import may name it anything).
    pub sheets: BTreeMap<Table, String>,
    /// Apply the good rows even when some are bad (the report lists the bad ones).
    pub keep_good_rows: bool,
    /// Stop collecting errors after this many (the import still fails, or skips every
    /// bad row); `None` keeps them all.
    pub max_errors: Option<usize>,
    /// Who imports, why, and when (the current time when `at` is empty): every audit
    /// entry of the import carries it.
    pub change: ChangeMeta,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            columns: BTreeMap::new(),
            number_format: NumberFormat::default(),
            date_format: DateFormat::default(),
            date_system: DateSystem::default(),
            delimiter: ',',
            sheets: BTreeMap::new(),
            keep_good_rows: false,
            max_errors: None,
            change: ChangeMeta::default(),
        }
    }
}

/// One problem with one cell or row of an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowError {
    /// The table the row belongs to.
    pub table: Table,
    /// The row as a spreadsheet numbers it: the header is row 1, the first record row 2.
    pub row: u64,
    /// The column's header in the file (the field name when the file lacks the column;
    /// empty when the problem is the row as a whole).
    pub column: String,
    /// The cell's raw text.
    pub value: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {}", self.table, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column `{}`", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, ", value `{}`", self.value)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What one table of an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableReport {
    /// The table.
    pub table: Table,
    /// The sheet it was read from (workbooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Record rows read (the header not counted).
    pub rows: u64,
    /// Rows applied.
    pub applied: u64,
    /// Rows not applied (bad, or depending on a bad one).
    pub rejected: u64,
    /// Headers of the file that no field maps to.
    pub ignored_columns: Vec<String>,
}

/// The outcome of an import. As JSON:
///
/// ```json
/// {
///   "tables": [{"table": "measurements", "rows": 3, "applied": 2, "rejected": 1, "ignored_columns": []}],
///   "projects_created": [],
///   "projects_updated": ["P-1"],
///   "errors": [{"table": "measurements", "row": 3, "column": "value", "value": "n/a", "reason": "is not a number"}],
///   "errors_truncated": false
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Per table, in the order applied.
    pub tables: Vec<TableReport>,
    /// Ids of the projects the import created, in file order.
    pub projects_created: Vec<String>,
    /// Ids of the existing projects it changed, in their order.
    pub projects_updated: Vec<String>,
    /// Every bad row (with `keep_good_rows`; otherwise the import fails with them).
    pub errors: Vec<RowError>,
    /// Whether more errors were found than [`ImportOptions::max_errors`] kept.
    pub errors_truncated: bool,
}

/// What to export and how. As JSON: `{"as_of": "2026-06-30", "period": "quarter",
/// "tables": ["projects", "evaluations"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportOptions {
    /// The evaluation date of the `evaluations` table (a portfolio's status date when
    /// empty; required for projects).
    pub as_of: Option<NaiveDate>,
    /// The period of the `cash_flows` table and of `portfolio_periods` (month by default).
    pub period: Period,
    /// The sheets of an `.xlsx` export, in order (default: every table that applies: the
    /// six data tables, then `evaluations` when there is an `as_of`, then `cash_flows`,
    /// and for a portfolio the three roll-up tables).
    pub tables: Vec<Table>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { as_of: None, period: Period::Month, tables: Vec::new() }
    }
}

pub(crate) use import::{import_rows, RowSource, Target};
