//! Any bytes as a template document: parse, validate, instantiate with and without
//! overrides, and evaluate the project. Nothing may panic.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use valuepm_core::template::{InstantiateOptions, Template};
use valuepm_core::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(template) = Template::from_json(text) else { return };
    let start = NaiveDate::from_ymd_opt(2026, 1, 31).expect("date");
    let mut options = InstantiateOptions::new("fuzz", "Fuzz", start);
    if let Ok(project) = template.instantiate(&options) {
        let _ = project.evaluate(start);
    }
    options.horizon_years = Some(1);
    options.scale = Some(Decimal::new(15, 1));
    let _ = template.instantiate(&options);
    let again = Template::from_json(&template.to_json()).expect("a saved template loads");
    assert_eq!(again, template);
});
