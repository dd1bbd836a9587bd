//! The conformance runner: every case of every suite in `../conformance/*.json` and
//! `../conformance/pending/*.json` if there is such a folder (suites not yet in every
//! runtime; the core runs them all), run against the core. Each op goes to `finance_ops::dispatch`, then to
//! `model_ops::dispatch`, `audit_ops::dispatch` and `io_ops::dispatch`; an op none
//! handles fails its case.
//!
//! Comparison rules (the same in every binding's runner):
//! - `expect.value`: the whole result equals the value; `expect.fields`: each dotted
//!   path (`a.b[2].c`) into the result's JSON equals its value (a path that does not
//!   exist fails: expect `null` only of a field that is present and null); both may be
//!   given.
//! - Numbers pass when `|actual - expected| <= max(abs, rel * |expected|)` with the
//!   case's `tolerance` (default `rel = abs = 0`: exact). Strings that both parse as
//!   decimals compare by decimal value, exactly (`"100.00"` equals `"100"`); other
//!   strings, booleans and null compare exactly; arrays element by element (same
//!   length); objects key by key (same keys).
//! - `expect.error`: the operation fails with an error whose `kind().as_str()` is that
//!   string, and, when `expect.path` is given, whose `path()` equals it.
//! - `expect.row_errors`: every row error of an import, in order: the `import` error's
//!   rows (with `expect.error`), or the result's `report.errors` (a successful import).
//!   Each expected `{table, row, column, value, reason}` matches its row error exactly,
//!   except `reason`, a substring of the row error's reason.
//! - A case with `known_failure` (why it fails) must fail: it holds a promise the code
//!   does not keep yet; it fails the run once it passes, so that the mark is removed.
mod audit_ops;
mod finance_ops;
mod io_ops;
mod model_ops;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use valuepm_core::Error;

/// The spreadsheet suite holds exactly one case per record of the spreadsheet reference file.
const SPREADSHEET_CASES: usize = 147;

#[derive(Clone, Copy)]
struct Tolerance {
    rel: f64,
    abs: f64,
}

#[test]
fn conformance_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    let mut files = Vec::new();
    for dir in [dir.clone(), dir.join("pending")] {
        if !dir.exists() {
            continue; // no suite is pending
        }
        let mut suites: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            // The export-parity manifest lives beside the suites but holds no cases.
            .filter(|p| p.file_name().is_none_or(|n| n != "manifest.json"))
            .collect();
        suites.sort();
        files.extend(suites);
    }
    assert!(!files.is_empty(), "no case files in {}", dir.display());

    let mut failures = Vec::new();
    let mut total = 0;
    let mut known = 0;
    let mut spreadsheet_cases = None;
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        let suite: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        let suite_name = suite["suite"].as_str().unwrap_or(&name).to_owned();
        let Some(cases) = suite["cases"].as_array() else {
            failures.push(format!("{name}: no `cases` list"));
            continue;
        };
        if suite_name == "spreadsheet_financial" {
            spreadsheet_cases = Some(cases.len());
        }
        let mut ids = std::collections::HashSet::new();
        for case in cases {
            total += 1;
            let id = case["id"].as_str().unwrap_or("<no id>").to_owned();
            if !ids.insert(id.clone()) {
                failures.push(format!("{suite_name}/{id}: duplicate id"));
                continue;
            }
            match (run_case(case), case.get("known_failure").and_then(Value::as_str)) {
                (Err(reason), None) => failures.push(format!("{suite_name}/{id}: {reason}")),
                (Err(reason), Some(why)) => {
                    known += 1;
                    println!("KNOWN FAILURE {suite_name}/{id}: {reason} ({why})");
                }
                (Ok(()), Some(_)) => {
                    failures.push(format!("{suite_name}/{id}: passes now: remove its `known_failure`"));
                }
                (Ok(()), None) => {}
            }
        }
    }

    for failure in &failures {
        println!("FAIL {failure}");
    }
    println!(
        "conformance: {} of {total} cases passed in {} suites, {known} known failures, {} failed",
        total - failures.len() - known,
        files.len(),
        failures.len()
    );
    assert_eq!(
        spreadsheet_cases,
        Some(SPREADSHEET_CASES),
        "spreadsheet_financial.json must hold one case per reference record"
    );
    assert!(failures.is_empty(), "{} conformance case(s) failed (listed above)", failures.len());
}

