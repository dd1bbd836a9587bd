//! Every conversion between Python values and core values, in one place.
//!
//! - Numbers for the finance functions: a `list`/`tuple` of numbers (fast path), a
//!   1-D float64 numpy array (borrowed, not copied), or anything numpy turns into one
//!   (pandas `Series`, other dtypes, iterables).
//! - Dates: `datetime.date`, `datetime.datetime` (its date), ISO `YYYY-MM-DD` strings
//!   (or RFC 3339 timestamps), numpy `datetime64` scalars and arrays, pandas Series.
//! - Decimals (money amounts): `decimal.Decimal`, `int`, `str`, or a `float` read
//!   through its shortest repr (`repr(0.1) == "0.1"`, so `0.1` is exactly `0.1`).
//!   Money comes out as `decimal.Decimal`.
//! - Records (projects, templates, options, results) cross as the core's serde JSON:
//!   [`json_from_py`] builds a `serde_json::Value` from dicts and lists (Decimal → decimal
//!   string, date → ISO string), and the core's `document::from_value` gives the typed
//!   value with validation errors at the field path. [`json_to_py`] turns a result's
//!   JSON form into plain Python values (`to_dict()`).

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use numpy::{PyArray1, PyArray2, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};
use valuepm_core::finance::PaymentTiming;
use valuepm_core::money::{Currency, Money};
use valuepm_core::{document, Error};

use crate::error::{invalid_argument, validation, OrRaise};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
static TOORDINAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static MAP: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

fn numpy(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    NUMPY.get_or_try_init(py, || Ok(py.import("numpy")?.unbind())).map(|m| m.bind(py))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

fn is_numpy_datetime64(obj: &Bound<'_, PyAny>) -> bool {
    type_name(obj) == "datetime64"
}

// ---------------------------------------------------------------------------------
// Decimals and money

/// Parses decimal text as the core does: plain (`"1234.50"`) or scientific (`"1e3"`).
fn parse_decimal_text(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        Decimal::from_str_exact(t).ok()
    }
}

