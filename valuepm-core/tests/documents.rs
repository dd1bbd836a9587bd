//! Versioned documents: real version 1 documents (written by the library before version
//! 2, see `data/documents/README.md`) load, migrate and re-save at the current version
//! with equal data; newer and unknown versions are refused naming both versions; and no
//! document drops a field it does not understand.

use std::path::PathBuf;

use serde_json::{json, Value};
use valuepm_core::audit::AUDIT_SCHEMA_VERSION;
use valuepm_core::document::{self, DocumentKind};
use valuepm_core::model::{Project, ProjectData, PROJECT_SCHEMA_VERSION};
use valuepm_core::portfolio::{Portfolio, PortfolioData, PORTFOLIO_SCHEMA_VERSION};
use valuepm_core::template::{builtin_template, Template, TEMPLATE_SCHEMA_VERSION};
use valuepm_core::{AuditTrail, ChangeMeta, Error, ErrorKind};

/// Loads a document text as one kind of document.
type Load = fn(&str) -> Result<(), Error>;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/documents").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_versions_written_now() {
    assert_eq!(PROJECT_SCHEMA_VERSION, 2);
    assert_eq!(PORTFOLIO_SCHEMA_VERSION, 2);
    assert_eq!(TEMPLATE_SCHEMA_VERSION, 1);
    assert_eq!(AUDIT_SCHEMA_VERSION, 1);
    for kind in DocumentKind::ALL {
        assert!(kind.current_version() >= 1, "{}", kind.name());
    }
}

#[test]
fn a_version_1_project_migrates_to_version_2_with_equal_data() {
    let text = fixture("project_v1.json");
    let v1 = json(&text);
    assert_eq!(v1["schema_version"], 1);
    assert!(v1.get("revision").is_none());

    let project = Project::from_json(&text).unwrap();
    assert_eq!(project.data().schema_version, 2);
    assert_eq!(project.data().revision, 0);
    assert!(project.audit_trail().is_empty());

    // Re-saved: version 2, revision 0, every other field exactly as in version 1.
    let v2 = json(&project.to_json());
    let mut expected = v1.clone();
    expected["schema_version"] = json!(2);
    expected["revision"] = json!(0);
    assert_eq!(v2, expected);

    // And the version 2 document loads to the same project.
    let again = Project::from_json(&project.to_json()).unwrap();
    assert_eq!(again, project);
    assert_eq!(again.data().history.len(), 2, "the fixture's lifecycle history survives");

    // The typed path (what the bindings' `from_data` use) upgrades the same way.
    let data: ProjectData = document::from_value(v1).unwrap();
    assert_eq!(data.schema_version, 1);
    assert_eq!(Project::from_data(data).unwrap(), project);
    assert_eq!(Project::from_value(json(&text)).unwrap(), project);
}

#[test]
fn a_migrated_project_counts_its_changes_from_zero() {
    let mut project = Project::from_json(&fixture("project_v1.json")).unwrap();
    project.with_change(ChangeMeta::by("auditor"), |p| p.update(|d| d.owner = "PMO".into())).unwrap();
    assert_eq!(project.data().revision, 1);
    assert_eq!(project.audit_trail().entries()[0].path, "owner");
}

#[test]
fn a_version_1_project_may_not_carry_a_revision() {
    let mut v1 = json(&fixture("project_v1.json"));
    v1["revision"] = json!(3);
    let e = Project::from_json(&v1.to_string()).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, Some("revision")));
    let data: ProjectData = document::from_value(v1).unwrap();
    assert_eq!(Project::from_data(data).unwrap_err().path(), Some("revision"));
}

#[test]
fn a_version_1_portfolio_migrates_its_projects() {
    let text = fixture("portfolio_v1.json");
    let v1 = json(&text);
    assert_eq!(v1["schema_version"], 1);
    assert_eq!(v1["projects"][0]["project"]["schema_version"], 1);

    let migrated = document::load(&text, DocumentKind::Portfolio).unwrap();
    let mut expected = v1.clone();
    expected["schema_version"] = json!(2);
    for entry in expected["projects"].as_array_mut().unwrap() {
        entry["project"]["schema_version"] = json!(2);
        entry["project"]["revision"] = json!(0);
    }
    assert_eq!(migrated, expected);

    let portfolio = Portfolio::from_json(&text).unwrap();
    let saved = serde_json::to_value(portfolio.to_data()).unwrap();
    assert_eq!(saved, expected, "re-saved at version 2 with equal data");
    let again = Portfolio::from_json(&saved.to_string()).unwrap();
    assert_eq!(again.to_data(), portfolio.to_data());
    assert_eq!(again.projects(), portfolio.projects());

    // The typed path accepts version 1 data too (the benches and bindings build it).
    let data: PortfolioData = document::from_value(v1).unwrap();
    assert_eq!(Portfolio::from_data(data).unwrap().to_data(), portfolio.to_data());
    assert_eq!(Portfolio::from_value(json(&text)).unwrap().to_data(), portfolio.to_data());
}

#[test]
fn a_version_1_template_loads_as_it_is() {
    let template = builtin_template("infrastructure").unwrap();
    assert_eq!(template.schema_version, 1);
    let again = Template::from_json(&template.to_json()).unwrap();
    assert_eq!(again, template);
}

