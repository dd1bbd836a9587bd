//! Table import and export: round trips through CSV and `.xlsx`, every bad row reported at
//! once, nothing applied unless asked, one audited change per project, locales.

use chrono::{NaiveDate, TimeZone, Utc};
use valuepm_core::io::{
    export_csv, export_table, export_xlsx, import_csv, import_workbook, CellValue, ExportOptions, ImportOptions,
    NumberFormat, RowError, Table,
};
use valuepm_core::model::{
    Actual, Direction, Frequency, LifecycleState, LineItem, LineItemKind, Measurement, Observation, Plan, Project,
    Risk, RiskStatus, ValueMetric,
};
use valuepm_core::{ChangeMeta, Currency, Decimal, Error, ErrorKind, Money};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn eur(s: &str) -> Money {
    Money::parse(s, "EUR").unwrap()
}

/// A project with something in every table.
fn sample() -> Project {
    let eur_c = Currency::new("EUR").unwrap();
    let mut p = Project::new("P-1", "Warehouse robots", eur_c, d("2026-01-01"), d("2028-12-31"), 0.08).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap();
    p.update(|d| {
        d.description = "Pick, pack, \"ship\"; faster".into();
        d.owner = "Ops".into();
        d.tags = vec!["automation".into(), "logistics".into()];
        d.template_id = Some("infrastructure".into());
    })
    .unwrap();
    p.transition(LifecycleState::Approved, at, "board", "business case accepted").unwrap();
    let mut capex = LineItem::one_off("robots", "Robots", LineItemKind::Capex, d("2026-02-01"), eur("250000.50"));
    capex.category = "hardware".into();
    capex.actuals = vec![
        Actual { date: d("2026-02-03"), amount: eur("249999.99"), note: "INV-7, paid".into() },
        Actual { date: d("2026-03-01"), amount: eur("-120.00"), note: String::new() },
    ];
    p.add_line_item(capex).unwrap();
    let mut saving = LineItem::recurring(
        "labour",
        "Labour saving",
        LineItemKind::CostSaving,
        Frequency::Quarterly,
        d("2026-04-01"),
        d("2028-12-31"),
        eur("30000"),
    );
    if let Plan::Recurring { escalation, .. } = &mut saving.plan {
        *escalation = Some(Decimal::new(25, 3));
    }
    p.add_line_item(saving).unwrap();
    p.add_metric(ValueMetric {
        id: "pick_rate".into(),
        name: "Picks per hour".into(),
        unit: "picks/h".into(),
        direction: Direction::HigherIsBetter,
        baseline: Observation { value: 80.0, date: d("2026-01-01") },
        target: Observation { value: 140.5, date: d("2027-01-01") },
        weight: 2.0,
        monetisation: Some(eur("1200.75")),
        measurements: vec![
            Measurement { date: d("2026-03-31"), value: 91.25, note: String::new() },
            Measurement { date: d("2026-06-30"), value: 0.1, note: "sensor fault".into() },
        ],
    })
    .unwrap();
    p.add_risk(Risk {
        id: "delay".into(),
        description: "Vendor delivers late".into(),
        probability: 0.3,
        cost_impact: eur("50000"),
        schedule_impact_days: 45,
        status: RiskStatus::Mitigating,
        mitigation_cost: eur("5000"),
        residual_probability: Some(0.1),
        residual_cost_impact: Some(eur("20000")),
        expected_date: Some(d("2026-06-01")),
        owner: "Procurement".into(),
    })
    .unwrap();
    p
}

fn jpy_project() -> Project {
    let mut p =
        Project::new("P-2", "Tokyo office", Currency::new("JPY").unwrap(), d("2026-01-01"), d("2026-12-31"), 0.02)
            .unwrap();
    p.add_line_item(LineItem::one_off(
        "fit_out",
        "Fit-out",
        LineItemKind::Capex,
        d("2026-03-01"),
        Money::parse("12000000", "JPY").unwrap(),
    ))
    .unwrap();
    p
}

