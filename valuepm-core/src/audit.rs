//! The audit trail: who changed what in a project, when, and why, in a hash chain that
//! makes a saved trail tamper-evident.
//!
//! Every change made to a [`Project`](crate::model::Project) through its API goes
//! through `Project::update` (copy, change, validate, swap). When the change validates,
//! the project's data before and after are compared in their JSON form and every
//! difference becomes one [`AuditEntry`] in the project's [`AuditTrail`]:
//!
//! - the **path** names the field from the document root: `name`,
//!   `line_items[capex].plan.amount`, `metrics[nps].measurements[3]`. Arrays of objects
//!   with an `id` (line items, metrics, risks) are keyed by that id, so removing an item
//!   in the middle is one `removed` entry; other arrays (measurements, actuals, tags,
//!   history) by position. An added or removed object is one entry holding all of it;
//!   a money value (`{"amount", "currency"}`) is compared as one value. When an id-keyed
//!   list's order is not "the kept items in their old order, then the added ones", one
//!   more `changed` entry at the list's path holds the ids in their old and new order.
//! - `schema_version` and `revision` are the library's bookkeeping, not edits: they
//!   are never entries.
//! - A change that leaves the data as it was records nothing; a change that fails
//!   validation records nothing either (it is not applied).
//!
//! The trail is append-only in the API: nothing edits or removes an entry. Each entry
//! carries the SHA-256 of its content chained to the previous entry's hash (see
//! [`AuditEntry::canonical_bytes`]), so [`AuditTrail::from_json`] detects an entry that
//! was edited, removed, inserted or reordered in a saved trail ([`Error::Tampered`]).
//! Cutting entries off the end leaves a valid, shorter chain: a caller that must detect
//! that keeps [`AuditTrail::last_hash`] elsewhere and compares.
//!
//! Who and why come from the project's change context ([`ChangeMeta`], set with
//! `Project::with_change` or `Project::set_change_meta`); `Project::transition` records
//! with its own `by`, `at` and `reason`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::document::{self, DocumentKind};
use crate::error::{Error, Result};

/// The audit trail document's schema version.
pub const AUDIT_SCHEMA_VERSION: u32 = 1;

/// The `prev_hash` of a trail's first entry: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The actor recorded when a change names none.
pub const UNSPECIFIED_ACTOR: &str = "unspecified";

/// Who makes a change, why, and when (the current time when `at` is `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeMeta {
    /// Who: a user name, a service, an import job. Recorded as `unspecified` when empty.
    #[serde(default)]
    pub actor: String,
    /// Why, if the caller says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When; `None` stamps each change with the time it is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

impl ChangeMeta {
    /// Changes made by `actor`.
    #[must_use]
    pub fn by(actor: impl Into<String>) -> Self {
        ChangeMeta { actor: actor.into(), reason: None, at: None }
    }

    /// With the reason `reason`.
    #[must_use]
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Stamped with the time `at` instead of the current time.
    #[must_use]
    pub fn at(mut self, at: DateTime<Utc>) -> Self {
        self.at = Some(at);
        self
    }
}

/// What happened at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOp {
    /// A value that was not there (`old` is empty).
    Added,
    /// A value replaced by another.
    Changed,
    /// A value taken away (`new` is empty).
    Removed,
}

impl AuditOp {
    /// The `snake_case` name used in documents, e.g. `changed`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditOp::Added => "added",
            AuditOp::Changed => "changed",
            AuditOp::Removed => "removed",
        }
    }
}

/// One recorded change of one field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// Position in the trail, from 0.
    pub seq: u64,
    /// When the change was made (RFC 3339, UTC).
    #[serde(with = "timestamp")]
    pub at: DateTime<Utc>,
    /// Who made it.
    pub actor: String,
    /// The changed project's id.
    pub project_id: String,
    /// The field, from the document root (see the module documentation).
    pub path: String,
    /// Added, changed or removed.
    pub op: AuditOp,
    /// The value before (empty when added, or when it was `null`).
    #[serde(default)]
    pub old: Option<Value>,
    /// The value after (empty when removed, or when it is `null`).
    #[serde(default)]
    pub new: Option<Value>,
    /// Why, if the caller said.
    #[serde(default)]
    pub reason: Option<String>,
    /// The previous entry's `hash` ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// Lowercase hex SHA-256 of [`AuditEntry::canonical_bytes`].
    pub hash: String,
}

