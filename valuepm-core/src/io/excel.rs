//! Workbooks: `.xlsx`, `.xls`, `.xlsb` and `.ods` in (calamine), `.xlsx` out
//! (`rust_xlsxwriter`), one sheet per table.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, CellErrorType, Data, Range, Reader};
use chrono::Timelike;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::model::Project;
use crate::money::Currency;
use crate::portfolio::Portfolio;

use super::export::{default_tables, for_each_row, CellValue, Source};
use super::import::Input;
use super::parse::{iso_date, Cell};
use super::{import_rows, ExportOptions, ImportOptions, ImportReport, RowSource, Table, Target};

/// One sheet being read.
struct SheetSource {
    range: Range<Data>,
    headers: Vec<String>,
    /// The sheet row of the range's first row (0-based) and its first column.
    first_row: u64,
    first_col: usize,
    /// The index within the range of the current row.
    current: usize,
    height: usize,
}

fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#DATA!",
    }
}

fn cell_of(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(v) => Cell::Integer(*v),
        Data::Float(v) => Cell::Number(*v),
        Data::String(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let date = dt.as_datetime().filter(|t| t.time().num_seconds_from_midnight() == 0).map(|t| t.date());
            Cell::Date(date, dt.as_f64())
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => match iso_date(s) {
            Some(d) => Cell::Date(Some(d), 0.0),
            None => Cell::Text(s),
        },
        Data::Error(e) => Cell::Error(error_text(e)),
    }
}

impl SheetSource {
    fn new(range: Range<Data>) -> Self {
        let (first_row, first_col) = range.start().map_or((0, 0), |(r, c)| (u64::from(r), c as usize));
        let height = range.height();
        let mut headers = vec![String::new(); first_col];
        if let Some(row) = range.rows().next() {
            headers.extend(row.iter().map(|d| cell_of(d).raw().trim().to_owned()));
        }
        SheetSource { range, headers, first_row, first_col, current: 0, height }
    }

    fn row(&self) -> Option<&[Data]> {
        self.range.rows().nth(self.current)
    }
}

impl RowSource for SheetSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self) -> Result<Option<u64>> {
        loop {
            self.current += 1;
            if self.current >= self.height {
                return Ok(None);
            }
            if self.row().is_some_and(|r| r.iter().any(|d| !cell_of(d).is_blank())) {
                return Ok(Some(self.first_row + self.current as u64 + 1));
            }
        }
    }

    fn cell(&self, index: usize) -> Cell<'_> {
        if index < self.first_col {
            return Cell::Empty;
        }
        self.row().and_then(|r| r.get(index - self.first_col)).map_or(Cell::Empty, cell_of)
    }
}

fn workbook_error(e: impl std::fmt::Display) -> Error {
    Error::Parse { document: "workbook", message: e.to_string() }
}

/// The tables of a workbook to import, each with its sheet.
fn workbook_inputs(bytes: &[u8], table: Option<Table>, options: &ImportOptions) -> Result<Vec<Input<'static>>> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(workbook_error)?;
    let names = workbook.sheet_names();
    let find = |wanted: &str| names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())).cloned();
    let mut chosen: Vec<(Table, String)> = Vec::new();
    for (t, sheet) in &options.sheets {
        if !t.importable() {
            return Err(Error::InvalidArgument {
                function: "import_workbook",
                argument: "sheets",
                message: format!("`{t}` is an export-only table"),
            });
        }
        if find(sheet).is_none() {
            return Err(Error::NotFound { what: "sheet", id: sheet.clone() });
        }
    }
    let tables: Vec<Table> = table.map_or_else(|| Table::DATA.to_vec(), |t| vec![t]);
    for t in tables {
        if !t.importable() {
            return Err(Error::InvalidArgument {
                function: "import_workbook",
                argument: "table",
                message: format!("`{t}` is an export-only table"),
            });
        }
        let sheet = match options.sheets.get(&t) {
            Some(s) => find(s),
            None => find(t.name()).or_else(|| (table.is_some() && names.len() == 1).then(|| names[0].clone())),
        };
        match sheet {
            Some(s) => chosen.push((t, s)),
            None if table.is_some() => return Err(Error::NotFound { what: "sheet", id: t.name().to_owned() }),
            None => {}
        }
    }
    if chosen.is_empty() {
        return Err(Error::InvalidArgument {
            function: "import_workbook",
            argument: "bytes",
            message: format!(
                "no sheet is named like a table ({}); found {}",
                Table::DATA.map(Table::name).join(", "),
                names.join(", ")
            ),
        });
    }
    chosen
        .into_iter()
        .map(|(t, sheet)| {
            let range = workbook.worksheet_range(&sheet).map_err(workbook_error)?;
            Ok(Input { table: t, sheet: Some(sheet), source: Box::new(SheetSource::new(range)) })
        })
        .collect()
}

