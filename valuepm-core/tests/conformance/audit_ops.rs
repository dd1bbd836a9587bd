//! Conformance operations on the audit trail and on versioned documents: a scripted
//! sequence of changes replayed on a project (`audit.replay`), a saved trail loaded and
//! verified (`audit.load`), a document migrated to the current version
//! (`document.migrate`).
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use valuepm_core::audit::{AuditQuery, AuditTrail, ChangeMeta};
use valuepm_core::document::{self, DocumentKind};
use valuepm_core::model::{Actual, LifecycleState, LineItem, Measurement, Project, ProjectData, Risk, ValueMetric};
use valuepm_core::Error;

type OpResult = Result<Value, Error>;

fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, Error> {
    let v = args.get(name).cloned().unwrap_or(Value::Null);
    document::from_value(v).map_err(|e| e.at(name))
}

fn text(args: &Value, name: &str) -> String {
    args.get(name).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// A case argument holding a document: its JSON text (a string) or the document itself.
fn document_text(args: &Value, name: &str) -> String {
    match &args[name] {
        Value::String(text) => text.clone(),
        doc => doc.to_string(),
    }
}

/// `Project::update` with `changes`, top-level fields in the document's JSON form.
fn update(p: &mut Project, changes: &Value) -> Result<(), Error> {
    let mut doc = serde_json::to_value(p.data()).expect("project data serialise");
    if let (Value::Object(doc), Value::Object(changes)) = (&mut doc, changes) {
        doc.extend(changes.clone());
    }
    let data: ProjectData = document::from_value(doc)?;
    p.update(|d| *d = data)
}

/// Runs one step's action with the project's change context already set.
fn apply(p: &mut Project, step: &Value, meta: &ChangeMeta) -> Result<(), Error> {
    match step["action"].as_str().unwrap_or_default() {
        "update" => update(p, &step["changes"]),
        "add_line_item" => p.add_line_item(arg::<LineItem>(step, "item")?),
        "record_actual" => p.record_actual(&text(step, "line_item_id"), arg::<Actual>(step, "actual")?),
        "add_metric" => p.add_metric(arg::<ValueMetric>(step, "metric")?),
        "record_measurement" => {
            p.record_measurement(&text(step, "metric_id"), arg::<Measurement>(step, "measurement")?)
        }
        "add_risk" => p.add_risk(arg::<Risk>(step, "risk")?),
        "transition" => {
            let at = meta.at.ok_or_else(|| Error::validation("meta.at", "a transition step needs a time"))?;
            p.transition(
                LifecycleState::parse(&text(step, "to"))?,
                at,
                &meta.actor,
                meta.reason.as_deref().unwrap_or(""),
            )
        }
        other => Err(Error::validation("action", format!("`{other}` is not a step action"))),
    }
}

/// Loads the project, runs the steps (each with its change context; a step with
/// `expect_error` must fail with that kind) and reports the trail.
fn replay(args: &Value) -> OpResult {
    let mut p = Project::from_json(&document_text(args, "project"))?;
    for (i, step) in arg::<Vec<Value>>(args, "steps")?.iter().enumerate() {
        let meta: ChangeMeta = arg(step, "meta").map_err(|e| e.at(&format!("steps[{i}]")))?;
        p.set_change_meta(meta.clone());
        let outcome = apply(&mut p, step, &meta);
        match (step.get("expect_error").and_then(Value::as_str), outcome) {
            (None, Ok(())) => {}
            (Some(kind), Err(e)) if e.kind().as_str() == kind => {}
            (None, Err(e)) => return Err(e),
            (Some(kind), outcome) => {
                return Err(Error::validation(
                    format!("steps[{i}]"),
                    format!("expected the error `{kind}`, got {outcome:?}"),
                ));
            }
        }
    }
    let trail = p.audit_trail();
    let mut out = json!({
        "entries": trail.entries(),
        "last_hash": trail.last_hash(),
        "revision": p.data().revision,
        "csv": trail.to_csv(),
    });
    if args.get("query").is_some() {
        let query: AuditQuery = arg(args, "query")?;
        out["query"] = json!(trail.query(&query).iter().map(|e| e.seq).collect::<Vec<_>>());
    }
    Ok(out)
}

fn kind(args: &Value) -> Result<DocumentKind, Error> {
    match text(args, "kind").as_str() {
        "project" => Ok(DocumentKind::Project),
        "portfolio" => Ok(DocumentKind::Portfolio),
        "template" => Ok(DocumentKind::Template),
        "audit_trail" => Ok(DocumentKind::AuditTrail),
        other => Err(Error::validation("kind", format!("`{other}` is not a document kind"))),
    }
}

/// Runs `op` if it is an audit or document operation; `None` when the op is not one of ours.
pub fn dispatch(op: &str, args: &Value) -> Option<OpResult> {
    let result = match op {
        "audit.replay" => replay(args),
        "audit.load" => AuditTrail::from_json(&document_text(args, "trail"))
            .map(|t| json!({"entries": t.len(), "last_hash": t.last_hash()})),
        "document.migrate" => kind(args).and_then(|k| document::migrate(args["document"].clone(), k)),
        _ => return None,
    };
    Some(result)
}
