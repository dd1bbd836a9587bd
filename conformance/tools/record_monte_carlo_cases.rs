//! Writes `conformance/monte_carlo.json`: seeded Monte Carlo cases.
//!
//! Two kinds of case:
//! - **bit identity**: the statistics of a seeded simulation, recorded from the native
//!   build and compared exactly (tolerance 0) in every runtime. They check that one seed
//!   gives the same numbers everywhere (native, any thread count, Python, Node, the JVM,
//!   WASM), not that the numbers are right;
//! - **correctness**: the reference model's statistics against an independent vectorised
//!   numpy run (`valuepm-core/tests/data/monte_carlo_reference.json`, made by
//!   `make_monte_carlo_reference.py` beside it), within Monte Carlo error.
//!
//! Re-record only after a deliberate change of the sampling algorithm:
//!
//!     cargo run -p valuepm-examples --example record_monte_carlo_cases
use serde_json::{json, Value};
use valuepm_core::model::Project;
use valuepm_core::risk::SimulationSpec;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn money(amount: &str) -> Value {
    json!({"amount": amount, "currency": "EUR"})
}

/// The reference model as a project document.
fn reference_project() -> Value {
    json!({
        "schema_version": 1, "id": "reference", "name": "Reference model", "currency": "EUR",
        "start_date": "2026-01-01", "end_date": "2036-12-31", "discount_rate": 0.08,
        "line_items": [
            {"id": "cost", "name": "Investment", "kind": "capex",
             "plan": {"type": "one_off", "date": "2026-01-01", "amount": money("1000000")}},
            {"id": "benefit", "name": "Yearly benefit", "kind": "cost_saving",
             "plan": {"type": "recurring", "frequency": "yearly", "start": "2027-01-01", "end": "2036-01-01",
                      "amount": money("180000")}}
        ],
        "metrics": [], "risks": []
    })
}

fn reference_inputs() -> Value {
    json!([
        {"name": "investment", "target": "line_item", "line_item_id": "cost",
         "distribution": {"type": "triangular", "min": 0.8, "mode": 1.0, "max": 1.5}},
        {"name": "benefit", "target": "line_item", "line_item_id": "benefit",
         "distribution": {"type": "pert", "min": 0.666_666_666_666_666_6, "mode": 1.0, "max": 1.444_444_444_444_444_4, "shape": 4.0}},
        {"name": "rate", "target": "discount_rate", "distribution": {"type": "normal", "mean": 0.08, "sd": 0.02}}
    ])
}

/// A monthly digital project with risks and a monetised KPI.
fn programme_project() -> Value {
    json!({
        "schema_version": 1, "id": "programme", "name": "Self-service portal", "currency": "EUR",
        "start_date": "2026-01-01", "end_date": "2030-12-31", "discount_rate": 0.09,
        "line_items": [
            {"id": "build", "name": "Build", "kind": "capex",
             "plan": {"type": "recurring", "frequency": "monthly", "start": "2026-01-01", "end": "2026-12-01",
                      "amount": money("60000")}},
            {"id": "run", "name": "Run", "kind": "opex",
             "plan": {"type": "recurring", "frequency": "monthly", "start": "2027-01-01", "end": "2030-12-01",
                      "amount": money("8000")}},
            {"id": "savings", "name": "Call-centre savings", "kind": "cost_saving",
             "plan": {"type": "recurring", "frequency": "monthly", "start": "2027-01-01", "end": "2030-12-01",
                      "amount": money("30000")}},
            {"id": "revenue", "name": "Upsell", "kind": "revenue",
             "plan": {"type": "recurring", "frequency": "quarterly", "start": "2027-03-01", "end": "2030-12-01",
                      "amount": money("25000")}}
        ],
        "metrics": [
            {"id": "handling", "name": "Average handling time", "unit": "min", "direction": "lower_is_better",
             "baseline": {"value": 9.5, "date": "2026-01-01"}, "target": {"value": 6.0, "date": "2028-01-01"},
             "monetisation": money("20000")}
        ],
        "risks": [
            {"id": "vendor", "description": "Vendor delay", "probability": 0.3, "cost_impact": money("120000"),
             "mitigation_cost": money("0"), "expected_date": "2026-09-01"},
            {"id": "security", "description": "Security rework", "probability": 0.2, "cost_impact": money("200000"),
             "mitigation_cost": money("15000"), "residual_probability": 0.1, "residual_cost_impact": money("90000"),
             "status": "mitigating", "expected_date": "2027-06-01"},
            {"id": "licence", "description": "Licence true-up", "probability": 1.0, "cost_impact": money("40000"),
             "mitigation_cost": money("0"), "status": "occurred", "expected_date": "2026-03-01"},
            {"id": "closed", "description": "Closed risk", "probability": 0.5, "cost_impact": money("1000000"),
             "mitigation_cost": money("0"), "status": "closed"}
        ]
    })
}

