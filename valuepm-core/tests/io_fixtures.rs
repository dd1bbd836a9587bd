//! Real files in `tests/data/import/`: CSV turned into `.xlsx`, `.ods` and `.xls` by
//! LibreOffice, and files made by our own export. The expected values are written here
//! by hand from the source CSV, not read back from our own export (see the README there
//! for how each file was made).

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use valuepm_core::io::{
    export_csv, export_xlsx, import_csv, import_workbook, ExportOptions, ImportOptions, RowError, Table,
};
use valuepm_core::model::{
    Actual, Direction, Frequency, LifecycleState, LineItem, LineItemKind, Measurement, Observation, Plan, Project,
    Risk, RiskStatus, ValueMetric,
};
use valuepm_core::{Currency, Decimal, Error, Money};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(path)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn eur(s: &str) -> Money {
    Money::parse(s, "EUR").unwrap()
}

/// The project the LibreOffice files add to.
fn base() -> Vec<Project> {
    let mut p =
        Project::new("P-1", "Warehouse robots", Currency::new("EUR").unwrap(), d("2026-01-01"), d("2028-12-31"), 0.08)
            .unwrap();
    p.add_line_item(LineItem::one_off("robots", "Robots", LineItemKind::Capex, d("2026-02-01"), eur("250000")))
        .unwrap();
    p.add_metric(ValueMetric {
        id: "pick_rate".into(),
        name: "Picks per hour".into(),
        unit: "picks/h".into(),
        direction: Direction::HigherIsBetter,
        baseline: Observation { value: 80.0, date: d("2026-01-01") },
        target: Observation { value: 140.0, date: d("2027-01-01") },
        weight: 1.0,
        monetisation: None,
        measurements: Vec::new(),
    })
    .unwrap();
    vec![p]
}