fn run_case(case: &Value) -> Result<(), String> {
    let op = case["op"].as_str().ok_or("no `op`")?;
    let args = case.get("args").cloned().unwrap_or(Value::Object(serde_json::Map::new()));
    let expect = case.get("expect").and_then(Value::as_object).ok_or("no `expect` object")?;
    let tolerance = Tolerance {
        rel: case.pointer("/tolerance/rel").and_then(Value::as_f64).unwrap_or(0.0),
        abs: case.pointer("/tolerance/abs").and_then(Value::as_f64).unwrap_or(0.0),
    };
    if !(expect.contains_key("value")
        || expect.contains_key("fields")
        || expect.contains_key("error")
        || expect.contains_key("row_errors"))
    {
        return Err("`expect` holds none of value, fields, error, row_errors".to_owned());
    }

    let outcome = catch_unwind(AssertUnwindSafe(|| {
        finance_ops::dispatch(op, &args)
            .or_else(|| model_ops::dispatch(op, &args))
            .or_else(|| audit_ops::dispatch(op, &args))
            .or_else(|| io_ops::dispatch(op, &args))
    }))
    .map_err(|panic| format!("op `{op}` panicked: {}", panic_message(&panic)))?;
    let result: Result<Value, Error> = outcome.ok_or_else(|| format!("unknown op `{op}`"))?;

    if let Some(kind) = expect.get("error") {
        let kind = kind.as_str().ok_or("`expect.error` must be a string")?;
        return match result {
            Ok(value) => Err(format!("expected error `{kind}`, got {value}")),
            Err(e) if e.kind().as_str() != kind => Err(format!("expected error `{kind}`, got `{}`: {e}", e.kind())),
            Err(e) => {
                if let Some(path) = expect.get("path").and_then(Value::as_str) {
                    if e.path() != Some(path) {
                        return Err(format!("expected error path `{path}`, got {:?}: {e}", e.path()));
                    }
                }
                match (expect.get("row_errors"), &e) {
                    (Some(expected), Error::Import { errors }) => {
                        let actual = serde_json::to_value(errors).map_err(|e| e.to_string())?;
                        compare_row_errors(expected, &actual)
                    }
                    (Some(_), _) => Err(format!("`expect.row_errors` given, but the error is not an import's: {e}")),
                    (None, _) => Ok(()),
                }
            }
        };
    }
    let actual = result.map_err(|e| format!("unexpected error `{}`: {e}", e.kind()))?;
    if let Some(expected) = expect.get("value") {
        compare(expected, &actual, tolerance, "value")?;
    }
    if let Some(fields) = expect.get("fields") {
        let fields = fields.as_object().ok_or("`expect.fields` must be an object")?;
        for (path, expected) in fields {
            let found = lookup(&actual, path).ok_or_else(|| format!("{path}: no such field in {actual}"))?;
            compare(expected, found, tolerance, path)?;
        }
    }
    if let Some(expected) = expect.get("row_errors") {
        let found =
            lookup(&actual, "report.errors").ok_or_else(|| format!("report.errors: no such field in {actual}"))?;
        compare_row_errors(expected, found)?;
    }
    Ok(())
}

/// Every row error, in order: each field exact but `reason`, a substring.
fn compare_row_errors(expected: &Value, actual: &Value) -> Result<(), String> {
    let (Some(expected), Some(actual)) = (expected.as_array(), actual.as_array()) else {
        return Err(format!("row_errors: expected a list, got {actual}"));
    };
    if expected.len() != actual.len() {
        return Err(format!(
            "row_errors: expected {} row errors, got {}: {}",
            expected.len(),
            actual.len(),
            json_list(actual)
        ));
    }
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let fields = e.as_object().ok_or_else(|| format!("row_errors[{i}]: expected an object"))?;
        for (key, value) in fields {
            let found = a.get(key).ok_or_else(|| format!("row_errors[{i}].{key}: missing in {a}"))?;
            if key == "reason" {
                let (Some(part), Some(reason)) = (value.as_str(), found.as_str()) else {
                    return Err(format!("row_errors[{i}].reason: expected strings"));
                };
                if !reason.contains(part) {
                    return Err(format!("row_errors[{i}].reason: `{reason}` does not contain `{part}` ({a})"));
                }
            } else if value != found {
                return Err(format!("row_errors[{i}].{key}: expected {value}, got {found} ({a})"));
            }
        }
    }
    Ok(())
}