fn programme_spec(seed: u64, threads: Option<usize>) -> Value {
    let mut spec = json!({
        "iterations": 30000, "seed": seed, "roi_target": 0.5, "confidence": 0.9, "histogram_bins": 12,
        "sensitivity": true, "irr_and_payback": true,
        "inputs": [
            {"name": "build cost", "target": "line_item", "line_item_id": "build",
             "distribution": {"type": "lognormal", "mean": 1.1, "sd": 0.15}},
            {"name": "savings", "target": "line_item", "line_item_id": "savings",
             "distribution": {"type": "pert", "min": 0.5, "mode": 1.0, "max": 1.2, "shape": 4}},
            {"name": "go-live delay", "target": "start_delay_months", "line_item_id": "savings",
             "distribution": {"type": "discrete", "values": [0, 1, 3, 6], "probabilities": [0.4, 0.3, 0.2, 0.1]}},
            {"name": "ramp-up", "target": "benefit_ramp_up_months",
             "distribution": {"type": "triangular", "min": 0, "mode": 6, "max": 12}},
            {"name": "rate", "target": "discount_rate",
             "distribution": {"type": "truncated_normal", "mean": 0.09, "sd": 0.02, "min": 0.04, "max": 0.14}},
            {"name": "handling value", "target": "metric_monetisation", "metric_id": "handling",
             "distribution": {"type": "uniform", "min": 10000, "max": 30000}},
            {"name": "vendor impact", "target": "risk_impact", "risk_id": "vendor",
             "distribution": {"type": "normal", "mean": 120_000, "sd": 30_000}},
            {"name": "run cost", "target": "line_item", "line_item_id": "run",
             "distribution": {"type": "bernoulli", "p": 0.9}}
        ],
        "correlation": [
            [1, -0.5, 0, 0, 0, 0, 0.3, 0],
            [-0.5, 1, 0, 0, 0, 0, 0, 0],
            [0, 0, 1, 0.6, 0, 0, 0, 0],
            [0, 0, 0.6, 1, 0, 0, 0, 0],
            [0, 0, 0, 0, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 1, 0, 0],
            [0.3, 0, 0, 0, 0, 0, 1, 0],
            [0, 0, 0, 0, 0, 0, 0, 1]
        ]
    });
    if let Some(t) = threads {
        spec["threads"] = json!(t);
    }
    spec
}

fn simulate(project: &Value, spec: &Value) -> Value {
    let p = Project::from_json(&project.to_string()).expect("project loads");
    let s: SimulationSpec = valuepm_core::document::from_value(spec.clone()).expect("spec loads");
    serde_json::to_value(p.simulate(&s).expect("simulates")).expect("serialises")
}

/// Every number of a summary, flattened to dotted paths.
fn summary_fields(result: &Value, name: &str, fields: &mut serde_json::Map<String, Value>) {
    if let Some(summary) = result[name].as_object() {
        for (k, v) in summary {
            fields.insert(format!("{name}.{k}"), v.clone());
        }
    }
}

fn bits_case(id: &str, note: &str, project: &Value, spec: &Value) -> Value {
    let result = simulate(project, spec);
    let mut fields = serde_json::Map::new();
    for name in ["npv", "roi", "irr", "payback_years"] {
        summary_fields(&result, name, &mut fields);
    }
    for key in ["probability_roi_at_least_target", "probability_irr_undefined", "probability_no_payback", "sensitivity"]
    {
        fields.insert(key.to_owned(), result[key].clone());
    }
    json!({
        "id": id, "op": "project.simulate", "args": {"project": project, "spec": spec},
        "expect": {"fields": fields},
        "source": "recorded from the native build by conformance/tools/record_monte_carlo_cases.rs: a bit-identity check across runtimes and thread counts (correctness: the monte_carlo_reference_* cases and valuepm-core/tests/simulation.rs)",
        "note": note
    })
}

