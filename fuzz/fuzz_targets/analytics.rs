//! Trends, anomalies, level shifts, distributions and correlation matrices over arbitrary
//! input. Nothing may panic; accepted input gives finite results.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use valuepm_core::analytics;
use valuepm_core::risk::{summarise, CorrelationMatrix, Distribution, SampleStream};

#[derive(Debug, Arbitrary)]
struct Input {
    day_offsets: Vec<u16>,
    values: Vec<f64>,
    confidence: f64,
    penalty: Option<f64>,
    min_size: u8,
    params: [f64; 4],
    kind: u8,
    matrix: Vec<f64>,
    seed: u64,
}

fuzz_target!(|input: Input| {
    let n = input.values.len().min(input.day_offsets.len()).min(64);
    let base = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let dates: Vec<NaiveDate> = input.day_offsets[..n].iter().map(|o| base + Days::new(u64::from(*o))).collect();
    let values = &input.values[..n];
    for trend in [
        analytics::ols_trend(&dates, values, input.confidence),
        analytics::theil_sen_trend(&dates, values, input.confidence),
    ]
    .into_iter()
    .flatten()
    {
        assert!(trend.slope_per_day.is_finite() || values.iter().any(|v| v.abs() > 1e300));
    }
    let _ = analytics::robust_z_anomalies(&dates, values, 3.5);
    let _ = analytics::level_shifts(&dates, values, input.penalty, usize::from(input.min_size));
    let _ = summarise(values, input.confidence, 10);

    let [a, b, c, d] = input.params;
    let dist = match input.kind % 9 {
        0 => Distribution::Triangular { min: a, mode: b, max: c },
        1 => Distribution::Pert { min: a, mode: b, max: c, shape: d },
        2 => Distribution::Normal { mean: a, sd: b },
        3 => Distribution::TruncatedNormal { mean: a, sd: b, min: c, max: d },
        4 => Distribution::Lognormal { mean: a, sd: b },
        5 => Distribution::Uniform { min: a, max: b },
        6 => Distribution::Discrete { values: vec![a, b], probabilities: vec![c, d] },
        7 => Distribution::Bernoulli { p: a },
        _ => Distribution::Constant { value: a },
    };
    let mut stream = SampleStream::new(input.seed, 0);
    if dist.validate().is_ok() {
        for _ in 0..16 {
            let x = dist.sample(&mut stream);
            assert!(!x.is_nan(), "{dist:?} sampled NaN");
        }
    }
    let k = (input.matrix.len() as f64).sqrt() as usize;
    let k = k.min(6);
    let rows: Vec<Vec<f64>> = (0..k).map(|i| input.matrix[i * k..(i + 1) * k].to_vec()).collect();
    if let Ok(matrix) = CorrelationMatrix::new(rows) {
        let mut samples: Vec<Vec<f64>> = (0..k).map(|_| (0..32).map(|_| stream.uniform()).collect()).collect();
        let _ = matrix.induce(&mut samples, &mut stream);
    }
});
