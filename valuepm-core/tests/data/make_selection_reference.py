#!/usr/bin/env python3
"""Records HiGHS' optimum (scipy.optimize.milp, gap 0) on a handful of project-selection
instances, as the independent reference of ValuePM's `portfolio` selection
(`valuepm-core/tests/selection_reference.rs`).

    python3 -m pip install "scipy>=1.11,<2" numpy
    python3 valuepm-core/tests/data/make_selection_reference.py

Instances:
  * `lcg_1000`, `lcg_10000`: the benchmark's class (benches/benches/portfolio.rs): values
    and two costs uniform integers 1..=1000 from a 64-bit LCG (Knuth's MMIX constants,
    seed 42, values first, then the first cost column, then the second), each capacity
    floor(25% of its column's total). Only the generator's parameters and the optimum are
    recorded; the test regenerates the data.
  * `mixed_200`: 200 projects, 3 capacity rows, 20 dependencies, 3 exclusive groups,
    2 mandatory and 3 excluded projects (numpy, seeded), recorded in full.
  * `ties_80`: 80 projects of equal value under two capacity rows (many optima).
  * `infeasible_mandatory`: mandatory projects that exceed a budget.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import Bounds, LinearConstraint, milp

MASK = (1 << 64) - 1


def lcg_instance(n, seed):
    state = seed

    def nxt():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return ((state >> 33) % 1000) + 1

    values = [nxt() for _ in range(n)]
    a = [nxt() for _ in range(n)]
    b = [nxt() for _ in range(n)]
    return {
        "projects": [f"p{i}" for i in range(n)],
        "values": values,
        "constraints": [
            {"name": "budget", "coefficients": a, "limit": (sum(a) * 25) // 100},
            {"name": "headcount", "coefficients": b, "limit": (sum(b) * 25) // 100},
        ],
    }


def mixed_instance():
    rng = np.random.default_rng(20250601)
    n = 200
    projects = [f"p{i}" for i in range(n)]
    values = [int(v) for v in rng.integers(1, 1001, n)]
    constraints = []
    for k, share in enumerate([0.3, 0.35, 0.4]):
        coefficients = [int(v) for v in rng.integers(0, 101, n)]
        constraints.append(
            {"name": f"c{k}", "coefficients": coefficients, "limit": int(sum(coefficients) * share)}
        )
    dependencies = []
    while len(dependencies) < 20:
        p, q = (int(v) for v in rng.integers(0, n, 2))
        pair = {"project": projects[p], "requires": projects[q]}
        if p != q and pair not in dependencies:
            dependencies.append(pair)
    # Mandatory projects and everything they require.
    mandatory = [projects[i] for i in (3, 17)]
    needed = set(mandatory)
    changed = True
    while changed:
        changed = False
        for d in dependencies:
            if d["project"] in needed and d["requires"] not in needed:
                needed.add(d["requires"])
                changed = True
    others = [p for p in projects if p not in needed]
    picks = [others[int(i)] for i in rng.permutation(len(others))]
    excluded = picks[:3]
    exclusive_groups = [
        {"name": f"g{g}", "projects": picks[3 + 4 * g : 7 + 4 * g]} for g in range(3)
    ]
    return {
        "projects": projects,
        "values": values,
        "constraints": constraints,
        "mandatory": mandatory,
        "excluded": excluded,
        "dependencies": dependencies,
        "exclusive_groups": exclusive_groups,
    }


def ties_instance():
    rng = np.random.default_rng(7)
    n = 80
    constraints = []
    for k in range(2):
        coefficients = [int(v) for v in rng.integers(1, 101, n)]
        constraints.append(
            {"name": f"c{k}", "coefficients": coefficients, "limit": int(sum(coefficients) * 0.3)}
        )
    return {
        "projects": [f"p{i}" for i in range(n)],
        "values": [10] * n,
        "constraints": constraints,
    }


def infeasible_instance():
    n = 10
    return {
        "projects": [f"p{i}" for i in range(n)],
        "values": [5, 9, 3, 7, 8, 2, 6, 4, 1, 10],
        "constraints": [
            {"name": "budget", "coefficients": [4, 6, 2, 5, 7, 1, 3, 8, 2, 5], "limit": 12}
        ],
        "mandatory": ["p1", "p4", "p7"],
    }


def solve(inst):
    """HiGHS' optimum and its selection (None when infeasible)."""
    n = len(inst["projects"])
    index = {p: i for i, p in enumerate(inst["projects"])}
    rows, lo, hi = [], [], []
    for c in inst["constraints"]:
        rows.append(np.array(c["coefficients"], dtype=float))
        lo.append(-np.inf)
        hi.append(float(c["limit"]))
    for d in inst.get("dependencies", []):
        r = np.zeros(n)
        r[index[d["project"]]] += 1.0
        r[index[d["requires"]]] -= 1.0
        rows.append(r)
        lo.append(-np.inf)
        hi.append(0.0)
    for g in inst.get("exclusive_groups", []):
        r = np.zeros(n)
        for p in set(g["projects"]):
            r[index[p]] = 1.0
        rows.append(r)
        lo.append(-np.inf)
        hi.append(1.0)
    lb, ub = np.zeros(n), np.ones(n)
    for p in inst.get("mandatory", []):
        lb[index[p]] = 1.0
    for p in inst.get("excluded", []):
        ub[index[p]] = 0.0
    c = -np.array(inst["values"], dtype=float)
    res = milp(
        c,
        constraints=LinearConstraint(np.array(rows), lo, hi),
        integrality=np.ones(n),
        bounds=Bounds(lb, ub),
        options={"mip_rel_gap": 0.0, "time_limit": 600.0},
    )
    if res.status == 2:
        return None, None
    assert res.status == 0, res.message
    x = np.round(res.x).astype(int)
    value = int(sum(v for v, xi in zip(inst["values"], x) if xi))
    # Integral data: optimal when no integer beats the objective within the dual bound.
    assert value == round(-res.fun), (value, res.fun)
    assert -res.mip_dual_bound < value + 1, (value, res.mip_dual_bound)
    for c_ in inst["constraints"]:
        assert sum(a for a, xi in zip(c_["coefficients"], x) if xi) <= c_["limit"]
    return value, [inst["projects"][i] for i in range(n) if x[i]]


def main():
    cases = []
    for name, n in [("lcg_1000", 1000), ("lcg_10000", 10000)]:
        t = time.perf_counter()
        value, _ = solve(lcg_instance(n, 42))
        print(f"{name}: optimum {value} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        cases.append({"name": name, "generator": {"kind": "lcg", "projects": n, "seed": 42}, "optimum": value})
    for name, inst in [
        ("mixed_200", mixed_instance()),
        ("ties_80", ties_instance()),
        ("infeasible_mandatory", infeasible_instance()),
    ]:
        t = time.perf_counter()
        value, selected = solve(inst)
        print(f"{name}: optimum {value} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        case = {"name": name, "problem": inst, "optimum": value}
        if selected is not None:
            case["highs_selection"] = selected
        cases.append(case)
    out = {
        "source": f"scipy {scipy.__version__} optimize.milp (HiGHS), mip_rel_gap = 0; "
        "valuepm-core/tests/data/make_selection_reference.py",
        "cases": cases,
    }
    path = Path(__file__).with_name("selection_reference.json")
    text = json.dumps(out, separators=(",", ":"))
    # One case per line keeps diffs readable.
    text = text.replace('{"name"', '\n{"name"')
    path.write_text(text + "\n")


if __name__ == "__main__":
    main()
