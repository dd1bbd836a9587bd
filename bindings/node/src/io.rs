//! Wraps `valuepm_core::io`: `importCsv` and `importWorkbook` (`.xlsx`, `.xlsm`, `.xlsb`,
//! `.xls`, `.ods`) into projects or a portfolio, `exportCsv` and `exportXlsx`.
//!
//! - Files: CSV as a string (the text) or bytes (`Uint8Array` or `Buffer`, UTF-8); a
//!   workbook as bytes. There are no paths: read the file first (the WASM package, in a
//!   browser, has no file system).
//! - Imports go into an array of `Project`s: the projects the import changes are
//!   replaced in place (the same `Project` objects), the ones it creates are pushed onto
//!   the array. A `Portfolio` is immutable, so importing into one returns the new
//!   portfolio in the report's `portfolio`. A failing import changes nothing.
//! - Options are the core's serde forms (`ImportOptions`, `ExportOptions`) as plain
//!   objects; top-level camelCase keys (`keepGoodRows`) are accepted too.
//! - Bad rows fail the import with an error of code `import` (`TableImportError`) whose
//!   `errors` lists every row error as `{table, row, column, value, reason}`.

use std::collections::HashSet;

use napi::bindgen_prelude::{
    Array, Buffer, ClassInstance, Either, FromNapiValue, JsObjectValue, JsValue, Null, Object, Uint8Array, Unknown,
};
use napi::Env;
use napi_derive::napi;
use serde::de::DeserializeOwned;
use serde_json::Value;
use valuepm_core::io::{self, ExportOptions, ImportOptions, ImportReport, Table};
use valuepm_core::model::Project;
use valuepm_core::portfolio::Portfolio;
use valuepm_core::Error;

use crate::convert::{object_json, record, snake_case_keys, to_json, DateArg};
use crate::error::{call, invalid_argument, Failure};
use crate::model::JsProject;
use crate::portfolio::JsPortfolio;

/// A file: its text, or its bytes.
pub type Source = Either<String, Uint8Array>;

/// Where an import goes: an array of `Project`s, or a `Portfolio`.
pub type Target<'env> = Either<Array<'env>, ClassInstance<'env, JsPortfolio>>;

/// What an export reads: an array of `Project`s, or a `Portfolio`.
pub type Projects<'env> = Either<Array<'env>, ClassInstance<'env, JsPortfolio>>;

/// `value` as a [`Target`] (also for [`Projects`]), or an `invalid_argument` at `argument`.
fn either<'env>(value: Unknown<'env>, argument: &str) -> Result<Target<'env>, Failure> {
    Target::from_unknown(value).map_err(|_| invalid_argument(argument, "expected an array of Project or a Portfolio"))
}

/// The `Project`s of an array (an error at `argument` names the first other element).
fn project_list<'env>(
    array: Option<&Array<'env>>,
    argument: &str,
) -> Result<Vec<ClassInstance<'env, JsProject>>, Failure> {
    let Some(array) = array else { return Ok(Vec::new()) };
    (0..array.len())
        .map(|i| match array.get::<ClassInstance<JsProject>>(i) {
            Ok(Some(item)) => Ok(item),
            _ => Err(invalid_argument(argument, format!("element {i} is not a Project"))),
        })
        .collect()
}

/// Options from their object (absent: the defaults), through the core's serde form; a
/// `Date` as `change.at` is taken as its time.
fn options<T: DeserializeOwned + Default>(env: Env, options: Option<&Object<'_>>) -> Result<T, Failure> {
    let Some(object) = options else { return Ok(T::default()) };
    let mut value = snake_case_keys(object_json(env, object, "options")?);
    if let Ok(Some(change)) = object.get::<Object>("change") {
        if let Ok(Some(Either::B(at))) = change.get::<DateArg>("at") {
            value["change"]["at"] = Value::String(at.to_rfc3339());
        }
    }
    record(value)
}

/// A table from its name (`"line_items"`).
fn table(name: &str) -> Result<Table, Failure> {
    Table::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        invalid_argument("table", format!("`{name}` is not a table ({})", names.join(", ")))
    })
}

