//! Wraps `valuepm_core::io` under the Node package's names: `importCsv` and
//! `importWorkbook` (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) into projects or a
//! portfolio, `exportCsv` and `exportXlsx`.
//!
//! - Files: CSV as a string (the text) or bytes (`Uint8Array`, UTF-8); a workbook as
//!   bytes. There are no paths (a browser has no file system): read or fetch the file.
//! - Imports go into an array of `Project`s: the projects the import changes are
//!   replaced in place (the same `Project` objects), the ones it creates are pushed onto
//!   the array. A `Portfolio` is immutable, so importing into one returns the new
//!   portfolio in the report's `portfolio`. A failing import changes nothing.
//! - Options are the core's serde forms (`ImportOptions`, `ExportOptions`) as plain
//!   objects; top-level camelCase keys (`keepGoodRows`) are accepted too.
//! - Bad rows fail the import with an error of code `import` (`TableImportError`) whose
//!   `errors` lists every row error as `{table, row, column, value, reason}`.
//!
//! A `Project` or `Portfolio` in an array cannot be read from Rust without consuming it
//! (wasm-bindgen takes exported objects by value), so each is asked to lend its core
//! value through the mailbox of [`lend`] (the hidden `__lend` method): a project shares
//! its cell, so the import writes back into the caller's object.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use js_sys::{Array, Function, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use valuepm_core::io::{self, ExportOptions, ImportOptions, ImportReport, Table};
use valuepm_core::model::Project;
use valuepm_core::portfolio::Portfolio;
use valuepm_core::Error;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::convert::{is_absent, object_json, object_json_with_times, record, snake_case_keys, to_js};
use crate::error::{call, invalid_argument, Failure};
use crate::model::WasmProject;
use crate::portfolio::WasmPortfolio;

/// A core value an object of this package lends to the io functions.
pub(crate) enum Lent {
    /// A `Project`'s cell (shared: writing to it changes the caller's object).
    Project(Rc<RefCell<Project>>),
    /// A copy of a `Portfolio`.
    Portfolio(Portfolio),
}

thread_local! {
    static MAILBOX: RefCell<Option<Lent>> = const { RefCell::new(None) };
}

/// Puts `value` in the mailbox (called by `Project.__lend` and `Portfolio.__lend`).
pub(crate) fn lend(value: Lent) {
    MAILBOX.with(|m| *m.borrow_mut() = Some(value));
}

/// What `value` lends: `None` when it is not an object of this package.
fn borrow(value: &JsValue, argument: &str, at: &str) -> Result<Option<Lent>, Failure> {
    if !value.is_object() {
        return Ok(None);
    }
    // wasm-bindgen's handle of the Rust object: 0 once `free()` was called.
    let handle = Reflect::get(value, &JsValue::from_str("__wbg_ptr")).unwrap_or_default();
    if handle.as_f64() == Some(0.0) {
        return Err(invalid_argument(argument, format!("{at} has been freed")));
    }
    let method = Reflect::get(value, &JsValue::from_str("__lend")).unwrap_or_default();
    let Some(method) = method.dyn_ref::<Function>() else { return Ok(None) };
    MAILBOX.with(|m| m.borrow_mut().take());
    if method.call0(value).is_err() {
        return Ok(None);
    }
    Ok(MAILBOX.with(|m| m.borrow_mut().take()))
}

/// The `Project` cells of an array.
fn project_cells(list: &Array, argument: &str) -> Result<Vec<Rc<RefCell<Project>>>, Failure> {
    list.iter()
        .enumerate()
        .map(|(i, item)| match borrow(&item, argument, &format!("element {i}"))? {
            Some(Lent::Project(cell)) => Ok(cell),
            _ => Err(invalid_argument(argument, format!("element {i} is not a Project"))),
        })
        .collect()
}

/// Copies of the projects of `cells`.
fn read(cells: &[Rc<RefCell<Project>>]) -> Vec<Project> {
    cells.iter().map(|c| c.borrow().clone()).collect()
}

