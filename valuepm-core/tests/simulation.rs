//! Monte Carlo: the reference model's statistics, determinism across thread counts,
//! zero-variance inputs, and the direction of correlation's effect.

use chrono::NaiveDate;
use valuepm_core::model::{Frequency, LineItem, LineItemKind, Project};
use valuepm_core::risk::{CorrelationMatrix, Distribution, InputTarget, SimulationSpec, UncertainInput};
use valuepm_core::{Currency, Money};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The issue's reference model: invest 1.0M now (triangular 800k / 1.0M / 1.5M), earn
/// 180k a year for 10 years (PERT 120k / 180k / 260k), discount at normal(8%, 2%).
fn reference() -> (Project, Vec<UncertainInput>) {
    let eur = Currency::new("EUR").unwrap();
    let mut p = Project::new("ref", "Reference model", eur, d("2026-01-01"), d("2036-12-31"), 0.08).unwrap();
    p.add_line_item(LineItem::one_off(
        "cost",
        "Investment",
        LineItemKind::Capex,
        d("2026-01-01"),
        Money::parse("1000000", "EUR").unwrap(),
    ))
    .unwrap();
    p.add_line_item(LineItem::recurring(
        "benefit",
        "Yearly benefit",
        LineItemKind::CostSaving,
        Frequency::Yearly,
        d("2027-01-01"),
        d("2036-01-01"),
        Money::parse("180000", "EUR").unwrap(),
    ))
    .unwrap();
    let inputs = vec![
        UncertainInput {
            name: "investment".into(),
            target: InputTarget::LineItem { line_item_id: "cost".into() },
            distribution: Distribution::Triangular { min: 0.8, mode: 1.0, max: 1.5 },
        },
        UncertainInput {
            name: "benefit".into(),
            target: InputTarget::LineItem { line_item_id: "benefit".into() },
            distribution: Distribution::Pert { min: 120.0 / 180.0, mode: 1.0, max: 260.0 / 180.0, shape: 4.0 },
        },
        UncertainInput {
            name: "rate".into(),
            target: InputTarget::DiscountRate,
            distribution: Distribution::Normal { mean: 0.08, sd: 0.02 },
        },
    ];
    (p, inputs)
}

fn spec(inputs: Vec<UncertainInput>, iterations: u32, threads: usize) -> SimulationSpec {
    SimulationSpec {
        iterations,
        seed: 20_261_125,
        inputs,
        correlation: None,
        include_risk_events: true,
        confidence: 0.95,
        roi_target: 0.0,
        histogram_bins: 30,
        sensitivity: false,
        irr_and_payback: false,
        threads: Some(threads),
        limits: valuepm_core::risk::SimulationLimits::default(),
    }
}

#[test]
fn reference_model_reproduces_its_statistics() {
    let (project, inputs) = reference();
    let result = project.simulate(&spec(inputs, 200_000, 2)).unwrap();
    // The issue's figures from vectorised numpy: mean ≈ 138,008; sd ≈ 257,854;
    // P(NPV < 0) ≈ 0.304; P5 ≈ −278k; P50 ≈ 132k; P95 ≈ 572k. Allow Monte Carlo error
    // (4 standard errors for the mean, ~1% for the spread and tails).
    let npv = &result.npv;
    assert!((npv.mean - 138_008.0).abs() < 4.0 * npv.standard_error, "mean {}", npv.mean);
    assert!((npv.sd - 257_854.0).abs() < 0.01 * 257_854.0, "sd {}", npv.sd);
    assert!((npv.probability_negative - 0.304).abs() < 0.006, "P(NPV<0) {}", npv.probability_negative);
    assert!((npv.p5 + 278_000.0).abs() < 8_000.0, "P5 {}", npv.p5);
    assert!((npv.p50 - 132_000.0).abs() < 5_000.0, "P50 {}", npv.p50);
    assert!((npv.p95 - 572_000.0).abs() < 10_000.0, "P95 {}", npv.p95);
    assert_eq!(npv.histogram_counts.iter().sum::<u64>(), 200_000);
}

