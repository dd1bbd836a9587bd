//! Wraps `valuepm_core::audit`: `AuditTrail` (a project's hash-chained change record,
//! loaded with its chain verified), `query_trails` over several trails, and the change
//! context (`ChangeMeta`) that `Project.set_change_meta` and `Project.change(...)` set.
//!
//! Entries and queries cross as the core's JSON form (plain dicts): an entry is
//! `{seq, at, actor, project_id, path, op, old, new, reason, prev_hash, hash}`, a query
//! `{project_id, actor, from, to, path_prefix}` (every key optional; `from_` is accepted
//! for `from`, a Python keyword).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde_json::{Map, Value};
use valuepm_core::audit::{self, AuditQuery, AuditTrail, ChangeMeta};

use crate::convert::{datetime_from_py, json_from_py, record_from_py, record_to_py};
use valuepm_core::document;

use crate::error::{invalid_argument, run, OrRaise};
use crate::model::reduce_json;

/// A project's audit trail: every recorded change, oldest first, in a SHA-256 hash
/// chain. `AuditTrail.from_json` verifies the chain (`TamperedError` names the first
/// entry that fails); a project's own trail is `Project.audit_trail()`.
#[pyclass(frozen, name = "AuditTrail", module = "valuepm")]
pub struct PyAuditTrail {
    pub(crate) inner: AuditTrail,
}

#[pymethods]
impl PyAuditTrail {
    /// An empty trail.
    #[new]
    fn new() -> Self {
        PyAuditTrail { inner: AuditTrail::new() }
    }

    /// Parses a saved trail (JSON text), migrating an older version, and verifies its
    /// hash chain (`TamperedError` when an entry was edited, removed, inserted or
    /// reordered).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        run(|| AuditTrail::from_json(text)).or_raise().map(|inner| PyAuditTrail { inner })
    }

    /// `from_json` for a trail document given as a dict (the form `to_dict()` returns).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        trail_from_document(data).map(|inner| PyAuditTrail { inner })
    }

    /// The trail document (pretty-printed JSON).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The trail document as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner)
    }

    /// The entries as CSV text with a header row (`seq, at, actor, project_id, path, op,
    /// old, new, reason, prev_hash, hash`; `old` and `new` as compact JSON).
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// Every entry, oldest first, as dicts (the core's JSON form).
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, self.inner.entries())
    }

    /// The entries that pass every filter given, oldest first: `query` is a dict
    /// `{project_id, actor, from, to, path_prefix}`, and the same keys may be given as
    /// keywords (`from_=` for `from`). Times are datetimes or RFC 3339 strings;
    /// `path_prefix` matches whole path segments (`line_items` matches
    /// `line_items[capex].plan.amount`).
    #[pyo3(signature = (query = None, **filters))]
    fn query<'py>(
        &self,
        py: Python<'py>,
        query: Option<&Bound<'py, PyAny>>,
        filters: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let query = query_from_py(query, filters)?;
        record_to_py(py, &self.inner.query(&query))
    }

    /// Checks the hash chain; raises `TamperedError` at the first entry that fails.
    fn verify(&self) -> PyResult<()> {
        run(|| self.inner.verify()).or_raise()
    }

    /// The last entry's hash (64 zeros when empty). Kept elsewhere, it tells whether
    /// entries were cut off the end of a saved trail.
    #[getter]
    fn last_hash(&self) -> String {
        self.inner.last_hash().to_owned()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyAuditTrail>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("AuditTrail(entries={}, last_hash='{}')", self.inner.len(), self.inner.last_hash())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce_json(slf.as_any(), slf.get().inner.to_json())
    }
}

/// A trail from JSON text or a dict (verified).
pub fn trail_from_document(document: &Bound<'_, PyAny>) -> PyResult<AuditTrail> {
    if let Ok(text) = document.extract::<String>() {
        return run(|| AuditTrail::from_json(&text)).or_raise();
    }
    let value = json_from_py(document, "")?;
    run(|| AuditTrail::from_value(value)).or_raise()
}

/// An `AuditQuery` from a dict and keyword filters (`from_` read as `from`; `None`
/// values are no filter).
pub fn query_from_py(query: Option<&Bound<'_, PyAny>>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<AuditQuery> {
    let mut map = Map::new();
    for source in [query.filter(|q| !q.is_none()), filters.map(pyo3::Bound::as_any)].into_iter().flatten() {
        match json_from_py(source, "query")? {
            Value::Object(m) => {
                for (k, v) in m {
                    map.insert(if k == "from_" { "from".to_owned() } else { k }, v);
                }
            }
            _ => return Err(invalid_argument(source.py(), "query", "expected a dict of filters")),
        }
    }
    map.retain(|_, v| !v.is_null());
    document::from_value(Value::Object(map)).map_err(|e| e.at("query")).or_raise()
}

/// The entries of several trails (e.g. every project of a portfolio) that pass the
/// query (a dict and/or keyword filters, as `AuditTrail.query`), ordered by time, then
/// project id, then position in their trail; as dicts.
#[pyfunction]
#[pyo3(signature = (trails, query = None, **filters))]
pub fn query_trails<'py>(
    py: Python<'py>,
    trails: &Bound<'py, PyAny>,
    query: Option<&Bound<'py, PyAny>>,
    filters: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let trails: Vec<Bound<'py, PyAuditTrail>> =
        trails.try_iter()?.map(|t| Ok(t?.cast_into::<PyAuditTrail>()?)).collect::<PyResult<_>>()?;
    let query = query_from_py(query, filters)?;
    record_to_py(py, &audit::query_trails(trails.iter().map(|t| &t.get().inner), &query))
}

/// A change context from `actor` (a name, or a dict `{actor, reason, at}`), `reason`
/// and `at` (a datetime, date or ISO timestamp; `None`: each change's own time).
pub fn change_meta_from_py(
    actor: &Bound<'_, PyAny>,
    reason: Option<String>,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<ChangeMeta> {
    if actor.cast::<PyDict>().is_ok() {
        let mut meta: ChangeMeta = record_from_py(actor, "meta")?;
        if reason.is_some() {
            meta.reason = reason;
        }
        if let Some(at) = at.filter(|a| !a.is_none()) {
            meta.at = Some(datetime_from_py(at, "at")?);
        }
        return Ok(meta);
    }
    let actor: String = if actor.is_none() { String::new() } else { actor.str()?.extract()? };
    let at = at.filter(|a| !a.is_none()).map(|a| datetime_from_py(a, "at")).transpose()?;
    Ok(ChangeMeta { actor, reason, at })
}
