//! Any bytes as a CSV file of any data table, read with any locale: nothing may panic;
//! a failed import changes nothing and lists its bad rows (with their row numbers inside
//! the file); a successful one applies every row, or with `keep_good_rows` exactly the
//! rows it does not report; what was imported exports and imports back equal.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use valuepm_core::io::{
    export_csv, import_csv, DateFormat, DateSystem, ExportOptions, ImportOptions, NumberFormat, Table,
};
use valuepm_core::model::{Direction, LineItem, LineItemKind, Observation, Project, ValueMetric};
use valuepm_core::{Currency, Error, Money};

fn base() -> Vec<Project> {
    let eur = Currency::new("EUR").expect("EUR");
    let day = |m| NaiveDate::from_ymd_opt(2026, m, 1).expect("date");
    let mut p = Project::new("P", "Project", eur, day(1), day(12), 0.08).expect("project");
    p.add_line_item(LineItem::one_off(
        "a",
        "A",
        LineItemKind::Capex,
        day(2),
        Money::parse("10", "EUR").expect("money"),
    ))
    .expect("item");
    p.add_metric(ValueMetric {
        id: "k".into(),
        name: "K".into(),
        unit: String::new(),
        direction: Direction::HigherIsBetter,
        baseline: Observation { value: 0.0, date: day(1) },
        target: Observation { value: 1.0, date: day(12) },
        weight: 1.0,
        monetisation: None,
        measurements: Vec::new(),
    })
    .expect("metric");
    vec![p]
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let table = Table::DATA[usize::from(flags % 6)];
    let options = ImportOptions {
        number_format: if flags & 8 == 0 { NumberFormat::default() } else { NumberFormat::decimal_comma() },
        date_format: [DateFormat::Auto, DateFormat::Iso, DateFormat::Serial][usize::from(flags >> 4) % 3],
        date_system: if flags & 64 == 0 { DateSystem::System1900 } else { DateSystem::System1904 },
        delimiter: if flags & 128 == 0 { ',' } else { ';' },
        keep_good_rows: flags & 32 != 0,
        ..ImportOptions::default()
    };
    // The CSV reader ends a record at `\n`, `\r\n` or a lone `\r`: an upper bound.
    let lines = text.split(['\n', '\r']).count() as u64 + 1;
    let mut projects = base();
    let before = projects.clone();
    match import_csv(&mut projects, table, text, &options) {
        Ok(report) => {
            let t = &report.tables[0];
            assert_eq!(t.applied + t.rejected, t.rows);
            assert!(options.keep_good_rows || report.errors.is_empty());
            assert!(report.errors.iter().all(|e| e.row >= 1 && e.row <= lines.max(1) + 1));
            for p in &projects {
                p.audit_trail().verify().expect("the trail verifies");
            }
            // What was imported exports and imports back equal.
            let mut again = Vec::new();
            for t in Table::DATA {
                let csv = export_csv(&projects, t, &ExportOptions::default()).expect("exports");
                import_csv(&mut again, t, &csv, &ImportOptions::default()).expect("an export imports");
            }
            for (a, b) in projects.iter().zip(&again) {
                let mut a = a.data().clone();
                a.revision = b.data().revision;
                assert_eq!(&a, b.data());
            }
        }
        Err(Error::Import { errors }) => {
            assert!(!errors.is_empty());
            assert_eq!(projects, before, "a failed import changes nothing");
        }
        Err(_) => assert_eq!(projects, before),
    }
});