#[test]
fn one_seed_gives_bit_identical_results_for_any_thread_count() {
    let (project, inputs) = reference();
    let one = project.simulate(&spec(inputs.clone(), 45_001, 1)).unwrap();
    let two = project.simulate(&spec(inputs.clone(), 45_001, 2)).unwrap();
    let five = project.simulate(&spec(inputs, 45_001, 5)).unwrap();
    assert_eq!(one, two);
    assert_eq!(one, five);
    assert_eq!(one.npv.mean.to_bits(), two.npv.mean.to_bits());
}

#[test]
fn zero_variance_inputs_give_the_deterministic_npv() {
    let (project, _) = reference();
    let inputs = vec![UncertainInput {
        name: "fixed".into(),
        target: InputTarget::LineItem { line_item_id: "benefit".into() },
        distribution: Distribution::Constant { value: 1.0 },
    }];
    let result = project.simulate(&spec(inputs, 1_000, 2)).unwrap();
    let npv = project.evaluate(d("2026-01-01")).unwrap().npv.to_f64();
    assert!(result.npv.sd < 1e-6, "sd {}", result.npv.sd);
    assert!((result.npv.mean - npv).abs() < 0.01, "{} vs {npv}", result.npv.mean);
}

#[test]
fn positive_correlation_of_cost_and_benefit_narrows_the_npv_spread() {
    let (project, inputs) = reference();
    let mut correlated = spec(inputs.clone(), 50_000, 2);
    correlated.correlation =
        Some(CorrelationMatrix::new(vec![vec![1.0, 0.9, 0.0], vec![0.9, 1.0, 0.0], vec![0.0, 0.0, 1.0]]).unwrap());
    let independent = project.simulate(&spec(inputs, 50_000, 2)).unwrap();
    let together = project.simulate(&correlated).unwrap();
    // Cost and benefit moving together offset each other in NPV = benefit − cost.
    assert!(together.npv.sd < independent.npv.sd, "{} vs {}", together.npv.sd, independent.npv.sd);
}

#[test]
fn bad_specs_are_refused() {
    let (project, inputs) = reference();
    let mut s = spec(inputs.clone(), 0, 1);
    assert_eq!(project.simulate(&s).unwrap_err().path(), Some("iterations"));
    s.iterations = 100;
    s.inputs[0].distribution = Distribution::Triangular { min: 1.0, mode: 0.5, max: 2.0 };
    assert_eq!(project.simulate(&s).unwrap_err().path(), Some("inputs[0].distribution.mode"));
    let mut s = spec(inputs, 100, 1);
    s.inputs[1].target = InputTarget::LineItem { line_item_id: "nope".into() };
    assert_eq!(project.simulate(&s).unwrap_err().kind().as_str(), "not_found");
}

#[test]
fn specs_are_plain_json_documents() {
    let json = r#"{
        "iterations": 20000, "seed": 7,
        "inputs": [
            {"name": "investment", "target": "line_item", "line_item_id": "cost",
             "distribution": {"type": "triangular", "min": 0.8, "mode": 1.0, "max": 1.5}},
            {"name": "rate", "target": "discount_rate", "distribution": {"type": "normal", "mean": 0.08, "sd": 0.02}},
            {"name": "delay", "target": "benefit_delay_months", "distribution": {"type": "uniform", "min": 0, "max": 6}}
        ],
        "correlation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    }"#;
    let spec: SimulationSpec = valuepm_core::document::from_value(serde_json::from_str(json).unwrap()).unwrap();
    assert_eq!(spec.inputs[2].target, InputTarget::BenefitDelayMonths);
    assert!(spec.include_risk_events && spec.confidence == 0.95 && spec.histogram_bins == 30);
    let (project, _) = reference();
    let delayed = project.simulate(&spec).unwrap();
    let mut no_delay = spec.clone();
    no_delay.inputs.pop();
    no_delay.correlation = None;
    // Later benefits are worth less.
    assert!(delayed.npv.mean < project.simulate(&no_delay).unwrap().npv.mean);
    let bad = r#"{"iterations": 10, "seed": 1, "inputs": [{"name": "x", "target": "discount_rate",
        "distribution": {"type": "normal", "mean": 0.1, "sd": 0.01, "extra": 1}}]}"#;
    let e = valuepm_core::document::from_value::<SimulationSpec>(serde_json::from_str(bad).unwrap()).unwrap_err();
    assert_eq!(e.kind().as_str(), "validation");
    let bad_matrix = r#"{"iterations": 10, "seed": 1, "correlation": [[1, 2], [2, 1]]}"#;
    assert!(valuepm_core::document::from_value::<SimulationSpec>(serde_json::from_str(bad_matrix).unwrap()).is_err());
}

