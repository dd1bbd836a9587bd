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

use valuepm_core::io::{import_csv_reader, ImportOptions, Table};
use valuepm_core::ChangeMeta;
use valuepm_examples::measurements_import::{projects, write_measurements};

/// Writes `rows` measurement rows to `path`.
fn write(path: &str, rows: usize) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    write_measurements(&mut out, rows)?;
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
