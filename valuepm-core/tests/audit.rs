//! The audit trail: the entries a scripted sequence of changes records, the hash chain
//! (with one hash checked against an independent SHA-256), tamper detection on load,
//! queries and the CSV export.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};
use valuepm_core::audit::{entries_to_csv, query_trails, CSV_COLUMNS, GENESIS_HASH};
use valuepm_core::model::{
    Actual, Direction, LifecycleState, LineItem, LineItemKind, Measurement, Observation, Plan, Project, ValueMetric,
};
use valuepm_core::{AuditOp, AuditQuery, AuditTrail, ChangeMeta, Currency, Error, ErrorKind, Money};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, h, m, 0).single().unwrap()
}

fn eur(a: &str) -> Money {
    Money::parse(a, "EUR").unwrap()
}

fn blank() -> Project {
    Project::new("P-1", "Pilot", Currency::new("EUR").unwrap(), d("2026-01-01"), d("2026-12-31"), 0.08).unwrap()
}

fn nps() -> ValueMetric {
    ValueMetric {
        id: "nps".into(),
        name: "NPS".into(),
        unit: "points".into(),
        direction: Direction::HigherIsBetter,
        baseline: Observation { value: 10.0, date: d("2026-01-01") },
        target: Observation { value: 40.0, date: d("2026-12-31") },
        weight: 1.0,
        monetisation: None,
        measurements: Vec::new(),
    }
}

/// The scripted sequence: three items added by alice, a quote changes one amount (bob,
/// inside `with_change`), an actual, an item removed from the middle, a metric with four
/// measurements, and a lifecycle transition.
fn scripted() -> Project {
    let mut p = blank();
    p.set_change_meta(ChangeMeta::by("alice").reason("initial plan").at(at(9, 0)));
    p.add_line_item(LineItem::one_off("capex", "Servers", LineItemKind::Capex, d("2026-01-15"), eur("100000")))
        .unwrap();
    p.add_line_item(LineItem::one_off("licences", "Licences", LineItemKind::Opex, d("2026-02-01"), eur("5000")))
        .unwrap();
    p.add_line_item(LineItem::one_off("training", "Training", LineItemKind::Opex, d("2026-03-01"), eur("2000")))
        .unwrap();
    p.with_change(ChangeMeta::by("bob").reason("quote received").at(at(10, 0)), |p| {
        let date = d("2026-01-15");
        p.update(|data| data.line_items[0].plan = Plan::OneOff { date, amount: eur("120000") })
    })
    .unwrap();
    p.record_actual("capex", Actual { date: d("2026-01-20"), amount: eur("119500.00"), note: "PO 1".into() }).unwrap();
    p.update(|d| d.line_items.retain(|i| i.id != "licences")).unwrap();
    p.add_metric(nps()).unwrap();
    for (month, value) in [(3, 12.0), (6, 18.5), (9, 25.0), (12, 31.0)] {
        let date = NaiveDate::from_ymd_opt(2026, month, 28).unwrap();
        p.record_measurement("nps", Measurement { date, value, note: String::new() }).unwrap();
    }
    p.transition(LifecycleState::Approved, at(11, 0), "board", "").unwrap();
    p
}

type Row<'a> = (u64, &'a str, &'a str, AuditOp, Option<Value>, Option<Value>, Option<&'a str>);

fn rows(trail: &AuditTrail) -> Vec<Row<'_>> {
    trail
        .entries()
        .iter()
        .map(|e| (e.seq, e.actor.as_str(), e.path.as_str(), e.op, e.old.clone(), e.new.clone(), e.reason.as_deref()))
        .collect()
}

