//! Measurement-series analytics. Goal (median): Holt fit (least-squares parameters) plus
//! a 12-step forecast with 95% intervals of a 120-point monthly series ≤ 0.3 ms, linear
//! and damped (statsmodels' `Holt(...).fit()` takes about 29 ms).

use std::hint::black_box;

use chrono::{Months, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use valuepm_core::analytics::{holt_forecast, HoltSpec};

/// A small deterministic generator (64-bit LCG, Knuth's MMIX constants): uniform in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// `n` monthly KPI readings from 2015-01-01: a trend, a slow cycle and uniform noise.
fn monthly_series(n: usize, seed: u64) -> (Vec<NaiveDate>, Vec<f64>) {
    let mut rng = Lcg(seed);
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).expect("date");
    let dates = (0..n).map(|k| start + Months::new(k as u32)).collect();
    let values =
        (0..n).map(|k| 1000.0 + 4.0 * k as f64 + 25.0 * (k as f64 / 9.0).sin() + 16.0 * (rng.next() - 0.5)).collect();
    (dates, values)
}

fn holt(c: &mut Criterion) {
    let (dates, values) = monthly_series(120, 42);
    for damped in [false, true] {
        let spec = HoltSpec { damped, horizon: 12, confidence: 0.95, target: Some(1600.0) };
        let name = format!("holt fit+forecast 120 points, {}", if damped { "damped" } else { "linear" });
        c.bench_function(&name, |b| {
            b.iter(|| holt_forecast(black_box(&dates), black_box(&values), black_box(&spec)).expect("fit"));
        });
    }
}

criterion_group!(benches, holt);
criterion_main!(benches);
