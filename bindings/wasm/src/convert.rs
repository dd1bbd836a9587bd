//! Every conversion between JavaScript values and core values, in one place. The
//! accepted forms are the Node package's:
//!
//! - Flows: a `Float64Array` or an array of numbers.
//! - Dates: a `Date` (its UTC calendar date) or an ISO `YYYY-MM-DD` string (an RFC 3339
//!   timestamp is read as its UTC date); a list of dates may also be a `Float64Array` of
//!   epoch milliseconds (`Date.getTime()`).
//! - Records (projects, templates, line items, options, results) cross as the core's
//!   serde JSON (`snake_case` keys, money `{amount, currency}`): plain objects in, through
//!   the core's `document::from_value` so validation errors carry the field path, and
//!   plain objects out (serde-wasm-bindgen, JSON-compatible: maps become plain objects).
//!   A number as a money `amount` in a record is turned into its decimal string first.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use js_sys::{Array, Float64Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use valuepm_core::document;
use valuepm_core::finance::{DayCount, PaymentTiming};
use valuepm_core::Decimal;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{invalid_argument, Failure};

/// Whether `value` is `undefined` or `null` (an absent optional argument).
pub fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A number, or `null` for `None` (the Node package's `null`; wasm-bindgen would give
/// `undefined` for an `Option`).
pub fn number_or_null(value: Option<f64>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_f64)
}

/// An optional number: `undefined` / `null` is `None`.
pub fn optional_number(value: &JsValue, argument: &str) -> Result<Option<f64>, Failure> {
    if is_absent(value) {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| invalid_argument(argument, "must be a number"))
}

/// The numbers of a flows argument: a `Float64Array` or an array of numbers.
pub fn flows(value: &JsValue, argument: &str) -> Result<Vec<f64>, Failure> {
    if let Some(array) = value.dyn_ref::<Float64Array>() {
        return Ok(array.to_vec());
    }
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(invalid_argument(argument, "must be a Float64Array or an array of numbers"));
    };
    // One pass in JavaScript, then one copy: reading element by element across the
    // boundary costs about 100 ns a number, more than the finance itself.
    let packed = pack_numbers(array);
    match packed.dyn_into::<Float64Array>() {
        Ok(numbers) => Ok(numbers.to_vec()),
        Err(index) => {
            let i = index.as_f64().unwrap_or(-1.0);
            Err(invalid_argument(argument, format!("element {i} is not a number")))
        }
    }
}

#[wasm_bindgen(inline_js = "export function pack_numbers(a) {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number') return i;
    out[i] = x;
  }
  return out;
}")]
extern "C" {
    /// The array's numbers as a `Float64Array`, or the index of its first non-number.
    fn pack_numbers(array: &Array) -> JsValue;
}

/// Parses a date: `YYYY-MM-DD`, or a timestamp (RFC 3339 or without zone) as its date.
pub fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::from_str(t).ok().or_else(|| parse_datetime_text(t).map(|d| d.date_naive()))
}

/// Parses a timestamp: RFC 3339, or a date and time without zone (taken as UTC), or a
/// date (midnight UTC).
pub fn parse_datetime_text(text: &str) -> Option<DateTime<Utc>> {
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

/// The UTC calendar date of an epoch-milliseconds time value (`Date.getTime()`): whole
/// days since 1970-01-01, rounded down, straight to a date. Four times faster on wasm32
/// than through a `DateTime`, which dominated XNPV and XIRR on dated lists.
fn epoch_millis_date(ms: f64, argument: &str) -> Result<NaiveDate, Failure> {
    // JavaScript time values are whole milliseconds within ±8.64e15, so ±10⁸ days.
    let valid = ms.is_finite() && ms.abs() <= 8.64e15;
    valid
        .then(|| {
            #[allow(clippy::cast_possible_truncation)] // |ms| ≤ 8.64e15 < 2⁶³; |days| ≤ 10⁸ < 2³¹
            let days = (ms.floor() as i64).div_euclid(86_400_000) as i32;
            NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_DAYS_FROM_CE)
        })
        .flatten()
        .ok_or_else(|| invalid_argument(argument, format!("{ms} is not a time value (epoch milliseconds)")))
}

