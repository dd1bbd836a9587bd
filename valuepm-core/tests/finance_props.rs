//! Properties of the finance functions: roots are roots, conventions agree with each
//! other, the annuity functions invert each other, and no input makes a function panic
//! or return a non-finite number.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use valuepm_core::finance::{self, PaymentTiming, SolverOptions};
use valuepm_core::ErrorKind;

/// `Σ |v_t| / (1+r)^t`: the scale against which an NPV counts as zero.
fn discounted_scale(values: &[f64], rate: f64) -> f64 {
    values.iter().enumerate().map(|(t, v)| v.abs() / (1.0 + rate).powi(t as i32)).sum()
}

/// An investment followed by mostly positive returns (a typical project).
fn project_flows() -> impl Strategy<Value = Vec<f64>> {
    (1.0e2..1.0e7_f64, prop::collection::vec(-0.3..1.0_f64, 1..40)).prop_map(|(investment, shares)| {
        let per_period = investment / shares.len() as f64;
        std::iter::once(-investment).chain(shares.iter().map(|s| s * per_period * 1.5)).collect()
    })
}

/// Flows of any signs, in one order of magnitude.
fn mixed_flows() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1000.0..1000.0_f64, 2..12)
}

fn timing() -> impl Strategy<Value = PaymentTiming> {
    prop_oneof![Just(PaymentTiming::End), Just(PaymentTiming::Begin)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn npv_at_the_irr_is_zero(values in project_flows(), guess in prop::option::of(-0.5..1.0_f64)) {
        if let Ok(rate) = finance::irr(&values, guess) {
            prop_assert!(rate > -1.0);
            let npv = finance::npv_t0(rate, &values).unwrap();
            prop_assert!(npv.abs() <= 1e-9 * discounted_scale(&values, rate), "rate {rate}, npv {npv}");
            // The spreadsheet's NPV is the same sum one period later.
            prop_assert!(finance::npv(rate, &values).unwrap().abs() <= 1e-9 * discounted_scale(&values, rate));
        }
    }

    #[test]
    fn irr_exists_when_the_flows_change_sign_once(values in project_flows()) {
        // One sign change: exactly one IRR (Descartes), which the fallback always finds.
        let changes = values.windows(2).filter(|w| (w[0] < 0.0) != (w[1] < 0.0) && w[1] != 0.0).count();
        let has_positive = values.iter().any(|&v| v > 0.0);
        if changes == 1 && has_positive {
            prop_assert!(finance::irr(&values, None).is_ok(), "{values:?}");
        }
    }

    #[test]
    fn xnpv_on_365_day_steps_is_npv_at_t0(
        values in prop::collection::vec(-1.0e6..1.0e6_f64, 1..60),
        rate in -0.9..3.0_f64,
        start in 0_u64..50_000,
    ) {
        let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(start);
        let dates: Vec<NaiveDate> = (0..values.len() as u64).map(|t| first + Days::new(365 * t)).collect();
        let x = finance::xnpv(rate, &values, &dates).unwrap();
        let n = finance::npv_t0(rate, &values).unwrap();
        prop_assert!((x - n).abs() <= 1e-12 * discounted_scale(&values, rate), "{x} vs {n}");
    }

    #[test]
    fn xirr_on_365_day_steps_is_irr(values in project_flows()) {
        let first = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        let dates: Vec<NaiveDate> = (0..values.len() as u64).map(|t| first + Days::new(365 * t)).collect();
        if let (Ok(x), Ok(i)) = (finance::xirr(&values, &dates, None), finance::irr(&values, None)) {
            // Both are roots of the same function; with one sign change they are the same root.
            let npv = finance::npv_t0(x, &values).unwrap();
            prop_assert!(npv.abs() <= 1e-9 * discounted_scale(&values, x));
            if values.iter().skip(1).all(|&v| v >= 0.0) {
                prop_assert!((x - i).abs() <= 1e-8 * (1.0 + i.abs()), "xirr {x} irr {i}");
            }
        }
    }

    #[test]
    fn annuity_functions_invert_each_other(
        rate in prop_oneof![Just(0.0), 0.0005..0.2_f64],
        nper in 1_u32..480,
        pv in 1.0e2..1.0e7_f64,
        fv_share in -1.0..0.0_f64,
        timing in timing(),
    ) {
        let n = f64::from(nper);
        // Well conditioned: growth over the term at most e^8 (otherwise the payment is
        // nearly the interest alone and NPER is ill-conditioned).
        prop_assume!(rate * n <= 8.0);
        let fv = fv_share * pv;
        let pmt = finance::pmt(rate, n, pv, fv, timing).unwrap();
        let magnitude = pv.abs() + fv.abs() + pmt.abs() * n;
        let pv_back = finance::pv(rate, n, pmt, fv, timing).unwrap();
        prop_assert!((pv_back - pv).abs() <= 1e-11 * magnitude, "pv {pv_back} vs {pv}");
        let fv_back = finance::fv(rate, n, pmt, pv, timing).unwrap();
        let growth = (1.0 + rate).powf(n);
        prop_assert!((fv_back - fv).abs() <= 1e-11 * magnitude * growth, "fv {fv_back} vs {fv}");
        let n_back = finance::nper(rate, pmt, pv, fv, timing).unwrap();
        prop_assert!((n_back - n).abs() <= 1e-7 * n, "nper {n_back} vs {n}");
        let rate_back = finance::rate(n, pmt, pv, fv, timing, None).unwrap();
        prop_assert!((rate_back - rate).abs() <= 1e-8, "rate {rate_back} vs {rate}");
    }

    #[test]
    fn interest_plus_principal_is_the_payment_total(
        rate in 0.0005..0.2_f64,
        nper in 1_u32..480,
        pv in 1.0e2..1.0e7_f64,
        span in (0.0..1.0_f64, 0.0..1.0_f64),
        timing in timing(),
    ) {
        let n = f64::from(nper);
        let (a, b) = ((span.0 * n).floor() + 1.0, (span.1 * n).floor() + 1.0);
        let (start, end) = (a.min(b), a.max(b));
        let interest = finance::cumipmt(rate, n, pv, start, end, timing).unwrap();
        let principal = finance::cumprinc(rate, n, pv, start, end, timing).unwrap();
        let payment = finance::pmt(rate, n, pv, 0.0, timing).unwrap();
        let total = (end - start + 1.0) * payment;
        prop_assert!((interest + principal - total).abs() <= 1e-9 * total.abs());
        // Over the whole term the principal repaid is the loan.
        let whole = finance::cumprinc(rate, n, pv, 1.0, n, timing).unwrap();
        prop_assert!((whole + pv).abs() <= 1e-9 * pv);
    }

    #[test]
    fn all_roots_contain_the_irr(values in mixed_flows(), guess in prop::option::of(-0.5..2.0_f64)) {
        let options = SolverOptions { guess, fallback: true };
        if let Ok(solution) = finance::irr_solve(&values, &options) {
            let roots = finance::irr_all_roots(&values).unwrap();
            let r = solution.rate;
            prop_assert!(
                roots.iter().any(|x| (x - r).abs() <= 1e-6 * (1.0 + r.abs())),
                "irr {r} ({:?}) not among {roots:?} for {values:?}", solution.method
            );
        }
    }

    #[test]
    fn every_root_is_a_root(values in mixed_flows()) {
        for r in finance::irr_all_roots(&values).unwrap_or_default() {
            prop_assert!(r > -1.0);
            let npv = finance::npv_t0(r, &values).unwrap();
            prop_assert!(npv.abs() <= 1e-7 * discounted_scale(&values, r), "{r}: {npv}");
        }
    }

    #[test]
    fn effect_and_nominal_invert_each_other(rate in 1e-6..2.0_f64, npery in 1_u32..400) {
        let n = f64::from(npery);
        let e = finance::effect(rate, n).unwrap();
        prop_assert!((finance::nominal(e, n).unwrap() - rate).abs() <= 1e-12 * (1.0 + rate));
    }
}

/// Every f64 class: normal, subnormal, zero, infinite, NaN.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1e3..1e3_f64,
        1 => proptest::num::f64::ANY,
        1 => Just(-1.0),
        1 => Just(0.0),
    ]
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (0_u64..40_000).prop_map(|d| NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Days::new(d)),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
    ]
}

