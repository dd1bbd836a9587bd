//! Time value of money: annuity payments, present and future values, number of
//! periods, the rate of an annuity, and the split of payments into interest and
//! principal.
//!
//! All follow the spreadsheet's annuity equation
//! `pv (1+r)^n + pmt (1 + r·type) ((1+r)^n - 1) / r + fv = 0`, evaluated with `ln_1p` /
//! `exp_m1` so that tiny rates keep full precision (LibreOffice's FV and PV lose about
//! 8e-8 relative at a rate of 1e-10; these functions do not).

use super::roots::{bracket_and_refine, RootMethod, RootSolution, RootStatus, SolverOptions};
use super::{
    annuity_factor, approx_floor, finite, finite_result, invalid, no_solution, pow1p, pow1p_m1, PaymentTiming,
};
use crate::{Error, Result};

/// The payment per period of an annuity (spreadsheet `PMT`): what repays `pv` and
/// leaves `fv` after `nper` periods at `rate` per period.
pub fn pmt(rate: f64, nper: f64, pv: f64, fv: f64, timing: PaymentTiming) -> Result<f64> {
    const F: &str = "pmt";
    finite(F, "rate", rate)?;
    finite(F, "nper", nper)?;
    finite(F, "pv", pv)?;
    finite(F, "fv", fv)?;
    finite_result(F, payment(rate, nper, pv, fv, timing.is_begin()))
}

fn payment(rate: f64, nper: f64, pv: f64, fv: f64, begin: bool) -> f64 {
    if rate == 0.0 {
        return -(pv + fv) / nper;
    }
    let growth = pow1p(rate, nper);
    let mut denominator = pow1p_m1(rate, nper);
    if begin {
        denominator *= 1.0 + rate;
    }
    -(fv + pv * growth) * rate / denominator
}

/// The present value of an annuity (spreadsheet `PV`).
pub fn pv(rate: f64, nper: f64, pmt: f64, fv: f64, timing: PaymentTiming) -> Result<f64> {
    const F: &str = "pv";
    finite(F, "rate", rate)?;
    finite(F, "nper", nper)?;
    finite(F, "pmt", pmt)?;
    finite(F, "fv", fv)?;
    let value = if rate == 0.0 {
        -(fv + pmt * nper)
    } else {
        let discount = pow1p(rate, -nper);
        // (1 - (1+r)^-n) / r, the present value of an annuity of 1 per period.
        let mut annuity = -pow1p_m1(rate, -nper) / rate;
        if timing.is_begin() {
            annuity *= 1.0 + rate;
        }
        -(fv * discount + pmt * annuity)
    };
    finite_result(F, value)
}

/// The future value of an annuity (spreadsheet `FV`).
pub fn fv(rate: f64, nper: f64, pmt: f64, pv: f64, timing: PaymentTiming) -> Result<f64> {
    const F: &str = "fv";
    finite(F, "rate", rate)?;
    finite(F, "nper", nper)?;
    finite(F, "pmt", pmt)?;
    finite(F, "pv", pv)?;
    finite_result(F, future_value(rate, nper, pmt, pv, timing.is_begin()))
}

fn future_value(rate: f64, nper: f64, pmt: f64, pv: f64, begin: bool) -> f64 {
    if rate == 0.0 {
        return -(pv + pmt * nper);
    }
    let mut annuity = annuity_factor(rate, nper);
    if begin {
        annuity *= 1.0 + rate;
    }
    -(pv * pow1p(rate, nper) + pmt * annuity)
}

/// The number of periods of an annuity (spreadsheet `NPER`); may be fractional.
///
/// As in LibreOffice: 0 when `pv + fv = 0`; `-(pv + fv) / pmt` at rate 0. No solution
/// (`#NUM!`) when the payment never reaches `fv` (it does not cover the interest), or
/// when `rate <= -1`.
pub fn nper(rate: f64, pmt: f64, pv: f64, fv: f64, timing: PaymentTiming) -> Result<f64> {
    const F: &str = "nper";
    finite(F, "rate", rate)?;
    finite(F, "pmt", pmt)?;
    finite(F, "pv", pv)?;
    finite(F, "fv", fv)?;
    if pv + fv == 0.0 {
        return Ok(0.0);
    }
    if rate == 0.0 {
        return finite_result(F, -(pv + fv) / pmt);
    }
    if rate <= -1.0 {
        return Err(no_solution(F, format!("a rate of {rate} (at most -1) has no number of periods")));
    }
    let payment = if timing.is_begin() { pmt * (1.0 + rate) } else { pmt };
    let ratio = -(rate * fv - payment) / (rate * pv + payment);
    if ratio.is_nan() || ratio <= 0.0 {
        return Err(no_solution(
            F,
            "the payment never reaches the future value (it does not cover the interest)".to_owned(),
        ));
    }
    finite_result(F, ratio.ln() / rate.ln_1p())
}

