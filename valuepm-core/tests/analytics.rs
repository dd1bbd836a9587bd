//! Trends and robust z-scores against scipy's outputs recorded in
//! `tests/data/trend_reference.json` (made by `tests/data/make_trend_reference.py`).

use chrono::NaiveDate;
use serde_json::Value;
use valuepm_core::analytics::{ols_trend, robust_z_anomalies, robust_z_scores, theil_sen_trend, Trend};
use valuepm_core::ErrorKind;

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/trend_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference file")).expect("JSON")
}

fn close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(1e-6);
    assert!((actual - expected).abs() <= tolerance, "{what}: {actual} vs scipy {expected}");
}

fn check(trend: &Trend, expected: &Value, what: &str) {
    close(trend.slope_per_day, expected["slope"].as_f64().unwrap(), &format!("{what} slope"));
    close(trend.intercept, expected["intercept"].as_f64().unwrap(), &format!("{what} intercept"));
    close(trend.slope_low, expected["slope_low"].as_f64().unwrap(), &format!("{what} slope_low"));
    close(trend.slope_high, expected["slope_high"].as_f64().unwrap(), &format!("{what} slope_high"));
}

#[test]
fn trends_and_scores_match_scipy() {
    let reference = reference();
    for series in reference["series"].as_array().unwrap() {
        let name = series["name"].as_str().unwrap();
        let dates: Vec<NaiveDate> =
            series["dates"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().parse().unwrap()).collect();
        let values: Vec<f64> = series["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        for confidence in [0.95, 0.90] {
            check(&ols_trend(&dates, &values, confidence).unwrap(), &series[format!("ols_{confidence}")], name);
            check(
                &theil_sen_trend(&dates, &values, confidence).unwrap(),
                &series[format!("theil_sen_{confidence}")],
                name,
            );
        }
        let scores = robust_z_scores(&values).unwrap();
        for (i, (z, expected)) in scores.iter().zip(series["robust_z"].as_array().unwrap()).enumerate() {
            close(*z, expected.as_f64().unwrap(), &format!("{name} z[{i}]"));
        }
    }
}

#[test]
fn outliers_are_flagged_and_theil_sen_resists_them() {
    let reference = reference();
    let series = &reference["series"][1];
    let dates: Vec<NaiveDate> =
        series["dates"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().parse().unwrap()).collect();
    let values: Vec<f64> = series["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let flagged: Vec<usize> = robust_z_anomalies(&dates, &values, 3.5).unwrap().iter().map(|a| a.index).collect();
    assert_eq!(flagged, [5, 11], "the two planted outliers, and only them");
    let robust = theil_sen_trend(&dates, &values, 0.95).unwrap();
    let clean = theil_sen_trend(
        &dates,
        reference["series"][0]["values"]
            .as_array()
            .map(|v| v.iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>())
            .as_deref()
            .unwrap(),
        0.95,
    )
    .unwrap();
    assert!((robust.slope_per_day - clean.slope_per_day).abs() < 0.01);
}

#[test]
fn bad_input_is_a_typed_error() {
    let d: NaiveDate = "2025-01-01".parse().unwrap();
    assert_eq!(ols_trend(&[d, d], &[1.0, 2.0], 0.95).unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(ols_trend(&[d, d, d], &[1.0, 2.0, 3.0], 0.95).unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(theil_sen_trend(&[d], &[1.0, 2.0], 0.95).unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(robust_z_scores(&[1.0, f64::NAN]).unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(robust_z_scores(&[]).unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert!(robust_z_scores(&[2.0, 2.0, 2.0, 5.0]).unwrap().iter().all(|z| z.is_finite()));
}

#[test]
fn level_shifts_match_ruptures_pelt() {
    use valuepm_core::analytics::level_shifts;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/level_shift_reference.json");
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let values: Vec<f64> = reference["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let start: NaiveDate = "2025-01-06".parse().unwrap();
    let dates: Vec<NaiveDate> = (0..values.len() as u64).map(|i| start + chrono::Days::new(7 * i)).collect();
    for case in reference["cases"].as_array().unwrap() {
        let penalty = case["penalty"].as_f64().unwrap();
        let min_size = usize::try_from(case["min_size"].as_u64().unwrap()).unwrap();
        // ruptures lists each segment's end (the last is n); our shifts start the next segment.
        let mut expected: Vec<usize> = case["breakpoints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| usize::try_from(b.as_u64().unwrap()).unwrap())
            .collect();
        expected.pop();
        let found: Vec<usize> =
            level_shifts(&dates, &values, Some(penalty), min_size).unwrap().iter().map(|s| s.index).collect();
        assert_eq!(found, expected, "penalty {penalty}, min_size {min_size}");
    }
    // The default penalty finds the two planted shifts (+4 at week 10, −3 at week 22).
    let shifts = level_shifts(&dates, &values, None, 2).unwrap();
    assert_eq!(shifts.iter().map(|s| s.index).collect::<Vec<_>>(), [10, 22]);
    assert!((shifts[0].shift - 4.0).abs() < 0.6 && (shifts[1].shift + 3.0).abs() < 0.6);
}
