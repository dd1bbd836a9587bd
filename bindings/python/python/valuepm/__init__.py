"""ValuePM: is each project, and the portfolio as a whole, delivering the value it promised?

Spreadsheet-compatible finance (``npv``, ``xnpv``, ``irr``, ``xirr``, ``mirr``, ``pmt`` ...
``syd``), projects with a validated lifecycle, line items, value metrics and risks,
templates, project evaluation, portfolios (roll-up, weighted scoring, AHP weights,
selection), an audit trail of every project change (``Project.audit_trail()``,
``AuditTrail``, ``migrate_document``), and table import and export (``import_csv``,
``import_workbook``, ``export_csv``, ``export_xlsx``), computed by the ValuePM Rust core.

Conventions (see ``docs/python.md``):

- Money is exact: amounts come out as ``decimal.Decimal`` and go in as ``Decimal``,
  ``int`` or ``str``; a ``float`` is read through its shortest repr (``0.1`` is exactly
  ``Decimal("0.1")``). Rates and ratios are floats.
- Dates: ``datetime.date``, ``datetime.datetime`` (its date), ISO ``"YYYY-MM-DD"``
  strings, numpy ``datetime64``; flows: lists, tuples, numpy arrays, pandas Series.
- Errors derive from ``ValuePMError`` and carry the core's stable ``kind`` and ``path``.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, Iterable, List

from . import _valuepm
from ._valuepm import (
    ConvergenceError,
    CurrencyMismatchError,
    DecimalOverflowError,
    InvalidArgumentError,
    LifecycleError,
    MissingExchangeRateError,
    NoSolutionError,
    NotFoundError,
    ParseError,
    UnsupportedSchemaVersionError,
    ValidationError,
    ValuePMError,
    CancelledError,
    TamperedError,
    TableImportError,
    AuditTrail,
    ProjectChange,
    query_trails,
    migrate_document,
    CashFlow,
    CashFlowSeries,
    Currency,
    EarnedValue,
    Evaluation,
    RiskAdjustment,
    SimulationResult,
    Trend,
    HoltModel,
    HoltForecast,
    holt_fit,
    holt_forecast,
    level_shifts,
    ols_trend,
    robust_z_anomalies,
    robust_z_scores,
    theil_sen_trend,
    ExchangeRates,
    LineItem,
    Measurement,
    MetricEvaluation,
    Money,
    PeriodTotals,
    Portfolio,
    Project,
    RootSolution,
    SelectionProblem,
    Template,
    ahp_weights,
    Totals,
    Transition,
    ValueMetric,
    builtin_template,
    builtin_templates,
    cumipmt,
    cumprinc,
    db,
    ddb,
    effect,
    fv,
    ipmt,
    irr,
    irr_all_roots,
    irr_batch,
    irr_of_times,
    irr_solve,
    mirr,
    nominal,
    npv,
    npv_batch,
    npv_t0,
    nper,
    pmt,
    ppmt,
    pv,
    rate,
    rate_solve,
    sln,
    syd,
    xirr,
    xirr_batch,
    xirr_solve,
    xnpv,
    xnpv_with,
    weighted_scores,
    year_fraction,
    ImportReport,
    import_csv,
    import_workbook,
    export_csv,
    export_xlsx,
)

__version__: str = _valuepm.__version__


class LifecycleState(str, enum.Enum):
    """Where a project stands in its lifecycle. Compares equal to its name (``"on_hold"``).

    proposed -> approved | rejected | cancelled; approved -> active | on_hold | cancelled;
    rejected -> proposed; active -> on_hold | completed | cancelled;
    on_hold -> active | approved | cancelled; completed and cancelled are final.
    """

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, name: str) -> LifecycleState:
        """The state named ``name``; ``ValidationError`` (path ``state``) if there is none."""
        _valuepm._allowed_transitions(name)
        return cls(name)

    def allowed_transitions(self) -> List[LifecycleState]:
        """The states this state may move to (the core's lifecycle table)."""
        return [LifecycleState(s) for s in _valuepm._allowed_transitions(self.value)]

    def can_transition_to(self, to: str) -> bool:
        """Whether ``self -> to`` is allowed."""
        return str(to) in _valuepm._allowed_transitions(self.value)

    def is_final(self) -> bool:
        """Whether no transition leaves this state."""
        return not _valuepm._allowed_transitions(self.value)


_MONEY_COLUMNS = (
    ("planned_cost", lambda e: e.planned.cost),
    ("planned_benefit", lambda e: e.planned.benefit),
    ("planned_net", lambda e: e.planned.net),
    ("actual_cost_to_date", lambda e: e.actual_to_date.cost),
    ("actual_benefit_to_date", lambda e: e.actual_to_date.benefit),
    ("forecast_cost", lambda e: e.forecast_at_completion.cost),
    ("forecast_benefit", lambda e: e.forecast_at_completion.benefit),
    ("forecast_net", lambda e: e.forecast_at_completion.net),
    ("npv", lambda e: e.npv),
    ("present_value_benefits", lambda e: e.present_value_benefits),
    ("present_value_costs", lambda e: e.present_value_costs),
    ("value_realised", lambda e: e.value_realised),
)
_RATIO_COLUMNS = (
    "roi",
    "annualised_roi",
    "forecast_roi",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "benefit_cost_ratio",
    "profitability_index",
)


class Evaluations(List[Evaluation]):
    """A list of evaluations (a portfolio) with tabular views."""

    def to_dicts(self) -> List[dict]:
        """Each evaluation's ``to_dict()``."""
        return [e.to_dict() for e in self]

    def to_rows(self, *, money: str = "decimal") -> List[dict]:
        """One flat dict per evaluation: identity, money columns, ratios (None when absent).

        ``money="decimal"`` keeps amounts exact (``Decimal``); ``money="float"`` converts
        them to floats for plotting and statistics (a display conversion, not exact).
        """
        if money not in ("decimal", "float"):
            raise InvalidArgumentError(f'money must be "decimal" or "float", got {money!r}')
        rows = []
        for e in self:
            row: dict = {
                "project_id": e.project_id,
                "as_of": e.as_of,
                "state": str(e.state),
                "currency": e.currency,
            }
            for name, get in _MONEY_COLUMNS:
                amount: Decimal = get(e).amount
                row[name] = float(amount) if money == "float" else amount
            for name in _RATIO_COLUMNS:
                row[name] = getattr(e, name)
            rows.append(row)
        return rows

    def to_pandas(self, *, money: str = "decimal") -> Any:
        """A pandas DataFrame indexed by ``project_id``, one row per evaluation (needs pandas)."""
        try:
            import pandas
        except ImportError as e:  # pragma: no cover - exercised only without pandas
            raise ImportError("Evaluations.to_pandas() needs pandas: pip install pandas") from e
        frame = pandas.DataFrame(self.to_rows(money=money))
        if len(frame):
            frame = frame.set_index("project_id")
        return frame


def evaluate_many(projects: Iterable[Project], as_of: Any) -> Evaluations:
    """Evaluates every project on ``as_of`` (with the GIL released for the whole batch)."""
    return Evaluations(_valuepm._evaluate_many(list(projects), as_of))


__all__ = [
    "ConvergenceError",
    "CurrencyMismatchError",
    "DecimalOverflowError",
    "InvalidArgumentError",
    "LifecycleError",
    "MissingExchangeRateError",
    "NoSolutionError",
    "NotFoundError",
    "ParseError",
    "UnsupportedSchemaVersionError",
    "ValidationError",
    "ValuePMError",
    "CancelledError",
    "TamperedError",
    "TableImportError",
    "AuditTrail",
    "ProjectChange",
    "query_trails",
    "migrate_document",
    "CashFlow",
    "CashFlowSeries",
    "Currency",
    "EarnedValue",
    "Evaluation",
    "RiskAdjustment",
    "SimulationResult",
    "Trend",
    "HoltModel",
    "HoltForecast",
    "holt_fit",
    "holt_forecast",
    "level_shifts",
    "ols_trend",
    "robust_z_anomalies",
    "robust_z_scores",
    "theil_sen_trend",
    "Evaluations",
    "ExchangeRates",
    "LifecycleState",
    "LineItem",
    "Measurement",
    "MetricEvaluation",
    "Money",
    "PeriodTotals",
    "Portfolio",
    "Project",
    "RootSolution",
    "SelectionProblem",
    "ahp_weights",
    "weighted_scores",
    "Template",
    "Totals",
    "Transition",
    "ValueMetric",
    "builtin_template",
    "builtin_templates",
    "cumipmt",
    "cumprinc",
    "db",
    "ddb",
    "effect",
    "evaluate_many",
    "fv",
    "ipmt",
    "irr",
    "irr_all_roots",
    "irr_batch",
    "irr_of_times",
    "irr_solve",
    "mirr",
    "nominal",
    "npv",
    "npv_batch",
    "npv_t0",
    "nper",
    "pmt",
    "ppmt",
    "pv",
    "rate",
    "rate_solve",
    "sln",
    "syd",
    "xirr",
    "xirr_batch",
    "xirr_solve",
    "xnpv",
    "xnpv_with",
    "year_fraction",
    "ImportReport",
    "import_csv",
    "import_workbook",
    "export_csv",
    "export_xlsx",
]