/// The interest part of the payment in period `per` (spreadsheet `IPMT`), `1 <= per <= nper`.
pub fn ipmt(rate: f64, per: f64, nper: f64, pv: f64, fv: f64, timing: PaymentTiming) -> Result<f64> {
    const F: &str = "ipmt";
    let (interest, _) = split_payment(F, rate, per, nper, pv, fv, timing)?;
    finite_result(F, interest)
}

/// The principal part of the payment in period `per` (spreadsheet `PPMT`), `1 <= per <= nper`.
pub fn ppmt(rate: f64, per: f64, nper: f64, pv: f64, fv: f64, timing: PaymentTiming) -> Result<f64> {
    const F: &str = "ppmt";
    let (interest, payment) = split_payment(F, rate, per, nper, pv, fv, timing)?;
    finite_result(F, payment - interest)
}

/// (interest part, whole payment) of period `per`, as LibreOffice's `ScGetIpmt`: the
/// interest on the balance at the start of the period.
fn split_payment(
    function: &'static str,
    rate: f64,
    per: f64,
    nper: f64,
    pv: f64,
    fv: f64,
    timing: PaymentTiming,
) -> Result<(f64, f64)> {
    finite(function, "rate", rate)?;
    finite(function, "per", per)?;
    finite(function, "nper", nper)?;
    finite(function, "pv", pv)?;
    finite(function, "fv", fv)?;
    if per < 1.0 || per > nper {
        return Err(invalid(function, "per", format!("must be between 1 and nper ({nper}), got {per}")));
    }
    let begin = timing.is_begin();
    let payment = payment(rate, nper, pv, fv, begin);
    let balance = if per == 1.0 {
        if begin {
            0.0
        } else {
            -pv
        }
    } else if begin {
        future_value(rate, per - 2.0, payment, pv, true) - payment
    } else {
        future_value(rate, per - 1.0, payment, pv, false)
    };
    Ok((balance * rate, payment))
}

/// The interest paid from period `start_period` to `end_period` inclusive (spreadsheet
/// `CUMIPMT`); the periods are truncated to integers.
///
/// As in LibreOffice, rejects `rate <= 0`, `nper <= 0`, `pv <= 0`, `start_period < 1`,
/// `end_period < start_period` and `end_period > nper`.
pub fn cumipmt(
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    timing: PaymentTiming,
) -> Result<f64> {
    const F: &str = "cumipmt";
    let (interest, _) = cumulative(F, rate, nper, pv, start_period, end_period, timing)?;
    finite_result(F, interest)
}

/// The principal repaid from period `start_period` to `end_period` inclusive
/// (spreadsheet `CUMPRINC`); the same arguments and checks as [`cumipmt`].
pub fn cumprinc(
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    timing: PaymentTiming,
) -> Result<f64> {
    const F: &str = "cumprinc";
    let (_, principal) = cumulative(F, rate, nper, pv, start_period, end_period, timing)?;
    finite_result(F, principal)
}

