//! Properties of the audit trail over random sequences of changes: the trail is complete
//! (replaying its entries on the first document gives the last one), its chain verifies
//! and survives a save and load, and `revision` counts exactly the changes that altered
//! the data.

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Map, Value};
use valuepm_core::model::{
    Actual, Direction, LifecycleState, LineItem, LineItemKind, Measurement, Observation, Plan, Project, Risk,
    ValueMetric,
};
use valuepm_core::{AuditEntry, AuditOp, AuditTrail, ChangeMeta, Currency, Decimal, Money};

const IDS: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

#[derive(Clone, Debug)]
enum Op {
    AddItem(usize, u32, i64),
    InsertItemFirst(usize),
    RemoveItem(usize),
    ChangeAmount(usize, i64),
    RecordActual(usize, u32, i64),
    DropFirstActual(usize),
    AddMetric(usize),
    RecordMeasurement(usize, u32, i32),
    DropMiddleMeasurement(usize),
    AddRisk(usize, Option<u8>),
    SetResidual(usize, Option<u8>),
    AddTag(usize),
    DropFirstTag,
    Rename(usize),
    ReverseItems,
    Transition,
    Nothing,
}

fn op() -> impl Strategy<Value = Op> {
    let id = 0..IDS.len();
    prop_oneof![
        (id.clone(), 0_u32..365, 0_i64..1_000_000).prop_map(|(i, d, a)| Op::AddItem(i, d, a)),
        id.clone().prop_map(Op::InsertItemFirst),
        id.clone().prop_map(Op::RemoveItem),
        (id.clone(), 0_i64..1_000_000).prop_map(|(i, a)| Op::ChangeAmount(i, a)),
        (id.clone(), 0_u32..365, -1_000_i64..1_000_000).prop_map(|(i, d, a)| Op::RecordActual(i, d, a)),
        id.clone().prop_map(Op::DropFirstActual),
        id.clone().prop_map(Op::AddMetric),
        (id.clone(), 0_u32..365, -50_i32..150).prop_map(|(i, d, v)| Op::RecordMeasurement(i, d, v)),
        id.clone().prop_map(Op::DropMiddleMeasurement),
        (id.clone(), prop::option::of(0_u8..=100)).prop_map(|(i, p)| Op::AddRisk(i, p)),
        (id.clone(), prop::option::of(0_u8..=100)).prop_map(|(i, p)| Op::SetResidual(i, p)),
        id.clone().prop_map(Op::AddTag),
        Just(Op::DropFirstTag),
        (0_usize..3).prop_map(Op::Rename),
        Just(Op::ReverseItems),
        Just(Op::Transition),
        Just(Op::Nothing),
    ]
}

fn eur(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::new("EUR").unwrap())
}

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(offset))
}

/// Applies `op`; failures (an unknown id, a refused transition) are part of the game.
fn apply(p: &mut Project, op: &Op) {
    let _ = match op.clone() {
        Op::AddItem(i, d, a) => p.add_line_item(LineItem::one_off(IDS[i], IDS[i], LineItemKind::Opex, day(d), eur(a))),
        Op::InsertItemFirst(i) => p.update(|d| {
            d.line_items.insert(0, LineItem::one_off(IDS[i], "first", LineItemKind::Capex, day(0), eur(1)));
        }),
        Op::RemoveItem(i) => p.update(|d| d.line_items.retain(|x| x.id != IDS[i])),
        Op::ChangeAmount(i, a) => p.update(|d| {
            for item in d.line_items.iter_mut().filter(|x| x.id == IDS[i]) {
                if let Plan::OneOff { amount, .. } = &mut item.plan {
                    *amount = eur(a);
                }
            }
        }),
        Op::RecordActual(i, d, a) => {
            p.record_actual(IDS[i], Actual { date: day(d), amount: eur(a), note: String::new() })
        }
        Op::DropFirstActual(i) => p.update(|d| {
            for item in d.line_items.iter_mut().filter(|x| x.id == IDS[i] && !x.actuals.is_empty()) {
                item.actuals.remove(0);
            }
        }),
        Op::AddMetric(i) => p.add_metric(ValueMetric {
            id: IDS[i].into(),
            name: IDS[i].into(),
            unit: "%".into(),
            direction: Direction::HigherIsBetter,
            baseline: Observation { value: 10.0, date: day(0) },
            target: Observation { value: 90.0, date: day(300) },
            weight: 1.0,
            monetisation: None,
            measurements: Vec::new(),
        }),
        Op::RecordMeasurement(i, d, v) => {
            p.record_measurement(IDS[i], Measurement { date: day(d), value: f64::from(v) / 4.0, note: String::new() })
        }
        Op::DropMiddleMeasurement(i) => p.update(|d| {
            for m in d.metrics.iter_mut().filter(|m| m.id == IDS[i] && !m.measurements.is_empty()) {
                let middle = m.measurements.len() / 2;
                m.measurements.remove(middle);
            }
        }),
        Op::AddRisk(i, residual) => p.add_risk(Risk {
            id: IDS[i].into(),
            description: "what could happen".into(),
            probability: 0.5,
            cost_impact: eur(100_000),
            schedule_impact_days: 0,
            status: valuepm_core::model::RiskStatus::Open,
            mitigation_cost: eur(0),
            residual_probability: residual.map(|r| f64::from(r) / 100.0),
            residual_cost_impact: None,
            expected_date: None,
            owner: String::new(),
        }),
        Op::SetResidual(i, residual) => p.update(|d| {
            for r in d.risks.iter_mut().filter(|r| r.id == IDS[i]) {
                r.residual_probability = residual.map(|r| f64::from(r) / 100.0);
            }
        }),
        Op::AddTag(i) => p.update(|d| d.tags.push(IDS[i].into())),
        Op::DropFirstTag => p.update(|d| {
            if !d.tags.is_empty() {
                d.tags.remove(0);
            }
        }),
        Op::Rename(n) => p.update(|d| d.name = ["One", "Two", "Three"][n].into()),
        Op::ReverseItems => p.update(|d| d.line_items.reverse()),
        Op::Transition => {
            let next = p.state().allowed_transitions().first().copied().unwrap_or(LifecycleState::Proposed);
            let at = Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).single().unwrap()
                + chrono::Duration::seconds(p.data().history.len() as i64);
            p.transition(next, at, "board", "")
        }
        Op::Nothing => p.update(|_| {}),
    };
}

