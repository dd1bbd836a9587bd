//! Conformance operations on table import and export (`valuepm_core::io`): a CSV text or
//! file, or a workbook file, imported into projects (`io.import`); a table exported as
//! CSV (`io.export`); projects exported and imported back (`io.round_trip`). Fixture
//! files are named relative to `conformance/`.
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use valuepm_core::io::{
    export_csv, export_xlsx, import_csv, import_csv_reader, import_workbook, ExportOptions, ImportOptions, Table,
};
use valuepm_core::model::Project;
use valuepm_core::Error;

type OpResult = Result<Value, Error>;

/// An optional argument (its default when absent or null).
fn arg_or_default<T: DeserializeOwned + Default>(args: &Value, name: &str) -> Result<T, Error> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(v) => valuepm_core::document::from_value(v.clone()).map_err(|e| e.at(name)),
    }
}

fn text<'a>(args: &'a Value, name: &str) -> &'a str {
    args.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The projects of `args.projects`, each through the document path.
fn projects(args: &Value) -> Result<Vec<Project>, Error> {
    let docs = args.get("projects").and_then(Value::as_array).cloned().unwrap_or_default();
    docs.iter()
        .enumerate()
        .map(|(i, doc)| Project::from_json(&doc.to_string()).map_err(|e| e.at(&format!("projects[{i}]"))))
        .collect()
}

/// `args.table`: a table name, or null (every sheet of a workbook).
fn table(args: &Value) -> Result<Option<Table>, Error> {
    match args.get("table") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => Table::from_name(name)
            .map(Some)
            .ok_or_else(|| Error::validation("table", format!("`{name}` is not a table"))),
        Some(other) => Err(Error::validation("table", format!("{other} is not a table name"))),
    }
}

/// The bytes of the fixture `args.file`, relative to `conformance/`.
fn file(args: &Value) -> Result<Vec<u8>, Error> {
    let name = text(args, "file");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance").join(name);
    std::fs::read(&path).map_err(|e| Error::validation("file", format!("cannot read {}: {e}", path.display())))
}

/// The projects' documents and the length of each one's audit trail.
fn projects_json(projects: &[Project]) -> (Value, Value) {
    (
        json!(projects.iter().map(Project::data).collect::<Vec<_>>()),
        json!(projects.iter().map(|p| p.audit_trail().len()).collect::<Vec<_>>()),
    )
}

/// `io.import`: `{report, projects, audit_entries}`.
fn import(args: &Value) -> OpResult {
    let mut projects = projects(args)?;
    let options: ImportOptions = arg_or_default(args, "options")?;
    let table = table(args)?;
    let report = match text(args, "format") {
        "csv" => {
            let table = table.ok_or_else(|| Error::validation("table", "a CSV file holds one table: name it"))?;
            match args.get("text").and_then(Value::as_str) {
                Some(csv) => import_csv(&mut projects, table, csv, &options)?,
                None => import_csv_reader(&mut projects, table, file(args)?.as_slice(), &options)?,
            }
        }
        "xlsx" | "ods" | "xls" => import_workbook(&mut projects, &file(args)?, table, &options)?,
        other => return Err(Error::validation("format", format!("`{other}` is not an import format"))),
    };
    let (documents, trails) = projects_json(&projects);
    Ok(json!({"report": report, "projects": documents, "audit_entries": trails}))
}

/// `io.export`: `{csv, rows}`, the CSV text and its records (the header first).
fn export(args: &Value) -> OpResult {
    let projects = projects(args)?;
    let options: ExportOptions = arg_or_default(args, "options")?;
    let table = table(args)?.ok_or_else(|| Error::validation("table", "name the table to export"))?;
    if text(args, "format") != "csv" {
        return Err(Error::validation("format", "io.export writes csv"));
    }
    let csv = export_csv(&projects, table, &options)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_owned).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::validation("csv", format!("the export is not CSV: {e}")))?;
    Ok(json!({"csv": csv, "rows": rows}))
}

/// `io.round_trip`: `{projects}`, the documents imported back (without `revision`).
fn round_trip(args: &Value) -> OpResult {
    let projects = projects(args)?;
    let mut back = Vec::new();
    let options = ImportOptions::default();
    match text(args, "format") {
        "csv" => {
            for table in Table::DATA {
                let csv = export_csv(&projects, table, &ExportOptions::default())?;
                import_csv(&mut back, table, &csv, &options)?;
            }
        }
        "xlsx" => {
            let bytes = export_xlsx(&projects, &ExportOptions::default())?;
            import_workbook(&mut back, &bytes, None, &options)?;
        }
        other => return Err(Error::validation("format", format!("`{other}` is not a round-trip format"))),
    }
    let (mut documents, _) = projects_json(&back);
    for doc in documents.as_array_mut().into_iter().flatten() {
        if let Some(doc) = doc.as_object_mut() {
            doc.remove("revision");
        }
    }
    Ok(json!({"projects": documents}))
}

/// Runs `op` if it is an io operation; `None` when the op is not one of ours.
pub fn dispatch(op: &str, args: &Value) -> Option<OpResult> {
    let result = match op {
        "io.import" => import(args),
        "io.export" => export(args),
        "io.round_trip" => round_trip(args),
        _ => return None,
    };
    Some(result)
}