/// 1970-01-01 as days from 0001-01-01 (day 1), chrono's `num_days_from_ce`.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// The UTC time of an epoch-milliseconds time value (`Date.getTime()`).
fn epoch_millis(ms: f64, argument: &str) -> Result<DateTime<Utc>, Failure> {
    // JavaScript time values are whole milliseconds within ±8.64e15.
    let valid = ms.is_finite() && ms.abs() <= 8.64e15;
    valid
        .then(|| DateTime::from_timestamp_millis(ms.floor() as i64))
        .flatten()
        .ok_or_else(|| invalid_argument(argument, format!("{ms} is not a time value (epoch milliseconds)")))
}

/// A timestamp argument: a `Date`, or an ISO string (a date alone is midnight UTC).
pub fn timestamp(value: &JsValue, argument: &str) -> Result<DateTime<Utc>, Failure> {
    if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        return epoch_millis(d.get_time(), argument);
    }
    match value.as_string() {
        Some(text) => parse_datetime_text(&text)
            .ok_or_else(|| invalid_argument(argument, format!("`{text}` is not an ISO date or timestamp"))),
        None => Err(invalid_argument(argument, "must be a Date or an ISO date string")),
    }
}

/// A date argument: a `Date` (its UTC date) or an ISO string.
pub fn date(value: &JsValue, argument: &str) -> Result<NaiveDate, Failure> {
    if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        return epoch_millis_date(d.get_time(), argument);
    }
    match value.as_string() {
        Some(text) => parse_date_text(&text)
            .ok_or_else(|| invalid_argument(argument, format!("`{text}` is not an ISO date (YYYY-MM-DD)"))),
        None => Err(invalid_argument(argument, "must be a Date or an ISO date string")),
    }
}

/// A list of dates: a `Float64Array` of epoch milliseconds, or an array of `Date`s and
/// ISO strings.
pub fn date_list(value: &JsValue, argument: &str) -> Result<Vec<NaiveDate>, Failure> {
    if let Some(millis) = value.dyn_ref::<Float64Array>() {
        return millis.to_vec().into_iter().map(|ms| epoch_millis_date(ms, argument)).collect();
    }
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(invalid_argument(argument, "must be a Float64Array or an array of dates"));
    };
    array.iter().map(|d| date(&d, argument)).collect()
}

/// The payment timing: `0` / `"end"` (default) or `1` / `"begin"`.
pub fn timing(value: &JsValue) -> Result<PaymentTiming, Failure> {
    if is_absent(value) {
        return Ok(PaymentTiming::End);
    }
    match (value.as_f64(), value.as_string().as_deref()) {
        (Some(0.0), _) | (_, Some("end")) => Ok(PaymentTiming::End),
        (Some(1.0), _) | (_, Some("begin")) => Ok(PaymentTiming::Begin),
        (Some(x), _) => Err(invalid_argument("type", format!("must be 0, 1, \"end\" or \"begin\", got {x}"))),
        (_, Some(s)) => Err(invalid_argument("type", format!("must be 0, 1, \"end\" or \"begin\", got {s:?}"))),
        _ => Err(invalid_argument("type", "must be 0, 1, \"end\" or \"begin\"")),
    }
}

/// A day count from its name (`actual_365_fixed`, `actual_360`, …).
pub fn day_count(name: Option<&str>) -> Result<DayCount, Failure> {
    match name {
        None => Ok(DayCount::Actual365Fixed),
        Some(name) => name_value(name, "day_count"),
    }
}

/// An enum of the core from its `snake_case` name, as an `invalid_argument` at `argument`.
pub fn name_value<T: DeserializeOwned>(name: &str, argument: &str) -> Result<T, Failure> {
    serde_json::from_value(Value::String(name.to_owned()))
        .map_err(|e| invalid_argument(argument, format!("{name:?} is not accepted: {e}")))
}

/// The `snake_case` name of a core enum.
pub fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// The decimal text of a number: its shortest round-trip form, `None` if not finite.
pub fn number_text(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x}"))
}

/// Parses decimal text as the core does: plain (`"1234.50"`) or scientific (`"1e3"`).
pub fn parse_decimal_text(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        Decimal::from_str_exact(t).ok()
    }
}

/// A decimal argument: a decimal string, or a number through its shortest form.
pub fn decimal(value: &JsValue, argument: &str) -> Result<Decimal, Failure> {
    let text = match (value.as_string(), value.as_f64()) {
        (Some(text), _) => text,
        (None, Some(x)) => number_text(x).ok_or_else(|| invalid_argument(argument, format!("{x} is not finite")))?,
        _ => return Err(invalid_argument(argument, "must be a decimal string or a number")),
    };
    parse_decimal_text(&text).ok_or_else(|| invalid_argument(argument, format!("`{text}` is not a decimal amount")))
}