/// Options from their object (absent: the defaults), through the core's serde form; a
/// `Date` as `change.at` is taken as its time.
fn options<T: DeserializeOwned + Default>(options: &JsValue) -> Result<T, Failure> {
    if is_absent(options) {
        return Ok(T::default());
    }
    let mut value = snake_case_keys(object_json(options, "options")?);
    let change = Reflect::get(options, &JsValue::from_str("change")).unwrap_or_default();
    if change.is_object() {
        if let Some(map) = value.as_object_mut() {
            map.insert("change".to_owned(), object_json_with_times(&change, "options.change", &["at"])?);
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
fn source_bytes(source: &JsValue, text_allowed: bool) -> Result<Vec<u8>, Failure> {
    if let Some(bytes) = source.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    match source.as_string() {
        Some(text) if text_allowed => Ok(text.into_bytes()),
        Some(_) => Err(invalid_argument("source", "a workbook is bytes (a Uint8Array), not text")),
        None if text_allowed => Err(invalid_argument("source", "expected the CSV text or its bytes (a Uint8Array)")),
        None => Err(invalid_argument("source", "expected the workbook's bytes (a Uint8Array)")),
    }
}

fn set(object: &JsValue, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Runs an import into `into` (a new array when absent) and builds the report object:
/// the core's report with `projects` (the array imported into) and `portfolio` (the new
/// portfolio), one of them `null`.
fn run_import(
    into: &JsValue,
    import: impl FnOnce(&mut Vec<Project>) -> Result<ImportReport, Error>,
    into_portfolio: impl FnOnce(&mut Portfolio) -> Result<ImportReport, Error>,
) -> Result<JsValue, Failure> {
    let array = if is_absent(into) {
        Array::new()
    } else if let Some(array) = into.dyn_ref::<Array>() {
        array.clone()
    } else {
        let Some(Lent::Portfolio(mut portfolio)) = borrow(into, "into", "the portfolio")? else {
            return Err(invalid_argument("into", "expected an array of Project or a Portfolio"));
        };
        let report = into_portfolio(&mut portfolio)?;
        let object = to_js(&report)?;
        set(&object, "projects", &JsValue::NULL);
        set(&object, "portfolio", &WasmPortfolio::from_core(portfolio).into());
        return Ok(object);
    };
    let cells = project_cells(&array, "into")?;
    let mut projects = read(&cells);
    let report = import(&mut projects)?;
    let updated: HashSet<&str> = report.projects_updated.iter().map(String::as_str).collect();
    let mut projects = projects.into_iter();
    for (cell, project) in cells.iter().zip(projects.by_ref().take(cells.len())) {
        if updated.contains(project.id()) {
            let mut target = cell
                .try_borrow_mut()
                .map_err(|_| invalid_argument("into", "a project is in use by the call that is running a callback"))?;
            *target = project;
        }
    }
    for project in projects {
        array.push(&WasmProject::from_core(project).into());
    }
    let object = to_js(&report)?;
    set(&object, "projects", &array);
    set(&object, "portfolio", &JsValue::NULL);
    Ok(object)
}

/// What an export reads: the projects of an array, or a portfolio.
enum Source {
    Projects(Vec<Project>),
    Portfolio(Portfolio),
}

fn export_source(value: &JsValue) -> Result<Source, Failure> {
    if let Some(list) = value.dyn_ref::<Array>() {
        return Ok(Source::Projects(read(&project_cells(list, "projects")?)));
    }
    match borrow(value, "projects", "the portfolio")? {
        Some(Lent::Portfolio(portfolio)) => Ok(Source::Portfolio(portfolio)),
        _ => Err(invalid_argument("projects", "expected an array of Project or a Portfolio")),
    }
}

/// Imports one table from CSV (`source`: the text, or its UTF-8 bytes) into `into`: an
/// array of `Project`s (changed in place, created projects pushed onto it; a new array
/// when absent) or a `Portfolio` (the new portfolio is the report's `portfolio`).
/// `options` are `ImportOptions`. Bad rows throw a `TableImportError` (code `import`)
/// with every row error in `errors`, and nothing is applied, unless `keep_good_rows`.
#[wasm_bindgen(js_name = "importCsv", unchecked_return_type = "ImportReport")]
pub fn import_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] source: JsValue,
    table: String,
    #[wasm_bindgen(unchecked_optional_param_type = "Project[] | Portfolio | null")] into: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    call(|| {
        let table = self::table(&table)?;
        let options: ImportOptions = self::options(&options.unwrap_or_default())?;
        let bytes = source_bytes(&source, true)?;
        run_import(
            &into.unwrap_or_default(),
            |projects| io::import_csv_reader(projects, table, bytes.as_slice(), &options),
            |portfolio| io::import_csv_into_portfolio(portfolio, table, bytes.as_slice(), &options),
        )
    })
}

/// Imports a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`; `source` its bytes) into
/// `into` (as `importCsv`): `table` from its sheet, or, when `table` is `null`, every data
/// table that has a sheet, as one import (all or nothing across the sheets).
#[wasm_bindgen(js_name = "importWorkbook", unchecked_return_type = "ImportReport")]
pub fn import_workbook(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] table: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "Project[] | Portfolio | null")] into: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    call(|| {
        let table = table.as_deref().map(self::table).transpose()?;
        let options: ImportOptions = self::options(&options.unwrap_or_default())?;
        let bytes = source_bytes(&source, false)?;
        run_import(
            &into.unwrap_or_default(),
            |projects| io::import_workbook(projects, &bytes, table, &options),
            |portfolio| io::import_workbook_into_portfolio(portfolio, &bytes, table, &options),
        )
    })
}

/// One table of `projects` (an array of `Project`s, or a `Portfolio`: its projects'
/// tables and its roll-up tables) as CSV text. `options` are `ExportOptions` (`as_of`,
/// `period`).
#[wasm_bindgen(js_name = "exportCsv")]
pub fn export_csv(
    #[wasm_bindgen(unchecked_param_type = "Project[] | Portfolio")] projects: JsValue,
    table: String,
    #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    call(|| {
        let table = self::table(&table)?;
        let options: ExportOptions = self::options(&options.unwrap_or_default())?;
        Ok(match export_source(&projects)? {
            Source::Projects(list) => io::export_csv(&list, table, &options)?,
            Source::Portfolio(portfolio) => io::export_portfolio_csv(&portfolio, table, &options)?,
        })
    })
}

/// `projects` (an array of `Project`s, or a `Portfolio`) as an `.xlsx` workbook (its
/// bytes): one sheet per table of `options.tables` (by default every table that
/// applies). `options` are `ExportOptions` (`as_of`, `period`, `tables`).
#[wasm_bindgen(js_name = "exportXlsx")]
pub fn export_xlsx(
    #[wasm_bindgen(unchecked_param_type = "Project[] | Portfolio")] projects: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: Option<JsValue>,
) -> Result<Vec<u8>, JsValue> {
    call(|| {
        let options: ExportOptions = self::options(&options.unwrap_or_default())?;
        Ok(match export_source(&projects)? {
            Source::Projects(list) => io::export_xlsx(&list, &options)?,
            Source::Portfolio(portfolio) => io::export_portfolio_xlsx(&portfolio, &options)?,
        })
    })
}
