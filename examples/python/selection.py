"""A portfolio rolled up, then the best projects chosen under a 2026 budget and a headcount cap.

Run: python examples/python/selection.py   (after `pip install ./bindings/python`)
"""

import valuepm

# START selection
PROJECTS = [
    # (id, name, template, scale, category, strategic fit 1-5, headcount)
    ("DC-01", "Data-centre refresh", "infrastructure", "1", "run", 3, 4),
    ("APP-03", "Customer app", "software_development", "1.5", "growth", 5, 6),
    ("DX-05", "Paperless claims", "digital_transformation", "1", "growth", 4, 5),
    ("CRM-04", "CRM replacement", "software_development", "0.8", "run", 2, 2),
]
entries = []
for project_id, name, template_id, scale, category, fit, headcount in PROJECTS:
    project = valuepm.builtin_template(template_id).instantiate(project_id, name, "2026-01-01", scale=scale)
    entries.append({
        "project": project.to_dict(),
        "category": category,
        "scores": {"strategic_fit": fit},
        "resources": {"headcount": headcount},
    })
portfolio = valuepm.Portfolio.from_dict({
    "schema_version": 2,
    "id": "pf-2026",
    "name": "2026 portfolio",
    "currency": "EUR",
    "status_date": "2027-01-01",
    "discount_rate": 0.08,
    "projects": entries,
})

roll_up = portfolio.roll_up("year")  # a dict in the core's JSON form
print(roll_up["total"]["npv"], roll_up["by_category"]["growth"]["projects"], roll_up["irr"])

spec = {
    "objective": {"type": "npv"},
    "budgets": [{"year": 2026, "limit": {"amount": "12000000", "currency": "EUR"}}],
    "resources": [{"resource": "headcount", "limit": 12}],
}
selection = portfolio.select(spec)  # proven optimal; the GIL is released while it searches
print(selection["selected"], selection["status"], selection["objective"])
for why in selection["explanations"]:
    print(why["project"], why["reason"], why["detail"])

# The same problem as plain data (values and capacity rows), to save or solve later.
problem = portfolio.selection_problem(spec)
assert problem.solve()["selected"] == selection["selected"]

# Criterion weights from pairwise judgements: NPV is 3x as important as strategic fit.
print(valuepm.ahp_weights([[1, 3], [1 / 3, 1]])["weights"])  # [0.75, 0.25]
# END selection

assert selection["status"] == "optimal" and 0 < len(selection["selected"]) < len(PROJECTS)
assert roll_up["total"]["projects"] == len(PROJECTS)
