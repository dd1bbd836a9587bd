//! Any bytes as a saved document of any kind and version: a project, a portfolio, a
//! template, an audit trail, or a project with its trail (the first byte picks; for the
//! last, a NUL byte separates the two). Nothing may panic; whatever loads re-saves at the
//! current version and loads back equal; a loaded trail's chain verifies, and a project
//! loaded with its trail extends that chain validly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valuepm_core::document::{self, DocumentKind};
use valuepm_core::model::{Project, PROJECT_SCHEMA_VERSION};
use valuepm_core::portfolio::{Portfolio, PORTFOLIO_SCHEMA_VERSION};
use valuepm_core::template::Template;
use valuepm_core::{AuditTrail, ChangeMeta};

fn project(text: &str) {
    let Ok(p) = Project::from_json(text) else { return };
    assert_eq!(p.data().schema_version, PROJECT_SCHEMA_VERSION);
    let again = Project::from_json(&p.to_json()).expect("a saved project loads");
    assert_eq!(again, p);
    assert_eq!(again.data().revision, p.data().revision);
}

fn trail(text: &str) {
    let Ok(t) = AuditTrail::from_json(text) else { return };
    t.verify().expect("a loaded trail verifies");
    let again = AuditTrail::from_json(&t.to_json()).expect("a saved trail loads");
    assert_eq!(again, t);
}

fn project_with_trail(project: &str, trail: &str) {
    let Ok(mut p) = Project::from_json_with_trail(project, trail) else { return };
    let before = p.audit_trail().len();
    let changed = p.with_change(ChangeMeta::by("fuzz"), |p| p.update(|d| d.name.push('!')));
    if changed.is_ok() {
        assert!(p.audit_trail().len() > before);
    }
    p.audit_trail().verify().expect("an extended trail verifies");
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match which % 5 {
        0 => project(text),
        1 => {
            if let Ok(p) = Portfolio::from_json(text) {
                let saved = p.to_data();
                assert_eq!(saved.schema_version, PORTFOLIO_SCHEMA_VERSION);
                let again = Portfolio::from_data(saved.clone()).expect("a saved portfolio loads");
                assert_eq!(again.to_data(), saved);
            }
        }
        2 => {
            if let Ok(t) = Template::from_json(text) {
                assert_eq!(Template::from_json(&t.to_json()).expect("a saved template loads"), t);
            }
        }
        3 => trail(text),
        _ => {
            if let Some((project, trail)) = text.split_once('\0') {
                project_with_trail(project, trail);
            }
        }
    }
    // Migration alone never panics, whatever the kind.
    for kind in DocumentKind::ALL {
        let _ = document::load(text, kind);
    }
});
