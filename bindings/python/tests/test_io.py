"""Import and export from Python: sources (text, bytes, paths), projects changed in place
and created ones appended, a portfolio's new value, every row error on the exception,
options as a dict or keywords, and round trips (the conformance suite `io.json`
covers the parsing rules and the numbers)."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Dict, List

import pytest

import valuepm
from conftest import CONFORMANCE

PROJECT: Dict[str, Any] = {
    "schema_version": 2,
    "id": "P-1",
    "name": "Warehouse robots",
    "currency": "EUR",
    "start_date": "2026-01-01",
    "end_date": "2028-12-31",
    "discount_rate": 0.08,
    "line_items": [
        {"id": "robots", "name": "Robots", "kind": "capex",
         "plan": {"type": "one_off", "date": "2026-02-01", "amount": {"amount": "250000", "currency": "EUR"}}},
    ],
    "metrics": [
        {"id": "pick_rate", "name": "Picks per hour", "unit": "picks/h", "direction": "higher_is_better",
         "baseline": {"value": 80, "date": "2026-01-01"}, "target": {"value": 140, "date": "2027-01-01"}},
    ],
}
MEASUREMENTS = "project_id,metric_id,date,value\nP-1,pick_rate,2026-07-31,95\nP-1,pick_rate,2026-08-31,97.5\n"
BAD = "project_id,metric_id,date,value\nP-1,pick_rate,2026-07-31,95\nP-1,pick_rate,2026-13-01,96\nP-9,pick_rate,2026-08-31,1\n"


def _projects() -> List[valuepm.Project]:
    return [valuepm.Project.from_dict(PROJECT)]


def _measurements(project: valuepm.Project) -> List[Dict[str, Any]]:
    return list(project.to_dict()["metrics"][0]["measurements"])


def _portfolio_measurements(portfolio: valuepm.Portfolio) -> List[Dict[str, Any]]:
    return list(portfolio.to_dict()["projects"][0]["project"]["metrics"][0]["measurements"])


def test_import_changes_the_project_objects_in_place() -> None:
    projects = _projects()
    project = projects[0]
    report = valuepm.import_csv(MEASUREMENTS, "measurements", projects, change={"actor": "kpi-feed"})
    assert isinstance(report, valuepm.ImportReport)
    assert report.projects is projects and projects[0] is project
    assert report.projects_updated == ["P-1"] and report.projects_created == []
    assert report.tables == [{"table": "measurements", "rows": 2, "applied": 2, "rejected": 0, "ignored_columns": []}]
    assert [m["value"] for m in _measurements(project)] == [95.0, 97.5]
    assert project.revision == 1
    entries = project.audit_trail().entries()
    assert len(entries) == 2 and {e["actor"] for e in entries} == {"kpi-feed"}
    assert report.errors == [] and report.errors_truncated is False
    assert report.to_dict()["projects_updated"] == ["P-1"]
    assert "applied=2" in repr(report)


def test_created_projects_are_appended() -> None:
    projects: List[valuepm.Project] = []
    text = "id,name,currency,start_date,end_date,discount_rate\nN-1,New,USD,2026-01-01,2026-12-31,5%\n"
    report = valuepm.import_csv(text, "projects", projects)
    assert report.projects_created == ["N-1"]
    assert [p.id for p in projects] == ["N-1"] and projects[0].discount_rate == 0.05
    # Without a list, the report holds a new one.
    report = valuepm.import_csv(text.encode(), "projects")
    assert [p.id for p in report.projects] == ["N-1"]


def test_every_bad_row_is_on_the_exception_and_nothing_is_applied() -> None:
    projects = _projects()
    before = projects[0].to_dict()
    with pytest.raises(valuepm.TableImportError) as caught:
        valuepm.import_csv(BAD, "measurements", projects)
    error = caught.value
    assert isinstance(error, valuepm.ValuePMError) and isinstance(error, ValueError)
    assert not isinstance(error, ImportError)  # not Python's module ImportError
    assert error.kind == "import"
    assert [(e["table"], e["row"], e["column"], e["value"]) for e in error.errors] == [
        ("measurements", 3, "date", "2026-13-01"),
        ("measurements", 4, "project_id", "P-9"),
    ]
    assert "no project `P-9`" in error.errors[1]["reason"]
    assert "row 3" in str(error) and "(and 1 more)" in str(error)
    assert projects[0].to_dict() == before and projects[0].revision == 0
    assert valuepm.TableImportError.errors == ()


def test_keep_good_rows_as_a_keyword_or_in_options() -> None:
    for kwargs in ({"keep_good_rows": True}, {"options": {"keep_good_rows": True}}):
        projects = _projects()
        report = valuepm.import_csv(BAD, "measurements", projects, **kwargs)
        assert [e["row"] for e in report.errors] == [3, 4]
        assert report.tables[0]["applied"] == 1
        assert len(_measurements(projects[0])) == 1


def test_sources_text_bytes_and_paths(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(MEASUREMENTS, encoding="utf-8")
    for source in (MEASUREMENTS, MEASUREMENTS.encode(), bytearray(MEASUREMENTS.encode()), path):
        projects = _projects()
        valuepm.import_csv(source, "measurements", projects)
        assert len(_measurements(projects[0])) == 2, source
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.import_csv(12, "measurements", _projects())  # type: ignore[arg-type]
    assert e.value.path == "source"
    with pytest.raises(valuepm.InvalidArgumentError) as missing:
        valuepm.import_csv(tmp_path / "missing.csv", "measurements", _projects())
    assert "cannot read" in str(missing.value)


def test_bad_arguments() -> None:
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.import_csv(MEASUREMENTS, "nonsense", _projects())  # type: ignore[arg-type]
    assert e.value.path == "table"
    with pytest.raises(valuepm.InvalidArgumentError) as t:
        valuepm.import_csv(MEASUREMENTS, "measurements", tuple(_projects()))  # type: ignore[arg-type]
    assert t.value.path == "projects"
    with pytest.raises(valuepm.ValidationError) as o:
        valuepm.import_csv(MEASUREMENTS, "measurements", _projects(), delimiter_typo=";")
    assert o.value.path is not None and o.value.path.startswith("options")
    with pytest.raises(valuepm.InvalidArgumentError) as c:
        valuepm.import_csv(MEASUREMENTS, "measurements", _projects(), columns={"nonsense": 0})
    assert c.value.path == "columns"


def test_workbooks_from_libreoffice_by_path_and_bytes() -> None:
    path = CONFORMANCE / "data" / "io" / "workbook.xlsx"
    report = valuepm.import_workbook(path)
    assert report.projects_created == ["W-1"]
    assert [t["sheet"] for t in report.tables] == ["projects", "line_items", "actuals", "metrics", "measurements", "risks"]
    (project,) = report.projects
    assert project.name == "Solar roof" and project.discount_rate == 0.065
    assert valuepm.import_workbook(str(CONFORMANCE / "data" / "io" / "workbook.ods")).projects_created == ["W-1"]
    projects: List[valuepm.Project] = []
    valuepm.import_workbook(path.read_bytes(), "projects", projects, sheets={"projects": "projects"})
    assert [p.id for p in projects] == ["W-1"]


def test_export_csv_and_xlsx_round_trip() -> None:
    projects = _projects()
    valuepm.import_csv(MEASUREMENTS, "measurements", projects)
    text = valuepm.export_csv(projects, "measurements")
    assert text == "project_id,metric_id,date,value,note\nP-1,pick_rate,2026-07-31,95,\nP-1,pick_rate,2026-08-31,97.5,\n"
    evaluations = valuepm.export_csv(projects, "evaluations", as_of=date(2026, 12, 31))
    assert evaluations.startswith("project_id,as_of,currency,state,planned_cost")
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.export_csv(projects, "evaluations")
    assert e.value.path == "as_of"
    data = valuepm.export_xlsx(projects, tables=["projects", "line_items", "metrics", "measurements"])
    assert isinstance(data, bytes) and data[:2] == b"PK"
    back = valuepm.import_workbook(data).projects
    assert back is not None
    expected = projects[0].to_dict()
    got = back[0].to_dict()
    expected.pop("revision"), got.pop("revision")
    assert got == expected


def test_portfolios_import_into_a_new_portfolio_and_export_roll_ups() -> None:
    document = {"schema_version": 2, "id": "pf", "name": "Portfolio", "currency": "EUR",
                "status_date": "2026-12-31", "projects": [{"project": PROJECT}]}
    portfolio = valuepm.Portfolio.from_dict(document)
    report = valuepm.import_csv(MEASUREMENTS, "measurements", portfolio=portfolio)
    assert report.projects is None and isinstance(report.portfolio, valuepm.Portfolio)
    assert len(_portfolio_measurements(report.portfolio)) == 2
    assert len(_portfolio_measurements(portfolio)) == 0  # unchanged
    totals = valuepm.export_csv(report.portfolio, "portfolio_totals")
    assert totals.splitlines()[1].startswith("total,all,EUR,1,")
    assert valuepm.export_xlsx(report.portfolio)[:2] == b"PK"
    # A new project's currency must convert into the portfolio's.
    usd = "id,name,currency,start_date,end_date,discount_rate\nN-1,New,USD,2026-01-01,2026-12-31,0.05\n"
    with pytest.raises(valuepm.TableImportError) as e:
        valuepm.import_csv(usd, "projects", portfolio=portfolio)
    assert e.value.errors[0]["column"] == "currency"
    with pytest.raises(valuepm.InvalidArgumentError):
        valuepm.import_csv(MEASUREMENTS, "measurements", _projects(), portfolio=portfolio)


def test_change_meta_time_and_pickled_error() -> None:
    projects = _projects()
    at = datetime(2026, 9, 1, 8, tzinfo=timezone.utc)
    valuepm.import_csv(MEASUREMENTS, "measurements", projects,
                       change={"actor": "job", "reason": "upload", "at": at.isoformat()})
    entry = projects[0].audit_trail().entries()[0]
    assert (entry["actor"], entry["reason"], entry["at"]) == ("job", "upload", "2026-09-01T08:00:00Z")
    assert _measurements(projects[0])[0]["value"] == 95
    with pytest.raises(valuepm.TableImportError) as caught:
        valuepm.import_csv(BAD, "measurements", _projects())
    again = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(again, valuepm.TableImportError)
