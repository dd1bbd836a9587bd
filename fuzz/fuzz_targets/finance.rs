//! Every finance function over arbitrary f64 input (NaN, infinities, subnormals, huge
//! and tiny values, empty and long flow lists, any dates). Nothing may panic, and no
//! function may return NaN or an infinity: every failure is a typed error.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use valuepm_core::finance::{self, DayCount, PaymentTiming, SolverOptions};

#[derive(Debug, Arbitrary)]
struct Input {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
    begin: bool,
    guess: Option<f64>,
    values: Vec<f64>,
    day_offsets: Vec<u16>,
    day_count: u8,
}

fn check(name: &str, r: valuepm_core::Result<f64>) {
    if let Ok(v) = r {
        assert!(v.is_finite(), "{name} returned {v}");
    }
}

fuzz_target!(|input: Input| {
    let Input { a, b, c, d, e, f, begin, guess, values, day_offsets, day_count } = input;
    let values = &values[..values.len().min(512)];
    let timing = if begin { PaymentTiming::Begin } else { PaymentTiming::End };
    let base = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date");
    let dates: Vec<NaiveDate> =
        day_offsets.iter().take(values.len()).map(|o| base + Days::new(u64::from(*o))).collect();
    let day_count = [
        DayCount::Actual365Fixed,
        DayCount::Actual360,
        DayCount::ActualActualIsda,
        DayCount::Thirty360Us,
        DayCount::Thirty360European,
    ][usize::from(day_count) % 5];

    check("npv", finance::npv(a, values));
    check("npv_t0", finance::npv_t0(a, values));
    check("xnpv", finance::xnpv(a, values, &dates));
    check("xnpv_with", finance::xnpv_with(a, values, &dates, day_count));
    check("irr", finance::irr(values, guess));
    check("xirr", finance::xirr(values, &dates, guess));
    let options = SolverOptions { guess, fallback: true };
    if let Ok(s) = finance::irr_solve(values, &options) {
        assert!(s.rate.is_finite());
    }
    if let Ok(roots) = finance::irr_all_roots(values) {
        assert!(roots.iter().all(|r| r.is_finite()));
    }
    let times: Vec<f64> = (0..values.len()).map(|i| i as f64 * b.abs().min(10.0)).collect();
    check("irr_of_times", finance::irr_of_times(values, &times, guess));
    check("mirr", finance::mirr(values, a, b));
    check("pmt", finance::pmt(a, b, c, d, timing));
    check("pv", finance::pv(a, b, c, d, timing));
    check("fv", finance::fv(a, b, c, d, timing));
    check("nper", finance::nper(a, b, c, d, timing));
    check("rate", finance::rate(a, b, c, d, timing, guess));
    check("ipmt", finance::ipmt(a, b, c, d, e, timing));
    check("ppmt", finance::ppmt(a, b, c, d, e, timing));
    check("cumipmt", finance::cumipmt(a, b, c, d, e, timing));
    check("cumprinc", finance::cumprinc(a, b, c, d, e, timing));
    check("effect", finance::effect(a, b));
    check("nominal", finance::nominal(a, b));
    check("sln", finance::sln(a, b, c));
    check("db", finance::db(a, b, c, d, Some(e)));
    check("ddb", finance::ddb(a, b, c, d, Some(f)));
    check("syd", finance::syd(a, b, c, d));
    let _ = day_count.year_fraction(base, base + Days::new(u64::from(day_offsets.first().copied().unwrap_or(0))));
});