impl AuditEntry {
    /// The bytes the entry's hash is computed over: the UTF-8 JSON text of an object
    /// holding every field but `hash` — `actor`, `at`, `new`, `old`, `op`, `path`,
    /// `prev_hash`, `project_id`, `reason`, `seq` — with
    ///
    /// - object keys in ascending byte order, at every depth (also inside `old`/`new`);
    /// - no whitespace outside strings;
    /// - strings escaped as JSON requires (`"`, `\` and control characters), other
    ///   characters as UTF-8; numbers as written by `serde_json` (shortest round-trip),
    ///   except that a float with an integral value below 2⁵³ in magnitude is written as
    ///   that integer (`1.0` as `1`, `-0.0` as `0`), so a trail keeps its hashes through
    ///   JSON tools that do not keep `1.0` and `1` apart (JavaScript's `JSON.parse`);
    /// - `at` as RFC 3339 in UTC with a `Z`, with fractional seconds only when not
    ///   zero, in 3, 6 or 9 digits (`2026-03-01T09:30:00Z`, `2026-03-01T09:30:00.250Z`);
    /// - `old`, `new` and `reason` as `null` when empty; `seq` as an integer.
    ///
    /// The hash is `lowercase_hex(SHA-256(canonical_bytes))`.
    #[must_use]
    pub fn canonical_bytes(&self) -> Vec<u8> {
        // Written straight into one buffer (the hashing of a large import's entries is
        // most of its time), keys in ascending byte order.
        let mut out = String::with_capacity(320);
        let value = |out: &mut String, v: Option<&Value>| match v {
            Some(v) => write_canonical(out, v),
            None => out.push_str("null"),
        };
        out.push_str("{\"actor\":");
        write_json_string(&mut out, &self.actor);
        out.push_str(",\"at\":");
        write_json_string(&mut out, &timestamp::format(&self.at));
        out.push_str(",\"new\":");
        value(&mut out, self.new.as_ref());
        out.push_str(",\"old\":");
        value(&mut out, self.old.as_ref());
        out.push_str(",\"op\":");
        write_json_string(&mut out, self.op.as_str());
        out.push_str(",\"path\":");
        write_json_string(&mut out, &self.path);
        out.push_str(",\"prev_hash\":");
        write_json_string(&mut out, &self.prev_hash);
        out.push_str(",\"project_id\":");
        write_json_string(&mut out, &self.project_id);
        out.push_str(",\"reason\":");
        match &self.reason {
            Some(reason) => write_json_string(&mut out, reason),
            None => out.push_str("null"),
        }
        let _ = write!(out, ",\"seq\":{}}}", self.seq);
        out.into_bytes()
    }

    /// The hash this entry should carry: lowercase hex SHA-256 of its canonical bytes.
    #[must_use]
    pub fn compute_hash(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let digest = Sha256::digest(self.canonical_bytes());
        let mut hex = String::with_capacity(64);
        for byte in &digest {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        hex
    }
}

/// `s` as a JSON string, exactly as `serde_json` writes it (which escapes `"`, `\\` and
/// the control characters below U+0020, and nothing else).
fn write_json_string(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        // Serialising a string cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// JSON text of `v` with object keys sorted at every depth, whatever the map type of
/// `serde_json` in this build (its `preserve_order` feature keeps insertion order).
fn write_canonical(out: &mut String, v: &Value) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, key);
                out.push(':');
                write_canonical(out, &map[key]);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::Number(n) => match n.as_f64() {
            // An integral float below 2⁵³ as that integer: exact, and what JavaScript
            // writes for it.
            #[allow(clippy::cast_possible_truncation)] // |x| < 2⁵³: exact in an i64
            Some(x) if n.is_f64() && x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 => {
                let _ = write!(out, "{}", x as i64);
            }
            _ => out.push_str(&n.to_string()),
        },
        Value::String(text) => write_json_string(out, text),
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The canonical JSON text of a value ([`AuditEntry::canonical_bytes`]'s form).
fn canonical_text(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(&mut out, v);
    out
}

/// The timestamps of entries: RFC 3339 in UTC, fractional seconds only when not zero.
mod timestamp {
    use super::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn format(at: &DateTime<Utc>) -> String {
        at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    pub(super) fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(at))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("`{text}` is not an RFC 3339 time: {e}")))
    }
}

