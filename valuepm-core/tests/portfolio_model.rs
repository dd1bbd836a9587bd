//! Portfolio documents, roll-ups worked by hand, and selection over a portfolio.

use serde_json::json;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{Objective, Portfolio, SelectionSpec};

fn eur(a: &str) -> serde_json::Value {
    json!({"amount": a, "currency": "EUR"})
}
fn usd(a: &str) -> serde_json::Value {
    json!({"amount": a, "currency": "USD"})
}

/// A: invest 100,000 EUR on 2026-01-01 (90,000 paid on 2026-01-15), earn 40,000 a year on
/// 2027…2029-01-01, 10%. B: 10,000 USD a quarter in 2026, 60,000 USD on 2027-06-01, 5%,
/// with an open risk (50% × 10,000 USD). 1 USD = 0.9 EUR; portfolio rate 8%.
fn portfolio() -> serde_json::Value {
    json!({
        "schema_version": 1, "id": "pf", "name": "Portfolio", "currency": "EUR", "status_date": "2026-06-30",
        "discount_rate": 0.08,
        "exchange_rates": {"rates": [{"from": "USD", "to": "EUR", "rate": "0.9"}]},
        "projects": [
            {"category": "growth", "scores": {"strategic_fit": 3}, "resources": {"headcount": 5},
             "project": {"schema_version": 1, "id": "a", "name": "A", "owner": "ops", "currency": "EUR",
                "start_date": "2026-01-01", "end_date": "2029-12-31", "discount_rate": 0.1,
                "line_items": [
                    {"id": "plant", "name": "Plant", "kind": "capex",
                     "plan": {"type": "one_off", "date": "2026-01-01", "amount": eur("100000")},
                     "actuals": [{"date": "2026-01-15", "amount": eur("90000")}]},
                    {"id": "savings", "name": "Savings", "kind": "cost_saving",
                     "plan": {"type": "recurring", "frequency": "yearly", "start": "2027-01-01", "end": "2029-01-01",
                              "amount": eur("40000")}}],
                "metrics": [{"id": "effort", "name": "Effort", "unit": "h", "direction": "lower_is_better",
                    "baseline": {"value": 10, "date": "2026-01-01"}, "target": {"value": 4, "date": "2027-01-01"},
                    "monetisation": eur("1000")}],
                "risks": []}},
            {"scores": {"strategic_fit": 1}, "resources": {"headcount": 2},
             "project": {"schema_version": 1, "id": "b", "name": "B", "currency": "USD",
                "start_date": "2026-01-01", "end_date": "2027-12-31", "discount_rate": 0.05,
                "line_items": [
                    {"id": "run", "name": "Run", "kind": "opex",
                     "plan": {"type": "recurring", "frequency": "quarterly", "start": "2026-01-01", "end": "2026-10-01",
                              "amount": usd("10000")}},
                    {"id": "sale", "name": "Sale", "kind": "revenue",
                     "plan": {"type": "one_off", "date": "2027-06-01", "amount": usd("60000")}}],
                "metrics": [],
                "risks": [{"id": "r", "description": "Churn", "probability": 0.5, "cost_impact": usd("10000"),
                           "mitigation_cost": usd("0")}]}}
        ]
    })
}

fn money(v: &serde_json::Value) -> f64 {
    v["amount"].as_str().unwrap().parse().unwrap()
}

