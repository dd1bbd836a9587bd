//! Cell values as they come out of a file, and their parsing per the stated locale:
//! numbers (decimal and thousands separators, currency symbols, negatives as `-x` or
//! `(x)`, a trailing `%`) and dates (ISO `YYYY-MM-DD` or spreadsheet serial numbers).

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{decimal_from_f64, Currency};

/// How numbers are written in text cells (CSV, or text cells of a workbook).
///
/// ```json
/// {"decimal": ",", "thousands": ".", "currency_symbols": true, "parentheses_negative": true}
/// ```
/// reads `€ 1.234,50` as 1234.50 and `(12,00)` as −12. Numeric cells of a workbook are
/// numbers already and are not affected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NumberFormat {
    /// The decimal separator (`.` or `,`).
    pub decimal: char,
    /// The thousands separator, if numbers may carry one (`,`, `.`, `'`, a space or a
    /// no-break space). Groups after the first must have three digits (`1,2,3` is not a
    /// number). A space also accepts U+00A0 and U+202F, as spreadsheets write them.
    pub thousands: Option<char>,
    /// Whether currency symbols (`€`, `$`, `£`, any Unicode currency sign) and ISO 4217
    /// codes (`EUR`) before or after the number are allowed and stripped. A code other
    /// than the row's currency is an error, not stripped silently.
    pub currency_symbols: bool,
    /// Whether `(1,234.00)` means −1234 (accounting style), besides `-1234`.
    pub parentheses_negative: bool,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat { decimal: '.', thousands: Some(','), currency_symbols: true, parentheses_negative: true }
    }
}

impl NumberFormat {
    /// `1.234,50`: decimal comma, dot thousands (German, Italian, Spanish …).
    #[must_use]
    pub fn decimal_comma() -> Self {
        NumberFormat { decimal: ',', thousands: Some('.'), ..NumberFormat::default() }
    }

    /// Checks that the separators make sense (digits, signs or equal separators do not).
    pub(crate) fn check(&self) -> Result<(), String> {
        let bad = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '(' | ')' | '%' | 'e' | 'E');
        if bad(self.decimal) || self.decimal.is_whitespace() {
            return Err(format!("`{}` cannot be the decimal separator", self.decimal));
        }
        if let Some(t) = self.thousands {
            if bad(t) || t == self.decimal {
                return Err(format!("`{t}` cannot be the thousands separator (decimal separator `{}`)", self.decimal));
            }
        }
        Ok(())
    }
}

/// How dates are written in text and number cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// ISO `YYYY-MM-DD` text (a time of `00:00:00` after it is allowed).
    Iso,
    /// Spreadsheet serial day numbers in the [`DateSystem`] of the options.
    Serial,
    /// Either: ISO text, or a serial number.
    #[default]
    Auto,
}

/// The day numbering of spreadsheet serial dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateSystem {
    /// Day 1 is 1900-01-01 and day 60 is the 29 February 1900 that never was (the Lotus
    /// 1-2-3 leap-year bug Excel and LibreOffice keep): 61 is 1900-03-01, 45658 is
    /// 2025-01-01. Serial 60 is refused.
    #[default]
    #[serde(rename = "1900")]
    System1900,
    /// Day 0 is 1904-01-01 (old Mac Excel): 44196 is 2025-01-01.
    #[serde(rename = "1904")]
    System1904,
}

/// A cell as read from a file, before it is parsed as its column's type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    /// An empty cell, or a column the file does not have.
    Empty,
    /// Text (every CSV cell).
    Text(&'a str),
    /// Bytes that are not UTF-8.
    Invalid(&'a [u8]),
    /// A workbook number.
    Number(f64),
    /// A workbook integer.
    Integer(i64),
    /// A workbook boolean.
    Bool(bool),
    /// A workbook date cell, already a date (`None` when it has a time of day or is out
    /// of range; `serial` is its number for the message).
    Date(Option<NaiveDate>, f64),
    /// A workbook error cell (`#DIV/0!`).
    Error(&'a str),
}

impl Cell<'_> {
    /// The cell as the text a spreadsheet would show (for error reports).
    pub(crate) fn raw(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Error(s) => Cow::Borrowed(s),
            Cell::Invalid(b) => String::from_utf8_lossy(b),
            Cell::Number(v) => Cow::Owned(format!("{v}")),
            Cell::Integer(v) => Cow::Owned(v.to_string()),
            Cell::Bool(b) => Cow::Owned(if *b { "TRUE" } else { "FALSE" }.to_owned()),
            Cell::Date(Some(d), _) => Cow::Owned(d.to_string()),
            Cell::Date(None, serial) => Cow::Owned(format!("{serial}")),
        }
    }

    /// Whether the cell holds nothing (empty, or only whitespace).
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: text as is, numbers in their shortest form.
    pub(crate) fn text(&self) -> Result<Cow<'_, str>, String> {
        match self {
            Cell::Invalid(_) => Err("is not valid UTF-8 text".to_owned()),
            Cell::Error(e) => Err(format!("is a spreadsheet error `{e}`")),
            // Free text is kept as written (it must round-trip); numbers, dates, codes and
            // names of enumerations trim it themselves.
            Cell::Text(s) => Ok(Cow::Borrowed(s)),
            other => Ok(other.raw()),
        }
    }
}

