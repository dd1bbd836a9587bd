"""The exception hierarchy: classes, kind, path, messages, and no panic reaching Python."""

from __future__ import annotations

import pickle

import pytest

import valuepm

PROJECT = {
    "schema_version": 1,
    "id": "p",
    "name": "P",
    "currency": "EUR",
    "start_date": "2025-01-01",
    "end_date": "2025-12-31",
    "discount_rate": 0.08,
}


def test_hierarchy() -> None:
    assert issubclass(valuepm.ValuePMError, Exception)
    for cls in (valuepm.ValidationError, valuepm.InvalidArgumentError, valuepm.ParseError, valuepm.CurrencyMismatchError):
        assert issubclass(cls, valuepm.ValuePMError) and issubclass(cls, ValueError)
    assert issubclass(valuepm.NotFoundError, LookupError)
    assert issubclass(valuepm.MissingExchangeRateError, LookupError)
    assert issubclass(valuepm.DecimalOverflowError, ArithmeticError)
    assert not issubclass(valuepm.DecimalOverflowError, OverflowError)
    assert not issubclass(valuepm.ConvergenceError, ValueError)


def test_invalid_argument() -> None:
    with pytest.raises(valuepm.InvalidArgumentError) as e:
        valuepm.ppmt(0.1, 0, 10, 1000)
    assert e.value.kind == "invalid_argument" and e.value.path == "per"
    assert str(e.value).startswith("ppmt: invalid argument `per`")


def test_no_solution_and_convergence() -> None:
    with pytest.raises(valuepm.NoSolutionError) as e:
        valuepm.nper(0.1, -1, 1000)
    assert e.value.kind == "no_solution" and e.value.path is None
    with pytest.raises(valuepm.ConvergenceError) as c:
        valuepm.irr([100, 200])
    assert c.value.kind == "no_convergence" and "no_root" in str(c.value)


def test_validation_with_field_path() -> None:
    bad = dict(PROJECT, line_items=[{"id": "a", "name": "a", "kind": "capex",
                                     "plan": {"type": "one_off", "date": "2025-01-01", "amount": {"amount": "-5", "currency": "EUR"}}}])
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.Project.from_dict(bad)
    assert e.value.kind == "validation" and e.value.path == "line_items[0].plan.amount"
    assert "line_items[0].plan.amount" in str(e.value)
    with pytest.raises(ValueError):  # also catchable as a plain ValueError
        valuepm.Project.from_dict(dict(PROJECT, end_date="2024-01-01"))


def test_parse_and_schema_version() -> None:
    with pytest.raises(valuepm.ParseError) as e:
        valuepm.Project.from_json("{not json")
    assert e.value.kind == "parse"
    with pytest.raises(valuepm.UnsupportedSchemaVersionError) as v:
        valuepm.Project.from_dict(dict(PROJECT, schema_version=99))
    assert v.value.kind == "unsupported_schema_version" and "99" in str(v.value)


def test_document_values_that_are_not_json() -> None:
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.Project.from_dict(dict(PROJECT, discount_rate=float("nan")))
    assert e.value.path == "discount_rate"
    with pytest.raises(valuepm.ValidationError) as o:
        valuepm.Project.from_dict(dict(PROJECT, tags=[object()]))
    assert o.value.path == "tags[0]"


def test_lifecycle_error_lists_allowed_states() -> None:
    project = valuepm.Project.from_dict(PROJECT)
    with pytest.raises(valuepm.LifecycleError) as e:
        project.transition("completed", by="pmo")
    assert e.value.kind == "invalid_transition"
    assert e.value.allowed == ("approved", "rejected", "cancelled")
    assert (e.value.from_state, e.value.to_state) == ("proposed", "completed")
    assert "allowed from proposed: approved, rejected, cancelled" in str(e.value)
    assert project.state == "proposed" and project.history == []  # unchanged


def test_currency_mismatch_and_missing_rate() -> None:
    with pytest.raises(valuepm.CurrencyMismatchError) as e:
        valuepm.Money(1, "EUR") + valuepm.Money(1, "USD")
    assert e.value.kind == "currency_mismatch" and "USD" in str(e.value)
    with pytest.raises(valuepm.CurrencyMismatchError):
        valuepm.Money(1, "EUR") < valuepm.Money(1, "USD")
    with pytest.raises(valuepm.MissingExchangeRateError) as m:
        valuepm.ExchangeRates().convert(valuepm.Money(1, "EUR"), "USD")
    assert m.value.kind == "missing_exchange_rate"
    with pytest.raises(TypeError):
        valuepm.Money(1, "EUR") + 1  # type: ignore[operator]


def test_overflow() -> None:
    big = valuepm.Money("79228162514264337593543950335", "EUR")
    with pytest.raises(valuepm.DecimalOverflowError) as e:
        big + big
    assert e.value.kind == "overflow" and e.value.path == "add"


def test_not_found() -> None:
    with pytest.raises(valuepm.NotFoundError) as e:
        valuepm.builtin_template("rocket_science")
    assert e.value.kind == "not_found" and "rocket_science" in str(e.value)
    project = valuepm.Project.from_dict(PROJECT)
    with pytest.raises(LookupError):
        project.record_measurement("nope", "2025-02-01", 1.0)


def test_no_panic_reaches_python() -> None:
    with pytest.raises(valuepm.ValuePMError) as e:
        valuepm._valuepm._panic_for_test()
    assert e.value.kind == "internal" and "deliberate test panic" in str(e.value)
    assert type(e.value) is valuepm.ValuePMError  # not pyo3's PanicException (a BaseException)


def test_exceptions_pickle() -> None:
    with pytest.raises(valuepm.ValidationError) as e:
        valuepm.Project.from_dict(dict(PROJECT, end_date="2024-01-01"))
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is valuepm.ValidationError
    assert (again.kind, again.path, str(again)) == ("validation", "end_date", str(e.value))
