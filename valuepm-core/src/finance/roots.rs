//! Root-finding results and options for IRR, XIRR and RATE, and the bracketing
//! fallback they share (a sign-change scan in `ln(1 + rate)`, then Brent's method).

use serde::{Deserialize, Serialize};

/// How a rate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootMethod {
    /// The spreadsheet's own Newton iteration (LibreOffice's algorithm, step for step):
    /// the rate is the one the spreadsheet returns.
    Newton,
    /// The bracketing fallback, after the spreadsheet's Newton iteration gave up: the
    /// sign change of NPV nearest the guess, refined by Brent's method. A spreadsheet
    /// shows `Err:523` (or XIRR's `Err:502`) here.
    Bracketing,
}

/// A rate found by [`irr_solve`](super::irr_solve), [`xirr_solve`](super::xirr_solve)
/// or [`rate_solve`](super::rate_solve).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RootSolution {
    /// The rate per period (per year for XIRR); always greater than -1.
    pub rate: f64,
    /// The method that found it.
    pub method: RootMethod,
    /// The work done over every stage: Newton steps, then scan points and refinement
    /// steps for [`RootMethod::Bracketing`].
    pub iterations: u32,
}

/// Why a root search failed; its [`as_str`](RootStatus::as_str) form opens the message
/// of the [`Error::NoConvergence`](crate::Error::NoConvergence) it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootStatus {
    /// No root exists: the flows never change sign (or the equation has a constant sign).
    NoRoot,
    /// Newton gave up and the bracketing scan found no sign change of NPV: there is no
    /// real root, or only a root of even multiplicity (the curve touches zero).
    NoSignChange,
    /// Newton gave up and the fallback was disabled (or could not refine the bracket).
    NotConverged,
}

impl RootStatus {
    /// The stable `snake_case` name, e.g. `"no_sign_change"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            RootStatus::NoRoot => "no_root",
            RootStatus::NoSignChange => "no_sign_change",
            RootStatus::NotConverged => "not_converged",
        }
    }
}

impl std::fmt::Display for RootStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Options of the root searches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SolverOptions {
    /// Starting rate of the Newton iteration; `None` is the spreadsheet's default (0.1),
    /// including RATE's retries from other starting rates.
    pub guess: Option<f64>,
    /// Whether to run the bracketing fallback when the spreadsheet's Newton iteration
    /// gives up (default `true`). With `false`, the result is exactly the spreadsheet's.
    pub fallback: bool,
}

impl Default for SolverOptions {
    fn default() -> Self {
        Self { guess: None, fallback: true }
    }
}

/// The scan covers `ln(1 + rate)` in `[-SCAN_LIMIT, SCAN_LIMIT]`: rates from
/// -1 + 9e-14 to about 1e13.
pub(crate) const SCAN_LIMIT: f64 = 30.0;

/// A sign change found by [`scan_nearest`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bracket {
    pub a: f64,
    pub fa: f64,
    pub b: f64,
    pub fb: f64,
}

/// Walks outward from `s0` in both directions, alternately, and returns the first
/// interval over which `g` changes sign (or a point where it is exactly zero): the
/// sign change nearest `s0`. Steps are 0.01 within 1 of `s0`, then grow by 5% each,
/// up to the limits `[-SCAN_LIMIT, SCAN_LIMIT]`. `evals` counts evaluations.
pub(crate) fn scan_nearest(g: &mut impl FnMut(f64) -> f64, s0: f64, evals: &mut u32) -> Option<Bracket> {
    let s0 = s0.clamp(-SCAN_LIMIT, SCAN_LIMIT);
    let g0 = g(s0);
    *evals += 1;
    if !g0.is_finite() {
        return None;
    }
    if g0 == 0.0 {
        return Some(Bracket { a: s0, fa: 0.0, b: s0, fb: 0.0 });
    }
    // Each side: (last point, its value, current offset, still open).
    let mut sides = [(s0, g0, 0.0_f64, true), (s0, g0, 0.0_f64, true)];
    let mut k = 0_u32;
    while sides.iter().any(|s| s.3) {
        k += 1;
        let offset = if k <= 100 { 0.01 * f64::from(k) } else { sides[0].2.max(sides[1].2) * 1.05 };
        for (i, side) in sides.iter_mut().enumerate() {
            if !side.3 {
                continue;
            }
            let direction = if i == 0 { 1.0 } else { -1.0 };
            let mut s = s0 + direction * offset;
            if s >= SCAN_LIMIT || s <= -SCAN_LIMIT {
                s = direction * SCAN_LIMIT;
                side.3 = false;
            }
            side.2 = offset;
            let gs = g(s);
            *evals += 1;
            if !gs.is_finite() {
                side.3 = false;
                continue;
            }
            if gs == 0.0 || gs.signum() != side.1.signum() {
                let (a, fa, b, fb) = if direction > 0.0 { (side.0, side.1, s, gs) } else { (s, gs, side.0, side.1) };
                return Some(Bracket { a, fa, b, fb });
            }
            side.0 = s;
            side.1 = gs;
            if s == direction * SCAN_LIMIT {
                side.3 = false;
            }
        }
    }
    None
}