/// (interest, principal) over the periods, in closed form: the principal repaid is the
/// fall of the balance, the interest is the rest of the payments. Equal to the sum of
/// LibreOffice's per-period terms, without its loop (the period count is unbounded) and
/// without its cancellation late in long loans.
fn cumulative(
    function: &'static str,
    rate: f64,
    nper: f64,
    pv: f64,
    start_period: f64,
    end_period: f64,
    timing: PaymentTiming,
) -> Result<(f64, f64)> {
    finite(function, "rate", rate)?;
    finite(function, "nper", nper)?;
    finite(function, "pv", pv)?;
    finite(function, "start_period", start_period)?;
    finite(function, "end_period", end_period)?;
    let start = approx_floor(start_period);
    let end = approx_floor(end_period);
    if start < 1.0 {
        return Err(invalid(function, "start_period", format!("must be at least 1, got {start_period}")));
    }
    if end < start {
        return Err(invalid(
            function,
            "end_period",
            format!("must not be before start_period ({start_period}), got {end_period}"),
        ));
    }
    if rate <= 0.0 {
        return Err(invalid(function, "rate", format!("must be positive, got {rate}")));
    }
    if end > nper {
        return Err(invalid(function, "end_period", format!("must not exceed nper ({nper}), got {end_period}")));
    }
    if nper <= 0.0 {
        return Err(invalid(function, "nper", format!("must be positive, got {nper}")));
    }
    if pv <= 0.0 {
        return Err(invalid(function, "pv", format!("must be positive, got {pv}")));
    }
    let begin = timing.is_begin();
    let payment = payment(rate, nper, pv, 0.0, begin);
    // The balance after k periods, pv ((1+r)^n - (1+r)^k) / ((1+r)^n - 1) for either
    // timing, written so that nothing cancels or overflows (rate > 0).
    let balance = |k: f64| pv * (pow1p_m1(rate, k - nper) / pow1p_m1(rate, -nper));
    let principal = if begin {
        // Payment i (at the start of period i) repays balance(i-1) - balance(i-2); the
        // first one is all principal.
        if start == 1.0 {
            payment + balance(end - 1.0) - pv
        } else {
            balance(end - 1.0) - balance(start - 2.0)
        }
    } else {
        balance(end) - balance(start - 1.0)
    };
    let interest = (end - start + 1.0) * payment - principal;
    Ok((interest, principal))
}

/// The rate per period of an annuity (spreadsheet `RATE`); `None` guesses 0.1.
///
/// Runs [`rate_solve`] with the default options: LibreOffice's Newton iteration and
/// retries, then the bracketing fallback.
pub fn rate(nper: f64, pmt: f64, pv: f64, fv: f64, timing: PaymentTiming, guess: Option<f64>) -> Result<f64> {
    rate_solve(nper, pmt, pv, fv, timing, &SolverOptions { guess, ..SolverOptions::default() }).map(|s| s.rate)
}

/// Relative size of the annuity equation's value below which a rate counts as a root
/// (LibreOffice uses 1e-14 absolute; relative to the terms, it does not depend on the
/// currency unit).
const RATE_TERM_EPSILON: f64 = 1e-14;
/// LibreOffice's `SCdEpsilon`: Newton stops when a step is smaller.
const SC_EPSILON: f64 = 1e-7;

/// [`rate`] with its method and options.
///
/// First LibreOffice's `ScRate`: Newton (`RateIteration`, at most 150 steps, a step
/// below 1e-7 ends it; integer and fractional `nper` handled apart) from the guess;
/// with no guess given, again from 0.1 × k and 0.1 / k for k = 2..10. Then, unless
/// `options.fallback` is false, the sign change of the annuity equation nearest the
/// guess in `ln(1 + rate)`, refined by Brent's method.
pub fn rate_solve(
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: f64,
    timing: PaymentTiming,
    options: &SolverOptions,
) -> Result<RootSolution> {
    const F: &str = "rate";
    finite(F, "nper", nper)?;
    finite(F, "pmt", pmt)?;
    finite(F, "pv", pv)?;
    finite(F, "fv", fv)?;
    if let Some(guess) = options.guess {
        finite(F, "guess", guess)?;
    }
    if nper <= 0.0 {
        return Err(invalid(F, "nper", format!("must be positive, got {nper}")));
    }
    // Payments at the start of each period are payments at the end with pv and fv moved.
    let (pv, fv) = if timing.is_begin() { (pv + pmt, fv - pmt) } else { (pv, fv) };
    let equation = Annuity { nper, pmt, pv, fv };
    let first_guess = options.guess.unwrap_or(0.1);
    let mut iterations = 0;
    let mut guesses = vec![first_guess];
    if options.guess.is_none() {
        for k in 2..=10 {
            guesses.push(first_guess * f64::from(k));
            guesses.push(first_guess / f64::from(k));
        }
    }
    for &guess in &guesses {
        if let Some(rate) = equation.newton(guess, &mut iterations) {
            return Ok(RootSolution { rate, method: RootMethod::Newton, iterations });
        }
    }
    let newton = format!(
        "Newton from {} starting rate(s) (first {first_guess}) did not converge in 150 steps each",
        guesses.len()
    );
    let signs = [pmt, pv, fv];
    if signs.iter().all(|&x| x >= 0.0) || signs.iter().all(|&x| x <= 0.0) {
        return Err(no_convergence(
            RootStatus::NoRoot,
            "pmt, pv and fv (adjusted for payment timing) never change sign, so no rate solves the annuity equation",
        ));
    }
    if !options.fallback {
        return Err(no_convergence(RootStatus::NotConverged, &format!("{newton}; fallback disabled")));
    }
    let mut g = |s: f64| equation.scaled(s);
    match bracket_and_refine(&mut g, first_guess, &mut iterations) {
        Ok(rate) => Ok(RootSolution { rate, method: RootMethod::Bracketing, iterations }),
        Err(status) => Err(no_convergence(
            status,
            &format!("{newton}; no sign change of the annuity equation for rates in (-1, 1e13)"),
        )),
    }
}

