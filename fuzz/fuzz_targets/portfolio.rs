//! Any bytes as a portfolio document: parse, validate, roll up and select. Nothing may
//! panic; a roll-up must not depend on the thread count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{Portfolio, SelectionSpec};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(portfolio) = Portfolio::from_json(text) else { return };
    let one = portfolio.roll_up(Period::Quarter, Some(1));
    let two = portfolio.roll_up(Period::Quarter, Some(2));
    match (one, two) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("thread counts disagree: {a:?} vs {b:?}"),
    }
    let mut spec = SelectionSpec::default();
    spec.limits.node_limit = Some(5_000);
    let _ = portfolio.select(&spec);
    let again = Portfolio::from_data(portfolio.to_data()).expect("a saved portfolio loads");
    assert_eq!(again.to_data(), portfolio.to_data());
});
