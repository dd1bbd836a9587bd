//! Wraps `valuepm_core::money`: `Currency`, `Money` (exact decimal amounts, as strings in
//! JavaScript) and `ExchangeRates`.

use napi::bindgen_prelude::{ClassInstance, Either, Object};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::money::{Currency, ExchangeRates, Money};

use crate::convert::{self, decimal, DecimalArg};
use crate::error::{call, Failure};

fn currency(code: &str) -> Result<Currency, Failure> {
    Ok(Currency::new(code)?)
}

/// Money from a `Money` or its JSON form `{amount, currency}` (amount a decimal string
/// or a number).
pub type MoneyArg<'a> = Either<ClassInstance<'a, JsMoney>, Object<'a>>;

/// The money of a [`MoneyArg`], with errors at `argument.<path>`.
pub fn money(env: Env, value: &MoneyArg<'_>, argument: &str) -> Result<Money, Failure> {
    match value {
        Either::A(m) => Ok(m.inner),
        Either::B(object) => convert::record_at(convert::object_json(env, object, argument)?, argument),
    }
}

/// An ISO 4217 currency with its minor units.
#[napi(js_name = "Currency")]
pub struct JsCurrency {
    inner: Currency,
}

#[napi]
impl JsCurrency {
    /// The currency for an ISO 4217 code (`"EUR"`); an unknown code is a validation error.
    #[napi(constructor)]
    pub fn new(env: Env, code: String) -> napi::Result<Self> {
        call(env, || Ok(JsCurrency { inner: currency(&code)? }))
    }

    /// The ISO 4217 code.
    #[napi(getter)]
    pub fn code(&self) -> String {
        self.inner.code().to_owned()
    }

    /// Digits after the decimal point of the minor unit (2 for EUR, 0 for JPY).
    #[napi(getter)]
    pub fn minor_units(&self) -> u32 {
        self.inner.minor_units()
    }

    /// The code.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.code()
    }

    /// The code (the JSON form).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.code()
    }
}

/// An exact amount of money in one currency. Amounts are decimal strings.
#[napi(js_name = "Money")]
pub struct JsMoney {
    pub(crate) inner: Money,
}

impl JsMoney {
    /// Wraps core money.
    pub fn from_core(inner: Money) -> Self {
        JsMoney { inner }
    }
}

#[napi]
impl JsMoney {
    /// Money from an amount (a decimal string, or a number through its shortest form)
    /// and a currency code.
    #[napi(constructor)]
    pub fn new(env: Env, amount: DecimalArg, currency: String) -> napi::Result<Self> {
        call(env, || Ok(JsMoney { inner: Money::new(decimal(&amount, "amount")?, self::currency(&currency)?) }))
    }

    /// Parses a decimal string amount (`"1234.50"`, `"-3"`, `"1e3"`) and a currency code.
    #[napi]
    pub fn parse(env: Env, amount: String, currency: String) -> napi::Result<Self> {
        call(env, || Ok(JsMoney { inner: Money::parse(&amount, &currency)? }))
    }

    /// Zero in `currency`.
    #[napi]
    pub fn zero(env: Env, currency: String) -> napi::Result<Self> {
        call(env, || Ok(JsMoney { inner: Money::zero(self::currency(&currency)?) }))
    }