/// The decimal text of a Python amount: `Decimal`, `int`, `str`, or a float through
/// its shortest repr. `None` for anything else or a non-finite value.
fn decimal_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let py = obj.py();
    if obj.is_instance_of::<PyBool>() {
        return Ok(None);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() || obj.is_instance(decimal_type(py)?)? {
        return Ok(Some(obj.str()?.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyFloat>() {
        // Rust's `Display` of an f64 is its shortest round-trip form, the digits of
        // Python's `repr(float)` (as the core's own float-to-money conversion).
        let x: f64 = obj.extract()?;
        return Ok(x.is_finite().then(|| format!("{x}")));
    }
    Ok(None)
}

/// A Python amount as an exact decimal (for `argument`).
pub fn decimal_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<Decimal> {
    let py = obj.py();
    match decimal_text(obj)? {
        Some(text) => parse_decimal_text(&text)
            .ok_or_else(|| invalid_argument(py, argument, format!("`{text}` is not a finite decimal amount"))),
        None => Err(invalid_argument(
            py,
            argument,
            format!("expected a Decimal, int, str or float amount, got {}", type_name(obj)),
        )),
    }
}

/// A decimal as a Python `decimal.Decimal`.
pub fn decimal_to_py(py: Python<'_>, value: Decimal) -> PyResult<Bound<'_, PyAny>> {
    decimal_type(py)?.call1((value.to_string(),))
}

/// A currency from a code string or a `Currency`.
pub fn currency_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Currency> {
    if let Ok(c) = obj.cast::<crate::money::PyCurrency>() {
        return Ok(c.get().inner);
    }
    let code: String = obj.str()?.extract()?;
    Currency::new(&code).or_raise()
}

/// Money from a `Money`, a `{"amount", "currency"}` mapping, or an amount in
/// `currency` (required then).
pub fn money_from_py(obj: &Bound<'_, PyAny>, currency: Option<Currency>, argument: &str) -> PyResult<Money> {
    if let Ok(m) = obj.cast::<crate::money::PyMoney>() {
        return Ok(m.get().inner);
    }
    if obj.is_instance_of::<PyDict>() {
        return record_from_py(obj, argument);
    }
    let currency =
        currency.ok_or_else(|| invalid_argument(obj.py(), argument, "an amount needs a currency: pass a Money"))?;
    Ok(Money::new(decimal_from_py(obj, argument)?, currency))
}

// ---------------------------------------------------------------------------------
// Dates

fn ordinal_date(ordinal: i64) -> Option<NaiveDate> {
    i32::try_from(ordinal).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::from_str(t).ok().or_else(|| parse_datetime_text(t).map(|d| d.date_naive()))
}

fn parse_datetime_text(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, format) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::from_str(t).ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
}

/// A date from a `date`/`datetime` (its calendar date), an ISO string or a numpy
/// `datetime64`.
pub fn date_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<NaiveDate> {
    let py = obj.py();
    let bad = |what: String| invalid_argument(py, argument, what);
    if obj.is_instance(date_type(py)?)? {
        let ordinal: i64 = obj.call_method0(intern!(py, "toordinal")).and_then(|o| o.extract()).map_err(|e| {
            bad(format!("{} is not a usable date ({e})", obj.repr().map_or_else(|_| "?".into(), |r| r.to_string())))
        })?;
        return ordinal_date(ordinal).ok_or_else(|| bad(format!("ordinal {ordinal} is out of range")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow()?;
        return parse_date_text(&text).ok_or_else(|| bad(format!("`{text}` is not an ISO date (YYYY-MM-DD)")));
    }
    if is_numpy_datetime64(obj) {
        let item = obj.call_method1(intern!(py, "astype"), ("datetime64[D]",))?.call_method0(intern!(py, "item"))?;
        if item.is_none() {
            return Err(bad("NaT is not a date".to_owned()));
        }
        return date_from_py(&item, argument);
    }
    Err(bad(format!("expected a date, datetime, ISO date string or numpy datetime64, got {}", type_name(obj))))
}

/// A list of dates from a sequence of dates, a numpy `datetime64` array or a pandas
/// `Series` / `DatetimeIndex`.
pub fn dates_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<Vec<NaiveDate>> {
    let py = obj.py();
    if let Ok(list) = obj.cast::<PyList>() {
        if let Some(dates) = date_objects(list)? {
            return Ok(dates);
        }
        return list.iter().map(|d| date_from_py(&d, argument)).collect();
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return tuple.iter().map(|d| date_from_py(&d, argument)).collect();
    }
    if obj.is_instance_of::<PyString>() {
        return Err(invalid_argument(py, argument, "expected a sequence of dates, got a str"));
    }
    if let Ok(dtype) = obj.getattr(intern!(py, "dtype")) {
        if dtype.getattr(intern!(py, "kind")).and_then(|k| k.extract::<String>()).is_ok_and(|k| k == "M") {
            let days = numpy(py)?
                .call_method1(intern!(py, "asarray"), (obj,))?
                .call_method1(intern!(py, "astype"), ("datetime64[D]",))?
                .call_method1(intern!(py, "astype"), ("int64",))?;
            let days = days
                .cast_into::<PyArray1<i64>>()
                .map_err(|_| invalid_argument(py, argument, "a datetime64 array of dates must be one-dimensional"))?;
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            let days = days.readonly();
            return days
                .as_array()
                .iter()
                .map(|&d| {
                    (d != i64::MIN)
                        .then(|| epoch.checked_add_signed(chrono::TimeDelta::days(d)))
                        .flatten()
                        .ok_or_else(|| invalid_argument(py, argument, "holds NaT or a date out of range"))
                })
                .collect();
        }
    }
    obj.try_iter()
        .map_err(|_| invalid_argument(py, argument, format!("expected a sequence of dates, got {}", type_name(obj))))?
        .map(|d| date_from_py(&d?, argument))
        .collect()
}

/// A list of `date` / `datetime` objects, read fast: `map(date.toordinal, list)` calls
/// the method descriptor at C level (half the cost of a method call per element under
/// the limited API). `None` when the list holds anything else (the caller then reads
/// each element with its own error message).
fn date_objects(list: &Bound<'_, PyList>) -> PyResult<Option<Vec<NaiveDate>>> {
    let py = list.py();
    let date = date_type(py)?;
    if list.is_empty() || !list.get_item(0)?.is_instance(date)? {
        return Ok(None);
    }
    let toordinal = TOORDINAL.get_or_try_init(py, || Ok::<_, PyErr>(date.getattr("toordinal")?.unbind()))?.bind(py);
    let Ok(ordinals) = MAP.import(py, "builtins", "map")?.call1((toordinal, list)) else { return Ok(None) };
    let mut dates = Vec::with_capacity(list.len());
    for ordinal in ordinals.try_iter()? {
        let Some(date) = ordinal.ok().and_then(|o| o.extract::<i64>().ok()).and_then(ordinal_date) else {
            return Ok(None);
        };
        dates.push(date);
    }
    Ok(Some(dates))
}

/// A UTC timestamp from an aware `datetime` (converted to UTC), a naive one (taken as
/// UTC), a `date` (midnight UTC), an ISO/RFC 3339 string or a numpy `datetime64`.
pub fn datetime_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<DateTime<Utc>> {
    let py = obj.py();
    let bad = |what: String| invalid_argument(py, argument, what);
    let text = if obj.is_instance(datetime_type(py)?)? {
        let aware = !obj.getattr(intern!(py, "tzinfo"))?.is_none();
        let utc = if aware { obj.call_method1(intern!(py, "astimezone"), (utc(py)?,))? } else { obj.clone() };
        utc.call_method0(intern!(py, "isoformat"))?.extract::<String>()?
    } else if obj.is_instance(date_type(py)?)? {
        obj.call_method0(intern!(py, "isoformat"))?.extract::<String>()?
    } else if let Ok(s) = obj.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else if is_numpy_datetime64(obj) {
        let item = obj.call_method1(intern!(py, "astype"), ("datetime64[us]",))?.call_method0(intern!(py, "item"))?;
        if item.is_none() {
            return Err(bad("NaT is not a timestamp".to_owned()));
        }
        return datetime_from_py(&item, argument);
    } else {
        return Err(bad(format!("expected a datetime, date or ISO timestamp string, got {}", type_name(obj))));
    };
    parse_datetime_text(&text).ok_or_else(|| bad(format!("`{text}` is not an ISO timestamp")))
}

fn utc(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    UTC.get_or_try_init(py, || Ok(py.import("datetime")?.getattr("timezone")?.getattr("utc")?.unbind()))
        .map(|u| u.bind(py))
}

/// The current time as an aware `datetime` (the core reads no clock).
pub fn now_utc(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    datetime_type(py)?.call_method1("now", (utc(py)?,))
}

/// A date as `datetime.date`.
pub fn date_to_py(py: Python<'_>, date: NaiveDate) -> PyResult<Bound<'_, PyAny>> {
    use chrono::Datelike;
    date_type(py)?.call1((date.year(), date.month(), date.day()))
}

/// A UTC timestamp as an aware `datetime.datetime`.
pub fn datetime_to_py(py: Python<'_>, at: DateTime<Utc>) -> PyResult<Bound<'_, PyAny>> {
    use chrono::{Datelike, Timelike};
    let kwargs = PyDict::new(py);
    kwargs.set_item("tzinfo", utc(py)?)?;
    datetime_type(py)?.call(
        (at.year(), at.month(), at.day(), at.hour(), at.minute(), at.second(), at.timestamp_subsec_micros()),
        Some(&kwargs),
    )
}

// ---------------------------------------------------------------------------------
// Numbers for the finance functions

/// Flows read from Python: a borrowed numpy buffer or an owned vector.
pub enum Floats<'py> {
    /// A contiguous float64 numpy array, read in place.
    Array(PyReadonlyArray1<'py, f64>),
    /// Values copied from a list, tuple or iterable.
    Owned(Vec<f64>),
}

impl Floats<'_> {
    /// The values.
    pub fn as_slice(&self) -> &[f64] {
        match self {
            Floats::Array(a) => a.as_slice().unwrap_or(&[]),
            Floats::Owned(v) => v,
        }
    }
}

fn float_items<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>, len: usize, argument: &str) -> PyResult<Vec<f64>> {
    let mut out = Vec::with_capacity(len);
    for (i, item) in items.enumerate() {
        let x = match item.cast::<PyFloat>() {
            Ok(f) => f.value(),
            Err(_) => number(&item).ok_or_else(|| {
                invalid_argument(
                    item.py(),
                    argument,
                    format!("element [{i}] is {} of type {}, not a number", short_repr(&item), type_name(&item)),
                )
            })?,
        };
        out.push(x);
    }
    Ok(out)
}

fn number(item: &Bound<'_, PyAny>) -> Option<f64> {
    if item.is_instance_of::<PyString>() {
        None
    } else {
        item.extract::<f64>().ok()
    }
}

fn short_repr(obj: &Bound<'_, PyAny>) -> String {
    let text = obj.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string());
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// One number (a rate, a period count) for `argument`.
pub fn float_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<f64> {
    number(obj).ok_or_else(|| {
        invalid_argument(obj.py(), argument, format!("expected a number, got {} ({})", short_repr(obj), type_name(obj)))
    })
}

/// A 1-D sequence of numbers for `argument`; numpy float64 arrays are borrowed.
pub fn floats_from_py<'py>(obj: &Bound<'py, PyAny>, argument: &str) -> PyResult<Floats<'py>> {
    let py = obj.py();
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        // The C-level iterator costs one call per element under the limited API
        // (indexing costs a size check, an item lookup and a reference-count update).
        let items = obj.try_iter()?.map(|item| item.unwrap_or_else(|_| py.None().into_bound(py)));
        return float_items(items, obj.len()?, argument).map(Floats::Owned);
    }
    if obj.is_instance_of::<PyString>() {
        return Err(invalid_argument(py, argument, "expected a sequence of numbers, got a str"));
    }
    if obj.hasattr(intern!(py, "__array__"))? || obj.hasattr(intern!(py, "__array_interface__"))? {
        let array = match obj.cast::<PyArray1<f64>>() {
            Ok(a) => a.clone(),
            Err(_) => numpy(py)?
                .call_method1(intern!(py, "ascontiguousarray"), (obj, "float64"))
                .map_err(|e| invalid_argument(py, argument, format!("cannot be read as numbers: {e}")))?
                .cast_into::<PyArray1<f64>>()
                .map_err(|_| invalid_argument(py, argument, "must be one-dimensional"))?,
        };
        let readonly = array.readonly();
        if readonly.as_slice().is_ok() {
            return Ok(Floats::Array(readonly));
        }
        return Ok(Floats::Owned(readonly.as_array().to_vec()));
    }
    let iter = obj.try_iter().map_err(|_| {
        invalid_argument(py, argument, format!("expected a sequence of numbers, got {}", type_name(obj)))
    })?;
    let items: Vec<Bound<'py, PyAny>> = iter.collect::<PyResult<_>>()?;
    let len = items.len();
    float_items(items.into_iter(), len, argument).map(Floats::Owned)
}

/// Many flow lists: a 2-D numpy array (rows borrowed) or a sequence of sequences.
pub enum Rows<'py> {
    /// A C-contiguous float64 matrix, one project per row.
    Matrix(PyReadonlyArray2<'py, f64>),
    /// One sequence per project (rows may differ in length).
    Lists(Vec<Floats<'py>>),
}

impl Rows<'_> {
    /// Each row's values.
    pub fn rows(&self) -> Vec<&[f64]> {
        match self {
            Rows::Matrix(m) => {
                let columns = m.shape()[1];
                let data = m.as_slice().unwrap_or(&[]);
                if columns == 0 {
                    vec![&[][..]; m.shape()[0]]
                } else {
                    data.chunks_exact(columns).collect()
                }
            }
            Rows::Lists(rows) => rows.iter().map(Floats::as_slice).collect(),
        }
    }
}

/// Rows of numbers for `argument`: a 2-D array(-like) or a list of flow lists.
pub fn rows_from_py<'py>(obj: &Bound<'py, PyAny>, argument: &str) -> PyResult<Rows<'py>> {
    let py = obj.py();
    if obj.hasattr(intern!(py, "__array__"))? && !obj.is_instance_of::<PyList>() {
        let array = match obj.cast::<PyArray2<f64>>() {
            Ok(a) if a.is_c_contiguous() => a.clone(),
            _ => numpy(py)?
                .call_method1(intern!(py, "ascontiguousarray"), (obj, "float64"))
                .map_err(|e| invalid_argument(py, argument, format!("cannot be read as numbers: {e}")))?
                .cast_into::<PyArray2<f64>>()
                .map_err(|_| invalid_argument(py, argument, "must be two-dimensional (one row per project)"))?,
        };
        return Ok(Rows::Matrix(array.readonly()));
    }
    let iter = obj.try_iter().map_err(|_| {
        invalid_argument(py, argument, format!("expected a 2-D array or a list of flow lists, got {}", type_name(obj)))
    })?;
    let mut rows = Vec::new();
    for row in iter {
        rows.push(floats_from_py(&row?, argument)?);
    }
    Ok(Rows::Lists(rows))
}