/// The outcome of reading a number from text: the canonical decimal text and the
/// currency code written next to it, if any.
struct Canonical<'a> {
    text: Cow<'a, str>,
    code: Option<&'a str>,
    percent: bool,
}

/// Whether `c` is a Unicode currency sign (general category Sc).
fn is_currency_sign(c: char) -> bool {
    matches!(c, '$' | '£' | '¤' | '¥' | '¢' | '\u{58F}' | '\u{60B}' | '\u{9F2}' | '\u{9F3}' | '\u{E3F}' | '\u{17DB}')
        || ('\u{20A0}'..='\u{20C0}').contains(&c)
        || matches!(c, '\u{FDFC}' | '\u{FE69}' | '\u{FF04}' | '\u{FFE0}' | '\u{FFE1}' | '\u{FFE5}' | '\u{FFE6}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{A0}' || c == '\u{202F}'
}

/// Normalises a number written per `format` to plain ASCII decimal text (`-1234.50`).
fn canonical<'a>(text: &'a str, format: &NumberFormat) -> Result<Canonical<'a>, String> {
    let trimmed = text.trim_matches(is_space);
    // The fast path: plain ASCII digits with at most a leading minus and a `.` decimal
    // point (every number our own exports write, and most machine-made files).
    let b = trimmed.as_bytes();
    if !b.is_empty()
        && format.decimal == '.'
        && b.iter().enumerate().all(|(i, &c)| c.is_ascii_digit() || c == b'.' || (i == 0 && c == b'-'))
    {
        return Ok(Canonical { text: Cow::Borrowed(trimmed), code: None, percent: false });
    }
    let mut s = trimmed;
    let mut negative = false;
    let mut code = None;
    let mut percent = false;
    // Peel signs, parentheses, currency signs and codes, and a percent sign off both
    // ends, in any order (`-€1,234`, `€ -1,234`, `(1.234,50 €)`, `12.5 %`).
    loop {
        let before = s;
        s = s.trim_matches(is_space);
        if format.parentheses_negative && s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
            if negative {
                return Err("has two minus signs".to_owned());
            }
            negative = true;
            s = &s[1..s.len() - 1];
            continue;
        }
        if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
            if negative {
                return Err("has two minus signs".to_owned());
            }
            negative = true;
            s = rest;
            continue;
        }
        if let Some(rest) = s.strip_prefix('+') {
            s = rest;
            continue;
        }
        if let Some(rest) = s.strip_suffix('%') {
            if percent {
                return Err("has two percent signs".to_owned());
            }
            percent = true;
            s = rest;
            continue;
        }
        if format.currency_symbols {
            if let Some(c) = s.chars().next().filter(|c| is_currency_sign(*c)) {
                s = &s[c.len_utf8()..];
                continue;
            }
            if let Some(c) = s.chars().next_back().filter(|c| is_currency_sign(*c)) {
                s = &s[..s.len() - c.len_utf8()];
                continue;
            }
            let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
            if s.len() > 3 && s.is_char_boundary(3) && is_code(&s[..3]) && code.is_none() {
                code = Some(&s[..3]);
                s = &s[3..];
                continue;
            }
            if s.len() > 3 && s.is_char_boundary(s.len() - 3) && is_code(&s[s.len() - 3..]) && code.is_none() {
                code = Some(&s[s.len() - 3..]);
                s = &s[..s.len() - 3];
                continue;
            }
        }
        if s == before {
            break;
        }
    }
    if s.is_empty() {
        return Err("has no digits".to_owned());
    }
    // Split off an exponent (`1.5E+3`), which has no separators.
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut out = String::with_capacity(s.len() + 2);
    if negative {
        out.push('-');
    }
    let (int_part, frac_part) = match mantissa.find(format.decimal) {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + format.decimal.len_utf8()..])),
        None => (mantissa, None),
    };
    // Thousands: either none at all, or groups of exactly three digits after the first.
    let separator = |c: char| match format.thousands {
        Some(t) if is_space(t) => is_space(c),
        Some(t) => c == t,
        None => false,
    };
    let mut groups = int_part.split(separator);
    let first = groups.next().unwrap_or("");
    let mut grouped = false;
    if first.is_empty() && frac_part.is_none() {
        return Err("has no digits".to_owned());
    }
    if !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unexpected(first, format));
    }
    out.push_str(first);
    for group in groups {
        grouped = true;
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            if !group.bytes().all(|b| b.is_ascii_digit()) {
                return Err(unexpected(group, format));
            }
            return Err(format!("has a thousands group `{group}` that is not three digits"));
        }
        out.push_str(group);
    }
    if grouped && first.is_empty() {
        return Err("starts with a thousands separator".to_owned());
    }
    if let Some(frac) = frac_part {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unexpected(frac, format));
        }
        if first.is_empty() {
            out.push('0');
        }
        out.push('.');
        out.push_str(frac);
    }
    if let Some(exp) = exponent {
        let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("has a malformed exponent `{exp}`"));
        }
        out.push('e');
        out.push_str(exp);
    }
    Ok(Canonical { text: Cow::Owned(out), code, percent })
}

