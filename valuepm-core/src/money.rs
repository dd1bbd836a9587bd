//! Exact money: a decimal amount with an ISO 4217 currency.
//!
//! Amounts are [`rust_decimal::Decimal`] (96-bit mantissa, 28 significant digits), so sums
//! are exact and independent of order. Amounts in different currencies never mix
//! silently: arithmetic across currencies is [`Error::CurrencyMismatch`] unless an
//! explicit [`ExchangeRates`] table converts one into the other.
//!
//! **Rounding rule.** [`Money::round`] rounds to the currency's ISO 4217 minor unit
//! (2 digits for EUR, 0 for JPY, 3 for KWD) with *round half to even* (banker's
//! rounding), the rule that keeps long sums of rounded amounts unbiased. Use
//! [`Money::round_with`] for another [`RoundingStrategy`].
//!
//! **Serialisation.** A `Money` serialises as `{"amount": "1234.50", "currency": "EUR"}`:
//! the amount is a decimal string, never a float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Active ISO 4217 currency codes with their minor units (decimal places).
/// Precious metals, testing and fund codes without a minor unit are not money here.
const ISO_4217: &[(&str, u32)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// An ISO 4217 currency, e.g. `EUR`. Serialises as its three-letter code.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    code: [u8; 3],
    minor_units: u8,
}

impl Currency {
    /// Looks up an active ISO 4217 code (upper case, e.g. `"EUR"`).
    pub fn new(code: &str) -> Result<Self> {
        ISO_4217
            .binary_search_by(|(c, _)| (*c).cmp(code))
            .map(|i| {
                let bytes = code.as_bytes();
                Currency { code: [bytes[0], bytes[1], bytes[2]], minor_units: ISO_4217[i].1 as u8 }
            })
            .map_err(|_| Error::validation("currency", format!("`{code}` is not an active ISO 4217 currency code")))
    }

    /// The three-letter code.
    #[must_use]
    pub fn code(&self) -> &str {
        // The code bytes come from the ASCII table above.
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// Decimal places of the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    #[must_use]
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Currency::new(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Currency::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

/// An exact amount of money in one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[serde(with = "rust_decimal::serde::str")]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Money from an exact decimal amount.
    #[must_use]
    pub const fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    #[must_use]
    pub const fn zero(currency: Currency) -> Self {
        Money { amount: Decimal::ZERO, currency }
    }

    /// Parses a decimal string amount (`"1234.50"`, `"-3"`, `"1e3"`) and a currency code.
    pub fn parse(amount: &str, currency: &str) -> Result<Self> {
        let currency = Currency::new(currency)?;
        let amount = parse_decimal(amount).map_err(|m| Error::validation("amount", m))?;
        Ok(Money { amount, currency })
    }

    /// The exact amount.
    #[must_use]
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    #[must_use]
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is exactly zero.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is below zero.
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// The amount as the nearest `f64`, for the f64 finance functions.
    #[must_use]
    pub fn to_f64(&self) -> f64 {
        self.amount.to_f64().unwrap_or(0.0)
    }

    fn same_currency(&self, other: &Money, context: &str) -> Result<()> {
        other.expect_currency(self.currency, context)
    }

    /// Fails with [`Error::CurrencyMismatch`] at `context` unless the money is in `currency`.
    pub fn expect_currency(&self, currency: Currency, context: &str) -> Result<()> {
        if self.currency == currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                context: context.to_owned(),
                expected: currency.code().to_owned(),
                found: self.currency.code().to_owned(),
            })
        }
    }

    /// `self + other`; a typed error across currencies or on overflow.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.same_currency(other, "add")?;
        let amount =
            self.amount.checked_add(other.amount).ok_or_else(|| Error::Overflow { context: "add".to_owned() })?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self - other`; a typed error across currencies or on overflow.
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.same_currency(other, "subtract")?;
        let amount =
            self.amount.checked_sub(other.amount).ok_or_else(|| Error::Overflow { context: "subtract".to_owned() })?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self × factor` (exact); a typed error on overflow.
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        let amount =
            self.amount.checked_mul(factor).ok_or_else(|| Error::Overflow { context: "multiply".to_owned() })?;
        Ok(Money { amount, currency: self.currency })
    }

    /// The negated amount.
    #[must_use]
    pub fn negated(&self) -> Money {
        Money { amount: -self.amount, currency: self.currency }
    }

    /// The absolute amount.
    #[must_use]
    pub fn abs(&self) -> Money {
        Money { amount: self.amount.abs(), currency: self.currency }
    }

    /// Exact sum of `items` in `currency`; any item in another currency is an error.
    pub fn sum<'a>(currency: Currency, items: impl IntoIterator<Item = &'a Money>) -> Result<Money> {
        items.into_iter().try_fold(Money::zero(currency), |acc, m| acc.checked_add(m))
    }

    /// Rounded to the currency's minor unit, half to even (the documented rule).
    #[must_use]
    pub fn round(&self) -> Money {
        self.round_with(RoundingStrategy::MidpointNearestEven)
    }

    /// Rounded to the currency's minor unit with `strategy`, written with exactly the
    /// minor unit's decimals (`102000` EUR becomes `102000.00`).
    #[must_use]
    pub fn round_with(&self, strategy: RoundingStrategy) -> Money {
        let minor = self.currency.minor_units();
        let mut amount = self.amount.round_dp_with_strategy(minor, strategy);
        amount.rescale(minor);
        Money { amount, currency: self.currency }
    }

    /// An f64 amount (a computed present value, say) as money rounded to the minor
    /// unit. The float is read through its shortest round-trip decimal representation;
    /// a non-finite or out-of-range value is an [`Error::Overflow`] naming `context`.
    pub fn from_f64_rounded(value: f64, currency: Currency, context: &str) -> Result<Money> {
        let amount = decimal_from_f64(value).ok_or_else(|| Error::Overflow { context: context.to_owned() })?;
        Ok(Money { amount, currency }.round())
    }
}