    /// The exact sum of `amounts` (each a `Money` or `{amount, currency}`), all in
    /// `currency`.
    #[napi]
    pub fn sum(env: Env, currency: String, amounts: Vec<MoneyArg>) -> napi::Result<Self> {
        call(env, || {
            let items = amounts
                .iter()
                .enumerate()
                .map(|(i, m)| money(env, m, &format!("amounts[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(JsMoney { inner: Money::sum(self::currency(&currency)?, &items)? })
        })
    }

    /// Money from its JSON form `{amount, currency}`.
    #[napi(js_name = "fromJSON")]
    pub fn from_json(env: Env, value: Value) -> napi::Result<Self> {
        call(env, || Ok(JsMoney { inner: convert::record(value)? }))
    }

    /// The exact amount, as a decimal string.
    #[napi(getter)]
    pub fn amount(&self) -> String {
        self.inner.amount().to_string()
    }

    /// The currency code.
    #[napi(getter)]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// Rounded to the currency's minor unit, half to even.
    #[napi]
    pub fn round(&self) -> JsMoney {
        JsMoney { inner: self.inner.round() }
    }

    /// `this + other` (same currency, or a `currency_mismatch` error).
    #[napi]
    pub fn checked_add(&self, env: Env, other: &JsMoney) -> napi::Result<JsMoney> {
        call(env, || Ok(JsMoney { inner: self.inner.checked_add(&other.inner)? }))
    }

    /// `this - other` (same currency, or a `currency_mismatch` error).
    #[napi]
    pub fn checked_sub(&self, env: Env, other: &JsMoney) -> napi::Result<JsMoney> {
        call(env, || Ok(JsMoney { inner: self.inner.checked_sub(&other.inner)? }))
    }

    /// `this × factor` (a decimal string or a number).
    #[napi]
    pub fn checked_mul(&self, env: Env, factor: DecimalArg) -> napi::Result<JsMoney> {
        call(env, || Ok(JsMoney { inner: self.inner.checked_mul(decimal(&factor, "factor")?)? }))
    }

    /// `-this`.
    #[napi]
    pub fn negated(&self) -> JsMoney {
        JsMoney { inner: self.inner.negated() }
    }

    /// `|this|`.
    #[napi]
    pub fn abs(&self) -> JsMoney {
        JsMoney { inner: self.inner.abs() }
    }

    /// Whether the amount is zero.
    #[napi]
    pub fn is_zero(&self) -> bool {
        self.inner.is_zero()
    }

    /// Whether the amount is below zero.
    #[napi]
    pub fn is_negative(&self) -> bool {
        self.inner.is_negative()
    }

    /// Whether `other` is the same amount (by value) in the same currency.
    #[napi]
    pub fn equals(&self, other: &JsMoney) -> bool {
        self.inner == other.inner
    }

    /// `"1234.50 EUR"`.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.inner.to_string()
    }

    /// `{amount, currency}` (amount a decimal string).
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || convert::to_json(&self.inner))
    }
}

/// A table of exchange rates between currencies (exact decimals).
#[napi(js_name = "ExchangeRates")]
pub struct JsExchangeRates {
    inner: ExchangeRates,
}

#[napi]
impl JsExchangeRates {
    /// An empty table.
    #[napi(constructor)]
    pub fn new() -> Self {
        JsExchangeRates { inner: ExchangeRates::new() }
    }

    /// A table from its JSON form `{rates: [{from, to, rate}]}`, validated.
    #[napi(js_name = "fromJSON")]
    pub fn from_json(env: Env, value: Value) -> napi::Result<Self> {
        call(env, || {
            let inner: ExchangeRates = convert::record(value)?;
            inner.validate()?;
            Ok(JsExchangeRates { inner })
        })
    }

    /// Sets the rate from `from` to `to` (1 `from` = `rate` `to`).
    #[napi]
    pub fn set(&mut self, env: Env, from: String, to: String, rate: DecimalArg) -> napi::Result<()> {
        call(env, || Ok(self.inner.set(currency(&from)?, currency(&to)?, decimal(&rate, "rate")?)?))
    }

    /// The rate from `from` to `to`, as a decimal string.
    #[napi]
    pub fn rate(&self, env: Env, from: String, to: String) -> napi::Result<String> {
        call(env, || Ok(self.inner.rate(currency(&from)?, currency(&to)?)?.to_string()))
    }

    /// `money` in `to`, rounded to its minor unit.
    #[napi]
    pub fn convert(&self, env: Env, money: MoneyArg, to: String) -> napi::Result<JsMoney> {
        call(env, || Ok(JsMoney { inner: self.inner.convert(&self::money(env, &money, "money")?, currency(&to)?)? }))
    }

    /// Checks every rate (positive, finite, currencies known).
    #[napi]
    pub fn validate(&self, env: Env) -> napi::Result<()> {
        call(env, || Ok(self.inner.validate()?))
    }

    /// `{rates: [{from, to, rate}]}`.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || convert::to_json(&self.inner))
    }
}

impl Default for JsExchangeRates {
    fn default() -> Self {
        Self::new()
    }
}
