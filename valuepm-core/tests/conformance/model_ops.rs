//! Conformance operations on the domain model (projects, lifecycle, templates, money).
use serde_json::Value;

/// Runs `op` if it is a model operation; `None` when the op is not one of ours.
pub fn dispatch(_op: &str, _args: &Value) -> Option<Result<Value, valuepm_core::Error>> {
    None
}
