//! Table import: 1,000,000 KPI measurement rows (CSV made in memory) into 100 existing
//! projects with 10 metrics each, validated, applied as one audited change per project.
//! Goal: ≤ 3 s. Peak memory is measured on the `import_measurements` example (see
//! `benches/README.md`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use valuepm_core::io::{export_csv, import_csv, ExportOptions, ImportOptions, Table};
use valuepm_core::ChangeMeta;
use valuepm_examples::measurements_import::{projects, write_measurements};

const ROWS: usize = 1_000_000;

/// The example's CSV, made in memory.
fn measurements_csv() -> String {
    let mut csv = Vec::with_capacity(ROWS * 28);
    write_measurements(&mut csv, ROWS).expect("writes to memory");
    String::from_utf8(csv).expect("ASCII")
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
