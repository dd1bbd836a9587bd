//! Any bytes as a project document: parse, validate, and evaluate on a few dates.
//! Nothing may panic; an accepted document must evaluate or fail with a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valuepm_core::model::{Period, Project};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(project) = Project::from_json(text) else { return };
    let d = project.data();
    for as_of in [d.start_date, d.end_date, d.start_date + chrono::Days::new(400)] {
        let _ = project.evaluate(as_of);
    }
    for period in [Period::Month, Period::Quarter, Period::Year] {
        let _ = project.cash_flow_series(period);
    }
    // A saved document loads back equal.
    let again = Project::from_json(&project.to_json()).expect("a saved project loads");
    assert_eq!(again, project);
});
