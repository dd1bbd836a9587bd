//! Wraps `valuepm_core::audit`: `AuditTrail` (a project's hash-chained change record,
//! loaded with its chain verified) and `queryTrails` over several trails. Entries and
//! queries cross as the core's JSON form (`snake_case` keys; camelCase query keys are
//! accepted too).

use napi::bindgen_prelude::{ClassInstance, Either, Object};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::audit::{self, AuditQuery, AuditTrail};

use crate::convert::{object_json, record_at, snake_case_keys, to_json, DateArg};
use crate::error::{call, Failure};

/// A project's audit trail: every recorded change, oldest first, in a SHA-256 hash
/// chain. `AuditTrail.fromJson` verifies the chain (an error of code `tampered` names
/// the first entry that fails); a project's own trail is `project.auditTrail()`.
#[napi(js_name = "AuditTrail")]
pub struct JsAuditTrail {
    inner: AuditTrail,
}

impl JsAuditTrail {
    /// Wraps a core trail.
    pub fn from_core(inner: AuditTrail) -> Self {
        JsAuditTrail { inner }
    }
}

/// An `AuditQuery` from `{project_id?, actor?, from?, to?, path_prefix?}` (`from`/`to`: a
/// `Date` or an RFC 3339 string); absent: every entry.
fn query(env: Env, query: Option<&Object<'_>>) -> Result<AuditQuery, Failure> {
    let Some(object) = query else { return Ok(AuditQuery::default()) };
    let mut value = snake_case_keys(object_json(env, object, "query")?);
    for key in ["from", "to"] {
        if let Ok(Some(Either::B(at))) = object.get::<DateArg>(key) {
            value[key] = Value::String(at.to_rfc3339());
        }
    }
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    record_at(value, "query")
}

#[napi]
impl JsAuditTrail {
    /// An empty trail.
    #[napi(constructor)]
    pub fn new() -> Self {
        JsAuditTrail { inner: AuditTrail::new() }
    }

    /// Parses a saved trail (JSON text), migrating an older version, and verifies its
    /// hash chain: an entry edited, removed, inserted or reordered is an error of code
    /// `tampered` whose `path` names it (`entries[4].hash`).
    #[napi]
    pub fn from_json(env: Env, text: String) -> napi::Result<Self> {
        call(env, || Ok(JsAuditTrail { inner: AuditTrail::from_json(&text)? }))
    }

    /// `fromJson` for the trail document as an object.
    #[napi(ts_args_type = "data: AuditTrailData")]
    pub fn from_data(env: Env, data: Object) -> napi::Result<Self> {
        call(env, || Ok(JsAuditTrail { inner: AuditTrail::from_value(object_json(env, &data, "")?)? }))
    }

    /// The trail document (pretty-printed JSON text).
    #[napi(js_name = "toJson")]
    pub fn to_json_text(&self) -> String {
        self.inner.to_json()
    }

    /// The trail document as a plain object (for `JSON.stringify`).
    #[napi(js_name = "toJSON", ts_return_type = "AuditTrailData")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }

    /// The entries as CSV text with a header row (`seq, at, actor, project_id, path, op,
    /// old, new, reason, prev_hash, hash`; `old` and `new` as compact JSON).
    #[napi]
    pub fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// Every entry, oldest first, as plain objects.
    #[napi(ts_return_type = "Array<AuditEntry>")]
    pub fn entries(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(self.inner.entries()))
    }

    /// The entries that pass every filter of `query` (`{project_id?, actor?, from?, to?,
    /// path_prefix?}`; `path_prefix` matches whole path segments), oldest first.
    #[napi(ts_args_type = "query?: AuditQuery | undefined | null", ts_return_type = "Array<AuditEntry>")]
    pub fn query(&self, env: Env, query: Option<Object>) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.query(&self::query(env, query.as_ref())?)))
    }

    /// Checks the hash chain; throws an error of code `tampered` at the first entry that
    /// fails.
    #[napi]
    pub fn verify(&self, env: Env) -> napi::Result<()> {
        call(env, || Ok(self.inner.verify()?))
    }

    /// The last entry's hash (64 zeros when empty). Kept elsewhere, it tells whether
    /// entries were cut off the end of a saved trail.
    #[napi(getter)]
    pub fn last_hash(&self) -> String {
        self.inner.last_hash().to_owned()
    }

    /// The number of entries.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }
}

impl Default for JsAuditTrail {
    fn default() -> Self {
        Self::new()
    }
}

/// The entries of several trails (e.g. every project of a portfolio) that pass `query`,
/// ordered by time, then project id, then position in their trail.
#[napi(
    ts_args_type = "trails: Array<AuditTrail>, query?: AuditQuery | undefined | null",
    ts_return_type = "Array<AuditEntry>"
)]
pub fn query_trails(env: Env, trails: Vec<ClassInstance<JsAuditTrail>>, query: Option<Object>) -> napi::Result<Value> {
    call(env, || {
        let query = self::query(env, query.as_ref())?;
        to_json(&audit::query_trails(trails.iter().map(|t| &t.inner), &query))
    })
}
