"""Portfolios from Python: documents in and out, result shapes, errors with paths, and
the selection's agreement with its problem form (the conformance suite covers the numbers)."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from decimal import Decimal
from typing import Any, Dict

import numpy as np
import pytest

import valuepm


def _project(project_id: str, cost: str, benefit: str, rate: float = 0.08) -> Dict[str, Any]:
    return {
        "schema_version": 1,
        "id": project_id,
        "name": project_id.upper(),
        "currency": "EUR",
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
        "discount_rate": rate,
        "line_items": [
            {"id": "build", "name": "Build", "kind": "capex",
             "plan": {"type": "one_off", "date": "2026-03-31", "amount": {"amount": cost, "currency": "EUR"}}},
            {"id": "run", "name": "Savings", "kind": "cost_saving",
             "plan": {"type": "recurring", "frequency": "yearly", "start": "2027-01-01", "end": "2029-12-31",
                      "amount": {"amount": benefit, "currency": "EUR"}}},
        ],
    }


DOCUMENT: Dict[str, Any] = {
    "schema_version": 1,
    "id": "pf",
    "name": "Portfolio",
    "currency": "EUR",
    "status_date": "2027-01-01",
    "discount_rate": 0.08,
    "projects": [
        {"project": _project("a", "100000", "60000"), "category": "growth",
         "scores": {"fit": 5}, "resources": {"headcount": 4}},
        {"project": _project("b", "80000", "40000"), "scores": {"fit": 2}, "resources": {"headcount": 3}},
        {"project": _project("c", "50000", "30000"), "category": "growth",
         "scores": {"fit": 4}, "resources": {"headcount": 2}},
    ],
}
SPEC = {
    "objective": {"type": "npv"},
    "budgets": [{"year": 2026, "limit": {"amount": Decimal("160000"), "currency": "EUR"}}],
    "resources": [{"resource": "headcount", "limit": 6}],
}


@pytest.fixture
def portfolio() -> valuepm.Portfolio:
    return valuepm.Portfolio.from_dict(DOCUMENT)


def test_document_round_trips(portfolio: valuepm.Portfolio) -> None:
    assert portfolio.currency == "EUR" and portfolio.status_date == date(2027, 1, 1)
    assert len(portfolio) == 3 and portfolio.project_ids == ["a", "b", "c"]
    assert valuepm.Portfolio.from_dict(portfolio.to_dict()) == portfolio
    assert valuepm.Portfolio.from_json(portfolio.to_json()) == portfolio
    assert valuepm.Portfolio.from_dict(portfolio.to_json()) == portfolio  # JSON text as a document
    assert pickle.loads(pickle.dumps(portfolio)) == portfolio
    assert copy.deepcopy(portfolio) == portfolio
    assert repr(portfolio).startswith('Portfolio(id="pf"')


def test_roll_up_is_the_core_json_form(portfolio: valuepm.Portfolio) -> None:
    r = portfolio.roll_up()
    assert r == portfolio.roll_up("year", threads=1) == portfolio.roll_up(period="year", threads=2)
    assert r["currency"] == "EUR" and r["status_date"] == "2027-01-01"
    # Money as elsewhere in to_dict(): an exact decimal string and the currency.
    assert r["total"]["planned_cost"] == {"amount": "230000", "currency": "EUR"}
    assert Decimal(r["total"]["planned_benefit"]["amount"]) == 3 * (60000 + 40000 + 30000)
    assert r["by_category"]["growth"]["projects"] == 2 and r["by_category"]["none"]["projects"] == 1
    assert [p["start"] for p in r["periods"]] == ["2026-01-01", "2027-01-01", "2028-01-01", "2029-01-01"]
    assert isinstance(r["npv"], float) and isinstance(r["irr"], float)
    assert portfolio.roll_up("quarter")["periods"][0]["end"] == "2026-03-31"
    with pytest.raises(valuepm.ValidationError) as e:
        portfolio.roll_up("fortnight")
    assert e.value.path == "period"


def test_select_agrees_with_its_problem(portfolio: valuepm.Portfolio) -> None:
    s = portfolio.select(SPEC)
    assert s["status"] == "optimal" and s["objective"] == s["bound"]
    assert s["selected"] == ["a", "c"]  # a + c fit 150,000 and 6 people; b with either does not
    assert [c["name"] for c in s["capacities"]] == ["budget 2026", "resource headcount"]
    assert [x["project"] for x in s["explanations"]] == ["a", "b", "c"]
    problem = portfolio.selection_problem(SPEC)
    assert isinstance(problem, valuepm.SelectionProblem)
    assert problem.projects == ["a", "b", "c"] and len(problem) == 3
    assert problem.solve() == s
    again = valuepm.SelectionProblem(problem.to_dict())
    assert again == problem == valuepm.SelectionProblem.from_json(problem.to_json())
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert again.solve() == s


def test_frontier(portfolio: valuepm.Portfolio) -> None:
    points = portfolio.frontier(SPEC, [0.0, 0.5, 1.0, np.float64(2.0)])
    assert [p["scale"] for p in points] == [0.0, 0.5, 1.0, 2.0]
    assert points[0]["selected"] == [] and points[2]["selected"] == ["a", "c"]
    objectives = [p["objective"] for p in points]
    assert objectives == sorted(objectives) and all(p["status"] == "optimal" for p in points)
    with pytest.raises(valuepm.ValidationError) as e:
        portfolio.frontier(SPEC, [1.0, -1.0])
    assert e.value.path == "scales[1]"


def test_earned_value(portfolio: valuepm.Portfolio) -> None:
    ev = portfolio.earned_value({"a": {"build": 1.0}, "c": [{"line_item_id": "build", "percent_complete": 0.5}]})
    assert ev["status_date"] == "2027-01-01" and ev["currency"] == "EUR"
    assert ev["bac"]["currency"] == "EUR" and isinstance(ev["spi"], float)
    assert [p["project_id"] for p in ev["projects"]] == ["a", "b", "c"]
    assert Decimal(ev["ev"]["amount"]) == sum(Decimal(p["earned_value"]["ev"]["amount"]) for p in ev["projects"])
    assert portfolio.earned_value({})["projects"][0]["earned_value"]["ev"]["amount"] in ("0", "0.00")
    with pytest.raises(valuepm.NotFoundError):
        portfolio.earned_value({"zz": {}})


def test_simulate_and_risk_return(portfolio: valuepm.Portfolio) -> None:
    spec = {"iterations": 2_000, "seed": 7}
    sim = portfolio.simulate(spec)
    assert sim == portfolio.simulate({**spec, "threads": 1})  # deterministic for a seed
    assert sim["iterations"] == 2_000 and [p["project_id"] for p in sim["projects"]] == ["a", "b", "c"]
    assert sim["npv"]["mean"] == pytest.approx(sum(p["mean"] for p in sim["projects"]))
    points = portfolio.risk_return(SPEC, [0.0, np.float64(1.0)], spec)
    assert [p["scale"] for p in points] == [0.0, 1.0]
    assert points[0]["selected"] == [] and points[0]["npv_sd"] == 0.0 and points[1]["status"] == "optimal"
    with pytest.raises(valuepm.ValidationError) as e:
        portfolio.simulate({"iterations": 1, "seed": 7})
    assert e.value.path == "iterations"
    with pytest.raises(valuepm.ValidationError) as e:
        portfolio.risk_return(SPEC, [-1.0], spec)
    assert e.value.path == "scales[0]"


def test_scores_and_ahp() -> None:
    scores = valuepm.weighted_scores([
        {"name": "npv", "weight": 2, "values": [10.0, 20.0, 30.0]},
        {"name": "risk", "weight": 1, "lower_is_better": True, "normalisation": "rank", "values": [3, 2, 1]},
    ])
    assert [s["rank"] for s in scores] == [3, 2, 1]
    assert scores[2]["total"] == pytest.approx(1.0) and len(scores[0]["contributions"]) == 2
    weights = valuepm.ahp_weights(np.array([[1.0, 3.0], [1 / 3, 1.0]]))
    assert weights["weights"] == pytest.approx([0.75, 0.25]) and weights["inconsistent"] is False
    assert valuepm.ahp_weights([[1, 3], [1 / 3, 1]]) == weights


def test_bad_documents_name_the_field() -> None:
    bad = copy.deepcopy(DOCUMENT)
    bad["projects"][1]["project"]["discount_rate"] = -2.0
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.Portfolio.from_dict(bad)
    assert e.value.kind == "validation" and e.value.path == "projects[1].project.discount_rate"
    bad = copy.deepcopy(DOCUMENT)
    bad["projects"][2]["project"]["id"] = "a"
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.Portfolio.from_dict(bad)
    assert e.value.path == "projects[2].project.id"
    with pytest.raises(valuepm.UnsupportedSchemaVersionError):
        valuepm.Portfolio.from_dict({**DOCUMENT, "schema_version": 99})
    with pytest.raises(valuepm.ParseError):
        valuepm.Portfolio.from_json("{")
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.SelectionProblem({"projects": ["x"], "values": ["many"]})
    assert e.value.path is not None and e.value.path.startswith("values")
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.Portfolio.from_dict(DOCUMENT).select({"budgets": [{"year": 2026}]})
    assert e.value.path == "budgets[0]"  # the missing `limit`
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.weighted_scores([{"name": "n", "weight": "heavy", "values": [1.0]}])
    assert e.value.path == "criteria[0].weight"
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.ahp_weights([[1, 2], [2, 1]])
    assert e.value.path == "matrix[1][0]"


def test_missing_exchange_rate_is_a_lookup_error() -> None:
    doc = copy.deepcopy(DOCUMENT)
    doc["projects"][0]["project"]["currency"] = "USD"
    for item in doc["projects"][0]["project"]["line_items"]:
        item["plan"]["amount"]["currency"] = "USD"
    with pytest.raises(LookupError) as e:
        valuepm.Portfolio.from_dict(doc)
    assert isinstance(e.value, valuepm.MissingExchangeRateError)
    doc["exchange_rates"] = {"rates": [{"from": "USD", "to": "EUR", "rate": "0.9"}]}
    assert valuepm.Portfolio.from_dict(doc).roll_up()["total"]["projects"] == 3
