//! Portfolio selection against brute-force enumeration (an independent check of
//! optimality on small instances), infeasible constraint sets, AHP and scoring.

use proptest::prelude::*;
use valuepm_core::portfolio::{
    ahp_weights, weighted_scores, CapacityConstraint, Criterion, Dependency, ExclusiveGroup, Normalisation,
    SearchLimits, SelectionProblem, SelectionStatus,
};

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("p{i}")).collect()
}

/// Every feasible subset's value; the best one (lowest bitmask on ties).
fn brute_force(p: &SelectionProblem) -> Option<f64> {
    let n = p.projects.len();
    let index = |id: &str| p.projects.iter().position(|x| x == id).unwrap();
    let mut best: Option<f64> = None;
    for mask in 0_u32..(1 << n) {
        let x = |i: usize| mask & (1 << i) != 0;
        if p.mandatory.iter().any(|m| !x(index(m))) || p.excluded.iter().any(|e| x(index(e))) {
            continue;
        }
        if p.dependencies.iter().any(|d| x(index(&d.project)) && !x(index(&d.requires))) {
            continue;
        }
        let chosen_in = |g: &ExclusiveGroup| {
            let mut members: Vec<usize> = g.projects.iter().map(|id| index(id)).collect();
            members.sort_unstable();
            members.dedup();
            members.into_iter().filter(|&i| x(i)).count()
        };
        if p.exclusive_groups.iter().any(|g| chosen_in(g) > 1) {
            continue;
        }
        if p.constraints
            .iter()
            .any(|c| (0..n).filter(|&i| x(i)).map(|i| c.coefficients[i]).sum::<f64>() > c.limit + 1e-9)
        {
            continue;
        }
        let value: f64 = (0..n).filter(|&i| x(i)).map(|i| p.values[i]).sum();
        if best.is_none_or(|b| value > b) {
            best = Some(value);
        }
    }
    best
}

fn feasible(p: &SelectionProblem, selected: &[String]) -> bool {
    let on = |id: &str| selected.iter().any(|s| s == id);
    p.mandatory.iter().all(|m| on(m))
        && p.excluded.iter().all(|e| !on(e))
        && p.dependencies.iter().all(|d| !on(&d.project) || on(&d.requires))
        && p.exclusive_groups.iter().all(|g| {
            let mut members: Vec<&String> = g.projects.iter().filter(|id| on(id)).collect();
            members.sort();
            members.dedup();
            members.len() <= 1
        })
        && p.constraints.iter().all(|c| {
            p.projects.iter().zip(&c.coefficients).filter(|(id, _)| on(id)).map(|(_, a)| a).sum::<f64>()
                <= c.limit * (1.0 + 1e-9) + 1e-9
        })
}

prop_compose! {
    fn problem()(n in 1_usize..12, rows in 0_usize..4, seed in any::<u64>()) -> SelectionProblem {
        // A small deterministic generator so that shrinking stays meaningful.
        let mut state = seed | 1;
        let mut next = move || { state ^= state << 13; state ^= state >> 7; state ^= state << 17; (state % 1000) as f64 };
        let projects = ids(n);
        let values: Vec<f64> = (0..n).map(|_| next() - 150.0).collect();
        let constraints = (0..rows).map(|k| {
            let coefficients: Vec<f64> = (0..n).map(|_| (next() / 10.0).floor()).collect();
            let total: f64 = coefficients.iter().sum();
            CapacityConstraint { name: format!("c{k}"), coefficients, limit: (total * (0.2 + next() / 2000.0)).floor() }
        }).collect();
        let mut dependencies = Vec::new();
        let mut exclusive_groups = Vec::new();
        let (mut mandatory, mut excluded) = (Vec::new(), Vec::new());
        for i in 0..n {
            let r = next();
            if r < 120.0 && n > 1 {
                let j = (next() as usize) % n;
                if j != i { dependencies.push(Dependency { project: projects[i].clone(), requires: projects[j].clone() }); }
            } else if r < 160.0 {
                excluded.push(projects[i].clone());
            } else if r < 190.0 {
                mandatory.push(projects[i].clone());
            }
        }
        if n > 2 && next() < 500.0 {
            let a = (next() as usize) % n;
            let b = (next() as usize) % n;
            let c = (next() as usize) % n;
            exclusive_groups.push(ExclusiveGroup { name: "g".into(), projects: vec![projects[a].clone(), projects[b].clone(), projects[c].clone()] });
        }
        SelectionProblem { projects, values, constraints, mandatory, excluded, dependencies, exclusive_groups, limits: SearchLimits::default() }
    }
}

