//! Internal rates of return: IRR (periodic flows), XIRR (dated flows), every real IRR
//! of a flow, and a batch helper.

use chrono::NaiveDate;

use super::kernels::{poly, poly_and_moment, poly_scale, scaled_npv, scaled_npv_and_scale, DatedFlows};
use super::npv::check_dates;
use super::roots::{bracket_and_refine, brent, rate_of, Bracket, RootMethod, RootSolution, RootStatus, SolverOptions};
use super::{finite, finite_values, invalid};
use crate::{Error, Result};

/// LibreOffice's `SCdEpsilon`: IRR's Newton iteration stops when a step is smaller.
const IRR_STEP_EPSILON: f64 = 1e-7;
/// LibreOffice's IRR gives up after this many Newton steps.
const IRR_MAX_STEPS: u32 = 20;
/// A Newton result counts only if |NPV| there is below this fraction of Σ|terms|
/// (rejects a "convergence" next to rate -1, where steps shrink but NPV does not).
const RESIDUAL_CHECK: f64 = 1e-3;

/// The internal rate of return of periodic flows (spreadsheet `IRR`): the rate at which
/// `Σ values[t] / (1 + rate)^t = 0`, t = 0, 1, ...; `None` guesses 0.1.
///
/// Runs [`irr_solve`] with the default options: with several roots, the one the
/// spreadsheet returns; where the spreadsheet gives up (`Err:523`) but a root exists,
/// the root nearest the guess.
pub fn irr(values: &[f64], guess: Option<f64>) -> Result<f64> {
    irr_solve(values, &SolverOptions { guess, ..SolverOptions::default() }).map(|s| s.rate)
}

/// [`irr`] with its method and options.
///
/// First LibreOffice's `ScIRR`: Newton from the guess (0.1 by default; a guess of
/// exactly -1 also means 0.1), at most 20 steps, converged when a step is below 1e-7;
/// with a guess of 0, a result within 1e-7 of 0 is 0. Then, unless `options.fallback`
/// is false, the bracketing fallback: the sign change of NPV nearest the guess in
/// `ln(1 + rate)` over rates in (-1, 1e13), refined by Brent's method to full precision.
///
/// Fails with [`Error::NoConvergence`] whose message starts with the [`RootStatus`].
pub fn irr_solve(values: &[f64], options: &SolverOptions) -> Result<RootSolution> {
    const F: &str = "irr";
    finite_values(F, "values", values)?;
    if let Some(guess) = options.guess {
        finite(F, "guess", guess)?;
    }
    if !changes_sign(values) {
        return Err(no_convergence(
            F,
            RootStatus::NoRoot,
            "the flows do not hold both a positive and a negative value, so NPV never crosses zero",
        ));
    }
    let guess = options.guess.unwrap_or(0.1);
    let mut iterations = 0;
    if let Some(rate) = irr_newton(values, guess, &mut iterations) {
        return Ok(RootSolution { rate, method: RootMethod::Newton, iterations });
    }
    let newton = format!("Newton from {guess} did not converge in {IRR_MAX_STEPS} steps");
    if !options.fallback {
        return Err(no_convergence(F, RootStatus::NotConverged, &format!("{newton}; fallback disabled")));
    }
    let mut g = |s: f64| scaled_npv(values, s);
    match bracket_and_refine(&mut g, guess, &mut iterations) {
        Ok(rate) => Ok(RootSolution { rate, method: RootMethod::Bracketing, iterations }),
        Err(status) => Err(no_convergence(
            F,
            status,
            &format!("{newton}; no sign change of NPV for rates in (-1, 1e13): no real IRR"),
        )),
    }
}

fn changes_sign(values: &[f64]) -> bool {
    values.iter().any(|&v| v > 0.0) && values.iter().any(|&v| v < 0.0)
}

fn no_convergence(function: &'static str, status: RootStatus, message: &str) -> Error {
    Error::NoConvergence { function, message: format!("{status}: {message}") }
}