/// Which entries to return; every filter is optional and they all apply together.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditQuery {
    /// Only this project's entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Only this actor's entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Only entries made at or after this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Only entries made at or before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Only entries at this path or below it, by whole path segments: `line_items`
    /// matches `line_items[capex].plan.amount`; `line_items[capex]` does not match
    /// `line_items[capex2]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
}

impl AuditQuery {
    /// Whether `entry` passes every filter.
    #[must_use]
    pub fn matches(&self, entry: &AuditEntry) -> bool {
        self.project_id.as_ref().is_none_or(|id| *id == entry.project_id)
            && self.actor.as_ref().is_none_or(|a| *a == entry.actor)
            && self.from.is_none_or(|from| entry.at >= from)
            && self.to.is_none_or(|to| entry.at <= to)
            && self.path_prefix.as_deref().is_none_or(|prefix| path_is_under(&entry.path, prefix))
    }
}

fn path_is_under(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => prefix.is_empty() || rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

/// The recorded changes of one project, oldest first, as one hash chain.
///
/// Made and extended only by the project it belongs to; loaded from a saved document
/// with [`AuditTrail::from_json`], which verifies the chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TrailDocument")]
pub struct AuditTrail {
    /// Document schema version ([`AUDIT_SCHEMA_VERSION`]).
    schema_version: u32,
    /// The entries, oldest first.
    entries: Vec<AuditEntry>,
}

/// The audit trail document as stored, before its chain is verified.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrailDocument {
    schema_version: u32,
    #[serde(default)]
    entries: Vec<AuditEntry>,
}

impl TryFrom<TrailDocument> for AuditTrail {
    type Error = Error;
    fn try_from(doc: TrailDocument) -> Result<Self> {
        document::check_typed_version(DocumentKind::AuditTrail, doc.schema_version)?;
        let trail = AuditTrail { schema_version: AUDIT_SCHEMA_VERSION, entries: doc.entries };
        trail.verify()?;
        Ok(trail)
    }
}

impl Default for AuditTrail {
    fn default() -> Self {
        AuditTrail::new()
    }
}

/// One difference found between two versions of a document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Change {
    pub(crate) path: String,
    pub(crate) op: AuditOp,
    pub(crate) old: Option<Value>,
    pub(crate) new: Option<Value>,
}

impl Change {
    /// `value` added at `path`.
    pub(crate) fn added(path: String, value: &impl Serialize) -> Self {
        Change { path, op: AuditOp::Added, old: None, new: json_of(value) }
    }

    /// `old` replaced by `new` at `path`.
    pub(crate) fn changed(path: String, old: &impl Serialize, new: &impl Serialize) -> Self {
        Change { path, op: AuditOp::Changed, old: json_of(old), new: json_of(new) }
    }
}

/// The JSON form of a document's part, empty when `null` (as [`some`] records it).
fn json_of(value: &impl Serialize) -> Option<Value> {
    // Document data with string keys: serialising cannot fail.
    serde_json::to_value(value).ok().filter(|v| !v.is_null())
}

/// The column names of [`AuditTrail::to_csv`].
pub const CSV_COLUMNS: [&str; 11] =
    ["seq", "at", "actor", "project_id", "path", "op", "old", "new", "reason", "prev_hash", "hash"];

impl AuditTrail {
    /// An empty trail.
    #[must_use]
    pub const fn new() -> Self {
        AuditTrail { schema_version: AUDIT_SCHEMA_VERSION, entries: Vec::new() }
    }

    /// Parses a saved trail, migrating older versions, and verifies its hash chain: an
    /// edited, removed, inserted or reordered entry is [`Error::Tampered`] naming it.
    pub fn from_json(json: &str) -> Result<Self> {
        AuditTrail::from_value(document::load(json, DocumentKind::AuditTrail)?)
    }

