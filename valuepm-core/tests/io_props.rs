//! Round trips over generated projects: every data table exported to CSV (or all of them
//! to one `.xlsx`) and imported into an empty list gives back equal projects.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use valuepm_core::io::{export_csv, export_xlsx, import_csv, import_workbook, ExportOptions, ImportOptions, Table};
use valuepm_core::model::{
    Actual, Direction, Frequency, LifecycleState, LineItem, LineItemKind, Measurement, Observation, Plan, Project,
    Risk, RiskStatus, ValueMetric,
};
use valuepm_core::{Currency, Decimal, Money};

const KINDS: [LineItemKind; 4] =
    [LineItemKind::Capex, LineItemKind::Opex, LineItemKind::Revenue, LineItemKind::CostSaving];
const CURRENCIES: [&str; 3] = ["EUR", "JPY", "KWD"];

/// (kind, first day, amount, frequency, escalation, actuals as (day, amount)).
type ItemSpec = (u8, u32, i64, u32, Option<i64>, Vec<(u32, i64)>);
/// (higher is better, baseline, gain, monetisation, measurements as (day, value)).
type MetricSpec = (bool, f64, f64, Option<i64>, Vec<(u32, f64)>);
/// (probability, cost, days, residual probability, expected day).
type RiskSpec = (f64, i64, u32, Option<f64>, Option<u32>);

#[derive(Clone, Debug)]
struct Spec {
    currency: usize,
    rate: f64,
    text: String,
    state: u8,
    items: Vec<ItemSpec>,
    metrics: Vec<MetricSpec>,
    risks: Vec<RiskSpec>,
    tags: Vec<String>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let amount = 0_i64..100_000_000_000;
    let items = prop::collection::vec(
        (
            0_u8..8,
            0_u32..700,
            amount.clone(),
            0_u32..3,
            prop::option::of(-500_i64..5_000),
            prop::collection::vec((0_u32..700, -1_000_000_i64..1_000_000_000), 0..3),
        ),
        0..4,
    );
    let metrics = prop::collection::vec(
        (
            any::<bool>(),
            -1e6_f64..1e6,
            1e-3_f64..1e6,
            prop::option::of(0_i64..10_000_000),
            prop::collection::vec((0_u32..700, -1e9_f64..1e9), 0..4),
        ),
        0..3,
    );
    let risks = prop::collection::vec(
        (0.0_f64..=1.0, amount, 0_u32..400, prop::option::of(0.0_f64..=1.0), prop::option::of(0_u32..700)),
        0..3,
    );
    (
        0..CURRENCIES.len(),
        -0.5_f64..0.5,
        "[a-zA-Z0-9 ,;\"'é€\n-]{0,20}",
        0_u8..4,
        items,
        metrics,
        risks,
        prop::collection::vec("[a-z;& \\[]{1,6}", 0..3),
    )
        .prop_map(|(currency, rate, text, state, items, metrics, risks, mut tags)| {
            tags.retain(|t| !t.trim().is_empty());
            tags.sort();
            tags.dedup();
            Spec { currency, rate, text, state, items, metrics, risks, tags }
        })
}

