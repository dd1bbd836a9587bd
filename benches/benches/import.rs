//! Table import: 1,000,000 KPI measurement rows (CSV made in memory) into 100 existing
//! projects with 10 metrics each, validated, applied as one audited change per project.
//! Goal: ≤ 3 s. Peak memory is measured on the `import_measurements` example (see
//! `benches/README.md`).

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use valuepm_core::io::{export_csv, import_csv, ExportOptions, ImportOptions, Table};
use valuepm_core::model::{Direction, Observation, Project, ValueMetric};
use valuepm_core::{ChangeMeta, Currency};

const PROJECTS: usize = 100;
const METRICS: usize = 10;
const ROWS: usize = 1_000_000;

fn projects() -> Vec<Project> {
    let eur = Currency::new("EUR").expect("EUR");
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let end = NaiveDate::from_ymd_opt(2030, 12, 31).expect("date");
    (0..PROJECTS)
        .map(|p| {
            let mut project = Project::new(&format!("P{p:03}"), "Project", eur, start, end, 0.08).expect("project");
            for m in 0..METRICS {
                project
                    .add_metric(ValueMetric {
                        id: format!("kpi{m}"),
                        name: format!("KPI {m}"),
                        unit: "%".to_owned(),
                        direction: Direction::HigherIsBetter,
                        baseline: Observation { value: 10.0, date: start },
                        target: Observation { value: 90.0, date: end },
                        weight: 1.0,
                        monetisation: None,
                        measurements: Vec::new(),
                    })
                    .expect("metric");
            }
            project
        })
        .collect()
}

/// One row per measurement; each metric's measurements on consecutive days.
fn measurements_csv() -> String {
    let mut csv = String::with_capacity(ROWS * 28);
    csv.push_str("project_id,metric_id,date,value\n");
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let per_metric = ROWS / (PROJECTS * METRICS);
    for p in 0..PROJECTS {
        for m in 0..METRICS {
            for k in 0..per_metric {
                let date = start + Days::new(k as u64);
                let _ = writeln!(csv, "P{p:03},kpi{m},{date},{}.{}", 10 + k % 80, k % 100);
            }
        }
    }
    csv
}

fn import(c: &mut Criterion) {
    let csv = measurements_csv();
    let options = ImportOptions { change: ChangeMeta::by("bench"), ..ImportOptions::default() };
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("1,000,000 measurement rows (CSV) into 100 projects", |b| {
        b.iter_batched(
            projects,
            |mut projects| {
                let report =
                    import_csv(&mut projects, Table::Measurements, black_box(&csv), &options).expect("imports");
                assert_eq!(report.tables[0].applied, ROWS as u64);
                projects
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();

    // Export of the same table, for scale.
    let mut imported = projects();
    import_csv(&mut imported, Table::Measurements, &csv, &options).expect("imports");
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.bench_function("1,000,000 measurement rows to CSV", |b| {
        b.iter(|| export_csv(black_box(&imported), Table::Measurements, &ExportOptions::default()).expect("exports"));
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
