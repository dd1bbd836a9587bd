//! Wraps `valuepm_core::money`: `Currency`, `Money` (exact decimal amounts, as strings in
//! JavaScript) and `ExchangeRates`, under the Node package's names.

use valuepm_core::money::{Currency, ExchangeRates, Money};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{decimal, object_json, record, record_at, to_js};
use crate::error::{call, Failure};

fn currency(code: &str) -> Result<Currency, Failure> {
    Ok(Currency::new(code)?)
}

/// Money from a `Money` or its JSON form `{amount, currency}` (amount a decimal string
/// or a number), with errors at `argument.<path>`. A `Money` is read through its
/// `toJSON()`, so the caller's object is left as it was.
pub fn money(value: &JsValue, argument: &str) -> Result<Money, Failure> {
    record_at(object_json(value, argument)?, argument)
}

/// A `Money`, or `null` for `None` (the Node package's `null`; wasm-bindgen would give
/// `undefined` for an `Option`).
pub fn money_or_null(value: Option<Money>) -> JsValue {
    value.map_or(JsValue::NULL, |m| WasmMoney::from_core(m).into())
}

/// An ISO 4217 currency with its minor units.
#[wasm_bindgen(js_name = "Currency")]
pub struct WasmCurrency {
    inner: Currency,
}

#[wasm_bindgen(js_class = "Currency")]
impl WasmCurrency {
    /// The currency for an ISO 4217 code (`"EUR"`); an unknown code is a validation error.
    #[wasm_bindgen(constructor)]
    pub fn new(code: String) -> Result<WasmCurrency, JsValue> {
        call(|| Ok(WasmCurrency { inner: currency(&code)? }))
    }

    /// The ISO 4217 code.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.inner.code().to_owned()
    }

    /// Digits after the decimal point of the minor unit (2 for EUR, 0 for JPY).
    #[wasm_bindgen(getter, js_name = "minorUnits")]
    pub fn minor_units(&self) -> u32 {
        self.inner.minor_units()
    }

    /// The code.
    #[wasm_bindgen(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.code()
    }

    /// The code (the JSON form).
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> String {
        self.code()
    }
}

/// An exact amount of money in one currency. Amounts are decimal strings.
#[wasm_bindgen(js_name = "Money")]
pub struct WasmMoney {
    pub(crate) inner: Money,
}

impl WasmMoney {
    /// Wraps core money.
    pub fn from_core(inner: Money) -> Self {
        WasmMoney { inner }
    }
}