fn main() {
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/valuepm-core/tests/data/monte_carlo_reference.json"))
            .expect("reference data"),
    )
    .expect("reference JSON");
    let numpy = format!("{} (independent of ValuePM's sampler)", reference["generator"].as_str().unwrap_or_default());
    let reference_spec = |iterations: u32, threads: Option<usize>| {
        let mut s =
            json!({"iterations": iterations, "seed": 20_261_126, "inputs": reference_inputs(), "histogram_bins": 10});
        if let Some(t) = threads {
            s["threads"] = json!(t);
        }
        s
    };
    let npv = &reference["npv"];
    let statistical = |id: &str, fields: Value, tolerance: Value, note: &str| {
        json!({
            "id": id, "op": "project.simulate",
            "args": {"project": reference_project(), "spec": reference_spec(200_000, None)},
            "expect": {"fields": fields}, "tolerance": tolerance, "source": numpy, "note": note
        })
    };
    let error = |id: &str, spec: Value, kind: &str, path: Option<&str>, note: &str| {
        let mut expect = json!({"error": kind});
        if let Some(p) = path {
            expect["path"] = json!(p);
        }
        json!({"id": id, "op": "project.simulate", "args": {"project": reference_project(), "spec": spec},
               "expect": expect, "source": "the simulation's validation rules", "note": note})
    };
    let mut duplicate = reference_spec(1000, None);
    duplicate["inputs"][2]["target"] = json!("line_item");
    duplicate["inputs"][2]["line_item_id"] = json!("cost");
    let mut bad_mode = reference_spec(1000, None);
    bad_mode["inputs"][0]["distribution"]["mode"] = json!(2.0);
    let mut unknown = reference_spec(1000, None);
    unknown["inputs"][1]["line_item_id"] = json!("nope");
    let mut capped = reference_spec(5000, None);
    capped["limits"] = json!({"max_iterations": 1000});
    let mut not_psd = reference_spec(1000, None);
    not_psd["correlation"] = json!([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]);
    let cases = vec![
        bits_case(
            "monte_carlo_reference_bits",
            "the reference model, 50,000 iterations, the machine's thread count",
            &reference_project(),
            &reference_spec(50_000, None),
        ),
        bits_case(
            "monte_carlo_reference_bits_one_thread",
            "the same run on one thread: the same bits",
            &reference_project(),
            &reference_spec(50_000, Some(1)),
        ),
        bits_case(
            "monte_carlo_programme_bits",
            "monthly flows; correlated inputs on every target kind (line items, start delay, ramp-up, truncated-normal rate, KPI monetisation, a risk's impact); open, mitigating, occurred and closed risks; IRR, payback and sensitivity",
            &programme_project(),
            &programme_spec(7, None),
        ),
        bits_case(
            "monte_carlo_programme_bits_three_threads",
            "the same programme on three threads",
            &programme_project(),
            &programme_spec(7, Some(3)),
        ),
        statistical(
            "monte_carlo_reference_mean_median",
            json!({"npv.mean": npv["mean"], "npv.p50": npv["p50"]}),
            json!({"abs": 4000.0}),
            "200,000 iterations: standard errors about 580 (mean) and 720 (median); numpy's own about 80",
        ),
        statistical(
            "monte_carlo_reference_tails",
            json!({"npv.p5": npv["p5"], "npv.p95": npv["p95"], "npv.p10": npv["p10"], "npv.p90": npv["p90"]}),
            json!({"abs": 7000.0}),
            "tail percentiles: standard errors about 1,200",
        ),
        statistical(
            "monte_carlo_reference_spread",
            json!({"npv.sd": npv["sd"]}),
            json!({"rel": 0.01}),
            "standard error of the sd about 410 (0.16%)",
        ),
        statistical(
            "monte_carlo_reference_loss_probability",
            json!({"npv.probability_negative": npv["probability_negative"]}),
            json!({"abs": 0.005}),
            "standard error about 0.001",
        ),
        statistical(
            "monte_carlo_reference_roi",
            json!({"roi.mean": reference["roi"]["mean"], "roi.p50": reference["roi"]["p50"]}),
            json!({"abs": 0.004}),
            "ROI = (10 × benefit − investment) / investment; standard error about 0.0008",
        ),
        error("monte_carlo_duplicate_target", duplicate, "validation", Some("inputs[2].target"), "two inputs on one line item"),
        error("monte_carlo_bad_distribution", bad_mode, "validation", Some("inputs[0].distribution.mode"), "mode above max"),
        error("monte_carlo_unknown_line_item", unknown, "not_found", None, "an input on a line item that does not exist"),
        error("monte_carlo_correlation_not_psd", not_psd, "validation", None, "a matrix that is not positive semi-definite (the path names the spec field in each runtime's own way)"),
        error(
            "monte_carlo_limit_lowered",
            capped,
            "validation",
            Some("iterations"),
            "a caller's lowered cap (limits.max_iterations = 1,000) refuses 5,000 iterations",
        ),
        error("monte_carlo_one_iteration", reference_spec(1, None), "validation", Some("iterations"), "at least 2 iterations"),
    ];
    let suite = json!({
        "suite": "monte_carlo",
        "description": "Seeded Monte Carlo simulation: bit-identical statistics in every runtime, the reference model against numpy, and refused specs",
        "source": "see each case",
        "cases": cases
    });
    let path = format!("{ROOT}/conformance/monte_carlo.json");
    std::fs::write(&path, serde_json::to_string_pretty(&suite).expect("serialises") + "\n").expect("writes");
    println!("wrote {path}");
}
