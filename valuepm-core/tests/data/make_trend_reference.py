#!/usr/bin/env python3
"""Records scipy's trend and robust z-score outputs for the series below, as the
independent reference of ValuePM's `analytics` trends and anomalies.

    python3 -m pip install "scipy>=1.11,<2" numpy
    python3 valuepm-core/tests/data/make_trend_reference.py
"""
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

BASE = date(2025, 1, 6)


def series():
    # Irregular dates (days after BASE), a rising KPI with noise.
    days1 = [0, 9, 16, 30, 37, 51, 65, 72, 93, 100, 121, 135, 149, 156, 177, 191]
    noise = [0.8, -1.1, 0.3, 1.9, -0.4, -1.6, 0.7, 0.2, -0.9, 1.3, -0.2, 0.5, -1.4, 0.9, 0.1, -0.6]
    vals1 = [40 + 0.12 * d + e for d, e in zip(days1, noise)]
    # The same with two outliers (a data-entry error and an outage).
    vals2 = list(vals1)
    vals2[5] = 95.0
    vals2[11] = 12.0
    # Ties in dates and in values, lower-is-better cycle time.
    days3 = [0, 0, 14, 28, 28, 42, 56, 70, 84, 84, 98, 112]
    vals3 = [10.0, 10.5, 9.8, 9.1, 9.1, 8.7, 8.7, 7.9, 7.5, 7.9, 7.2, 6.8]
    return [("rising_noisy", days1, vals1), ("rising_outliers", days1, vals2), ("falling_ties", days3, vals3)]


def main():
    out = {"generator": f"scipy {scipy.__version__}, numpy {np.__version__}", "series": []}
    for name, days, vals in series():
        x = np.array(days, dtype=float)
        y = np.array(vals, dtype=float)
        lr = stats.linregress(x, y)
        entry = {"name": name, "dates": [(BASE + timedelta(days=d)).isoformat() for d in days], "values": vals}
        for conf in (0.95, 0.90):
            t = stats.t.ppf(0.5 + conf / 2, len(x) - 2)
            ts = stats.theilslopes(y, x, alpha=conf)
            entry[f"ols_{conf}"] = {"slope": lr.slope, "intercept": lr.intercept,
                                    "slope_low": lr.slope - t * lr.stderr, "slope_high": lr.slope + t * lr.stderr}
            entry[f"theil_sen_{conf}"] = {"slope": ts.slope, "intercept": ts.intercept,
                                          "slope_low": ts.low_slope, "slope_high": ts.high_slope}
        med = np.median(y)
        mad = np.median(np.abs(y - med))
        entry["robust_z"] = list((y - med) / (1.4826 * mad))
        out["series"].append(entry)
    path = Path(__file__).with_name("trend_reference.json")
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()


def level_shift_reference():
    """ruptures' exact PELT breakpoints for planted level shifts."""
    import ruptures

    noise = [0.3, -0.8, 0.5, 1.1, -0.2, -0.9, 0.4, 0.0, -0.5, 0.7, 0.2, -1.2, 0.6, -0.1, 0.9, -0.4,
             0.1, -0.6, 0.8, -0.3, 0.5, -0.7, 0.0, 0.3, -0.2, 1.0, -0.9, 0.4, -0.1, 0.2]
    levels = [10.0] * 10 + [14.0] * 12 + [11.0] * 8
    values = [lv + e for lv, e in zip(levels, noise)]
    out = []
    for pen, min_size in ((5.0, 2), (20.0, 2), (1.0, 2), (0.5, 3), (0.3, 1), (60.0, 2)):
        algo = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(np.array(values).reshape(-1, 1))
        out.append({"penalty": pen, "min_size": min_size, "breakpoints": algo.predict(pen=pen)})
    return {"generator": f"ruptures {ruptures.__version__}", "values": values, "cases": out}


if __name__ == "__main__":
    ref = level_shift_reference()
    Path(__file__).with_name("level_shift_reference.json").write_text(json.dumps(ref, indent=1) + "\n")
