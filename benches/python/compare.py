"""ValuePM vs pyxirr vs numpy-financial, side by side in one process.

Every library gets the same inputs; results are checked equal within a tolerance before
anything is timed (the script exits non-zero on a mismatch). Prints a table of median
times per call and the ratios to ValuePM (> 1 means ValuePM is faster).

Run (release wheel installed, e.g. by `bash bindings/python/test.sh`):
    python benches/python/compare.py [--quick]

The allocator is primed before each timing (a few million floats made and freed): pyxirr's
time for a million flows depends on the state of Python's allocator (about 2.5 ms warm,
12-13 ms in a fresh process); the table shows the warm figure, the conservative one for
ValuePM.

Conventions differ: pyxirr's and numpy-financial's NPV put the first flow at t = 0, so
ValuePM is called as `npv(rate, values, t0=True)` there; pyxirr's XIRR takes
`(dates, amounts)`. numpy-financial has no XIRR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import numpy_financial as npf
import pyxirr

import valuepm

Call = Callable[[], Any]


def median_seconds(call: Call, *, samples: int, min_sample: float) -> float:
    """Median wall time of one call: each sample loops enough calls to last `min_sample`."""
    call()
    loops = 1
    while True:
        began = time.perf_counter()
        for _ in range(loops):
            call()
        took = time.perf_counter() - began
        if took >= min_sample or loops >= 1 << 20:
            break
        loops *= 2 if took <= 0 else max(2, min(100, int(min_sample / took) + 1))
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        for _ in range(loops):
            call()
        times.append((time.perf_counter() - began) / loops)
    return statistics.median(times)


def prime_allocator() -> None:
    """Makes and frees a few million float objects, so that a library that allocates an
    object per input value is timed with a warm allocator (see the module doc)."""
    junk = [float(i) for i in range(4_000_000)]
    del junk


def close(a: Any, b: Any, rel: float) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= rel * np.maximum(1.0, np.abs(b))))


def fmt(seconds: Optional[float]) -> str:
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def ratio(other: Optional[float], ours: float) -> str:
    return "—" if other is None else f"{other / ours:.1f}x"


# -- inputs --------------------------------------------------------------------------


def periodic(n: int, irr: float, seed: int) -> List[float]:
    """An investment followed by n - 1 inflows of 500 to 1500, the investment set so the
    periodic IRR is `irr` (the inputs of the core's criterion bench, `benches/benches/finance.rs`)."""
    values = np.random.default_rng(seed).uniform(500.0, 1500.0, n)
    values[0] = 0.0
    values[0] = -valuepm.npv_t0(irr, values)
    return [float(x) for x in values]


def dated(n: int, years: int, irr: float, seed: int) -> Tuple[List[float], List[dt.date]]:
    """n flows spread over `years` years from 2020-01-01 (several a day when n is large),
    the first an investment set so the XIRR is `irr` (as the core's criterion bench)."""
    start, span = dt.date(2020, 1, 1), years * 365
    dates = [start + dt.timedelta(days=i * span // n) for i in range(n)]
    values = np.random.default_rng(seed).uniform(50.0, 150.0, n)
    values[0] = 0.0
    values[0] = -valuepm.xnpv(irr, values, dates)
    return [float(x) for x in values], dates


def cases(quick: bool) -> List[Tuple[str, Dict[str, Optional[Call]], Optional[str], float]]:
    """(name, {library: call}, goal, tolerance)."""
    out: List[Tuple[str, Dict[str, Optional[Call]], Optional[str], float]] = []

    for n, rate in ((10, 0.05), (1_000, 0.001), (1_000_000, 0.0008)):
        values: Any = periodic(n, rate * 1.25, n)
        if n >= 1_000_000:
            values = np.asarray(values)  # a million flows arrive as an array
        out.append((
            f"NPV, {n:,} flows" + (" (float64 array)" if n >= 1_000_000 else " (list)"),
            {
                "valuepm": lambda v=values, r=rate: valuepm.npv(r, v, t0=True),
                "pyxirr": lambda v=values, r=rate: pyxirr.npv(r, v),
                "numpy-financial": lambda v=values, r=rate: npf.npv(r, v),
            },
            ">= 10x pyxirr" if n >= 1_000_000 else "no slower than pyxirr",
            1e-9,
        ))

    for n, irr, label in ((10, 0.18, "10 yearly"), (120, 0.012, "120 monthly")):
        values = periodic(n, irr, 3 + n)
        out.append((
            f"IRR, {label} flows",
            {
                "valuepm": lambda v=values: valuepm.irr(v),
                "pyxirr": lambda v=values: pyxirr.irr(v),
                "numpy-financial": lambda v=values: npf.irr(v),
            },
            "no slower than pyxirr",
            1e-7,
        ))

    for n, years in ((100, 8), (10_000, 10)):
        values, dates = dated(n, years, 0.25, 2)
        out.append((
            f"XIRR, {n:,} flows (lists of float, date)",
            {
                "valuepm": lambda v=values, d=dates: valuepm.xirr(v, d),
                "pyxirr": lambda v=values, d=dates: pyxirr.xirr(d, v),
                "numpy-financial": None,
            },
            "no slower than pyxirr" if n <= 100 else None,
            1e-7,
        ))
        array_values, array_dates = np.asarray(values), np.asarray(dates, dtype="datetime64[D]")
        out.append((
            f"XIRR, {n:,} flows (float64, datetime64[D] arrays)",
            {
                "valuepm": lambda v=array_values, d=array_dates: valuepm.xirr(v, d),
                "pyxirr": lambda v=array_values, d=array_dates: pyxirr.xirr(d, v),
                "numpy-financial": None,
            },
            None,
            1e-7,
        ))

    calls = 1_000 if quick else 10_000
    loop_inputs = [dated(20, 5, 0.05 + 0.3 * i / calls, 100 + i) for i in range(calls)]
    out.append((
        f"{calls:,} XIRR calls of 20 flows (Python loop)",
        {
            "valuepm": lambda: [valuepm.xirr(v, d) for v, d in loop_inputs],
            "pyxirr": lambda: [pyxirr.xirr(d, v) for v, d in loop_inputs],
            "numpy-financial": None,
        },
        "no slower than pyxirr",
        1e-7,
    ))

    projects = 1_000 if quick else 10_000
    matrix = np.array([periodic(10, 0.05 + 0.3 * i / projects, 5 + i) for i in range(projects)])
    rows = matrix.tolist()
    npf_rows = rows[: max(1, projects // 10)]  # numpy-financial is timed on a tenth, then scaled
    out.append((
        f"IRR of {projects:,} projects x 10 flows (ValuePM irr_batch; others looped)",
        {
            "valuepm": lambda: valuepm.irr_batch(matrix),
            "pyxirr": lambda: [pyxirr.irr(r) for r in rows],
            "numpy-financial": lambda: [npf.irr(r) for r in npf_rows],
        },
        ">= 5x pyxirr's loop",
        1e-7,
    ))
    return out


def check_equal(name: str, calls: Dict[str, Optional[Call]], tolerance: float) -> List[str]:
    reference = calls["valuepm"]()
    problems = []
    for library, call in calls.items():
        if call is None or library == "valuepm":
            continue
        result = call()
        expected = reference[: len(result)] if isinstance(result, list) and len(result) < len(reference) else reference
        if not close(result, expected, tolerance):
            problems.append(f"{name}: {library} differs from valuepm beyond {tolerance:g}")
    return problems


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples and smaller loops (a smoke run)")
    args = parser.parse_args(argv)
    samples, min_sample = (3, 0.02) if args.quick else (9, 0.2)

    print(f"valuepm {valuepm.__version__}, pyxirr {pyxirr.__version__}, numpy-financial {npf.__version__}, "
          f"numpy {np.__version__}, Python {platform.python_version()} on {platform.machine()}")
    print(f"median of {samples} samples, each >= {min_sample * 1e3:.0f} ms of calls\n")

    table = []
    problems: List[str] = []
    for name, calls, goal, tolerance in cases(args.quick):
        problems += check_equal(name, calls, tolerance)
        times: Dict[str, Optional[float]] = {}
        for library, call in calls.items():
            prime_allocator()
            times[library] = None if call is None else median_seconds(call, samples=samples, min_sample=min_sample)
        if "projects" in name and times["numpy-financial"] is not None:
            times["numpy-financial"] *= 10  # timed on a tenth of the projects
        ours = times["valuepm"] or math.inf
        verdict = ""
        if goal is not None and times["pyxirr"] is not None:
            need = 10.0 if "10x" in goal else 5.0 if "5x" in goal else 1.0
            verdict = ("met" if times["pyxirr"] / ours >= need else "MISSED") + f" ({goal})"
        table.append((name, fmt(times["valuepm"]), fmt(times["pyxirr"]), fmt(times["numpy-financial"]),
                      ratio(times["pyxirr"], ours), ratio(times["numpy-financial"], ours), verdict))

    headers = ("case", "ValuePM", "pyxirr", "numpy-financial", "pyxirr/ValuePM", "npf/ValuePM", "goal")
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    line = " | ".join
    print("| " + line(h.ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print("| " + line(str(c).ljust(w) for c, w in zip(row, widths)) + " |")
    for p in problems:
        print(f"MISMATCH: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