fn version_error(e: &Error) -> (&str, &str, u32) {
    match e {
        Error::UnsupportedSchemaVersion { document, found, supported } => (document, found.as_str(), *supported),
        other => panic!("not a version error: {other:?}"),
    }
}

#[test]
fn newer_and_unknown_versions_are_refused_naming_both() {
    let project = json(&fixture("project_v1.json"));
    let portfolio = json(&fixture("portfolio_v1.json"));
    let template = serde_json::to_value(builtin_template("infrastructure").unwrap()).unwrap();
    let trail = json!({"schema_version": 1, "entries": []});
    let loaders: [(&str, Value, Load, u32); 4] = [
        ("project", project, |t| Project::from_json(t).map(drop), 2),
        ("portfolio", portfolio, |t| Portfolio::from_json(t).map(drop), 2),
        ("template", template, |t| Template::from_json(t).map(drop), 1),
        ("audit trail", trail, |t| AuditTrail::from_json(t).map(drop), 1),
    ];
    for (name, doc, load, current) in loaders {
        let mut newer = doc.clone();
        newer["schema_version"] = json!(current + 1);
        let e = load(&newer.to_string()).unwrap_err();
        let next = (current + 1).to_string();
        assert_eq!(version_error(&e), (name, next.as_str(), current));
        assert_eq!(e.to_string(), format!("{name} document version {next} is newer than this library's {current}"));

        for (bad, text) in [(json!(0), "0"), (json!("1"), "\"1\""), (json!(1.5), "1.5")] {
            let mut unknown = doc.clone();
            unknown["schema_version"] = bad;
            let e = load(&unknown.to_string()).unwrap_err();
            assert_eq!(version_error(&e), (name, text, current));
            assert!(e.to_string().contains(&format!("versions 1 to {current}")), "{e}");
        }

        let mut missing = doc.clone();
        missing.as_object_mut().unwrap().remove("schema_version");
        let e = load(&missing.to_string()).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, Some("schema_version")), "{name}");
    }

    // The typed paths refuse them too.
    let mut data: ProjectData = document::from_value(json(&fixture("project_v1.json"))).unwrap();
    data.schema_version = 3;
    assert_eq!(version_error(&Project::from_data(data).unwrap_err()), ("project", "3", 2));
}

/// Loads `doc` with an unknown field `colour` added to the object at `pointer` and
/// expects a validation error at that field, `parent.colour`.
fn assert_refuses_unknown(load: Load, doc: &Value, pointer: &str, parent: &str) {
    let mut doc = doc.clone();
    doc.pointer_mut(pointer).unwrap().as_object_mut().unwrap().insert("colour".into(), json!("blue"));
    let e = load(&doc.to_string()).unwrap_err();
    let path = if parent.is_empty() { "colour".to_owned() } else { format!("{parent}.colour") };
    assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, Some(path.as_str())), "{pointer}: {e}");
    assert!(e.to_string().contains("unknown field `colour`"), "{pointer}: {e}");
}

#[test]
fn no_document_drops_a_field_it_does_not_understand() {
    let project = Project::from_json(&fixture("project_v1.json")).unwrap();
    let doc = json(&project.to_json());
    let load: Load = |t| Project::from_json(t).map(drop);
    for (pointer, path) in [
        ("", ""),
        ("/line_items/0", "line_items[0]"),
        ("/line_items/0/plan", "line_items[0].plan"),
        ("/line_items/0/plan/amount", "line_items[0].plan.amount"),
        ("/line_items/0/actuals/0", "line_items[0].actuals[0]"),
        ("/metrics/0", "metrics[0]"),
        ("/metrics/0/baseline", "metrics[0].baseline"),
        ("/metrics/0/measurements/0", "metrics[0].measurements[0]"),
        ("/risks/0", "risks[0]"),
        ("/history/0", "history[0]"),
    ] {
        assert_refuses_unknown(load, &doc, pointer, path);
    }
    // A version 1 document too (before and after its migration).
    assert_refuses_unknown(load, &json(&fixture("project_v1.json")), "/metrics/1", "metrics[1]");

    let template = serde_json::to_value(builtin_template("software_development").unwrap()).unwrap();
    let load: Load = |t| Template::from_json(t).map(drop);
    for (pointer, path) in [("", ""), ("/line_items/0", "line_items[0]"), ("/metrics/0", "metrics[0]")] {
        assert_refuses_unknown(load, &template, pointer, path);
    }

    let portfolio = json(&fixture("portfolio_v1.json"));
    let load: Load = |t| Portfolio::from_json(t).map(drop);
    for (pointer, path) in [
        ("", ""),
        ("/projects/1", "projects[1]"),
        ("/projects/1/project", "projects[1].project"),
        ("/exchange_rates", "exchange_rates"),
        ("/exchange_rates/rates/0", "exchange_rates.rates[0]"),
    ] {
        assert_refuses_unknown(load, &portfolio, pointer, path);
    }

    let mut project = project;
    project.update(|d| d.owner = "PMO".into()).unwrap();
    let trail = json(&project.audit_trail().to_json());
    let load: Load = |t| AuditTrail::from_json(t).map(drop);
    for (pointer, path) in [("", ""), ("/entries/0", "entries[0]")] {
        assert_refuses_unknown(load, &trail, pointer, path);
    }
}
