//! Wraps `valuepm_core::io`: CSV and workbook import into projects or a portfolio, and
//! CSV and `.xlsx` export.
//!
//! - Files: CSV as `str` (the text), `bytes` (UTF-8) or an `os.PathLike` (read here);
//!   a workbook as `bytes`, or a path (`str` or `os.PathLike`: a workbook is never text).
//! - Imports go into a `list` of `Project`s: the projects the import changes are
//!   replaced in place (the same `Project` objects), the ones it creates are appended to
//!   the list. A `Portfolio` is immutable, so importing into one returns the new
//!   portfolio in `ImportReport.portfolio`. A failing import changes nothing.
//! - Options are the core's serde forms (`ImportOptions`, `ExportOptions`) as a dict,
//!   keywords, or both (keywords win).
//! - Every bad row fails the import with `TableImportError` (kind `import`), whose
//!   `errors` lists each row error as `{table, row, column, value, reason}`.
//!
//! The import and the export release the GIL.

use std::collections::HashSet;

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use serde::de::DeserializeOwned;
use valuepm_core::io::{self, ExportOptions, ImportOptions, ImportReport, Table};
use valuepm_core::model::Project;
use valuepm_core::Error;

use crate::convert::record_from_py;
use crate::convert::record_to_py;
use crate::error::{invalid_argument, run, OrRaise};
use crate::model::PyProject;
use crate::portfolio::PyPortfolio;

/// What an import did: per table the rows read, applied and rejected and the ignored
/// columns; the projects created and updated; with `keep_good_rows`, every bad row.
/// `projects` is the list imported into (with the created projects appended), and
/// `portfolio` the new portfolio when one was imported into.
#[pyclass(frozen, name = "ImportReport", module = "valuepm")]
pub struct PyImportReport {
    inner: ImportReport,
    projects: Option<Py<PyList>>,
    portfolio: Option<Py<PyPortfolio>>,
}

#[pymethods]
impl PyImportReport {
    /// Per table, in the order applied: `{table, sheet (workbooks), rows, applied,
    /// rejected, ignored_columns}`.
    #[getter]
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.tables)
    }

    /// Ids of the projects the import created, in file order.
    #[getter]
    fn projects_created(&self) -> Vec<String> {
        self.inner.projects_created.clone()
    }

    /// Ids of the existing projects it changed.
    #[getter]
    fn projects_updated(&self) -> Vec<String> {
        self.inner.projects_updated.clone()
    }

    /// Every bad row (with `keep_good_rows`): `{table, row, column, value, reason}`, the
    /// row numbered as a spreadsheet numbers it (the header is row 1).
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.errors)
    }

    /// Whether more errors were found than `max_errors` kept.
    #[getter]
    fn errors_truncated(&self) -> bool {
        self.inner.errors_truncated
    }

    /// The list of projects imported into (the created projects appended), or `None`
    /// for an import into a portfolio.
    #[getter]
    fn projects(&self, py: Python<'_>) -> Option<Py<PyList>> {
        self.projects.as_ref().map(|p| p.clone_ref(py))
    }

    /// The portfolio after the import, for an import into a portfolio.
    #[getter]
    fn portfolio(&self, py: Python<'_>) -> Option<Py<PyPortfolio>> {
        self.portfolio.as_ref().map(|p| p.clone_ref(py))
    }

    /// The report in the core's JSON form (`tables`, `projects_created`,
    /// `projects_updated`, `errors`, `errors_truncated`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        let rows: u64 = r.tables.iter().map(|t| t.rows).sum();
        let applied: u64 = r.tables.iter().map(|t| t.applied).sum();
        format!(
            "ImportReport(rows={rows}, applied={applied}, created={:?}, updated={:?}, errors={})",
            r.projects_created,
            r.projects_updated,
            r.errors.len()
        )
    }
}

/// Options from a dict and keywords (keywords win), through the core's serde form.
fn options_from_py<T: DeserializeOwned>(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    let merged = PyDict::new(py);
    if let Some(options) = options.filter(|o| !o.is_none()) {
        let dict = options.cast::<PyDict>().map_err(|_| invalid_argument(py, "options", "expected a dict"))?;
        merged.update(dict.as_mapping())?;
    }
    if let Some(keywords) = keywords {
        merged.update(keywords.as_mapping())?;
    }
    record_from_py(merged.as_any(), "options")
}

/// A table from its name (`"line_items"`).
fn table_from_py(py: Python<'_>, name: &str) -> PyResult<Table> {
    Table::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        invalid_argument(py, "table", format!("`{name}` is not a table ({})", names.join(", ")))
    })
}

