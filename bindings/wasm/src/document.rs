//! Wraps `valuepm_core::document` under the Node package's names: `migrateDocument`,
//! which brings a saved document of an older schema version to the version this library
//! writes.

use valuepm_core::document::{self, DocumentKind};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{object_json, to_js};
use crate::error::{call, invalid_argument, Failure};

/// The document kind named `name` (`project`, `portfolio`, `template`, `audit_trail`).
fn kind(name: &str) -> Result<DocumentKind, Failure> {
    match name {
        "project" => Ok(DocumentKind::Project),
        "portfolio" => Ok(DocumentKind::Portfolio),
        "template" => Ok(DocumentKind::Template),
        "audit_trail" => Ok(DocumentKind::AuditTrail),
        other => Err(invalid_argument(
            "kind",
            format!("`{other}` is not a document kind (project, portfolio, template, audit_trail)"),
        )),
    }
}

/// `document` of `kind` (`project`, `portfolio`, `template`, `audit_trail`) migrated step
/// by step to the current schema version: JSON text for JSON text, a plain object for an
/// object. A newer or unknown version is an error of code `unsupported_schema_version`.
#[wasm_bindgen(js_name = "migrateDocument", unchecked_return_type = "string | Record<string, unknown>")]
pub fn migrate_document(
    #[wasm_bindgen(unchecked_param_type = "'project' | 'portfolio' | 'template' | 'audit_trail'")] kind: String,
    #[wasm_bindgen(unchecked_param_type = "string | Record<string, unknown>")] document: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let kind = self::kind(&kind)?;
        match document.as_string() {
            Some(text) => {
                let migrated = document::load(&text, kind)?;
                Ok(JsValue::from_str(&serde_json::to_string_pretty(&migrated).unwrap_or_default()))
            }
            None => to_js(&document::migrate(object_json(&document, "")?, kind)?),
        }
    })
}
