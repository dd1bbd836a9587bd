"""Heavy calls release the GIL.

The observable does not depend on timing ratios, so it holds on a loaded machine: while
one thread is inside a long Rust call, a second thread keeps running Python code. If the
call held the GIL, the second thread could not execute a single bytecode between the
call's start and end, so no tick of it could fall inside the call.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, List

import numpy as np
import pytest

import valuepm

TARGET_SECONDS = 0.4


def _flows(rows: int) -> np.ndarray:
    rng = np.random.default_rng(3)
    values = rng.uniform(50.0, 150.0, size=(rows, 10))
    values[:, 0] = -500.0
    return values


def _calibrated(make: Callable[[int], Callable[[], object]], start: int, limit: int) -> Callable[[], object]:
    """A call of the workload sized to take about TARGET_SECONDS."""
    size = start
    while True:
        call = make(size)
        began = time.perf_counter()
        call()
        took = time.perf_counter() - began
        if took >= TARGET_SECONDS or size >= limit:
            return call
        size = min(limit, int(size * max(2.0, 1.2 * TARGET_SECONDS / max(took, 1e-4))))


def _ticks_inside(call: Callable[[], object]) -> int:
    span: List[float] = []
    ticks: List[float] = []

    def worker() -> None:
        span.append(time.perf_counter())
        call()
        span.append(time.perf_counter())

    thread = threading.Thread(target=worker)
    thread.start()
    while thread.is_alive():
        ticks.append(time.perf_counter())
    thread.join()
    start, end = span
    margin = (end - start) * 0.1
    return sum(1 for t in ticks if start + margin < t < end - margin)


def _selection(n: int) -> valuepm.SelectionProblem:
    """A random two-constraint selection problem (each capacity 25% of its column's total)."""
    rng = np.random.default_rng(5)
    values, a, b = (rng.integers(1, 1001, size=n).astype(float) for _ in range(3))
    return valuepm.SelectionProblem({
        "projects": [f"p{i}" for i in range(n)],
        "values": values,
        "constraints": [
            {"name": "budget", "coefficients": a, "limit": float(a.sum() // 4)},
            {"name": "headcount", "coefficients": b, "limit": float(b.sum() // 4)},
        ],
    })


def _portfolio_simulation(n: int) -> Callable[[], object]:
    """A portfolio Monte Carlo of n iterations over three template projects."""
    entries = [
        {"project": valuepm.builtin_template(t).instantiate(f"p{i}", "P", "2026-01-01").to_dict()}
        for i, t in enumerate(["infrastructure", "software_development", "digital_transformation"])
    ]
    portfolio = valuepm.Portfolio.from_dict({
        "schema_version": 1, "id": "pf", "name": "PF", "currency": "EUR",
        "status_date": "2027-01-01", "discount_rate": 0.08, "projects": entries,
    })
    return lambda: portfolio.simulate({"iterations": n, "seed": 1, "threads": 1})


WORKLOADS = {
    "irr_batch": (lambda n: (lambda v=_flows(n): valuepm.irr_batch(v)), 20_000, 4_000_000),
    "xirr_batch": (
        lambda n: (lambda v=_flows(n), d=[f"2026-{m:02d}-01" for m in range(1, 11)]: valuepm.xirr_batch(v, d)),
        10_000,
        2_000_000,
    ),
    "evaluate_many": (
        lambda n: (
            lambda ps=[valuepm.builtin_template("infrastructure").instantiate(f"p{i}", "P", "2026-01-01") for i in range(n)]: valuepm.evaluate_many(ps, "2027-01-01")
        ),
        50,
        20_000,
    ),
    "selection_solve": (lambda n: (lambda p=_selection(n): p.solve()), 2_000, 50_000),
    "portfolio_simulate": (_portfolio_simulation, 2_000, 2_000_000),
}


@pytest.mark.parametrize("name", sorted(WORKLOADS))
def test_a_second_thread_runs_python_during_the_call(name: str) -> None:
    make, start, limit = WORKLOADS[name]
    call = _calibrated(make, start, limit)
    assert _ticks_inside(call) > 0, f"{name} held the GIL for its whole run"


def test_two_threads_compute_in_parallel_with_the_same_results() -> None:
    values = [_flows(50_000), _flows(50_000) * 1.5]
    serial = [valuepm.irr_batch(v) for v in values]
    results: List[np.ndarray] = [np.empty(0), np.empty(0)]

    def work(i: int) -> None:
        results[i] = valuepm.irr_batch(values[i])

    wall, cpu = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for got, expected in zip(results, serial):
        assert np.array_equal(got, expected)
    # Informational only (the machine may be busy): above 1 means both cores worked at once.
    print(f"two threads: wall {wall:.3f}s, cpu {cpu:.3f}s, cpu/wall {cpu / wall:.2f}")