#[wasm_bindgen(js_class = "Money")]
impl WasmMoney {
    /// Money from an amount (a decimal string, or a number through its shortest form)
    /// and a currency code.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "DecimalArg")] amount: JsValue,
        currency: String,
    ) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: Money::new(decimal(&amount, "amount")?, self::currency(&currency)?) }))
    }

    /// Parses a decimal string amount (`"1234.50"`, `"-3"`, `"1e3"`) and a currency code.
    pub fn parse(amount: String, currency: String) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: Money::parse(&amount, &currency)? }))
    }

    /// Zero in `currency`.
    pub fn zero(currency: String) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: Money::zero(self::currency(&currency)?) }))
    }

    /// The exact sum of `amounts` (each a `Money` or `{amount, currency}`), all in
    /// `currency`.
    pub fn sum(
        currency: String,
        #[wasm_bindgen(unchecked_param_type = "Array<MoneyArg>")] amounts: Vec<JsValue>,
    ) -> Result<WasmMoney, JsValue> {
        call(|| {
            let items = amounts
                .iter()
                .enumerate()
                .map(|(i, m)| money(m, &format!("amounts[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(WasmMoney { inner: Money::sum(self::currency(&currency)?, &items)? })
        })
    }

    /// Money from its JSON form `{amount, currency}`.
    #[wasm_bindgen(js_name = "fromJSON")]
    pub fn from_json(value: JsValue) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: record(object_json(&value, "")?)? }))
    }

    /// The exact amount, as a decimal string.
    #[wasm_bindgen(getter)]
    pub fn amount(&self) -> String {
        self.inner.amount().to_string()
    }

    /// The currency code.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// Rounded to the currency's minor unit, half to even.
    pub fn round(&self) -> WasmMoney {
        WasmMoney { inner: self.inner.round() }
    }

    /// `this + other` (same currency, or a `currency_mismatch` error).
    #[wasm_bindgen(js_name = "checkedAdd")]
    pub fn checked_add(&self, other: &WasmMoney) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: self.inner.checked_add(&other.inner)? }))
    }

    /// `this - other` (same currency, or a `currency_mismatch` error).
    #[wasm_bindgen(js_name = "checkedSub")]
    pub fn checked_sub(&self, other: &WasmMoney) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: self.inner.checked_sub(&other.inner)? }))
    }

    /// `this × factor` (a decimal string or a number).
    #[wasm_bindgen(js_name = "checkedMul")]
    pub fn checked_mul(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DecimalArg")] factor: JsValue,
    ) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: self.inner.checked_mul(decimal(&factor, "factor")?)? }))
    }

    /// `-this`.
    pub fn negated(&self) -> WasmMoney {
        WasmMoney { inner: self.inner.negated() }
    }

    /// `|this|`.
    pub fn abs(&self) -> WasmMoney {
        WasmMoney { inner: self.inner.abs() }
    }

    /// Whether the amount is zero.
    #[wasm_bindgen(js_name = "isZero")]
    pub fn is_zero(&self) -> bool {
        self.inner.is_zero()
    }

    /// Whether the amount is below zero.
    #[wasm_bindgen(js_name = "isNegative")]
    pub fn is_negative(&self) -> bool {
        self.inner.is_negative()
    }

    /// Whether `other` is the same amount (by value) in the same currency.
    pub fn equals(&self, other: &WasmMoney) -> bool {
        self.inner == other.inner
    }

    /// `"1234.50 EUR"`.
    #[wasm_bindgen(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.inner.to_string()
    }

    /// `{amount, currency}` (amount a decimal string).
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

/// A table of exchange rates between currencies (exact decimals).
#[wasm_bindgen(js_name = "ExchangeRates")]
pub struct WasmExchangeRates {
    inner: ExchangeRates,
}

impl Default for WasmExchangeRates {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = "ExchangeRates")]
impl WasmExchangeRates {
    /// An empty table.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmExchangeRates {
        WasmExchangeRates { inner: ExchangeRates::new() }
    }

    /// A table from its JSON form `{rates: [{from, to, rate}]}`, validated.
    #[wasm_bindgen(js_name = "fromJSON")]
    pub fn from_json(value: JsValue) -> Result<WasmExchangeRates, JsValue> {
        call(|| {
            let inner: ExchangeRates = record(object_json(&value, "")?)?;
            inner.validate()?;
            Ok(WasmExchangeRates { inner })
        })
    }

    /// Sets the rate from `from` to `to` (1 `from` = `rate` `to`).
    pub fn set(
        &mut self,
        from: String,
        to: String,
        #[wasm_bindgen(unchecked_param_type = "DecimalArg")] rate: JsValue,
    ) -> Result<(), JsValue> {
        call(|| Ok(self.inner.set(currency(&from)?, currency(&to)?, decimal(&rate, "rate")?)?))
    }

    /// The rate from `from` to `to`, as a decimal string.
    pub fn rate(&self, from: String, to: String) -> Result<String, JsValue> {
        call(|| Ok(self.inner.rate(currency(&from)?, currency(&to)?)?.to_string()))
    }

    /// `money` (a `Money` or `{amount, currency}`) in `to`, rounded to its minor unit.
    pub fn convert(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MoneyArg")] money: JsValue,
        to: String,
    ) -> Result<WasmMoney, JsValue> {
        call(|| Ok(WasmMoney { inner: self.inner.convert(&self::money(&money, "money")?, currency(&to)?)? }))
    }

    /// Checks every rate (positive, finite, currencies known).
    pub fn validate(&self) -> Result<(), JsValue> {
        call(|| Ok(self.inner.validate()?))
    }

    /// `{rates: [{from, to, rate}]}`.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}
