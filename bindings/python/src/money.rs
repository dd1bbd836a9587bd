//! Wraps `valuepm_core::money`: `Currency`, `Money` and `ExchangeRates`.

use std::sync::RwLock;

use pyo3::basic::CompareOp;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};
use valuepm_core::money::{Currency, ExchangeRates, Money};
use valuepm_core::Error;

use crate::convert::{currency_from_py, decimal_from_py, decimal_to_py, money_from_py, record_from_py, record_to_py};
use crate::error::{run, OrRaise};

/// An ISO 4217 currency (`Currency("EUR")`); compares equal to its code string.
#[pyclass(frozen, name = "Currency", module = "valuepm")]
pub struct PyCurrency {
    pub inner: Currency,
}

#[pymethods]
impl PyCurrency {
    #[new]
    fn new(code: &str) -> PyResult<Self> {
        Currency::new(code).or_raise().map(|inner| PyCurrency { inner })
    }

    /// The three-letter code.
    #[getter]
    fn code(&self) -> &str {
        self.inner.code()
    }

    /// Decimal places of the minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    #[getter]
    fn minor_units(&self) -> u32 {
        self.inner.minor_units()
    }

    fn __str__(&self) -> &str {
        self.inner.code()
    }

    fn __repr__(&self) -> String {
        format!("Currency('{}')", self.inner.code())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        if let Ok(c) = other.cast::<PyCurrency>() {
            return c.get().inner == self.inner;
        }
        other.extract::<String>().is_ok_and(|s| s == self.inner.code())
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        pyo3::types::PyString::new(py, self.inner.code()).hash()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let code = slf.get().inner.code().to_owned();
        PyTuple::new(slf.py(), [slf.get_type().into_any(), PyTuple::new(slf.py(), [code])?.into_any()])
    }
}

/// An exact amount of money in one currency: `Money("1234.50", "EUR")`.
///
/// The amount may be a `decimal.Decimal`, an `int`, a `str`, or a `float` (read through
/// its shortest repr, so `Money(0.1, "EUR").amount == Decimal("0.1")`). `amount` is a
/// `Decimal`. Arithmetic is exact; mixing currencies raises `CurrencyMismatchError`.
#[pyclass(frozen, name = "Money", module = "valuepm")]
pub struct PyMoney {
    pub inner: Money,
}

impl PyMoney {
    /// Wraps a core money value.
    pub fn wrap(inner: Money) -> Self {
        PyMoney { inner }
    }
}