/// LibreOffice's IRR Newton iteration, with NPV and its derivative from one Horner pass.
fn irr_newton(values: &[f64], guess: f64, iterations: &mut u32) -> Option<f64> {
    let mut x = if guess == -1.0 { 0.1 } else { guess };
    let mut step = 1.0_f64;
    let mut count = 0;
    while step > IRR_STEP_EPSILON && count < IRR_MAX_STEPS {
        let d = 1.0 / (1.0 + x);
        let (value, moment) = poly_and_moment(values, d);
        // dNPV/dx = -Σ t v_t (1+x)^-(t+1) = -d Σ t v_t d^t.
        let next = x - value / (-d * moment);
        count += 1;
        *iterations += 1;
        if !next.is_finite() {
            return None;
        }
        step = (next - x).abs();
        x = next;
    }
    if guess == 0.0 && x.abs() < IRR_STEP_EPSILON {
        x = 0.0;
    }
    if step.is_nan() || step >= IRR_STEP_EPSILON || x <= -1.0 {
        return None;
    }
    let d = 1.0 / (1.0 + x);
    (poly(values, d).abs() <= RESIDUAL_CHECK * poly_scale(values, d)).then_some(x)
}

/// [`irr`] over many projects (each a slice of periodic flows), with one guess.
pub fn irr_batch<R: AsRef<[f64]>>(projects: &[R], guess: Option<f64>) -> Vec<Result<f64>> {
    projects.iter().map(|flows| irr(flows.as_ref(), guess)).collect()
}

/// Every distinct real IRR greater than -1 of periodic flows, in increasing order;
/// empty when there is none.
///
/// The IRRs are the positive roots `d` of `Σ values[t] d^t` with `d = 1 / (1 + rate)`.
/// Cauchy's bounds confine them to a finite range of `s = ln(1 + rate)`, which is
/// scanned on a grid of step 0.01 (coarser only for very wide ranges, at most 20,000
/// points) for sign changes, each refined by Brent's method. A local minimum of |NPV|
/// on the grid without a sign change is searched for a hidden pair of roots (then both
/// are refined) or for a root of even multiplicity (reported when |NPV| there is within
/// rounding error of zero). With a single sign change in the flows, Descartes' rule of
/// signs guarantees exactly one root and the scan is skipped.
///
/// All-zero flows are rejected: every rate would be an IRR.
pub fn irr_all_roots(values: &[f64]) -> Result<Vec<f64>> {
    const F: &str = "irr_all_roots";
    finite_values(F, "values", values)?;
    let Some(first) = values.iter().position(|&v| v != 0.0) else {
        return Err(invalid(F, "values", "are all zero: every rate is an IRR".to_owned()));
    };
    let last = values.iter().rposition(|&v| v != 0.0).unwrap_or(first);
    // Leading zeros multiply the polynomial by a power of d, trailing ones lower its
    // degree: neither moves a positive root.
    let coefficients = &values[first..=last];
    let sign_changes = coefficients
        .iter()
        .filter(|&&v| v != 0.0)
        .map(|&v| v > 0.0)
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0] != w[1])
        .count();
    if sign_changes == 0 {
        return Ok(Vec::new());
    }
    let (c0, cn) = (coefficients[0].abs(), coefficients[coefficients.len() - 1].abs());
    let (head, tail) = (&coefficients[..coefficients.len() - 1], &coefficients[1..]);
    let max_abs = |slice: &[f64]| slice.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    // Cauchy: every root d of the polynomial has d < 1 + max|c_t| / |c_n|, and (for the
    // reversed polynomial) 1/d < 1 + max|c_t| / |c_0|.
    // Clamped to where a rate is representable: 1 + rate from about 1e-16 to 1e304.
    let s_low = (-libm::log1p(max_abs(head) / cn) - 1e-3).max(-37.0);
    let s_high = (libm::log1p(max_abs(tail) / c0) + 1e-3).min(700.0);
    let mut g = |s: f64| scaled_npv(coefficients, s);
    let mut evals = 0;
    let mut roots = Vec::new();
    if sign_changes == 1 {
        let bracket = Bracket { a: s_low, fa: g(s_low), b: s_high, fb: g(s_high) };
        // Without a sign change over the clamped range the root is not representable.
        if (bracket.fa > 0.0) != (bracket.fb > 0.0) || bracket.fa == 0.0 || bracket.fb == 0.0 {
            roots.extend(brent(&mut g, bracket, &mut evals));
        }
    } else {
        scan_all(coefficients, s_low, s_high, &mut roots);
    }
    let mut rates: Vec<f64> = roots.into_iter().map(rate_of).filter(|r| r.is_finite() && *r > -1.0).collect();
    crate::sort::sort_floats(&mut rates);
    rates.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs().max(1e-12));
    Ok(rates)
}

