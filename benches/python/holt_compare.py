"""ValuePM's Holt smoothing vs statsmodels, side by side in one process.

For each statsmodels reference series of `valuepm-core/tests/data/holt_reference.json`
(among them a 120-point monthly series), linear and damped trend:

- statsmodels: `Holt(y, damped_trend=d, initialization_method="estimated").fit()` and a
  12-step `forecast(12)`;
- ValuePM: `holt_forecast(dates, values, damped=d, horizon=12)` (the fit, a dated 12-step
  forecast with 95% prediction intervals) and `holt_fit(values, d).forecast(12)`.

Both fits are computed in this run; the script fails (exit 1) unless ValuePM's SSE is at
most 1.01 x statsmodels' for every series. Prints a table of median times per call and
the ratio statsmodels / ValuePM (> 1 means ValuePM is faster).

Run (release wheel installed, e.g. by `bash bindings/python/test.sh`):
    python benches/python/holt_compare.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import warnings
from pathlib import Path
from typing import List, Sequence

import numpy as np
import statsmodels
from statsmodels.tsa.holtwinters import Holt

import valuepm
from compare import fmt, median_seconds

REFERENCE = Path(__file__).resolve().parents[2] / "valuepm-core" / "tests" / "data" / "holt_reference.json"
HORIZON = 12
SSE_SLACK = 1.01


def statsmodels_fit(y: np.ndarray, damped: bool) -> tuple:
    fit = Holt(y, damped_trend=damped, initialization_method="estimated").fit()
    return fit, fit.forecast(HORIZON)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer, shorter samples (a smoke run)")
    args = parser.parse_args(argv)
    samples, min_sample = (1, 0.0) if args.quick else (9, 0.2)
    warnings.simplefilter("ignore")  # statsmodels' ConvergenceWarning and friends

    print(f"valuepm {valuepm.__version__}, statsmodels {statsmodels.__version__}, numpy {np.__version__}, "
          f"Python {platform.python_version()} on {platform.machine()}")
    print(f"median of {samples} samples" + (f", each >= {min_sample * 1e3:.0f} ms of calls" if min_sample else "") + "\n")

    series_list = json.loads(REFERENCE.read_text(encoding="utf-8"))["series"]
    table = []
    problems: List[str] = []
    for series in series_list:
        dates, values = series["dates"], series["values"]
        y = np.asarray(values, dtype=float)
        for damped in (False, True):
            name = f"{series['name']} (n={len(values)}), {'damped' if damped else 'linear'}"
            fit, sm_forecast = statsmodels_fit(y, damped)
            ours = valuepm.holt_forecast(dates, values, damped=damped, horizon=HORIZON)
            model = valuepm.holt_fit(values, damped)
            if model.sse != ours.sse:
                problems.append(f"{name}: holt_fit and holt_forecast disagree")
            if not ours.sse <= SSE_SLACK * fit.sse:
                problems.append(f"{name}: ValuePM SSE {ours.sse:.6g} > {SSE_SLACK} x statsmodels' {fit.sse:.6g}")
            gap = max(abs(a - b["value"]) for a, b in zip(sm_forecast, ours.forecast))
            t_sm = median_seconds(lambda: statsmodels_fit(y, damped), samples=samples, min_sample=min_sample)
            t_ours = median_seconds(
                lambda: valuepm.holt_forecast(dates, values, damped=damped, horizon=HORIZON),
                samples=samples,
                min_sample=min_sample,
            )
            t_fit = median_seconds(
                lambda: valuepm.holt_fit(values, damped).forecast(HORIZON), samples=samples, min_sample=min_sample
            )
            table.append((
                name, fmt(t_sm), fmt(t_ours), fmt(t_fit), f"{t_sm / t_ours:.0f}x",
                f"{fit.sse:.6g}", f"{ours.sse:.6g}", f"{ours.sse / fit.sse:.6f}", f"{gap:.3g}",
            ))

    headers = ("series, trend", "statsmodels fit+forecast", "ValuePM holt_forecast", "ValuePM holt_fit+forecast",
               "statsmodels/ValuePM", "SSE statsmodels", "SSE ValuePM", "SSE ratio", "max |forecast diff|")
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")
    for p in problems:
        print(f"MISMATCH: {p}", file=sys.stderr)
    if not problems:
        print(f"\nValuePM's SSE <= {SSE_SLACK} x statsmodels' on all {len(table)} fits.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