#[test]
fn sensitivity_ranks_the_inputs_like_a_tornado() {
    let (project, inputs) = reference();
    let mut s = spec(inputs, 40_000, 2);
    s.sensitivity = true;
    let result = project.simulate(&s).unwrap();
    let names: Vec<&str> = result.sensitivity.iter().map(|i| i.name.as_str()).collect();
    // Worked by hand at the 10th and 90th percentiles of each input, others as planned:
    // the triangular investment (P10 0.918, P90 1.313) swings NPV by about 395k; the PERT
    // benefit (Beta(2.71, 3.29) over 0.667..1.444, P10..P90 about 0.375 wide) by about
    // 0.375 × 180k × 6.71 ≈ 450k; the rate (5.44% to 10.56%) by about (7.53 − 6.03) × 180k
    // ≈ 270k.
    assert_eq!(names, ["benefit", "investment", "rate"]);
    let by_name = |n: &str| result.sensitivity.iter().find(|i| i.name == n).unwrap();
    assert!(by_name("investment").spearman < -0.4, "costs lower NPV");
    assert!(by_name("benefit").spearman > 0.4, "benefits raise it");
    assert!(by_name("rate").spearman < 0.0, "a higher rate lowers it");
    assert!(by_name("rate").npv_at_p90 < by_name("rate").npv_at_p10);
    for i in &result.sensitivity {
        assert!((i.swing - (i.npv_at_p90 - i.npv_at_p10).abs()).abs() < 1e-6);
    }
}

fn constant(name: &str, target: InputTarget, value: f64) -> UncertainInput {
    UncertainInput { name: name.into(), target, distribution: Distribution::Constant { value } }
}

fn item(id: &str) -> InputTarget {
    InputTarget::LineItem { line_item_id: id.into() }
}

#[test]
fn constant_inputs_reproduce_the_deterministic_evaluation() {
    let (project, _) = reference();
    let inputs = vec![
        constant("investment", item("cost"), 1.0),
        constant("rate", InputTarget::DiscountRate, 0.08),
        constant("delay", InputTarget::BenefitDelayMonths, 0.0),
    ];
    let mut s = spec(inputs, 20_000, 2);
    s.irr_and_payback = true;
    let result = project.simulate(&s).unwrap();
    let e = project.evaluate(d("2026-01-01")).unwrap();
    assert!((result.npv.mean - e.npv.to_f64()).abs() < 0.01, "{} vs {}", result.npv.mean, e.npv);
    assert!(result.npv.sd < 1e-6);
    let irr = result.irr.as_ref().unwrap();
    assert!((irr.p50 - e.irr.unwrap()).abs() < 1e-12, "{} vs {:?}", irr.p50, e.irr);
    assert!(irr.sd < 1e-12);
    let payback = result.payback_years.as_ref().unwrap();
    assert!((payback.p50 - e.payback_years.unwrap()).abs() < 1e-12, "{} vs {:?}", payback.p50, e.payback_years);
    assert_eq!(result.probability_irr_undefined, Some(0.0));
    assert_eq!(result.probability_no_payback, Some(0.0));
    assert!((result.roi.mean - e.roi.unwrap()).abs() < 1e-12);
}