/// Imports a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`, given as its bytes)
/// into `projects`: `table` from its sheet (the sheet named like the table, the one
/// [`ImportOptions::sheets`] names, or a workbook's only sheet), or, when `table` is
/// `None`, every data table that has a sheet, in the order of [`Table::DATA`], as one
/// import (all or nothing across the sheets).
pub fn import_workbook(
    projects: &mut Vec<Project>,
    bytes: &[u8],
    table: Option<Table>,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let inputs = workbook_inputs(bytes, table, options)?;
    import_rows(Target { projects, currency_check: None }, inputs, options)
}

/// [`import_workbook`] into a portfolio's projects (see
/// [`super::import_csv_into_portfolio`]).
pub fn import_workbook_into_portfolio(
    portfolio: &mut Portfolio,
    bytes: &[u8],
    table: Option<Table>,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let inputs = workbook_inputs(bytes, table, options)?;
    portfolio.import_with(|target| import_rows(target, inputs, options))
}

fn xlsx_error(e: &XlsxError) -> Error {
    Error::InvalidArgument { function: "export_xlsx", argument: "tables", message: e.to_string() }
}

/// The number format of amounts in `currency`: thousands grouped, the currency's minor
/// unit of decimals, the code after the number (`#,##0.00 "EUR"`).
fn money_format(currency: Currency) -> String {
    let decimals = currency.minor_units() as usize;
    let fraction = if decimals == 0 { String::new() } else { format!(".{}", "0".repeat(decimals)) };
    format!("#,##0{fraction} \"{}\"", currency.code())
}

struct Formats {
    header: Format,
    date: Format,
    money: HashMap<Currency, Format>,
}

fn write_cell(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    row: u32,
    col: u16,
    cell: &CellValue,
) -> Result<(), XlsxError> {
    match cell {
        CellValue::Empty => {}
        CellValue::Text(s) => {
            sheet.write_string(row, col, s)?;
        }
        CellValue::Date(d) => {
            use chrono::Datelike;
            let date =
                ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(1900), d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, date, &formats.date)?;
        }
        CellValue::Money(m) => {
            let format = formats
                .money
                .entry(m.currency())
                .or_insert_with(|| Format::new().set_num_format(money_format(m.currency())));
            sheet.write_number_with_format(row, col, m.to_f64(), format)?;
        }
        CellValue::Decimal(d) => {
            sheet.write_number(row, col, d.to_f64().unwrap_or(0.0))?;
        }
        CellValue::Number(v) => {
            sheet.write_number(row, col, *v)?;
        }
        CellValue::Integer(v) => {
            sheet.write_number(row, col, *v as f64)?;
        }
    }
    Ok(())
}

fn write_workbook(source: Source<'_>, options: &ExportOptions) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the same data always makes the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| xlsx_error(&e))?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let mut formats = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        money: HashMap::new(),
    };
    for table in default_tables(source, options) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name()).map_err(|e| xlsx_error(&e))?;
        for (c, name) in table.columns().iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *name, &formats.header).map_err(|e| xlsx_error(&e))?;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| xlsx_error(&e))?;
        let mut r: u32 = 0;
        for_each_row(source, table, options, &mut |cells| {
            r = r.checked_add(1).ok_or_else(|| Error::Overflow { context: format!("{table} rows") })?;
            for (c, cell) in cells.iter().enumerate() {
                write_cell(sheet, &mut formats, r, c as u16, cell).map_err(|e| match e {
                    XlsxError::RowColumnLimitError => Error::InvalidArgument {
                        function: "export_xlsx",
                        argument: "tables",
                        message: format!("`{table}` has more rows than a sheet holds (1,048,575 after the header)"),
                    },
                    other => xlsx_error(&other),
                })?;
            }
            Ok(())
        })?;
        if r < 10_000 {
            sheet.autofit();
        }
    }
    workbook.save_to_buffer().map_err(|e| xlsx_error(&e))
}

/// `projects` as an `.xlsx` workbook (its bytes): one sheet per table of
/// [`ExportOptions::tables`] (by default the data tables, evaluations when `as_of` is set,
/// and cash flows), typed cells, a bold frozen header row.
pub fn export_xlsx(projects: &[Project], options: &ExportOptions) -> Result<Vec<u8>> {
    write_workbook(Source::Projects(projects), options)
}

/// A portfolio as an `.xlsx` workbook: its projects' tables, evaluations on the status
/// date (or `as_of`), cash flows and the three roll-up tables by default.
pub fn export_portfolio_xlsx(portfolio: &Portfolio, options: &ExportOptions) -> Result<Vec<u8>> {
    write_workbook(Source::Portfolio(portfolio), options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_follow_the_minor_unit() {
        let c = |code| Currency::new(code).unwrap();
        assert_eq!(money_format(c("EUR")), "#,##0.00 \"EUR\"");
        assert_eq!(money_format(c("JPY")), "#,##0 \"JPY\"");
        assert_eq!(money_format(c("KWD")), "#,##0.000 \"KWD\"");
    }
}
