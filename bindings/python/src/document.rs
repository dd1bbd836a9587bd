//! Wraps `valuepm_core::document`: `migrate_document`, which brings a saved document of
//! an older schema version to the version this library writes.

use pyo3::prelude::*;
use pyo3::types::PyString;
use valuepm_core::document::{self, DocumentKind};

use crate::convert::{json_from_py, json_to_py};
use crate::error::{invalid_argument, run, OrRaise};

/// The document kind named `name` (`project`, `portfolio`, `template`, `audit_trail`).
pub fn document_kind(py: Python<'_>, name: &str) -> PyResult<DocumentKind> {
    match name {
        "project" => Ok(DocumentKind::Project),
        "portfolio" => Ok(DocumentKind::Portfolio),
        "template" => Ok(DocumentKind::Template),
        "audit_trail" => Ok(DocumentKind::AuditTrail),
        other => Err(invalid_argument(
            py,
            "kind",
            format!("`{other}` is not a document kind (project, portfolio, template, audit_trail)"),
        )),
    }
}

/// `document` (JSON text, or a dict) of `kind` (`project`, `portfolio`, `template`,
/// `audit_trail`) migrated step by step to the current schema version: JSON text for
/// text, a dict for a dict. A newer or unknown version raises
/// `UnsupportedSchemaVersionError`; malformed JSON `ParseError`.
#[pyfunction]
pub fn migrate_document<'py>(py: Python<'py>, kind: &str, document: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let kind = document_kind(py, kind)?;
    if let Ok(text) = document.cast::<PyString>() {
        let text = text.to_cow()?.into_owned();
        let migrated = run(|| document::load(&text, kind)).or_raise()?;
        let out = serde_json::to_string_pretty(&migrated).unwrap_or_default();
        return Ok(PyString::new(py, &out).into_any());
    }
    let value = json_from_py(document, "")?;
    let migrated = run(|| document::migrate(value, kind)).or_raise()?;
    json_to_py(py, &migrated)
}
