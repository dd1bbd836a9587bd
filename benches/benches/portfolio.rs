//! Constrained selection on random instances of the class: values and two costs
//! uniformly random integers in 1..=1000, each capacity 25% of its column's total;
//! solved to proven optimality. Goals: ≤ 0.4 s at 1,000 projects, ≤ 1 s at 10,000.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use valuepm_core::portfolio::{CapacityConstraint, SearchLimits, SelectionProblem, SelectionStatus};

/// The instance of `n` projects from `seed` (a 64-bit LCG, Knuth's MMIX constants; the
/// high bits give `1 + (x >> 33) % 1000`).
fn instance(n: usize, seed: u64) -> SelectionProblem {
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

fn select(c: &mut Criterion) {
    let mut group = c.benchmark_group("selection, two 25% constraints");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let problem = instance(n, 42);
        let s = problem.solve().expect("solves");
        assert_eq!(s.status, SelectionStatus::Optimal);
        eprintln!("{n} projects: optimum {} in {} nodes", s.objective, s.nodes);
        group.bench_function(format!("{n} projects"), |b| b.iter(|| black_box(&problem).solve().expect("solves")));
    }
    group.finish();
}

criterion_group!(benches, select);
criterion_main!(benches);
