//! Holt linear and damped-trend smoothing against statsmodels' outputs recorded in
//! `tests/data/holt_reference.json` (made by `tests/data/make_holt_reference.py`): the
//! least-squares fit is no worse than statsmodels' (SSE within 1%), and at statsmodels'
//! parameters the fitted values, forecasts, ETS prediction intervals and target dates
//! agree to 1e-9.

use chrono::NaiveDate;
use serde_json::Value;
use valuepm_core::analytics::{holt_fit, holt_forecast, HoltModel, HoltSpec, ALPHA_BOUNDS, PHI_BOUNDS};
use valuepm_core::ErrorKind;

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/holt_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference file")).expect("JSON")
}

fn floats(value: &Value) -> Vec<f64> {
    value.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
}

fn dates(value: &Value) -> Vec<NaiveDate> {
    value.as_array().unwrap().iter().map(|d| d.as_str().unwrap().parse().unwrap()).collect()
}

fn close(actual: f64, expected: f64, scale: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(scale);
    assert!((actual - expected).abs() <= tolerance, "{what}: {actual} vs statsmodels {expected}");
}

fn kinds() -> [(&'static str, bool); 2] {
    [("linear", false), ("damped", true)]
}

#[test]
fn fit_is_no_worse_than_statsmodels() {
    let reference = reference();
    for series in reference["series"].as_array().unwrap() {
        let name = series["name"].as_str().unwrap();
        let values = floats(&series["values"]);
        for (kind, damped) in kinds() {
            let expected = &series[kind];
            let model = holt_fit(&values, damped).unwrap();
            let theirs = expected["sse"].as_f64().unwrap();
            eprintln!(
                "{name:>16} {kind:>6}: SSE {:.6} vs statsmodels {theirs:.6} (ratio {:.9}); alpha {:.4} beta {:.4} phi {:.4}",
                model.sse,
                model.sse / theirs,
                model.alpha,
                model.beta,
                model.phi
            );
            assert!(model.sse <= 1.01 * theirs, "{name} {kind}: SSE {} vs statsmodels {theirs}", model.sse);
            assert!(model.alpha >= ALPHA_BOUNDS.0 && model.alpha <= ALPHA_BOUNDS.1, "{name} {kind}: alpha");
            assert!(model.beta >= 0.0 && model.beta <= model.alpha, "{name} {kind}: beta");
            if damped {
                assert!(model.phi >= PHI_BOUNDS.0 && model.phi <= PHI_BOUNDS.1, "{name} {kind}: phi");
            } else {
                assert_eq!(model.phi, 1.0);
            }
            let direct = HoltModel::with_parameters(
                &values,
                model.alpha,
                model.beta,
                damped.then_some(model.phi),
                model.initial_level,
                model.initial_trend,
            )
            .unwrap();
            assert_eq!(direct, model, "{name} {kind}: the fit is the model at its parameters");
        }
    }
}

#[test]
fn statsmodels_parameters_reproduce_fit_forecast_and_intervals() {
    let reference = reference();
    let horizon = reference["horizon"].as_u64().unwrap() as usize;
    for series in reference["series"].as_array().unwrap() {
        let name = series["name"].as_str().unwrap();
        let values = floats(&series["values"]);
        let scale = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        for (kind, damped) in kinds() {
            let expected = &series[kind];
            let what = format!("{name} {kind}");
            let model = HoltModel::with_parameters(
                &values,
                expected["alpha"].as_f64().unwrap(),
                expected["beta"].as_f64().unwrap(),
                damped.then(|| expected["phi"].as_f64().unwrap()),
                expected["initial_level"].as_f64().unwrap(),
                expected["initial_trend"].as_f64().unwrap(),
            )
            .unwrap();
            close(model.sse, expected["sse"].as_f64().unwrap(), 1e-6, &format!("{what} sse"));
            close(model.last_level, expected["last_level"].as_f64().unwrap(), scale, &format!("{what} last level"));
            close(model.last_trend, expected["last_trend"].as_f64().unwrap(), scale, &format!("{what} last trend"));
            for (i, (a, e)) in model.fitted.iter().zip(floats(&expected["fitted"])).enumerate() {
                close(*a, e, scale, &format!("{what} fitted[{i}]"));
            }
            for confidence in [0.95, 0.80] {
                let steps = model.forecast(horizon, confidence).unwrap();
                let interval = &expected["intervals"][format!("{confidence}")];
                let (value, lower, upper) =
                    (floats(&expected["forecast"]), floats(&interval["lower"]), floats(&interval["upper"]));
                for (i, step) in steps.iter().enumerate() {
                    assert_eq!(step.step, i + 1);
                    close(step.value, value[i], scale, &format!("{what} forecast[{i}]"));
                    close(step.lower, lower[i], scale, &format!("{what} lower {confidence} [{i}]"));
                    close(step.upper, upper[i], scale, &format!("{what} upper {confidence} [{i}]"));
                }
            }
            if let Some(target) = series["target"].as_f64() {
                let dates = dates(&series["dates"]);
                let last = *dates.last().unwrap();
                let step_days = (last - dates[0]).num_days() as f64 / (dates.len() - 1) as f64;
                let dated = model.forecast_dated(last, step_days, horizon, 0.95, Some(target)).unwrap();
                let expected_date = expected["target_date"].as_str().map(|d| d.parse::<NaiveDate>().unwrap());
                assert_eq!(dated.target_reached, expected_date, "{what} target date");
            }
        }
    }
}

#[test]
fn holt_forecast_dates_the_fit_of_the_sorted_series() {
    let reference = reference();
    let series = &reference["series"][2];
    let (dates, values) = (dates(&series["dates"]), floats(&series["values"]));
    let spec = HoltSpec { target: Some(100.0), ..HoltSpec::default() };
    let result = holt_forecast(&dates, &values, &spec).unwrap();
    let model = holt_fit(&values, false).unwrap();
    assert_eq!(result.fitted, model.fitted);
    assert_eq!(result.n, values.len());
    let step_days = (dates[dates.len() - 1] - dates[0]).num_days() as f64 / (dates.len() - 1) as f64;
    assert_eq!(result.step_days, step_days);
    let last = dates[dates.len() - 1];
    for point in &result.forecast {
        let days = (point.date - last).num_days() as f64;
        assert_eq!(days, (point.step as f64 * step_days).round());
        assert!(point.lower < point.value && point.value < point.upper);
    }
    assert_eq!(result.forecast.len(), 12);
    let reached = result.target_reached.expect("the ramp reaches 100 within a year");
    assert!(reached > last && reached <= result.forecast[11].date);

    // Shuffled input gives the same result.
    let mut pairs: Vec<(NaiveDate, f64)> = dates.iter().copied().zip(values.iter().copied()).collect();
    pairs.reverse();
    pairs.swap(3, 17);
    let (d2, v2): (Vec<NaiveDate>, Vec<f64>) = pairs.into_iter().unzip();
    assert_eq!(holt_forecast(&d2, &v2, &spec).unwrap(), result);
}

#[test]
fn an_exact_line_is_fitted_exactly_and_continued() {
    let dates: Vec<NaiveDate> =
        (0..12).map(|k| NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(7 * k)).collect();
    let values: Vec<f64> = (0..12).map(|k| 10.0 + 2.5 * f64::from(k)).collect();
    let result =
        holt_forecast(&dates, &values, &HoltSpec { horizon: 4, target: Some(45.0), ..HoltSpec::default() }).unwrap();
    assert!(result.sse < 1e-18, "SSE {}", result.sse);
    assert_eq!(result.step_days, 7.0);
    for point in &result.forecast {
        let expected = 10.0 + 2.5 * (11.0 + point.step as f64);
        assert!((point.value - expected).abs() < 1e-8, "step {}: {}", point.step, point.value);
        assert!(point.upper - point.lower < 1e-6);
    }
    // 45 is step 3 after the last point (37.5 + 3 × 2.5): 21 days after the last date.
    assert_eq!(result.target_reached, Some(dates[11] + chrono::Days::new(21)));
    // A target at the last level is reached on the last date; one behind the trend never.
    let model = holt_fit(&values, false).unwrap();
    let last = dates[11];
    let at = model.forecast_dated(last, 7.0, 4, 0.95, Some(model.last_level)).unwrap();
    assert_eq!(at.target_reached, Some(last));
    let behind = model.forecast_dated(last, 7.0, 4, 0.95, Some(0.0)).unwrap();
    assert_eq!(behind.target_reached, None);
    // A damped trend (φ ≤ 0.995) cannot follow the line exactly: α = β = 1 misses each
    // step by (1 − φ) × slope at most.
    let damped = holt_fit(&values, true).unwrap();
    assert!(damped.sse <= 11.0 * (0.005_f64 * 2.5).powi(2), "damped SSE {}", damped.sse);
}

#[test]
fn a_constant_series_has_zero_error_and_a_flat_forecast() {
    let values = [5.0; 8];
    for damped in [false, true] {
        let model = holt_fit(&values, damped).unwrap();
        assert!(model.sse < 1e-20);
        for step in model.forecast(3, 0.9).unwrap() {
            assert!((step.value - 5.0).abs() < 1e-9);
        }
    }
}

#[test]
fn invalid_inputs_are_rejected_with_the_argument_named() {
    let d = |k: u64| NaiveDate::from_ymd_opt(2025, 3, 1).unwrap() + chrono::Days::new(k);
    let dates: Vec<NaiveDate> = (0..6).map(|k| d(30 * k)).collect();
    let values = [1.0, 2.0, 3.5, 4.0, 5.5, 6.0];
    let spec = HoltSpec::default();
    let error = |result: valuepm_core::Result<_>| -> (ErrorKind, String) {
        let e: valuepm_core::Error = result.map(|_: valuepm_core::analytics::HoltForecast| ()).unwrap_err();
        (e.kind(), e.to_string())
    };

    let (kind, message) = error(holt_forecast(&dates[..3], &values[..3], &spec));
    assert_eq!(kind, ErrorKind::InvalidArgument);
    assert!(message.contains("at least 4 values"), "{message}");
    let (_, message) =
        error(holt_forecast(&dates[..4], &values[..4], &HoltSpec { damped: true, ..HoltSpec::default() }));
    assert!(message.contains("at least 5 values"), "{message}");

    let mut nan = values;
    nan[2] = f64::NAN;
    let (kind, message) = error(holt_forecast(&dates, &nan, &spec));
    assert_eq!(kind, ErrorKind::InvalidArgument);
    assert!(message.contains("values[2]"), "{message}");
    assert!(holt_fit(&[1.0, 2.0, f64::INFINITY, 4.0], false).is_err());

    for confidence in [0.0, 1.0, -0.5, f64::NAN] {
        let (_, message) = error(holt_forecast(&dates, &values, &HoltSpec { confidence, ..HoltSpec::default() }));
        assert!(message.contains("confidence"), "{message}");
    }
    for horizon in [0, 10_001] {
        let (_, message) = error(holt_forecast(&dates, &values, &HoltSpec { horizon, ..HoltSpec::default() }));
        assert!(message.contains("horizon"), "{message}");
    }

    let mut duplicate = dates.clone();
    duplicate[4] = duplicate[1];
    let (kind, message) = error(holt_forecast(&duplicate, &values, &spec));
    assert_eq!(kind, ErrorKind::InvalidArgument);
    assert!(message.contains("dates[1] and dates[4]"), "{message}");

    let (_, message) = error(holt_forecast(&dates[..5], &values, &spec));
    assert!(message.contains("5 dates for 6 values"), "{message}");

    let (_, message) =
        error(holt_forecast(&dates, &values, &HoltSpec { target: Some(f64::NAN), ..HoltSpec::default() }));
    assert!(message.contains("target"), "{message}");

    assert_eq!(
        HoltModel::with_parameters(&values, 1.2, 0.1, None, 0.0, 0.0).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        HoltModel::with_parameters(&values, 0.5, 0.1, Some(0.0), 0.0, 0.0).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    let model = holt_fit(&values, false).unwrap();
    assert!(model.forecast(5, 1.5).is_err());
    assert!(model.forecast_dated(dates[5], 0.0, 5, 0.95, None).is_err());
}

#[test]
fn spec_deserialises_with_defaults() {
    let spec: HoltSpec = serde_json::from_str(r#"{"damped": true, "target": 80.0}"#).unwrap();
    assert_eq!(spec, HoltSpec { damped: true, target: Some(80.0), ..HoltSpec::default() });
    assert_eq!(spec.horizon, 12);
    assert_eq!(spec.confidence, 0.95);
    assert!(serde_json::from_str::<HoltSpec>(r#"{"horizont": 3}"#).is_err());
}
