//! Wraps `valuepm_core::document`: `migrateDocument`, which brings a saved document of
//! an older schema version to the version this library writes.

use napi::bindgen_prelude::{Either, Object};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::document::{self, DocumentKind};

use crate::convert::object_json;
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
#[napi(
    ts_args_type = "kind: 'project' | 'portfolio' | 'template' | 'audit_trail', document: string | Record<string, unknown>",
    ts_return_type = "string | Record<string, unknown>"
)]
pub fn migrate_document(
    env: Env,
    kind: String,
    document: Either<String, Object>,
) -> napi::Result<Either<String, Value>> {
    call(env, || {
        let kind = self::kind(&kind)?;
        match document {
            Either::A(text) => {
                let migrated = document::load(&text, kind)?;
                Ok(Either::A(serde_json::to_string_pretty(&migrated).unwrap_or_default()))
            }
            Either::B(object) => Ok(Either::B(document::migrate(object_json(env, &object, "")?, kind)?)),
        }
    })
}
