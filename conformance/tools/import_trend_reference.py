#!/usr/bin/env python3
"""Turns scipy's recorded trend and robust z-score outputs and ruptures' level-shift
breakpoints (valuepm-core/tests/data/*_reference.json, made by make_trend_reference.py
beside them) into the language-neutral suite conformance/analytics_trends.json.

    python3 conformance/tools/import_trend_reference.py
"""
import json
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "valuepm-core" / "tests" / "data" / "trend_reference.json"
TOL = {"rel": 1e-9, "abs": 1e-12}


def main():
    ref = json.loads(REFERENCE.read_text())
    source = f"{ref['generator']}: scipy.stats.linregress with t.ppf, scipy.stats.theilslopes, numpy median / MAD"
    cases = []
    for s in ref["series"]:
        series = {"dates": s["dates"], "values": s["values"]}
        for conf in (0.95, 0.90):
            for op, key, method in (("analytics.ols_trend", "ols", "ols"), ("analytics.theil_sen_trend", "theil_sen", "theil_sen")):
                e = s[f"{key}_{conf}"]
                cases.append({
                    "id": f"{key}_{s['name']}_{int(conf * 100)}", "op": op, "args": {**series, "confidence": conf},
                    "expect": {"fields": {"method": method, "slope_per_day": e["slope"], "intercept": e["intercept"],
                                          "slope_low": e["slope_low"], "slope_high": e["slope_high"],
                                          "origin": s["dates"][0]}},
                    "tolerance": TOL, "source": source, "note": f"{s['name']}, {int(conf * 100)}% interval"})
        cases.append({"id": f"robust_z_{s['name']}", "op": "analytics.robust_z_scores", "args": {"values": s["values"]},
                      "expect": {"value": s["robust_z"]}, "tolerance": TOL,
                      "source": "numpy: (x - median) / (1.4826 * median(|x - median|))", "note": s["name"]})
    outliers = ref["series"][1]
    cases.append({"id": "robust_z_anomalies_planted", "op": "analytics.robust_z_anomalies",
                  "args": {"dates": outliers["dates"], "values": outliers["values"], "threshold": 3.5},
                  "expect": {"fields": {"[0].index": 5, "[0].date": outliers["dates"][5], "[1].index": 11,
                                        "[0].score": outliers["robust_z"][5], "[1].score": outliers["robust_z"][11]}},
                  "tolerance": TOL, "source": "numpy robust z-scores; |z| > 3.5 (Iglewicz and Hoaglin 1993)",
                  "note": "the two planted outliers, and no other point"})
    cases.append({"id": "ols_trend_too_few_points", "op": "analytics.ols_trend",
                  "args": {"dates": ["2025-01-01", "2025-02-01"], "values": [1.0, 2.0]},
                  "expect": {"error": "invalid_argument"}, "source": "input rules", "note": "a trend needs 3 points"})
    shifts = json.loads((REFERENCE.parent / "level_shift_reference.json").read_text())
    start = date(2025, 1, 6)
    weekly = [(start + timedelta(days=7 * i)).isoformat() for i in range(len(shifts["values"]))]
    for c in shifts["cases"]:
        starts = c["breakpoints"][:-1]
        fields = {f"[{i}].index": b for i, b in enumerate(starts)}
        fields.update({f"[{i}].date": weekly[b] for i, b in enumerate(starts)})
        cases.append({"id": f"level_shifts_pen_{c['penalty']}_min_{c['min_size']}".replace(".", "_"),
                      "op": "analytics.level_shifts",
                      "args": {"dates": weekly, "values": shifts["values"], "penalty": c["penalty"],
                               "min_size": c["min_size"]},
                      "expect": {"fields": fields} if starts else {"value": []},
                      "source": f"{shifts['generator']}: Pelt(model='l2', min_size={c['min_size']}, jump=1)"
                                f".predict(pen={c['penalty']}) = {c['breakpoints']}",
                      "note": "exact PELT breakpoints (segment starts; ruptures lists segment ends)"})
    doc = {"suite": "analytics_trends", "description": "KPI trends (OLS, Theil-Sen) and robust z-score anomalies",
           "source": source, "cases": cases}
    out = Path(__file__).resolve().parent.parent / "analytics_trends.json"
    out.write_text(json.dumps(doc, indent=1) + "\n")


if __name__ == "__main__":
    main()