    /// [`AuditTrail::from_json`] for a document already parsed into a JSON value.
    pub fn from_value(value: Value) -> Result<Self> {
        let doc: TrailDocument = document::from_value(document::migrate(value, DocumentKind::AuditTrail)?)?;
        AuditTrail::try_from(doc)
    }

    /// The trail as a pretty-printed JSON document.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The entries as CSV with a header row and the columns [`CSV_COLUMNS`]; `old` and
    /// `new` are compact JSON text (empty when empty), `at` is RFC 3339.
    #[must_use]
    pub fn to_csv(&self) -> String {
        entries_to_csv(&self.entries)
    }

    /// The entries, oldest first.
    #[must_use]
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the trail has no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The hash of the last entry ([`GENESIS_HASH`] when empty). Kept elsewhere, it lets
    /// a caller detect entries cut off the end of a saved trail.
    #[must_use]
    pub fn last_hash(&self) -> &str {
        self.entries.last().map_or(GENESIS_HASH, |e| e.hash.as_str())
    }

    /// The entries that match `query`, oldest first.
    #[must_use]
    pub fn query(&self, query: &AuditQuery) -> Vec<&AuditEntry> {
        self.entries.iter().filter(|e| query.matches(e)).collect()
    }

    /// Checks the hash chain: every entry's `seq` is its position, its `prev_hash` the
    /// previous entry's hash and its `hash` the hash of its content; the first failure is
    /// [`Error::Tampered`].
    pub fn verify(&self) -> Result<()> {
        let mut prev = GENESIS_HASH;
        for (index, e) in self.entries.iter().enumerate() {
            let tampered = |field: &str, message: String| Error::Tampered {
                index,
                path: format!("entries[{index}].{field}"),
                message,
            };
            if e.seq != index as u64 {
                return Err(tampered(
                    "seq",
                    format!("seq {} at position {index}: an entry was removed, inserted or reordered", e.seq),
                ));
            }
            if e.prev_hash != prev {
                return Err(tampered(
                    "prev_hash",
                    format!("`{}` is not the previous entry's hash `{prev}`", e.prev_hash),
                ));
            }
            let computed = e.compute_hash();
            if e.hash != computed {
                return Err(tampered(
                    "hash",
                    format!("recorded `{}` but the entry hashes to `{computed}`: it was changed", e.hash),
                ));
            }
            match (e.op, &e.old, &e.new) {
                (AuditOp::Added, Some(_), _) => return Err(tampered("old", "an added value has no old value".into())),
                (AuditOp::Removed, _, Some(_)) => {
                    return Err(tampered("new", "a removed value has no new value".into()));
                }
                _ => {}
            }
            prev = &e.hash;
        }
        Ok(())
    }

    /// Fails with [`Error::Tampered`] unless every entry is about project `id`.
    pub(crate) fn check_project(&self, id: &str) -> Result<()> {
        match self.entries.iter().position(|e| e.project_id != id) {
            None => Ok(()),
            Some(index) => Err(Error::Tampered {
                index,
                path: format!("entries[{index}].project_id"),
                message: format!("`{}` is not the project `{id}`", self.entries[index].project_id),
            }),
        }
    }

    /// Appends one entry per change, all stamped with `meta` (the current time when it
    /// has none), chained to the last entry.
    pub(crate) fn record(&mut self, project_id: &str, meta: &ChangeMeta, changes: Vec<Change>) {
        let at = meta.at.unwrap_or_else(Utc::now);
        let actor = if meta.actor.trim().is_empty() { UNSPECIFIED_ACTOR.to_owned() } else { meta.actor.clone() };
        let reason = meta.reason.clone().filter(|r| !r.trim().is_empty());
        self.entries.reserve(changes.len());
        for change in changes {
            let mut entry = AuditEntry {
                seq: self.entries.len() as u64,
                at,
                actor: actor.clone(),
                project_id: project_id.to_owned(),
                path: change.path,
                op: change.op,
                old: change.old,
                new: change.new,
                reason: reason.clone(),
                prev_hash: self.last_hash().to_owned(),
                hash: String::new(),
            };
            entry.hash = entry.compute_hash();
            self.entries.push(entry);
        }
    }

    /// Drops the entries after the first `len` (undoing a group of changes that was
    /// rolled back before it was ever visible).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.entries.truncate(len);
    }
}

