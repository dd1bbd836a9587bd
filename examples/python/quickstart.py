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
