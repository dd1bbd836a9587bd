//! Monte Carlo of the reference model (invest triangular(800k, 1.0M, 1.5M), earn
//! PERT(120k, 180k, 260k) a year for 10 years, discount at normal(8%, 2%)): 1,000,000
//! iterations on one thread and on two. Goal: ≥ 25 million iterations/s on one core.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use valuepm_core::model::{Frequency, LineItem, LineItemKind, Project};
use valuepm_core::risk::{Distribution, InputTarget, SimulationSpec, UncertainInput};
use valuepm_core::{Currency, Money};

fn reference() -> (Project, Vec<UncertainInput>) {
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    let eur = Currency::new("EUR").expect("EUR");
    let mut p = Project::new("ref", "Reference model", eur, d("2026-01-01"), d("2036-12-31"), 0.08).expect("project");
    p.add_line_item(LineItem::one_off(
        "cost",
        "Investment",
        LineItemKind::Capex,
        d("2026-01-01"),
        Money::parse("1000000", "EUR").expect("m"),
    ))
    .expect("item");
    p.add_line_item(LineItem::recurring(
        "benefit",
        "Yearly benefit",
        LineItemKind::CostSaving,
        Frequency::Yearly,
        d("2027-01-01"),
        d("2036-01-01"),
        Money::parse("180000", "EUR").expect("m"),
    ))
    .expect("item");
    let inputs = vec![
        UncertainInput {
            name: "investment".into(),
            target: InputTarget::LineItem { line_item_id: "cost".into() },
            distribution: Distribution::Triangular { min: 0.8, mode: 1.0, max: 1.5 },
        },
        UncertainInput {
            name: "benefit".into(),
            target: InputTarget::LineItem { line_item_id: "benefit".into() },
            distribution: Distribution::Pert { min: 120.0 / 180.0, mode: 1.0, max: 260.0 / 180.0, shape: 4.0 },
        },
        UncertainInput {
            name: "rate".into(),
            target: InputTarget::DiscountRate,
            distribution: Distribution::Normal { mean: 0.08, sd: 0.02 },
        },
    ];
    (p, inputs)
}

fn simulate(c: &mut Criterion) {
    let (project, inputs) = reference();
    let mut group = c.benchmark_group("monte carlo reference model");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000_000));
    for threads in [1, 2] {
        let spec = SimulationSpec {
            iterations: 1_000_000,
            seed: 1,
            inputs: inputs.clone(),
            correlation: None,
            include_risk_events: true,
            confidence: 0.95,
            roi_target: 0.0,
            histogram_bins: 30,
            sensitivity: false,
            irr_and_payback: false,
            threads: Some(threads),
            limits: valuepm_core::risk::SimulationLimits::default(),
        };
        group.bench_function(format!("1,000,000 iterations, {threads} thread(s)"), |b| {
            b.iter(|| black_box(&project).simulate(black_box(&spec)).expect("simulates"));
        });
    }
    group.finish();
}

criterion_group!(benches, simulate);
criterion_main!(benches);