/// The spreadsheet's `type`: 0, `False` or `"end"` for payments at the end of each
/// period; 1, `True` or `"begin"` for the beginning.
pub fn timing_from_py(obj: &Bound<'_, PyAny>) -> PyResult<PaymentTiming> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return match &*s.to_cow()? {
            "end" => Ok(PaymentTiming::End),
            "begin" => Ok(PaymentTiming::Begin),
            other => Err(invalid_argument(py, "type", format!("must be 0, 1, \"end\" or \"begin\", got {other:?}"))),
        };
    }
    match number(obj) {
        Some(0.0) => Ok(PaymentTiming::End),
        Some(1.0) => Ok(PaymentTiming::Begin),
        _ => Err(invalid_argument(py, "type", format!("must be 0, 1, \"end\" or \"begin\", got {}", short_repr(obj)))),
    }
}

// ---------------------------------------------------------------------------------
// Records: Python values <-> the core's serde JSON

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A Python value as JSON for a record at `path`: dicts, lists, tuples, str, int,
/// float, bool, None, `Decimal` (→ decimal string), dates (→ ISO), ValuePM objects
/// (→ their document form), numpy scalars and arrays. In a mapping that holds both
/// `amount` and `currency`, an int or float `amount` becomes a decimal string (a float
/// through its shortest repr), so `{"amount": 100, "currency": "EUR"}` is money.
pub fn json_from_py(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(validation(py, path, format!("integer {} is too large", short_repr(obj))));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| validation(py, path, format!("{} is not a finite number", f.value())));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let is_money = dict.contains("amount")? && dict.contains("currency")?;
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let key: String =
                key.extract().map_err(|_| validation(py, path, format!("key {} is not a string", short_repr(&key))))?;
            let at = join(path, &key);
            let value = if is_money && key == "amount" && !value.is_instance_of::<PyString>() {
                match decimal_text(&value)? {
                    Some(text) => Value::String(text),
                    None => json_from_py(&value, &at)?,
                }
            } else {
                json_from_py(&value, &at)?
            };
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj
            .try_iter()?
            .enumerate()
            .map(|(i, item)| json_from_py(&item?, &format!("{path}[{i}]")))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if obj.is_instance(decimal_type(py)?)? {
        return Ok(Value::String(obj.str()?.to_cow()?.into_owned()));
    }
    if obj.is_instance(datetime_type(py)?)? {
        return Ok(Value::String(datetime_from_py(obj, path)?.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)));
    }
    if obj.is_instance(date_type(py)?)? || is_numpy_datetime64(obj) {
        return Ok(Value::String(date_from_py(obj, path)?.to_string()));
    }
    if let Ok(c) = obj.cast::<crate::money::PyCurrency>() {
        return Ok(Value::String(c.get().inner.code().to_owned()));
    }
    if obj.hasattr(intern!(py, "to_dict"))? {
        return json_from_py(&obj.call_method0(intern!(py, "to_dict"))?, path);
    }
    if obj.hasattr(intern!(py, "tolist"))? {
        return json_from_py(&obj.call_method0(intern!(py, "tolist"))?, path);
    }
    if let Ok(items) = obj.call_method0(intern!(py, "items")) {
        return json_from_py(&PyDict::from_sequence(&items)?.into_any(), path);
    }
    Err(validation(py, path, format!("a {} cannot be part of a document", type_name(obj))))
}