/// The reference project with its benefit moved `months` later (the horizon kept long).
fn reference_with_benefit_from(start: &str, end: &str) -> Project {
    let eur = Currency::new("EUR").unwrap();
    let mut p = Project::new("ref", "Reference model", eur, d("2026-01-01"), d("2038-12-31"), 0.08).unwrap();
    p.add_line_item(LineItem::one_off(
        "cost",
        "Investment",
        LineItemKind::Capex,
        d("2026-01-01"),
        eur_amount("1000000"),
    ))
    .unwrap();
    p.add_line_item(LineItem::recurring(
        "benefit",
        "Yearly benefit",
        LineItemKind::CostSaving,
        Frequency::Yearly,
        d(start),
        d(end),
        eur_amount("180000"),
    ))
    .unwrap();
    p
}

fn eur_amount(s: &str) -> Money {
    Money::parse(s, "EUR").unwrap()
}

#[test]
fn a_start_delay_moves_the_line_item_like_a_later_plan() {
    let planned = reference_with_benefit_from("2027-01-01", "2036-01-01");
    let later = reference_with_benefit_from("2028-01-01", "2037-01-01");
    let e = later.evaluate(d("2026-01-01")).unwrap();
    let delay = InputTarget::StartDelayMonths { line_item_id: "benefit".into() };
    let mut s = spec(vec![constant("delay", delay, 12.0)], 2_000, 1);
    s.irr_and_payback = true;
    let result = planned.simulate(&s).unwrap();
    assert!((result.npv.mean - e.npv.to_f64()).abs() < 0.01, "{} vs {}", result.npv.mean, e.npv);
    assert!((result.irr.unwrap().p50 - e.irr.unwrap()).abs() < 1e-9);
    assert!((result.payback_years.unwrap().p50 - e.payback_years.unwrap()).abs() < 1e-9);
    // The same for every benefit.
    s.inputs = vec![constant("delay", InputTarget::BenefitDelayMonths, 12.0)];
    let result = planned.simulate(&s).unwrap();
    assert!((result.npv.mean - e.npv.to_f64()).abs() < 0.01);
}

#[test]
fn a_ramp_up_realises_the_first_benefits_in_proportion() {
    // 10,000 spent now, 1,000 a month for 24 months from the next month, at a 0% rate:
    // over a 12-month ramp the first twelve months realise 1/12, 2/12, …, 12/12 of the
    // benefit, so benefits are 1,000 × (6.5 + 12) = 18,500 and NPV = 8,500 (closed form).
    let eur = Currency::new("EUR").unwrap();
    let mut p = Project::new("ramp", "Ramp", eur, d("2026-01-01"), d("2028-12-31"), 0.0).unwrap();
    p.add_line_item(LineItem::one_off("build", "Build", LineItemKind::Capex, d("2026-01-01"), eur_amount("10000")))
        .unwrap();
    p.add_line_item(LineItem::recurring(
        "savings",
        "Savings",
        LineItemKind::CostSaving,
        Frequency::Monthly,
        d("2026-02-01"),
        d("2028-01-01"),
        eur_amount("1000"),
    ))
    .unwrap();
    let mut s = spec(vec![constant("ramp", InputTarget::BenefitRampUpMonths, 12.0)], 100, 1);
    s.irr_and_payback = true;
    let result = p.simulate(&s).unwrap();
    assert!((result.npv.mean - 8_500.0).abs() < 1e-6, "{}", result.npv.mean);
    assert!((result.roi.mean - 0.85).abs() < 1e-12);
    // Paid back in year 2: 10,000 − 6,500 = 3,500 left after year 1, 12,000 earned in year 2.
    assert!((result.payback_years.unwrap().p50 - (1.0 + 3_500.0 / 12_000.0)).abs() < 1e-12);
}

