"""Projects, templates, evaluations and pickling of every model object."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import valuepm
from valuepm import LifecycleState


def software(id: str = "app", scale: Any = None) -> valuepm.Project:
    return valuepm.builtin_template("software_development").instantiate(id, "App", "2026-01-01", scale=scale)


def test_build_a_project_by_hand() -> None:
    p = valuepm.Project("crm", "CRM", "EUR", "2025-01-01", dt.date(2027, 12, 31), 0.08)
    p.add_line_item(valuepm.LineItem.one_off("licences", "Licences", "licence", "2025-01-15", valuepm.Money("12000", "EUR")))
    p.add_line_item(
        valuepm.LineItem.recurring(
            "savings", "Savings", "cost_saving", "monthly", "2025-02-01", "2027-12-01",
            valuepm.Money(1500, "EUR"), escalation=Decimal("0.03"), category="ops",
        )
    )
    p.add_metric(valuepm.ValueMetric("nps", "NPS", "points", "higher_is_better", 20, "2025-01-01", 40, "2026-01-01"))
    p.add_risk({"id": "r1", "description": "Adoption", "probability": 0.3,
                "cost_impact": {"amount": 5000, "currency": "EUR"}, "mitigation_cost": {"amount": "500", "currency": "EUR"}})
    p.record_actual("licences", "2025-01-20", Decimal("12500.50"), note="invoice 42")
    p.record_measurement("nps", dt.date(2025, 6, 30), 31.0)
    assert [i.id for i in p.line_items] == ["licences", "savings"]
    assert p.line_items[1].category == "ops" and p.line_items[1].is_benefit
    assert p.metrics[0].measurements[0].value == 31.0
    assert p.risks[0]["cost_impact"] == {"amount": "5000", "currency": "EUR"}

    planned = p.planned_flows()
    assert planned[0].amount == valuepm.Money(-12000, "EUR") and planned[0].basis == "planned"
    assert p.actual_flows()[0].amount.amount == Decimal("-12500.50")
    assert p.actual_flows(as_of="2025-01-01") == []

    e = p.evaluate("2025-06-30")
    assert e.project_id == "crm" and e.as_of == dt.date(2025, 6, 30) and e.currency == "EUR"
    assert isinstance(e.npv.amount, Decimal) and e.actual_to_date.cost == valuepm.Money("12500.50", "EUR")
    assert e.metrics[0].status in ("on_track", "at_risk", "off_track") and e.metrics[0].latest.value == 31.0
    assert e.irr is not None and e.roi is not None
    assert "Evaluation(project_id=\"crm\"" in repr(e)
    d = e.to_dict()
    assert d["npv"] == e.npv.to_dict() and d["as_of"] == "2025-06-30"

    series = p.cash_flow_series("quarter")
    assert series.period == "quarter" and len(series) == len(series.rows) == 12
    assert series.rows[0].start == dt.date(2025, 1, 1) and series.rows[0].end == dt.date(2025, 3, 31)


def test_changes_are_all_or_nothing() -> None:
    p = software()
    before = p.to_dict()
    with pytest.raises(valuepm.ValidationError):
        p.add_line_item({"id": "x", "name": "X", "kind": "capex",
                         "plan": {"type": "one_off", "date": "2040-01-01", "amount": {"amount": "1", "currency": "EUR"}}})
    with pytest.raises(valuepm.ValidationError):
        p.update(discount_rate=-2.0)
    assert p.to_dict() == before
    p.update(name="Renamed", tags=["pilot"])
    assert p.name == "Renamed" and p.tags == ["pilot"]


def test_lifecycle() -> None:
    p = software()
    assert p.state is LifecycleState.PROPOSED and p.state == "proposed"
    assert p.allowed_transitions == [LifecycleState.APPROVED, LifecycleState.REJECTED, LifecycleState.CANCELLED]
    p.transition(LifecycleState.APPROVED, by="board", at="2026-01-10T09:00:00Z", reason="business case")
    p.transition("active", by="pmo", at=dt.date(2026, 2, 1))
    p.transition("on_hold", by="pmo")  # now
    (first, second, third) = p.history
    assert first.from_state == "proposed" and first.to_state == "approved" and first.reason == "business case"
    assert second.at == dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)
    assert third.at.year >= 2026
    assert LifecycleState.ON_HOLD.allowed_transitions() == [LifecycleState.APPROVED, LifecycleState.ACTIVE, LifecycleState.CANCELLED] or set(
        LifecycleState.ON_HOLD.allowed_transitions()) == {LifecycleState.ACTIVE, LifecycleState.APPROVED, LifecycleState.CANCELLED}
    assert LifecycleState.COMPLETED.is_final() and LifecycleState.ACTIVE.can_transition_to("completed")
    assert LifecycleState.parse("on_hold") is LifecycleState.ON_HOLD
    with pytest.raises(valuepm.ValidationError):
        LifecycleState.parse("sleeping")


def test_templates(tmp_path: Path) -> None:
    assert [t.id for t in valuepm.builtin_templates()] == ["infrastructure", "software_development", "digital_transformation"]
    base = valuepm.builtin_template("software_development")
    mine = base.derive("my_software", "My software")
    assert mine.derived_from == "software_development" and mine.category == "custom"
    path = tmp_path / "template.json"
    mine.save(path)
    assert valuepm.Template.load(path) == mine
    assert valuepm.Template.load(str(path)) == valuepm.Template.from_json(mine.to_json())
    assert valuepm.Template.from_dict(mine.to_dict()) == mine
    half = base.instantiate("s", "S", "2026-01-01", scale="0.5", currency="USD", horizon_years=2, tags=["pilot"])
    assert half.currency == "USD" and "pilot" in half.tags and half.template_id == "software_development"
    with pytest.raises(valuepm.ValidationError) as e:
        base.instantiate("s", "S", "2026-01-01", horizon_years=99)
    assert e.value.path == "horizon_years"
    with pytest.raises(valuepm.ValidationError) as c:
        base.instantiate("s", "S", "2026-01-01", currency="XXX")
    assert c.value.path == "currency"


def test_project_files(tmp_path: Path) -> None:
    p = software()
    p.save(tmp_path / "p.json")
    assert valuepm.Project.load(tmp_path / "p.json") == p
    with pytest.raises(OSError):
        valuepm.Project.load(tmp_path / "missing.json")


def test_evaluate_many_and_pandas() -> None:
    projects = [software(f"app{i}", scale=s) for i, s in enumerate(["0.5", 1, 2])]
    evaluations = valuepm.evaluate_many(projects, "2027-01-01")
    assert isinstance(evaluations, list) and len(evaluations) == 3
    assert evaluations[2].planned.cost.amount == 4 * evaluations[0].planned.cost.amount
    frame = evaluations.to_pandas()
    assert list(frame.index) == ["app0", "app1", "app2"]
    assert isinstance(frame.loc["app1", "npv"], Decimal)
    assert frame.loc["app1", "npv"] == projects[1].evaluate("2027-01-01").npv.amount
    floats = evaluations.to_pandas(money="float")
    assert floats["planned_cost"].dtype.kind == "f"
    series = projects[0].cash_flow_series("year").to_pandas()
    assert list(series.columns)[:3] == ["start", "end", "planned_cost"] and len(series) == 3


def every_model_object() -> list:
    p = software()
    p.transition("approved", by="board", at="2026-01-05T10:00:00Z")
    p.record_measurement(p.metrics[0].id, "2026-06-30", p.metrics[0].to_dict()["baseline"]["value"])
    e = p.evaluate("2026-07-01")
    rates = valuepm.ExchangeRates({("EUR", "USD"): "1.1"})
    return [
        p, e, e.planned, e.metrics[0], e.metrics[0].latest, p.history[0], p.line_items[0], p.metrics[0],
        p.planned_flows()[0], p.cash_flow_series(), p.cash_flow_series().rows[0], valuepm.builtin_template("infrastructure"),
        valuepm.Money("1.50", "EUR"), valuepm.Currency("JPY"), rates, valuepm.irr_solve([-100, 60, 60]),
        LifecycleState.ACTIVE,
    ]


@pytest.mark.parametrize("obj", every_model_object(), ids=lambda o: type(o).__name__)
def test_every_model_object_pickles(obj: Any) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(obj, protocol=protocol))
        assert type(again) is type(obj) and again == obj
    assert copy.deepcopy(obj) == obj


def test_pickled_project_is_independent() -> None:
    p = software()
    q = copy.copy(p)
    q.transition("approved", by="board")
    assert p.state == "proposed" and q.state == "approved"


def test_multiprocessing_round_trip() -> None:
    import concurrent.futures as cf
    import multiprocessing as mp

    projects = [software(f"p{i}") for i in range(2)]
    with cf.ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("spawn")) as pool:
        npvs = list(pool.map(_npv_of, projects))
    assert npvs == [p.evaluate("2026-01-01").npv for p in projects]


def _npv_of(project: valuepm.Project) -> valuepm.Money:
    return project.evaluate("2026-01-01").npv