/// `money` as a Python `Money`.
pub fn money_to_py(py: Python<'_>, money: Money) -> PyResult<Bound<'_, PyMoney>> {
    Bound::new(py, PyMoney::wrap(money))
}

#[pymethods]
impl PyMoney {
    #[new]
    fn new(amount: &Bound<'_, PyAny>, currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        let currency = currency_from_py(currency)?;
        Ok(PyMoney::wrap(Money::new(decimal_from_py(amount, "amount")?, currency)))
    }

    /// Parses a decimal string amount and a currency code (as the core's `Money::parse`).
    #[staticmethod]
    fn parse(amount: &str, currency: &str) -> PyResult<Self> {
        Money::parse(amount, currency).or_raise().map(PyMoney::wrap)
    }

    /// Zero in `currency`.
    #[staticmethod]
    fn zero(currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyMoney::wrap(Money::zero(currency_from_py(currency)?)))
    }

    /// Money from its document form `{"amount": "1.50", "currency": "EUR"}`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        record_from_py(data, "").map(PyMoney::wrap)
    }

    /// The exact sum of `amounts` (Money objects or money dicts) in `currency`; an item
    /// in another currency raises `CurrencyMismatchError`.
    #[staticmethod]
    fn sum(currency: &Bound<'_, PyAny>, amounts: &Bound<'_, PyAny>) -> PyResult<Self> {
        let currency = currency_from_py(currency)?;
        let items = amounts
            .try_iter()?
            .enumerate()
            .map(|(i, m)| money_from_py(&m?, Some(currency), &format!("amounts[{i}]")))
            .collect::<PyResult<Vec<_>>>()?;
        run(|| Money::sum(currency, &items)).or_raise().map(PyMoney::wrap)
    }

    /// The exact amount.
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal_to_py(py, self.inner.amount())
    }

    /// The currency code.
    #[getter]
    fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// Rounded to the currency's minor unit, half to even.
    fn round(&self) -> Self {
        PyMoney::wrap(self.inner.round())
    }

    /// Whether the amount is exactly zero.
    fn is_zero(&self) -> bool {
        self.inner.is_zero()
    }

    /// Whether the amount is below zero.
    fn is_negative(&self) -> bool {
        self.inner.is_negative()
    }

    /// This amount in `to` at the rates of `rates` (exact, not rounded).
    fn convert(&self, to: &Bound<'_, PyAny>, rates: &PyExchangeRates) -> PyResult<Self> {
        let to = currency_from_py(to)?;
        let rates = rates.read();
        run(|| rates.convert(&self.inner, to)).or_raise().map(PyMoney::wrap)
    }

    /// The document form: `{"amount": "<decimal string>", "currency": "<code>"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner)
    }

    fn __add__(&self, other: &Bound<'_, PyMoney>) -> PyResult<Self> {
        run(|| self.inner.checked_add(&other.get().inner)).or_raise().map(PyMoney::wrap)
    }

    fn __sub__(&self, other: &Bound<'_, PyMoney>) -> PyResult<Self> {
        run(|| self.inner.checked_sub(&other.get().inner)).or_raise().map(PyMoney::wrap)
    }

    fn __mul__(&self, factor: &Bound<'_, PyAny>) -> PyResult<Self> {
        let factor = decimal_from_py(factor, "factor")?;
        run(|| self.inner.checked_mul(factor)).or_raise().map(PyMoney::wrap)
    }

    fn __rmul__(&self, factor: &Bound<'_, PyAny>) -> PyResult<Self> {
        self.__mul__(factor)
    }

    fn __neg__(&self) -> Self {
        PyMoney::wrap(self.inner.negated())
    }

    fn __abs__(&self) -> Self {
        PyMoney::wrap(self.inner.abs())
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let Ok(other) = other.cast::<PyMoney>() else { return Ok(py.NotImplemented()) };
        let other = other.get().inner;
        let result = match op {
            CompareOp::Eq => self.inner == other,
            CompareOp::Ne => self.inner != other,
            _ => {
                if self.inner.currency() != other.currency() {
                    return Err(Error::CurrencyMismatch {
                        context: "compare".to_owned(),
                        expected: self.inner.currency().code().to_owned(),
                        found: other.currency().code().to_owned(),
                    })
                    .or_raise();
                }
                op.matches(self.inner.amount().cmp(&other.amount()))
            }
        };
        Ok(pyo3::types::PyBool::new(py, result).to_owned().into_any().unbind())
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let key = (self.inner.amount().normalize().to_string(), self.inner.currency().code().to_owned());
        key.into_pyobject(py)?.hash()
    }

    fn __repr__(&self) -> String {
        format!("Money('{}', '{}')", self.inner.amount(), self.inner.currency())
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let m = slf.get().inner;
        let args = PyTuple::new(py, [m.amount().to_string(), m.currency().code().to_owned()])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// A table of explicit exchange rates: 1 unit of `from` buys `rate` units of `to`.
/// Conversion uses the direct pair or the inverse of the reverse pair; nothing is
/// triangulated.
#[pyclass(frozen, name = "ExchangeRates", module = "valuepm")]
pub struct PyExchangeRates {
    inner: RwLock<ExchangeRates>,
}

impl PyExchangeRates {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, ExchangeRates> {
        self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[pymethods]
impl PyExchangeRates {
    /// `rates`: a mapping `{("EUR", "USD"): Decimal("1.08"), ...}`, or a list of
    /// `{"from", "to", "rate"}` dicts (the document form), or None for an empty table.
    #[new]
    #[pyo3(signature = (rates=None))]
    fn new(rates: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut table = ExchangeRates::new();
        if let Some(rates) = rates {
            if let Ok(dict) = rates.cast::<PyDict>() {
                for (pair, rate) in dict.iter() {
                    let (from, to): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
                    table
                        .set(currency_from_py(&from)?, currency_from_py(&to)?, decimal_from_py(&rate, "rate")?)
                        .or_raise()?;
                }
            } else {
                for (i, entry) in rates.try_iter()?.enumerate() {
                    let entry = entry?;
                    let get = |k: &str| entry.get_item(k);
                    let at = format!("rates[{i}]");
                    table
                        .set(
                            currency_from_py(&get("from")?)?,
                            currency_from_py(&get("to")?)?,
                            decimal_from_py(&get("rate")?, &at)?,
                        )
                        .or_raise()?;
                }
            }
        }
        Ok(PyExchangeRates { inner: RwLock::new(table) })
    }

    /// The table from its document form `{"rates": [{"from", "to", "rate"}, ...]}`.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let table: ExchangeRates = record_from_py(data, "")?;
        table.validate().or_raise()?;
        Ok(PyExchangeRates { inner: RwLock::new(table) })
    }

    /// Checks the table (positive rates between two different currencies).
    fn validate(&self) -> PyResult<()> {
        self.read().validate().or_raise()
    }

    /// Sets (or replaces) the rate from `from_currency` to `to_currency`; positive.
    fn set(
        &self,
        from_currency: &Bound<'_, PyAny>,
        to_currency: &Bound<'_, PyAny>,
        rate: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let (from, to) = (currency_from_py(from_currency)?, currency_from_py(to_currency)?);
        let rate = decimal_from_py(rate, "rate")?;
        let mut table = self.inner.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        table.set(from, to, rate).or_raise()
    }

    /// The rate from `from_currency` to `to_currency` (1 for the same currency).
    fn rate<'py>(
        &self,
        py: Python<'py>,
        from_currency: &Bound<'_, PyAny>,
        to_currency: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (from, to) = (currency_from_py(from_currency)?, currency_from_py(to_currency)?);
        let rate = self.read().rate(from, to).or_raise()?;
        decimal_to_py(py, rate)
    }

    /// `money` in `to`, exact (call `.round()` for the minor unit).
    fn convert(&self, money: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>) -> PyResult<PyMoney> {
        let money = money_from_py(money, None, "money")?;
        let to = currency_from_py(to)?;
        let table = self.read();
        run(|| table.convert(&money, to)).or_raise().map(PyMoney::wrap)
    }

    /// The document form `{"rates": [{"from", "to", "rate"}, ...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &*self.read())
    }

    fn __len__(&self) -> PyResult<usize> {
        let value = crate::convert::to_json_value(&*self.read()).or_raise()?;
        Ok(value.get("rates").and_then(|r| r.as_array()).map_or(0, Vec::len))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyExchangeRates>().is_ok_and(|o| *o.get().read() == *self.read())
    }

    fn __repr__(&self) -> PyResult<String> {
        let value = crate::convert::to_json_value(&*self.read()).or_raise()?;
        let pairs: Vec<String> = value
            .get("rates")
            .and_then(|r| r.as_array())
            .map(|rates| {
                rates
                    .iter()
                    .map(|r| {
                        format!(
                            "{}->{}: {}",
                            r["from"].as_str().unwrap_or("?"),
                            r["to"].as_str().unwrap_or("?"),
                            r["rate"].as_str().unwrap_or("?")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(format!("ExchangeRates({})", pairs.join(", ")))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let state = record_to_py(py, &*slf.get().read())?;
        let from_dict = slf.get_type().getattr("from_dict")?;
        PyTuple::new(py, [from_dict, PyTuple::new(py, [state])?.into_any()])
    }
}