/// The document without the library's bookkeeping fields, as the trail records it.
fn document(p: &Project) -> Value {
    let mut v = serde_json::to_value(p.data()).unwrap();
    let map = v.as_object_mut().unwrap();
    map.remove("schema_version");
    map.remove("revision");
    v
}

enum Segment {
    Key(String),
    Bracket(String),
}

fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').unwrap();
            out.push(Segment::Bracket(inner[..end].to_owned()));
            rest = &inner[end + 1..];
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            out.push(Segment::Key(rest_key[..end].to_owned()));
            rest = &rest_key[end..];
        }
    }
    out
}

fn keyed(list: &[Value]) -> bool {
    list.iter().all(|v| v.get("id").and_then(Value::as_str).is_some())
}

fn position(list: &[Value], key: &str) -> Option<usize> {
    if keyed(list) && key.parse::<usize>().is_err() {
        list.iter().position(|v| v["id"] == key)
    } else {
        key.parse().ok().filter(|i| *i < list.len())
    }
}

fn child<'a>(v: &'a mut Value, s: &Segment) -> &'a mut Value {
    match (v, s) {
        (Value::Object(map), Segment::Key(k)) => map.get_mut(k).unwrap(),
        (Value::Array(list), Segment::Bracket(k)) => {
            let i = position(list, k).unwrap();
            &mut list[i]
        }
        (v, _) => panic!("cannot step into {v}"),
    }
}

/// Applies one entry to `doc`, independently of the code that computed it.
fn replay(doc: &mut Value, e: &AuditEntry) {
    let segs = segments(&e.path);
    let (last, parents) = segs.split_last().unwrap();
    let mut target = doc;
    for s in parents {
        target = child(target, s);
    }
    let new = || e.new.clone().unwrap_or(Value::Null);
    match (target, last, e.op) {
        (Value::Object(map), Segment::Key(k), AuditOp::Removed) => {
            map.remove(k).unwrap();
        }
        (Value::Object(map), Segment::Key(k), _) => {
            let current = map.entry(k.clone()).or_insert(Value::Null);
            match (current, &e.new) {
                // A new order of an id-keyed list: the ids in their new order.
                (Value::Array(list), Some(Value::Array(ids))) if keyed(list) && ids.iter().all(Value::is_string) => {
                    let mut by_id: Map<String, Value> =
                        list.drain(..).map(|v| (v["id"].as_str().unwrap().to_owned(), v)).collect();
                    list.extend(ids.iter().map(|id| by_id.remove(id.as_str().unwrap()).unwrap()));
                }
                (current, _) => *current = new(),
            }
        }
        (Value::Array(list), Segment::Bracket(_), AuditOp::Added) => list.push(new()),
        (Value::Array(list), Segment::Bracket(k), AuditOp::Removed) => {
            let i = position(list, k).unwrap();
            if keyed(list) && k.parse::<usize>().is_err() {
                list.remove(i);
            } else {
                // Positional removals are always the tail, listed from its first element.
                list.truncate(i);
            }
        }
        (Value::Array(list), Segment::Bracket(k), AuditOp::Changed) => {
            let i = position(list, k).unwrap();
            list[i] = new();
        }
        (t, _, _) => panic!("entry {} does not apply to {t}", e.path),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn replaying_the_trail_rebuilds_the_document(ops in prop::collection::vec(op(), 1..40)) {
        let mut p = Project::new("P", "Zero", Currency::new("EUR").unwrap(), day(0), day(364), 0.08).unwrap();
        p.set_change_meta(ChangeMeta::by("prop").at(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap()));
        let first = document(&p);
        let mut changed = 0_u64;
        for op in &ops {
            let before = p.data().clone();
            let entries_before = p.audit_trail().len();
            apply(&mut p, op);
            if *p.data() == before {
                prop_assert_eq!(p.audit_trail().len(), entries_before, "no change, no entry: {:?}", op);
            } else {
                changed += 1;
                prop_assert!(p.audit_trail().len() > entries_before, "a change is recorded: {:?}", op);
            }
        }
        prop_assert_eq!(p.data().revision, changed);

        let mut doc = first;
        for e in p.audit_trail().entries() {
            replay(&mut doc, e);
        }
        prop_assert_eq!(doc, document(&p));

        p.audit_trail().verify().unwrap();
        let saved = p.audit_trail().to_json();
        prop_assert_eq!(&AuditTrail::from_json(&saved).unwrap(), p.audit_trail());
        let loaded = Project::from_json_with_trail(&p.to_json(), &saved).unwrap();
        prop_assert_eq!(loaded.audit_trail(), p.audit_trail());
    }
}
