"""Export parity of the generated Kotlin and Swift against conformance/manifest.json.

Every operation of the manifest has an entry in TABLE: the declaration that implements
it in the generated sources, named as uniffi names it (Kotlin and Swift both use
lowerCamelCase for functions and methods, UpperCamelCase for types), or a `json:` note
for a record read or returned as the core's JSON (its fields are the JSON fields the
conformance cases check), or `missing:` for an operation this binding does not expose
yet. The check fails when an operation has no entry or a named declaration is absent.
Usage: python3 parity.py <generated .kt> <generated .swift>
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


FUNCTIONS = [
    "npv", "npv_t0", "xnpv", "xnpv_with", "irr", "irr_solve", "irr_all_roots", "irr_batch",
    "irr_of_times", "xirr", "xirr_solve", "mirr", "pmt", "pv", "fv", "nper", "rate", "rate_solve",
    "ipmt", "ppmt", "cumipmt", "cumprinc", "effect", "nominal", "sln", "db", "ddb", "syd",
    "year_fraction", "builtin_templates", "builtin_template", "ols_trend", "theil_sen_trend",
    "robust_z_scores", "robust_z_anomalies", "level_shifts", "holt_fit", "holt_forecast",
    "ahp_weights", "weighted_scores", "query_trails", "migrate_document",
]
TABLE = {name: ("fn", camel(name)) for name in FUNCTIONS}
TABLE.update({
    "Money": ("type", "Money"),
    "Money.amount": ("field", "amount"),
    "Money.currency": ("field", "currency"),
    "Money.sum": ("fn", "moneySum"),
    "Money.round": ("fn", "moneyRound"),
    "ExchangeRates.convert": ("fn", "moneyConvert"),
    "ExchangeRates": ("json", "the rate table is passed to moneyConvert as JSON"),
    "ExchangeRates.validate": ("json", "moneyConvert validates the table"),
    "Project": ("type", "Project"),
    "Project.new": ("ctor", "id"),
    "Project.update": ("fn", "update"),
    "Currency": ("json", "a currency is its ISO 4217 code string"),
    "Currency.new": ("fn", "currencyNew"),
    "Currency.code": ("json", "a currency is its ISO 4217 code string"),
    "Project.from_json": ("fn", "fromJson"),
    "Project.to_json": ("fn", "toJson"),
    "Project.data": ("fn", "data"),
    "Project.id": ("fn", "id"),
    "Project.name": ("fn", "name"),
    "Project.currency": ("fn", "currency"),
    "Project.state": ("fn", "state"),
    "Project.transition": ("fn", "transition"),
    "Project.add_line_item": ("fn", "addLineItem"),
    "Project.record_actual": ("fn", "recordActual"),
    "Project.add_metric": ("fn", "addMetric"),
    "Project.record_measurement": ("fn", "recordMeasurement"),
    "Project.add_risk": ("fn", "addRisk"),
    "Project.planned_flows": ("fn", "plannedFlows"),
    "Project.actual_flows": ("fn", "actualFlows"),
    "Project.cash_flow_series": ("fn", "cashFlowSeries"),
    "Project.evaluate": ("fn", "evaluate"),
    "Project.earned_value": ("fn", "earnedValue"),
    "Project.risk_adjusted": ("fn", "riskAdjusted"),
    "Template": ("type", "Template"),
    "Template.from_json": ("fn", "fromJson"),
    "Template.to_json": ("fn", "toJson"),
    "Template.derive": ("fn", "derive"),
    "Template.validate": ("fn", "validate"),
    "Template.instantiate": ("fn", "instantiate"),
    "ValueMetric.evaluate": ("fn", "metricEvaluate"),
    "ValueMetric.validate": ("json", "metricEvaluate validates the metric JSON for a currency"),
    "ValueMetric": ("json", "a metric is its JSON document"),
    "LineItem": ("json", "a line item is its JSON document (Project.addLineItem)"),
    "Money.new": ("type", "Money"),
    "Money.parse": ("fn", "moneyParse"),
    "Money.zero": ("fn", "moneyZero"),
    "Money.checked_add": ("fn", "moneyCheckedAdd"),
    "Money.checked_sub": ("fn", "moneyCheckedSub"),
    "Money.checked_mul": ("fn", "moneyCheckedMul"),
    "Money.negated": ("fn", "moneyNegated"),
    "Money.abs": ("fn", "moneyAbs"),
    "Money.is_zero": ("fn", "moneyIsZero"),
    "Money.is_negative": ("fn", "moneyIsNegative"),
    "Currency.minor_units": ("fn", "currencyMinorUnits"),
    "LifecycleState": ("json", "a lifecycle state is its snake_case name (`proposed`, …)"),
    "LifecycleState.parse": ("json", "every lifecycle function parses and validates the state name"),
    "Project.from_data": ("json", "a project's data is its JSON document: Project.fromJson"),
    "LifecycleState.allowed_transitions": ("fn", "lifecycleAllowedTransitions"),
    "LifecycleState.can_transition_to": ("fn", "lifecycleCanTransitionTo"),
    "LifecycleState.is_final": ("fn", "lifecycleIsFinal"),
    "RootSolution": ("type", "RootSolution"),
    "RootSolution.rate": ("field", "rate"),
    "RootSolution.method": ("field", "method"),
    "RootSolution.iterations": ("field", "iterations"),
    "Project.simulate": ("fn", "simulate"),
    "HoltModel": ("type", "HoltModel"),
    "HoltModel.with_parameters": ("fn", "withParameters"),
    "HoltModel.forecast": ("fn", "forecast"),
    # Portfolio and SelectionProblem are objects; their documents and results (roll-up,
    # selection spec, selection, frontier, earned value, simulation, risk-return, AHP
    # weights, scores) cross as the core's JSON.
    "Portfolio": ("type", "Portfolio"),
    "Portfolio.from_json": ("fn", "fromJson"),
    "Portfolio.currency": ("fn", "currency"),
    "Portfolio.status_date": ("fn", "statusDate"),
    "Portfolio.roll_up": ("fn", "rollUp"),
    "Portfolio.selection_problem": ("fn", "selectionProblem"),
    "Portfolio.select": ("fn", "select"),
    "Portfolio.frontier": ("fn", "frontier"),
    "Portfolio.earned_value": ("fn", "earnedValue"),
    "Portfolio.simulate": ("fn", "simulate"),
    "Portfolio.risk_return": ("fn", "riskReturn"),
    "SelectionProblem": ("type", "SelectionProblem"),
    "SelectionProblem.solve": ("fn", "solve"),
})
# The audit trail: AuditTrail is an object (its entries and queries are JSON arrays of the
# core's entry records); Project's revision is an accessor method; the entry count is
# `size()`, as Kotlin collections name it.
TABLE.update({
    "Project.audit_trail": ("fn", "auditTrail"),
    "Project.set_change_meta": ("fn", "setChangeMeta"),
    "Project.change_meta": ("fn", "changeMeta"),
    "Project.from_json_with_trail": ("fn", "fromJsonWithTrail"),
    "Project.revision": ("fn", "revision"),
    "AuditTrail": ("type", "AuditTrail"),
    "AuditTrail.from_json": ("fn", "fromJson"),
    "AuditTrail.to_json": ("fn", "toJson"),
    "AuditTrail.to_csv": ("fn", "toCsv"),
    "AuditTrail.entries": ("fn", "entries"),
    "AuditTrail.query": ("fn", "query"),
    "AuditTrail.verify": ("fn", "verify"),
    "AuditTrail.last_hash": ("fn", "lastHash"),
    "AuditTrail.len": ("fn", "size"),
})
# HoltModel is an object: its properties are accessor methods, as Project's are.
TABLE.update({f"HoltModel.{p}": ("fn", p) for p in ("alpha", "beta", "phi", "sse", "fitted")})
for record in ("Evaluation", "EarnedValue", "RiskAdjustment", "SimulationResult"):
    TABLE[record] = ("json", "returned as the core's JSON document")
MISSING = "not exposed yet by this binding"


def declared(source, kind, name):
    if kind == "type":
        return re.search(rf"\b(class|struct|protocol)\s+{name}\b", source) is not None
    if kind == "ctor":  # a primary constructor whose first parameter is `name`
        return re.search(rf"\b(constructor|init)\(\s*`?{name}`?\s*:", source) is not None
    if kind == "fn":
        return re.search(rf"\b(fun|func)\s+`?{name}`?\s*\(", source) is not None
    return re.search(rf"\b(val|var|let)\s+`?{name}`?\s*:", source) is not None


def main():
    manifest = json.loads((ROOT / "conformance" / "manifest.json").read_text())
    sources = {Path(p).suffix[1:]: Path(p).read_text() for p in sys.argv[1:]}
    failures, json_ops, missing = [], [], []
    for op in manifest["operations"]:
        name = op["name"]
        entry = TABLE.get(name)
        if entry is None:
            if "." in name and TABLE.get(name.split(".")[0], ("", ""))[0] == "json":
                json_ops.append(name)
            else:
                missing.append(name)
            continue
        kind, target = entry
        if kind == "json":
            json_ops.append(name)
            continue
        for language, source in sources.items():
            if not declared(source, kind, target):
                failures.append(f"{language}: {name} -> {target} not declared")
    for f in failures:
        print("PARITY FAIL", f)
    print(f"parity: {len(manifest['operations']) - len(json_ops) - len(missing)} operations declared in "
          f"{' and '.join(sorted(sources))}, {len(json_ops)} carried as JSON documents, "
          f"{len(missing)} {MISSING}: {', '.join(missing)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
