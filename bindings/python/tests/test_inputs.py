"""Python-native values in and out: money, dates, flows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import valuepm

FLOWS = [-1000.0, 300.0, 400.0, 500.0]
NPV = -19.124376750221987
DATES = ["2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01"]


class TestMoney:
    @pytest.mark.parametrize(
        "amount, text",
        [
            (Decimal("1234.50"), "1234.50"),
            (1234, "1234"),
            ("1234.5", "1234.5"),
            ("1e3", "1000"),
            (0.1, "0.1"),  # a float through its shortest repr: exactly 0.1
            (1234.565, "1234.565"),
            (-2.5, "-2.5"),
        ],
    )
    def test_amounts_in(self, amount: object, text: str) -> None:
        m = valuepm.Money(amount, "EUR")
        assert isinstance(m.amount, Decimal)
        assert m.amount == Decimal(text)
        assert m.currency == "EUR"

    @pytest.mark.parametrize("amount", [float("nan"), float("inf"), "abc", True, None, [1]])
    def test_bad_amounts(self, amount: object) -> None:
        with pytest.raises(valuepm.InvalidArgumentError) as e:
            valuepm.Money(amount, "EUR")
        assert e.value.path == "amount"

    def test_exact_arithmetic(self) -> None:
        total = valuepm.Money(0.1, "EUR") + valuepm.Money("0.2", "EUR")
        assert total == valuepm.Money("0.3", "EUR")
        assert total.amount == Decimal("0.3")
        assert (total * 3).amount == Decimal("0.9")
        assert (2 * total).amount == Decimal("0.6")
        assert (-total).amount == Decimal("-0.3") and abs(-total) == total
        assert valuepm.Money("2.345", "EUR").round().amount == Decimal("2.34")  # half to even
        assert str(valuepm.Money("7", "KWD")) == "7.000 KWD"
        assert repr(valuepm.Money("1.50", "EUR")) == "Money('1.50', 'EUR')"
        assert valuepm.Money("1.0", "EUR") == valuepm.Money("1.00", "EUR")
        assert hash(valuepm.Money("1.0", "EUR")) == hash(valuepm.Money("1.00", "EUR"))
        assert valuepm.Money(1, "EUR") < valuepm.Money(2, "EUR")
        assert valuepm.Money.sum("EUR", [valuepm.Money(1, "EUR"), {"amount": "2", "currency": "EUR"}]).amount == 3
        assert valuepm.Money.zero("JPY").is_zero() and valuepm.Money(-1, "EUR").is_negative()

    def test_currency(self) -> None:
        eur = valuepm.Currency("EUR")
        assert eur.minor_units == 2 and valuepm.Currency("JPY").minor_units == 0
        assert eur == "EUR" and eur == valuepm.Currency("EUR") and hash(eur) == hash("EUR")
        assert valuepm.Money(1, eur).currency == "EUR"
        with pytest.raises(valuepm.ValidationError) as e:
            valuepm.Currency("eur")
        assert e.value.path == "currency"

    def test_exchange_rates(self) -> None:
        rates = valuepm.ExchangeRates({("EUR", "USD"): Decimal("1.25")})
        assert rates.convert(valuepm.Money(100, "EUR"), "USD") == valuepm.Money(125, "USD")
        assert valuepm.Money(125, "USD").convert("EUR", rates).amount == 100
        assert rates.rate("USD", "EUR") == Decimal("0.8")
        rates.set("EUR", "GBP", "0.85")
        assert len(rates) == 2
        with pytest.raises(valuepm.MissingExchangeRateError):
            rates.convert(valuepm.Money(1, "USD"), "JPY")
        with pytest.raises(valuepm.ValidationError):
            rates.set("EUR", "USD", 0)
        same = valuepm.ExchangeRates.from_dict(rates.to_dict())
        assert same == rates

    def test_money_dicts_take_numbers(self) -> None:
        # In documents, a money mapping's amount may be an int, float or Decimal too.
        item = valuepm.LineItem.from_dict(
            {"id": "a", "name": "A", "kind": "capex",
             "plan": {"type": "one_off", "date": "2025-01-01", "amount": {"amount": 100.5, "currency": "EUR"}}}
        )
        assert item.plan["amount"] == {"amount": "100.5", "currency": "EUR"}


class TestDates:
    @pytest.mark.parametrize(
        "value",
        [
            dt.date(2026, 3, 1),
            dt.datetime(2026, 3, 1, 23, 59),
            dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc),
            "2026-03-01",
            "2026-03-01T10:00:00Z",
            np.datetime64("2026-03-01"),
            np.datetime64("2026-03-01T10:00:00"),
            pd.Timestamp("2026-03-01"),
        ],
    )
    def test_date_kinds(self, value: object) -> None:
        assert valuepm.year_fraction("2026-01-01", value) == pytest.approx(59 / 365)

    def test_day_counts(self) -> None:
        assert valuepm.year_fraction("2020-01-01", "2021-01-01", "actual_360") == pytest.approx(366 / 360)
        assert valuepm.year_fraction("2007-02-28", "2007-03-31", "thirty_360_us") == pytest.approx(30 / 360)
        with pytest.raises(valuepm.ValidationError):
            valuepm.year_fraction("2020-01-01", "2021-01-01", "actual_999")

    @pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", 20260101, np.datetime64("NaT")])
    def test_bad_dates(self, bad: object) -> None:
        with pytest.raises(valuepm.InvalidArgumentError) as e:
            valuepm.year_fraction("2026-01-01", bad)
        assert e.value.path == "end"

    def test_date_sequences(self) -> None:
        expected = valuepm.xnpv(0.1, FLOWS, DATES)
        as_dates = [dt.date.fromisoformat(d) for d in DATES]
        for dates in (
            as_dates,
            tuple(as_dates),
            [dt.datetime.combine(d, dt.time(9)) for d in as_dates],
            np.array(DATES, dtype="datetime64[D]"),
            np.array(DATES, dtype="datetime64[ns]"),
            pd.Series(pd.to_datetime(DATES)),
            pd.DatetimeIndex(DATES),
        ):
            assert valuepm.xnpv(0.1, FLOWS, dates) == expected
            assert valuepm.xirr(FLOWS, dates) == valuepm.xirr(FLOWS, DATES)
        assert valuepm.xnpv(0.1, FLOWS, (d for d in DATES)) == expected

    def test_dates_out(self) -> None:
        project = valuepm.builtin_template("infrastructure").instantiate("p", "P", dt.date(2026, 1, 1))
        assert project.start_date == dt.date(2026, 1, 1) and isinstance(project.end_date, dt.date)
        project.transition("approved", by="board", at=dt.datetime(2026, 1, 2, 9, tzinfo=dt.timezone.utc))
        at = project.history[0].at
        assert at == dt.datetime(2026, 1, 2, 9, tzinfo=dt.timezone.utc) and at.tzinfo is not None


class TestFlows:
    @pytest.mark.parametrize(
        "values",
        [
            FLOWS,
            tuple(FLOWS),
            [-1000, 300, 400, 500],
            [Decimal(-1000), Decimal(300), Decimal(400), Decimal(500)],
            np.array(FLOWS),
            np.array(FLOWS, dtype=np.float32),
            np.array([-1000, 300, 400, 500], dtype=np.int64),
            np.array([-1000.0, 0.0, 300.0, 0.0, 400.0, 0.0, 500.0])[::2],
            pd.Series(FLOWS),
            (x for x in FLOWS),
            [np.float64(x) for x in FLOWS],
        ],
    )
    def test_flow_kinds(self, values: object) -> None:
        assert valuepm.npv(0.1, values) == pytest.approx(NPV, rel=1e-12)

    def test_npv_conventions(self) -> None:
        assert valuepm.npv(0.1, FLOWS, t0=True) == pytest.approx(NPV * 1.1)
        assert valuepm.npv_t0(0.1, FLOWS) == valuepm.npv(0.1, FLOWS, t0=True)

    @pytest.mark.parametrize("bad", [[1, "x"], "1,2,3", [[1, 2]], np.zeros((2, 2)), 5])
    def test_bad_flows(self, bad: object) -> None:
        with pytest.raises(valuepm.InvalidArgumentError) as e:
            valuepm.npv(0.1, bad)
        assert e.value.path == "values"

    def test_payment_timing(self) -> None:
        end = valuepm.pmt(0.005, 360, 200_000)
        assert end == pytest.approx(-1199.101050305505)
        assert valuepm.pmt(0.005, 360, 200_000, 0, 0) == end == valuepm.pmt(0.005, 360, 200_000, type="end")
        begin = valuepm.pmt(0.005, 360, 200_000, type=1)
        assert begin == valuepm.pmt(0.005, 360, 200_000, type="begin") == valuepm.pmt(0.005, 360, 200_000, type=True)
        with pytest.raises(valuepm.InvalidArgumentError) as e:
            valuepm.pmt(0.005, 360, 200_000, type=2)
        assert e.value.path == "type"

    def test_solvers(self) -> None:
        solution = valuepm.irr_solve([-1000, 500, 500, 500])
        assert solution.method == "newton" and solution.iterations > 0
        assert solution.rate == valuepm.irr([-1000, 500, 500, 500])
        assert "RootSolution(rate=0.2337" in repr(solution)
        assert valuepm.irr_all_roots([-100, 230, -132]) == pytest.approx([0.1, 0.2])
        assert valuepm.rate_solve(360, -1199.10, 200_000).rate == pytest.approx(0.005, rel=1e-5)
        assert valuepm.xirr_solve(FLOWS, DATES).rate == valuepm.xirr(FLOWS, DATES)
        assert valuepm.irr_of_times(FLOWS, [0, 1, 2, 3]) == pytest.approx(valuepm.irr(FLOWS))


class TestBatch:
    def test_irr_batch_matches_single_calls(self) -> None:
        rng = np.random.default_rng(7)
        values = rng.normal(100, 50, size=(200, 10))
        values[:, 0] = -600
        out = valuepm.irr_batch(values)
        assert out.dtype == np.float64 and out.shape == (200,)
        assert list(out) == [valuepm.irr(row) for row in values]
        assert list(valuepm.irr_batch(values.tolist())) == list(out)
        assert list(valuepm.irr_batch(np.asfortranarray(values))) == list(out)

    def test_ragged_lists(self) -> None:
        out = valuepm.irr_batch([[-100, 60, 60], [-100, 10, 10, 100]])
        assert out == pytest.approx([valuepm.irr([-100, 60, 60]), valuepm.irr([-100, 10, 10, 100])])

    def test_errors_raise_names_the_row(self) -> None:
        with pytest.raises(valuepm.ConvergenceError) as e:
            valuepm.irr_batch([[-100, 60, 60], [1, 2, 3]])
        assert e.value.row == 1 and "row 1" in str(e.value) and e.value.kind == "no_convergence"

    def test_errors_nan(self) -> None:
        out = valuepm.irr_batch([[-100, 60, 60], [1, 2, 3]], errors="nan")
        assert np.isfinite(out[0]) and np.isnan(out[1])
        with pytest.raises(valuepm.InvalidArgumentError):
            valuepm.irr_batch([[-100, 60, 60]], errors="ignore")

    def test_npv_and_xirr_batch(self) -> None:
        rows = np.array([FLOWS, [-500.0, 200.0, 200.0, 200.0]])
        assert valuepm.npv_batch(0.1, rows) == pytest.approx([valuepm.npv(0.1, r) for r in rows])
        assert valuepm.npv_batch([0.1, 0.2], rows, t0=True) == pytest.approx(
            [valuepm.npv_t0(0.1, rows[0]), valuepm.npv_t0(0.2, rows[1])]
        )
        with pytest.raises(valuepm.InvalidArgumentError):
            valuepm.npv_batch([0.1, 0.2, 0.3], rows)
        shared = valuepm.xirr_batch(rows, DATES)
        assert shared == pytest.approx([valuepm.xirr(r, DATES) for r in rows])
        per_row = valuepm.xirr_batch(rows, [DATES, DATES])
        assert list(per_row) == list(shared)
