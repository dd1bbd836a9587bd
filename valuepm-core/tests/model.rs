//! Behaviour of projects that the conformance cases do not cover: all-or-nothing
//! changes, error paths and messages, and the not-found cases.

use chrono::{NaiveDate, TimeZone, Utc};
use valuepm_core::model::{Actual, LifecycleState, LineItem, LineItemKind, Measurement, Project};
use valuepm_core::{Currency, ErrorKind, Money};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn project() -> Project {
    let mut p = Project::new("p", "P", Currency::new("EUR").unwrap(), d("2025-01-01"), d("2025-12-31"), 0.08).unwrap();
    p.add_line_item(LineItem::one_off(
        "a",
        "A",
        LineItemKind::Capex,
        d("2025-01-01"),
        Money::parse("100", "EUR").unwrap(),
    ))
    .unwrap();
    p
}

#[test]
fn a_failed_change_leaves_the_project_unchanged() {
    let mut p = project();
    let before = p.clone();
    let bad = LineItem::one_off("b", "B", LineItemKind::Opex, d("2030-01-01"), Money::parse("1", "EUR").unwrap());
    let e = p.add_line_item(bad).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.path(), Some("line_items[1].plan"));
    assert_eq!(p, before);

    let e = p.update(|d| {
        d.name = "Renamed".into();
        d.discount_rate = f64::NAN;
    });
    assert_eq!(e.unwrap_err().path(), Some("discount_rate"));
    assert_eq!(p.name(), "P", "the valid half of the change was not applied");
}

#[test]
fn refused_transition_lists_the_allowed_states_and_records_nothing() {
    let mut p = project();
    let at = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    let e = p.transition(LifecycleState::Active, at, "pmo", "").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidTransition);
    assert_eq!(
        e.to_string(),
        "cannot move a project from proposed to active; allowed from proposed: approved, rejected, cancelled"
    );
    assert!(p.data().history.is_empty());
    p.transition(LifecycleState::Approved, at, "board", "ok").unwrap();
    assert_eq!(p.state(), LifecycleState::Approved);
    assert_eq!(p.data().history.len(), 1);
}

#[test]
fn unknown_ids_are_not_found() {
    let mut p = project();
    let actual = Actual { date: d("2025-02-01"), amount: Money::parse("1", "EUR").unwrap(), note: String::new() };
    assert_eq!(p.record_actual("nope", actual).unwrap_err().kind(), ErrorKind::NotFound);
    let m = Measurement { date: d("2025-02-01"), value: 1.0, note: String::new() };
    assert_eq!(p.record_measurement("nope", m).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn document_errors_name_the_path() {
    let mut doc: serde_json::Value = serde_json::from_str(&project().to_json()).unwrap();
    doc["line_items"][0]["plan"]["amount"]["currency"] = "EURO".into();
    let e = Project::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.path(), Some("line_items[0].plan.amount.currency"));
    assert!(e.to_string().contains("EURO"), "{e}");
}
