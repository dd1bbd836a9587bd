//! Project selection against `HiGHS`: `tests/data/selection_reference.json` (made by
//! `tests/data/make_selection_reference.py` with scipy's `optimize.milp`, gap 0) records
//! the optimum of the benchmark's instances (regenerated here from their LCG), of a
//! 200-project instance with dependencies, exclusive groups, mandatory and excluded
//! projects, of one with all values equal, and of an infeasible one. The data are whole
//! numbers, so the optima must agree exactly, and every selection must be feasible.
//!
//! The 10,000-project instance runs only in release builds (`cargo test --release`): in
//! a debug build it would take most of a minute.

use std::collections::HashSet;

use serde_json::Value;
use valuepm_core::portfolio::{CapacityConstraint, SearchLimits, SelectionProblem, SelectionStatus};

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/selection_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference file")).expect("JSON")
}

/// The benchmark's instance (`benches/benches/portfolio.rs`): values, then the first and
/// the second cost column, `1 + (state >> 33) % 1000` of a 64-bit LCG (Knuth's MMIX
/// constants); capacities a quarter of each column's total, rounded down.
fn lcg_instance(n: usize, seed: u64) -> SelectionProblem {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % 1000 + 1) as f64
    };
    let values: Vec<f64> = (0..n).map(|_| next()).collect();
    let a: Vec<f64> = (0..n).map(|_| next()).collect();
    let b: Vec<f64> = (0..n).map(|_| next()).collect();
    let quarter = |c: &Vec<f64>| (c.iter().sum::<f64>() * 0.25).floor();
    SelectionProblem {
        projects: (0..n).map(|i| format!("p{i}")).collect(),
        values,
        constraints: vec![
            CapacityConstraint { name: "budget".into(), limit: quarter(&a), coefficients: a },
            CapacityConstraint { name: "headcount".into(), limit: quarter(&b), coefficients: b },
        ],
        mandatory: Vec::new(),
        excluded: Vec::new(),
        dependencies: Vec::new(),
        exclusive_groups: Vec::new(),
        limits: SearchLimits::default(),
    }
}

/// Whether `selected` meets every rule of `p` (capacities exactly: the data are whole).
fn check_feasible(p: &SelectionProblem, selected: &[String], name: &str) {
    let chosen: HashSet<&str> = selected.iter().map(String::as_str).collect();
    let on = |id: &str| chosen.contains(id);
    for m in &p.mandatory {
        assert!(on(m), "{name}: mandatory {m} left out");
    }
    for e in &p.excluded {
        assert!(!on(e), "{name}: excluded {e} chosen");
    }
    for d in &p.dependencies {
        assert!(!on(&d.project) || on(&d.requires), "{name}: {} without {}", d.project, d.requires);
    }
    for g in &p.exclusive_groups {
        let mut inside: Vec<&String> = g.projects.iter().filter(|id| on(id)).collect();
        inside.sort();
        inside.dedup();
        assert!(inside.len() <= 1, "{name}: group {} has {inside:?}", g.name);
    }
    for c in &p.constraints {
        let used: f64 = p.projects.iter().zip(&c.coefficients).filter(|(id, _)| on(id)).map(|(_, a)| a).sum();
        assert!(used <= c.limit, "{name}: {} uses {used} of {}", c.name, c.limit);
    }
}

#[test]
fn optima_match_highs() {
    let reference = reference();
    for case in reference["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let problem: SelectionProblem = if let Some(generator) = case.get("generator") {
            let n = usize::try_from(generator["projects"].as_u64().unwrap()).unwrap();
            if n > 1_000 && cfg!(debug_assertions) {
                eprintln!("{name}: skipped in a debug build (run with --release)");
                continue;
            }
            lcg_instance(n, generator["seed"].as_u64().unwrap())
        } else {
            serde_json::from_value(case["problem"].clone()).expect("a selection problem")
        };
        let start = std::time::Instant::now();
        let result = problem.solve();
        if let Some(optimum) = case["optimum"].as_f64() {
            let s = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            eprintln!("{name}: {} in {} nodes, {:.0?} (HiGHS {optimum})", s.objective, s.nodes, start.elapsed());
            assert_eq!(s.status, SelectionStatus::Optimal, "{name}");
            assert_eq!(s.objective, optimum, "{name}: ValuePM {} vs HiGHS {optimum}", s.objective);
            assert_eq!(s.bound, optimum, "{name}");
            check_feasible(&problem, &s.selected, name);
            if let Some(theirs) = case.get("highs_selection") {
                // HiGHS' own selection passes the same check (a check of the recorded
                // data and of the check itself).
                let theirs: Vec<String> = serde_json::from_value(theirs.clone()).unwrap();
                check_feasible(&problem, &theirs, name);
            }
        } else {
            let e = result.expect_err(name);
            eprintln!("{name}: refused ({e}); HiGHS: infeasible");
            assert_eq!(e.kind().as_str(), "validation", "{name}");
            assert_eq!(e.path(), Some("constraints[0]"), "{name}: {e}");
        }
    }
}