#[test]
fn a_scripted_sequence_records_one_entry_per_changed_field() {
    let p = scripted();
    let item = |id: &str, name: &str, kind: &str, date: &str, amount: &str| {
        json!({"id": id, "name": name, "kind": kind,
               "plan": {"type": "one_off", "date": date, "amount": {"amount": amount, "currency": "EUR"}},
               "actuals": []})
    };
    let plan = Some("initial plan");
    let expected: Vec<Row<'_>> = vec![
        (
            0,
            "alice",
            "line_items[capex]",
            AuditOp::Added,
            None,
            Some(item("capex", "Servers", "capex", "2026-01-15", "100000")),
            plan,
        ),
        (
            1,
            "alice",
            "line_items[licences]",
            AuditOp::Added,
            None,
            Some(item("licences", "Licences", "opex", "2026-02-01", "5000")),
            plan,
        ),
        (
            2,
            "alice",
            "line_items[training]",
            AuditOp::Added,
            None,
            Some(item("training", "Training", "opex", "2026-03-01", "2000")),
            plan,
        ),
        (
            3,
            "bob",
            "line_items[capex].plan.amount",
            AuditOp::Changed,
            Some(json!({"amount": "100000", "currency": "EUR"})),
            Some(json!({"amount": "120000", "currency": "EUR"})),
            Some("quote received"),
        ),
        (
            4,
            "alice",
            "line_items[capex].actuals[0]",
            AuditOp::Added,
            None,
            Some(json!({"date": "2026-01-20", "amount": {"amount": "119500.00", "currency": "EUR"}, "note": "PO 1"})),
            plan,
        ),
        (
            5,
            "alice",
            "line_items[licences]",
            AuditOp::Removed,
            Some(item("licences", "Licences", "opex", "2026-02-01", "5000")),
            None,
            plan,
        ),
        (6, "alice", "metrics[nps]", AuditOp::Added, None, Some(serde_json::to_value(nps()).unwrap()), plan),
        (
            7,
            "alice",
            "metrics[nps].measurements[0]",
            AuditOp::Added,
            None,
            Some(json!({"date": "2026-03-28", "value": 12.0})),
            plan,
        ),
        (
            8,
            "alice",
            "metrics[nps].measurements[1]",
            AuditOp::Added,
            None,
            Some(json!({"date": "2026-06-28", "value": 18.5})),
            plan,
        ),
        (
            9,
            "alice",
            "metrics[nps].measurements[2]",
            AuditOp::Added,
            None,
            Some(json!({"date": "2026-09-28", "value": 25.0})),
            plan,
        ),
        (
            10,
            "alice",
            "metrics[nps].measurements[3]",
            AuditOp::Added,
            None,
            Some(json!({"date": "2026-12-28", "value": 31.0})),
            plan,
        ),
        (
            11,
            "board",
            "history[0]",
            AuditOp::Added,
            None,
            Some(
                json!({"from": "proposed", "to": "approved", "at": "2026-03-01T11:00:00Z", "by": "board", "reason": ""}),
            ),
            None,
        ),
        (12, "board", "state", AuditOp::Changed, Some(json!("proposed")), Some(json!("approved")), None),
    ];
    assert_eq!(rows(p.audit_trail()), expected);

    let entries = p.audit_trail().entries();
    let times: Vec<_> = entries.iter().map(|e| e.at).collect();
    assert_eq!(&times[..3], &[at(9, 0); 3]);
    assert_eq!(times[3], at(10, 0), "bob's change carries bob's time");
    assert_eq!(times[4], at(9, 0), "the context is restored after with_change");
    assert_eq!(&times[11..], &[at(11, 0); 2], "a transition records its own time");
    assert!(entries.iter().all(|e| e.project_id == "P-1"));
    // 11 changes through the API: 3 items, the quote, the actual, the removal, the
    // metric, 4 measurements; the transition is the 12th.
    assert_eq!(p.data().revision, 12);
    p.audit_trail().verify().unwrap();
    assert_eq!(entries[0].prev_hash, GENESIS_HASH);
    assert!(entries.windows(2).all(|w| w[1].prev_hash == w[0].hash));
}

#[test]
fn one_hash_matches_an_independent_sha256() {
    let mut p = blank();
    p.with_change(ChangeMeta::by("alice").reason("typo").at(at(9, 30)), |p| {
        p.update(|d| d.name = "Pilot \"A\"".into())
    })
    .unwrap();
    let entry = &p.audit_trail().entries()[0];
    // The canonical bytes written out by hand from the documented rules (sorted keys,
    // no whitespace, null for the empty old value).
    let canonical = concat!(
        r#"{"actor":"alice","at":"2026-03-01T09:30:00Z","new":"Pilot \"A\"","old":"Pilot","op":"changed","#,
        r#""path":"name","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","#,
        r#""project_id":"P-1","reason":"typo","seq":0}"#
    );
    assert_eq!(String::from_utf8(entry.canonical_bytes()).unwrap(), canonical);
    // Computed outside this library, on exactly those bytes:
    //   python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())' < canonical.txt
    // (canonical.txt holding the string above with no trailing newline); `sha256sum` agrees.
    assert_eq!(entry.hash, "7a40872a7280ffbc48eb4adf3c23e55a0edddea1e9360a6bc88b3ff1cd7d9eac");
}

