"""Is the project on schedule, what is its risk-adjusted value, and where are its KPIs
heading? Earned value, expected monetary value and KPI trends on one project.

    python examples/python/value_at_risk.py
"""

import valuepm

# START earned_value
project = valuepm.builtin_template("software_development").instantiate(
    "APP-7", "Field service app", "2026-01-01"
)
# Six months in: the delivery team is 30% done, the hardware bought, the licences paid.
progress = {"delivery_team": 0.30, "dev_hardware": 1.0, "tooling_licences": 1.0}
ev = project.earned_value("2026-06-30", progress)
print(f"PV {ev.pv}  EV {ev.ev}  SPI {ev.spi:.2f}  SV(t) {ev.sv_t_days:.0f} days")
# END earned_value

# START risk_adjusted
scenarios = [
    {"name": "best", "probability": 0.2, "benefit_factor": 1.15, "cost_factor": 0.95},
    {"name": "base", "probability": 0.6},
    {"name": "worst", "probability": 0.2, "benefit_factor": 0.7, "cost_factor": 1.2},
]
risk = project.risk_adjusted("2026-01-01", premium=0.03, scenarios=scenarios)
print(f"NPV {risk.npv}  risk-adjusted {risk.risk_adjusted_npv}  net EMV {risk.net_emv}")
print(f"NPV at {risk.risk_adjusted_rate:.0%}: {risk.npv_at_risk_adjusted_rate}  expected {risk.expected_npv}")
# END risk_adjusted

# START trends
dates = ["2026-01-15", "2026-02-03", "2026-03-01", "2026-03-20", "2026-04-11", "2026-05-02", "2026-06-01"]
lead_time_days = [14.0, 13.1, 12.4, 30.0, 10.9, 10.2, 9.6]  # one bad week in March
trend = valuepm.theil_sen_trend(dates, lead_time_days)
print(f"lead time falls {-trend.slope_per_day * 30:.2f} days a month "
      f"(95% CI {-trend.slope_high * 30:.2f} to {-trend.slope_low * 30:.2f})")
for anomaly in valuepm.robust_z_anomalies(dates, lead_time_days):
    print(f"anomaly on {anomaly['date']}: {anomaly['value']} (z = {anomaly['score']:.1f})")
# END trends

assert ev.spi is not None and ev.spi < 1.0, "behind plan in this example"
assert [a["index"] for a in valuepm.robust_z_anomalies(dates, lead_time_days)] == [3]