/// The bytes of a file given as bytes or a path (`str` too when `str_is_path`); CSV
/// text given as `str` when not.
fn source_bytes(source: &Bound<'_, PyAny>, str_is_path: bool) -> PyResult<Vec<u8>> {
    let py = source.py();
    if let Ok(text) = source.cast::<PyString>() {
        if !str_is_path {
            return Ok(text.to_cow()?.as_bytes().to_vec());
        }
    } else if let Ok(bytes) = source.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    } else if let Ok(bytes) = source.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    } else if !source.hasattr("__fspath__")? {
        let expected = if str_is_path { "bytes or a path" } else { "text, bytes or a path (os.PathLike)" };
        return Err(invalid_argument(py, "source", format!("expected {expected}")));
    }
    let path: std::path::PathBuf = py.import("os")?.call_method1("fspath", (source,))?.extract()?;
    std::fs::read(&path).map_err(|e| invalid_argument(py, "source", format!("cannot read {}: {e}", path.display())))
}

/// Where an import goes.
enum Target<'py> {
    Projects(Bound<'py, PyList>, Vec<Bound<'py, PyProject>>),
    Portfolio(Bound<'py, PyPortfolio>),
}

fn target<'py>(
    py: Python<'py>,
    projects: Option<&Bound<'py, PyAny>>,
    portfolio: Option<&Bound<'py, PyPortfolio>>,
) -> PyResult<Target<'py>> {
    match (projects.filter(|p| !p.is_none()), portfolio) {
        (Some(_), Some(_)) => Err(invalid_argument(py, "portfolio", "give projects or a portfolio, not both")),
        (None, Some(portfolio)) => Ok(Target::Portfolio(portfolio.clone())),
        (projects, None) => {
            let list = match projects {
                Some(p) => p.cast::<PyList>().cloned().map_err(|_| {
                    invalid_argument(py, "projects", "expected a list of Project (created projects are appended to it)")
                })?,
                None => PyList::empty(py),
            };
            let items = list
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    p.cast_into::<PyProject>()
                        .map_err(|_| invalid_argument(py, "projects", format!("item {i} is not a Project")))
                })
                .collect::<PyResult<Vec<_>>>()?;
            Ok(Target::Projects(list, items))
        }
    }
}

/// Runs `import` on copies of the target's projects (GIL released), then writes the
/// result back: changed projects replaced in place, created ones appended.
fn run_import<'py>(
    py: Python<'py>,
    into: Target<'py>,
    import: impl FnOnce(&mut Vec<Project>) -> Result<ImportReport, Error> + Send,
    into_portfolio: impl FnOnce(&mut valuepm_core::portfolio::Portfolio) -> Result<ImportReport, Error> + Send,
) -> PyResult<PyImportReport> {
    match into {
        Target::Projects(list, items) => {
            let mut projects: Vec<Project> = items.iter().map(|p| p.get().read().clone()).collect();
            let known = projects.len();
            let report = py.detach(|| run(|| import(&mut projects))).or_raise()?;
            let updated: HashSet<&str> = report.projects_updated.iter().map(String::as_str).collect();
            let mut projects = projects.into_iter();
            for (item, project) in items.iter().zip(projects.by_ref().take(known)) {
                if updated.contains(project.id()) {
                    item.get().replace(project);
                }
            }
            for project in projects {
                list.append(Bound::new(py, PyProject::wrap(project))?)?;
            }
            Ok(PyImportReport { inner: report, projects: Some(list.unbind()), portfolio: None })
        }
        Target::Portfolio(portfolio) => {
            let mut new = portfolio.get().core().clone();
            let report = py.detach(|| run(|| into_portfolio(&mut new))).or_raise()?;
            let new = Py::new(py, PyPortfolio::wrap(new))?;
            Ok(PyImportReport { inner: report, projects: None, portfolio: Some(new) })
        }
    }
}

