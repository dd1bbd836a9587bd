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

from decimal import Decimal  # noqa: E402  (after the README snippet)

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

# Tables in and out: CSV and workbooks (docs/python.md, "Import and export").
# START io
# Any table exports as CSV text; every table at once as an .xlsx workbook (typed cells).
csv_text = valuepm.export_csv([project], "line_items")
workbook = valuepm.export_xlsx([project], as_of="2026-12-31")

# Import actuals from CSV (text, bytes or a path): the projects in the list change in place.
item = project.line_items[0].id
upload = f'project_id,line_item_id,date,amount\nDC-01,{item},2026-03-15,"€12,500.00"\nDC-01,{item},2026-02-30,100\n'
projects = [project]
try:
    valuepm.import_csv(upload, "actuals", projects, change={"actor": "finance-feed"})
except valuepm.TableImportError as e:
    for error in e.errors:  # every bad row at once; nothing was applied
        print(error["row"], error["column"], error["value"], error["reason"])  # 3 date 2026-02-30 is not a date ...
report = valuepm.import_csv(upload, "actuals", projects, keep_good_rows=True, change={"actor": "finance-feed"})
print(report.tables[0]["applied"], report.projects_updated, len(report.errors))  # 1 ['DC-01'] 1
# END io

assert csv_text.startswith("project_id,id,name,kind") and workbook[:2] == b"PK"
assert report.projects_updated == ["DC-01"] and [e["row"] for e in report.errors] == [3]
assert project.revision == 3 and project.line_items[0].actuals[-1]["amount"]["amount"] in ("12500.00", Decimal("12500.00"))
