//! Every conversion between JavaScript values and core values, in one place.
//!
//! - Flows: a `Float64Array` (read in place) or an array of numbers.
//! - Dates: a `Date` (its UTC calendar date) or an ISO `YYYY-MM-DD` string (an RFC 3339
//!   timestamp is read as its UTC date); a list of dates may also be a `Float64Array` of
//!   epoch milliseconds (`Date.getTime()`), read in place.
//! - Decimal amounts: a decimal string (`"1234.50"`, `"1e3"`) or a number, read through
//!   its shortest round-trip form (`0.1` is exactly `0.1`). Money comes out as strings.
//! - Records (projects, templates, line items, options, results) cross as the core's
//!   serde JSON (`snake_case` keys, money `{amount, currency}`): plain objects in, through
//!   the core's `document::from_value` so validation errors carry the field path, and
//!   plain objects out. A number as a money `amount` in a record is turned into its
//!   decimal string first.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use napi::bindgen_prelude::{Either, Float64Array, Float64ArraySlice, Object};
use napi::Env;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use valuepm_core::document;
use valuepm_core::finance::{DayCount, PaymentTiming};

use crate::error::{invalid_argument, Failure};

/// Flows for a synchronous call: read in place from a `Float64Array`, or converted from
/// an array of numbers.
pub type Flows<'a> = Either<Float64ArraySlice<'a>, Vec<f64>>;

/// Flows that are kept (batches, async work): a `Float64Array` or an array of numbers.
pub type OwnedFlows = Either<Float64Array, Vec<f64>>;

/// A date: an ISO string or a `Date`.
pub type DateArg = Either<String, DateTime<Utc>>;

/// A list of dates: a `Float64Array` of epoch milliseconds (`Date.getTime()`, read in
/// place: the fast form for long lists) or an array of `Date`s and ISO strings.
pub type Dates<'a> = Either<Float64ArraySlice<'a>, Vec<DateArg>>;

/// A decimal amount: a decimal string or a number.
pub type DecimalArg = Either<String, f64>;

/// The numbers of `flows`.
pub fn flows<'a>(flows: &'a Flows<'_>) -> &'a [f64] {
    match flows {
        Either::A(slice) => slice,
        Either::B(vec) => vec,
    }
}

/// The numbers of `flows`, owned.
pub fn owned_flows(flows: OwnedFlows) -> Vec<f64> {
    match flows {
        Either::A(array) => array.to_vec(),
        Either::B(vec) => vec,
    }
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

/// A date argument.
pub fn date(value: &DateArg, argument: &str) -> Result<NaiveDate, Failure> {
    match value {
        Either::A(text) => parse_date_text(text)
            .ok_or_else(|| invalid_argument(argument, format!("`{text}` is not an ISO date (YYYY-MM-DD)"))),
        Either::B(timestamp) => Ok(timestamp.date_naive()),
    }
}

/// A list of date arguments.
pub fn dates(values: &[DateArg], argument: &str) -> Result<Vec<NaiveDate>, Failure> {
    values.iter().map(|d| date(d, argument)).collect()
}

/// The UTC calendar date of an epoch-milliseconds time value (`Date.getTime()`).
fn epoch_millis_date(ms: f64, argument: &str) -> Result<NaiveDate, Failure> {
    // JavaScript time values are whole milliseconds within ±8.64e15.
    let valid = ms.is_finite() && ms.abs() <= 8.64e15;
    valid
        .then(|| DateTime::from_timestamp_millis(ms.floor() as i64))
        .flatten()
        .map(|d| d.date_naive())
        .ok_or_else(|| invalid_argument(argument, format!("{ms} is not a time value (epoch milliseconds)")))
}

/// A [`Dates`] argument.
pub fn date_list(values: &Dates<'_>, argument: &str) -> Result<Vec<NaiveDate>, Failure> {
    match values {
        Either::A(millis) => millis.iter().map(|&ms| epoch_millis_date(ms, argument)).collect(),
        Either::B(list) => dates(list, argument),
    }
}

/// A timestamp argument (a `Date`, or an ISO string; a date alone is midnight UTC).
pub fn timestamp(value: &DateArg, argument: &str) -> Result<DateTime<Utc>, Failure> {
    match value {
        Either::A(text) => parse_datetime_text(text)
            .ok_or_else(|| invalid_argument(argument, format!("`{text}` is not an ISO date or timestamp"))),
        Either::B(timestamp) => Ok(*timestamp),
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

/// A decimal argument.
pub fn decimal(value: &DecimalArg, argument: &str) -> Result<Decimal, Failure> {
    let text = match value {
        Either::A(text) => text.clone(),
        Either::B(x) => number_text(*x).ok_or_else(|| invalid_argument(argument, format!("{x} is not finite")))?,
    };
    parse_decimal_text(&text).ok_or_else(|| invalid_argument(argument, format!("`{text}` is not a decimal amount")))
}

/// The payment timing: `0` / `"end"` (default) or `1` / `"begin"`.
pub fn timing(value: Option<&Either<f64, String>>) -> Result<PaymentTiming, Failure> {
    match value {
        None => Ok(PaymentTiming::End),
        Some(Either::A(x)) if *x == 0.0 => Ok(PaymentTiming::End),
        Some(Either::A(x)) if *x == 1.0 => Ok(PaymentTiming::Begin),
        Some(Either::B(s)) if s == "end" => Ok(PaymentTiming::End),
        Some(Either::B(s)) if s == "begin" => Ok(PaymentTiming::Begin),
        Some(Either::A(x)) => Err(invalid_argument("type", format!("must be 0, 1, \"end\" or \"begin\", got {x}"))),
        Some(Either::B(s)) => Err(invalid_argument("type", format!("must be 0, 1, \"end\" or \"begin\", got {s:?}"))),
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

/// The JSON form of a JavaScript object (`JSON.stringify`'s view of it).
pub fn object_json(env: Env, object: &Object<'_>, argument: &str) -> Result<Value, Failure> {
    env.from_js_value::<Value, _>(*object)
        .map_err(|e| Failure::Field { path: argument.to_owned(), message: e.reason.clone() })
}

/// `value` with its numeric money amounts as decimal strings, for the core's document
/// readers (`Project::from_value`, `Portfolio::from_value`), which migrate older versions.
pub fn normalised(mut value: Value) -> Value {
    normalise_amounts(&mut value);
    value
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

/// A result's JSON form (the core's serde form).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::Panic(format!("cannot serialise a result: {e}")))
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