/// JSON as plain Python values (dict, list, str, int, float, bool, None).
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A typed record from a Python value, through the core's `document::from_value`
/// (validation errors at the field path, prefixed with `path` when given).
pub fn record_from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<T> {
    let value = json_from_py(obj, "")?;
    document::from_value(value).map_err(|e| if path.is_empty() { e } else { e.at(path) }).or_raise()
}

/// A typed value from its serde name (an enum such as a day count or a period).
pub fn name_from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<T> {
    let name: String = obj
        .str()
        .and_then(|s| s.extract())
        .map_err(|_| validation(obj.py(), path, format!("expected a name, got {}", type_name(obj))))?;
    document::from_value(Value::String(name)).map_err(|e| e.at(path)).or_raise()
}

/// The serde JSON of a core value.
pub fn to_json_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Parse { document: "result", message: e.to_string() })
}

/// A core value's JSON form as plain Python values (`to_dict()`).
pub fn record_to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    json_to_py(py, &to_json_value(value).or_raise()?)
}

/// The serde name of a core enum value (`"on_hold"`).
pub fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A core value's pretty JSON text.
pub fn to_json_text<T: Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::Parse { document: "result", message: e.to_string() })
        .or_raise()
}

/// A record type from JSON text (no schema version: plain records).
pub fn record_from_json<T: DeserializeOwned>(text: &str, what: &'static str) -> PyResult<T> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| Error::Parse { document: what, message: e.to_string() }).or_raise()?;
    document::from_value(value).or_raise()
}
