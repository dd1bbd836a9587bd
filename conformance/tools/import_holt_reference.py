#!/usr/bin/env python3
"""Turns statsmodels' recorded Holt fits (valuepm-core/tests/data/holt_reference.json, made
by make_holt_reference.py beside it) into the language-neutral suite
conformance/analytics_forecast.json.

Two kinds of case per series and trend:
- `analytics.holt_with_parameters`: the smoothing recursions, forecasts and ETS prediction
  intervals at statsmodels' own fitted parameters must reproduce statsmodels' fitted
  values, forecasts and interval bounds (to 1e-9 relative);
- `analytics.holt_forecast`: ValuePM's own fit must reach a sum of squared one-step errors
  within 1% of statsmodels' (`Holt(..., initialization_method="estimated").fit()`).

    python3 conformance/tools/import_holt_reference.py
"""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "valuepm-core" / "tests" / "data" / "holt_reference.json"
OUT = ROOT / "conformance" / "analytics_forecast.json"
TOL = {"rel": 1e-9, "abs": 1e-9}


def main():
    ref = json.loads(REFERENCE.read_text())
    horizon = ref["horizon"]
    source = f"{ref['generator']}: statsmodels.tsa.holtwinters.Holt fit, ETSModel prediction intervals"
    cases = []
    for s in ref["series"]:
        for trend in ("linear", "damped"):
            e = s[trend]
            damped = trend == "damped"
            fields = {"sse": e["sse"]}
            for i, f in enumerate(e["fitted"]):
                fields[f"fitted[{i}]"] = f
            for conf, bounds in e["intervals"].items():
                for i, value in enumerate(e["forecast"]):
                    key = f"forecast_{round(float(conf) * 100)}"
                    fields[f"{key}[{i}].value"] = value
                    fields[f"{key}[{i}].lower"] = bounds["lower"][i]
                    fields[f"{key}[{i}].upper"] = bounds["upper"][i]
            cases.append({
                "id": f"holt_{trend}_at_statsmodels_parameters_{s['name']}",
                "op": "analytics.holt_with_parameters",
                "args": {"values": s["values"], "alpha": e["alpha"], "beta": e["beta"],
                         "phi": e["phi"] if damped else None, "initial_level": e["initial_level"],
                         "initial_trend": e["initial_trend"], "horizon": horizon,
                         "confidences": sorted(float(c) for c in e["intervals"])},
                "expect": {"fields": fields}, "tolerance": TOL, "source": source,
                "note": f"{s['name']} ({len(s['values'])} points), {trend}: the result holds `sse`, `fitted` and, "
                        "for each confidence c, `forecast_<100c>` = the model's forecast at that confidence (e.g. forecast_95)"})
            spec = {"damped": damped, "horizon": horizon, "confidence": 0.95}
            if s.get("target") is not None:
                spec["target"] = s["target"]
            cases.append({
                "id": f"holt_{trend}_fit_{s['name']}",
                "op": "analytics.holt_forecast",
                "args": {"dates": s["dates"], "values": s["values"], "spec": spec},
                "expect": {"fields": {"sse": e["sse"], "n": len(s["values"])}},
                "tolerance": {"rel": 0.01, "abs": 1e-9}, "source": source,
                "note": f"{s['name']}, {trend}: our fit's SSE within 1% of statsmodels' {e['sse']}"})
    short = ref["series"][0]
    cases.append({"id": "holt_too_short", "op": "analytics.holt_forecast",
                  "args": {"dates": short["dates"][:3], "values": short["values"][:3], "spec": {}},
                  "expect": {"error": "invalid_argument", "path": "values"}, "source": "the fit's validation rules",
                  "note": "three points cannot fit a level, a trend and two smoothing parameters"})
    cases.append({"id": "holt_duplicate_dates", "op": "analytics.holt_forecast",
                  "args": {"dates": [short["dates"][0]] * 2 + short["dates"][2:10], "values": short["values"][:10],
                           "spec": {}},
                  "expect": {"error": "invalid_argument", "path": "dates"}, "source": "the fit's validation rules",
                  "note": "two measurements on one date"})
    suite = {"suite": "analytics_forecast",
             "description": "Holt linear and damped-trend exponential smoothing: fits, forecasts, prediction intervals",
             "source": source, "cases": cases}
    OUT.write_text(json.dumps(suite, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