#[test]
fn a_monetised_kpi_adds_its_value_on_the_target_date() {
    let (mut project, _) = reference();
    let metric: valuepm_core::model::ValueMetric = serde_json::from_value(serde_json::json!({
        "id": "effort", "name": "Manual effort", "unit": "hours/week", "direction": "lower_is_better",
        "baseline": {"value": 10, "date": "2026-01-01"}, "target": {"value": 4, "date": "2027-01-01"},
        "monetisation": {"amount": "1000", "currency": "EUR"}
    }))
    .unwrap();
    project.add_metric(metric).unwrap();
    let base = project.evaluate(d("2026-01-01")).unwrap().npv.to_f64();
    let per_unit = InputTarget::MetricMonetisation { metric_id: "effort".into() };
    let result = project.simulate(&spec(vec![constant("effort value", per_unit, 2_000.0)], 100, 1)).unwrap();
    // 6 hours/week of improvement × 2,000 on the target date one year out, at 8%.
    let expected = base + 6.0 * 2_000.0 / 1.08;
    assert!((result.npv.mean - expected).abs() < 0.01, "{} vs {expected}", result.npv.mean);
}

fn with_risk(probability: f64, impact: &str) -> Project {
    let (mut project, _) = reference();
    let risk: valuepm_core::model::Risk = serde_json::from_value(serde_json::json!({
        "id": "r1", "description": "Supplier insolvency", "probability": probability,
        "cost_impact": {"amount": impact, "currency": "EUR"}, "mitigation_cost": {"amount": "0", "currency": "EUR"},
        "expected_date": "2026-01-01"
    }))
    .unwrap();
    project.add_risk(risk).unwrap();
    project
}

#[test]
fn risk_events_occur_with_their_probability_and_sampled_impact() {
    let project = with_risk(0.25, "200000");
    let base = project.evaluate(d("2026-01-01")).unwrap().npv.to_f64();
    let n = 200_000;
    let result = project.simulate(&spec(Vec::new(), n, 2)).unwrap();
    // A Bernoulli(0.25) loss of 200,000 now: mean −50,000, sd 200,000 · √(0.25 · 0.75).
    let sd = 200_000.0 * (0.25_f64 * 0.75).sqrt();
    assert!((result.npv.mean - (base - 50_000.0)).abs() < 4.0 * sd / f64::from(n).sqrt(), "{}", result.npv.mean);
    assert!((result.npv.sd - sd).abs() < 0.01 * sd, "{}", result.npv.sd);
    // A uniform impact of 50k..150k averages 100k: the expected loss is 25,000.
    let impact = UncertainInput {
        name: "impact".into(),
        target: InputTarget::RiskImpact { risk_id: "r1".into() },
        distribution: Distribution::Uniform { min: 50_000.0, max: 150_000.0 },
    };
    let result = project.simulate(&spec(vec![impact.clone()], n, 2)).unwrap();
    // Var = E[I²]p − (E[I]p)² with E[I²] = 100k² + 100k²/12.
    let sd = (0.25 * (1e10 + 1e10 / 12.0) - 25_000.0_f64.powi(2)).sqrt();
    assert!((result.npv.mean - (base - 25_000.0)).abs() < 4.0 * sd / f64::from(n).sqrt(), "{}", result.npv.mean);
    let mut off = spec(vec![impact], 100, 1);
    off.include_risk_events = false;
    assert_eq!(project.simulate(&off).unwrap_err().path(), Some("inputs[0].target"));
}

