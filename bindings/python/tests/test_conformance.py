"""Runs every case of every conformance suite (`conformance/*.json`) unchanged, and the
suites staged in `conformance/pending/` that Python runs (none now: `PENDING`).

Mirrors the Rust runner (`valuepm-core/tests/conformance/main.rs`) and the rules of
`conformance/README.md`:

- `expect.value`: the whole result equals the value; `expect.fields`: each dotted path
  (`a.b[2].c`) into the result's JSON form equals its value; a path that does not exist
  fails the case.
- Numbers pass when |actual - expected| <= max(abs, rel * |expected|) with the case's
  tolerance (default exact). Strings that both parse as decimals compare as decimals
  (`"100.00"` equals `"100"`); a `Decimal` result compares with a decimal string by
  value. Other strings, booleans and null compare exactly; lists element by element,
  dicts key by key.
- `expect.error`: the operation raises a `ValuePMError` whose `kind` is that string and,
  when `expect.path` is given, whose `path` equals it.
- `expect.row_errors`: every row error of an import, in order (the `TableImportError`'s
  `errors`, or the result's `report.errors`): each field equal, `reason` a substring.
- A case with `known_failure` must fail (a strict xfail): it holds a promise the core
  does not keep yet.

A result's JSON form is its `to_dict()` (the core's serde form: money amounts as decimal
strings), a float for the spreadsheet functions, a list of ids for `template.list`, and
the returned dict (or list of dicts) itself for the portfolio operations, which return
the core's JSON form directly.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import valuepm
from conftest import CONFORMANCE

SPREADSHEET_CASES = 147
FINANCE_OPS = (
    "npv xnpv irr xirr mirr pmt pv fv nper rate ipmt ppmt cumipmt cumprinc effect nominal sln db ddb syd"
).split()
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


# Suites not yet in every runtime (conformance/README.md, `pending/`) that Python runs.
PENDING: Tuple[str, ...] = ()  # none now: io.json moved up with its operations in the manifest


def _suites() -> List[Tuple[str, dict]]:
    files = sorted(p for p in CONFORMANCE.glob("*.json") if p.name != "manifest.json")
    files += [CONFORMANCE / "pending" / name for name in PENDING]
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in files]


def _cases() -> List[Any]:
    params = []
    for name, suite in _suites():
        for case in suite["cases"]:
            marks = []
            if "known_failure" in case:
                marks.append(pytest.mark.xfail(reason=case["known_failure"], strict=True, raises=AssertionError))
            params.append(pytest.param(case, id=f"{suite.get('suite', name)}/{case['id']}", marks=marks))
    return params


# -- operations --------------------------------------------------------------------


def _arg(args: dict, name: str, read: Callable[[Any], Any]) -> Any:
    """Reads the argument `name` as the Rust runner's `arg()` does: an error in it is
    reported at `name.<path>` (the core's `Error::at` for validation and currency
    errors)."""
    try:
        return read(args.get(name))
    except (valuepm.ValidationError, valuepm.CurrencyMismatchError) as e:
        path = f"{name}.{e.path}" if e.path and not e.path.startswith("[") else f"{name}{e.path or ''}"
        error = type(e)(str(e))
        error.kind, error.path = e.kind, path
        raise error from e


def _project(args: dict) -> valuepm.Project:
    document = args["project"]
    if isinstance(document, str):
        return valuepm.Project.from_json(document)
    return valuepm.Project.from_dict(document)


def _portfolio(args: dict) -> valuepm.Portfolio:
    document = args["portfolio"]
    if isinstance(document, str):
        return valuepm.Portfolio.from_json(document)
    return valuepm.Portfolio.from_dict(document)


def _template(args: dict) -> valuepm.Template:
    if "template" in args:
        return valuepm.Template.from_dict(args["template"])
    return valuepm.builtin_template(args["template_id"])


def _instantiate(args: dict) -> valuepm.Project:
    return _template(args).instantiate(**args["options"])


def _transition(args: dict) -> Any:
    project = _project(args)
    for t in args["transitions"]:
        project.transition(t["to"], at=t["at"], by=t["by"], reason=t.get("reason", ""))
    return project.to_dict()


def _holt_with_parameters(args: dict) -> Any:
    """`{sse, fitted, forecast_<round(100 c)>}` for each confidence `c`, as the Rust runner builds it."""
    model = valuepm.HoltModel.with_parameters(
        args["values"], args["alpha"], args["beta"], args["phi"], args["initial_level"], args["initial_trend"]
    )
    out: Dict[str, Any] = {"sse": model.sse, "fitted": model.fitted}
    for confidence in args["confidences"]:
        out[f"forecast_{math.floor(confidence * 100 + 0.5)}"] = model.forecast(args["horizon"], confidence)
    return out


def _metric(args: dict) -> Any:
    metric = valuepm.ValueMetric.from_dict(args["metric"])
    metric.validate(args["currency"])
    return metric.evaluate(args["as_of"]).to_dict()


def _audit_step(project: valuepm.Project, step: dict) -> None:
    """One step of `audit.replay`: the change context, then the action."""
    meta = step["meta"]
    project.set_change_meta(meta)
    action = step["action"]
    if action == "update":
        project.update(**step["changes"])
    elif action == "add_line_item":
        project.add_line_item(step["item"])
    elif action == "record_actual":
        actual = step["actual"]
        project.record_actual(step["line_item_id"], actual["date"], actual["amount"], actual.get("note", ""))
    elif action == "add_metric":
        project.add_metric(step["metric"])
    elif action == "record_measurement":
        m = step["measurement"]
        project.record_measurement(step["metric_id"], m["date"], m["value"], m.get("note", ""))
    elif action == "add_risk":
        project.add_risk(step["risk"])
    elif action == "transition":
        project.transition(step["to"], by=meta["actor"], at=meta["at"], reason=meta.get("reason") or "")
    else:
        raise AssertionError(f"unknown audit action `{action}`")


def _audit_replay(args: dict) -> Any:
    """Loads the project, applies each step with its change context (a step with
    `expect_error` must fail with that kind, and the replay goes on), and returns the
    trail, its last hash, the revision, the CSV and the seqs the query selects."""
    project = _project(args)
    for i, step in enumerate(args["steps"]):
        if "expect_error" in step:
            with pytest.raises(valuepm.ValuePMError) as caught:
                _audit_step(project, step)
            assert caught.value.kind == step["expect_error"], (
                f"step {i}: expected error `{step['expect_error']}`, got `{caught.value.kind}`: {caught.value}"
            )
        else:
            _audit_step(project, step)
    trail = project.audit_trail()
    out: Dict[str, Any] = {
        "entries": trail.entries(),
        "last_hash": trail.last_hash,
        "revision": project.revision,
        "csv": trail.to_csv(),
    }
    if "query" in args:
        out["query"] = [e["seq"] for e in trail.query(args["query"])]
    return out


def _audit_load(args: dict) -> Any:
    trail = valuepm.AuditTrail.from_dict(args["trail"])
    return {"entries": len(trail), "last_hash": trail.last_hash}


def _projects(args: dict) -> List[valuepm.Project]:
    return [valuepm.Project.from_dict(doc) for doc in args.get("projects", [])]


def _io_result(report: valuepm.ImportReport, projects: List[valuepm.Project]) -> Any:
    return {
        "report": report.to_dict(),
        "projects": [p.to_dict() for p in projects],
        "audit_entries": [len(p.audit_trail()) for p in projects],
    }


def _io_import(args: dict) -> Any:
    """`io.import`: the file (a path relative to conformance/) or the CSV text, imported
    into the projects loaded from their documents."""
    projects = _projects(args)
    options = args.get("options") or {}
    source: Any = args["text"] if "text" in args else CONFORMANCE / args["file"]
    if args["format"] == "csv":
        report = valuepm.import_csv(source, args["table"], projects, options=options)
    else:
        report = valuepm.import_workbook(source, args.get("table"), projects, options=options)
    return _io_result(report, projects)


def _io_export(args: dict) -> Any:
    assert args["format"] == "csv", args["format"]
    text = valuepm.export_csv(_projects(args), args["table"], args.get("options"))
    return {"csv": text, "rows": [row for row in csv.reader(io.StringIO(text, newline=""))]}


def _io_round_trip(args: dict) -> Any:
    projects = _projects(args)
    back: List[valuepm.Project] = []
    if args["format"] == "csv":
        for table in ("projects", "line_items", "actuals", "metrics", "measurements", "risks"):
            valuepm.import_csv(valuepm.export_csv(projects, table), table, back)
    else:
        valuepm.import_workbook(valuepm.export_xlsx(projects), None, back)
    documents = [p.to_dict() for p in back]
    for doc in documents:
        doc.pop("revision", None)
    return {"projects": documents}


MODEL_OPS: Dict[str, Callable[[dict], Any]] = {
    "io.import": _io_import,
    "io.export": _io_export,
    "io.round_trip": _io_round_trip,
    "audit.replay": _audit_replay,
    "audit.load": _audit_load,
    "document.migrate": lambda a: valuepm.migrate_document(a["kind"], a["document"]),
    "project.load": lambda a: _project(a).to_dict(),
    "project.evaluate": lambda a: _project(a).evaluate(a["as_of"]).to_dict(),
    "project.cash_flow_series": lambda a: _project(a).cash_flow_series(a["period"]).to_dict(),
    "project.transition": _transition,
    "project.earned_value": lambda a: _project(a).earned_value(a["status_date"], a.get("progress")).to_dict(),
    "project.risk_adjusted": lambda a: _project(a)
    .risk_adjusted(a["as_of"], a.get("premium", 0.0), a.get("scenarios"))
    .to_dict(),
    "project.simulate": lambda a: _project(a).simulate(a["spec"]).to_dict(),
    "analytics.holt_forecast": lambda a: valuepm.holt_forecast(a["dates"], a["values"], **a["spec"]).to_dict(),
    "analytics.holt_with_parameters": _holt_with_parameters,
    "analytics.ols_trend": lambda a: valuepm.ols_trend(a["dates"], a["values"], a.get("confidence", 0.95)).to_dict(),
    "analytics.theil_sen_trend": lambda a: valuepm.theil_sen_trend(
        a["dates"], a["values"], a.get("confidence", 0.95)
    ).to_dict(),
    "analytics.robust_z_scores": lambda a: valuepm.robust_z_scores(a["values"]),
    "analytics.robust_z_anomalies": lambda a: valuepm.robust_z_anomalies(a["dates"], a["values"], a.get("threshold", 3.5)),
    "analytics.level_shifts": lambda a: valuepm.level_shifts(
        a["dates"], a["values"], a.get("penalty"), a.get("min_size", 2)
    ),
    "metric.evaluate": _metric,
    "template.list": lambda a: [t.id for t in valuepm.builtin_templates()],
    "template.load": lambda a: _template(a).to_dict(),
    "template.instantiate": lambda a: _instantiate(a).to_dict(),
    "template.evaluate": lambda a: _instantiate(a).evaluate(a["as_of"]).to_dict(),
    "portfolio.roll_up": lambda a: _portfolio(a).roll_up(a["period"]),
    "portfolio.select": lambda a: _portfolio(a).select(a["spec"]),
    "portfolio.earned_value": lambda a: _portfolio(a).earned_value(a["progress"]),
    "portfolio.simulate": lambda a: _portfolio(a).simulate(a["spec"]),
    "portfolio.risk_return": lambda a: _portfolio(a).risk_return(a["spec"], a["scales"], a["simulation"]),
    "portfolio.ahp_weights": lambda a: valuepm.ahp_weights(a["matrix"]),
    "portfolio.weighted_scores": lambda a: valuepm.weighted_scores(a["criteria"]),
    "selection.solve": lambda a: valuepm.SelectionProblem(a["problem"]).solve(),
    "money.sum": lambda a: valuepm.Money.sum(a["currency"], _arg(a, "amounts", list)).to_dict(),
    "money.round": lambda a: _arg(a, "money", valuepm.Money.from_dict).round().to_dict(),
    "money.convert": lambda a: _arg(a, "rates", valuepm.ExchangeRates.from_dict)
    .convert(_arg(a, "money", valuepm.Money.from_dict), a["to"])
    .to_dict(),
}


def run_op(op: str, args: dict) -> Any:
    if op in FINANCE_OPS:
        # The Python functions take the spreadsheet's argument names, as the cases do.
        return getattr(valuepm, op)(**args)
    if op in MODEL_OPS:
        return MODEL_OPS[op](args)
    raise AssertionError(f"unknown op `{op}`")


# -- comparison --------------------------------------------------------------------


def lookup(value: Any, path: str) -> Any:
    """Follows a dotted path with indices (`a.b[2].c`); KeyError when it does not exist."""
    current = value
    for segment in path.split("."):
        key, _, rest = segment.partition("[")
        if key:
            if not isinstance(current, dict) or key not in current:
                raise KeyError(path)
            current = current[key]
        if rest:
            for index in ("[" + rest).strip("[]").split("]["):
                i = int(index)
                if not isinstance(current, list) or not 0 <= i < len(current):
                    raise KeyError(path)
                current = current[i]
    return current


def _as_decimal(x: Any) -> Any:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, str) and _DECIMAL.match(x.strip()):
        try:
            return Decimal(x)
        except InvalidOperation:
            return None
    return None


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def compare(expected: Any, actual: Any, rel: float, abs_: float, at: str) -> None:
    if _is_number(expected) and _is_number(actual):
        allowed = max(abs_, rel * abs(expected))
        assert math.isfinite(actual) and abs(actual - expected) <= allowed, (
            f"{at}: expected {expected!r}, got {actual!r} (difference {abs(actual - expected):.3e}, allowed {allowed:.3e})"
        )
        return
    if isinstance(expected, str) and isinstance(actual, (str, Decimal)):
        e, a = _as_decimal(expected), _as_decimal(actual)
        if e is not None and a is not None:
            assert e == a, f"{at}: expected {expected!r}, got {actual!r}"
        else:
            assert expected == actual, f"{at}: expected {expected!r}, got {actual!r}"
        return
    if isinstance(expected, list) and isinstance(actual, list):
        assert len(expected) == len(actual), f"{at}: expected {len(expected)} elements, got {len(actual)}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, rel, abs_, f"{at}[{i}]")
        return
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k in sorted(set(expected) | set(actual)):
            assert k in actual, f"{at}.{k}: missing"
            assert k in expected, f"{at}.{k}: unexpected field"
            compare(expected[k], actual[k], rel, abs_, f"{at}.{k}")
        return
    assert type(expected) is type(actual) and expected == actual, f"{at}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict) -> None:
    op, args, expect = case["op"], case.get("args", {}), case["expect"]
    tolerance = case.get("tolerance", {})
    rel, abs_ = tolerance.get("rel", 0.0), tolerance.get("abs", 0.0)
    assert {"value", "fields", "error", "row_errors"} & set(expect), "`expect` holds none of value, fields, error, row_errors"

    if "error" in expect:
        with pytest.raises(valuepm.ValuePMError) as caught:
            result = run_op(op, args)
            pytest.fail(f"expected error `{expect['error']}`, got {result!r}")
        assert caught.value.kind == expect["error"], f"expected error `{expect['error']}`, got `{caught.value.kind}`: {caught.value}"
        if "path" in expect:
            assert caught.value.path == expect["path"], f"expected path {expect['path']!r}, got {caught.value.path!r}: {caught.value}"
        if "row_errors" in expect:
            assert isinstance(caught.value, valuepm.TableImportError), f"not an import error: {caught.value!r}"
            compare_row_errors(expect["row_errors"], caught.value.errors)
        return

    actual = run_op(op, args)
    if "value" in expect:
        compare(expect["value"], actual, rel, abs_, "value")
    for path, expected in expect.get("fields", {}).items():
        try:
            found = lookup(actual, path)
        except KeyError:
            pytest.fail(f"{path}: no such field in {actual!r}")
        compare(expected, found, rel, abs_, path)
    if "row_errors" in expect:
        compare_row_errors(expect["row_errors"], lookup(actual, "report.errors"))


def compare_row_errors(expected: List[dict], actual: List[dict]) -> None:
    """Every row error in order: each field equal, `reason` a substring."""
    assert len(expected) == len(actual), f"row_errors: expected {len(expected)}, got {len(actual)}: {actual!r}"
    for i, (e, a) in enumerate(zip(expected, actual)):
        for key, value in e.items():
            assert key in a, f"row_errors[{i}].{key}: missing in {a!r}"
            if key == "reason":
                assert value in a[key], f"row_errors[{i}].reason: {a[key]!r} does not contain {value!r}"
            else:
                assert a[key] == value, f"row_errors[{i}].{key}: expected {value!r}, got {a[key]!r} ({a!r})"


def test_every_suite_is_run() -> None:
    suites = dict(_suites())
    assert suites, f"no case files in {CONFORMANCE}"
    spreadsheet = [s for s in suites.values() if s.get("suite") == "spreadsheet_financial"]
    assert len(spreadsheet) == 1 and len(spreadsheet[0]["cases"]) == SPREADSHEET_CASES
    ops = {case["op"] for suite in suites.values() for case in suite["cases"]}
    assert ops <= set(FINANCE_OPS) | set(MODEL_OPS), ops - set(FINANCE_OPS) - set(MODEL_OPS)


class TestRules:
    """The comparison rules themselves (as the Rust runner's `rules` tests)."""

    def test_numbers_use_the_larger_of_the_bounds(self) -> None:
        compare(100.0, 100.00000005, 1e-9, 1e-12, "v")
        with pytest.raises(AssertionError):
            compare(100.0, 100.000001, 1e-9, 1e-12, "v")
        compare(0.0, 5e-13, 1e-9, 1e-12, "v")
        compare(1, 1.0, 0.0, 0.0, "v")

    def test_decimal_strings_compare_by_value(self) -> None:
        compare("100.00", "100", 0, 0, "v")
        compare("100.00", Decimal("100"), 0, 0, "v")
        with pytest.raises(AssertionError):
            compare("100.01", "100", 0, 0, "v")
        compare("EUR", "EUR", 0, 0, "v")
        with pytest.raises(AssertionError):
            compare("1", 1, 0, 0, "v")

    def test_structures_compare_recursively(self) -> None:
        v = {"a": {"b": [1, 2, {"c": "x"}]}, "n": None}
        assert lookup(v, "a.b[2].c") == "x"
        with pytest.raises(KeyError):
            lookup(v, "a.b[5]")
        assert lookup(v, "n") is None
        compare({"a": [1, 2]}, {"a": [1, 2]}, 0, 0, "v")
        with pytest.raises(AssertionError):
            compare({"a": [1, 2]}, {"a": [1, 2], "b": 1}, 0, 0, "v")
        with pytest.raises(AssertionError):
            compare([1, 2], [1], 0, 0, "v")
