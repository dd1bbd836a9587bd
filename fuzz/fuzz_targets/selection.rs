//! Any bytes as a small selection problem (values, capacity rows, fixings, dependencies,
//! exclusive groups): solving must not panic; an accepted problem's selection must keep
//! every constraint, include every mandatory project, and its objective must equal the
//! sum of the chosen values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valuepm_core::portfolio::{
    CapacityConstraint, Dependency, ExclusiveGroup, SearchLimits, SelectionProblem, SelectionStatus,
};

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.iter().copied();
    let mut next = || bytes.next().unwrap_or(0);
    let n = usize::from(next() % 14) + 1;
    let rows = usize::from(next() % 4);
    let projects: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let values: Vec<f64> = (0..n).map(|_| f64::from(next()) - 64.0).collect();
    let constraints: Vec<CapacityConstraint> = (0..rows)
        .map(|k| {
            let coefficients: Vec<f64> = (0..n).map(|_| f64::from(next() % 50)).collect();
            CapacityConstraint { name: format!("c{k}"), coefficients, limit: f64::from(next()) }
        })
        .collect();
    let pick = |b: u8| projects[usize::from(b) % n].clone();
    let (mut mandatory, mut excluded, mut dependencies, mut groups) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..next() % 6 {
        match next() % 4 {
            0 => mandatory.push(pick(next())),
            1 => excluded.push(pick(next())),
            2 => dependencies.push(Dependency { project: pick(next()), requires: pick(next()) }),
            _ => groups.push(ExclusiveGroup { name: "g".into(), projects: vec![pick(next()), pick(next()), pick(next())] }),
        }
    }
    let problem = SelectionProblem {
        projects: projects.clone(),
        values: values.clone(),
        constraints: constraints.clone(),
        mandatory: mandatory.clone(),
        excluded: excluded.clone(),
        dependencies: dependencies.clone(),
        exclusive_groups: groups,
        limits: SearchLimits { node_limit: Some(10_000), time_limit_ms: None },
    };
    let Ok(s) = problem.solve() else { return };
    let on = |id: &String| s.selected.contains(id);
    assert!(mandatory.iter().all(|m| on(m)));
    assert!(excluded.iter().all(|e| !on(e)));
    assert!(dependencies.iter().all(|d| !on(&d.project) || on(&d.requires)));
    for c in &constraints {
        let used: f64 = projects.iter().zip(&c.coefficients).filter(|(id, _)| on(id)).map(|(_, a)| a).sum();
        assert!(used <= c.limit + 1e-9 * c.limit.max(1.0), "{used} > {}", c.limit);
    }
    let total: f64 = projects.iter().zip(&values).filter(|(id, _)| on(id)).map(|(_, v)| v).sum();
    assert!((total - s.objective).abs() <= 1e-9 * total.abs().max(1.0));
    assert!(s.status != SelectionStatus::Optimal || (s.bound - s.objective).abs() <= 1e-9 * s.objective.abs().max(1.0));
});