fn build(spec: &Spec, index: usize) -> Project {
    let code = CURRENCIES[spec.currency];
    let currency = Currency::new(code).unwrap();
    let scale = currency.minor_units();
    let money = |units: i64| Money::new(Decimal::new(units, scale), currency);
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
    let day = |n: u32| start + Days::new(u64::from(n));
    let mut p =
        Project::new(&format!("P{index}"), &format!("Project {index}"), currency, start, end, spec.rate).unwrap();
    // Text round-trips as written, surrounding spaces included; a cell of spaces only
    // reads as empty.
    let text = if spec.text.trim().is_empty() { String::new() } else { spec.text.clone() };
    let tags = spec.tags.clone();
    p.update(|d| {
        d.description = text.clone();
        d.owner = text.replace('\n', " ");
        d.name = format!(" {} ", d.name);
        d.tags = tags;
    })
    .unwrap();
    let at = Utc.with_ymd_and_hms(2026, 2, 1, 12, 30, 0).unwrap();
    let path = [LifecycleState::Approved, LifecycleState::Active, LifecycleState::OnHold];
    for to in &path[..usize::from(spec.state).min(3)] {
        p.transition(*to, at, "pmo", &spec.text).unwrap();
    }
    for (i, (kind, first, amount, frequency, escalation, actuals)) in spec.items.iter().enumerate() {
        let kind = KINDS[usize::from(*kind) % KINDS.len()];
        let mut item = match frequency {
            0 => LineItem::one_off(&format!("i{i}"), "One-off", kind, day(*first), money(*amount)),
            f => LineItem::recurring(
                &format!("i{i}"),
                "Recurring",
                kind,
                if *f == 1 { Frequency::Monthly } else { Frequency::Quarterly },
                day(*first),
                end,
                money(*amount),
            ),
        };
        if let Plan::Recurring { escalation: e, .. } = &mut item.plan {
            *e = escalation.map(|x| Decimal::new(x, 4));
        }
        item.category = spec.text.chars().take(5).collect::<String>().trim().to_owned();
        item.actuals =
            actuals.iter().map(|(d, a)| Actual { date: day(*d), amount: money(*a), note: text.clone() }).collect();
        p.add_line_item(item).unwrap();
    }
    for (i, (higher, baseline, gain, monetisation, measurements)) in spec.metrics.iter().enumerate() {
        let direction = if *higher { Direction::HigherIsBetter } else { Direction::LowerIsBetter };
        let target = if *higher { baseline + gain } else { baseline - gain };
        p.add_metric(ValueMetric {
            id: format!("m{i}"),
            name: "Metric".into(),
            unit: "%".into(),
            direction,
            baseline: Observation { value: *baseline, date: start },
            target: Observation { value: target, date: end },
            weight: gain / 7.0,
            monetisation: monetisation.map(money),
            measurements: measurements
                .iter()
                .map(|(d, v)| Measurement { date: day(*d), value: *v, note: String::new() })
                .collect(),
        })
        .unwrap();
    }
    for (i, (probability, cost, days, residual, expected)) in spec.risks.iter().enumerate() {
        p.add_risk(Risk {
            id: format!("r{i}"),
            description: "Risk".into(),
            probability: *probability,
            cost_impact: money(*cost),
            schedule_impact_days: *days,
            status: if i % 2 == 0 { RiskStatus::Open } else { RiskStatus::Occurred },
            mitigation_cost: money(cost / 3),
            residual_probability: *residual,
            residual_cost_impact: residual.map(|_| money(cost / 7)),
            expected_date: expected.map(day),
            owner: String::new(),
        })
        .unwrap();
    }
    p
}

fn assert_same(original: &[Project], back: &[Project]) -> Result<(), TestCaseError> {
    prop_assert_eq!(original.len(), back.len());
    for (a, b) in original.iter().zip(back) {
        let mut a = a.data().clone();
        a.revision = b.data().revision;
        prop_assert_eq!(&a, b.data());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_round_trip(specs in prop::collection::vec(spec(), 1..4)) {
        let projects: Vec<Project> = specs.iter().enumerate().map(|(i, s)| build(s, i)).collect();
        let mut back = Vec::new();
        for table in Table::DATA {
            let csv = export_csv(&projects, table, &ExportOptions::default()).unwrap();
            let report = import_csv(&mut back, table, &csv, &ImportOptions::default());
            prop_assert!(report.is_ok(), "{}: {:?}\n{}", table, report, csv);
        }
        assert_same(&projects, &back)?;
    }

    #[test]
    fn xlsx_round_trip(specs in prop::collection::vec(spec(), 1..3)) {
        // Amounts of up to 11 digits (with the minor unit): well within the 15
        // significant digits a spreadsheet number keeps.
        let projects: Vec<Project> = specs.iter().enumerate().map(|(i, s)| build(s, i)).collect();
        let bytes = export_xlsx(&projects, &ExportOptions::default()).unwrap();
        let mut back = Vec::new();
        let report = import_workbook(&mut back, &bytes, None, &ImportOptions::default());
        prop_assert!(report.is_ok(), "{:?}", report);
        assert_same(&projects, &back)?;
    }
}