fn csv_round_trip(projects: &[Project]) -> Vec<Project> {
    let mut back = Vec::new();
    for table in Table::DATA {
        let text = export_csv(projects, table, &ExportOptions::default()).unwrap();
        import_csv(&mut back, table, &text, &ImportOptions::default()).unwrap_or_else(|e| panic!("{table}: {e}"));
    }
    back
}

#[test]
fn csv_export_imports_back_to_equal_projects() {
    let projects = vec![sample(), jpy_project()];
    let back = csv_round_trip(&projects);
    assert_eq!(back.len(), 2);
    for (a, b) in projects.iter().zip(&back) {
        let (mut a, b) = (a.data().clone(), b.data().clone());
        a.revision = b.revision;
        assert_eq!(a, b);
    }
}

#[test]
fn xlsx_export_imports_back_to_equal_projects() {
    let projects = vec![sample(), jpy_project()];
    let bytes = export_xlsx(&projects, &ExportOptions::default()).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    // The same data always makes the same bytes.
    assert_eq!(bytes, export_xlsx(&projects, &ExportOptions::default()).unwrap());
    let mut back = Vec::new();
    let report = import_workbook(&mut back, &bytes, None, &ImportOptions::default()).unwrap();
    assert_eq!(report.projects_created, ["P-1", "P-2"]);
    assert!(report.errors.is_empty());
    for (a, b) in projects.iter().zip(&back) {
        let (mut a, b) = (a.data().clone(), b.data().clone());
        a.revision = b.revision;
        assert_eq!(a, b);
    }
}

#[test]
fn export_only_tables_have_typed_cells() {
    let projects = vec![sample()];
    let options = ExportOptions { as_of: Some(d("2026-12-31")), ..ExportOptions::default() };
    let t = export_table(&projects, Table::Evaluations, &options).unwrap();
    assert_eq!(t.columns.len(), t.rows[0].len());
    let npv = t.columns.iter().position(|c| c == "npv").unwrap();
    assert!(matches!(t.rows[0][npv], CellValue::Money(m) if m.currency().code() == "EUR"));
    let e = export_table(&projects, Table::Evaluations, &ExportOptions::default()).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidArgument, Some("as_of")));
    let flows = export_csv(&projects, Table::CashFlows, &options).unwrap();
    assert!(flows.starts_with("project_id,start,end,currency,planned_cost"));
    // 36 months of the horizon.
    assert_eq!(flows.lines().count(), 1 + 36);
    let e = export_csv(&projects, Table::PortfolioTotals, &options).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

fn errors_of(e: Error) -> Vec<RowError> {
    match e {
        Error::Import { errors } => errors,
        other => panic!("expected an import error, got {other:?}"),
    }
}

fn summary(errors: &[RowError]) -> Vec<(u64, &str, &str)> {
    errors.iter().map(|e| (e.row, e.column.as_str(), e.value.as_str())).collect()
}

#[test]
fn every_bad_row_is_reported_and_nothing_applied() {
    let mut projects = vec![sample()];
    let before = projects.clone();
    let csv = "\
project_id,metric_id,date,value,note
P-1,pick_rate,2026-07-31,95,
P-1,pick_rate,2026-13-01,96,
P-9,pick_rate,2026-08-31,97,
P-1,nps,2026-08-31,98,
P-1,pick_rate,2026-09-30,n/a,
P-1,pick_rate,,99,
P-1,pick_rate,2026-10-31,1e999,
";
    let e = import_csv(&mut projects, Table::Measurements, csv, &ImportOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Import);
    assert_eq!(e.kind().as_str(), "import");
    let errors = errors_of(e);
    assert_eq!(
        summary(&errors),
        [
            (3, "date", "2026-13-01"),
            (4, "project_id", "P-9"),
            (5, "metric_id", "nps"),
            (6, "value", "n/a"),
            (7, "date", ""),
            (8, "value", "1e999"),
        ]
    );
    assert!(errors[0].reason.contains("not a date"), "{}", errors[0].reason);
    assert!(errors[1].reason.contains("no project `P-9`"));
    assert!(errors[2].reason.contains("no metric `nps`"));
    assert!(errors[4].reason.contains("required"));
    assert!(errors[5].reason.contains("finite"));
    assert_eq!(projects, before, "nothing applied");
    assert_eq!(projects[0].audit_trail().len(), before[0].audit_trail().len());
}