/// Brent's method (Brent 1973, `zeroin`) on a bracket of `g`; the root in `s` to
/// `2 ε |s| + x_tol`. `None` if `g` stops being finite.
pub(crate) fn brent(g: &mut impl FnMut(f64) -> f64, bracket: Bracket, evals: &mut u32) -> Option<f64> {
    const X_TOL: f64 = 1e-18;
    const MAX_ITER: u32 = 300;
    let Bracket { mut a, mut fa, mut b, mut fb } = bracket;
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    let (mut c, mut fc) = (b, fb);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..MAX_ITER {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * X_TOL;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                let qa = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * xm * qa * (qa - r) - (b - a) * (r - 1.0));
                q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            if 2.0 * p < (3.0 * xm * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(xm) };
        fb = g(b);
        *evals += 1;
        if !fb.is_finite() {
            return None;
        }
    }
    Some(b)
}

/// The rate for `s = ln(1 + rate)`.
pub(crate) fn rate_of(s: f64) -> f64 {
    libm::expm1(s)
}

/// `ln(1 + rate)` of a guess, or 0 for a guess at or below -1.
pub(crate) fn log_growth_of(guess: f64) -> f64 {
    if guess > -1.0 {
        libm::log1p(guess)
    } else {
        0.0
    }
}

/// Scan from the guess, then refine: the bracketing fallback. `Err` carries the status.
pub(crate) fn bracket_and_refine(
    g: &mut impl FnMut(f64) -> f64,
    guess: f64,
    evals: &mut u32,
) -> Result<f64, RootStatus> {
    let bracket = scan_nearest(g, log_growth_of(guess), evals).ok_or(RootStatus::NoSignChange)?;
    let s = brent(g, bracket, evals).ok_or(RootStatus::NotConverged)?;
    let rate = rate_of(s);
    if rate.is_finite() && rate > -1.0 {
        Ok(rate)
    } else {
        Err(RootStatus::NotConverged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_the_sign_change_nearest_the_start() {
        // Roots at s = 0.1, 0.2 and 0.3; from 0.22 the nearest is 0.2.
        let mut g = |s: f64| (s - 0.1) * (s - 0.2) * (s - 0.3);
        let mut evals = 0;
        let b = scan_nearest(&mut g, 0.22, &mut evals).unwrap();
        let root = brent(&mut g, b, &mut evals).unwrap();
        assert!((root - 0.2).abs() < 1e-15, "{root}");
        let b = scan_nearest(&mut g, -0.5, &mut evals).unwrap();
        assert!((brent(&mut g, b, &mut evals).unwrap() - 0.1).abs() < 1e-15);
    }

    #[test]
    fn scan_reaches_far_roots_and_reports_none() {
        let mut g = |s: f64| s - 25.0;
        let mut evals = 0;
        let b = scan_nearest(&mut g, 0.0, &mut evals).unwrap();
        assert!((brent(&mut g, b, &mut evals).unwrap() - 25.0).abs() < 1e-13);
        assert!(evals < 500);
        let mut positive = |s: f64| s * s + 1.0;
        assert!(scan_nearest(&mut positive, 0.0, &mut evals).is_none());
    }

    #[test]
    fn brent_converges_to_full_precision() {
        let mut g = |s: f64| s.exp() - 2.0;
        let mut evals = 0;
        let r = brent(&mut g, Bracket { a: 0.0, fa: -1.0, b: 1.0, fb: 1.0_f64.exp() - 2.0 }, &mut evals).unwrap();
        assert!((r - 2.0_f64.ln()).abs() < 4e-16);
        assert!(evals < 20);
    }

    #[test]
    fn status_names() {
        assert_eq!(RootStatus::NoSignChange.to_string(), "no_sign_change");
        assert_eq!(SolverOptions::default(), SolverOptions { guess: None, fallback: true });
    }
}
