//! Portfolio roll-up at scale: 100,000 projects, each with 10 years of monthly flows
//! (a one-off investment, monthly running costs and monthly benefits), 8 KPIs with
//! measurements and 2 risks; a quarter of them in USD. Goal: ≤ 2 s on 2 cores, ≤ 2 GB.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{Portfolio, PortfolioData, PortfolioEntry};
use valuepm_core::Currency;

fn project(i: usize) -> serde_json::Value {
    let currency = if i % 4 == 0 { "USD" } else { "EUR" };
    let m = |a: f64| json!({"amount": format!("{a:.2}"), "currency": currency});
    let scale = 1.0 + (i % 97) as f64 / 100.0;
    let metrics: Vec<_> = (0..8)
        .map(|k| {
            json!({"id": format!("kpi{k}"), "name": format!("KPI {k}"), "unit": "%", "direction": "higher_is_better",
                "baseline": {"value": 10, "date": "2026-01-01"}, "target": {"value": 60, "date": "2028-01-01"},
                "monetisation": m(1000.0),
                "measurements": [{"date": "2026-03-01", "value": 12}, {"date": "2026-06-01", "value": 15 + k},
                                 {"date": "2026-09-01", "value": 20 + k}]})
        })
        .collect();
    let category = ["growth", "regulatory", "efficiency"][i % 3];
    json!({"category": category,
        "project": {"schema_version": 1, "id": format!("p{i}"), "name": format!("Project {i}"),
        "owner": format!("owner{}", i % 50), "currency": currency,
        "start_date": "2026-01-01", "end_date": "2035-12-31", "discount_rate": 0.08,
        "line_items": [
            {"id": "build", "name": "Build", "kind": "capex",
             "plan": {"type": "one_off", "date": "2026-01-01", "amount": m(500_000.0 * scale)},
             "actuals": [{"date": "2026-02-01", "amount": m(480_000.0 * scale)}]},
            {"id": "run", "name": "Run", "kind": "opex",
             "plan": {"type": "recurring", "frequency": "monthly", "start": "2026-02-01", "end": "2035-12-01",
                      "amount": m(2_000.0 * scale)}},
            {"id": "benefit", "name": "Benefit", "kind": "cost_saving",
             "plan": {"type": "recurring", "frequency": "monthly", "start": "2026-07-01", "end": "2035-12-01",
                      "amount": m(9_000.0 * scale)}}],
        "metrics": metrics,
        "risks": [
            {"id": "r1", "description": "Delay", "probability": 0.2, "cost_impact": m(50_000.0), "mitigation_cost": m(0.0)},
            {"id": "r2", "description": "Overrun", "probability": 0.1, "cost_impact": m(80_000.0),
             "mitigation_cost": m(5_000.0), "status": "mitigating", "residual_probability": 0.05}]}})
}

fn portfolio(n: usize) -> Portfolio {
    // Two document templates (EUR and USD), then typed copies with their own ids: the
    // memory measured is the portfolio's, not a JSON tree's.
    let templates: Vec<PortfolioEntry> =
        (0..12).map(|i| serde_json::from_value(project(i)).expect("project document")).collect();
    let projects = (0..n)
        .map(|i| {
            let mut entry = templates[i % templates.len()].clone();
            entry.project.id = format!("p{i}");
            entry.project.name = format!("Project {i}");
            entry.project.owner = format!("owner{}", i % 50);
            entry
        })
        .collect();
    let data = PortfolioData {
        schema_version: 1,
        id: "big".into(),
        name: "Big portfolio".into(),
        currency: Currency::new("EUR").expect("EUR"),
        status_date: "2026-12-31".parse().expect("date"),
        discount_rate: 0.07,
        exchange_rates: serde_json::from_value(json!({"rates": [{"from": "USD", "to": "EUR", "rate": "0.92"}]}))
            .expect("rates"),
        projects,
    };
    Portfolio::from_data(data).expect("valid")
}

fn roll_up(c: &mut Criterion) {
    let mut group = c.benchmark_group("portfolio roll-up");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let p = portfolio(n);
        for threads in [1, 2] {
            group.bench_function(format!("{n} projects, {threads} thread(s)"), |b| {
                b.iter(|| black_box(&p).roll_up(Period::Quarter, Some(threads)).expect("rolls up"));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, roll_up);
criterion_main!(benches);