fn no_convergence(status: RootStatus, message: &str) -> Error {
    Error::NoConvergence { function: "rate", message: format!("{status}: {message}") }
}

/// The annuity equation with payments at period ends:
/// `fv + pv (1+x)^n + pmt ((1+x)^n - 1) / x = 0`.
struct Annuity {
    nper: f64,
    pmt: f64,
    pv: f64,
    fv: f64,
}

impl Annuity {
    /// LibreOffice's `RateIteration` from `guess`; `Some(rate)` if it converges to a rate
    /// above -1.
    fn newton(&self, guess: f64, iterations: &mut u32) -> Option<f64> {
        let integer = self.nper == self.nper.round();
        let mut x = if integer { guess } else { guess.max(-1.0) };
        for _ in 0..150 {
            let (term, derivative, scale) = self.term(x);
            if !(term.is_finite() && derivative.is_finite()) {
                return None;
            }
            if term.abs() <= RATE_TERM_EPSILON * scale {
                return (x > -1.0).then_some(x);
            }
            let next = if derivative == 0.0 { x + 1.1 * SC_EPSILON } else { x - term / derivative };
            *iterations += 1;
            let converged = (next - x).abs() < SC_EPSILON;
            x = next;
            if !x.is_finite() || (!integer && x < -1.0) {
                return None;
            }
            if converged {
                return (x > -1.0).then_some(x);
            }
        }
        None
    }

    /// (value, derivative in x, scale = sum of the terms' magnitudes) at rate `x`.
    fn term(&self, x: f64) -> (f64, f64, f64) {
        let n = self.nper;
        let (growth, growth_before, series, series_derivative) = if x == 0.0 {
            (1.0, 1.0, n, n * (n - 1.0) / 2.0)
        } else {
            let growth_before = pow1p(x, n - 1.0);
            let series = pow1p_m1(x, n) / x;
            (pow1p(x, n), growth_before, series, n * growth_before / x - series / x)
        };
        let value = self.fv + self.pv * growth + self.pmt * series;
        let derivative = self.pv * n * growth_before + self.pmt * series_derivative;
        let scale = self.fv.abs() + (self.pv * growth).abs() + (self.pmt * series).abs();
        (value, derivative, scale)
    }