#[test]
fn keep_good_rows_applies_them_in_one_audited_change() {
    let mut projects = vec![sample()];
    let revision = projects[0].data().revision;
    let trail = projects[0].audit_trail().len();
    let csv = "project_id,metric_id,date,value\nP-1,pick_rate,2026-07-31,95\nP-1,pick_rate,bad,96\nP-1,pick_rate,2026-08-31,97\n";
    let at = Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap();
    let options = ImportOptions {
        keep_good_rows: true,
        change: ChangeMeta::by("kpi-feed").reason("monthly upload").at(at),
        ..ImportOptions::default()
    };
    let report = import_csv(&mut projects, Table::Measurements, csv, &options).unwrap();
    assert_eq!(summary(&report.errors), [(3, "date", "bad")]);
    assert_eq!((report.tables[0].rows, report.tables[0].applied, report.tables[0].rejected), (3, 2, 1));
    assert_eq!(report.projects_updated, ["P-1"]);
    let p = &projects[0];
    assert_eq!(p.data().revision, revision + 1, "one change for the whole import");
    let values: Vec<f64> = p.data().metrics[0].measurements.iter().map(|m| m.value).collect();
    assert_eq!(values, [91.25, 0.1, 95.0, 97.0]);
    let entries = &p.audit_trail().entries()[trail..];
    assert_eq!(entries.len(), 2);
    assert!(entries
        .iter()
        .all(|e| e.actor == "kpi-feed" && e.at == at && e.reason.as_deref() == Some("monthly upload")));
    assert_eq!(entries[0].path, "metrics[pick_rate].measurements[2]");
    p.audit_trail().verify().unwrap();
}

#[test]
fn core_validation_maps_to_columns() {
    let mut projects = vec![sample()];
    let csv = "\
project_id,id,name,kind,date,start,end,frequency,escalation,amount,currency
P-1,robots,Again,capex,2026-05-01,,,,,10,EUR
P-1,late,Late,opex,2031-01-01,,,,,10,EUR
P-1,neg,Negative,opex,2026-05-01,,,,,-10,EUR
P-1,usd,Dollars,opex,2026-05-01,,,,,10,USD
P-1,both,Both,opex,2026-05-01,2026-05-01,2026-06-01,monthly,,10,
P-1,rec,Recurring,licence,,2026-05-01,2026-04-01,monthly,,10,
P-1,esc,Escalating,licence,,2026-05-01,2026-09-01,monthly,20,10,
P-1,kind,Kind,gadget,2026-05-01,,,,,10,
P-1,ok,Fine,opex,2026-05-01,,,,,\"1,000.50\",EUR
";
    let errors = errors_of(import_csv(&mut projects, Table::LineItems, csv, &ImportOptions::default()).unwrap_err());
    assert_eq!(
        summary(&errors),
        [
            (2, "id", "robots"),
            (3, "date", "2031-01-01"),
            (4, "amount", "-10"),
            (5, "currency", "USD"),
            (6, "date", "2026-05-01"),
            (7, "end", "2026-04-01"),
            (8, "escalation", "20"),
            (9, "kind", "gadget"),
        ]
    );
    assert!(errors[1].reason.contains("horizon"));
    assert!(errors[2].reason.contains("not negative"));
    assert!(errors[7].reason.contains("unknown variant"), "{}", errors[7].reason);
}