fn unexpected(part: &str, format: &NumberFormat) -> String {
    let c = part.chars().find(|c| !c.is_ascii_digit()).unwrap_or('?');
    let thousands = format.thousands.map_or_else(|| "none".to_owned(), |t| format!("`{t}`"));
    format!("has an unexpected `{c}` for the number format (decimal `{}`, thousands {thousands})", format.decimal)
}

/// A decimal amount from a cell: text per `format`, workbook numbers through their
/// shortest round-trip representation. `currency` is the row's currency, checked
/// against a code written in the cell.
pub(crate) fn decimal(cell: &Cell<'_>, format: &NumberFormat, currency: Option<Currency>) -> Result<Decimal, String> {
    match cell {
        Cell::Number(v) => decimal_from_f64(*v).ok_or_else(|| format!("{v} is not a finite decimal amount")),
        Cell::Integer(v) => Ok(Decimal::from(*v)),
        Cell::Text(text) => {
            let c = canonical(text, format)?;
            if let (Some(code), Some(currency)) = (c.code, currency) {
                if code != currency.code() {
                    return Err(format!("is in {code}, not the row's currency {currency}"));
                }
            }
            let parsed =
                if c.text.contains('e') { Decimal::from_scientific(&c.text) } else { Decimal::from_str_exact(&c.text) }
                    .map_err(|e| format!("is not a decimal amount ({e})"))?;
            if c.percent {
                return parsed.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| "is out of range".to_owned());
            }
            Ok(parsed)
        }
        Cell::Bool(_) | Cell::Date(..) => Err("is not a number".to_owned()),
        other => other.text().and_then(|_| Err("is not a number".to_owned())),
    }
}

/// A finite `f64` from a cell (rates, probabilities, KPI values): text per `format`
/// (a trailing `%` divides by 100), workbook numbers as they are.
pub(crate) fn float(cell: &Cell<'_>, format: &NumberFormat) -> Result<f64, String> {
    let v = match cell {
        Cell::Number(v) => *v,
        Cell::Integer(v) => *v as f64,
        Cell::Text(text) => {
            let c = canonical(text, format)?;
            let v: f64 = c.text.parse().map_err(|_| "is not a number".to_owned())?;
            if c.percent {
                v / 100.0
            } else {
                v
            }
        }
        Cell::Bool(_) | Cell::Date(..) => return Err("is not a number".to_owned()),
        other => return other.text().and_then(|_| Err("is not a number".to_owned())),
    };
    if v.is_finite() {
        Ok(v)
    } else {
        Err("is not a finite number".to_owned())
    }
}

