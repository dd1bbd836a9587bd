"""The README's Python example: a template-built project evaluated, and spreadsheet NPV/IRR.

Run: python examples/python/quickstart.py   (after `pip install ./bindings/python`)
"""

# START readme
import valuepm

template = valuepm.builtin_template("infrastructure")
project = template.instantiate("DC-01", "Data-centre refresh", "2026-01-01")
evaluation = project.evaluate("2026-01-01")
print(evaluation.npv, evaluation.irr, evaluation.payback_years)  # npv is exact Money (Decimal)

# Spreadsheet functions, with the spreadsheet's conventions: =NPV(10%; -1000; 300; 400; 500)
print(valuepm.npv(0.1, [-1000, 300, 400, 500]))  # -19.12437675...
print(valuepm.irr([-1000, 500, 500, 500]))  # 0.2337519...
# END readme

assert abs(valuepm.npv(0.1, [-1000, 300, 400, 500]) + 19.124376750222) < 1e-9
assert evaluation.payback_years is not None and evaluation.npv.amount > 0

# The audit trail: who changed what, when and why (docs/python.md, "Audit trail").
# START audit
with project.change(actor="alice", reason="budget review", at="2026-02-01T09:00:00Z"):
    project.update(discount_rate=0.09, owner="Infrastructure office")
project.transition("approved", by="cfo", at="2026-02-03T10:00:00Z", reason="business case accepted")
trail = project.audit_trail()
for entry in trail.query(actor="alice"):
    print(entry["path"], entry["old"], "->", entry["new"], entry["reason"])  # discount_rate 0.07 -> 0.09 ...
print(project.revision, len(trail), trail.last_hash)  # 2 changes, 4 entries, the chain's last hash

# Saved side by side, reloaded with the chain verified (TamperedError if an entry was edited).
saved_project, saved_trail = project.to_json(), trail.to_json()
reloaded = valuepm.Project.from_json_with_trail(saved_project, saved_trail)
assert reloaded.audit_trail() == trail
# END audit

assert project.revision == 2 and len(trail) == 4
assert [e["path"] for e in trail.entries()] == ["discount_rate", "owner", "history[0]", "state"]