proptest! {
    // 400 cases by default; `PROPTEST_CASES` raises it (an explicit count would ignore it).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    #[test]
    fn branch_and_bound_finds_the_brute_force_optimum(p in problem()) {
        let expected = brute_force(&p);
        match p.solve() {
            Ok(s) => {
                let best = expected.expect("the solver found a selection where enumeration found none");
                prop_assert!((s.objective - best).abs() <= 1e-6 * best.abs().max(1.0), "{} vs {}", s.objective, best);
                prop_assert_eq!(s.status, SelectionStatus::Optimal);
                prop_assert!(feasible(&p, &s.selected), "infeasible selection {:?}", s.selected);
                for m in &p.mandatory { prop_assert!(s.selected.contains(m)); }
                prop_assert_eq!(s.explanations.len(), p.projects.len());
            }
            Err(e) => {
                prop_assert!(expected.is_none(), "refused a feasible problem: {}", e);
                prop_assert_eq!(e.kind().as_str(), "validation");
            }
        }
    }

    #[test]
    fn more_budget_never_lowers_the_optimum(p in problem(), extra in 0.0_f64..500.0) {
        if let Ok(before) = p.solve() {
            let mut more = p.clone();
            for c in &mut more.constraints { c.limit += extra; }
            let after = more.solve().unwrap();
            prop_assert!(after.objective >= before.objective - 1e-9 * before.objective.abs().max(1.0));
        }
    }
}

fn small() -> SelectionProblem {
    SelectionProblem {
        projects: ids(4),
        values: vec![10.0, 8.0, 6.0, 4.0],
        constraints: vec![CapacityConstraint {
            name: "budget 2027".into(),
            coefficients: vec![5.0, 4.0, 3.0, 2.0],
            limit: 9.0,
        }],
        mandatory: Vec::new(),
        excluded: Vec::new(),
        dependencies: Vec::new(),
        exclusive_groups: Vec::new(),
        limits: SearchLimits::default(),
    }
}

#[test]
fn a_small_knapsack_and_its_explanations() {
    // By hand: {p0, p1} uses 9 for 18; {p0, p2} 8 for 16; {p1, p2, p3} 9 for 18 (tie);
    // {p0, p3} 7 for 14. The optimum is 18.
    let s = small().solve().unwrap();
    assert_eq!(s.objective, 18.0);
    assert_eq!(s.status, SelectionStatus::Optimal);
    assert_eq!(s.capacities[0].used, 9.0);
    let out: Vec<_> = s.explanations.iter().filter(|e| !e.selected).collect();
    assert!(out.iter().all(|e| e.reason == "no_capacity" && e.detail.contains("budget 2027")), "{out:?}");
}

#[test]
fn infeasible_sets_name_what_conflicts() {
    let mut p = small();
    p.mandatory = vec!["p0".into(), "p1".into(), "p2".into()];
    let e = p.solve().unwrap_err();
    assert_eq!(e.path(), Some("constraints[0]"));
    assert!(e.to_string().contains("budget 2027") && e.to_string().contains("p0, p1, p2"), "{e}");

    let mut p = small();
    p.mandatory = vec!["p0".into()];
    p.dependencies = vec![Dependency { project: "p0".into(), requires: "p3".into() }];
    p.excluded = vec!["p3".into()];
    let e = p.solve().unwrap_err();
    assert!(e.to_string().contains("`p0` is mandatory and requires `p3`, which is excluded"), "{e}");

    let mut p = small();
    p.mandatory = vec!["p0".into(), "p1".into()];
    p.exclusive_groups = vec![ExclusiveGroup { name: "sites".into(), projects: vec!["p0".into(), "p1".into()] }];
    let e = p.solve().unwrap_err();
    assert_eq!(e.path(), Some("exclusive_groups[0]"));
    assert!(e.to_string().contains("sites"), "{e}");

    let mut p = small();
    p.dependencies = vec![Dependency { project: "p0".into(), requires: "nope".into() }];
    assert_eq!(p.solve().unwrap_err().path(), Some("dependencies[0].requires"));
}

