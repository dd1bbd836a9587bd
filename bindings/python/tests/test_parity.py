"""Export parity: the Python module exposes every operation of `conformance/manifest.json`."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

import valuepm
from conftest import CONFORMANCE

MANIFEST = json.loads((CONFORMANCE / "manifest.json").read_text(encoding="utf-8"))

# Python spells a few core operations the Python way; every other name is the core's.
RENAMES = {
    "Currency.new": "Currency",
    "Money.new": "Money",
    "ExchangeRates.new": "ExchangeRates",
    "Project.new": "Project",
    "Project.from_data": "Project.from_dict",
    "Project.data": "Project.to_dict",
    "Money.checked_add": "Money.__add__",
    "Money.checked_sub": "Money.__sub__",
    "Money.checked_mul": "Money.__mul__",
    "Money.negated": "Money.__neg__",
    "Money.abs": "Money.__abs__",
    "AuditTrail.len": "AuditTrail.__len__",
}

ERROR_CLASSES = {
    "invalid_argument": valuepm.InvalidArgumentError,
    "no_solution": valuepm.NoSolutionError,
    "no_convergence": valuepm.ConvergenceError,
    "validation": valuepm.ValidationError,
    "parse": valuepm.ParseError,
    "unsupported_schema_version": valuepm.UnsupportedSchemaVersionError,
    "invalid_transition": valuepm.LifecycleError,
    "currency_mismatch": valuepm.CurrencyMismatchError,
    "missing_exchange_rate": valuepm.MissingExchangeRateError,
    "overflow": valuepm.DecimalOverflowError,
    "not_found": valuepm.NotFoundError,
    "cancelled": valuepm.CancelledError,
    "tampered": valuepm.TamperedError,
    "import": valuepm.TableImportError,
}


def resolve(name: str) -> Any:
    obj: Any = valuepm
    for part in RENAMES.get(name, name).split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("operation", MANIFEST["operations"], ids=lambda o: o["name"])
def test_operation_is_exposed(operation: dict) -> None:
    name, kind = operation["name"], operation["kind"]
    assert kind in MANIFEST["kinds"]
    obj = resolve(name)
    if kind in ("class", "constructor"):
        assert inspect.isclass(obj), f"{name} is not a class"
    elif kind == "property":
        owner = resolve(name.rsplit(".", 1)[0])
        assert isinstance(inspect.getattr_static(owner, name.rsplit(".", 1)[1]), (property, type(valuepm.Money.amount))), name
    else:
        assert callable(obj), f"{name} is not callable"


@pytest.mark.parametrize("op", sorted(MANIFEST["conformance_ops"]))
def test_conformance_op_is_mapped(op: str) -> None:
    target = MANIFEST["conformance_ops"][op]
    assert any(o["name"] == target for o in MANIFEST["operations"]), f"{op} -> {target} is not a manifest operation"
    assert callable(resolve(target))


def test_every_case_op_is_in_the_manifest() -> None:
    ops = set()
    for path in CONFORMANCE.glob("*.json"):
        if path.name != "manifest.json":
            ops |= {case["op"] for case in json.loads(path.read_text(encoding="utf-8"))["cases"]}
    assert ops <= set(MANIFEST["conformance_ops"]), ops - set(MANIFEST["conformance_ops"])


@pytest.mark.parametrize("kind", MANIFEST["error_kinds"])
def test_error_kind_has_a_class(kind: str) -> None:
    cls = ERROR_CLASSES[kind]
    assert issubclass(cls, valuepm.ValuePMError)
    assert cls.kind == kind
    assert cls.__module__ == "valuepm" and getattr(valuepm, cls.__name__) is cls


def test_all_names_exist() -> None:
    for name in valuepm.__all__:
        assert hasattr(valuepm, name), name