/// The bytes of a file; `text_allowed` is false for workbooks.
fn source_bytes(source: &Source, text_allowed: bool) -> Result<Vec<u8>, Failure> {
    match source {
        Either::A(text) if text_allowed => Ok(text.as_bytes().to_vec()),
        Either::A(_) => Err(invalid_argument("source", "a workbook is bytes (a Uint8Array or Buffer), not text")),
        Either::B(bytes) => Ok(bytes.to_vec()),
    }
}

/// Runs an import into `into` (a new array when absent) and builds the report object:
/// the core's report (`tables`, `projects_created`, `projects_updated`, `errors`,
/// `errors_truncated`) with `projects` (the array imported into) and `portfolio` (the
/// new portfolio), one of them `null`.
fn run_import(
    env: Env,
    into: Option<Target<'_>>,
    import: impl FnOnce(&mut Vec<Project>) -> Result<ImportReport, Error>,
    into_portfolio: impl FnOnce(&mut Portfolio) -> Result<ImportReport, Error>,
) -> Result<Object<'_>, Failure> {
    let js = |e: napi::Error| Failure::Panic(format!("cannot build the report: {e}"));
    match into {
        Some(Either::B(portfolio)) => {
            let mut new = portfolio.core().clone();
            let report = into_portfolio(&mut new)?;
            let mut object = report_object(env, &report)?;
            object.set_named_property("projects", Null).map_err(js)?;
            object.set_named_property("portfolio", JsPortfolio::from_core(new)).map_err(js)?;
            Ok(object)
        }
        Some(Either::A(array)) => import_into_array(env, Some(array), import),
        None => import_into_array(env, None, import),
    }
}

fn import_into_array(
    env: Env,
    array: Option<Array<'_>>,
    import: impl FnOnce(&mut Vec<Project>) -> Result<ImportReport, Error>,
) -> Result<Object<'_>, Failure> {
    let js = |e: napi::Error| Failure::Panic(format!("cannot build the report: {e}"));
    let items = project_list(array.as_ref(), "into")?;
    let mut projects: Vec<Project> = items.iter().map(|p| p.project().clone()).collect();
    let known = projects.len();
    let report = import(&mut projects)?;
    let updated: HashSet<&str> = report.projects_updated.iter().map(String::as_str).collect();
    let mut projects = projects.into_iter();
    for (item, project) in items.iter().zip(projects.by_ref().take(known)) {
        if updated.contains(project.id()) {
            item.replace(project)?;
        }
    }
    let mut object = report_object(env, &report)?;
    let created = projects.map(JsProject::from_core);
    if let Some(mut array) = array {
        for project in created {
            array.insert(project).map_err(js)?;
        }
        object.set_named_property("projects", array).map_err(js)?;
    } else {
        object.set_named_property("projects", created.collect::<Vec<_>>()).map_err(js)?;
    }
    object.set_named_property("portfolio", Null).map_err(js)?;
    Ok(object)
}

fn report_object<'env>(env: Env, report: &ImportReport) -> Result<Object<'env>, Failure> {
    let value = to_json(report)?;
    env.to_js_value(&value)
        .and_then(|v| v.coerce_to_object())
        .map_err(|e| Failure::Panic(format!("cannot build the report: {e}")))
}

/// Imports one table from CSV (`source`: the text, or its UTF-8 bytes) into `into`: an
/// array of `Project`s (changed in place, created projects pushed onto it; a new array
/// when absent) or a `Portfolio` (the new portfolio is the report's `portfolio`).
/// `options` are `ImportOptions` (`columns`, `number_format`, `date_format`,
/// `date_system`, `delimiter`, `keep_good_rows`, `max_errors`, `change`). Bad rows throw
/// a `TableImportError` (code `import`) with every row error in `errors`, and nothing is
/// applied, unless `keep_good_rows`.
#[napi(
    ts_args_type = "source: string | Uint8Array, table: string, into?: Project[] | Portfolio | null, options?: ImportOptions | null",
    ts_return_type = "ImportReport"
)]
pub fn import_csv<'env>(
    env: Env,
    source: Source,
    table: String,
    into: Option<Unknown<'env>>,
    options: Option<Object>,
) -> napi::Result<Object<'env>> {
    call(env, || {
        let table = self::table(&table)?;
        let options: ImportOptions = self::options(env, options.as_ref())?;
        let bytes = source_bytes(&source, true)?;
        let into = into.map(|value| either(value, "into")).transpose()?;
        run_import(
            env,
            into,
            |projects| io::import_csv_reader(projects, table, bytes.as_slice(), &options),
            |portfolio| io::import_csv_into_portfolio(portfolio, table, bytes.as_slice(), &options),
        )
    })
}