/// Imports one table from CSV (`source`: the text as `str`, UTF-8 `bytes`, or a path as
/// `os.PathLike`) into `projects` (a list of `Project`, changed in place; created
/// projects appended) or a `portfolio` (the new portfolio in the report). `options` are
/// `ImportOptions` as a dict and/or keywords (`columns`, `number_format`, `date_format`,
/// `date_system`, `delimiter`, `keep_good_rows`, `max_errors`, `change`). Bad rows raise
/// `TableImportError` with every row error, and nothing is applied, unless
/// `keep_good_rows`.
#[pyfunction]
#[pyo3(signature = (source, table, projects = None, *, portfolio = None, options = None, **keywords))]
pub fn import_csv(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    table: &str,
    projects: Option<&Bound<'_, PyAny>>,
    portfolio: Option<&Bound<'_, PyPortfolio>>,
    options: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyImportReport> {
    let table = table_from_py(py, table)?;
    let options: ImportOptions = options_from_py(py, options, keywords)?;
    let bytes = source_bytes(source, false)?;
    let into = target(py, projects, portfolio)?;
    run_import(
        py,
        into,
        |projects| io::import_csv_reader(projects, table, bytes.as_slice(), &options),
        |portfolio| io::import_csv_into_portfolio(portfolio, table, bytes.as_slice(), &options),
    )
}

/// Imports a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`; `source` its bytes or a
/// path) into `projects` or a `portfolio` (as `import_csv`): `table` from its sheet (the
/// sheet named like the table, the one `sheets` names, or a workbook's only sheet), or,
/// when `table` is `None`, every data table that has a sheet, as one import (all or
/// nothing across the sheets).
#[pyfunction]
#[pyo3(signature = (source, table = None, projects = None, *, portfolio = None, options = None, **keywords))]
#[allow(clippy::too_many_arguments)]
pub fn import_workbook(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    table: Option<&str>,
    projects: Option<&Bound<'_, PyAny>>,
    portfolio: Option<&Bound<'_, PyPortfolio>>,
    options: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyImportReport> {
    let table = table.map(|t| table_from_py(py, t)).transpose()?;
    let options: ImportOptions = options_from_py(py, options, keywords)?;
    let bytes = source_bytes(source, true)?;
    let into = target(py, projects, portfolio)?;
    run_import(
        py,
        into,
        |projects| io::import_workbook(projects, &bytes, table, &options),
        |portfolio| io::import_workbook_into_portfolio(portfolio, &bytes, table, &options),
    )
}

/// What an export reads: projects (any iterable of `Project`) or a portfolio.
enum Source {
    Projects(Vec<Project>),
    Portfolio(Py<PyPortfolio>),
}

fn export_source(source: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(portfolio) = source.cast::<PyPortfolio>() {
        return Ok(Source::Portfolio(portfolio.clone().unbind()));
    }
    let py = source.py();
    let projects = source
        .try_iter()
        .map_err(|_| invalid_argument(py, "projects", "expected projects (an iterable of Project) or a Portfolio"))?
        .enumerate()
        .map(|(i, p)| {
            let p = p?;
            p.cast::<PyProject>()
                .map(|p| p.get().read().clone())
                .map_err(|_| invalid_argument(py, "projects", format!("item {i} is not a Project")))
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Source::Projects(projects))
}

/// One table of `projects` (an iterable of `Project`, or a `Portfolio`: its projects'
/// tables and its roll-up tables) as CSV text: a header row, then one row per record;
/// decimals as stored, ISO dates, floats in their shortest form, so that it imports
/// back to equal data. `options` are `ExportOptions` (`as_of`, `period`).
#[pyfunction]
#[pyo3(signature = (projects, table, options = None, **keywords))]
pub fn export_csv(
    py: Python<'_>,
    projects: &Bound<'_, PyAny>,
    table: &str,
    options: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let table = table_from_py(py, table)?;
    let options: ExportOptions = options_from_py(py, options, keywords)?;
    match export_source(projects)? {
        Source::Projects(projects) => py.detach(|| run(|| io::export_csv(&projects, table, &options))).or_raise(),
        Source::Portfolio(portfolio) => {
            let portfolio = portfolio.get();
            py.detach(|| run(|| io::export_portfolio_csv(portfolio.core(), table, &options))).or_raise()
        }
    }
}

/// `projects` (an iterable of `Project`, or a `Portfolio`) as an `.xlsx` workbook (its
/// bytes): one sheet per table of `tables` (by default the data tables, `evaluations`
/// when `as_of` is given, `cash_flows`, and a portfolio's roll-up tables), typed cells,
/// a bold frozen header row. `options` are `ExportOptions` (`as_of`, `period`, `tables`).
#[pyfunction]
#[pyo3(signature = (projects, options = None, **keywords))]
pub fn export_xlsx<'py>(
    py: Python<'py>,
    projects: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    keywords: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let options: ExportOptions = options_from_py(py, options, keywords)?;
    let bytes = match export_source(projects)? {
        Source::Projects(projects) => py.detach(|| run(|| io::export_xlsx(&projects, &options))).or_raise()?,
        Source::Portfolio(portfolio) => {
            let portfolio = portfolio.get();
            py.detach(|| run(|| io::export_portfolio_xlsx(portfolio.core(), &options))).or_raise()?
        }
    };
    Ok(PyBytes::new(py, &bytes))
}