#[test]
fn a_roll_up_worked_by_hand() {
    let p = Portfolio::from_json(&portfolio().to_string()).unwrap();
    let r = serde_json::to_value(p.roll_up(Period::Year, Some(2)).unwrap()).unwrap();
    // Planned costs 100,000 + 40,000 × 0.9; benefits 120,000 + 60,000 × 0.9.
    assert_eq!(money(&r["total"]["planned_cost"]), 136_000.0);
    assert_eq!(money(&r["total"]["planned_benefit"]), 174_000.0);
    assert_eq!(money(&r["total"]["actual_cost_to_date"]), 90_000.0);
    // Planned to date (2026-06-30): A's 100,000 and B's first two quarters (18,000 EUR).
    assert_eq!(money(&r["total"]["planned_cost_to_date"]), 118_000.0);
    // NPVs at the projects' rates: A −525.92 (the textbook annuity); B in USD
    // −10,000 · (1 + 1.05^−¼ + 1.05^−½ + 1.05^−¾) + 60,000 · 1.05^−17/12, rounded to the
    // cent, × 0.9.
    let b_usd: f64 = -10_000.0 * (1.0 + 1.05_f64.powf(-0.25) + 1.05_f64.powf(-0.5) + 1.05_f64.powf(-0.75))
        + 60_000.0 * 1.05_f64.powf(-17.0 / 12.0);
    let b_eur = (b_usd * 100.0).round() / 100.0 * 0.9;
    assert!((money(&r["total"]["npv"]) - (-525.92 + b_eur)).abs() < 1e-9, "{}", r["total"]["npv"]);
    // Yearly periods: 2026 costs 136,000 (actual 90,000); 2027 benefits 40,000 + 54,000.
    let periods = r["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 4);
    assert_eq!(periods[0]["start"], "2026-01-01");
    assert_eq!(periods[0]["end"], "2026-12-31");
    assert_eq!(money(&periods[0]["planned_cost"]), 136_000.0);
    assert_eq!(money(&periods[0]["actual_cost"]), 90_000.0);
    assert_eq!(money(&periods[1]["planned_benefit"]), 94_000.0);
    assert_eq!(money(&periods[3]["planned_benefit"]), 40_000.0);
    // Combined flows at 8% from 2026-01-01 (30E/360), closed form.
    let v = |t: f64| 1.08_f64.powf(-t);
    let npv = -100_000.0 - 9_000.0 * (1.0 + v(0.25) + v(0.5) + v(0.75))
        + 40_000.0 * (v(1.0) + v(2.0) + v(3.0))
        + 54_000.0 * v(17.0 / 12.0);
    assert!((r["npv"].as_f64().unwrap() - npv).abs() < 1e-6, "{} vs {npv}", r["npv"]);
    assert!((r["roi"].as_f64().unwrap() - 38_000.0 / 136_000.0).abs() < 1e-12);
    // Net per project year (a year ends on its anniversary): year 0 (the start date)
    // −109,000; year 1 −27,000 + 40,000; year 2 +54,000 + 40,000, leaving −2,000; year 3
    // +40,000: paid back at 2 + 2,000 / 40,000.
    assert!((r["payback_years"].as_f64().unwrap() - 2.05).abs() < 1e-12, "{}", r["payback_years"]);
    // Groups, KPI value and risk.
    assert_eq!(r["by_category"]["growth"]["projects"], 1);
    assert_eq!(r["by_category"]["none"]["projects"], 1);
    assert_eq!(r["by_owner"]["ops"]["projects"], 1);
    assert_eq!(r["by_state"]["proposed"]["projects"], 2);
    assert_eq!(money(&r["value_promised"]), 6_000.0);
    assert_eq!(money(&r["gross_emv"]), 4_500.0);
    assert_eq!(money(&r["by_owner"]["none"]["net_emv"]), 4_500.0);
    assert_eq!(r["kpi_status"]["no_data"], 1);
    // One thread gives the same roll-up.
    assert_eq!(r, serde_json::to_value(p.roll_up(Period::Year, Some(1)).unwrap()).unwrap());
}

#[test]
fn invalid_portfolios_name_the_field() {
    let mut doc = portfolio();
    doc["exchange_rates"] = json!({"rates": []});
    let e = Portfolio::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(e.kind().as_str(), "missing_exchange_rate", "{e}");
    let mut doc = portfolio();
    doc["projects"][1]["project"]["id"] = json!("a");
    assert_eq!(Portfolio::from_json(&doc.to_string()).unwrap_err().path(), Some("projects[1].project.id"));
    let mut doc = portfolio();
    doc["projects"][0]["project"]["discount_rate"] = json!(-2);
    assert_eq!(Portfolio::from_json(&doc.to_string()).unwrap_err().path(), Some("projects[0].project.discount_rate"));
    let mut doc = portfolio();
    doc["schema_version"] = json!(9);
    assert_eq!(Portfolio::from_json(&doc.to_string()).unwrap_err().kind().as_str(), "unsupported_schema_version");
}

#[test]
fn selection_over_a_portfolio_with_budgets_resources_and_a_frontier() {
    let p = Portfolio::from_json(&portfolio().to_string()).unwrap();
    let spec: SelectionSpec = serde_json::from_value(json!({
        "objective": {"type": "npv"},
        "budgets": [{"year": 2026, "limit": eur("120000")}],
        "resources": [{"resource": "headcount", "limit": 6}]
    }))
    .unwrap();
    let problem = p.selection_problem(&spec).unwrap();
    // 2026 costs: A 100,000; B 4 × 9,000.
    assert_eq!(problem.constraints[0].coefficients, [100_000.0, 36_000.0]);
    assert_eq!(problem.constraints[0].name, "budget 2026");
    assert_eq!(problem.constraints[1].coefficients, [5.0, 2.0]);
    let s = p.select(&spec).unwrap();
    // A's NPV is negative (−525.92): only B is worth choosing.
    assert_eq!(s.selected, ["b"]);
    assert!(!s.explanations[0].selected && s.explanations[0].marginal_value < 0.0);
    assert_eq!(s.explanations[0].reason, "not_worth_it");
    // Mandatory A then leaves no room for B in 2026 (100,000 + 36,000 > 120,000).
    let mut forced = spec.clone();
    forced.mandatory = vec!["a".into()];
    let s = p.select(&forced).unwrap();
    assert_eq!(s.selected, ["a"]);
    assert_eq!(s.explanations[1].reason, "no_capacity");
    assert!(s.explanations[1].detail.contains("budget 2026"), "{}", s.explanations[1].detail);
    // Strategic fit as the objective prefers A when it fits.
    let mut by_fit = spec.clone();
    by_fit.objective = Objective::Score;
    by_fit.criteria = serde_json::from_value(json!([{"field": "strategic_fit", "weight": 1}])).unwrap();
    assert_eq!(p.select(&by_fit).unwrap().selected, ["a"]);
    // The frontier never falls as the budget grows.
    let f = p.frontier(&by_fit, &[0.0, 0.5, 1.0, 2.0]).unwrap();
    assert!(f.windows(2).all(|w| w[1].objective >= w[0].objective), "{f:?}");
    assert!(f[0].selected.is_empty());
    // Unknown criterion fields are named.
    let mut bad = by_fit;
    bad.criteria[0].field = "nope".into();
    assert_eq!(p.select(&bad).unwrap_err().path(), Some("criteria[0].field"));
}

#[test]
fn earned_value_rolls_up_from_the_projects() {
    let p = Portfolio::from_json(&portfolio().to_string()).unwrap();
    let progress = serde_json::from_value(json!({
        "a": [{"line_item_id": "plant", "percent_complete": 0.8}],
        "b": [{"line_item_id": "run", "percent_complete": 0.5}]
    }))
    .unwrap();
    let e = serde_json::to_value(p.earned_value(&progress).unwrap()).unwrap();
    // By hand at 2026-06-30: A BAC 100,000, PV 100,000, EV 80% of it, AC 90,000; B BAC
    // 40,000 USD, PV two quarters (20,000 USD), EV 50% (20,000 USD), no actual; × 0.9.
    assert_eq!(money(&e["bac"]), 136_000.0);
    assert_eq!(money(&e["pv"]), 118_000.0);
    assert_eq!(money(&e["ev"]), 98_000.0);
    assert_eq!(money(&e["ac"]), 90_000.0);
    assert!((e["spi"].as_f64().unwrap() - 98.0 / 118.0).abs() < 1e-12);
    assert!((e["cpi"].as_f64().unwrap() - 98.0 / 90.0).abs() < 1e-12);
    // EAC = BAC / CPI = 136,000 × 90 / 98, to the cent.
    assert_eq!(money(&e["eac"]), 124_897.96);
    assert_eq!(money(&e["eac_atypical"]), 128_000.0);
    assert!((e["tcpi_bac"].as_f64().unwrap() - 38_000.0 / 46_000.0).abs() < 1e-12);
    assert_eq!(e["projects"].as_array().unwrap().len(), 2);
    let unknown = serde_json::from_value(json!({"zz": []})).unwrap();
    assert_eq!(p.earned_value(&unknown).unwrap_err().kind().as_str(), "not_found");
}

#[test]
fn a_portfolio_simulation_adds_the_projects_iteration_by_iteration() {
    let p = Portfolio::from_json(&portfolio().to_string()).unwrap();
    let spec: valuepm_core::portfolio::PortfolioSimulationSpec =
        serde_json::from_value(json!({"iterations": 40_000, "seed": 5, "threads": 1})).unwrap();
    let r = p.simulate(&spec).unwrap();
    // No uncertain inputs: only B's risk varies, a Bernoulli(0.5) loss of 10,000 USD on the
    // start date: 9,000 EUR × 0.5 on average, sd 4,500.
    let base = serde_json::to_value(p.roll_up(Period::Year, None).unwrap()).unwrap();
    let expected = money(&base["total"]["npv"]) - 4_500.0;
    assert!((r.npv.mean - expected).abs() < 4.0 * 4_500.0 / 200.0 + 0.01, "{} vs {expected}", r.npv.mean);
    assert!((r.npv.sd - 4_500.0).abs() < 0.01 * 4_500.0, "{}", r.npv.sd);
    assert!(r.projects[0].sd < 1e-9, "A has nothing uncertain: {}", r.projects[0].sd);
    let mut two = spec.clone();
    two.threads = Some(2);
    assert_eq!(r, p.simulate(&two).unwrap());
    let mut bad = spec;
    bad.inputs.insert("zz".into(), Vec::new());
    assert_eq!(p.simulate(&bad).unwrap_err().kind().as_str(), "not_found");
}

#[test]
fn risk_against_return_as_the_budget_grows() {
    let p = Portfolio::from_json(&portfolio().to_string()).unwrap();
    let spec: SelectionSpec = serde_json::from_value(json!({"budgets": [{"limit": eur("200000")}]})).unwrap();
    let sim = serde_json::from_value(json!({"iterations": 20_000, "seed": 9})).unwrap();
    let points = p.risk_return(&spec, &[0.0, 0.5, 1.0], &sim).unwrap();
    assert!(points[0].selected.is_empty() && points[0].npv_sd == 0.0);
    // B (36,000 EUR of costs) fits at 0.5 and 1; A has a negative NPV and is never chosen.
    assert_eq!(points[2].selected, ["b"]);
    assert!((points[2].npv_sd - 4_500.0).abs() < 45.0, "{}", points[2].npv_sd);
    assert!(points.windows(2).all(|w| w[1].expected_npv >= w[0].expected_npv));
}
