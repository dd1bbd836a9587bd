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
