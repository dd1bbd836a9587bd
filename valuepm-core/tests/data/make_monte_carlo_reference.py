#!/usr/bin/env python3
"""Independent statistics of the Monte Carlo reference model, by vectorised numpy.

Invest triangular(800k, 1.0M, 1.5M) now; earn PERT(120k, 180k, 260k) (classic shape 4) at
the end of each of 10 years; discount at normal(8%, 2%). NPV = −I + B · Σ_{k=1..10} (1+r)^−k.
Ten million iterations (numpy's PCG64, seed 20261126) give the reference statistics that
ValuePM's own seeded simulation must reproduce within Monte Carlo error.

    ~/.cache/valuepm/venv-python/bin/python valuepm-core/tests/data/make_monte_carlo_reference.py
"""
import json
from pathlib import Path

import numpy as np

N = 10_000_000
rng = np.random.Generator(np.random.PCG64(20261126))
invest = rng.triangular(800_000.0, 1_000_000.0, 1_500_000.0, N)
lo, mode, hi = 120_000.0, 180_000.0, 260_000.0
a = 1 + 4 * (mode - lo) / (hi - lo)
b = 1 + 4 * (hi - mode) / (hi - lo)
benefit = lo + (hi - lo) * rng.beta(a, b, N)
rate = rng.normal(0.08, 0.02, N)
annuity = np.zeros(N)
v = 1.0 / (1.0 + rate)
power = np.ones(N)
for _ in range(10):
    power *= v
    annuity += power
npv = -invest + benefit * annuity
roi = (10 * benefit - invest) / invest
p = np.percentile(npv, [5, 10, 50, 90, 95])
out = {
    "generator": f"numpy {np.__version__}, PCG64 seed 20261126, {N} iterations (make_monte_carlo_reference.py)",
    "iterations": N,
    "npv": {
        "mean": float(npv.mean()), "sd": float(npv.std(ddof=1)), "standard_error": float(npv.std(ddof=1) / np.sqrt(N)),
        "p5": float(p[0]), "p10": float(p[1]), "p50": float(p[2]), "p90": float(p[3]), "p95": float(p[4]),
        "probability_negative": float((npv < 0).mean()),
    },
    "roi": {"mean": float(roi.mean()), "sd": float(roi.std(ddof=1)), "p50": float(np.percentile(roi, 50))},
}
path = Path(__file__).with_name("monte_carlo_reference.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(json.dumps(out, indent=1))
