#!/usr/bin/env python3
"""Writes conformance/portfolio.json: portfolio roll-ups, weighted scores, AHP weights and
constrained selection.

Expected values are computed here, independently of the Rust code under test:
- roll-ups with exact decimal arithmetic and closed-form discounting;
- AHP weights by power iteration in plain Python (numpy's `linalg.eig` gives the same
  eigenvector to 1e-12: see valuepm-core/tests/portfolio.rs);
- selections by enumerating every subset (brute force), so the optimum is certain.

    python3 conformance/tools/make_portfolio_cases.py
"""
import itertools
import json
import math
from decimal import Decimal, ROUND_HALF_EVEN
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "portfolio.json"
HIGHS = Path(__file__).resolve().parents[2] / "valuepm-core" / "tests" / "data" / "selection_reference.json"


def eur(a):
    return {"amount": str(a), "currency": "EUR"}


def usd(a):
    return {"amount": str(a), "currency": "USD"}


def cents(x):
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


PORTFOLIO = {
    "schema_version": 1, "id": "pf", "name": "Portfolio", "currency": "EUR", "status_date": "2026-06-30",
    "discount_rate": 0.08,
    "exchange_rates": {"rates": [{"from": "USD", "to": "EUR", "rate": "0.9"}]},
    "projects": [
        {"category": "growth", "scores": {"strategic_fit": 3}, "resources": {"headcount": 5},
         "project": {"schema_version": 1, "id": "a", "name": "A", "owner": "ops", "currency": "EUR",
                     "start_date": "2026-01-01", "end_date": "2029-12-31", "discount_rate": 0.1,
                     "line_items": [
                         {"id": "plant", "name": "Plant", "kind": "capex",
                          "plan": {"type": "one_off", "date": "2026-01-01", "amount": eur(100000)},
                          "actuals": [{"date": "2026-01-15", "amount": eur(90000)}]},
                         {"id": "savings", "name": "Savings", "kind": "cost_saving",
                          "plan": {"type": "recurring", "frequency": "yearly", "start": "2027-01-01",
                                   "end": "2029-01-01", "amount": eur(40000)}}],
                     "metrics": [{"id": "effort", "name": "Effort", "unit": "h", "direction": "lower_is_better",
                                  "baseline": {"value": 10, "date": "2026-01-01"},
                                  "target": {"value": 4, "date": "2027-01-01"}, "monetisation": eur(1000)}],
                     "risks": []}},
        {"scores": {"strategic_fit": 1}, "resources": {"headcount": 2},
         "project": {"schema_version": 1, "id": "b", "name": "B", "currency": "USD",
                     "start_date": "2026-01-01", "end_date": "2027-12-31", "discount_rate": 0.05,
                     "line_items": [
                         {"id": "run", "name": "Run", "kind": "opex",
                          "plan": {"type": "recurring", "frequency": "quarterly", "start": "2026-01-01",
                                   "end": "2026-10-01", "amount": usd(10000)}},
                         {"id": "sale", "name": "Sale", "kind": "revenue",
                          "plan": {"type": "one_off", "date": "2027-06-01", "amount": usd(60000)}}],
                     "metrics": [],
                     "risks": [{"id": "r", "description": "Churn", "probability": 0.5, "cost_impact": usd(10000),
                                "mitigation_cost": usd(0)}]}},
    ],
}


def roll_up_cases():
    # Project NPVs at their own rates (30E/360 year fractions), rounded to the cent in the
    # project's currency, then converted exactly.
    npv_a = cents(Decimal(-100000) + sum(Decimal(40000) / Decimal("1.1") ** k for k in (1, 2, 3)))
    b = (-10000 * (1 + 1.05 ** -0.25 + 1.05 ** -0.5 + 1.05 ** -0.75) + 60000 * 1.05 ** (-17 / 12))
    npv_b = cents(Decimal(repr(b))) * Decimal("0.9")
    v = lambda t: 1.08 ** -t
    combined = (-100000 - 9000 * (1 + v(0.25) + v(0.5) + v(0.75)) + 40000 * (v(1) + v(2) + v(3))
                + 54000 * v(17 / 12))
    fields = {
        "total.projects": 2,
        "total.planned_cost.amount": "136000", "total.planned_benefit.amount": "174000",
        "total.planned_cost_to_date.amount": "118000", "total.actual_cost_to_date.amount": "90000",
        "total.npv.amount": str(npv_a + npv_b),
        "by_category.growth.projects": 1, "by_category.none.projects": 1, "by_owner.ops.projects": 1,
        "by_state.proposed.projects": 2,
        "periods[0].start": "2026-01-01", "periods[0].end": "2026-12-31",
        "periods[0].planned_cost.amount": "136000", "periods[0].actual_cost.amount": "90000",
        "periods[1].planned_benefit.amount": "94000", "periods[3].planned_benefit.amount": "40000",
        "npv": combined, "roi": 38000 / 136000, "payback_years": 2.05,
        "value_promised.amount": "6000", "gross_emv.amount": "4500", "by_owner.none.net_emv.amount": "4500",
        "kpi_status.no_data": 1,
    }
    return [{
        "id": "roll_up_two_currencies", "op": "portfolio.roll_up", "args": {"portfolio": PORTFOLIO, "period": "year"},
        "expect": {"fields": fields}, "tolerance": {"rel": 1e-9, "abs": 1e-9},
        "source": "exact decimal sums and conversion (1 USD = 0.9 EUR); project NPVs and the combined NPV at 8% in closed form on 30E/360 year fractions; payback by hand from the net per project year (year 2: −2,000 left, year 3: +40,000 → 2.05)",
        "note": "A (EUR, 10%) and B (USD, 5%, a 50% × 10,000 USD risk), yearly periods",
    }, {
        "id": "roll_up_missing_rate", "op": "portfolio.roll_up",
        "args": {"portfolio": {**PORTFOLIO, "exchange_rates": {"rates": []}}, "period": "year"},
        "expect": {"error": "missing_exchange_rate"}, "source": "currencies are never converted implicitly",
        "note": "B is in USD and the portfolio has no USD rate",
    }]