/// Imports `libreoffice/<name>.<ext>` as `table`.
fn import_file(
    projects: &mut Vec<Project>,
    name: &str,
    ext: &str,
    table: Table,
    options: &ImportOptions,
) -> Result<(), Error> {
    let path = data(&format!("libreoffice/{name}.{ext}"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if ext == "csv" {
        import_csv(projects, table, std::str::from_utf8(&bytes).unwrap(), options).map(drop)
    } else {
        import_workbook(projects, &bytes, Some(table), options).map(drop)
    }
}

const FORMATS: [&str; 4] = ["csv", "xlsx", "ods", "xls"];

#[test]
fn libreoffice_measurements_in_every_format() {
    for ext in FORMATS {
        let mut projects = base();
        import_file(&mut projects, "measurements", ext, Table::Measurements, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{ext}: {e}"));
        let m = &projects[0].data().metrics[0].measurements;
        let expected = [
            Measurement { date: d("2026-07-31"), value: 95.5, note: String::new() },
            Measurement { date: d("2026-08-31"), value: 101.25, note: "after tuning".into() },
            Measurement { date: d("2026-09-30"), value: 110.0, note: String::new() },
        ];
        assert_eq!(m, &expected, "{ext}");
    }
}

#[test]
fn libreoffice_line_items_in_every_format() {
    for ext in FORMATS {
        let mut projects = base();
        import_file(&mut projects, "line_items", ext, Table::LineItems, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{ext}: {e}"));
        let items = &projects[0].data().line_items[1..];
        let mut sensors =
            LineItem::one_off("sensors", "Sensors", LineItemKind::Capex, d("2026-05-15"), eur("12500.75"));
        sensors.category = "hardware".into();
        let mut support = LineItem::recurring(
            "support",
            "Support contract",
            LineItemKind::Opex,
            Frequency::Monthly,
            d("2026-06-01"),
            d("2028-05-31"),
            eur("1499.99"),
        );
        support.category = "services".into();
        if let Plan::Recurring { escalation, .. } = &mut support.plan {
            *escalation = Some(Decimal::new(3, 2));
        }
        assert_eq!(items, [sensors, support], "{ext}");
    }
}

fn row_errors(e: Error) -> Vec<RowError> {
    match e {
        Error::Import { errors } => errors,
        other => panic!("expected an import error, got {other}"),
    }
}

#[test]
fn libreoffice_bad_actuals_list_every_row_in_every_format() {
    let expected: [(u64, &str, &str, &str); 5] = [
        (3, "date", "2026-02-30", "not a date"),
        (4, "line_item_id", "nonexistent", "no line item `nonexistent`"),
        (5, "project_id", "P-2", "no project `P-2`"),
        (6, "amount", "lots", "has an unexpected `l`"),
        (7, "currency", "USD", "the project's currency is EUR"),
    ];
    for ext in FORMATS {
        let mut projects = base();
        let before = projects.clone();
        let e = import_file(&mut projects, "actuals_bad", ext, Table::Actuals, &ImportOptions::default()).unwrap_err();
        let errors = row_errors(e);
        assert_eq!(errors.len(), expected.len(), "{ext}: {errors:#?}");
        for (e, (row, column, value, reason)) in errors.iter().zip(expected) {
            assert_eq!(
                (e.table, e.row, e.column.as_str(), e.value.as_str()),
                (Table::Actuals, row, column, value),
                "{ext}"
            );
            assert!(e.reason.contains(reason), "{ext}: row {row}: {}", e.reason);
        }
        assert_eq!(projects, before, "{ext}: nothing applied");

        // Keeping the good rows applies row 2 only.
        let options = ImportOptions { keep_good_rows: true, ..ImportOptions::default() };
        import_file(&mut projects, "actuals_bad", ext, Table::Actuals, &options).unwrap();
        assert_eq!(
            projects[0].data().line_items[0].actuals,
            [Actual { date: d("2026-04-01"), amount: eur("1000"), note: "ok row".into() }],
            "{ext}"
        );
    }
}

/// The project our own export fixtures are made of.
fn exported_sample() -> Vec<Project> {
    let mut projects = base();
    let p = &mut projects[0];
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap();
    p.transition(LifecycleState::Approved, at, "board", "business case accepted").unwrap();
    p.update(|d| {
        d.owner = "Operations".into();
        d.tags = vec!["automation".into(), "logistics".into()];
    })
    .unwrap();
    p.record_actual("robots", Actual { date: d("2026-02-03"), amount: eur("249999.99"), note: "INV-7, paid".into() })
        .unwrap();
    p.record_measurement("pick_rate", Measurement { date: d("2026-03-31"), value: 91.25, note: String::new() })
        .unwrap();
    p.add_risk(Risk {
        id: "delay".into(),
        description: "Vendor delivers late".into(),
        probability: 0.3,
        cost_impact: eur("50000"),
        schedule_impact_days: 45,
        status: RiskStatus::Mitigating,
        mitigation_cost: eur("5000.50"),
        residual_probability: Some(0.1),
        residual_cost_impact: None,
        expected_date: Some(d("2026-06-01")),
        owner: "Procurement".into(),
    })
    .unwrap();
    projects
}

/// Rewrites the export fixtures (run after a deliberate change of the export format):
/// `cargo test -p valuepm-core --test io_fixtures -- --ignored write_export_fixtures`.
#[test]
#[ignore = "writes the export fixtures"]
fn write_export_fixtures() {
    let projects = exported_sample();
    for table in Table::DATA {
        let csv = export_csv(&projects, table, &ExportOptions::default()).unwrap();
        std::fs::write(data(&format!("export/{table}.csv")), csv).unwrap();
    }
    std::fs::write(data("export/sample.xlsx"), export_xlsx(&projects, &ExportOptions::default()).unwrap()).unwrap();
}

#[test]
fn our_csv_export_is_unchanged() {
    let projects = exported_sample();
    for table in Table::DATA {
        let saved = std::fs::read_to_string(data(&format!("export/{table}.csv"))).unwrap();
        assert_eq!(export_csv(&projects, table, &ExportOptions::default()).unwrap(), saved, "{table}");
    }
}

/// What the export fixtures hold, written out by hand.
fn check_exported(projects: &[Project], what: &str) {
    assert_eq!(projects.len(), 1, "{what}");
    let p = projects[0].data();
    assert_eq!((p.id.as_str(), p.name.as_str(), p.owner.as_str()), ("P-1", "Warehouse robots", "Operations"), "{what}");
    assert_eq!((p.start_date, p.end_date, p.discount_rate), (d("2026-01-01"), d("2028-12-31"), 0.08), "{what}");
    assert_eq!(p.state, LifecycleState::Approved, "{what}");
    assert_eq!(p.history.len(), 1, "{what}");
    assert_eq!(p.history[0].reason, "business case accepted", "{what}");
    assert_eq!(p.tags, ["automation", "logistics"], "{what}");
    let item = &p.line_items[0];
    assert_eq!(item.plan, Plan::OneOff { date: d("2026-02-01"), amount: eur("250000") }, "{what}");
    assert_eq!(
        item.actuals,
        [Actual { date: d("2026-02-03"), amount: eur("249999.99"), note: "INV-7, paid".into() }],
        "{what}"
    );
    let m = &p.metrics[0];
    assert_eq!((m.baseline.value, m.target.value, m.target.date), (80.0, 140.0, d("2027-01-01")), "{what}");
    assert_eq!(m.measurements, [Measurement { date: d("2026-03-31"), value: 91.25, note: String::new() }], "{what}");
    let r = &p.risks[0];
    assert_eq!((r.id.as_str(), r.probability, r.schedule_impact_days), ("delay", 0.3, 45), "{what}");
    assert_eq!((r.cost_impact, r.mitigation_cost), (eur("50000"), eur("5000.50")), "{what}");
    assert_eq!((r.residual_probability, r.residual_cost_impact), (Some(0.1), None), "{what}");
    assert_eq!((r.status, r.expected_date), (RiskStatus::Mitigating, Some(d("2026-06-01"))), "{what}");
}

#[test]
fn our_export_files_import() {
    let mut projects = Vec::new();
    for table in Table::DATA {
        let csv = std::fs::read_to_string(data(&format!("export/{table}.csv"))).unwrap();
        import_csv(&mut projects, table, &csv, &ImportOptions::default()).unwrap();
    }
    check_exported(&projects, "csv");
    let bytes = std::fs::read(data("export/sample.xlsx")).unwrap();
    let mut projects = Vec::new();
    import_workbook(&mut projects, &bytes, None, &ImportOptions::default()).unwrap();
    check_exported(&projects, "xlsx");
    // Our workbook opened and saved again by LibreOffice, as .ods.
    let bytes = std::fs::read(data("export/sample_resaved_by_libreoffice.ods")).unwrap();
    let mut projects = Vec::new();
    import_workbook(&mut projects, &bytes, None, &ImportOptions::default()).unwrap();
    check_exported(&projects, "ods");
}