#[test]
fn header_problems_are_row_one_errors() {
    let mut projects = vec![sample()];
    let e = import_csv(
        &mut projects,
        Table::Measurements,
        "project_id,date,value\nP-1,2026-01-01,1\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(summary(&errors_of(e)), [(1, "metric_id", "")]);
    let mut options = ImportOptions::default();
    options.columns.insert("date".into(), valuepm_core::io::ColumnRef::Header("Datum".into()));
    let e = import_csv(&mut projects, Table::Measurements, "project_id,metric_id,date,value\n", &options).unwrap_err();
    assert_eq!(summary(&errors_of(e)), [(1, "Datum", "")]);
    options.columns.insert("nonsense".into(), valuepm_core::io::ColumnRef::Index(0));
    let e = import_csv(&mut projects, Table::Measurements, "", &options).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::InvalidArgument, Some("columns")));
}

#[test]
fn a_locale_and_a_column_mapping() {
    let mut projects = vec![sample()];
    let mut options =
        ImportOptions { number_format: NumberFormat::decimal_comma(), delimiter: ';', ..ImportOptions::default() };
    for (field, header) in
        [("project_id", "Projekt"), ("line_item_id", "Position"), ("date", "Datum"), ("amount", "Betrag")]
    {
        options.columns.insert(field.into(), valuepm_core::io::ColumnRef::Header(header.into()));
    }
    options.columns.insert("actuals.note".into(), valuepm_core::io::ColumnRef::Index(4));
    let csv = "Projekt;Position;Datum;Betrag;Bemerkung;Extra\n\
               P-1;labour;2026-04-01;€ 1.234,50;RE-1;x\n\
               P-1;labour;46113;(30.000,00 EUR);Storno;y\n";
    let report = import_csv(&mut projects, Table::Actuals, csv, &options).unwrap();
    assert_eq!(report.tables[0].ignored_columns, ["Extra"]);
    let actuals = &projects[0].data().line_items[1].actuals;
    assert_eq!(actuals[0].amount, eur("1234.50"));
    assert_eq!(actuals[0].note, "RE-1");
    // 46113 in the 1900 system is 2026-04-01.
    assert_eq!(actuals[1].date, d("2026-04-01"));
    assert_eq!(actuals[1].amount, eur("-30000"));
}

#[test]
fn projects_rows_create_update_and_move_through_the_lifecycle() {
    let mut projects = vec![sample()];
    let at = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
    let options = ImportOptions { change: ChangeMeta::by("pmo").at(at), ..ImportOptions::default() };
    let csv = "\
id,name,currency,start_date,end_date,discount_rate,state,tags
P-1,Warehouse robots II,EUR,2026-01-01,2028-12-31,9%,active,automation
N-1,New one,USD,2026-01-01,2026-12-31,0.05,,
N-2,Done already,EUR,2025-01-01,2025-12-31,0.05,completed,a; b
";
    let report = import_csv(&mut projects, Table::Projects, csv, &options).unwrap();
    assert_eq!(report.projects_created, ["N-1", "N-2"]);
    assert_eq!(report.projects_updated, ["P-1"]);
    let p = &projects[0];
    assert_eq!(p.name(), "Warehouse robots II");
    assert!((p.data().discount_rate - 0.09).abs() < 1e-15);
    assert_eq!(p.state(), LifecycleState::Active);
    assert_eq!(p.data().history.last().unwrap().by, "pmo");
    assert_eq!(p.data().tags, ["automation"]);
    let n2 = &projects[2];
    let states: Vec<_> = n2.data().history.iter().map(|t| t.to.as_str()).collect();
    assert_eq!(states, ["approved", "active", "completed"]);
    assert_eq!(n2.data().tags, ["a", "b"]);
    assert!(n2.audit_trail().is_empty(), "a created project starts with an empty trail");

    let bad = "id,name,currency,start_date,end_date,discount_rate,state\n\
               P-1,,EUR,2026-01-01,2025-01-01,0.08,proposed\n\
               N-3,Missing,XXX,2026-01-01,2026-12-31,-2,\n\
               N-1,Again,USD,2026-01-01,2026-12-31,0.05,\n\
               N-1,Twice,USD,2026-01-01,2026-12-31,0.05,\n";
    let errors = errors_of(import_csv(&mut projects, Table::Projects, bad, &options).unwrap_err());
    assert_eq!(summary(&errors), [(2, "name", ""), (2, "state", "proposed"), (3, "currency", "XXX"), (5, "id", "N-1")]);
}