def analysis_cases():
    npv_a = cents(Decimal(-100000) + sum(Decimal(40000) / Decimal("1.1") ** k for k in (1, 2, 3)))
    b = (-10000 * (1 + 1.05 ** -0.25 + 1.05 ** -0.5 + 1.05 ** -0.75) + 60000 * 1.05 ** (-17 / 12))
    total_npv = float(npv_a + cents(Decimal(repr(b))) * Decimal("0.9"))
    progress = {"a": [{"line_item_id": "plant", "percent_complete": 0.8}],
                "b": [{"line_item_id": "run", "percent_complete": 0.5}]}
    eac = cents(Decimal(136000) * Decimal(90) / Decimal(98))
    ev = {"bac.amount": "136000", "pv.amount": "118000", "ev.amount": "98000", "ac.amount": "90000",
          "sv.amount": "-20000", "cv.amount": "8000", "spi": 98 / 118, "cpi": 98 / 90, "eac.amount": str(eac),
          "eac_atypical.amount": "128000", "tcpi_bac": 38000 / 46000}
    spec = {"iterations": 40000, "seed": 5}
    return [
        {"id": "earned_value_roll_up", "op": "portfolio.earned_value", "args": {"portfolio": PORTFOLIO, "progress": progress},
         "expect": {"fields": ev}, "tolerance": {"rel": 1e-12, "abs": 1e-12},
         "source": "by hand at 2026-06-30: A BAC = PV = 100,000, EV 80%, AC 90,000; B BAC 40,000 USD, PV 20,000 USD, EV 50%; × 0.9; indices from the sums (PMBOK formulas)",
         "note": "EAC = BAC / CPI rounded to the cent"},
        {"id": "portfolio_simulation_mean", "op": "portfolio.simulate", "args": {"portfolio": PORTFOLIO, "spec": spec},
         "expect": {"fields": {"npv.mean": total_npv - 4500}}, "tolerance": {"abs": 100.0},
         "source": "closed form: only B's risk varies, a Bernoulli(0.5) loss of 10,000 USD (9,000 EUR) on its start date; 40,000 iterations give a standard error of 22.5",
         "note": "Σ project NPVs less the expected loss"},
        {"id": "portfolio_simulation_sd", "op": "portfolio.simulate", "args": {"portfolio": PORTFOLIO, "spec": spec},
         "expect": {"fields": {"npv.sd": 4500.0}}, "tolerance": {"abs": 60.0},
         "source": "closed form: sd of 9,000 × Bernoulli(0.5) = 4,500", "note": ""},
        {"id": "risk_return_frontier", "op": "portfolio.risk_return",
         "args": {"portfolio": PORTFOLIO, "spec": {"budgets": [{"limit": eur(200000)}]}, "scales": [0.0, 1.0],
                  "simulation": {"iterations": 20000, "seed": 9}},
         "expect": {"fields": {"[0].selected": [], "[0].npv_sd": 0.0, "[1].selected": ["b"]}},
         "source": "A's expected NPV is negative, B's positive and within the budget", "note": ""},
    ]


def power_iteration(m):
    n = len(m)
    w = [math.exp(sum(math.log(x) for x in row) / n) for row in m]
    s = sum(w)
    w = [x / s for x in w]
    lam = 0.0
    for _ in range(10000):
        nxt = [sum(a * x for a, x in zip(row, w)) for row in m]
        lam = sum(nxt)
        nxt = [x / lam for x in nxt]
        if max(abs(a - b) for a, b in zip(nxt, w)) < 1e-16:
            w = nxt
            break
        w = nxt
    return w, lam


RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]


def ahp_cases():
    cases = []
    examples = [
        ("ahp_classic_three", [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], "the classic 3 × 3 judgement matrix"),
        ("ahp_four_drivers", [[1, 2, 4, 3], [1 / 2, 1, 3, 2], [1 / 4, 1 / 3, 1, 1 / 2], [1 / 3, 1 / 2, 2, 1]],
         "four business drivers, nearly consistent"),
        ("ahp_inconsistent", [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], "contradictory judgements (A ≫ B ≫ C ≫ A)"),
    ]
    for cid, m, note in examples:
        w, lam = power_iteration(m)
        n = len(m)
        ci = (lam - n) / (n - 1)
        cr = ci / RI[n - 1]
        fields = {f"weights[{i}]": x for i, x in enumerate(w)}
        fields.update({"lambda_max": lam, "consistency_index": ci, "consistency_ratio": cr, "inconsistent": cr > 0.1})
        cases.append({"id": cid, "op": "portfolio.ahp_weights", "args": {"matrix": m}, "expect": {"fields": fields},
                      "tolerance": {"rel": 1e-9, "abs": 1e-12},
                      "source": "principal eigenvector by power iteration in plain Python; CR with Saaty's random index",
                      "note": note})
    cases.append({"id": "ahp_not_reciprocal", "op": "portfolio.ahp_weights", "args": {"matrix": [[1, 2], [2, 1]]},
                  "expect": {"error": "validation", "path": "matrix[1][0]"}, "source": "a[j][i] must be 1 / a[i][j]",
                  "note": "both entries 2"})
    return cases


def score_cases():
    criteria = [
        {"name": "npv", "weight": 3, "values": [100, 300, 200]},
        {"name": "risk", "weight": 1, "lower_is_better": True, "normalisation": "rank", "values": [5, 1, 3]},
        {"name": "urgency", "weight": 1, "normalisation": "z_score", "values": [1, 2, 6]},
    ]
    # By hand: min-max NPV 0, 1, 0.5; rank of −risk 0, 1, 0.5; z of urgency with the
    # population sd.
    mean = 3
    sd = math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 3)
    z = [(x - mean) / sd for x in (1, 2, 6)]
    totals = [(3 * a + b + c) / 5 for a, b, c in zip([0, 1, 0.5], [0, 1, 0.5], z)]
    ranks = [1 + sum(1 for t in totals if t > x) for x in totals]
    fields = {f"[{i}].total": t for i, t in enumerate(totals)}
    fields.update({f"[{i}].rank": r for i, r in enumerate(ranks)})
    return [{"id": "weighted_scores_three_criteria", "op": "portfolio.weighted_scores", "args": {"criteria": criteria},
             "expect": {"fields": fields}, "tolerance": {"rel": 1e-12, "abs": 1e-12},
             "source": "normalisations and weights worked by hand", "note": "min-max, rank and z-score criteria"}]


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def next(self, modulo):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        return (self.state >> 33) % modulo


def brute_force(p):
    n = len(p["projects"])
    idx = {pid: i for i, pid in enumerate(p["projects"])}
    best = None
    for mask in range(1 << n):
        on = [(mask >> i) & 1 == 1 for i in range(n)]
        if any(not on[idx[m]] for m in p.get("mandatory", [])) or any(on[idx[e]] for e in p.get("excluded", [])):
            continue
        if any(on[idx[d["project"]]] and not on[idx[d["requires"]]] for d in p.get("dependencies", [])):
            continue
        if any(sum(on[i] for i in {idx[x] for x in g["projects"]}) > 1 for g in p.get("exclusive_groups", [])):
            continue
        if any(sum(c["coefficients"][i] for i in range(n) if on[i]) > c["limit"] for c in p.get("constraints", [])):
            continue
        value = sum(p["values"][i] for i in range(n) if on[i])
        if best is None or value > best:
            best = value
    return best


