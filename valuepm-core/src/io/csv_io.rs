//! CSV: one table per file, read record by record, written row by row.

use std::io::{Read, Write};

use csv::{ByteRecord, ReaderBuilder, WriterBuilder};

use crate::error::{Error, Result};
use crate::model::Project;
use crate::portfolio::Portfolio;

use super::export::{for_each_row, CellValue, Source};
use super::import::Input;
use super::parse::Cell;
use super::{import_rows, ExportOptions, ImportOptions, ImportReport, RowSource, Table, Target};

/// A CSV file being read: the header, then one reused record.
struct CsvSource<R: Read> {
    reader: csv::Reader<R>,
    headers: Vec<String>,
    record: ByteRecord,
    row: u64,
}

fn csv_error(e: &csv::Error) -> Error {
    Error::Parse { document: "csv", message: e.to_string() }
}

impl<R: Read> CsvSource<R> {
    fn new(input: R, delimiter: char) -> Result<Self> {
        let delimiter = u8::try_from(delimiter).ok().filter(u8::is_ascii).ok_or_else(|| Error::InvalidArgument {
            function: "import_csv",
            argument: "delimiter",
            message: format!("`{delimiter}` is not an ASCII character"),
        })?;
        let mut reader = ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(input);
        let mut record = ByteRecord::new();
        let headers = if reader.read_byte_record(&mut record).map_err(|e| csv_error(&e))? {
            record.iter().map(|h| String::from_utf8_lossy(h).trim_start_matches('\u{feff}').to_owned()).collect()
        } else {
            Vec::new()
        };
        Ok(CsvSource { reader, headers, record, row: 1 })
    }
}

impl<R: Read> RowSource for CsvSource<R> {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self) -> Result<Option<u64>> {
        loop {
            if !self.reader.read_byte_record(&mut self.record).map_err(|e| csv_error(&e))? {
                return Ok(None);
            }
            self.row += 1;
            // A row of empty fields (`,,,`), as spreadsheets save trailing blank rows, is
            // no record.
            if !self.record.iter().all(<[u8]>::is_empty) {
                return Ok(Some(self.row));
            }
        }
    }

    fn cell(&self, index: usize) -> Cell<'_> {
        match self.record.get(index) {
            None | Some(b"") => Cell::Empty,
            Some(bytes) => std::str::from_utf8(bytes).map_or(Cell::Invalid(bytes), Cell::Text),
        }
    }
}

/// Imports the CSV text `csv` holding `table` into `projects` (see the [module
/// docs](super) for the columns, validation and the all-or-nothing rule).
pub fn import_csv(
    projects: &mut Vec<Project>,
    table: Table,
    csv: &str,
    options: &ImportOptions,
) -> Result<ImportReport> {
    import_csv_reader(projects, table, csv.as_bytes(), options)
}

/// [`import_csv`] streaming from a reader (a file): records are read one at a time.
pub fn import_csv_reader(
    projects: &mut Vec<Project>,
    table: Table,
    input: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let input = csv_input(table, input, options)?;
    import_rows(Target { projects, currency_check: None }, vec![input], options)
}

/// [`import_csv`] into a portfolio's projects. A new project's currency needs an
/// exchange rate into the portfolio's currency (a row error otherwise).
pub fn import_csv_into_portfolio(
    portfolio: &mut Portfolio,
    table: Table,
    input: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let input = csv_input(table, input, options)?;
    portfolio.import_with(|target| import_rows(target, vec![input], options))
}

fn csv_input<'a>(table: Table, input: impl Read + 'a, options: &ImportOptions) -> Result<Input<'a>> {
    if !table.importable() {
        return Err(Error::InvalidArgument {
            function: "import_csv",
            argument: "table",
            message: format!("`{table}` is an export-only table"),
        });
    }
    Ok(Input { table, sheet: None, source: Box::new(CsvSource::new(input, options.delimiter)?) })
}

/// The text of a cell in CSV: exact decimals, ISO dates, shortest round-trip floats.
fn csv_text(cell: &CellValue) -> String {
    match cell {
        CellValue::Empty => String::new(),
        CellValue::Text(s) => s.clone(),
        CellValue::Date(d) => d.to_string(),
        CellValue::Money(m) => m.amount().to_string(),
        CellValue::Decimal(d) => d.to_string(),
        CellValue::Number(v) => format!("{v}"),
        CellValue::Integer(v) => v.to_string(),
    }
}

fn write_source(source: Source<'_>, table: Table, options: &ExportOptions, output: impl Write) -> Result<()> {
    let io_error = |e: csv::Error| Error::Parse { document: "csv", message: format!("cannot write: {e}") };
    let mut writer = WriterBuilder::new().from_writer(output);
    writer.write_record(table.columns()).map_err(io_error)?;
    let mut fields: Vec<String> = Vec::new();
    for_each_row(source, table, options, &mut |row| {
        fields.clear();
        fields.extend(row.iter().map(csv_text));
        writer.write_record(&fields).map_err(io_error)
    })?;
    writer.flush().map_err(|e| Error::Parse { document: "csv", message: format!("cannot write: {e}") })
}

/// `table` of `projects` as CSV text (header row, then one row per record).
pub fn export_csv(projects: &[Project], table: Table, options: &ExportOptions) -> Result<String> {
    let mut out = Vec::new();
    write_csv(projects, table, options, &mut out)?;
    // The writer wrote UTF-8 text only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// [`export_csv`] to a writer (a file), row by row.
pub fn write_csv(projects: &[Project], table: Table, options: &ExportOptions, output: impl Write) -> Result<()> {
    write_source(Source::Projects(projects), table, options, output)
}

/// `table` of a portfolio (its projects' tables, or a roll-up table) as CSV text.
pub fn export_portfolio_csv(portfolio: &Portfolio, table: Table, options: &ExportOptions) -> Result<String> {
    let mut out = Vec::new();
    write_source(Source::Portfolio(portfolio), table, options, &mut out)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}
