//! Quickstart: a software project from the built-in template, a year into delivery,
//! with actual costs and KPI measurements recorded, evaluated and printed as a report.
//!
//! Run with `cargo run --example quickstart`.

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use valuepm_core::model::{Actual, Evaluation, LifecycleState, Measurement, MetricStatus, Period, Project};
use valuepm_core::template::{builtin_template, InstantiateOptions};
use valuepm_core::{Money, Result};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn main() -> Result<()> {
    // 1. A project from the Software Development template, sized up by 20%.
    let template = builtin_template("software_development")?;
    let mut options = InstantiateOptions::new("CUST-PORTAL", "Customer self-service portal", date(2026, 1, 1));
    options.owner = "Digital Products".to_owned();
    options.scale = Some(Decimal::new(12, 1));
    let mut project = template.instantiate(&options)?;

    // 2. Through the lifecycle: approved by the board, then started.
    let at = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 9, 0, 0).single().expect("valid time");
    project.transition(LifecycleState::Approved, at(1, 5), "investment board", "business case accepted")?;
    project.transition(LifecycleState::Active, at(1, 12), "programme office", "team on-boarded")?;

    // 3. A year of actuals: the delivery team ran about 4% over plan, hosting under.
    for month in 1..=12 {
        let day = date(2026, month, 28);
        let team = Money::parse(if month % 3 == 0 { "108400.00" } else { "104950.00" }, "EUR")?;
        project.record_actual(
            "delivery_team",
            Actual { date: day, amount: team, note: format!("timesheets {month:02}") },
        )?;
        if month >= 4 {
            project.record_actual(
                "cloud_hosting",
                Actual { date: day, amount: Money::parse("6480.00", "EUR")?, note: String::new() },
            )?;
        }
    }
    project.record_actual(
        "dev_hardware",
        Actual { date: date(2026, 1, 20), amount: Money::parse("47310.00", "EUR")?, note: "PO 4471".to_owned() },
    )?;
    project.record_actual(
        "tooling_licences",
        Actual { date: date(2026, 1, 2), amount: Money::parse("36000.00", "EUR")?, note: String::new() },
    )?;
    project.record_actual(
        "manual_work_saving",
        Actual {
            date: date(2026, 12, 31),
            amount: Money::parse("52000.00", "EUR")?,
            note: "first month live".to_owned(),
        },
    )?;

    // 4. KPI measurements from the delivery dashboards.
    let measurements = [
        ("lead_time", [(3, 12.0), (6, 9.5), (9, 7.0), (12, 5.5)]),
        ("deployment_frequency", [(3, 1.0), (6, 2.5), (9, 4.0), (12, 6.0)]),
        ("change_failure_rate", [(3, 24.0), (6, 21.0), (9, 19.0), (12, 17.0)]),
        ("mttr", [(3, 20.0), (6, 14.0), (9, 9.0), (12, 6.0)]),
        ("adoption", [(3, 0.0), (6, 5.0), (9, 18.0), (12, 31.0)]),
    ];
    for (metric, points) in measurements {
        for (month, value) in points {
            project
                .record_measurement(metric, Measurement { date: date(2026, month, 28), value, note: String::new() })?;
        }
    }

    // 5. Evaluate at the end of the first year and print the report.
    let evaluation = project.evaluate(date(2026, 12, 31))?;
    print_report(&project, &evaluation)?;
    Ok(())
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn years(x: Option<f64>) -> String {
    x.map_or_else(|| "not within the horizon".to_owned(), |v| format!("{v:.2} years"))
}

fn print_report(project: &Project, e: &Evaluation) -> Result<()> {
    let d = project.data();
    println!("{} — {} ({})", d.id, d.name, d.state);
    println!(
        "Template {}, owner {}, horizon {} to {}, discount rate {:.1}%",
        d.template_id.as_deref().unwrap_or("-"),
        d.owner,
        d.start_date,
        d.end_date,
        d.discount_rate * 100.0
    );
    println!("Evaluated on {}\n", e.as_of);

    println!("{:<28}{:>18}{:>18}{:>18}", "", "cost", "benefit", "net");
    for (label, t) in [
        ("Planned (whole horizon)", &e.planned),
        ("Planned to date", &e.planned_to_date),
        ("Actual to date", &e.actual_to_date),
        ("Forecast at completion", &e.forecast_at_completion),
    ] {
        println!("{label:<28}{:>18}{:>18}{:>18}", t.cost.to_string(), t.benefit.to_string(), t.net.to_string());
    }
    println!("\nCost variance to date      {:>18}  (positive = under budget)", e.cost_variance_to_date.to_string());
    println!("Benefit variance to date   {:>18}", e.benefit_variance_to_date.to_string());

    println!("\nBusiness case");
    println!("  NPV                      {}", e.npv);
    println!("  IRR                      {}", pct(e.irr));
    println!("  ROI (planned / forecast) {} / {}", pct(e.roi), pct(e.forecast_roi));
    println!("  Annualised ROI           {}", pct(e.annualised_roi));
    println!("  Payback                  {}", years(e.payback_years));
    println!("  Discounted payback       {}", years(e.discounted_payback_years));
    println!("  Benefit-cost ratio       {}", e.benefit_cost_ratio.map_or("n/a".to_owned(), |v| format!("{v:.2}")));
    println!("  Profitability index      {}", e.profitability_index.map_or("n/a".to_owned(), |v| format!("{v:.2}")));

    println!("\nValue metrics (value realised so far: {})", e.value_realised);
    for m in &e.metrics {
        let status = match m.status {
            MetricStatus::OnTrack => "on track",
            MetricStatus::AtRisk => "AT RISK",
            MetricStatus::OffTrack => "OFF TRACK",
            MetricStatus::NoData => "no data",
        };
        let latest = m.latest.as_ref().map_or_else(|| "-".to_owned(), |l| format!("{}", l.value));
        println!(
            "  {:<34} latest {:>6}  glide path {:>7.2}  progress {:>7}  {status}",
            m.name,
            latest,
            m.expected_value,
            pct(m.progress)
        );
    }

    println!("\nYearly cash flow (planned net / actual net / cumulative planned)");
    for row in &project.cash_flow_series(Period::Year)?.rows {
        println!(
            "  {}  {:>18} {:>18} {:>18}",
            row.start.format("%Y"),
            row.planned_net.to_string(),
            row.actual_net.to_string(),
            row.cumulative_planned_net.to_string()
        );
    }
    Ok(())
}