fn json_list(values: &[Value]) -> String {
    values.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "<non-string panic>".to_owned())
}

/// Follows a dotted path with indices (`a.b[2].c`) into a JSON value.
fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = value;
    for segment in path.split('.') {
        let (key, mut rest) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']')?;
            let index: usize = stripped[..end].parse().ok()?;
            current = current.get(index)?;
            rest = &stripped[end + 1..];
        }
    }
    Some(current)
}

fn compare(expected: &Value, actual: &Value, tolerance: Tolerance, at: &str) -> Result<(), String> {
    let mismatch = || Err(format!("{at}: expected {expected}, got {actual}"));
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            let allowed = tolerance.abs.max(tolerance.rel * e.abs());
            if (a - e).abs() <= allowed {
                Ok(())
            } else {
                Err(format!(
                    "{at}: expected {e:e}, got {a:e} (difference {:.3e}, allowed {allowed:.3e})",
                    (a - e).abs()
                ))
            }
        }
        (Value::String(e), Value::String(a)) => match (Decimal::from_str(e), Decimal::from_str(a)) {
            (Ok(de), Ok(da)) if de == da => Ok(()),
            (Ok(_), Ok(_)) => mismatch(),
            _ if e == a => Ok(()),
            _ => mismatch(),
        },
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{at}: expected {} elements, got {}: {actual}", e.len(), a.len()));
            }
            e.iter().zip(a).enumerate().try_for_each(|(i, (e, a))| compare(e, a, tolerance, &format!("{at}[{i}]")))
        }
        (Value::Object(e), Value::Object(a)) => {
            let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().try_for_each(|k| match (e.get(k), a.get(k)) {
                (Some(ev), Some(av)) => compare(ev, av, tolerance, &format!("{at}.{k}")),
                (Some(_), None) => Err(format!("{at}.{k}: missing")),
                _ => Err(format!("{at}.{k}: unexpected field")),
            })
        }
        _ if expected == actual => Ok(()),
        _ => mismatch(),
    }
}

#[cfg(test)]
mod rules {
    use super::*;
    use serde_json::json;

    const EXACT: Tolerance = Tolerance { rel: 0.0, abs: 0.0 };

    #[test]
    fn numbers_use_the_larger_of_the_bounds() {
        let t = Tolerance { rel: 1e-9, abs: 1e-12 };
        assert!(compare(&json!(100.0), &json!(100.000_000_05), t, "v").is_ok());
        assert!(compare(&json!(100.0), &json!(100.000_001), t, "v").is_err());
        assert!(compare(&json!(0.0), &json!(5e-13), t, "v").is_ok());
        assert!(compare(&json!(1), &json!(1.0), EXACT, "v").is_ok());
    }

    #[test]
    fn decimal_strings_compare_by_value() {
        assert!(compare(&json!("100.00"), &json!("100"), EXACT, "v").is_ok());
        assert!(compare(&json!("100.01"), &json!("100"), EXACT, "v").is_err());
        assert!(compare(&json!("EUR"), &json!("EUR"), EXACT, "v").is_ok());
        assert!(compare(&json!("1"), &json!(1), EXACT, "v").is_err());
    }

    #[test]
    fn structures_compare_recursively() {
        let v = json!({"a": {"b": [1, 2, {"c": "x"}]}, "n": null});
        assert_eq!(lookup(&v, "a.b[2].c"), Some(&json!("x")));
        assert_eq!(lookup(&v, "a.b[5]"), None);
        assert!(compare(&json!({"a": [1, 2]}), &json!({"a": [1, 2]}), EXACT, "v").is_ok());
        assert!(compare(&json!({"a": [1, 2]}), &json!({"a": [1, 2], "b": 1}), EXACT, "v").is_err());
        assert!(compare(&json!([1, 2]), &json!([1]), EXACT, "v").is_err());
    }
}
