//! The one place where errors become JavaScript errors.
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
//! Every call into the core runs through [`run`], which turns a panic into an error of
//! code `"internal"`, so no panic reaches JavaScript.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{JsObjectValue, JsValue, Object};
use napi::{Env, JsError, JsRangeError};
use napi_derive::napi;
use valuepm_core::{Error, ErrorKind};

/// The code of the error thrown when a panic is caught at the boundary.
pub const INTERNAL: &str = "internal";

/// A failure at the boundary: a core error, a JavaScript argument the binding cannot
/// convert, or a caught panic. Holds no JavaScript value, so it crosses threads.
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
    /// The error of one row of a batch.
    Row {
        /// The row's index.
        row: usize,
        /// The row's error.
        error: Box<Failure>,
    },
    /// A panic, with its message.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// An [`Failure::Argument`] for `argument`.
pub fn invalid_argument(argument: &str, message: impl std::fmt::Display) -> Failure {
    Failure::Argument { argument: argument.to_owned(), message: message.to_string() }
}

/// The JavaScript `name` of the error for each kind.
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
            Failure::Panic(_) => INTERNAL,
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
            Failure::Panic(_) => None,
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            Failure::Core(e) => e.to_string(),
            Failure::Argument { argument, message } => format!("invalid argument `{argument}`: {message}"),
            Failure::Field { path, message } => format!("invalid `{path}`: {message}"),
            Failure::Row { row, error } => format!("row {row}: {}", error.message()),
            Failure::Panic(message) => format!("internal error in ValuePM (please report it): {message}"),
        }
    }

    fn core(&self) -> Option<&Error> {
        match self {
            Failure::Core(e) => Some(e),
            Failure::Row { error, .. } => error.core(),
            _ => None,
        }
    }

    fn row(&self) -> Option<usize> {
        match self {
            Failure::Row { row, .. } => Some(*row),
            _ => None,
        }
    }
}

/// Work for the libuv thread pool, taken once by its task.
pub type Work<T> = Option<Box<dyn FnOnce() -> Result<T, Failure> + Send>>;

/// Runs `f`, turning a panic into [`Failure::Panic`].
pub fn run<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => Err(Failure::Panic(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned()),
        )),
    }
}

/// Runs `f` (panics caught) and throws its failure as a JavaScript error.
pub fn call<T>(env: Env, f: impl FnOnce() -> Result<T, Failure>) -> napi::Result<T> {
    run(f).map_err(|failure| to_js(env, &failure))
}

/// The JavaScript error object for `failure`, as a `napi::Error` that throws (or
/// rejects with) exactly that object.
pub fn to_js(env: Env, failure: &Failure) -> napi::Error {
    let kind = failure.kind().to_owned();
    let message = failure.message();
    build(env, failure, &kind, &message).unwrap_or_else(|_| napi::Error::new(napi::Status::GenericFailure, message))
}

fn build(env: Env, failure: &Failure, kind: &str, message: &str) -> napi::Result<napi::Error> {
    let error = napi::Error::new(kind.to_owned(), message.to_owned());
    let value = if kind == ErrorKind::InvalidArgument.as_str() {
        JsRangeError::from(error).into_unknown(env)
    } else {
        JsError::from(error).into_unknown(env)
    };
    let mut object: Object<'_> = value.coerce_to_object()?;
    object.set_named_property("name", class_name(kind))?;
    object.set_named_property("kind", kind)?;
    object.set_named_property("path", failure.path())?;
    if let Some(row) = failure.row() {
        object.set_named_property("row", row as u32)?;
    }
    match failure.core() {
        Some(Error::InvalidTransition { from, to, allowed }) => {
            object.set_named_property("from", from.as_str())?;
            object.set_named_property("to", to.as_str())?;
            object.set_named_property("allowed", allowed.clone())?;
        }
        Some(Error::Cancelled { completed }) => object.set_named_property("completed", *completed as f64)?,
        Some(Error::Tampered { index, .. }) => object.set_named_property("index", *index as f64)?,
        Some(Error::Import { errors }) => {
            let errors = serde_json::to_value(errors).map_err(|e| napi::Error::from_reason(e.to_string()))?;
            object.set_named_property("errors", errors)?;
        }
        _ => {}
    }
    Ok(napi::Error::from(object.to_unknown()))
}

/// Panics inside the boundary guard, for the test that no panic reaches JavaScript.
#[napi(js_name = "_panicForTest")]
pub fn panic_for_test(env: Env) -> napi::Result<()> {
    call(env, || -> Result<(), Failure> { panic!("deliberate test panic") })
}