/// A whole number ≥ 0 that fits `u32` (days).
pub(crate) fn whole_u32(cell: &Cell<'_>, format: &NumberFormat) -> Result<u32, String> {
    let v = decimal(cell, format, None)?;
    if v.fract() != Decimal::ZERO || v.is_sign_negative() && !v.is_zero() {
        return Err("is not a whole number ≥ 0".to_owned());
    }
    u32::try_from(v.trunc().mantissa() / 10_i128.pow(v.trunc().scale())).map_err(|_| "is too large".to_owned())
}

/// A date from a cell per `format` and `system`.
pub(crate) fn date(cell: &Cell<'_>, format: DateFormat, system: DateSystem) -> Result<NaiveDate, String> {
    match cell {
        Cell::Date(Some(d), _) => Ok(*d),
        Cell::Date(None, _) => Err("is not a whole day (it has a time of day or is out of range)".to_owned()),
        Cell::Number(v) if format != DateFormat::Iso => serial_date(*v, system),
        Cell::Integer(v) if format != DateFormat::Iso => serial_date(*v as f64, system),
        Cell::Number(_) | Cell::Integer(_) => Err("is a number, not an ISO date (YYYY-MM-DD)".to_owned()),
        Cell::Text(text) => {
            let t = text.trim();
            if format != DateFormat::Serial {
                if let Some(d) = iso_date(t) {
                    return Ok(d);
                }
            }
            if format != DateFormat::Iso && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                if let Ok(v) = t.parse::<f64>() {
                    return serial_date(v, system);
                }
            }
            Err(match format {
                DateFormat::Iso => "is not an ISO date (YYYY-MM-DD)".to_owned(),
                DateFormat::Serial => "is not a spreadsheet serial date".to_owned(),
                DateFormat::Auto => "is not a date (YYYY-MM-DD or a spreadsheet serial number)".to_owned(),
            })
        }
        Cell::Bool(_) => Err("is not a date".to_owned()),
        other => other.text().and_then(|_| Err("is not a date".to_owned())),
    }
}

