"""A small portfolio of template-built projects, evaluated into a pandas DataFrame and
charted with matplotlib (headless).

Run: python examples/python/portfolio.py [chart.png]
(needs `pip install ./bindings/python pandas matplotlib`; the chart goes to a temporary
directory when no path is given)
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: no display needed
import matplotlib.pyplot as plt  # noqa: E402

import valuepm  # noqa: E402

# START portfolio
AS_OF = "2027-06-30"
PORTFOLIO = [
    # (id, name, template, start, scale, horizon in years)
    ("DC-01", "Data-centre refresh", "infrastructure", "2026-01-01", "1", 5),
    ("NET-02", "Branch network", "infrastructure", "2026-07-01", "0.4", 4),
    ("APP-03", "Customer app", "software_development", "2026-03-01", "1.5", 4),
    ("CRM-04", "CRM replacement", "software_development", "2026-01-01", "0.8", 2),
    ("DX-05", "Paperless claims", "digital_transformation", "2026-04-01", "1", 4),
]

projects = []
for project_id, name, template_id, start, scale, years in PORTFOLIO:
    template = valuepm.builtin_template(template_id)
    project = template.instantiate(project_id, name, start, scale=Decimal(scale), horizon_years=years)
    project.transition("approved", by="investment board", at=start)
    projects.append(project)

# One actual cost recorded against the first line item of the first project.
first = projects[0]
first.transition("active", by="pmo", at="2026-01-02")
item = first.line_items[0]
first.record_actual(item.id, "2026-01-31", Decimal("250000.00"), note="first invoice")

evaluations = valuepm.evaluate_many(projects, AS_OF)
frame = evaluations.to_pandas()  # amounts stay exact Decimals
print(frame[["state", "planned_cost", "planned_benefit", "npv", "irr", "payback_years"]].to_string())

total_npv = valuepm.Money.sum("EUR", [e.npv for e in evaluations])
print(f"portfolio NPV: {total_npv}")
# END portfolio


def chart(path: Path) -> None:
    # Plotting needs floats: convert exactly-held amounts for display only.
    data = evaluations.to_pandas(money="float").sort_values("npv")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.barh(data.index, data["npv"] / 1e6, color=["tab:red" if v < 0 else "tab:green" for v in data["npv"]])
    left.set_xlabel("NPV (million EUR)")
    left.set_title(f"NPV on {AS_OF}")
    right.scatter(data["planned_cost"] / 1e6, data["roi"] * 100, s=80, alpha=0.6)
    for pid, row in data.iterrows():
        right.annotate(pid, (row["planned_cost"] / 1e6, row["roi"] * 100), fontsize=8)
    right.axhline(0, color="grey", linewidth=0.8)
    right.set_xlabel("planned cost (million EUR)")
    right.set_ylabel("ROI (%)")
    right.set_title("ROI vs planned cost")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "portfolio.png"
    chart(out)
    print(f"chart written to {out}")
