//! Loading versioned JSON documents (projects, templates, portfolios, audit trails) and
//! plain JSON values with errors that name the failing field. Bindings use
//! [`from_value`] for records that cross as data, so every language reports the same
//! kind and path.
//!
//! # Versions and migrations
//!
//! Every saved document carries its `schema_version`. [`load`] reads it and migrates the
//! document step by step (`v1 → v2`, `v2 → v3`, …) on its JSON value to the version this
//! library writes ([`DocumentKind::current_version`]); only then is it read into the
//! typed structs. Each step is a small function of its own, tested against a real saved
//! document of the older version. A version newer than the library's, or one that never
//! existed, is [`Error::UnsupportedSchemaVersion`] naming both versions; a missing one is
//! a validation error at `schema_version`.
//!
//! | document | version | change |
//! | --- | --- | --- |
//! | project | 2 | adds `revision`, the count of changes made through the API (v1 documents migrate with 0) |
//! | portfolio | 2 | its embedded project documents are version 2 |
//! | template | 1 | |
//! | audit trail | 1 | |
//!
//! A document never silently loses a field it does not understand: every document
//! struct denies unknown fields, so such a field is a validation error naming it.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};

/// The kinds of saved document, each with its own version line and migrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentKind {
    /// A project ([`crate::model::Project`]).
    Project,
    /// A project template ([`crate::template::Template`]).
    Template,
    /// A portfolio ([`crate::portfolio::Portfolio`]), embedding project documents.
    Portfolio,
    /// A project's audit trail ([`crate::audit::AuditTrail`]).
    AuditTrail,
}

/// One migration step: turns a document of version `n` into one of version `n + 1`
/// (and sets its `schema_version`).
type Step = fn(&mut Value) -> Result<()>;

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Project, DocumentKind::Template, DocumentKind::Portfolio, DocumentKind::AuditTrail];

    /// The name used in messages, e.g. `project` or `audit trail`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            DocumentKind::Project => "project",
            DocumentKind::Template => "template",
            DocumentKind::Portfolio => "portfolio",
            DocumentKind::AuditTrail => "audit trail",
        }
    }

    /// The version this library writes, and the newest it reads.
    #[must_use]
    pub const fn current_version(self) -> u32 {
        // One step per version after the first.
        self.steps().len() as u32 + 1
    }

    /// `steps()[i]` migrates version `i + 1` to `i + 2`.
    const fn steps(self) -> &'static [Step] {
        match self {
            DocumentKind::Project => &[project_v1_to_v2],
            DocumentKind::Portfolio => &[portfolio_v1_to_v2],
            DocumentKind::Template | DocumentKind::AuditTrail => &[],
        }
    }
}

/// Parses `json` as a document of `kind` and migrates it to the current version.
///
/// Malformed JSON is [`Error::Parse`]; a document that is not an object, or has no
/// `schema_version`, is a validation error; a newer or unknown version is
/// [`Error::UnsupportedSchemaVersion`].
pub fn load(json: &str, kind: DocumentKind) -> Result<Value> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| Error::Parse { document: kind.name(), message: e.to_string() })?;
    migrate(value, kind)
}

/// Migrates an already parsed document of `kind` to the current version (what [`load`]
/// does after parsing).
pub fn migrate(mut doc: Value, kind: DocumentKind) -> Result<Value> {
    if !doc.is_object() {
        return Err(Error::validation("", format!("a {} document must be a JSON object", kind.name())));
    }
    let found = schema_version(&doc, kind)?;
    for step in &kind.steps()[found as usize - 1..] {
        step(&mut doc)?;
    }
    Ok(doc)
}

/// Parses `json` as a document of `kind`, migrates it and reads it as `T`.
///
/// Besides the errors of [`load`], a field of the wrong type, an unknown field or an
/// invalid value (a currency code, a date) is [`Error::Validation`] at that field's path,
/// e.g. `line_items[2].plan.amount.currency`.
pub fn from_json<T: DeserializeOwned>(json: &str, kind: DocumentKind) -> Result<T> {
    from_value(load(json, kind)?)
}

/// Deserialises a JSON value, reporting a data error as a validation error at its path.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Error::Validation { path, message: e.into_inner().to_string() }
    })
}

/// The document's `schema_version`, if this library reads it (1 to the current version).
fn schema_version(doc: &Value, kind: DocumentKind) -> Result<u32> {
    let current = kind.current_version();
    let Some(v) = doc.get("schema_version") else {
        return Err(Error::validation("schema_version", "is required"));
    };
    match v.as_u64() {
        Some(found) if (1..=u64::from(current)).contains(&found) => Ok(found as u32),
        _ => Err(Error::UnsupportedSchemaVersion { document: kind.name(), found: v.to_string(), supported: current }),
    }
}