impl fmt::Display for Money {
    /// `1234.50 EUR`: at least the minor unit's decimals, more only when the exact
    /// amount has them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minor = self.currency.minor_units();
        let mut amount = self.amount;
        if amount.scale() < minor {
            amount.rescale(minor);
        }
        let text = format!("{amount} {}", self.currency);
        f.pad(&text)
    }
}

/// Parses a decimal string (plain or scientific notation) into an exact decimal.
pub(crate) fn parse_decimal(s: &str) -> std::result::Result<Decimal, String> {
    let t = s.trim();
    let parsed = if t.contains(['e', 'E']) { Decimal::from_scientific(t) } else { Decimal::from_str_exact(t) };
    parsed.map_err(|e| format!("`{s}` is not a decimal amount ({e})"))
}

/// A finite f64 as a decimal through its shortest round-trip representation
/// (`0.1` becomes exactly `0.1`); `None` when not finite or out of range.
pub(crate) fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let text = format!("{value}");
    Decimal::from_str(&text).ok().or_else(|| {
        // Too many digits for 28-digit precision: keep the leading significant ones.
        Decimal::from_scientific(&format!("{value:.20e}")).ok()
    })
}

/// A table of explicit exchange rates. Converting needs the direct pair or its inverse;
/// nothing is triangulated silently.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRates {
    rates: Vec<ExchangeRate>,
}

/// One rate: 1 unit of `from` buys `rate` units of `to`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRate {
    /// Source currency.
    pub from: Currency,
    /// Target currency.
    pub to: Currency,
    /// Units of `to` per unit of `from`; positive.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
}

impl ExchangeRates {
    /// An empty table.
    #[must_use]
    pub fn new() -> Self {
        ExchangeRates::default()
    }

    /// Sets (or replaces) the rate from `from` to `to`; the rate must be positive.
    pub fn set(&mut self, from: Currency, to: Currency, rate: Decimal) -> Result<()> {
        if rate <= Decimal::ZERO {
            return Err(Error::validation(
                format!("rates[{from}->{to}]"),
                format!("exchange rate must be positive, got {rate}"),
            ));
        }
        if from == to {
            return Err(Error::validation(format!("rates[{from}->{to}]"), "a rate needs two different currencies"));
        }
        self.rates.retain(|r| !(r.from == from && r.to == to));
        self.rates.push(ExchangeRate { from, to, rate });
        Ok(())
    }

    /// Validates a deserialised table (positive rates, distinct currencies).
    pub fn validate(&self) -> Result<()> {
        for (i, r) in self.rates.iter().enumerate() {
            if r.rate <= Decimal::ZERO || r.from == r.to {
                return Err(Error::validation(
                    format!("rates[{i}]"),
                    format!("{}->{} rate {} must be positive between two currencies", r.from, r.to, r.rate),
                ));
            }
        }
        Ok(())
    }

    /// The rate from `from` to `to`: 1 for the same currency, the direct pair, or the
    /// inverse of the reverse pair.
    pub fn rate(&self, from: Currency, to: Currency) -> Result<Decimal> {
        if from == to {
            return Ok(Decimal::ONE);
        }
        if let Some(r) = self.rates.iter().find(|r| r.from == from && r.to == to) {
            return Ok(r.rate);
        }
        if let Some(r) = self.rates.iter().find(|r| r.from == to && r.to == from) {
            return Decimal::ONE
                .checked_div(r.rate)
                .ok_or_else(|| Error::Overflow { context: format!("inverse rate {to}->{from}") });
        }
        Err(Error::MissingExchangeRate { from: from.code().to_owned(), to: to.code().to_owned() })
    }