/// The entries of several trails (e.g. every project of a portfolio) that match
/// `query`, ordered by time, then project id, then position in their trail.
#[must_use]
pub fn query_trails<'a>(trails: impl IntoIterator<Item = &'a AuditTrail>, query: &AuditQuery) -> Vec<&'a AuditEntry> {
    let mut found: Vec<&AuditEntry> = trails.into_iter().flat_map(|t| t.query(query)).collect();
    found.sort_by(|a, b| (a.at, &a.project_id, a.seq).cmp(&(b.at, &b.project_id, b.seq)));
    found
}

/// Entries (of one trail or a query over several) as CSV, like [`AuditTrail::to_csv`]:
/// a header row of [`CSV_COLUMNS`], one row per entry, rows ending in `\n`, a field
/// quoted (its quotes doubled) when it holds a comma, a quote, `\r` or `\n` (RFC 4180).
/// Written here rather than with the `csv` crate, which the core needs only for the
/// `io` tables (feature `csv`).
#[must_use]
pub fn entries_to_csv<'a>(entries: impl IntoIterator<Item = &'a AuditEntry>) -> String {
    let mut out = String::new();
    write_csv_row(&mut out, CSV_COLUMNS.iter().copied());
    // Old and new values in the canonical form the hashes use (keys sorted at every depth).
    let json = |v: &Option<Value>| v.as_ref().map(canonical_text).unwrap_or_default();
    for e in entries {
        let (seq, at, old, new) = (e.seq.to_string(), timestamp::format(&e.at), json(&e.old), json(&e.new));
        write_csv_row(
            &mut out,
            [
                seq.as_str(),
                at.as_str(),
                e.actor.as_str(),
                e.project_id.as_str(),
                e.path.as_str(),
                e.op.as_str(),
                old.as_str(),
                new.as_str(),
                e.reason.as_deref().unwrap_or_default(),
                e.prev_hash.as_str(),
                e.hash.as_str(),
            ],
        );
    }
    out
}

fn write_csv_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// The differences from `old` to `new` (two JSON documents), leaving out the top-level
/// fields `skip`.
pub(crate) fn diff_documents(old: &Value, new: &Value, skip: &[&str]) -> Vec<Change> {
    let mut out = Vec::new();
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => diff_object("", a, b, skip, &mut out),
        _ => diff_value("", old, new, &mut out),
    }
    out
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `null` is recorded as an empty value, as a saved entry reads it back.
fn some(v: &Value) -> Option<Value> {
    (!v.is_null()).then(|| v.clone())
}

fn diff_value(path: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) if !is_money(a) && !is_money(b) => diff_object(path, a, b, &[], out),
        (Value::Array(a), Value::Array(b)) => diff_array(path, a, b, out),
        _ => out.push(Change { path: path.to_owned(), op: AuditOp::Changed, old: some(old), new: some(new) }),
    }
}

/// A money value: compared and recorded as one value.
fn is_money(map: &Map<String, Value>) -> bool {
    map.len() == 2 && map.contains_key("amount") && map.contains_key("currency")
}

fn diff_object(path: &str, a: &Map<String, Value>, b: &Map<String, Value>, skip: &[&str], out: &mut Vec<Change>) {
    // Sorted keys: the same entries in the same order whatever the map type.
    let mut keys: Vec<&String> = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).collect();
    keys.sort_unstable();
    for key in keys.into_iter().filter(|k| !skip.contains(&k.as_str())) {
        let at = child(path, key);
        match (a.get(key), b.get(key)) {
            (Some(va), Some(vb)) => diff_value(&at, va, vb, out),
            (Some(va), None) => out.push(Change { path: at, op: AuditOp::Removed, old: some(va), new: None }),
            (None, Some(vb)) => out.push(Change { path: at, op: AuditOp::Added, old: None, new: some(vb) }),
            (None, None) => {}
        }
    }
}

/// The `id`s of a list whose every element is an object with a distinct string `id`.
fn ids(list: &[Value]) -> Option<Vec<&str>> {
    let ids: Vec<&str> = list.iter().map(|v| v.get("id").and_then(Value::as_str)).collect::<Option<_>>()?;
    let distinct: HashSet<&str> = ids.iter().copied().collect();
    (distinct.len() == ids.len()).then_some(ids)
}

