//! Spreadsheet-compatible financial functions on `f64`.
//!
//! This module owns the time-value-of-money functions (PMT, PV, FV, NPER, RATE, IPMT,
//! PPMT, CUMIPMT, CUMPRINC), discounting and internal rates of return (NPV, XNPV, IRR,
//! XIRR, MIRR), rate conversion (EFFECT, NOMINAL), depreciation (SLN, DB, DDB, SYD) and
//! day-count conventions. Every function is a free function over `f64`, takes the
//! spreadsheet's arguments in the spreadsheet's order, and follows LibreOffice Calc's
//! conventions and quirks (see `docs/formulas.md` and the conformance suite
//! `conformance/spreadsheet_financial.json`).
//!
//! Sign convention, as in every spreadsheet: money paid out is negative, money received
//! is positive; `pv` is what you receive today, `pmt` what you pay each period.
//!
//! Errors mirror the spreadsheet's: an argument outside its domain (Calc's `Err:502`) is
//! [`Error::InvalidArgument`], a result that does not exist or is not finite (`#NUM!`)
//! is [`Error::NoSolution`], and a root search that finds no root (`Err:523`) is
//! [`Error::NoConvergence`]. No function returns NaN or an infinity, and none panics.
//!
//! ```
//! use valuepm_core::finance::{irr, npv, pmt, PaymentTiming};
//!
//! // A 30-year mortgage of 200,000 at 6% a year, paid monthly.
//! let payment = pmt(0.06 / 12.0, 360.0, 200_000.0, 0.0, PaymentTiming::End)?;
//! assert!((payment + 1199.10).abs() < 0.01);
//!
//! // A project: invest 1,000 now, receive 500 in each of the next three years.
//! let flows = [-1000.0, 500.0, 500.0, 500.0];
//! let rate = irr(&flows, None)?;
//! assert!((rate - 0.2337).abs() < 1e-4);
//! // The spreadsheet's NPV discounts the first value one full period.
//! assert!(npv(rate, &flows)?.abs() < 1e-9);
//! # Ok::<(), valuepm_core::Error>(())
//! ```
//!
//! [`Error::InvalidArgument`]: crate::Error::InvalidArgument
//! [`Error::NoSolution`]: crate::Error::NoSolution
//! [`Error::NoConvergence`]: crate::Error::NoConvergence

mod daycount;
mod depreciation;
mod irr;
mod kernels;
mod npv;
mod rates;
mod roots;
mod tvm;

pub use daycount::DayCount;
pub use depreciation::{db, ddb, sln, syd};
pub use irr::{irr, irr_all_roots, irr_batch, irr_of_times, irr_solve, xirr, xirr_solve};
pub use npv::{mirr, npv, npv_t0, xnpv, xnpv_with};
pub use rates::{effect, nominal};
pub use roots::{RootMethod, RootSolution, RootStatus, SolverOptions};
pub use tvm::{cumipmt, cumprinc, fv, ipmt, nper, pmt, ppmt, pv, rate, rate_solve};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// When payments fall within each period (the spreadsheet's `type` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentTiming {
    /// Payments at the end of each period (spreadsheet `type` 0, the default).
    #[default]
    End,
    /// Payments at the beginning of each period (spreadsheet `type` 1).
    Begin,
}

impl PaymentTiming {
    /// `true` for [`PaymentTiming::Begin`].
    #[must_use]
    pub const fn is_begin(self) -> bool {
        matches!(self, PaymentTiming::Begin)
    }
}

/// Rejects a non-finite argument.
pub(crate) fn finite(function: &'static str, argument: &'static str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(invalid(function, argument, format!("must be a finite number, got {x}")))
    }
}

/// Rejects an empty list or one holding a non-finite value.
pub(crate) fn finite_values(function: &'static str, argument: &'static str, values: &[f64]) -> Result<()> {
    if values.is_empty() {
        return Err(invalid(function, argument, "must hold at least one value".to_owned()));
    }
    if let Some((i, x)) = values.iter().enumerate().find(|(_, x)| !x.is_finite()) {
        return Err(invalid(function, argument, format!("value [{i}] must be a finite number, got {x}")));
    }
    Ok(())
}

/// An [`Error::InvalidArgument`].
pub(crate) fn invalid(function: &'static str, argument: &'static str, message: String) -> Error {
    Error::InvalidArgument { function, argument, message }
}

/// An [`Error::NoSolution`].
pub(crate) fn no_solution(function: &'static str, message: String) -> Error {
    Error::NoSolution { function, message }
}

/// Passes a finite result through; a NaN or an infinity becomes [`Error::NoSolution`].
pub(crate) fn finite_result(function: &'static str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(no_solution(function, format!("the result is not a finite number ({x})")))
    }
}

/// The spreadsheet's `approxFloor`: the floor of `x`, except that a value a few ulps
/// below an integer (the residue of a decimal computation) counts as that integer.
pub(crate) fn approx_floor(x: f64) -> f64 {
    let floor = x.floor();
    let next = floor + 1.0;
    if next - x <= x.abs() * 4.0 * f64::EPSILON {
        next
    } else {
        floor
    }
}

/// `(1 + rate)^n`, accurate for rates near 0 (through `ln_1p`), and defined for rates
/// below -1 when `n` is an integer (as the spreadsheet's `pow`).
pub(crate) fn pow1p(rate: f64, n: f64) -> f64 {
    if n == 0.0 {
        1.0
    } else if rate >= -1.0 {
        libm::exp(n * libm::log1p(rate))
    } else {
        libm::pow(1.0 + rate, n)
    }
}

/// `(1 + rate)^n - 1`, without the cancellation of the direct formula near rate 0.
pub(crate) fn pow1p_m1(rate: f64, n: f64) -> f64 {
    if n == 0.0 {
        0.0
    } else if rate >= -1.0 {
        libm::expm1(n * libm::log1p(rate))
    } else {
        libm::pow(1.0 + rate, n) - 1.0
    }
}

/// `((1 + rate)^n - 1) / rate`, the future value of an annuity of 1 per period; `n` at
/// rate 0.
pub(crate) fn annuity_factor(rate: f64, n: f64) -> f64 {
    if rate == 0.0 {
        n
    } else {
        pow1p_m1(rate, n) / rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approx_floor_absorbs_decimal_residue() {
        assert_eq!(approx_floor(2.5), 2.0);
        assert_eq!(approx_floor(3.0), 3.0);
        assert_eq!(approx_floor(2.999_999_999_999_999_6), 3.0);
        assert_eq!(approx_floor(2.999_9), 2.0);
        assert_eq!(approx_floor(-0.5), -1.0);
    }

    #[test]
    fn growth_helpers_are_accurate_near_zero() {
        // (1 + 1e-10)^600 - 1 = 6.00000017970e-8 (binomial series: n r + n(n-1)/2 r^2).
        let exact = 600.0 * 1e-10 + 600.0 * 599.0 / 2.0 * 1e-20;
        assert!((pow1p_m1(1e-10, 600.0) - exact).abs() < 1e-22);
        assert_eq!(annuity_factor(0.0, 12.0), 12.0);
        assert_eq!(pow1p(-1.0, 5.0), 0.0);
        assert_eq!(pow1p(-2.0, 3.0), -1.0);
        assert!(pow1p(-2.0, 0.5).is_nan());
    }
}
