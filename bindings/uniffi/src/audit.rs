//! The audit trail, change metadata and document migration: `AuditTrail` (an object),
//! `ChangeMeta` (a record), `query_trails` and `migrate_document`. Entries and queries
//! cross as the core's JSON, as the binding's other records do.

use std::sync::Arc;

use valuepm_core::audit::{self, AuditQuery, AuditTrail as CoreTrail, ChangeMeta as CoreMeta};
use valuepm_core::document::{self, DocumentKind};

use crate::error::{invalid_argument, record, run, to_json, value_record, ValuePmError};

type R<T> = Result<T, ValuePmError>;

/// Who makes the following changes of a project, why, and when (`at`: RFC 3339; `null`
/// stamps each change with the time it is made).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChangeMeta {
    /// Who: a user name, a service, an import job (`unspecified` when empty).
    pub actor: String,
    /// Why, if the caller says.
    #[uniffi(default = None)]
    pub reason: Option<String>,
    /// When (RFC 3339), or `null` for the time of each change.
    #[uniffi(default = None)]
    pub at: Option<String>,
}

/// The core's change context from the record (a bad `at` is `Validation` at `meta.at`).
pub(crate) fn core_meta(meta: ChangeMeta) -> R<CoreMeta> {
    let at = meta.at.map(|at| value_record("meta.at", serde_json::Value::String(at))).transpose()?;
    Ok(CoreMeta { actor: meta.actor, reason: meta.reason, at })
}

/// The record of the core's change context.
pub(crate) fn from_core_meta(meta: &CoreMeta) -> ChangeMeta {
    ChangeMeta {
        actor: meta.actor.clone(),
        reason: meta.reason.clone(),
        at: meta.at.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
    }
}

/// A project's audit trail: every recorded change, oldest first, in a SHA-256 hash chain.
/// `AuditTrail.fromJson` verifies the chain (`ValuePmError.Tampered` names the first entry
/// that fails); a project's own trail is `Project.auditTrail()`. Immutable; shareable
/// between threads.
#[derive(uniffi::Object)]
pub struct AuditTrail {
    pub(crate) inner: CoreTrail,
}

fn query(query_json: Option<String>) -> R<AuditQuery> {
    match query_json {
        None => Ok(AuditQuery::default()),
        Some(json) => record("query", &json),
    }
}

#[uniffi::export]
impl AuditTrail {
    /// Parses a saved trail (JSON), migrating an older version, and verifies its hash
    /// chain: an entry edited, removed, inserted or reordered is `Tampered` with its path
    /// (`entries[4].hash`).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> R<Arc<Self>> {
        run(|| Ok(Arc::new(Self { inner: CoreTrail::from_json(&json)? })))
    }

    /// The trail document as JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The entries as CSV text with a header row (`seq, at, actor, project_id, path, op,
    /// old, new, reason, prev_hash, hash`).
    #[must_use]
    pub fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// Every entry, oldest first, as a JSON array of the core's entry records (`seq`,
    /// `at`, `actor`, `project_id`, `path`, `op`, `old`, `new`, `reason`, `prev_hash`,
    /// `hash`).
    pub fn entries(&self) -> R<String> {
        run(|| to_json(self.inner.entries()))
    }

    /// The entries that pass every filter of the query (JSON `{project_id, actor, from,
    /// to, path_prefix}`, every key optional; `null`: every entry), oldest first, as a
    /// JSON array.
    #[uniffi::method(default(query_json = None))]
    pub fn query(&self, query_json: Option<String>) -> R<String> {
        run(|| to_json(&self.inner.query(&query(query_json)?)))
    }

    /// Checks the hash chain; `Tampered` at the first entry that fails.
    pub fn verify(&self) -> R<()> {
        run(|| Ok(self.inner.verify()?))
    }

    /// The last entry's hash (64 zeros when empty). Kept elsewhere, it tells whether
    /// entries were cut off the end of a saved trail.
    #[must_use]
    pub fn last_hash(&self) -> String {
        self.inner.last_hash().to_owned()
    }

    /// The number of entries.
    #[must_use]
    pub fn size(&self) -> u64 {
        self.inner.len() as u64
    }
}

/// The entries of several trails (e.g. every project of a portfolio) that pass the query
/// (JSON, as `AuditTrail.query`), ordered by time, then project id, then position in
/// their trail; a JSON array.
#[uniffi::export(default(query_json = None))]
pub fn query_trails(trails: Vec<Arc<AuditTrail>>, query_json: Option<String>) -> R<String> {
    run(|| {
        let query = query(query_json)?;
        to_json(&audit::query_trails(trails.iter().map(|t| &t.inner), &query))
    })
}

/// The document `json` of `kind` (`project`, `portfolio`, `template`, `audit_trail`)
/// migrated step by step to the current schema version, as JSON. A newer or unknown
/// version is `UnsupportedSchemaVersion`.
#[uniffi::export]
pub fn migrate_document(kind: String, json: String) -> R<String> {
    run(|| {
        let kind = match kind.as_str() {
            "project" => DocumentKind::Project,
            "portfolio" => DocumentKind::Portfolio,
            "template" => DocumentKind::Template,
            "audit_trail" => DocumentKind::AuditTrail,
            other => {
                return Err(invalid_argument(
                    "kind",
                    format!("`{other}` is not a document kind (project, portfolio, template, audit_trail)"),
                ))
            }
        };
        to_json(&document::load(&json, kind)?)
    })
}