/// A result is a finite number or a typed error of the three finance kinds.
fn well_formed(result: valuepm_core::Result<f64>) -> Result<(), TestCaseError> {
    match result {
        Ok(x) => prop_assert!(x.is_finite(), "non-finite result {x}"),
        Err(e) => prop_assert!(
            matches!(e.kind(), ErrorKind::InvalidArgument | ErrorKind::NoSolution | ErrorKind::NoConvergence),
            "{e}"
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn no_input_panics_or_returns_a_non_finite_number(
        a in any_f64(), b in any_f64(), c in any_f64(), d in any_f64(), e in any_f64(),
        values in prop::collection::vec(any_f64(), 0..8),
        dates in prop::collection::vec(any_date(), 0..8),
        begin in any::<bool>(),
        optional in prop::option::of(any_f64()),
    ) {
        let t = if begin { PaymentTiming::Begin } else { PaymentTiming::End };
        well_formed(finance::npv(a, &values))?;
        well_formed(finance::npv_t0(a, &values))?;
        well_formed(finance::xnpv(a, &values, &dates))?;
        well_formed(finance::xnpv_with(a, &values, &dates, finance::DayCount::ActualActualIsda))?;
        well_formed(finance::irr(&values, optional))?;
        well_formed(finance::xirr(&values, &dates, optional))?;
        well_formed(finance::mirr(&values, a, b))?;
        well_formed(finance::pmt(a, b, c, d, t))?;
        well_formed(finance::pv(a, b, c, d, t))?;
        well_formed(finance::fv(a, b, c, d, t))?;
        well_formed(finance::nper(a, b, c, d, t))?;
        well_formed(finance::rate(a, b, c, d, t, optional))?;
        well_formed(finance::ipmt(a, b, c, d, e, t))?;
        well_formed(finance::ppmt(a, b, c, d, e, t))?;
        well_formed(finance::cumipmt(a, b, c, d, e, t))?;
        well_formed(finance::cumprinc(a, b, c, d, e, t))?;
        well_formed(finance::effect(a, b))?;
        well_formed(finance::nominal(a, b))?;
        well_formed(finance::sln(a, b, c))?;
        well_formed(finance::db(a, b, c, d, optional))?;
        well_formed(finance::ddb(a, b, c, d, optional))?;
        well_formed(finance::syd(a, b, c, d))?;
        let times: Vec<f64> = values.iter().map(|v| v * 0.01).collect();
        well_formed(finance::irr_of_times(&values, &times, optional))?;
        if let Ok(roots) = finance::irr_all_roots(&values) {
            prop_assert!(roots.iter().all(|r| r.is_finite() && *r > -1.0));
        }
    }
}