/// The grid scan of [`irr_all_roots`], pushing each root's `s`.
fn scan_all(coefficients: &[f64], s_low: f64, s_high: f64, roots: &mut Vec<f64>) {
    const MAX_POINTS: f64 = 20_000.0;
    let span = s_high - s_low;
    let steps = (span / 0.01).min(MAX_POINTS).ceil().max(1.0);
    let h = span / steps;
    let steps = steps as usize;
    let grid: Vec<f64> = (0..=steps).map(|k| if k == steps { s_high } else { s_low + k as f64 * h }).collect();
    let values: Vec<f64> = grid.iter().map(|&s| scaled_npv(coefficients, s)).collect();
    let mut g = |s: f64| scaled_npv(coefficients, s);
    let mut evals = 0;
    for k in 0..=steps {
        if values[k] == 0.0 {
            roots.push(grid[k]);
            continue;
        }
        if k < steps && values[k + 1] != 0.0 && (values[k] > 0.0) != (values[k + 1] > 0.0) {
            let bracket = Bracket { a: grid[k], fa: values[k], b: grid[k + 1], fb: values[k + 1] };
            roots.extend(brent(&mut g, bracket, &mut evals));
        }
        // A local minimum of |g| between neighbours of the same sign may hide two roots
        // (or a double root) inside the two cells around it.
        if k > 0 && k < steps {
            let (before, here, after) = (values[k - 1], values[k], values[k + 1]);
            let same_sign = (before > 0.0) == (here > 0.0) && (after > 0.0) == (here > 0.0);
            if same_sign && before != 0.0 && after != 0.0 && here.abs() <= before.abs() && here.abs() <= after.abs() {
                // A "minimum" that only rounding noise makes (a flat stretch away from
                // zero) hides nothing: skip it, or flat stretches cost a search per point.
                let (_, scale) = scaled_npv_and_scale(coefficients, grid[k]);
                let noise = 4.0 * coefficients.len() as f64 * f64::EPSILON * scale;
                let flat = before.abs() - here.abs() <= noise && after.abs() - here.abs() <= noise;
                if !(flat && here.abs() > noise) {
                    hidden_roots(coefficients, grid[k - 1], grid[k + 1], here.signum(), roots);
                }
            }
        }
    }
}