    /// The equation at `s = ln(1 + x)`, divided by `(1+x)^n` when x > 0: the same sign
    /// and roots, finite for every finite `s`.
    fn scaled(&self, s: f64) -> f64 {
        let n = self.nper;
        if s == 0.0 {
            self.fv + self.pv + self.pmt * n
        } else if s > 0.0 {
            // fv (1+x)^-n + pv + pmt (1 - (1+x)^-n) / x
            self.fv * (-n * s).exp() + self.pv - self.pmt * (-n * s).exp_m1() / s.exp_m1()
        } else {
            self.fv + self.pv * (n * s).exp() + self.pmt * (n * s).exp_m1() / s.exp_m1()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentTiming::{Begin, End};

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn mortgage_payment_and_inverses() {
        // 200,000 over 30 years at 6%/12: the textbook payment 1199.101050...
        let p = pmt(0.005, 360.0, 200_000.0, 0.0, End).unwrap();
        assert!(close(p, -1_199.101_050_305_34, 1e-12), "{p}");
        assert!(close(pv(0.005, 360.0, p, 0.0, End).unwrap(), 200_000.0, 1e-12));
        assert!(fv(0.005, 360.0, p, 200_000.0, End).unwrap().abs() < 1e-6);
        assert!(close(nper(0.005, p, 200_000.0, 0.0, End).unwrap(), 360.0, 1e-12));
        assert!(close(rate(360.0, p, 200_000.0, 0.0, End, None).unwrap(), 0.005, 1e-10));
    }

    #[test]
    fn begin_timing_divides_by_one_plus_rate() {
        let end = pmt(0.01, 12.0, 1000.0, 0.0, End).unwrap();
        let begin = pmt(0.01, 12.0, 1000.0, 0.0, Begin).unwrap();
        assert!(close(begin, end / 1.01, 1e-14));
    }

    #[test]
    fn zero_and_degenerate_rates() {
        assert_eq!(pmt(0.0, 10.0, 1000.0, 0.0, End).unwrap(), -100.0);
        assert!(pmt(0.05, 0.0, 1000.0, 0.0, End).is_err());
        assert_eq!(fv(-1.0, 5.0, -100.0, -1000.0, End).unwrap(), 100.0);
        assert!(pv(-1.0, 5.0, -100.0, 0.0, End).is_err());
        assert!(nper(0.0, 0.0, 100.0, 0.0, End).is_err());
        assert!(nper(0.01, -50.0, 10_000.0, 0.0, End).is_err());
        assert!(nper(-1.0, -50.0, 10_000.0, 0.0, End).is_err());
    }

    #[test]
    fn interest_and_principal_add_up_to_the_payment() {
        for timing in [End, Begin] {
            for per in [1.0, 2.0, 7.5, 12.0] {
                let i = ipmt(0.01, per, 12.0, 1000.0, 50.0, timing).unwrap();
                let p = ppmt(0.01, per, 12.0, 1000.0, 50.0, timing).unwrap();
                let total = pmt(0.01, 12.0, 1000.0, 50.0, timing).unwrap();
                assert!(close(i + p, total, 1e-14));
            }
        }
        assert!(ipmt(0.01, 0.0, 12.0, 1000.0, 0.0, End).is_err());
        assert!(ppmt(0.01, 13.0, 12.0, 1000.0, 0.0, End).is_err());
    }

    #[test]
    fn cumulative_sums_match_the_period_by_period_sums() {
        for timing in [End, Begin] {
            for (start, end) in [(1.0, 1.0), (1.0, 12.0), (3.0, 7.0), (12.0, 12.0)] {
                let mut interest = 0.0;
                let mut principal = 0.0;
                let mut per = start;
                while per <= end {
                    interest += ipmt(0.01, per, 12.0, 1000.0, 0.0, timing).unwrap();
                    principal += ppmt(0.01, per, 12.0, 1000.0, 0.0, timing).unwrap();
                    per += 1.0;
                }
                let ci = cumipmt(0.01, 12.0, 1000.0, start, end, timing).unwrap();
                let cp = cumprinc(0.01, 12.0, 1000.0, start, end, timing).unwrap();
                assert!((ci - interest).abs() < 1e-10, "{timing:?} {start}-{end}: {ci} vs {interest}");
                assert!((cp - principal).abs() < 1e-10, "{timing:?} {start}-{end}: {cp} vs {principal}");
            }
        }
        assert!(cumipmt(0.01, 12.0, 1000.0, 7.0, 6.0, End).is_err());
        // Over the whole of a (very long) term the principal repaid is the loan.
        assert_eq!(cumprinc(0.01, 1e300, 1000.0, 1.0, 1e300, End).unwrap(), -1000.0);
    }

    #[test]
    fn rate_edge_cases() {
        let solution = rate_solve(10.0, 100.0, 100.0, 0.0, End, &SolverOptions::default());
        let error = solution.unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::NoConvergence);
        assert!(error.to_string().contains("no_root"), "{error}");
        assert!(rate(0.0, -100.0, 1000.0, 0.0, End, None).is_err());
        // Every rate solves 0 = 0: the guess is returned.
        assert_eq!(rate(10.0, 0.0, 0.0, 0.0, End, None).unwrap(), 0.1);
        // Fractional nper.
        let r = rate(10.5, -120.0, 1000.0, 0.0, End, None).unwrap();
        assert!(pv(r, 10.5, -120.0, 0.0, End).unwrap() - 1000.0 < 1e-9);
    }
}
