#!/usr/bin/env python3
"""Writes the model conformance cases (projects, lifecycle, validation, money, templates).

Expected values are computed here, independently of the Rust code under test, from the
textbook formulas with exact arithmetic (Python's `fractions` and `decimal` at 50
digits); each case's `source` says how. Run from the repository root:

    python3 conformance/tools/make_model_cases.py
"""
import json
from datetime import date
from decimal import Decimal, getcontext, ROUND_HALF_EVEN
from fractions import Fraction
from pathlib import Path

getcontext().prec = 50
OUT = Path(__file__).resolve().parent.parent


def eur(amount):
    return {"amount": str(amount), "currency": "EUR"}


def project(pid, start, end, rate, items, metrics=(), risks=(), **extra):
    doc = {
        "schema_version": 1,
        "id": pid,
        "name": pid.replace("_", " ").title(),
        "currency": "EUR",
        "start_date": start,
        "end_date": end,
        "discount_rate": rate,
        "line_items": list(items),
        "metrics": list(metrics),
        "risks": list(risks),
    }
    doc.update(extra)
    return doc


def one_off(iid, kind, day, amount, actuals=()):
    return {"id": iid, "name": iid, "kind": kind, "plan": {"type": "one_off", "date": day, "amount": eur(amount)},
            "actuals": [{"date": d, "amount": eur(a)} for d, a in actuals]}


def recurring(iid, kind, freq, start, end, amount, escalation=None, actuals=()):
    plan = {"type": "recurring", "frequency": freq, "start": start, "end": end, "amount": eur(amount)}
    if escalation is not None:
        plan["escalation"] = str(escalation)
    return {"id": iid, "name": iid, "kind": kind, "plan": plan,
            "actuals": [{"date": d, "amount": eur(a)} for d, a in actuals]}