/// Minimises `sign · g` over `[a, b]` by golden-section search; a crossing of zero
/// gives two roots, a minimum within rounding error of zero a double root.
fn hidden_roots(coefficients: &[f64], a: f64, b: f64, sign: f64, roots: &mut Vec<f64>) {
    let mut g = |s: f64| scaled_npv(coefficients, s);
    let mut evals = 0;
    let ratio = 0.5 * (5.0_f64.sqrt() - 1.0);
    let (mut lo, mut hi) = (a, b);
    let mut x1 = hi - ratio * (hi - lo);
    let mut x2 = lo + ratio * (hi - lo);
    let (mut f1, mut f2) = (sign * g(x1), sign * g(x2));
    for _ in 0..80 {
        for (x, f) in [(x1, f1), (x2, f2)] {
            if f <= 0.0 {
                if f == 0.0 {
                    roots.push(x);
                    return;
                }
                for (l, r) in [(a, x), (x, b)] {
                    let bracket = Bracket { a: l, fa: g(l), b: r, fb: g(r) };
                    roots.extend(brent(&mut g, bracket, &mut evals));
                }
                return;
            }
        }
        if f1 < f2 {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - ratio * (hi - lo);
            f1 = sign * g(x1);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + ratio * (hi - lo);
            f2 = sign * g(x2);
        }
        if hi - lo <= 4.0 * f64::EPSILON * hi.abs().max(1.0) {
            break;
        }
    }
    let m = if f1 < f2 { x1 } else { x2 };
    let (value, scale) = scaled_npv_and_scale(coefficients, m);
    // Horner's rounding error is below 2 n ε Σ|terms|.
    if value.abs() <= 4.0 * coefficients.len() as f64 * f64::EPSILON * scale {
        roots.push(m);
    }
}

/// The internal rate of return of dated flows (spreadsheet `XIRR`), per year of 365
/// days from the first listed date: the rate at which [`xnpv`](super::xnpv) is zero;
/// `None` guesses 0.1.
///
/// Runs [`xirr_solve`] with the default options.
pub fn xirr(values: &[f64], dates: &[NaiveDate], guess: Option<f64>) -> Result<f64> {
    xirr_solve(values, dates, &SolverOptions { guess, ..SolverOptions::default() }).map(|s| s.rate)
}

/// Newton stops when a step of XIRR's iteration is at most this (LibreOffice's `fMaxEps`).
const XIRR_STEP_EPSILON: f64 = 1e-10;
/// ... or when |XNPV| is at most this fraction of Σ|terms| (LibreOffice: 1e-10 absolute).
const XIRR_VALUE_EPSILON: f64 = 1e-12;
/// Newton steps per starting rate (LibreOffice's `nMaxIter`).
const XIRR_MAX_STEPS: u32 = 50;

/// [`xirr`] with its method and options.
///
/// First LibreOffice's `getXirr` (analysis add-in): Newton from the guess (default 0.1),
/// at most 50 steps, converged when a step is at most 1e-10 or |XNPV| is at most 1e-12
/// of the sum of the discounted flows' magnitudes (LibreOffice: 1e-10 in currency units);
/// if that fails, the same from the starting rates -0.99, -0.98, ..., 0.99 in turn.
/// Then, unless `options.fallback` is false, the bracketing fallback as for [`irr_solve`].
///
/// The flows need two values or more, a positive and a negative one, and one date
/// each; the guess must be above -1. One evaluation costs one `exp` per flow, or, for
/// many flows over a short span of days, two small tables of powers built per rate.
pub fn xirr_solve(values: &[f64], dates: &[NaiveDate], options: &SolverOptions) -> Result<RootSolution> {
    const F: &str = "xirr";
    finite_values(F, "values", values)?;
    check_dates(F, values, dates)?;
    check_flows(F, values)?;
    let flows = DatedFlows::actual_365(values, dates);
    solve_dated(F, flows, options)
}

/// The internal rate of return of flows at arbitrary times, in years from any origin
/// (`times[i]` for `values[i]`): the rate at which `Σ values[i] / (1 + rate)^times[i] = 0`.
/// XIRR's algorithm ([`xirr_solve`]) with these times; use it with
/// [`DayCount::year_fraction`](super::DayCount::year_fraction) for other day counts.
pub fn irr_of_times(values: &[f64], times: &[f64], guess: Option<f64>) -> Result<f64> {
    const F: &str = "irr_of_times";
    finite_values(F, "values", values)?;
    if times.len() != values.len() {
        return Err(invalid(
            F,
            "times",
            format!("must hold one time per value: {} times for {} values", times.len(), values.len()),
        ));
    }
    if let Some((i, t)) = times.iter().enumerate().find(|(_, t)| !t.is_finite()) {
        return Err(invalid(F, "times", format!("value [{i}] must be a finite number, got {t}")));
    }
    check_flows(F, values)?;
    let flows = DatedFlows::with_times(values, times.to_vec());
    solve_dated(F, flows, &SolverOptions { guess, ..SolverOptions::default() }).map(|s| s.rate)
}