#[test]
fn one_workbook_many_sheets_all_or_nothing() {
    let projects = vec![sample()];
    let bytes = export_xlsx(&projects, &ExportOptions::default()).unwrap();
    // Importing the same workbook twice: every line item, metric and risk id is taken,
    // and the projects row updates nothing.
    let mut target = projects.clone();
    let errors = errors_of(import_workbook(&mut target, &bytes, None, &ImportOptions::default()).unwrap_err());
    let tables: Vec<_> = errors.iter().map(|e| (e.table, e.row, e.column.as_str())).collect();
    assert_eq!(
        tables,
        [(Table::LineItems, 2, "id"), (Table::LineItems, 3, "id"), (Table::Metrics, 2, "id"), (Table::Risks, 2, "id")]
    );
    assert_eq!(target, projects);
}

#[test]
fn a_portfolio_imports_and_exports_its_roll_ups() {
    use valuepm_core::io::{export_portfolio_csv, export_portfolio_xlsx, import_csv_into_portfolio};
    use valuepm_core::portfolio::{Portfolio, PortfolioData, PortfolioEntry, PORTFOLIO_SCHEMA_VERSION};
    let mut portfolio = Portfolio::from_data(PortfolioData {
        schema_version: PORTFOLIO_SCHEMA_VERSION,
        id: "pf".into(),
        name: "Portfolio".into(),
        currency: Currency::new("EUR").unwrap(),
        status_date: d("2026-12-31"),
        discount_rate: 0.08,
        exchange_rates: valuepm_core::ExchangeRates::new(),
        projects: vec![PortfolioEntry {
            project: sample().into_data(),
            category: Some("growth".into()),
            scores: std::collections::BTreeMap::new(),
            resources: std::collections::BTreeMap::new(),
        }],
    })
    .unwrap();
    let csv = "id,name,currency,start_date,end_date,discount_rate\n\
               N-1,New,EUR,2025-01-01,2026-12-31,0.05\n\
               N-2,Dollars,USD,2026-01-01,2026-12-31,0.05\n";
    let errors = errors_of(
        import_csv_into_portfolio(&mut portfolio, Table::Projects, csv.as_bytes(), &ImportOptions::default())
            .unwrap_err(),
    );
    assert_eq!(summary(&errors), [(3, "currency", "USD")]);
    assert!(errors[0].reason.contains("no exchange rate"), "{}", errors[0].reason);
    assert_eq!(portfolio.projects().len(), 1);
    let options = ImportOptions { keep_good_rows: true, ..ImportOptions::default() };
    import_csv_into_portfolio(&mut portfolio, Table::Projects, csv.as_bytes(), &options).unwrap();
    assert_eq!(portfolio.projects().len(), 2);
    let periods = export_portfolio_csv(&portfolio, Table::PortfolioPeriods, &ExportOptions::default()).unwrap();
    assert!(
        periods.lines().nth(1).unwrap().starts_with("2026-02-01,2026-02-28,EUR,250000.50,0,249999.99,0"),
        "{periods}"
    );
    let totals = export_portfolio_csv(&portfolio, Table::PortfolioTotals, &ExportOptions::default()).unwrap();
    assert!(totals.lines().any(|l| l.starts_with("total,all,EUR,2,")), "{totals}");
    assert!(totals.lines().any(|l| l.starts_with("category,growth,EUR,1,")), "{totals}");
    let summary_csv = export_portfolio_csv(&portfolio, Table::PortfolioSummary, &ExportOptions::default()).unwrap();
    assert!(summary_csv.lines().nth(1).unwrap().starts_with("2026-12-31,EUR,"));
    let bytes = export_portfolio_xlsx(&portfolio, &ExportOptions::default()).unwrap();
    let mut back = Vec::new();
    let report = import_workbook(&mut back, &bytes, None, &ImportOptions::default()).unwrap();
    assert_eq!(report.projects_created, ["P-1", "N-1"]);
}