#[test]
fn a_node_limit_returns_the_best_found_with_its_gap() {
    let n = 60;
    let mut state = 12_345_u64;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % 1000) as f64 + 1.0
    };
    let values: Vec<f64> = (0..n).map(|_| next()).collect();
    let c1: Vec<f64> = (0..n).map(|_| next()).collect();
    let c2: Vec<f64> = (0..n).map(|_| next()).collect();
    let cap = |c: &Vec<f64>| c.iter().sum::<f64>() / 4.0;
    let mut p = SelectionProblem {
        projects: ids(n),
        values,
        constraints: vec![
            CapacityConstraint { name: "a".into(), limit: cap(&c1), coefficients: c1 },
            CapacityConstraint { name: "b".into(), limit: cap(&c2), coefficients: c2 },
        ],
        mandatory: Vec::new(),
        excluded: Vec::new(),
        dependencies: Vec::new(),
        exclusive_groups: Vec::new(),
        limits: SearchLimits { node_limit: Some(1), time_limit_ms: None },
    };
    let limited = p.solve().unwrap();
    p.limits = SearchLimits::default();
    let full = p.solve().unwrap();
    assert_eq!(full.status, SelectionStatus::Optimal);
    assert!(limited.objective <= full.objective + 1e-9);
    assert!(
        limited.bound >= full.objective - 1e-9,
        "the bound {} must cover the optimum {}",
        limited.bound,
        full.objective
    );
    if limited.status == SelectionStatus::NodeLimit {
        assert!(limited.gap >= 0.0);
    }
}

#[test]
fn ahp_reproduces_the_classic_three_criteria_example() {
    // The classic 3 × 3 judgement matrix (1, 3, 5 / 1/3, 1, 3 / 1/5, 1/3, 1). numpy 2.4
    // `linalg.eig`: principal eigenvalue 3.0385111, eigenvector normalised to sum 1:
    // 0.6369856, 0.2582850, 0.1047294; CI = 0.0192555, CR = CI / 0.58 = 0.0331992.
    let m = vec![vec![1.0, 3.0, 5.0], vec![1.0 / 3.0, 1.0, 3.0], vec![0.2, 1.0 / 3.0, 1.0]];
    let w = ahp_weights(&m).unwrap();
    for (got, want) in w.weights.iter().zip([0.636_985_6, 0.258_285_0, 0.104_729_4]) {
        assert!((got - want).abs() < 5e-7, "{got} vs {want}");
    }
    assert!((w.lambda_max - 3.038_511_1).abs() < 5e-7, "{}", w.lambda_max);
    assert!((w.consistency_ratio - 0.033_199_2).abs() < 5e-7, "{}", w.consistency_ratio);
    assert!(!w.inconsistent && w.warning.is_none());
    // Contradictory judgements: A ≫ B, B ≫ C, C ≫ A.
    let bad = vec![vec![1.0, 9.0, 1.0 / 9.0], vec![1.0 / 9.0, 1.0, 9.0], vec![9.0, 1.0 / 9.0, 1.0]];
    let w = ahp_weights(&bad).unwrap();
    assert!(w.inconsistent && w.warning.is_some(), "{w:?}");
    let not_reciprocal = vec![vec![1.0, 2.0], vec![2.0, 1.0]];
    assert_eq!(ahp_weights(&not_reciprocal).unwrap_err().path(), Some("matrix[1][0]"));
}

#[test]
fn weighted_scores_by_hand() {
    // NPV 100, 300, 200 (min-max: 0, 1, 0.5), risk 5, 1, 3 lower-is-better (min-max on
    // −risk: 0, 1, 0.5), weights 3 and 1: totals 0, 1, 0.5.
    let criteria = vec![
        Criterion {
            name: "npv".into(),
            weight: 3.0,
            lower_is_better: false,
            normalisation: Normalisation::MinMax,
            values: vec![100.0, 300.0, 200.0],
        },
        Criterion {
            name: "risk".into(),
            weight: 1.0,
            lower_is_better: true,
            normalisation: Normalisation::Rank,
            values: vec![5.0, 1.0, 3.0],
        },
    ];
    let s = weighted_scores(&criteria).unwrap();
    let totals: Vec<f64> = s.iter().map(|s| s.total).collect();
    assert_eq!(totals, [0.0, 1.0, 0.5]);
    assert_eq!(s.iter().map(|s| s.rank).collect::<Vec<_>>(), [3, 1, 2]);
    let mut bad = criteria;
    bad[1].values.pop();
    assert_eq!(weighted_scores(&bad).unwrap_err().path(), Some("criteria[1].values"));
}