#[test]
fn nothing_is_recorded_for_a_failed_or_empty_change() {
    let mut p = blank();
    let before = p.clone();
    // Fails validation: nothing applied, nothing recorded, no revision.
    let bad = LineItem::one_off("late", "Late", LineItemKind::Opex, d("2030-01-01"), eur("1"));
    assert_eq!(p.add_line_item(bad).unwrap_err().kind(), ErrorKind::Validation);
    // Changes nothing.
    p.update(|d| d.name = "Pilot".into()).unwrap();
    assert!(p.audit_trail().is_empty());
    assert_eq!(p.data().revision, 0);
    assert_eq!(p, before);
}

#[test]
fn with_change_keeps_its_changes_together() {
    let mut p = blank();
    p.set_change_meta(ChangeMeta::by("carol"));
    let e = p
        .with_change(ChangeMeta::by("dave"), |p| {
            p.update(|d| d.name = "Renamed".into())?;
            p.update(|d| d.discount_rate = -2.0)
        })
        .unwrap_err();
    assert_eq!(e.path(), Some("discount_rate"));
    assert_eq!(p.name(), "Pilot", "the first change inside was rolled back with the failing one");
    assert!(p.audit_trail().is_empty());
    assert_eq!(p.data().revision, 0);
    assert_eq!(p.change_meta(), &ChangeMeta::by("carol"), "the context is restored after a failure too");

    let n = p.with_change(ChangeMeta::by("dave"), |p| p.update(|d| d.name = "Renamed".into()).map(|()| 7)).unwrap();
    assert_eq!(n, 7);
    assert_eq!(p.audit_trail().entries()[0].actor, "dave");
}

#[test]
fn an_unnamed_actor_and_time_are_filled_in() {
    let mut p = blank();
    let before = Utc::now();
    p.update(|d| d.owner = "ops".into()).unwrap();
    let after = Utc::now();
    let e = &p.audit_trail().entries()[0];
    assert_eq!(e.actor, "unspecified");
    assert!(before <= e.at && e.at <= after, "stamped with the current time");
    assert_eq!((e.path.as_str(), e.op, e.reason.as_deref()), ("owner", AuditOp::Changed, None));
    assert_eq!(e.old, Some(json!("")));
    // The current time survives a save and load with its fractional seconds.
    let again = AuditTrail::from_json(&p.audit_trail().to_json()).unwrap();
    assert_eq!(&again, p.audit_trail());
}

#[test]
fn library_fields_cannot_be_changed() {
    let mut p = blank();
    for (change, path) in [
        (Box::new(|d: &mut valuepm_core::model::ProjectData| d.id = "P-2".into()) as Box<dyn FnOnce(&mut _)>, "id"),
        (Box::new(|d: &mut valuepm_core::model::ProjectData| d.revision = 9), "revision"),
        (Box::new(|d: &mut valuepm_core::model::ProjectData| d.schema_version = 1), "schema_version"),
    ] {
        let e = p.update(change).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, Some(path)));
    }
    assert!(p.audit_trail().is_empty());
}

#[test]
fn replace_data_records_an_edited_copy() {
    let mut p = blank();
    let mut edited = p.data().clone();
    edited.tags = vec!["pilot".into(), "2026".into()];
    edited.revision = 99; // ignored: the library counts
    p.replace_data(edited).unwrap();
    assert_eq!(p.data().revision, 1);
    let paths: Vec<_> = p.audit_trail().entries().iter().map(|e| (e.path.as_str(), e.op)).collect();
    assert_eq!(paths, [("tags[0]", AuditOp::Added), ("tags[1]", AuditOp::Added)]);
}

#[test]
fn equality_compares_data_only() {
    let mut a = blank();
    a.update(|d| d.owner = "ops".into()).unwrap();
    let b = Project::from_json(&a.to_json()).unwrap();
    assert!(b.audit_trail().is_empty());
    assert_eq!(a, b);
}

