//! The one place where errors become JavaScript errors, as in the Node package.
//!
//! Every core error is thrown as a real `Error` (a `RangeError` for `invalid_argument`)
//! whose `code` and `kind` are the core's stable [`ErrorKind`] string, whose `path` is
//! the core's `Error::path()` (a field path or argument name, or `null`), and whose
//! `name` says the class of failure (`ValidationError`, `LifecycleError`, …). A lifecycle
//! error also carries `from`, `to` and `allowed`; a batch row's error carries `row`; a
//! cancelled run's error carries `completed` (the iterations done); a tampered audit
//! trail's error (`TamperedError`) carries `index`, the first entry that fails; an
//! import's error (`TableImportError`, code `import`) carries `errors`, every bad row as
//! `{table, row, column, value, reason}`.
//!
//! The `…Async` variants run on the calling thread (wasm32 has no thread pool) and return
//! a Promise that is already settled: resolved with the sync variant's result, or
//! rejected with the very Error object the sync variant throws ([`promise`]).
//!
//! Panics: `wasm32-unknown-unknown` cannot unwind on stable Rust, so `catch_unwind` is
//! no guard. The panic hook installed at start-up throws an `Error` of code `"internal"`
//! straight from the panic, so the caller gets a clear error instead of a bare
//! `RuntimeError: unreachable` trap. The call's Rust frames are abandoned (their memory
//! leaks, and an object borrowed by the call stays borrowed), but the module stays usable.

use js_sys::{Array, Object, Promise, Reflect};
use valuepm_core::{Error, ErrorKind};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// The code of the error thrown when a panic reaches the boundary.
pub const INTERNAL: &str = "internal";

/// A failure at the boundary: a core error, a JavaScript argument the binding cannot
/// convert, or a record field it cannot read.
#[derive(Debug)]
pub enum Failure {
    /// An error returned by the core.
    Core(Error),
    /// An argument the binding could not convert (kind `invalid_argument`).
    Argument {
        /// The argument's name, e.g. `dates`.
        argument: String,
        /// What is wrong with it.
        message: String,
    },
    /// A record field the binding could not convert (kind `validation`).
    Field {
        /// The field path.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// The error of one row of a batch (or one project of `evaluateMany`).
    Row {
        /// The row's index.
        row: usize,
        /// The row's error.
        error: Box<Failure>,
    },
    /// An internal failure (a result that cannot be serialised).
    Internal(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// A [`Failure::Argument`] for `argument`.
pub fn invalid_argument(argument: &str, message: impl std::fmt::Display) -> Failure {
    Failure::Argument { argument: argument.to_owned(), message: message.to_string() }
}

/// The JavaScript `name` of the error for each kind (the Node package's names).
fn class_name(kind: &str) -> &'static str {
    match kind {
        "invalid_argument" => "InvalidArgumentError",
        "no_solution" => "NoSolutionError",
        "no_convergence" => "ConvergenceError",
        "validation" => "ValidationError",
        "parse" => "ParseError",
        "unsupported_schema_version" => "UnsupportedSchemaVersionError",
        "invalid_transition" => "LifecycleError",
        "currency_mismatch" => "CurrencyMismatchError",
        "missing_exchange_rate" => "MissingExchangeRateError",
        "overflow" => "DecimalOverflowError",
        "not_found" => "NotFoundError",
        "cancelled" => "CancelledError",
        "tampered" => "TamperedError",
        "import" => "TableImportError",
        _ => "ValuePMError",
    }
}

impl Failure {
    /// The stable kind string.
    pub fn kind(&self) -> &str {
        match self {
            Failure::Core(e) => e.kind().as_str(),
            Failure::Argument { .. } => ErrorKind::InvalidArgument.as_str(),
            Failure::Field { .. } => ErrorKind::Validation.as_str(),
            Failure::Row { error, .. } => error.kind(),
            Failure::Internal(_) => INTERNAL,
        }
    }

    /// The field path or argument name, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            Failure::Core(e) => e.path(),
            Failure::Argument { argument: path, .. } | Failure::Field { path, .. } => {
                (!path.is_empty()).then_some(path.as_str())
            }
            Failure::Row { error, .. } => error.path(),
            Failure::Internal(_) => None,
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            Failure::Core(e) => e.to_string(),
            Failure::Argument { argument, message } => format!("invalid argument `{argument}`: {message}"),
            Failure::Field { path, message } => format!("invalid `{path}`: {message}"),
            Failure::Row { row, error } => format!("row {row}: {}", error.message()),
            Failure::Internal(message) => internal_message(message),
        }
    }