/// Checks the `schema_version` of a document already read into its struct (the typed
/// path that bindings and Rust callers use): 1 to the current version is accepted.
pub(crate) fn check_typed_version(kind: DocumentKind, found: u32) -> Result<()> {
    if (1..=kind.current_version()).contains(&found) {
        Ok(())
    } else {
        Err(Error::UnsupportedSchemaVersion {
            document: kind.name(),
            found: found.to_string(),
            supported: kind.current_version(),
        })
    }
}

fn set_version(doc: &mut Value, version: u32) {
    doc["schema_version"] = Value::from(version);
}

/// Project v1 → v2: adds `revision` (the count of changes made through the API; 0, as
/// no change to a v1 document was counted).
fn project_v1_to_v2(doc: &mut Value) -> Result<()> {
    if doc.get("revision").is_some() {
        // Version 1 had no such field: it is unknown there, not a revision to keep.
        return Err(Error::validation("revision", "unknown field in a version 1 project document"));
    }
    doc["revision"] = Value::from(0_u64);
    set_version(doc, 2);
    Ok(())
}

/// Portfolio v1 → v2: migrates every embedded project document (each from its own
/// version) to project version 2.
fn portfolio_v1_to_v2(doc: &mut Value) -> Result<()> {
    if let Some(Value::Array(entries)) = doc.get_mut("projects") {
        for (i, entry) in entries.iter_mut().enumerate() {
            let at = format!("projects[{i}].project");
            if let Some(project) = entry.get_mut("project") {
                *project = migrate(project.take(), DocumentKind::Project).map_err(|e| e.at(&at))?;
            }
        }
    }
    set_version(doc, 2);
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn current_versions() {
        assert_eq!(DocumentKind::Project.current_version(), 2);
        assert_eq!(DocumentKind::Portfolio.current_version(), 2);
        assert_eq!(DocumentKind::Template.current_version(), 1);
        assert_eq!(DocumentKind::AuditTrail.current_version(), 1);
    }

    #[test]
    fn project_step_adds_revision_zero() {
        let mut doc = json!({"schema_version": 1, "id": "p"});
        project_v1_to_v2(&mut doc).unwrap();
        assert_eq!(doc, json!({"schema_version": 2, "id": "p", "revision": 0}));
    }

    #[test]
    fn project_step_refuses_a_revision_in_v1() {
        let mut doc = json!({"schema_version": 1, "revision": 4});
        let e = project_v1_to_v2(&mut doc).unwrap_err();
        assert_eq!(e.path(), Some("revision"));
    }

    #[test]
    fn portfolio_step_migrates_embedded_projects() {
        let mut doc = json!({"schema_version": 1, "projects": [
            {"project": {"schema_version": 1, "id": "a"}},
            {"project": {"schema_version": 2, "id": "b", "revision": 7}, "category": "x"},
        ]});
        portfolio_v1_to_v2(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"schema_version": 2, "projects": [
                {"project": {"schema_version": 2, "id": "a", "revision": 0}},
                {"project": {"schema_version": 2, "id": "b", "revision": 7}, "category": "x"},
            ]})
        );
    }

    #[test]
    fn portfolio_step_names_the_failing_project() {
        let mut doc = json!({"schema_version": 1, "projects": [{"project": {"schema_version": 9}}]});
        let e = portfolio_v1_to_v2(&mut doc).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::UnsupportedSchemaVersion);
        let mut doc = json!({"schema_version": 1, "projects": [{"project": {"id": "a"}}]});
        let e = portfolio_v1_to_v2(&mut doc).unwrap_err();
        assert_eq!(e.path(), Some("projects[0].project.schema_version"));
    }

    #[test]
    fn versions_outside_the_known_range_are_refused() {
        for (found, text) in
            [(json!(3), "3"), (json!(0), "0"), (json!("2"), "\"2\""), (json!(1.5), "1.5"), (json!(-1), "-1")]
        {
            let e = migrate(json!({"schema_version": found}), DocumentKind::Project).unwrap_err();
            match e {
                Error::UnsupportedSchemaVersion { document, found, supported } => {
                    assert_eq!((document, found.as_str(), supported), ("project", text, 2));
                }
                other => panic!("{other:?}"),
            }
        }
        let e = load(r#"{"schema_version": 3}"#, DocumentKind::Project).unwrap_err();
        assert_eq!(e.to_string(), "project document version 3 is newer than this library's 2");
    }

    #[test]
    fn missing_version_and_non_objects() {
        let e = migrate(json!({"id": "p"}), DocumentKind::Template).unwrap_err();
        assert_eq!((e.kind(), e.path()), (crate::ErrorKind::Validation, Some("schema_version")));
        let e = migrate(json!([1]), DocumentKind::Project).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Validation);
        let e = load("{", DocumentKind::AuditTrail).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
    }
}