#[test]
fn a_saved_trail_round_trips_and_extends() {
    let p = scripted();
    let trail_json = p.audit_trail().to_json();
    let saved: Value = serde_json::from_str(&trail_json).unwrap();
    assert_eq!(saved["schema_version"], 1);
    assert_eq!(saved["entries"][0]["old"], Value::Null);
    assert_eq!(saved["entries"][12]["at"], "2026-03-01T11:00:00Z");

    let mut loaded = Project::from_json_with_trail(&p.to_json(), &trail_json).unwrap();
    assert_eq!(loaded.audit_trail(), p.audit_trail());
    assert_eq!(loaded.data().revision, 12);
    loaded.with_change(ChangeMeta::by("erin").at(at(12, 0)), |p| p.update(|d| d.discount_rate = 0.09)).unwrap();
    let trail = loaded.audit_trail();
    assert_eq!(trail.len(), 14);
    assert_eq!(trail.entries()[13].prev_hash, p.audit_trail().last_hash());
    trail.verify().unwrap();
    assert_eq!(loaded.data().revision, 13);
}

fn tampered(trail: &Value) -> Error {
    AuditTrail::from_json(&trail.to_string()).unwrap_err()
}

fn where_tampered(e: &Error) -> (usize, &str) {
    match e {
        Error::Tampered { index, path, .. } => (*index, path.as_str()),
        other => panic!("not tampering: {other:?}"),
    }
}

#[test]
fn tampering_with_a_saved_trail_is_detected() {
    let saved: Value = serde_json::from_str(&scripted().audit_trail().to_json()).unwrap();
    let entries = saved["entries"].as_array().unwrap().clone();

    // The budget quietly lowered after the fact.
    let mut edited = saved.clone();
    edited["entries"][3]["new"]["amount"] = json!("110000");
    let e = tampered(&edited);
    assert_eq!(e.kind(), ErrorKind::Tampered);
    assert_eq!(e.kind().as_str(), "tampered");
    assert_eq!(where_tampered(&e), (3, "entries[3].hash"));
    assert_eq!(e.path(), Some("entries[3].hash"));

    // Another actor, with the entry's hash recomputed by the forger: the next entry's
    // prev_hash no longer matches.
    let mut forged = saved.clone();
    forged["entries"][5]["actor"] = json!("mallory");
    let rehashed: valuepm_core::AuditEntry = serde_json::from_value(forged["entries"][5].clone()).unwrap();
    forged["entries"][5]["hash"] = json!(rehashed.compute_hash());
    assert_eq!(where_tampered(&tampered(&forged)), (6, "entries[6].prev_hash"));

    // An entry removed from the middle.
    let mut removed = saved.clone();
    removed["entries"].as_array_mut().unwrap().remove(4);
    assert_eq!(where_tampered(&tampered(&removed)), (4, "entries[4].seq"));

    // Two entries swapped.
    let mut swapped = saved.clone();
    swapped["entries"][1] = entries[2].clone();
    swapped["entries"][2] = entries[1].clone();
    assert_eq!(where_tampered(&tampered(&swapped)), (1, "entries[1].seq"));

    // An entry inserted (a copy of another).
    let mut inserted = saved.clone();
    inserted["entries"].as_array_mut().unwrap().insert(2, entries[1].clone());
    assert_eq!(where_tampered(&tampered(&inserted)), (2, "entries[2].seq"));

    // The first entry's link to the genesis value.
    let mut relinked = saved.clone();
    relinked["entries"][0]["prev_hash"] = json!("1".repeat(64));
    assert_eq!(where_tampered(&tampered(&relinked)), (0, "entries[0].prev_hash"));

    // Cutting entries off the end leaves a valid chain; the last hash tells.
    let mut cut = saved.clone();
    cut["entries"].as_array_mut().unwrap().truncate(10);
    let shorter = AuditTrail::from_json(&cut.to_string()).unwrap();
    assert_ne!(shorter.last_hash(), saved["entries"][12]["hash"].as_str().unwrap());
}

#[test]
fn a_trail_of_another_project_is_refused() {
    let p = scripted();
    let mut other = p.data().clone();
    other.id = "P-2".into();
    let other = Project::from_data(other).unwrap();
    let e = Project::from_json_with_trail(&other.to_json(), &p.audit_trail().to_json()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tampered);
    assert_eq!(e.path(), Some("entries[0].project_id"));
}

