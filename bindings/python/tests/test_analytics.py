"""Trends and robust z-scores against scipy's outputs recorded in
valuepm-core/tests/data/trend_reference.json (the same reference as the Rust tests)."""
import json
from pathlib import Path

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