/// Imports a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`; `source` its bytes) into
/// `into` (as `importCsv`): `table` from its sheet (the sheet named like the table, the
/// one `options.sheets` names, or a workbook's only sheet), or, when `table` is `null`,
/// every data table that has a sheet, as one import (all or nothing across the sheets).
#[napi(
    ts_args_type = "source: Uint8Array, table?: string | null, into?: Project[] | Portfolio | null, options?: ImportOptions | null",
    ts_return_type = "ImportReport"
)]
pub fn import_workbook<'env>(
    env: Env,
    source: Source,
    table: Option<String>,
    into: Option<Unknown<'env>>,
    options: Option<Object>,
) -> napi::Result<Object<'env>> {
    call(env, || {
        let table = table.as_deref().map(self::table).transpose()?;
        let options: ImportOptions = self::options(env, options.as_ref())?;
        let bytes = source_bytes(&source, false)?;
        let into = into.map(|value| either(value, "into")).transpose()?;
        run_import(
            env,
            into,
            |projects| io::import_workbook(projects, &bytes, table, &options),
            |portfolio| io::import_workbook_into_portfolio(portfolio, &bytes, table, &options),
        )
    })
}

/// One table of `projects` (an array of `Project`s, or a `Portfolio`: its projects'
/// tables and its roll-up tables) as CSV text: a header row, then one row per record;
/// decimals as stored, ISO dates, floats in their shortest form, so that it imports back
/// to equal data. `options` are `ExportOptions` (`as_of`, `period`).
#[napi(
    ts_args_type = "projects: Project[] | Portfolio, table: string, options?: ExportOptions | null",
    ts_return_type = "string"
)]
pub fn export_csv(env: Env, projects: Unknown, table: String, options: Option<Object>) -> napi::Result<String> {
    call(env, || {
        let projects: Projects = either(projects, "projects")?;
        let table = self::table(&table)?;
        let options: ExportOptions = self::options(env, options.as_ref())?;
        Ok(match projects {
            Either::A(list) => {
                let list: Vec<Project> =
                    project_list(Some(&list), "projects")?.iter().map(|p| p.project().clone()).collect();
                io::export_csv(&list, table, &options)?
            }
            Either::B(portfolio) => io::export_portfolio_csv(portfolio.core(), table, &options)?,
        })
    })
}

/// `projects` (an array of `Project`s, or a `Portfolio`) as an `.xlsx` workbook (its
/// bytes): one sheet per table of `options.tables` (by default the data tables,
/// `evaluations` when `as_of` is given, `cash_flows`, and a portfolio's roll-up tables),
/// typed cells, a bold frozen header row. `options` are `ExportOptions` (`as_of`,
/// `period`, `tables`).
#[napi(ts_args_type = "projects: Project[] | Portfolio, options?: ExportOptions | null")]
pub fn export_xlsx(env: Env, projects: Unknown, options: Option<Object>) -> napi::Result<Buffer> {
    call(env, || {
        let projects: Projects = either(projects, "projects")?;
        let options: ExportOptions = self::options(env, options.as_ref())?;
        let bytes = match projects {
            Either::A(list) => {
                let list: Vec<Project> =
                    project_list(Some(&list), "projects")?.iter().map(|p| p.project().clone()).collect();
                io::export_xlsx(&list, &options)?
            }
            Either::B(portfolio) => io::export_portfolio_xlsx(portfolio.core(), &options)?,
        };
        Ok(Buffer::from(bytes))
    })
}
