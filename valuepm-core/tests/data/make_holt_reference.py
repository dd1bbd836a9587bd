#!/usr/bin/env python3
"""Records statsmodels' Holt linear and damped-trend fits, forecasts and ETS prediction
intervals for the series below, as the independent reference of ValuePM's
`analytics::holt_fit` / `holt_forecast` (read by `valuepm-core/tests/holt.rs`).

    python3 -m pip install "statsmodels>=0.14" numpy pandas
    python3 valuepm-core/tests/data/make_holt_reference.py

For each series and for `damped_trend` False and True it records:

- the parameters and SSE of `Holt(y, damped_trend=..., initialization_method="estimated").fit()`
  (the Rust test requires ValuePM's SSE to be no worse than 1.01 times this one);
- the fitted values and 12-step forecasts at those parameters;
- the 95% and 80% prediction intervals of the equivalent additive-error model
  `ETSModel(y, error="add", trend="add", damped_trend=...)` smoothed at the same parameters
  (statsmodels' ETS trend smoothing is `alpha * beta` in Holt's form), with known initial
  states, so that the Rust test can check the closed-form interval at fixed parameters;
- for series with a target, the date the forecast path first reaches it, derived here from
  statsmodels' forecast: the path starts at the last smoothed level on the last date (step 0),
  is interpolated linearly between steps, and step `s` falls `round(s * step_days)` days after
  the last date, `step_days` the mean spacing of the dates.
"""
import json
import math
import warnings
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import Holt

HORIZON = 12


def monthly(n, start=date(2016, 1, 1)):
    out = []
    for k in range(n):
        y, m = divmod(start.month - 1 + k, 12)
        out.append(date(start.year + y, m + 1, 1))
    return out


def series():
    rng = np.random.default_rng(20240611)
    out = []
    # Random walks with drift.
    out.append(("random_walk_up", list(100 + np.cumsum(0.8 + rng.normal(0, 2.0, 60))), 160.0))
    out.append(("random_walk_down", list(500 + np.cumsum(-1.5 + rng.normal(0, 4.0, 48))), None))
    # A noisy linear KPI ramp (percent complete).
    t = np.arange(36)
    out.append(("kpi_ramp", list(5 + 2.4 * t + rng.normal(0, 1.5, 36)), 100.0))
    # A saturating KPI (adoption).
    t = np.arange(40)
    out.append(("saturating", list(100 * (1 - np.exp(-t / 12)) + rng.normal(0, 1.0, 40)), None))
    # A level shift halfway.
    y = 50 + rng.normal(0, 1.2, 40) + 0.1 * np.arange(40)
    y[20:] += 15
    out.append(("level_shift", list(y), 70.0))
    # Short: 10 points.
    out.append(("short", [12.0, 13.1, 13.9, 15.2, 15.8, 17.1, 18.0, 18.6, 20.1, 20.9], 25.0))
    # 120 monthly points: trend, a mild cycle and noise.
    t = np.arange(120)
    out.append(("monthly_120", list(1000 + 4 * t + 25 * np.sin(t / 9) + rng.normal(0, 8, 120)), None))
    # Nearly constant, falling target.
    out.append(("near_constant", list(100 + rng.normal(0, 0.05, 24)), 99.0))
    return out


def target_step(level, path, target):
    """Fractional step at which the path from `level` (step 0) reaches `target`, or None."""
    if level == target:
        return 0.0
    rising = target > level
    prev = level
    for h, f in enumerate(path, start=1):
        if (f >= target) if rising else (f <= target):
            return h - 1 + (target - prev) / (f - prev)
        prev = f
    return None


def record(y, damped, dates, target):
    n = len(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = Holt(np.asarray(y), damped_trend=damped, initialization_method="estimated").fit()
    p = res.params
    alpha, beta = p["smoothing_level"], p["smoothing_trend"]
    phi = p["damping_trend"] if damped else 1.0
    l0, b0 = p["initial_level"], p["initial_trend"]
    fitted = np.asarray(res.fittedvalues)
    forecast = np.asarray(res.forecast(HORIZON))
    sse = float(np.sum((np.asarray(y) - fitted) ** 2))
    assert math.isclose(sse, res.sse, rel_tol=1e-12)
    level = float(np.asarray(res.level)[-1])
    trend = float(np.asarray(res.trend)[-1])
    assert math.isclose(forecast[0], level + phi * trend, rel_tol=1e-12), "level is the last smoothed level"

    ets = ETSModel(pd.Series(y), error="add", trend="add", damped_trend=damped,
                   initialization_method="known", initial_level=l0, initial_trend=b0)
    params = [alpha, alpha * beta] + ([phi] if damped else [])
    ets_res = ets.smooth(params)
    np.testing.assert_allclose(np.asarray(ets_res.fittedvalues), fitted, rtol=1e-10)
    intervals = {}
    for conf in (0.95, 0.80):
        frame = ets_res.get_prediction(start=n, end=n + HORIZON - 1).summary_frame(alpha=1 - conf)
        np.testing.assert_allclose(np.asarray(frame["mean"]), forecast, rtol=1e-10)
        intervals[str(conf)] = {"lower": list(frame["pi_lower"]), "upper": list(frame["pi_upper"])}

    entry = {
        "alpha": alpha, "beta": beta, "phi": phi, "initial_level": l0, "initial_trend": b0,
        "sse": sse, "last_level": level, "last_trend": trend,
        "fitted": list(fitted), "forecast": list(forecast), "intervals": intervals,
    }
    if target is not None:
        step_days = (dates[-1] - dates[0]).days / (n - 1)
        s = target_step(level, forecast, target)
        entry["target_date"] = None if s is None else \
            (dates[-1] + timedelta(days=math.floor(s * step_days + 0.5))).isoformat()
    return entry


def main():
    out = {"generator": f"statsmodels {statsmodels.__version__}, numpy {np.__version__}",
           "horizon": HORIZON, "series": []}
    for name, y, target in series():
        y = [float(v) for v in y]
        dates = monthly(len(y))
        entry = {"name": name, "dates": [d.isoformat() for d in dates], "values": y, "target": target}
        for damped in (False, True):
            entry["damped" if damped else "linear"] = record(y, damped, dates, target)
        out["series"].append(entry)
    path = Path(__file__).with_name("holt_reference.json")
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
