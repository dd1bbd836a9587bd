//! The mobile binding of ValuePM core through [uniffi](https://mozilla.github.io/uniffi-rs/):
//! Kotlin (Android, JVM) and Swift (iOS) sources are generated from this crate's built
//! library by `bindings/uniffi/generate.sh`.
//!
//! Conventions at the boundary:
//! - dates are ISO strings `YYYY-MM-DD`;
//! - exact amounts are the custom type [`Amount`], carried as a decimal string and
//!   surfaced as `java.math.BigDecimal` in Kotlin (see `uniffi.toml`);
//! - records (line items, progress, scenarios, evaluations, trends) and documents
//!   (portfolios, selection specs and problems, roll-ups, selections) cross as JSON
//!   strings, read by the core's validating readers, so a bad field reports the same
//!   kind and path as in every other language;
//! - every error is a [`ValuePmError`] carrying the core's message and field path, and
//!   every entry point runs under `catch_unwind`, so no panic crosses the boundary.

// uniffi passes every argument by value (`Vec`, `String`): the exported signatures must
// take them owned even where the body only reads them.
#![allow(clippy::needless_pass_by_value)]

mod audit;
mod error;
mod finance;
mod forecast;
mod io;
mod portfolio;
mod project;

pub use audit::*;
pub use error::{RowError, ValuePmError};
pub use finance::*;
pub use forecast::*;
pub use io::*;
pub use portfolio::*;
pub use project::*;

uniffi::setup_scaffolding!();

/// An exact decimal amount, carried across the boundary as its decimal string.
pub type Amount = valuepm_core::Decimal;

// A string that is no decimal `rust_decimal` can hold (beyond ±7.9e28) fails the call with
// `ValuePmError::Validation` at path `amount`: uniffi reports a lift error of the call's
// own error type as that error, not as an internal one.
uniffi::custom_type!(Amount, String, {
    remote,
    try_lift: |s| s.trim().parse::<valuepm_core::Decimal>().map_err(|e| {
        ValuePmError::Validation { detail: format!("invalid `amount`: `{s}` is not a decimal ValuePM can hold: {e}"), path: "amount".to_owned() }.into()
    }),
    lower: |d| d.to_string(),
});