fn check_flows(function: &'static str, values: &[f64]) -> Result<()> {
    if values.len() < 2 {
        return Err(invalid(function, "values", "must hold at least two values".to_owned()));
    }
    if !changes_sign(values) {
        return Err(invalid(function, "values", "must hold at least one positive and one negative value".to_owned()));
    }
    Ok(())
}

/// LibreOffice's XIRR search, then the fallback, over prepared flows.
fn solve_dated(function: &'static str, mut flows: DatedFlows, options: &SolverOptions) -> Result<RootSolution> {
    let guess = options.guess.unwrap_or(0.1);
    finite(function, "guess", guess)?;
    if guess <= -1.0 {
        return Err(invalid(function, "guess", format!("must be greater than -1, got {guess}")));
    }
    let mut iterations = 0;
    for scan in 0..200_u32 {
        let start = if scan == 0 { guess } else { -0.99 + f64::from(scan - 1) * 0.01 };
        if let Some(rate) = xirr_newton(&mut flows, start, &mut iterations) {
            return Ok(RootSolution { rate, method: RootMethod::Newton, iterations });
        }
    }
    let newton =
        format!("Newton from {guess} and from -0.99, -0.98, ..., 0.99 did not converge in {XIRR_MAX_STEPS} steps each");
    if !options.fallback {
        return Err(no_convergence(function, RootStatus::NotConverged, &format!("{newton}; fallback disabled")));
    }
    let mut g = |s: f64| flows.scaled_value(s);
    match bracket_and_refine(&mut g, guess, &mut iterations) {
        Ok(rate) => Ok(RootSolution { rate, method: RootMethod::Bracketing, iterations }),
        Err(status) => Err(no_convergence(
            function,
            status,
            &format!("{newton}; no sign change of XNPV for rates in (-1, 1e13): no real XIRR"),
        )),
    }
}

