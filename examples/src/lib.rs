//! Runnable examples of ValuePM core live beside this crate as `[[example]]` targets;
//! `cargo run --example quickstart` runs the main one.

/// The large import shared by the `import_measurements` example (peak memory) and the
/// `import` criterion bench (time): 100 projects with 10 metrics each, and a CSV of
/// measurement rows for them.
pub mod measurements_import {
    use std::io::{self, Write};

    use chrono::{Days, NaiveDate};
    use valuepm_core::model::{Direction, Observation, Project, ValueMetric};
    use valuepm_core::Currency;

    /// Projects in the import.
    pub const PROJECTS: usize = 100;
    /// Metrics per project.
    pub const METRICS: usize = 10;

    /// `P000`..`P099`, each with metrics `kpi0`..`kpi9` (10 % → 90 %, 2026 to 2030).
    ///
    /// # Panics
    /// Never: the fixed dates and ids are valid.
    #[must_use]
    pub fn projects() -> Vec<Project> {
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

    /// Writes a header and `rows` measurement rows (`project_id,metric_id,date,value`):
    /// each metric's measurements on consecutive days from 2026-01-01.
    ///
    /// # Errors
    /// The writer's.
    ///
    /// # Panics
    /// Never: the start date is valid.
    pub fn write_measurements(out: &mut impl Write, rows: usize) -> io::Result<()> {
        writeln!(out, "project_id,metric_id,date,value")?;
        let per_metric = rows.div_ceil(PROJECTS * METRICS);
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let mut written = 0;
        for p in 0..PROJECTS {
            for m in 0..METRICS {
                for k in 0..per_metric {
                    if written == rows {
                        return Ok(());
                    }
                    let date = start + Days::new(k as u64);
                    writeln!(out, "P{p:03},kpi{m},{date},{}.{}", 10 + k % 80, k % 100)?;
                    written += 1;
                }
            }
        }
        Ok(())
    }
}