    /// The core error, also inside a row's error.
    fn core(&self) -> Option<&Error> {
        match self {
            Failure::Core(e) => Some(e),
            Failure::Row { error, .. } => error.core(),
            _ => None,
        }
    }
}

fn internal_message(message: &str) -> String {
    format!("internal error in ValuePM (please report it): {message}")
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property of a fresh Error object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// The JavaScript error object for `kind`, `message` and `path`.
fn error_object(kind: &str, message: &str, path: Option<&str>) -> Object {
    let error: Object = if kind == ErrorKind::InvalidArgument.as_str() {
        js_sys::RangeError::new(message).into()
    } else {
        js_sys::Error::new(message).into()
    };
    set(&error, "name", &JsValue::from_str(class_name(kind)));
    set(&error, "code", &JsValue::from_str(kind));
    set(&error, "kind", &JsValue::from_str(kind));
    set(&error, "path", &path.map_or(JsValue::NULL, JsValue::from_str));
    error
}

/// The JavaScript error object for `failure`.
pub fn to_js(failure: &Failure) -> JsValue {
    let error = error_object(failure.kind(), &failure.message(), failure.path());
    if let Failure::Row { row, .. } = failure {
        set(&error, "row", &JsValue::from_f64(*row as f64));
    }
    match failure.core() {
        Some(Error::InvalidTransition { from, to, allowed }) => {
            set(&error, "from", &JsValue::from_str(from.as_str()));
            set(&error, "to", &JsValue::from_str(to.as_str()));
            let list: Array = allowed.iter().map(|s| JsValue::from_str(s.as_str())).collect();
            set(&error, "allowed", &list);
        }
        Some(Error::Cancelled { completed }) => set(&error, "completed", &JsValue::from_f64(*completed as f64)),
        Some(Error::Tampered { index, .. }) => set(&error, "index", &JsValue::from_f64(*index as f64)),
        Some(Error::Import { errors }) => {
            // Row errors are plain strings and small numbers: their conversion cannot fail.
            set(&error, "errors", &crate::convert::to_js(errors).unwrap_or(JsValue::NULL));
        }
        _ => {}
    }
    error.into()
}

/// The Promise of an `…Async` variant: already resolved with `result`'s value, or already
/// rejected with its error (the Error object the sync variant throws). The work has run
/// on the calling thread by then: wasm32 has no thread pool.
pub fn promise<T: Into<JsValue>>(result: Result<T, JsValue>) -> Promise {
    match result {
        Ok(value) => Promise::resolve(&value.into()),
        Err(error) => Promise::reject(&error),
    }
}

/// Runs `f` and turns its failure into the JavaScript error object that is thrown.
pub fn call<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, JsValue> {
    f().map_err(|failure| to_js(&failure))
}

/// Installs the hook that throws a panic as an `Error` of code `"internal"` (once).
pub fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned());
            let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
            let error = error_object(INTERNAL, &internal_message(&format!("{message}{location}")), None);
            // Only on wasm: throwing unwinds the JavaScript stack through the wasm frames.
            // A host build (clippy, tests) keeps the default behaviour.
            if cfg!(target_arch = "wasm32") {
                wasm_bindgen::throw_val(error.into());
            }
        }));
    });
}

/// Panics inside the boundary, for the test that a panic becomes a clear error.
#[wasm_bindgen(js_name = "_panicForTest")]
pub fn panic_for_test() -> Result<(), JsValue> {
    call(|| -> Result<(), Failure> { panic!("deliberate test panic") })
}