/// `YYYY-MM-DD`, optionally followed by `T00:00:00` or ` 00:00:00` (with optional
/// fractional zeros): what spreadsheets write for a date cell saved as text.
pub(crate) fn iso_date(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0_u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.len() > 10 {
        let rest = &t[10..];
        let time = rest.strip_prefix(['T', ' '])?;
        let time = time.strip_suffix('Z').unwrap_or(time);
        if !time.bytes().all(|c| c == b'0' || c == b':' || c == b'.') || !time.starts_with("00:00") {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// A spreadsheet serial day number as a date.
pub(crate) fn serial_date(serial: f64, system: DateSystem) -> Result<NaiveDate, String> {
    if !serial.is_finite() || serial.fract() != 0.0 {
        return Err(format!("{serial} is not a whole serial day number"));
    }
    if !(0.0..=2_958_465.0).contains(&serial) {
        return Err(format!("serial day {serial} is out of range (up to 9999-12-31)"));
    }
    let n = serial as i64;
    let (epoch, days) = match system {
        DateSystem::System1904 => (NaiveDate::from_ymd_opt(1904, 1, 1), n),
        DateSystem::System1900 => match n {
            0 => return Err("serial day 0 is the 1900 system's 1900-01-00, not a date".to_owned()),
            60 => {
                return Err(
                    "serial day 60 is 1900-02-29, which does not exist (the 1900 system's leap-year bug)".to_owned()
                )
            }
            1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31), n),
            _ => (NaiveDate::from_ymd_opt(1899, 12, 30), n),
        },
    };
    epoch
        .and_then(|e| e.checked_add_days(chrono::Days::new(days as u64)))
        .ok_or_else(|| format!("serial day {serial} is out of range"))
}

/// The 1900-system serial of `date` (for tests and exports that need the number).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn serial_1900(date: NaiveDate) -> i64 {
    let days = (date - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(date)).num_days();
    if date < NaiveDate::from_ymd_opt(1900, 3, 1).unwrap_or(date) && date.year() >= 1900 {
        days - 1
    } else {
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str, format: &NumberFormat) -> Result<String, String> {
        decimal(&Cell::Text(text), format, Currency::new("EUR").ok()).map(|d| d.to_string())
    }

    #[test]
    fn numbers_per_locale() {
        let us = NumberFormat::default();
        let de = NumberFormat::decimal_comma();
        assert_eq!(dec("1,234.50", &us).unwrap(), "1234.50");
        assert_eq!(dec("€ 1.234,50", &de).unwrap(), "1234.50");
        assert_eq!(dec("1.234,50 EUR", &de).unwrap(), "1234.50");
        assert_eq!(dec("(1,234.50)", &us).unwrap(), "-1234.50");
        assert_eq!(dec("-€1,234", &us).unwrap(), "-1234");
        assert_eq!(dec("$-0.5", &us).unwrap(), "-0.5");
        assert_eq!(dec(".5", &us).unwrap(), "0.5");
        assert_eq!(dec("1.5E+3", &us).unwrap(), "1500");
        assert_eq!(dec("12.5%", &us).unwrap(), "0.125");
        let fr = NumberFormat { decimal: ',', thousands: Some(' '), ..NumberFormat::default() };
        assert_eq!(dec("1\u{202F}234,5", &fr).unwrap(), "1234.5");
        assert!(dec("1,2,3", &us).unwrap_err().contains("three digits"));
        assert!(dec("1.234,50", &us).unwrap_err().contains("unexpected"));
        assert!(dec("12 USD", &us).unwrap_err().contains("USD"));
        assert!(dec("--1", &us).is_err());
        assert!(dec("", &us).is_err());
        // Found by the fuzzer: a multi-byte character right after the first three bytes.
        assert!(dec("5%ўctive", &us).is_err());
        assert!(dec("ўctive5", &us).is_err());
        assert!(dec("abc", &us).is_err());
        let plain = NumberFormat { thousands: None, ..NumberFormat::default() };
        assert!(dec("1,234", &plain).is_err());
        // Exact: never through f64, and never rounded (more digits than a decimal holds
        // is an error, not a silently different amount).
        assert_eq!(dec("0.1000000000000000055511151231", &us).unwrap(), "0.1000000000000000055511151231");
        assert!(dec("0.1000000000000000055511151231257827", &us).is_err());
    }

    #[test]
    fn workbook_numbers_use_the_shortest_representation() {
        let us = NumberFormat::default();
        assert_eq!(decimal(&Cell::Number(0.1 + 0.2), &us, None).unwrap().to_string(), "0.30000000000000004");
        assert_eq!(decimal(&Cell::Number(1234.5), &us, None).unwrap().to_string(), "1234.5");
        assert!(decimal(&Cell::Number(f64::NAN), &us, None).is_err());
    }

    #[test]
    fn serial_dates_in_both_systems() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let s1900 = |v: f64| serial_date(v, DateSystem::System1900);
        assert_eq!(s1900(1.0).unwrap(), d("1900-01-01"));
        assert_eq!(s1900(59.0).unwrap(), d("1900-02-28"));
        assert!(s1900(60.0).unwrap_err().contains("1900-02-29"));
        assert_eq!(s1900(61.0).unwrap(), d("1900-03-01"));
        assert_eq!(s1900(45658.0).unwrap(), d("2025-01-01"));
        assert!(s1900(0.0).is_err());
        assert!(s1900(1.5).is_err());
        assert_eq!(serial_date(0.0, DateSystem::System1904).unwrap(), d("1904-01-01"));
        assert_eq!(serial_date(44196.0, DateSystem::System1904).unwrap(), d("2025-01-01"));
        for day in ["1900-01-01", "1900-02-28", "1900-03-01", "2025-01-01", "2026-11-26"] {
            assert_eq!(s1900(serial_1900(d(day)) as f64).unwrap(), d(day));
        }
    }

    #[test]
    fn date_formats() {
        let iso = |t: &str| date(&Cell::Text(t), DateFormat::Iso, DateSystem::System1900);
        assert_eq!(iso("2025-03-31").unwrap().to_string(), "2025-03-31");
        assert_eq!(iso("2025-03-31 00:00:00").unwrap().to_string(), "2025-03-31");
        assert!(iso("2025-02-30").is_err());
        assert!(iso("45658").is_err());
        assert!(iso("2025-03-31T10:00:00").is_err());
        let auto = |t: &str| date(&Cell::Text(t), DateFormat::Auto, DateSystem::System1900);
        assert_eq!(auto("45658").unwrap().to_string(), "2025-01-01");
        assert_eq!(auto("2025-01-01").unwrap().to_string(), "2025-01-01");
        assert!(date(&Cell::Text("2025-01-01"), DateFormat::Serial, DateSystem::System1900).is_err());
    }
}
