//! Loading versioned JSON documents (projects, templates) and plain JSON values with
//! errors that name the failing field. Bindings use [`from_value`] for records that
//! cross as data, so every language reports the same kind and path.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Parses `json` as a `document` of schema version `supported`.
///
/// Malformed JSON is [`Error::Parse`]; a missing or unsupported `schema_version` is a
/// validation error or [`Error::UnsupportedSchemaVersion`]; a field of the wrong type,
/// an unknown field or an invalid value (a currency code, a date) is
/// [`Error::Validation`] at that field's path, e.g. `line_items[2].plan.amount.currency`.
pub fn from_json<T: DeserializeOwned>(json: &str, document: &'static str, supported: u32) -> Result<T> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Error::Parse { document, message: e.to_string() })?;
    check_schema_version(&value, document, supported)?;
    from_value(value)
}

/// Deserialises a JSON value, reporting a data error as a validation error at its path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Error::Validation { path, message: e.into_inner().to_string() }
    })
}

/// Fails with [`Error::UnsupportedSchemaVersion`] unless the document's
/// `schema_version` is `supported` (a missing version is a validation error).
pub(crate) fn check_schema_version(doc: &serde_json::Value, document: &'static str, supported: u32) -> Result<()> {
    match doc.get("schema_version") {
        None => Err(Error::validation("schema_version", "is required")),
        Some(v) => match v.as_u64() {
            Some(found) if found == u64::from(supported) => Ok(()),
            Some(found) => Err(Error::UnsupportedSchemaVersion {
                document,
                found: u32::try_from(found).unwrap_or(u32::MAX),
                supported,
            }),
            None => Err(Error::validation("schema_version", format!("{v} is not a version number"))),
        },
    }
}
