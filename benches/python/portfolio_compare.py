"""ValuePM's project selection vs OR-Tools CP-SAT and PuLP/CBC, side by side in one process.

The instances are those of the Rust bench `benches/benches/portfolio.rs`: n projects
with values and two costs uniformly random integers in 1..1000 from the bench's 64-bit
LCG (`state = state * 6364136223846793005 + 1442695040888963407 mod 2^64`, a draw is
`(state >> 33) % 1000 + 1`; every value first, then every cost of column a, then of
column b; seed 42 for each size), each capacity `floor(0.25 * column total)`. Each
instance is solved to proven optimality by

- ValuePM: `valuepm.SelectionProblem(document).solve()` (exact branch and bound, one thread);
- OR-Tools CP-SAT: Boolean variables, two linear constraints, maximise (CP-SAT's default
  workers: every core);
- PuLP with its bundled CBC (`PULP_CBC_CMD`, gaps 0, one thread; the time includes
  PuLP writing the model file and CBC reading it, as every PuLP user pays).

Times are the median of the samples of the solve call alone (each model is built
beforehand). The script fails (exit 1) unless every solver proves optimality and the
three optima are equal.

Run (release wheel installed, e.g. by `bash bindings/python/test.sh`):
    python benches/python/portfolio_compare.py [--quick] [--samples N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from typing import Callable, List, Sequence, Tuple

import pulp
from ortools.sat.python import cp_model

import valuepm
from compare import fmt

MASK = (1 << 64) - 1
SEED = 42
TIME_LIMIT = 600.0  # seconds per solve for the other solvers: a safety net, not a setting


def instance(n: int, seed: int = SEED) -> Tuple[List[int], List[int], List[int], int, int]:
    """(values, a, b, limit a, limit b): the Rust bench's instance of `n` projects."""
    state = seed

    def draw() -> int:
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return ((state >> 33) % 1000) + 1

    values = [draw() for _ in range(n)]
    a = [draw() for _ in range(n)]
    b = [draw() for _ in range(n)]
    # floor(0.25 * sum): the sums are whole, so integer division is exact.
    return values, a, b, sum(a) // 4, sum(b) // 4


def valuepm_problem(values: List[int], a: List[int], b: List[int], la: int, lb: int) -> valuepm.SelectionProblem:
    return valuepm.SelectionProblem({
        "projects": [f"p{i}" for i in range(len(values))],
        "values": [float(v) for v in values],
        "constraints": [
            {"name": "budget", "coefficients": [float(x) for x in a], "limit": float(la)},
            {"name": "headcount", "coefficients": [float(x) for x in b], "limit": float(lb)},
        ],
    })


def solve_valuepm(problem: valuepm.SelectionProblem) -> Tuple[float, str]:
    s = problem.solve()
    return s["objective"], s["status"]


def cpsat_model(values: List[int], a: List[int], b: List[int], la: int, lb: int) -> cp_model.CpModel:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(values))]
    model.add(sum(c * v for c, v in zip(a, x)) <= la)
    model.add(sum(c * v for c, v in zip(b, x)) <= lb)
    model.maximize(sum(c * v for c, v in zip(values, x)))
    return model


def solve_cpsat(model: cp_model.CpModel) -> Tuple[float, str]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = TIME_LIMIT
    status = solver.solve(model)
    return solver.objective_value, solver.status_name(status).lower()


def pulp_model(values: List[int], a: List[int], b: List[int], la: int, lb: int) -> pulp.LpProblem:
    model = pulp.LpProblem("selection", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{i}", cat=pulp.LpBinary) for i in range(len(values))]
    model += pulp.lpSum(c * v for c, v in zip(values, x))
    model += pulp.lpSum(c * v for c, v in zip(a, x)) <= la, "budget"
    model += pulp.lpSum(c * v for c, v in zip(b, x)) <= lb, "headcount"
    return model


def solve_cbc(model: pulp.LpProblem) -> Tuple[float, str]:
    solver = pulp.PULP_CBC_CMD(msg=False, gapRel=0.0, gapAbs=0.0, threads=1, timeLimit=TIME_LIMIT)
    status = model.solve(solver)
    # PuLP says "Optimal" also when a time limit stopped CBC with a solution: check CBC's own status.
    proven = status == pulp.LpStatusOptimal and model.sol_status == pulp.LpSolutionOptimal
    return float(pulp.value(model.objective)), "optimal" if proven else f"{pulp.LpStatus[status]} ({model.sol_status})"


def median_time(call: Callable[[], Tuple[float, str]], samples: int) -> Tuple[float, float, str]:
    """(median seconds, objective, status) over `samples` calls."""
    times, result = [], (0.0, "")
    for _ in range(samples):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result[0], result[1]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 and 1,000 projects, one sample (a smoke run)")
    parser.add_argument("--samples", type=int, default=None, help="samples per solver and size (default 3; quick 1)")
    args = parser.parse_args(argv)
    sizes = (200, 1_000) if args.quick else (1_000, 10_000)
    samples = args.samples or (1 if args.quick else 3)

    print(f"valuepm {valuepm.__version__}, OR-Tools {__import__('ortools').__version__}, PuLP {pulp.__version__} "
          f"(CBC bundled), Python {platform.python_version()} on {platform.machine()}")
    print(f"two constraints at 25% of their column totals, seed {SEED}; median of {samples} solve(s)\n")

    table = []
    problems: List[str] = []
    for n in sizes:
        data = instance(n)
        results = {}
        for name, build, solve in (
            ("ValuePM", valuepm_problem, solve_valuepm),
            ("CP-SAT", cpsat_model, solve_cpsat),
            ("CBC", pulp_model, solve_cbc),
        ):
            model = build(*data)
            results[name] = median_time(lambda: solve(model), samples)  # noqa: B023 (called at once)
            print(f"  {n:,} projects, {name}: {fmt(results[name][0])}, optimum {results[name][1]:.0f}, "
                  f"{results[name][2]}", file=sys.stderr, flush=True)
            if results[name][2] != "optimal":
                problems.append(f"{n} projects: {name} did not prove optimality ({results[name][2]})")
        optima = {name: r[1] for name, r in results.items()}
        if len(set(round(v, 6) for v in optima.values())) != 1:
            problems.append(f"{n} projects: optima differ: {optima}")
        t_ours, t_cpsat, t_cbc = results["ValuePM"][0], results["CP-SAT"][0], results["CBC"][0]
        table.append((
            f"{n:,}", f"{optima['ValuePM']:.0f}", fmt(t_ours), fmt(t_cpsat), fmt(t_cbc),
            f"{t_cpsat / t_ours:.1f}x", f"{t_cbc / t_ours:.1f}x",
        ))

    headers = ("projects", "optimum (all three)", "ValuePM", "CP-SAT", "CBC (PuLP)", "CP-SAT/ValuePM", "CBC/ValuePM")
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")
    for p in problems:
        print(f"MISMATCH: {p}", file=sys.stderr)
    if not problems:
        print(f"\nAll three solvers proved the same optimum at every size ({', '.join(f'{n:,}' for n in sizes)} projects).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
