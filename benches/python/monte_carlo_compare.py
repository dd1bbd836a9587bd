"""ValuePM's seeded Monte Carlo simulation vs vectorised numpy, side by side in one process.

The reference model (as `valuepm-core/tests/data/make_monte_carlo_reference.py` and the
`monte_carlo_reference_*` cases of `conformance/monte_carlo.json`): invest
triangular(800k, 1.0M, 1.5M) now, earn PERT(120k, 180k, 260k) (shape 4) at the end of
each of 10 years, discount at normal(8%, 2%): NPV = -I + B * sum_{k=1..10} (1 + r)^-k.

- numpy: the vectorised formulation (PCG64), then mean, sd, P(NPV < 0) and the 5th, 50th
  and 95th percentiles;
- ValuePM: `Project.simulate` of the reference project with 1, and the default number of,
  threads (NPV and ROI summaries: the same statistics plus histograms, VaR and CVaR).

The two samples are independent (different generators), so their statistics must agree
within Monte Carlo error: the script fails (exit 1) when a statistic differs by more than
5 standard errors of the difference (estimated from the numpy sample). Prints iterations/s
and the statistics side by side (and numpy's 10-million-iteration reference).

Run (release wheel installed, e.g. by `bash bindings/python/test.sh`):
    python benches/python/monte_carlo_compare.py [--quick]
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import platform
import sys
from pathlib import Path
from typing import Any, Dict, List, Sequence

import numpy as np

import valuepm
from compare import fmt, median_seconds

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "conformance" / "monte_carlo.json"
REFERENCE = ROOT / "valuepm-core" / "tests" / "data" / "monte_carlo_reference.json"
ITERATIONS = 1_000_000
SEED = 20261126
STATS = ("mean", "sd", "probability_negative", "p5", "p50", "p95")
SIGMAS = 5.0


def numpy_run(n: int, seed: int) -> Dict[str, float]:
    """The reference model's NPV statistics by vectorised numpy."""
    rng = np.random.Generator(np.random.PCG64(seed))
    invest = rng.triangular(800_000.0, 1_000_000.0, 1_500_000.0, n)
    lo, mode, hi = 120_000.0, 180_000.0, 260_000.0
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    benefit = lo + (hi - lo) * rng.beta(a, b, n)
    v = 1.0 / (1.0 + rng.normal(0.08, 0.02, n))
    annuity = v * (1.0 - v**10) / (1.0 - v)  # sum_{k=1..10} v^k
    npv = benefit * annuity - invest
    p5, p50, p95 = np.percentile(npv, [5, 50, 95])
    return {
        "mean": float(npv.mean()),
        "sd": float(npv.std(ddof=1)),
        "probability_negative": float((npv < 0).mean()),
        "p5": float(p5),
        "p50": float(p50),
        "p95": float(p95),
        "_npv": npv,  # type: ignore[dict-item]
    }


def standard_errors(npv: np.ndarray) -> Dict[str, float]:
    """Standard error of each statistic for one sample of len(npv), from the sample."""
    n = len(npv)
    sd = npv.std(ddof=1)
    kurtosis = float(np.mean(((npv - npv.mean()) / sd) ** 4))
    p = float((npv < 0).mean())
    out = {
        "mean": sd / math.sqrt(n),
        "sd": sd * math.sqrt(max(kurtosis - 1.0, 0.0) / (4 * n)),
        "probability_negative": math.sqrt(p * (1 - p) / n),
    }
    h = 0.05 * sd
    for name, q in (("p5", 5), ("p50", 50), ("p95", 95)):
        x = np.percentile(npv, q)
        density = float(np.mean(np.abs(npv - x) <= h)) / (2 * h)
        out[name] = math.sqrt(q / 100 * (1 - q / 100) / n) / density
    return out


def reference_inputs(iterations: int) -> tuple:
    case = next(c for c in json.loads(CASES.read_text(encoding="utf-8"))["cases"] if c["id"] == "monte_carlo_reference_bits")
    spec = copy.deepcopy(case["args"]["spec"])
    spec.update(iterations=iterations, seed=SEED)
    return valuepm.Project.from_dict(case["args"]["project"]), spec


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    args = parser.parse_args(argv)
    samples = 3 if args.quick else 9
    n = ITERATIONS

    print(f"valuepm {valuepm.__version__}, numpy {np.__version__}, Python {platform.python_version()} on "
          f"{platform.machine()}, {os.cpu_count()} CPUs")
    print(f"{n:,} iterations; median of {samples} runs\n")

    project, spec = reference_inputs(n)
    one_thread = {**spec, "threads": 1}
    runs: Dict[str, Any] = {
        "numpy (vectorised)": lambda: numpy_run(n, SEED),
        "ValuePM, 1 thread": lambda: project.simulate(one_thread),
        f"ValuePM, default threads ({os.cpu_count()})": lambda: project.simulate(spec),
    }
    times = {name: median_seconds(call, samples=samples, min_sample=0.0) for name, call in runs.items()}
    numpy_stats = numpy_run(n, SEED)
    ours = project.simulate(spec)
    if ours != project.simulate(one_thread):
        print("MISMATCH: ValuePM's result depends on the thread count", file=sys.stderr)
        return 1

    base = times["numpy (vectorised)"]
    print("| run | median time | iterations/s | speed-up over numpy |")
    print("|---|---|---|---|")
    for name, t in times.items():
        print(f"| {name} | {fmt(t)} | {n / t / 1e6:.1f} M | {base / t:.1f}x |")

    se = standard_errors(numpy_stats.pop("_npv"))  # type: ignore[arg-type]
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["npv"]
    problems: List[str] = []
    print(f"\n| NPV statistic | numpy, {n:,} | ValuePM, {n:,} | difference | 5 s.e. of the difference | numpy, 10,000,000 (recorded) |")
    print("|---|---|---|---|---|---|")
    for stat in STATS:
        a, b = numpy_stats[stat], ours.npv[stat]
        allowed = SIGMAS * math.sqrt(2.0) * se[stat]
        ok = abs(a - b) <= allowed
        if not ok:
            problems.append(f"NPV {stat}: numpy {a:.6g} vs ValuePM {b:.6g} (allowed {allowed:.3g})")
        digits = ".4f" if stat == "probability_negative" else ",.0f"
        print(f"| {stat} | {a:{digits}} | {b:{digits}} | {b - a:{digits}}{'' if ok else ' MISMATCH'} | "
              f"{allowed:{digits}} | {reference[stat]:{digits}} |")
    for p in problems:
        print(f"MISMATCH: {p}", file=sys.stderr)
    if not problems:
        print(f"\nAll {len(STATS)} statistics agree within {SIGMAS:g} standard errors; "
              "ValuePM's result is identical on 1 and the default number of threads.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