def selection_cases():
    cases = []
    knapsack = {"projects": ["p0", "p1", "p2", "p3"], "values": [10, 8, 6, 4],
                "constraints": [{"name": "budget 2027", "coefficients": [5, 4, 3, 2], "limit": 9}]}
    cases.append({"id": "select_small_knapsack", "op": "selection.solve", "args": {"problem": knapsack},
                  "expect": {"fields": {"objective": 18, "status": "optimal", "capacities[0].used": 9}},
                  "source": "enumerated by hand: {p0, p1} and {p1, p2, p3} both reach 18",
                  "note": "a tie: either optimum is accepted, so only the value is checked"})
    for seed, n, rows in ((1, 12, 2), (2, 14, 3), (3, 13, 1)):
        g = Lcg(seed)
        ids = [f"p{i}" for i in range(n)]
        values = [g.next(1000) - 150 for _ in range(n)]
        constraints = []
        for k in range(rows):
            coefficients = [g.next(100) for _ in range(n)]
            constraints.append({"name": f"c{k}", "coefficients": coefficients, "limit": sum(coefficients) // 3})
        deps = [{"project": ids[i], "requires": ids[(i * 7 + 3) % n]} for i in range(0, n, 4) if (i * 7 + 3) % n != i]
        problem = {"projects": ids, "values": values, "constraints": constraints, "dependencies": deps,
                   "exclusive_groups": [{"name": "sites", "projects": [ids[1], ids[2], ids[5]]}],
                   "mandatory": [ids[n - 1]], "excluded": [ids[n - 2]]}
        best = brute_force(problem)
        cases.append({"id": f"select_enumerated_{seed}", "op": "selection.solve", "args": {"problem": problem},
                      "expect": {"fields": {"objective": best, "status": "optimal"}},
                      "source": f"brute force over all 2^{n} subsets in make_portfolio_cases.py",
                      "note": f"{n} projects, {rows} capacity rows, dependencies, an exclusive group, fixings"})
    over = dict(knapsack, mandatory=["p0", "p1", "p2"])
    cases.append({"id": "select_infeasible_budget", "op": "selection.solve", "args": {"problem": over},
                  "expect": {"error": "validation", "path": "constraints[0]"},
                  "source": "the mandatory projects need 12 of a limit of 9", "note": "the error names the budget"})
    conflict = dict(knapsack, mandatory=["p0"], excluded=["p3"],
                    dependencies=[{"project": "p0", "requires": "p3"}])
    cases.append({"id": "select_infeasible_dependency", "op": "selection.solve", "args": {"problem": conflict},
                  "expect": {"error": "validation", "path": "excluded[0]"},
                  "source": "p0 is mandatory and requires p3, which is excluded", "note": "names the chain"})
    group = dict(knapsack, mandatory=["p0", "p1"], exclusive_groups=[{"name": "sites", "projects": ["p0", "p1"]}])
    cases.append({"id": "select_infeasible_group", "op": "selection.solve", "args": {"problem": group},
                  "expect": {"error": "validation", "path": "exclusive_groups[0]"},
                  "source": "two mandatory members of one exclusive group", "note": ""})
    ref = json.loads(HIGHS.read_text())
    for case in ref["cases"]:
        if case["name"] in ("mixed_200", "ties_80"):
            cases.append({"id": f"select_highs_{case['name']}", "op": "selection.solve", "args": {"problem": case["problem"]},
                          "expect": {"fields": {"objective": case["optimum"], "status": "optimal"}},
                          "source": ref["source"], "note": f"optimum proven by HiGHS ({case['name']})"})
        elif case["name"] == "lcg_1000":
            g = Lcg(case["generator"]["seed"])
            n = case["generator"]["projects"]
            values = [g.next(1000) + 1 for _ in range(n)]
            a = [g.next(1000) + 1 for _ in range(n)]
            b = [g.next(1000) + 1 for _ in range(n)]
            problem = {"projects": [f"p{i}" for i in range(n)], "values": values,
                       "constraints": [{"name": "budget", "coefficients": a, "limit": sum(a) // 4},
                                       {"name": "headcount", "coefficients": b, "limit": sum(b) // 4}]}
            cases.append({"id": "select_highs_lcg_1000", "op": "selection.solve", "args": {"problem": problem},
                          "expect": {"fields": {"objective": case["optimum"], "status": "optimal"}},
                          "source": ref["source"],
                          "note": "the 1,000-project benchmark instance (benches/benches/portfolio.rs): two 25% constraints"})
    spec = {"objective": {"type": "npv"}, "budgets": [{"year": 2026, "limit": eur(120000)}],
            "resources": [{"resource": "headcount", "limit": 6}], "mandatory": ["a"]}
    cases.append({"id": "select_portfolio_mandatory", "op": "portfolio.select",
                  "args": {"portfolio": PORTFOLIO, "spec": spec},
                  "expect": {"fields": {"selected": ["a"], "explanations[1].reason": "no_capacity",
                                        "capacities[0].name": "budget 2026", "capacities[0].used": 100000}},
                  "source": "A's 2026 cost 100,000 plus B's 4 × 9,000 exceed 120,000", "note": "budget per year"})
    return cases


def main():
    cases = roll_up_cases() + analysis_cases() + score_cases() + ahp_cases() + selection_cases()
    doc = {"suite": "portfolio", "description": "Portfolio roll-ups, scoring, AHP and constrained selection",
           "source": "see each case (make_portfolio_cases.py)", "cases": cases}
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.name}: {len(cases)} cases")


if __name__ == "__main__":
    main()