#[test]
fn progress_is_reported_and_cancellation_stops_promptly() {
    let (project, inputs) = reference();
    let mut seen = Vec::new();
    let done = project.simulate_with_progress(&spec(inputs.clone(), 55_000, 1), &mut |f| {
        seen.push(f);
        true
    });
    assert!(done.is_ok());
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
    assert_eq!(seen.len(), 6, "one report per chunk, the last one 1.0: {seen:?}");
    for threads in [1, 2] {
        let mut calls = 0;
        let e = project
            .simulate_with_progress(&spec(inputs.clone(), 1_000_000, threads), &mut |_| {
                calls += 1;
                false
            })
            .unwrap_err();
        assert_eq!(e.kind().as_str(), "cancelled");
        assert_eq!(calls, 1);
        let valuepm_core::Error::Cancelled { completed } = e else { panic!("{e}") };
        // Stopped after the first chunk of each thread, give or take one in flight.
        assert!(completed <= 2 * threads * valuepm_core::risk::CHUNK, "{completed}");
    }
}

#[test]
fn duplicate_targets_and_unknown_references_are_refused() {
    let (project, _) = reference();
    let twice = vec![constant("a", InputTarget::DiscountRate, 0.1), constant("b", InputTarget::DiscountRate, 0.1)];
    assert_eq!(project.simulate(&spec(twice, 100, 1)).unwrap_err().path(), Some("inputs[1].target"));
    for target in [
        InputTarget::StartDelayMonths { line_item_id: "nope".into() },
        InputTarget::MetricMonetisation { metric_id: "nope".into() },
        InputTarget::RiskImpact { risk_id: "nope".into() },
    ] {
        let e = project.simulate(&spec(vec![constant("x", target, 1.0)], 100, 1)).unwrap_err();
        assert_eq!(e.kind().as_str(), "not_found", "{e}");
    }
    let e = project.simulate(&spec(vec![constant("r", InputTarget::DiscountRate, -1.5)], 100, 1)).unwrap_err();
    assert_eq!(e.kind().as_str(), "no_solution");
    // A service can lower the caps.
    let mut capped = spec(Vec::new(), 5_000, 1);
    capped.limits.max_iterations = 1_000;
    assert_eq!(project.simulate(&capped).unwrap_err().path(), Some("iterations"));
    capped.limits.max_iterations = 20_000_000;
    assert_eq!(project.simulate(&capped).unwrap_err().path(), Some("limits.max_iterations"));
    let mut few = spec(vec![constant("a", item("cost"), 1.0), constant("b", item("benefit"), 1.0)], 100, 1);
    few.limits.max_inputs = 1;
    assert_eq!(project.simulate(&few).unwrap_err().path(), Some("inputs"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    #[test]
    fn percentiles_are_monotone_and_thread_counts_agree(
        seed in 0_u64..1_000_000,
        iterations in 2_u32..25_000,
        low in 0.5_f64..0.99,
        spread in 0.01_f64..1.0,
        sd in 0.001_f64..0.05,
    ) {
        let (project, _) = reference();
        let inputs = vec![
            UncertainInput {
                name: "investment".into(),
                target: item("cost"),
                distribution: Distribution::Triangular { min: low, mode: low + spread / 3.0, max: low + spread },
            },
            UncertainInput {
                name: "rate".into(),
                target: InputTarget::DiscountRate,
                distribution: Distribution::Normal { mean: 0.08, sd },
            },
        ];
        let mut s = spec(inputs, iterations, 1);
        s.seed = seed;
        s.irr_and_payback = true;
        let one = project.simulate(&s).unwrap();
        for summary in [Some(&one.npv), Some(&one.roi), one.irr.as_ref(), one.payback_years.as_ref()].into_iter().flatten() {
            let p = [summary.min, summary.p5, summary.p10, summary.p50, summary.p90, summary.p95, summary.max];
            proptest::prop_assert!(p.windows(2).all(|w| w[0] <= w[1]), "{:?}", p);
            proptest::prop_assert!(summary.conditional_value_at_risk >= summary.value_at_risk - 1e-9 * summary.value_at_risk.abs().max(1.0));
        }
        s.threads = Some(3);
        proptest::prop_assert_eq!(one, project.simulate(&s).unwrap());
    }
}