#[test]
fn bad_trail_documents_name_the_field() {
    let saved: Value = serde_json::from_str(&scripted().audit_trail().to_json()).unwrap();
    let mut unknown = saved.clone();
    unknown["entries"][2]["signature"] = json!("x");
    let e = AuditTrail::from_json(&unknown.to_string()).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, Some("entries[2].signature")));
    assert!(e.to_string().contains("signature"), "{e}");

    let mut top = saved.clone();
    top["signed_by"] = json!("x");
    let e = AuditTrail::from_json(&top.to_string()).unwrap_err();
    assert!(e.kind() == ErrorKind::Validation && e.to_string().contains("signed_by"), "{e}");

    let mut bad_time = saved.clone();
    bad_time["entries"][1]["at"] = json!("yesterday");
    let e = AuditTrail::from_json(&bad_time.to_string()).unwrap_err();
    assert_eq!(e.path(), Some("entries[1].at"));

    let mut newer = saved;
    newer["schema_version"] = json!(2);
    let e = AuditTrail::from_json(&newer.to_string()).unwrap_err();
    assert_eq!(e.to_string(), "audit trail document version 2 is newer than this library's 1");
    assert_eq!(AuditTrail::from_json("[").unwrap_err().kind(), ErrorKind::Parse);
    let empty = AuditTrail::from_json(r#"{"schema_version": 1}"#).unwrap();
    assert!(empty.is_empty());
}

#[test]
fn queries_filter_by_project_actor_time_and_path() {
    let p = scripted();
    let trail = p.audit_trail();
    let seqs = |q: &AuditQuery| trail.query(q).iter().map(|e| e.seq).collect::<Vec<_>>();
    assert_eq!(seqs(&AuditQuery::default()).len(), 13);
    assert_eq!(seqs(&AuditQuery { actor: Some("bob".into()), ..AuditQuery::default() }), [3]);
    assert_eq!(seqs(&AuditQuery { path_prefix: Some("line_items[capex]".into()), ..AuditQuery::default() }), [0, 3, 4]);
    assert_eq!(seqs(&AuditQuery { path_prefix: Some("metrics".into()), ..AuditQuery::default() }), [6, 7, 8, 9, 10]);
    // Inclusive at both ends.
    assert_eq!(seqs(&AuditQuery { from: Some(at(10, 0)), to: Some(at(11, 0)), ..AuditQuery::default() }), [3, 11, 12]);
    assert!(seqs(&AuditQuery { project_id: Some("P-2".into()), ..AuditQuery::default() }).is_empty());

    // A query over several projects' trails, in time order.
    let mut q = blank().into_data();
    q.id = "P-0".into();
    let mut other = Project::from_data(q).unwrap();
    other.with_change(ChangeMeta::by("bob").at(at(9, 45)), |p| p.update(|d| d.owner = "ops".into())).unwrap();
    let by_bob =
        query_trails([trail, other.audit_trail()], &AuditQuery { actor: Some("bob".into()), ..Default::default() });
    let ids: Vec<_> = by_bob.iter().map(|e| (e.project_id.as_str(), e.seq)).collect();
    assert_eq!(ids, [("P-0", 0), ("P-1", 3)]);
    let csv = entries_to_csv(by_bob);
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn queries_cross_bindings_as_records() {
    let q: AuditQuery =
        valuepm_core::document::from_value(json!({"actor": "bob", "from": "2026-03-01T10:00:00Z"})).unwrap();
    assert_eq!(q, AuditQuery { actor: Some("bob".into()), from: Some(at(10, 0)), ..AuditQuery::default() });
    let e = valuepm_core::document::from_value::<AuditQuery>(json!({"who": "bob"})).unwrap_err();
    assert!(e.to_string().contains("who"));
}

#[test]
fn csv_export_quotes_json_and_text() {
    let p = scripted();
    let csv = p.audit_trail().to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 13);
    let quote = &records[3];
    assert_eq!(&quote[0], "3");
    assert_eq!(&quote[1], "2026-03-01T10:00:00Z");
    assert_eq!(&quote[2], "bob");
    assert_eq!(&quote[4], "line_items[capex].plan.amount");
    assert_eq!(&quote[5], "changed");
    assert_eq!(serde_json::from_str::<Value>(&quote[6]).unwrap(), json!({"amount": "100000", "currency": "EUR"}));
    assert_eq!(serde_json::from_str::<Value>(&quote[7]).unwrap(), json!({"amount": "120000", "currency": "EUR"}));
    assert_eq!(&quote[8], "quote received");
    let entry = &p.audit_trail().entries()[3];
    assert_eq!((&quote[9], &quote[10]), (entry.prev_hash.as_str(), entry.hash.as_str()));
    // Empty old value and reason are empty cells; the raw text quotes JSON with commas.
    assert_eq!((&records[0][6], &records[12][8]), ("", ""));
    assert!(csv.lines().nth(4).unwrap().contains(r#""{""amount"":""100000"",""currency"":""EUR""}""#));
}
