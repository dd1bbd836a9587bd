//! Wraps `valuepm_core::audit` under the Node package's names: `AuditTrail` (a project's
//! hash-chained change record, loaded with its chain verified) and `queryTrails` over
//! several trails. Entries and queries cross as the core's JSON form (`snake_case` keys;
//! camelCase query keys are accepted too).

use valuepm_core::audit::{self, AuditQuery, AuditTrail};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::convert::{is_absent, object_json, object_json_with_times, record_at, snake_case_keys, to_js};
use crate::error::{call, invalid_argument, Failure};

/// A project's audit trail: every recorded change, oldest first, in a SHA-256 hash
/// chain. `AuditTrail.fromJson` verifies the chain (an error of code `tampered` names
/// the first entry that fails); a project's own trail is `project.auditTrail()`.
#[wasm_bindgen(js_name = "AuditTrail")]
pub struct WasmAuditTrail {
    inner: AuditTrail,
}

impl WasmAuditTrail {
    /// Wraps a core trail.
    pub fn from_core(inner: AuditTrail) -> Self {
        WasmAuditTrail { inner }
    }
}

/// An `AuditQuery` from `{project_id?, actor?, from?, to?, path_prefix?}` (`from`/`to`: a
/// `Date` or an RFC 3339 string); absent: every entry.
fn query(query: &JsValue) -> Result<AuditQuery, Failure> {
    if is_absent(query) {
        return Ok(AuditQuery::default());
    }
    let mut value = snake_case_keys(object_json_with_times(query, "query", &["from", "to"])?);
    if let serde_json::Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    record_at(value, "query")
}

#[wasm_bindgen(js_class = "AuditTrail")]
impl WasmAuditTrail {
    /// An empty trail.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)] // a JS constructor
    pub fn new() -> WasmAuditTrail {
        WasmAuditTrail { inner: AuditTrail::new() }
    }

    /// Parses a saved trail (JSON text), migrating an older version, and verifies its
    /// hash chain: an entry edited, removed, inserted or reordered is an error of code
    /// `tampered` whose `path` names it (`entries[4].hash`).
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(text: String) -> Result<WasmAuditTrail, JsValue> {
        call(|| Ok(WasmAuditTrail { inner: AuditTrail::from_json(&text)? }))
    }

    /// `fromJson` for the trail document as an object.
    #[wasm_bindgen(js_name = "fromData")]
    pub fn from_data(
        #[wasm_bindgen(unchecked_param_type = "AuditTrailData")] data: JsValue,
    ) -> Result<WasmAuditTrail, JsValue> {
        call(|| Ok(WasmAuditTrail { inner: AuditTrail::from_value(object_json(&data, "")?)? }))
    }

    /// The trail document (pretty-printed JSON text).
    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json_text(&self) -> String {
        self.inner.to_json()
    }

    /// The trail document as a plain object (for `JSON.stringify`).
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "AuditTrailData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }

    /// The entries as CSV text with a header row (`seq, at, actor, project_id, path, op,
    /// old, new, reason, prev_hash, hash`; `old` and `new` as compact JSON).
    #[wasm_bindgen(js_name = "toCsv")]
    pub fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// Every entry, oldest first, as plain objects.
    #[wasm_bindgen(unchecked_return_type = "Array<AuditEntry>")]
    pub fn entries(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(self.inner.entries()))
    }

    /// The entries that pass every filter of `query` (`{project_id?, actor?, from?, to?,
    /// path_prefix?}`; `path_prefix` matches whole path segments), oldest first.
    #[wasm_bindgen(unchecked_return_type = "Array<AuditEntry>")]
    pub fn query(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditQuery | null")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.query(&self::query(&query)?)))
    }

    /// Checks the hash chain; throws an error of code `tampered` at the first entry that
    /// fails.
    pub fn verify(&self) -> Result<(), JsValue> {
        call(|| Ok(self.inner.verify()?))
    }

    /// The last entry's hash (64 zeros when empty). Kept elsewhere, it tells whether
    /// entries were cut off the end of a saved trail.
    #[wasm_bindgen(getter, js_name = "lastHash")]
    pub fn last_hash(&self) -> String {
        self.inner.last_hash().to_owned()
    }

    /// The number of entries.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }
}

/// The entries of several trails (e.g. every project of a portfolio) that pass `query`,
/// ordered by time, then project id, then position in their trail.
#[wasm_bindgen(js_name = "queryTrails", unchecked_return_type = "Array<AuditEntry>")]
pub fn query_trails(
    #[wasm_bindgen(unchecked_param_type = "Array<AuditTrail>")] trails: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AuditQuery | null")] query: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let query = self::query(&query)?;
        let Some(list) = trails.dyn_ref::<js_sys::Array>() else {
            return Err(invalid_argument("trails", "must be an array of AuditTrail"));
        };
        // Each element read through its own `toJson()` (a trail is a class instance here):
        // the trails were verified when they were made, so reading them back cannot fail.
        let mut loaded = Vec::with_capacity(list.length() as usize);
        for (i, item) in list.iter().enumerate() {
            let text = js_sys::Reflect::get(&item, &JsValue::from_str("toJson"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&item).ok())
                .and_then(|t| t.as_string())
                .ok_or_else(|| invalid_argument("trails", format!("element {i} is not an AuditTrail")))?;
            loaded.push(AuditTrail::from_json(&text)?);
        }
        to_js(&audit::query_trails(&loaded, &query))
    })
}
