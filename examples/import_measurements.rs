//! Imports a large KPI measurements CSV into 100 projects with 10 metrics each, streaming
//! it from a file, and prints the time taken: the figure behind the 1,000,000-row import
//! in `benches/README.md`. Run it under `/usr/bin/time -v` for its peak memory:
//!
//! ```sh
//! cargo run --release -p valuepm-examples --example import_measurements -- write /tmp/measurements.csv 1000000
//! /usr/bin/time -v target/release/examples/import_measurements read /tmp/measurements.csv
//! ```
//!
//! `write` makes the file (one row per measurement, 1,000,000 by default); `read` imports it.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use chrono::NaiveDate;
use valuepm_core::io::{import_csv_reader, ImportOptions, Table};
use valuepm_core::model::{Direction, Observation, Project, ValueMetric};
use valuepm_core::{ChangeMeta, Currency};

const PROJECTS: usize = 100;
const METRICS: usize = 10;

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

/// Writes `rows` measurement rows: each metric's measurements are consecutive days.
fn write(path: &str, rows: usize) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "project_id,metric_id,date,value")?;
    let per_metric = rows.div_ceil(PROJECTS * METRICS);
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let mut written = 0;
    'all: for p in 0..PROJECTS {
        for m in 0..METRICS {
            for k in 0..per_metric {
                if written == rows {
                    break 'all;
                }
                let date = start + chrono::Days::new(k as u64);
                writeln!(out, "P{p:03},kpi{m},{date},{}.{}", 10 + k % 80, k % 100)?;
                written += 1;
            }
        }
    }
    out.flush()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("write") => {
            let path = args.get(2).map_or("/tmp/measurements.csv", String::as_str);
            let rows = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
            write(path, rows).expect("write the CSV");
            println!("wrote {rows} rows to {path}");
        }
        Some("read") => {
            let path = args.get(2).map_or("/tmp/measurements.csv", String::as_str);
            let mut projects = projects();
            let options = ImportOptions { change: ChangeMeta::by("bench"), ..ImportOptions::default() };
            let started = Instant::now();
            let file = BufReader::with_capacity(1 << 16, File::open(path).expect("open the CSV"));
            let report = import_csv_reader(&mut projects, Table::Measurements, file, &options).expect("import");
            let elapsed = started.elapsed();
            let kept: usize = projects.iter().flat_map(|p| &p.data().metrics).map(|m| m.measurements.len()).sum();
            let entries: usize = projects.iter().map(|p| p.audit_trail().len()).sum();
            println!(
                "imported {} rows into {} projects in {:.3} s ({kept} measurements kept, {entries} audit entries)",
                report.tables[0].applied,
                report.projects_updated.len(),
                elapsed.as_secs_f64()
            );
        }
        _ => eprintln!("usage: import_measurements write|read [path] [rows]"),
    }
}