/// One Newton run of LibreOffice's XIRR from `start`.
fn xirr_newton(flows: &mut DatedFlows, start: f64, iterations: &mut u32) -> Option<f64> {
    let mut rate = start;
    for _ in 0..XIRR_MAX_STEPS {
        let sums = flows.sums(libm::log1p(rate));
        let derivative = -sums.moment / (1.0 + rate);
        let next = rate - sums.value / derivative;
        *iterations += 1;
        let step = (next - rate).abs();
        rate = next;
        if !(rate.is_finite() && sums.value.is_finite()) {
            return None;
        }
        let more = step > XIRR_STEP_EPSILON && sums.value.abs() > XIRR_VALUE_EPSILON * sums.scale;
        if !more {
            let genuine = sums.value.abs() <= RESIDUAL_CHECK * sums.scale;
            return (genuine && rate > -1.0).then_some(rate);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn irr_of_a_simple_project() {
        // -1000 then 500 a year for 3 years: 500 a(3, r) = 1000, r = 0.2337519...
        let r = irr(&[-1000.0, 500.0, 500.0, 500.0], None).unwrap();
        let npv: f64 =
            [-1000.0, 500.0, 500.0, 500.0].iter().enumerate().map(|(t, v)| v / (1.0 + r).powi(t as i32)).sum();
        assert!(npv.abs() < 1e-9);
    }

    #[test]
    fn irr_follows_the_spreadsheet_among_several_roots() {
        let flows = [-1000.0, 3600.0, -4310.0, 1716.0];
        assert!(close(irr(&flows, Some(0.05)).unwrap(), 0.1, 1e-9));
        assert!(close(irr(&flows, Some(0.22)).unwrap(), 0.2, 1e-9));
        assert!(close(irr(&[-1600.0, 10_000.0, -10_000.0], Some(3.0)).unwrap(), 4.0, 1e-9));
    }

    #[test]
    fn irr_reports_why_it_fails() {
        let e = irr(&[100.0, 200.0], None).unwrap_err();
        assert!(e.to_string().contains("no_root"), "{e}");
        let e = irr(&[100.0, -300.0, 250.0], None).unwrap_err();
        assert!(e.to_string().contains("no_sign_change"), "{e}");
        let options = SolverOptions { guess: None, fallback: false };
        let e = irr_solve(&[100.0, -300.0, 250.0], &options).unwrap_err();
        assert!(e.to_string().contains("not_converged"), "{e}");
        assert!(irr(&[f64::NAN, 1.0], None).is_err());
        assert!(irr(&[], None).is_err());
    }

    #[test]
    fn irr_guess_zero_snaps_to_zero() {
        let r = irr(&[-100.0, 50.0, 50.0], Some(0.0)).unwrap();
        assert_eq!(r, 0.0);
    }

    #[test]
    fn all_roots_of_known_polynomials() {
        let cases: [(&[f64], &[f64]); 5] = [
            (&[-1000.0, 3600.0, -4310.0, 1716.0], &[0.1, 0.2, 0.3]),
            (&[-100.0, 230.0, -132.0], &[0.1, 0.2]),
            (&[-1600.0, 10_000.0, -10_000.0], &[0.25, 4.0]),
            (&[0.0, -100.0, 110.0, 0.0], &[0.1]),
            // (1 - d)^2 (-1): a double root at rate 0.
            (&[-1.0, 2.0, -1.0], &[0.0]),
        ];
        for (flows, want) in cases {
            let got = irr_all_roots(flows).unwrap();
            assert_eq!(got.len(), want.len(), "{flows:?}: {got:?}");
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{flows:?}: {got:?}");
            }
        }
        assert!(irr_all_roots(&[100.0, -300.0, 250.0]).unwrap().is_empty());
        assert!(irr_all_roots(&[1.0, 2.0]).unwrap().is_empty());
        assert!(irr_all_roots(&[0.0, 0.0]).is_err());
        // Extreme magnitudes: the root (rate 1e600) is not representable.
        assert!(irr_all_roots(&[1e-300, -1e300]).unwrap().is_empty());
        assert_eq!(irr_all_roots(&[-1.0, 1e12]).unwrap().len(), 1);
    }

    #[test]
    fn all_roots_finds_close_pairs() {
        // Roots at rates 0.10 and 0.102: (d - 1/1.1)(d - 1/1.102), negated.
        let (a, b) = (1.0 / 1.1, 1.0 / 1.102);
        let flows = [-(a * b), a + b, -1.0];
        let got = irr_all_roots(&flows).unwrap();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!((got[0] - 0.1).abs() < 1e-9 && (got[1] - 0.102).abs() < 1e-9, "{got:?}");
    }

    #[test]
    fn xirr_basic() {
        let dates: Vec<NaiveDate> =
            ["2010-01-01", "2011-01-01", "2012-01-01"].iter().map(|s| s.parse().unwrap()).collect();
        // 365 days, then 365 days: -100, 0, 121 at 10% a year.
        let r = xirr(&[-100.0, 0.0, 121.0], &dates, None).unwrap();
        assert!(close(r, 0.1, 1e-12), "{r}");
        assert!(xirr(&[-100.0], &dates[..1], None).is_err());
        assert!(xirr(&[100.0, 121.0], &dates[..2], None).is_err());
        assert!(xirr(&[-100.0, 121.0], &dates[..2], Some(-1.0)).is_err());
        assert!(xirr(&[-100.0, 121.0], &dates, None).is_err());
    }
}
