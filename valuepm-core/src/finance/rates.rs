//! Conversion between nominal and effective annual rates.

use super::{approx_floor, finite, finite_result, invalid};
use crate::Result;

/// The effective annual rate of `nominal_rate` compounded `npery` times a year
/// (spreadsheet `EFFECT`): `(1 + nominal_rate / n)^n - 1` with `n = floor(npery)`.
///
/// As in LibreOffice: `npery < 1` and a negative rate are rejected, and a nominal rate
/// of 0 gives 0.
pub fn effect(nominal_rate: f64, npery: f64) -> Result<f64> {
    const F: &str = "effect";
    finite(F, "nominal_rate", nominal_rate)?;
    finite(F, "npery", npery)?;
    if npery < 1.0 {
        return Err(invalid(F, "npery", format!("must be at least 1, got {npery}")));
    }
    if nominal_rate < 0.0 {
        return Err(invalid(F, "nominal_rate", format!("must not be negative, got {nominal_rate}")));
    }
    if nominal_rate == 0.0 {
        return Ok(0.0);
    }
    let n = approx_floor(npery);
    finite_result(F, (n * (nominal_rate / n).ln_1p()).exp_m1())
}

/// The nominal annual rate, compounded `npery` times a year, whose effective rate is
/// `effect_rate` (spreadsheet `NOMINAL`): `n ((1 + effect_rate)^(1/n) - 1)` with
/// `n = floor(npery)`.
///
/// As in LibreOffice: `npery < 1` and a rate at or below 0 are rejected.
pub fn nominal(effect_rate: f64, npery: f64) -> Result<f64> {
    const F: &str = "nominal";
    finite(F, "effect_rate", effect_rate)?;
    finite(F, "npery", npery)?;
    if npery < 1.0 {
        return Err(invalid(F, "npery", format!("must be at least 1, got {npery}")));
    }
    if effect_rate <= 0.0 {
        return Err(invalid(F, "effect_rate", format!("must be positive, got {effect_rate}")));
    }
    let n = approx_floor(npery);
    finite_result(F, n * (effect_rate.ln_1p() / n).exp_m1())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_compounding_round_trips() {
        // 12% compounded monthly: 1.01^12 - 1 = 0.12682503013196977.
        let e = effect(0.12, 12.0).unwrap();
        assert!((e - 0.126_825_030_131_969_77).abs() < 1e-16);
        assert!((nominal(e, 12.0).unwrap() - 0.12).abs() < 1e-15);
    }

    #[test]
    fn spreadsheet_quirks() {
        assert_eq!(effect(0.0, 12.0).unwrap(), 0.0);
        assert!(effect(-0.05, 12.0).is_err());
        assert!(effect(0.05, 0.5).is_err());
        // npery is truncated: 4.9 compounds 4 times.
        assert_eq!(effect(0.08, 4.9).unwrap(), effect(0.08, 4.0).unwrap());
        assert_eq!(nominal(0.08, 4.9).unwrap(), nominal(0.08, 4.0).unwrap());
        assert!(nominal(0.0, 12.0).is_err());
        assert!(nominal(f64::INFINITY, 12.0).is_err());
    }
}