    /// `money` in `to`, exact (not rounded; call [`Money::round`] when you need the minor unit).
    pub fn convert(&self, money: &Money, to: Currency) -> Result<Money> {
        let rate = self.rate(money.currency(), to)?;
        let amount = money
            .amount()
            .checked_mul(rate)
            .ok_or_else(|| Error::Overflow { context: format!("convert {} to {to}", money.currency()) })?;
        Ok(Money::new(amount, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn eur() -> Currency {
        Currency::new("EUR").unwrap()
    }

    #[test]
    fn iso_table_is_sorted_for_binary_search() {
        assert!(ISO_4217.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn currency_codes_validate() {
        assert_eq!(Currency::new("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::new("KWD").unwrap().minor_units(), 3);
        assert_eq!(Currency::new("EUR").unwrap().minor_units(), 2);
        let e = Currency::new("eur").unwrap_err();
        assert_eq!(e.kind().as_str(), "validation");
        assert!(e.to_string().contains("eur"));
        assert!(Currency::new("XAU").is_err());
        assert!(Currency::new("").is_err());
    }

    #[test]
    fn decimal_sums_are_exact() {
        // 0.1 + 0.2 is exactly 0.3 in decimal, unlike binary floating point.
        let a = Money::parse("0.1", "EUR").unwrap();
        let b = Money::parse("0.2", "EUR").unwrap();
        assert_eq!(a.checked_add(&b).unwrap(), Money::parse("0.3", "EUR").unwrap());
    }

    #[test]
    fn mixing_currencies_is_an_error() {
        let a = Money::parse("1", "EUR").unwrap();
        let b = Money::parse("1", "USD").unwrap();
        let e = a.checked_add(&b).unwrap_err();
        assert_eq!(e.kind().as_str(), "currency_mismatch");
        assert!(e.to_string().contains("USD"));
    }

    #[test]
    fn rounding_is_half_to_even_at_the_minor_unit() {
        let r = |s: &str, c: &str| Money::parse(s, c).unwrap().round().amount().to_string();
        assert_eq!(r("2.345", "EUR"), "2.34");
        assert_eq!(r("2.355", "EUR"), "2.36");
        assert_eq!(r("-2.345", "EUR"), "-2.34");
        assert_eq!(r("1234.5", "JPY"), "1234");
        assert_eq!(r("102000", "EUR"), "102000.00");
        assert_eq!(Money::parse("7", "KWD").unwrap().to_string(), "7.000 KWD");
        assert_eq!(Money::parse("0.125", "EUR").unwrap().to_string(), "0.125 EUR");
        assert_eq!(r("1235.5", "JPY"), "1236");
        assert_eq!(r("1.23456", "KWD"), "1.235");
        let away = Money::parse("2.345", "EUR").unwrap().round_with(RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(away.amount().to_string(), "2.35");
    }

    #[test]
    fn serialises_amount_as_string() {
        let m = Money::parse("1234.50", "EUR").unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":"1234.50","currency":"EUR"}"#);
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"ABC"}"#).is_err());
    }

    #[test]
    fn exchange_rates_convert_explicitly() {
        let usd = Currency::new("USD").unwrap();
        let mut rates = ExchangeRates::new();
        rates.set(eur(), usd, Decimal::new(125, 2)).unwrap();
        let m = Money::parse("100", "EUR").unwrap();
        assert_eq!(rates.convert(&m, usd).unwrap().amount(), Decimal::new(125, 0));
        let back = rates.convert(&Money::parse("125", "USD").unwrap(), eur()).unwrap();
        assert_eq!(back.amount(), Decimal::new(100, 0));
        let gbp = Currency::new("GBP").unwrap();
        assert_eq!(rates.convert(&m, gbp).unwrap_err().kind().as_str(), "missing_exchange_rate");
        assert!(rates.set(eur(), usd, Decimal::ZERO).is_err());
    }

    #[test]
    fn floats_enter_through_shortest_repr() {
        assert_eq!(decimal_from_f64(0.1).unwrap().to_string(), "0.1");
        assert!(decimal_from_f64(f64::NAN).is_none());
        assert!(decimal_from_f64(1e300).is_none());
        let m = Money::from_f64_rounded(1_234.565_000_1, eur(), "npv").unwrap();
        assert_eq!(m.amount().to_string(), "1234.57");
    }
}
