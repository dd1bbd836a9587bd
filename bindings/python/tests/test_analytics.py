"""Trends and robust z-scores against scipy's outputs recorded in
valuepm-core/tests/data/trend_reference.json (the same reference as the Rust tests)."""
import datetime as dt
import json
import pickle
from pathlib import Path

import numpy as np
import pytest

import valuepm

REFERENCE = json.loads(
    (Path(__file__).resolve().parents[3] / "valuepm-core" / "tests" / "data" / "trend_reference.json").read_text()
)


@pytest.mark.parametrize("series", REFERENCE["series"], ids=lambda s: s["name"])
@pytest.mark.parametrize("confidence", [0.95, 0.90])
def test_trends_match_scipy(series, confidence):
    for fit, key in ((valuepm.ols_trend, "ols"), (valuepm.theil_sen_trend, "theil_sen")):
        trend = fit(series["dates"], series["values"], confidence)
        expected = series[f"{key}_{confidence}"]
        assert trend.method == key
        assert trend.slope_per_day == pytest.approx(expected["slope"], rel=1e-9)
        assert trend.intercept == pytest.approx(expected["intercept"], rel=1e-9)
        assert trend.slope_low == pytest.approx(expected["slope_low"], rel=1e-9)
        assert trend.slope_high == pytest.approx(expected["slope_high"], rel=1e-9)


@pytest.mark.parametrize("series", REFERENCE["series"], ids=lambda s: s["name"])
def test_robust_z_scores_match_numpy(series):
    assert valuepm.robust_z_scores(series["values"]) == pytest.approx(series["robust_z"], rel=1e-9, abs=1e-12)


def test_planted_outliers_are_the_anomalies():
    series = REFERENCE["series"][1]
    anomalies = valuepm.robust_z_anomalies(series["dates"], series["values"])
    assert [a["index"] for a in anomalies] == [5, 11]
    assert anomalies[0]["date"] == series["dates"][5]


def test_bad_series_raise_typed_errors():
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.ols_trend(["2025-01-01", "2025-01-02"], [1.0, 2.0])
    assert e.value.kind == "invalid_argument"
    with pytest.raises(valuepm.InvalidArgumentError):
        valuepm.robust_z_scores([])


# -- Holt exponential smoothing, against statsmodels' outputs recorded in
# valuepm-core/tests/data/holt_reference.json -----------------------------------------

HOLT = json.loads(
    (Path(__file__).resolve().parents[3] / "valuepm-core" / "tests" / "data" / "holt_reference.json").read_text()
)


@pytest.mark.parametrize("series", HOLT["series"], ids=lambda s: s["name"])
@pytest.mark.parametrize("kind", ["linear", "damped"])
def test_holt_at_statsmodels_parameters_matches_statsmodels(series, kind):
    ref = series[kind]
    phi = ref["phi"] if kind == "damped" else None
    model = valuepm.HoltModel.with_parameters(
        series["values"], ref["alpha"], ref["beta"], phi, ref["initial_level"], ref["initial_trend"]
    )
    assert model.damped is (kind == "damped")
    assert model.sse == pytest.approx(ref["sse"], rel=1e-9)
    assert model.fitted == pytest.approx(ref["fitted"], rel=1e-9)
    steps = model.forecast(HOLT["horizon"])
    assert [s["step"] for s in steps] == list(range(1, HOLT["horizon"] + 1))
    assert [s["value"] for s in steps] == pytest.approx(ref["forecast"], rel=1e-9)
    assert [s["lower"] for s in steps] == pytest.approx(ref["intervals"]["0.95"]["lower"], rel=1e-9)


@pytest.mark.parametrize("series", HOLT["series"], ids=lambda s: s["name"])
@pytest.mark.parametrize("damped", [False, True])
def test_holt_fit_is_as_good_as_statsmodels(series, damped):
    ref = series["damped" if damped else "linear"]
    model = valuepm.holt_fit(series["values"], damped=damped)
    assert model.sse <= 1.01 * ref["sse"]
    assert model.n == len(series["values"]) == len(model.fitted)
    assert (model.phi < 1.0) if damped else (model.phi == 1.0)
    forecast = valuepm.holt_forecast(series["dates"], series["values"], damped=damped, target=series.get("target"))
    assert forecast.sse == model.sse and forecast.fitted == model.fitted
    assert len(forecast.forecast) == 12 and forecast.confidence == 0.95
    assert forecast.to_dict()["forecast"] == forecast.forecast
    assert series.get("target") is not None or forecast.target_reached is None


def test_holt_inputs_and_results():
    series = next(s for s in HOLT["series"] if s["name"] == "monthly_120")
    dates = [dt.date.fromisoformat(d) for d in series["dates"]]
    from_lists = valuepm.holt_forecast(series["dates"], series["values"], horizon=3, confidence=0.8, target=1520.0)
    from_numpy = valuepm.holt_forecast(
        np.array(series["dates"], dtype="datetime64[D]"), np.array(series["values"]), horizon=3, confidence=0.8, target=1520.0
    )
    assert from_lists == from_numpy == valuepm.holt_forecast(dates, series["values"], horizon=3, confidence=0.8, target=1520.0)
    assert [p["step"] for p in from_lists.forecast] == [1, 2, 3]
    one_step = dt.timedelta(days=round(from_lists.step_days))
    assert from_lists.forecast[0]["date"] == (dates[-1] + one_step).isoformat()
    assert isinstance(from_lists.target_reached, dt.date)
    assert from_lists.step_days == pytest.approx((dates[-1] - dates[0]).days / 119)
    model = valuepm.holt_fit(np.array(series["values"]))
    assert valuepm.HoltModel.from_json(model.to_json()) == model
    assert pickle.loads(pickle.dumps(from_lists)) == from_lists
    assert repr(model).startswith("HoltModel(damped=False, alpha=")
    with pytest.raises(TypeError):
        valuepm.holt_forecast(series["dates"], series["values"], False)  # keyword-only options


def test_holt_errors_are_typed():
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.holt_fit([1.0, 2.0, 3.0])
    assert e.value.path == "values"
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.HoltModel.with_parameters([1.0, 2.0, 3.0], 1.5, 0.1, None, 1.0, 0.0)
    assert e.value.path == "alpha"
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.HoltModel.with_parameters([1.0, 2.0, 3.0], 0.5, 0.1, 0.0, 1.0, 0.0)
    assert e.value.path == "phi"
    model = valuepm.holt_fit([1.0, 2.0, 3.5, 4.0, 5.2, 6.1])
    with pytest.raises(valuepm.InvalidArgumentError):
        model.forecast(0)
    with pytest.raises(valuepm.InvalidArgumentError):
        model.forecast(3, confidence=1.0)
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.holt_forecast(["2026-01-01", "2026-02-01"], [1.0, 2.0, 3.0, 4.0])
    assert e.value.path == "dates"
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.holt_fit([1.0, 2.0, "x", 4.0])
    assert e.value.path == "values"