fn diff_array(path: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    if let (Some(ids_a), Some(ids_b)) = (ids(a), ids(b)) {
        let in_b: HashMap<&str, usize> = ids_b.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let in_a: HashSet<&str> = ids_a.iter().copied().collect();
        for (id, va) in ids_a.iter().zip(a) {
            let at = format!("{path}[{id}]");
            match in_b.get(id) {
                Some(&j) => diff_value(&at, va, &b[j], out),
                None => out.push(Change { path: at, op: AuditOp::Removed, old: some(va), new: None }),
            }
        }
        for (id, vb) in ids_b.iter().zip(b) {
            if !in_a.contains(id) {
                out.push(Change { path: format!("{path}[{id}]"), op: AuditOp::Added, old: None, new: some(vb) });
            }
        }
        // The entries above leave the kept items in their old order with the added ones
        // after them; any other order is one more entry.
        let replayed: Vec<&str> = ids_a
            .iter()
            .copied()
            .filter(|id| in_b.contains_key(id))
            .chain(ids_b.iter().copied().filter(|id| !in_a.contains(id)))
            .collect();
        if replayed != ids_b {
            out.push(Change {
                path: path.to_owned(),
                op: AuditOp::Changed,
                old: Some(Value::from(ids_a)),
                new: Some(Value::from(ids_b)),
            });
        }
    } else {
        for (i, (va, vb)) in a.iter().zip(b).enumerate() {
            diff_value(&format!("{path}[{i}]"), va, vb, out);
        }
        for (i, va) in a.iter().enumerate().skip(b.len()) {
            out.push(Change { path: format!("{path}[{i}]"), op: AuditOp::Removed, old: some(va), new: None });
        }
        for (i, vb) in b.iter().enumerate().skip(a.len()) {
            out.push(Change { path: format!("{path}[{i}]"), op: AuditOp::Added, old: None, new: some(vb) });
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn diff(a: &Value, b: &Value) -> Vec<(String, AuditOp, Option<Value>, Option<Value>)> {
        diff_documents(a, b, &["revision"]).into_iter().map(|c| (c.path, c.op, c.old, c.new)).collect()
    }

    #[test]
    fn unchanged_documents_have_no_differences() {
        let doc = json!({"a": 1, "list": [{"id": "x", "v": [1, 2]}]});
        assert!(diff(&doc, &doc).is_empty());
    }

    #[test]
    fn fields_are_added_changed_and_removed() {
        let d = diff(&json!({"a": 1, "b": "x", "revision": 1}), &json!({"a": 2, "c": true, "revision": 2}));
        assert_eq!(
            d,
            vec![
                ("a".into(), AuditOp::Changed, Some(json!(1)), Some(json!(2))),
                ("b".into(), AuditOp::Removed, Some(json!("x")), None),
                ("c".into(), AuditOp::Added, None, Some(json!(true))),
            ]
        );
    }

    #[test]
    fn lists_with_ids_are_keyed_by_id() {
        let a = json!({"items": [{"id": "a", "n": 1}, {"id": "b", "n": 2}, {"id": "c", "n": 3}]});
        let b = json!({"items": [{"id": "a", "n": 1}, {"id": "c", "n": 4}, {"id": "d", "n": 5}]});
        assert_eq!(
            diff(&a, &b),
            vec![
                ("items[b]".into(), AuditOp::Removed, Some(json!({"id": "b", "n": 2})), None),
                ("items[c].n".into(), AuditOp::Changed, Some(json!(3)), Some(json!(4))),
                ("items[d]".into(), AuditOp::Added, None, Some(json!({"id": "d", "n": 5}))),
            ]
        );
    }

    #[test]
    fn a_new_order_of_keyed_items_is_one_entry() {
        let d = diff(&json!({"items": [{"id": "a"}, {"id": "b"}]}), &json!({"items": [{"id": "b"}, {"id": "a"}]}));
        assert_eq!(d, vec![("items".into(), AuditOp::Changed, Some(json!(["a", "b"])), Some(json!(["b", "a"])))]);
    }

    #[test]
    fn an_item_added_before_others_records_the_new_order() {
        let d = diff(&json!({"items": [{"id": "a"}]}), &json!({"items": [{"id": "b"}, {"id": "a"}]}));
        assert_eq!(
            d,
            vec![
                ("items[b]".into(), AuditOp::Added, None, Some(json!({"id": "b"}))),
                ("items".into(), AuditOp::Changed, Some(json!(["a"])), Some(json!(["b", "a"]))),
            ]
        );
        // Appended at the end: no order entry.
        let d = diff(&json!({"items": [{"id": "a"}]}), &json!({"items": [{"id": "a"}, {"id": "b"}]}));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn other_lists_by_position() {
        let d = diff(&json!({"tags": ["x", "y"], "m": [1]}), &json!({"tags": ["y"], "m": [1, 2]}));
        assert_eq!(
            d,
            vec![
                ("m[1]".into(), AuditOp::Added, None, Some(json!(2))),
                ("tags[0]".into(), AuditOp::Changed, Some(json!("x")), Some(json!("y"))),
                ("tags[1]".into(), AuditOp::Removed, Some(json!("y")), None),
            ]
        );
    }

    #[test]
    fn money_is_one_value_and_null_is_empty() {
        let d = diff(
            &json!({"cost": {"amount": "1", "currency": "EUR"}, "p": null}),
            &json!({"cost": {"amount": "2", "currency": "EUR"}, "p": 0.5}),
        );
        assert_eq!(
            d,
            vec![
                (
                    "cost".into(),
                    AuditOp::Changed,
                    Some(json!({"amount": "1", "currency": "EUR"})),
                    Some(json!({"amount": "2", "currency": "EUR"}))
                ),
                ("p".into(), AuditOp::Changed, None, Some(json!(0.5))),
            ]
        );
    }

    #[test]
    fn integral_floats_are_written_as_integers() {
        let text = |v: Value| canonical_text(&v);
        assert_eq!(text(json!(10.0)), "10");
        assert_eq!(text(json!(10)), "10");
        assert_eq!(text(json!(-0.0)), "0");
        assert_eq!(text(json!(-3.0)), "-3");
        assert_eq!(text(json!(9_007_199_254_740_991.0)), "9007199254740991");
        // From 2⁵³ up, and for fractions, serde_json's shortest round trip.
        assert_eq!(text(json!(9_007_199_254_740_992.0)), "9007199254740992.0");
        assert_eq!(text(json!(0.75)), "0.75");
        assert_eq!(text(json!({"b": [1.0, 2.5], "a": 3.0})), r#"{"a":3,"b":[1,2.5]}"#);
    }

    #[test]
    fn path_prefixes_match_whole_segments() {
        assert!(path_is_under("line_items[capex].plan.amount", "line_items"));
        assert!(path_is_under("line_items[capex].plan.amount", "line_items[capex]"));
        assert!(path_is_under("line_items[capex]", "line_items[capex]"));
        assert!(!path_is_under("line_items[capex2]", "line_items[capex]"));
        assert!(!path_is_under("names", "name"));
        assert!(path_is_under("anything", ""));
    }

    #[test]
    fn json_strings_are_written_as_serde_json_writes_them() {
        for s in ["", "plain é € 😀", "quote \" and \\ backslash", "tab\t newline\n nul\0 \u{1f} del\u{7f}"] {
            let mut out = String::new();
            write_json_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn canonical_bytes_sort_keys_at_every_depth() {
        let entry = AuditEntry {
            seq: 0,
            at: DateTime::parse_from_rfc3339("2026-03-01T09:30:00Z").unwrap().with_timezone(&Utc),
            actor: "alice".into(),
            project_id: "p".into(),
            path: "x".into(),
            op: AuditOp::Added,
            old: None,
            new: Some(json!({"z": 1, "a": [{"d": "é\"", "b": null}]})),
            reason: None,
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        };
        let text = String::from_utf8(entry.canonical_bytes()).unwrap();
        assert_eq!(
            text,
            format!(
                r#"{{"actor":"alice","at":"2026-03-01T09:30:00Z","new":{{"a":[{{"b":null,"d":"é\""}}],"z":1}},"old":null,"op":"added","path":"x","prev_hash":"{GENESIS_HASH}","project_id":"p","reason":null,"seq":0}}"#
            )
        );
    }
}