/// Turns numbers used as money amounts (`{"amount": 12.5, "currency": …}`) into decimal
/// strings, through their shortest round-trip form.
fn normalise_amounts(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(normalise_amounts),
        Value::Object(map) => {
            if map.contains_key("currency") {
                if let Some(Value::Number(n)) = map.get("amount") {
                    let text =
                        if let Some(i) = n.as_i64() { Some(i.to_string()) } else { n.as_f64().and_then(number_text) };
                    if let Some(text) = text {
                        map.insert("amount".to_owned(), Value::String(text));
                    }
                }
            }
            map.values_mut().for_each(normalise_amounts);
        }
        _ => {}
    }
}

/// The JSON form of a JavaScript value (a plain object, array, string, number, …). A
/// value with a `toJSON` method (this package's classes, such as `ValueMetric`) is read
/// through it, as `JSON.stringify` would.
pub fn object_json(value: &JsValue, argument: &str) -> Result<Value, Failure> {
    let field = |message: String| Failure::Field { path: argument.to_owned(), message };
    let mut value = value.clone();
    if value.is_object() {
        let to_json = js_sys::Reflect::get(&value, &JsValue::from_str("toJSON")).unwrap_or(JsValue::UNDEFINED);
        if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
            value = f.call0(&value).map_err(|e| field(format!("toJSON() failed: {e:?}")))?;
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| field(e.to_string()))
}

/// `value` with its numeric money amounts as decimal strings, for the core's document
/// readers (`Project::from_value`, `Portfolio::from_value`), which migrate older versions.
pub fn normalised(mut value: Value) -> Value {
    normalise_amounts(&mut value);
    value
}

/// The JSON form of an options object whose `keys` may hold a `Date`: each such `Date`
/// becomes its RFC 3339 text (a nested `Date` has no JSON form of its own here).
pub fn object_json_with_times(value: &JsValue, argument: &str, keys: &[&str]) -> Result<Value, Failure> {
    let mut json = object_json(value, argument)?;
    for key in keys {
        let field = js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if let Some(date) = field.dyn_ref::<js_sys::Date>() {
            if let Value::Object(map) = &mut json {
                map.insert((*key).to_owned(), Value::String(String::from(date.to_iso_string())));
            }
        }
    }
    Ok(json)
}

/// A record from its JSON form, validated by the core (errors at the field path).
pub fn record<T: DeserializeOwned>(mut value: Value) -> Result<T, Failure> {
    normalise_amounts(&mut value);
    Ok(document::from_value(value)?)
}

/// A record from its JSON form, with errors at `name.<path>`.
pub fn record_at<T: DeserializeOwned>(value: Value, name: &str) -> Result<T, Failure> {
    record(value).map_err(|f| match f {
        Failure::Core(e) => Failure::Core(e.at(name)),
        other => other,
    })
}

/// A result as a plain JavaScript value: the core's serde JSON form, maps as objects.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Failure> {
    let json = serde_json::to_value(value).map_err(|e| Failure::Internal(format!("cannot serialise a result: {e}")))?;
    json.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Failure::Internal(format!("cannot convert a result: {e}")))
}

/// Rewrites the top-level `camelCase` keys of an options object to `snake_case`
/// (`startDate` → `start_date`), so JavaScript callers may use either.
pub fn snake_case_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut snake = String::with_capacity(k.len() + 4);
                    for c in k.chars() {
                        if c.is_ascii_uppercase() {
                            snake.push('_');
                            snake.push(c.to_ascii_lowercase());
                        } else {
                            snake.push(c);
                        }
                    }
                    (snake, v)
                })
                .collect(),
        ),
        other => other,
    }
}

/// Rewrites every `camelCase` key, at any depth, to `snake_case`: for specs whose JSON
/// form has no key with a capital (no user-named map keys), so `includeRiskEvents` and
/// `lineItemId` are not silently ignored.
pub fn snake_case_keys_deep(value: Value) -> Value {
    match snake_case_keys(value) {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, snake_case_keys_deep(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_case_keys_deep).collect()),
        other => other,
    }
}