def money(x):
    """Rounds a Decimal to cents, half to even (the library's documented rule)."""
    return str(Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


def npv(rate, flows):
    """flows: [(t in years, amount)]; exact to 50 digits."""
    r = Decimal(str(rate))
    return sum(Decimal(a) / (1 + r) ** Decimal(t) for t, a in flows)


def irr(flows, lo=-0.99, hi=10.0):
    """Bisection to 50 digits on [lo, hi] (the flows used here have one sign change)."""
    lo, hi = Decimal(str(lo)), Decimal(str(hi))
    f_lo = npv(lo, flows)
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = npv(mid, flows)
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return float((lo + hi) / 2)


def payback(yearly_nets):
    """Textbook payback: year 0 at the start, year k flows spread evenly over year k."""
    cum = Fraction(0)
    result = Fraction(0)
    for k, net in enumerate(yearly_nets):
        before = cum
        cum += net
        if cum < 0:
            result = None
        elif before < 0:
            result = Fraction(0) if k == 0 else (k - 1) + (-before) / net
    return None if result is None else float(result)


def case(cid, op, args, expect, source, note, tol=None):
    c = {"id": cid, "op": op, "args": args, "expect": expect}
    if tol:
        c["tolerance"] = tol
    c["source"] = source
    c["note"] = note
    return c


REL = {"rel": 1e-9, "abs": 1e-12}


def evaluation_cases():
    cases = []
    # A: textbook annuity. -100000 at t0, 40000 at the end of years 1..3, 10%.
    doc = project("textbook_annuity", "2025-01-01", "2028-12-31", 0.10, [
        one_off("plant", "capex", "2025-01-01", "100000"),
        recurring("savings", "cost_saving", "yearly", "2026-01-01", "2028-12-31", "40000"),
    ])
    flows = [(0, -100000), (1, 40000), (2, 40000), (3, 40000)]
    pv_b = npv(0.10, flows[1:])
    cases.append(case("evaluate_textbook_annuity", "project.evaluate", {"project": doc, "as_of": "2025-06-30"}, {"fields": {
        "planned.cost.amount": "100000", "planned.benefit.amount": "120000", "planned.net.amount": "20000",
        "roi": 0.2,
        "annualised_roi": 1.2 ** 0.25 - 1,
        "npv.amount": money(pv_b - 100000),
        "present_value_benefits.amount": money(pv_b),
        "present_value_costs.amount": "100000.00",
        "irr": irr(flows),
        "payback_years": 2.5,
        "discounted_payback_years": None,
        "benefit_cost_ratio": float(pv_b / 100000),
        "profitability_index": float(pv_b / 100000),
    }}, "closed forms: NPV = -I + A(1-(1+r)^-n)/r = -100000 + 40000 x 2.486851991 = -525.92 "
        "(spreadsheet: =-100000+NPV(0.1;40000;40000;40000)); payback 2 + 20000/40000 = 2.5 years; "
        "IRR solves 40000 a(r,3) = 100000 (bisection at 50 digits); 30E/360 puts the yearly dates exactly 1, 2, 3 years out",
        "textbook single investment with an even annuity; negative NPV, so no discounted payback", REL))

    # B: uneven inflows, capex and labour at t0, 8%.
    doc = project("textbook_uneven", "2025-01-01", "2029-12-31", 0.08, [
        one_off("equipment", "capex", "2025-01-01", "8000"),
        one_off("setup", "labour", "2025-01-01", "2000"),
        one_off("y1", "revenue", "2026-01-01", "3000"),
        one_off("y2", "revenue", "2027-01-01", "4000"),
        one_off("y3", "revenue", "2028-01-01", "5000"),
        one_off("y4", "revenue", "2029-01-01", "6000"),
    ])
    flows = [(0, -10000), (1, 3000), (2, 4000), (3, 5000), (4, 6000)]
    pv_b = npv(0.08, flows[1:])
    disc = [Fraction(str(Decimal(a) / Decimal("1.08") ** t)) for t, a in flows]
    cases.append(case("evaluate_textbook_uneven", "project.evaluate", {"project": doc, "as_of": "2027-06-30"}, {"fields": {
        "planned.cost.amount": "10000", "planned.benefit.amount": "18000", "roi": 0.8,
        "annualised_roi": 1.8 ** 0.2 - 1,
        "npv.amount": money(pv_b - 10000),
        "irr": irr(flows),
        "payback_years": payback([Fraction(a) for _, a in flows]),
        "discounted_payback_years": payback(disc),
        "benefit_cost_ratio": float(pv_b / 10000),
        "profitability_index": float((pv_b - 10000 + 8000) / 8000),
        "planned_to_date.benefit.amount": "7000",
    }}, "worked by hand: cumulative -10000, -7000, -3000, +2000 gives payback 2 + 3000/5000 = 2.6 years; "
        "discounted at 8% the cumulative turns positive in year 3 (2 + 3792.87/3969.16); NPV = sum of "
        "flows/1.08^t; PI = (NPV + 8000)/8000 with capex 8000 as the initial investment; IRR by 50-digit bisection",
        "uneven inflows; BCR (all costs) differs from PI (capex only)", REL))

    # C: a monthly project with actuals and a KPI, evaluated mid-way.
    doc = project("monthly_with_actuals", "2025-01-01", "2025-12-31", 0.12, [
        recurring("team", "labour", "monthly", "2025-01-01", "2025-12-01", "10000",
                  actuals=[("2025-01-31", "10500.25"), ("2025-02-28", "9800.10"), ("2025-03-31", "10200.00"),
                           ("2025-04-30", "9999.99")]),
        recurring("savings", "cost_saving", "monthly", "2025-07-01", "2025-12-01", "15000"),
    ], metrics=[{
        "id": "adoption", "name": "Adoption", "unit": "%", "direction": "higher_is_better",
        "baseline": {"value": 10, "date": "2025-01-01"}, "target": {"value": 60, "date": "2025-12-31"},
        "monetisation": eur("1000"),
        "measurements": [{"date": "2025-02-15", "value": 18}, {"date": "2025-03-15", "value": 25},
                         {"date": "2025-04-15", "value": 40}],
    }])
    flows = [(Fraction(k, 12), -10000) for k in range(12)] + [(Fraction(k, 12), 15000) for k in range(6, 12)]
    actual_cost = Decimal("10500.25") + Decimal("9800.10") + Decimal("10200.00")
    forecast_cost = actual_cost + 9 * 10000
    cases.append(case("evaluate_monthly_actuals_kpi", "project.evaluate", {"project": doc, "as_of": "2025-03-31"}, {"fields": {
        "planned.cost.amount": "120000", "planned.benefit.amount": "90000", "planned.net.amount": "-30000",
        "planned_to_date.cost.amount": "30000",
        "actual_to_date.cost.amount": str(actual_cost),
        "actual_to_date.benefit.amount": "0",
        "cost_variance_to_date.amount": str(30000 - actual_cost),
        "forecast_at_completion.cost.amount": str(forecast_cost),
        "roi": -0.25,
        "forecast_roi": float((90000 - forecast_cost) / forecast_cost),
        "npv.amount": money(sum(Decimal(a) / Decimal("1.12") ** (Decimal(t.numerator) / Decimal(t.denominator))
                                for t, a in flows)),
        "payback_years": None,
        "irr": -0.75,
        "metrics[0].latest.value": 25.0,
        "metrics[0].progress": 0.3,
        "metrics[0].expected_progress": 89 / 364,
        "metrics[0].expected_value": 10 + 50 * 89 / 364,
        "metrics[0].status": "on_track",
        "metrics[0].value_realised.amount": "15000",
        "value_realised.amount": "15000",
    }}, "worked by hand: 3 planned monthly costs to date (30000) vs actuals 10500.25 + 9800.10 + 10200.00 = 30500.35 "
        "(the 30 April actual is after the date); forecast = actuals + 9 remaining x 10000; KPI latest 25 on 15 March, "
        "progress (25-10)/(60-10) = 0.3 against a glide path of 89/364 days = 0.2445 (on track); value realised "
        "15 points x 1000; net flows never turn positive, so no payback. The IRR is exactly -75%: with "
        "x = (1+r)^(-1/12) the NPV is (1 + x + ... + x^5)(-10000 + 5000 x^6), zero at x^6 = 2, i.e. (1+r)^(-1/2) = 2",
        "planned vs actual vs forecast, KPI glide path and value realised", REL))

    # D: cash-flow series by quarter for the same project.
    cases.append(case("cash_flow_series_quarterly", "project.cash_flow_series", {"project": doc, "period": "quarter"}, {"fields": {
        "rows[0].start": "2025-01-01", "rows[0].end": "2025-03-31",
        "rows[0].planned_cost.amount": "30000", "rows[0].actual_cost.amount": str(actual_cost),
        "rows[1].actual_cost.amount": "9999.99",
        "rows[2].planned_benefit.amount": "45000", "rows[2].planned_net.amount": "15000",
        "rows[3].cumulative_planned_net.amount": "-30000",
        "rows[3].end": "2025-12-31",
    }}, "worked by hand: three monthly amounts per quarter; Q3 holds 3 x 15000 benefits and 3 x 10000 costs",
        "calendar-quarter series, planned and actual, exact sums"))
    return cases


def lifecycle_cases():
    base = project("lifecycle", "2025-01-01", "2025-12-31", 0.05, [])
    t = lambda to, at, by="pmo", reason="": {"to": to, "at": at, "by": by, "reason": reason}
    chain = [t("approved", "2025-01-10T09:00:00Z", "board", "business case accepted"),
             t("active", "2025-02-01T09:00:00Z"), t("on_hold", "2025-05-01T09:00:00Z", reason="budget freeze"),
             t("active", "2025-06-01T09:00:00Z"), t("completed", "2025-12-20T17:00:00Z")]
    src = "the lifecycle table in docs/architecture.md (proposed -> approved/rejected/cancelled, ...)"
    return [
        case("lifecycle_full_path", "project.transition", {"project": base, "transitions": chain}, {"fields": {
            "state": "completed", "history[0].from": "proposed", "history[0].to": "approved",
            "history[0].by": "board", "history[2].reason": "budget freeze", "history[4].to": "completed"}},
            src, "every transition recorded with from, to, when, who and why"),
        case("lifecycle_skip_to_completed", "project.transition",
             {"project": base, "transitions": [t("completed", "2025-01-10T09:00:00Z")]},
             {"error": "invalid_transition"}, src, "proposed cannot jump to completed"),
        case("lifecycle_completed_is_final", "project.transition", {"project": base, "transitions": chain + [t("active", "2025-12-21T09:00:00Z")]},
             {"error": "invalid_transition"}, src, "completed is a final state"),
        case("lifecycle_needs_who", "project.transition",
             {"project": base, "transitions": [t("approved", "2025-01-10T09:00:00Z", by=" ")]},
             {"error": "validation", "path": "history[0].by"}, src, "a transition without who is refused whole"),
        case("lifecycle_rejected_resubmitted", "project.transition", {"project": base, "transitions": [
            t("rejected", "2025-01-10T09:00:00Z"), t("proposed", "2025-02-10T09:00:00Z", reason="revised case"),
            t("approved", "2025-03-10T09:00:00Z")]}, {"fields": {"state": "approved", "history[1].to": "proposed"}},
            src, "a rejected project may be resubmitted"),
    ]


def validation_cases():
    good = project("valid", "2025-01-01", "2025-12-31", 0.08, [one_off("a", "capex", "2025-01-01", "100")])

    def bad(cid, change, kind, path, note):
        doc = json.loads(json.dumps(good))
        change(doc)
        expect = {"error": kind}
        if path is not None:
            expect["path"] = path
        return case(cid, "project.load", {"project": doc}, expect, "the validation rules in docs/architecture.md", note)

    def setp(path, value):
        def f(doc):
            obj = doc
            for p in path[:-1]:
                obj = obj[p]
            obj[path[-1]] = value
        return f

    cases = [
        case("load_valid_project", "project.load", {"project": good}, {"fields": {"id": "valid", "line_items[0].kind": "capex"}},
             "the document itself", "a valid document loads"),
        bad("end_before_start", setp(["end_date"], "2024-12-31"), "validation", "end_date", "horizon ends before it starts"),
        bad("discount_rate_below_minus_one", setp(["discount_rate"], -1.5), "validation", "discount_rate", "rate must be above -1"),
        bad("negative_planned_amount", setp(["line_items", 0, "plan", "amount"], eur("-1")), "validation",
            "line_items[0].plan.amount", "planned amounts are magnitudes"),
        bad("line_item_other_currency", setp(["line_items", 0, "plan", "amount"], {"amount": "1", "currency": "USD"}),
            "currency_mismatch", "line_items[0].plan.amount", "every amount in the project's currency"),
        bad("unknown_currency_code", setp(["currency"], "XYZ"), "validation", "currency", "ISO 4217 codes only"),
        bad("invalid_date", setp(["start_date"], "2025-02-30"), "validation", "start_date", "no 30 February"),
        bad("unknown_field", setp(["colour"], "blue"), "validation", None, "typos are not ignored"),
        bad("missing_schema_version", lambda d: d.pop("schema_version"), "validation", "schema_version", "version required"),
        bad("future_schema_version", setp(["schema_version"], 99), "unsupported_schema_version", None, "newer documents are refused"),
        bad("plan_outside_horizon", setp(["line_items", 0, "plan", "date"], "2026-01-01"), "validation",
            "line_items[0].plan", "planned amounts fall within the horizon"),
        bad("duplicate_line_item_id", lambda d: d["line_items"].append(d["line_items"][0]), "validation",
            "line_items[1].id", "ids are unique"),
        bad("risk_probability_above_one", setp(["risks"], [{"id": "r", "description": "d", "probability": 1.2,
            "cost_impact": eur("1"), "mitigation_cost": eur("0")}]), "validation", "risks[0].probability", "a probability is 0..1"),
        bad("metric_target_wrong_side", setp(["metrics"], [{"id": "m", "name": "Lead time", "unit": "days",
            "direction": "lower_is_better", "baseline": {"value": 10, "date": "2025-01-01"},
            "target": {"value": 12, "date": "2025-12-31"}}]), "validation", "metrics[0].target.value",
            "a lower-is-better target below the baseline"),
        bad("unknown_lifecycle_state", setp(["state"], "done"), "validation", "state", "states are a closed set"),
        bad("state_without_history", setp(["state"], "active"), "validation", "state", "the state must follow from the history"),
        case("malformed_json", "project.load", {"project": "{\"schema_version\": 1, \"id\": "}, {"error": "parse"},
             "JSON syntax", "a document that is not JSON"),
    ]
    return cases


def money_cases():
    src = "decimal arithmetic by hand"
    return [
        case("money_sum_exact", "money.sum", {"currency": "EUR", "amounts": [eur("0.1"), eur("0.2")]},
             {"value": eur("0.3")}, src, "0.1 + 0.2 is exactly 0.3 in decimal"),
        case("money_sum_many_cents", "money.sum", {"currency": "EUR", "amounts": [eur("0.01")] * 1000},
             {"value": eur("10.00")}, src, "a thousand cents"),
        case("money_sum_mixed_currency", "money.sum", {"currency": "EUR", "amounts": [eur("1"), {"amount": "1", "currency": "USD"}]},
             {"error": "currency_mismatch"}, src, "no silent mixing"),
        case("money_round_half_even_down", "money.round", {"money": eur("2.345")}, {"value": eur("2.34")}, src, "half to even"),
        case("money_round_half_even_up", "money.round", {"money": eur("2.355")}, {"value": eur("2.36")}, src, "half to even"),
        case("money_round_negative", "money.round", {"money": eur("-2.345")}, {"value": eur("-2.34")}, src, "symmetric"),
        case("money_round_jpy", "money.round", {"money": {"amount": "1234.5", "currency": "JPY"}},
             {"value": {"amount": "1234", "currency": "JPY"}}, "ISO 4217: JPY has no minor unit", "zero decimals"),
        case("money_round_kwd", "money.round", {"money": {"amount": "1.23456", "currency": "KWD"}},
             {"value": {"amount": "1.235", "currency": "KWD"}}, "ISO 4217: KWD has 3 decimals", "three decimals"),
        case("money_unknown_currency", "money.round", {"money": {"amount": "1", "currency": "XYZ"}},
             {"error": "validation", "path": "money.currency"}, "ISO 4217", "unknown code"),
        case("money_convert_direct", "money.convert", {"money": eur("100"), "to": "USD",
             "rates": {"rates": [{"from": "EUR", "to": "USD", "rate": "1.25"}]}}, {"value": {"amount": "125", "currency": "USD"}},
             src, "100 x 1.25"),
        case("money_convert_inverse", "money.convert", {"money": {"amount": "125", "currency": "USD"}, "to": "EUR",
             "rates": {"rates": [{"from": "EUR", "to": "USD", "rate": "1.25"}]}}, {"value": eur("100")}, src, "125 / 1.25"),
        case("money_convert_missing_rate", "money.convert", {"money": eur("100"), "to": "GBP",
             "rates": {"rates": [{"from": "EUR", "to": "USD", "rate": "1.25"}]}}, {"error": "missing_exchange_rate"},
             src, "no triangulation"),
    ]


def months_after(start, m):
    y, mo = divmod(start.month - 1 + m, 12)
    return date(start.year + y, mo + 1, 1)


def template_totals(path, horizon_years, scale=Decimal(1)):
    """Planned cost and benefit totals of a template instantiated on a 1st of a month."""
    t = json.loads(Path(path).read_text())
    months = horizon_years * 12
    cost = benefit = Decimal(0)
    benefit_kinds = {"cost_saving", "revenue", "avoided_cost", "other_benefit"}
    for item in t["line_items"]:
        amount = (Decimal(item["amount"]) * scale).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        timing = item["timing"]
        if timing["type"] == "one_off":
            total = amount
        else:
            step = {"monthly": 1, "quarterly": 3, "yearly": 12}[timing["frequency"]]
            last = min(timing.get("end_month", months - 1), months - 1)
            esc = Decimal(timing.get("escalation", "0"))
            total = Decimal(0)
            for m in range(timing["start_month"], last + 1, step):
                years = (m - timing["start_month"]) // 12
                total += (amount * (1 + esc) ** years).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        if item["kind"] in benefit_kinds:
            benefit += total
        else:
            cost += total
    return cost, benefit


def template_cases():
    root = OUT.parent / "valuepm-core" / "src" / "template" / "builtin"
    cases = [case("template_list", "template.list", {}, {"value": ["infrastructure", "software_development", "digital_transformation"]},
                  "the three built-in templates", "built-ins in a stable order")]
    for tid in ["infrastructure", "software_development", "digital_transformation"]:
        t = json.loads((root / f"{tid}.json").read_text())
        cost, benefit = template_totals(root / f"{tid}.json", t["horizon_years"])
        end = months_after(date(2026, 1, 1), t["horizon_years"] * 12)
        end = date.fromordinal(end.toordinal() - 1)
        cases.append(case(f"template_evaluate_{tid}", "template.evaluate", {
            "template_id": tid, "options": {"id": f"p_{tid}", "name": t["name"], "start_date": "2026-01-01"},
            "as_of": "2026-01-01"}, {"fields": {
                "planned.cost.amount": str(cost), "planned.benefit.amount": str(benefit),
                "planned.net.amount": str(benefit - cost), "roi": float((benefit - cost) / cost),
                "metrics[0].status": "no_data"}},
            "sums worked from the template file: each recurring amount escalated per whole year since its first "
            "month and rounded to cents half to even, counted month by month over the horizon", f"{tid} business case totals", REL))
        cases.append(case(f"template_instantiate_{tid}", "template.instantiate", {
            "template_id": tid, "options": {"id": f"p_{tid}", "name": t["name"], "start_date": "2026-01-01"}},
            {"fields": {"end_date": end.isoformat(), "template_id": tid, "state": "proposed",
                        "discount_rate": t["default_discount_rate"], "currency": "EUR",
                        "metrics[0].baseline.date": "2026-01-01",
                        "metrics[0].target.date": months_after(date(2026, 1, 1), t["metrics"][0]["target_month"]).isoformat()}},
            "the template file: horizon in years from the start, KPI targets in months after the start", f"{tid} instantiates"))
    # Overrides: half the size, in USD, over two years (recurring items stop at the horizon).
    cost, benefit = template_totals(root / "software_development.json", 2, scale=Decimal("0.5"))
    cases.append(case("template_instantiate_overrides", "template.evaluate", {
        "template_id": "software_development",
        "options": {"id": "small", "name": "Small", "start_date": "2026-01-01", "currency": "USD", "scale": "0.5",
                    "horizon_years": 2, "discount_rate": 0.12, "tags": ["pilot"]},
        "as_of": "2026-01-01"}, {"fields": {"currency": "USD", "planned.cost.amount": str(cost),
                                            "planned.benefit.amount": str(benefit)}},
        "as template_evaluate_software_development, each base amount first scaled by 0.5 and rounded to cents, "
        "over 24 months", "currency, scale and horizon overrides", REL))
    bad = json.loads((root / "software_development.json").read_text())
    bad["horizon_years"] = 0
    cases.append(case("template_invalid_horizon", "template.load", {"template": bad}, {"error": "validation", "path": "horizon_years"},
                      "template validation rules", "a template file is user input"))
    bad = json.loads((root / "software_development.json").read_text())
    bad["line_items"][2]["amount"] = "-5"
    cases.append(case("template_negative_amount", "template.load", {"template": bad},
                      {"error": "validation", "path": "line_items[2].amount"}, "template validation rules", "amounts are magnitudes"))
    bad = json.loads((root / "software_development.json").read_text())
    bad["metrics"][0]["target"] = 20
    cases.append(case("template_metric_wrong_side", "template.load", {"template": bad},
                      {"error": "validation", "path": "metrics[0].target"}, "template validation rules", "lead time target above baseline"))
    cases.append(case("template_unknown_id", "template.instantiate", {"template_id": "rocket_science",
                      "options": {"id": "x", "name": "X", "start_date": "2026-01-01"}}, {"error": "not_found"},
                      "the built-in list", "no such template"))
    return cases


def earned_value_cases():
    cases = []
    # The fence: 4 sides, one a day, 1,000 each; status at the end of day 3 (side 1 done
    # for 1,000; side 2 done for 1,200; side 3 half done for 600; side 4 not started).
    days = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
    spent = ["1000", "1200", "600", None]
    items = [one_off(f"side{i + 1}", "labour", day, "1000", actuals=[(day, spent[i])] if spent[i] else [])
             for i, day in enumerate(days)]
    doc = project("fence", days[0], days[-1], 0.05, items)
    progress = [{"line_item_id": "side1", "percent_complete": 1.0}, {"line_item_id": "side2", "percent_complete": 1.0},
                {"line_item_id": "side3", "percent_complete": 0.5}]
    ev, pv, ac, bac = Fraction(2500), Fraction(3000), Fraction(2800), Fraction(4000)
    cpi, spi = ev / ac, ev / pv
    eac = bac / cpi
    cases.append(case("earned_value_fence", "project.earned_value",
        {"project": doc, "status_date": days[2], "progress": progress}, {"fields": {
            "bac.amount": "4000", "pv.amount": "3000", "ev.amount": "2500", "ac.amount": "2800",
            "cv.amount": "-300", "sv.amount": "-500", "cpi": float(cpi), "spi": float(spi),
            "eac.amount": str(eac), "etc.amount": str(eac - ac), "vac.amount": str(bac - eac),
            "eac_atypical.amount": str(ac + bac - ev), "eac_cpi_spi.amount": str(ac + (bac - ev) / (cpi * spi)),
            "tcpi_bac": float((bac - ev) / (bac - ac)), "tcpi_eac": float((bac - ev) / (eac - ac)),
            "earned_schedule_days": 2.5, "actual_time_days": 3.0, "planned_duration_days": 4.0,
            "sv_t_days": -0.5, "spi_t": 2.5 / 3, "ieac_t_days": 4 / (2.5 / 3)}},
        "published worked example: the four-sided fence, 'Earned Value Exercise' after Mulcahy, PMP Exam Prep, p. 210: "
        "PV 3,000, EV 2,500, AC 2,800, BAC 4,000, CV -300, CPI .893, SV -500, SPI .833, EAC 4,479, ETC 1,679, VAC -479. "
        "The source rounds CPI to .893 before dividing; unrounded, EAC = 4000 x 2800/2500 = 4,480, ETC 1,680, VAC -480 "
        "(expected here). Earned schedule (Lipke 2003) worked by hand: PV(2) = 2,000 <= EV < PV(3) = 3,000, ES = 2.5 days",
        "PMBOK earned value and earned schedule on a small schedule", REL))
    # The bread project: 400 loaves over 10 periods at 0.02 each; at the end of period 3,
    # 80 loaves made for 3.00 spent.
    days = [f"2026-01-{5 + i:02d}" for i in range(10)]
    items = [one_off(f"batch{i + 1}", "labour", day, "0.80", actuals=[(day, "1.00")] if i < 3 else [])
             for i, day in enumerate(days)]
    doc = project("bread", days[0], days[-1], 0.05, items)
    progress = [{"line_item_id": "batch1", "percent_complete": 1.0}, {"line_item_id": "batch2", "percent_complete": 1.0}]
    ev, pv, ac, bac = Fraction("1.6"), Fraction("2.4"), Fraction(3), Fraction(8)
    cases.append(case("earned_value_bread", "project.earned_value",
        {"project": doc, "status_date": days[2], "progress": progress}, {"fields": {
            "bac.amount": "8.00", "pv.amount": "2.40", "ev.amount": "1.60", "ac.amount": "3.00",
            "sv.amount": "-0.80", "cv.amount": "-1.40", "spi": float(ev / pv), "cpi": float(ev / ac),
            "tcpi_bac": 1.28, "earned_schedule_days": 2.0, "actual_time_days": 3.0, "sv_t_days": -1.0,
            "planned_duration_days": 10.0, "ieac_t_days": 15.0}},
        "published worked example: the 400-bread project (QuestPond, 'Earned value', project management tutorial): "
        "PV 2.4, AC 3, EV 1.6, SV -0.8, CV -1.4, TCPI (8-1.6)/(8-3) = 1.28; the source prints SPI and CPI truncated "
        "(0.6, 0.53), here 2/3 and 8/15 exactly. ES = 2 days (PV(2) = 1.6 = EV), IEAC(t) = 10 / (2/3) = 15 days by hand",
        "TCPI to the budget, and an earned schedule on a period boundary", REL))
    cases.append(case("earned_value_unknown_item", "project.earned_value",
        {"project": doc, "status_date": days[2], "progress": [{"line_item_id": "nope", "percent_complete": 0.5}]},
        {"error": "not_found"}, "input rules", "progress names an item the project does not have"))
    cases.append(case("earned_value_percent_above_one", "project.earned_value",
        {"project": doc, "status_date": days[2], "progress": [{"line_item_id": "batch1", "percent_complete": 1.5}]},
        {"error": "validation", "path": "progress[0].percent_complete"}, "input rules", "a percent complete is 0..1"))
    return cases


def risk_cases():
    risks = [
        {"id": "r1", "description": "Supplier insolvency", "probability": 0.3, "cost_impact": eur("20000"),
         "mitigation_cost": eur("0"), "expected_date": "2026-01-01"},
        {"id": "r2", "description": "Integration rework", "probability": 0.2, "cost_impact": eur("50000"),
         "mitigation_cost": eur("4000"), "residual_probability": 0.1, "residual_cost_impact": eur("30000"),
         "status": "mitigating"},
        {"id": "r3", "description": "Permit refused", "probability": 0.5, "cost_impact": eur("80000"),
         "mitigation_cost": eur("0"), "status": "closed"},
        {"id": "r4", "description": "Flood damage", "probability": 0.05, "cost_impact": eur("2500"),
         "mitigation_cost": eur("0"), "status": "occurred", "expected_date": "2025-07-01"},
    ]
    doc = project("risky_annuity", "2025-01-01", "2028-12-31", 0.10, [
        one_off("plant", "capex", "2025-01-01", "100000"),
        recurring("savings", "cost_saving", "yearly", "2026-01-01", "2028-12-31", "40000"),
    ], risks=risks)
    r = Decimal("0.10")
    pvb = sum(Decimal(40000) / (1 + r) ** k for k in (1, 2, 3))
    npv_exact = pvb - 100000
    # Net EMVs: r1 0.3 x 20000 = 6000 at t = 1; r2 0.1 x 30000 + 4000 = 7000 at t = 0;
    # r3 closed 0; r4 occurred 2500 at t = 0.5 (30E/360 from 1 January to 1 July).
    pv_emv = Decimal(6000) / (1 + r) + Decimal(7000) + Decimal(2500) / (1 + r) ** Decimal("0.5")
    npv13 = sum(Decimal(40000) / Decimal("1.13") ** k for k in (1, 2, 3)) - 100000
    scenarios = [{"name": "best", "probability": 0.25, "benefit_factor": 1.2, "cost_factor": 0.95},
                 {"name": "base", "probability": 0.5},
                 {"name": "worst", "probability": 0.25, "benefit_factor": 0.7, "cost_factor": 1.15}]
    npvs = [Decimal(str(s.get("benefit_factor", 1))) * pvb - Decimal(str(s.get("cost_factor", 1))) * 100000
            for s in scenarios]
    expected = sum(Decimal(str(s["probability"])) * n for s, n in zip(scenarios, npvs))
    src = ("worked by hand: gross EMV = p x impact; net = gross while open, residual p x residual impact + mitigation "
           "cost once mitigating, closed 0, occurred in full; each net EMV discounted from its expected date (the start when absent) at 10%; "
           "risk-adjusted ROI = (120000 - 100000 - 15500) / (100000 + 15500); scenario NPV = benefit factor x PV(benefits) "
           "- cost factor x PV(costs); NPV at 13% by the closed form -I + A(1-(1+r)^-n)/r (PMBOK 7th ed. 2.8 and "
           "11.4: expected monetary value, risk-adjusted discount rate)")
    return [
        case("risk_adjusted_textbook", "project.risk_adjusted", {"project": doc, "as_of": "2025-01-01", "premium": 0.03,
             "scenarios": scenarios}, {"fields": {
                 "risks[0].gross_emv.amount": "6000", "risks[0].net_emv.amount": "6000",
                 "risks[1].gross_emv.amount": "10000", "risks[1].net_emv.amount": "7000", "risks[1].date": "2025-01-01",
                 "risks[2].gross_emv.amount": "0", "risks[2].net_emv.amount": "0",
                 "risks[3].gross_emv.amount": "2500", "risks[3].net_emv.amount": "2500",
                 "gross_emv.amount": "18500", "net_emv.amount": "15500",
                 "npv.amount": money(npv_exact), "risk_adjusted_npv.amount": money(npv_exact - pv_emv),
                 "risk_adjusted_roi": 4500 / 115500, "risk_adjusted_rate": 0.13,
                 "npv_at_risk_adjusted_rate.amount": money(npv13),
                 "scenarios[0].npv.amount": money(npvs[0]), "scenarios[1].npv.amount": money(npvs[1]),
                 "scenarios[2].npv.amount": money(npvs[2]), "expected_npv.amount": money(expected)}},
             src, "EMV gross and net of mitigation, risk-adjusted NPV, ROI and rate, probability-weighted scenarios", REL),
        case("risk_scenarios_must_sum_to_one", "project.risk_adjusted", {"project": doc, "as_of": "2025-01-01",
             "premium": 0.0, "scenarios": scenarios[:2]}, {"error": "validation", "path": "scenarios"},
             "input rules", "scenario probabilities sum to 0.75"),
        case("risk_residual_probability_above_one", "project.load",
             {"project": {**doc, "risks": [{**risks[1], "residual_probability": 1.5}]}},
             {"error": "validation", "path": "risks[0].residual_probability"}, "input rules", "a probability is 0..1"),
    ]


def write(name, suite, description, cases):
    doc = {"suite": suite, "description": description,
           "source": "expected values worked independently by conformance/tools/make_model_cases.py (exact arithmetic)",
           "cases": cases}
    (OUT / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write("project_evaluation.json", "project_evaluation", "Project evaluation: textbook NPV/IRR/payback and planned vs actual",
          evaluation_cases())
    write("lifecycle.json", "lifecycle", "Lifecycle transitions and their history", lifecycle_cases())
    write("validation.json", "validation", "Project documents that must be refused, with the field path", validation_cases())
    write("money.json", "money", "Exact money: sums, rounding, conversion", money_cases())
    write("templates.json", "templates", "Built-in and custom templates", template_cases())
    write("risk.json", "risk", "Expected monetary value and risk-adjusted value", risk_cases())
    write("earned_value.json", "earned_value", "Earned value (PMBOK) and earned schedule (Lipke) at a status date",
          earned_value_cases())
