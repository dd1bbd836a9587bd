//! Project evaluation: a 10-year monthly project with 20 line items (monthly, quarterly,
//! yearly and one-off, some escalated, with a year of actuals) and 8 KPIs with monthly
//! measurements. Goal: ≤ 50 µs per evaluation.

use std::hint::black_box;

use chrono::{Months, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use valuepm_core::model::{
    Actual, Direction, Frequency, LineItem, LineItemKind, Measurement, Observation, Plan, Project, ValueMetric,
};
use valuepm_core::{Currency, Decimal, Money};

fn ten_year_project() -> Project {
    let eur = Currency::new("EUR").expect("EUR");
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let end = NaiveDate::from_ymd_opt(2035, 12, 31).expect("date");
    let mut project = Project::new("bench", "Ten-year programme", eur, start, end, 0.08).expect("project");
    let kinds = [
        LineItemKind::Labour,
        LineItemKind::Opex,
        LineItemKind::Licence,
        LineItemKind::Capex,
        LineItemKind::CostSaving,
        LineItemKind::Revenue,
        LineItemKind::AvoidedCost,
        LineItemKind::OtherCost,
    ];
    let frequencies = [Frequency::Monthly, Frequency::Monthly, Frequency::Quarterly, Frequency::Yearly];
    for i in 0..20_u32 {
        let kind = kinds[i as usize % kinds.len()];
        let amount = Money::new(Decimal::new(i64::from(5_000 + 750 * i), 0), eur);
        let mut item = if i % 5 == 3 {
            LineItem::one_off(&format!("item{i}"), "One-off", kind, start + Months::new(i), amount)
        } else {
            LineItem::recurring(
                &format!("item{i}"),
                "Recurring",
                kind,
                frequencies[i as usize % frequencies.len()],
                start + Months::new(i % 12),
                end,
                amount,
            )
        };
        if let Plan::Recurring { escalation, .. } = &mut item.plan {
            *escalation = (i % 2 == 0).then(|| Decimal::new(3, 2));
        }
        item.actuals = (0..12)
            .map(|m| Actual {
                date: start + Months::new(m),
                amount: Money::new(Decimal::new(51_234, 1), eur),
                note: String::new(),
            })
            .collect();
        project.add_line_item(item).expect("line item");
    }
    for k in 0..8_u32 {
        let higher = k % 2 == 0;
        let (baseline, target) = if higher { (10.0, 90.0) } else { (90.0, 10.0) };
        project
            .add_metric(ValueMetric {
                id: format!("kpi{k}"),
                name: format!("KPI {k}"),
                unit: "%".to_owned(),
                direction: if higher { Direction::HigherIsBetter } else { Direction::LowerIsBetter },
                baseline: Observation { value: baseline, date: start },
                target: Observation { value: target, date: start + Months::new(36) },
                weight: 1.0,
                monetisation: Some(Money::new(Decimal::new(1_000, 0), eur)),
                measurements: (1..=24)
                    .map(|m| Measurement {
                        date: start + Months::new(m),
                        value: baseline + (target - baseline) * f64::from(m) / 40.0,
                        note: String::new(),
                    })
                    .collect(),
            })
            .expect("metric");
    }
    project
}

fn evaluate(c: &mut Criterion) {
    let project = ten_year_project();
    let as_of = NaiveDate::from_ymd_opt(2028, 6, 30).expect("date");
    c.bench_function("evaluate 10y monthly, 20 items, 8 KPIs", |b| {
        b.iter(|| black_box(&project).evaluate(black_box(as_of)).expect("evaluates"));
    });
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
