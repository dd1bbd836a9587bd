//! The one place where errors become Python exceptions.
//!
//! `valuepm.ValuePMError` is the base; each stable core [`ErrorKind`] has one subclass
//! (also a `ValueError`, `LookupError` or `ArithmeticError` where Python code would
//! catch it as one). Every exception carries `kind` (the core's `ErrorKind::as_str()`)
//! and `path` (the core's `Error::path()`: a field path or argument name, or `None`).
//! Every call into the core runs through [`run`], which also turns a panic into a
//! `ValuePMError` of kind `"internal"`, so no panic reaches Python.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use valuepm_core::{Error, ErrorKind};

pyo3::create_exception!(
    valuepm,
    ValuePMError,
    PyException,
    "Base class of every ValuePM error: `kind` is the stable error kind, `path` the field path or argument name (or None)."
);

/// One exception class per error kind: (kind, class name, extra Python base, doc).
const CLASSES: [(ErrorKind, &str, Option<&str>, &str); 14] = [
    (
        ErrorKind::InvalidArgument,
        "InvalidArgumentError",
        Some("ValueError"),
        "An argument outside its domain (a spreadsheet's Err:502).",
    ),
    (
        ErrorKind::NoSolution,
        "NoSolutionError",
        None,
        "Valid arguments without a finite result (a spreadsheet's #NUM!).",
    ),
    (
        ErrorKind::NoConvergence,
        "ConvergenceError",
        None,
        "An IRR, XIRR or RATE search that found no root (a spreadsheet's Err:523).",
    ),
    (
        ErrorKind::Validation,
        "ValidationError",
        Some("ValueError"),
        "A document or model field failed validation; `path` names the field.",
    ),
    (ErrorKind::Parse, "ParseError", Some("ValueError"), "A document could not be parsed (malformed JSON)."),
    (
        ErrorKind::UnsupportedSchemaVersion,
        "UnsupportedSchemaVersionError",
        Some("ValueError"),
        "A document's schema_version this library cannot read.",
    ),
    (
        ErrorKind::InvalidTransition,
        "LifecycleError",
        None,
        "A lifecycle transition the lifecycle does not allow; `allowed` lists the reachable states.",
    ),
    (
        ErrorKind::CurrencyMismatch,
        "CurrencyMismatchError",
        Some("ValueError"),
        "Amounts in different currencies combined without a conversion.",
    ),
    (
        ErrorKind::MissingExchangeRate,
        "MissingExchangeRateError",
        Some("LookupError"),
        "A conversion needs an exchange rate the table does not hold.",
    ),
    (
        ErrorKind::Overflow,
        "DecimalOverflowError",
        Some("ArithmeticError"),
        "An exact decimal computation left the representable range (about 7.9e28).",
    ),
    (
        ErrorKind::NotFound,
        "NotFoundError",
        Some("LookupError"),
        "A referenced template, line item or metric does not exist.",
    ),
    (
        ErrorKind::Cancelled,
        "CancelledError",
        None,
        "A long computation stopped by its progress callback; `completed` counts the work units done.",
    ),
    (
        ErrorKind::Tampered,
        "TamperedError",
        Some("ValueError"),
        "A saved audit trail fails its hash chain (an entry edited, removed, inserted or reordered, or a trail of another project); `path` names the failing entry field, `index` the entry.",
    ),
    (
        ErrorKind::Import,
        "TableImportError",
        Some("ValueError"),
        "An imported file has bad rows and nothing was applied; `errors` lists every one as `{table, row, column, value, reason}` (not Python's ImportError, which is about modules).",
    ),
];

/// The kind of the error raised when a panic is caught at the boundary.
pub const INTERNAL: &str = "internal";

static TYPES: PyOnceLock<Vec<(&'static str, Py<PyType>)>> = PyOnceLock::new();

/// Creates the exception classes and adds them (and the base) to the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let base = py.get_type::<ValuePMError>();
    base.setattr("kind", py.None())?;
    base.setattr("path", py.None())?;
    base.setattr("row", py.None())?;
    module.add("ValuePMError", &base)?;
    let builtins = py.import("builtins")?;
    let type_fn = builtins.getattr("type")?;
    let mut types = Vec::with_capacity(CLASSES.len());
    for (kind, name, extra, doc) in CLASSES {
        let bases = match extra {
            Some(extra) => PyTuple::new(py, [base.as_any().clone(), builtins.getattr(extra)?])?,
            None => PyTuple::new(py, [base.as_any().clone()])?,
        };
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "valuepm")?;
        namespace.set_item("__doc__", doc)?;
        namespace.set_item("kind", kind.as_str())?;
        if kind == ErrorKind::InvalidTransition {
            namespace.set_item("allowed", PyTuple::empty(py))?;
            namespace.set_item("from_state", py.None())?;
            namespace.set_item("to_state", py.None())?;
        }
        if kind == ErrorKind::Cancelled {
            namespace.set_item("completed", py.None())?;
        }
        if kind == ErrorKind::Tampered {
            namespace.set_item("index", py.None())?;
        }
        if kind == ErrorKind::Import {
            namespace.set_item("errors", PyTuple::empty(py))?;
        }
        let class = type_fn.call1((name, bases, namespace))?.cast_into::<PyType>()?;
        module.add(name, &class)?;
        types.push((kind.as_str(), class.unbind()));
    }
    let _ = TYPES.set(py, types);
    Ok(())
}

/// A failure at the boundary: a core error or a caught panic. Holds no Python object,
/// so it crosses [`Python::detach`].
#[derive(Debug)]
pub enum Failure {
    /// An error returned by the core (or by a conversion, in the core's terms).
    Core(Error),
    /// A panic, with its message.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// Runs `f`, turning a panic into [`Failure::Panic`].
pub fn run<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(Failure::Core),
        Err(panic) => Err(Failure::Panic(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned()),
        )),
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        Python::attach(|py| match failure {
            Failure::Core(e) => core_error(py, &e),
            Failure::Panic(message) => {
                raise(py, INTERNAL, None, format!("internal error in ValuePM (please report it): {message}"))
            }
        })
    }
}

/// The Python exception for a core error.
pub fn core_error(py: Python<'_>, e: &Error) -> PyErr {
    let err = raise(py, e.kind().as_str(), e.path(), e.to_string());
    let value = err.value(py);
    let set = || -> PyResult<()> {
        match e {
            Error::InvalidTransition { allowed, from, to } => {
                value.setattr("allowed", PyTuple::new(py, allowed)?)?;
                value.setattr("from_state", from)?;
                value.setattr("to_state", to)
            }
            Error::Cancelled { completed } => value.setattr("completed", completed),
            Error::Tampered { index, .. } => value.setattr("index", index),
            Error::Import { errors } => value.setattr("errors", crate::convert::record_to_py(py, errors)?),
            _ => Ok(()),
        }
    };
    if let Err(e) = set() {
        return e;
    }
    err
}

/// An exception of the class for `kind` (the base class for an unknown kind), with
/// `kind` and `path` set.
pub fn raise(py: Python<'_>, kind: &str, path: Option<&str>, message: String) -> PyErr {
    let class = TYPES
        .get(py)
        .and_then(|types| types.iter().find(|(k, _)| *k == kind))
        .map_or_else(|| py.get_type::<ValuePMError>(), |(_, class)| class.bind(py).clone());
    let make = || -> PyResult<PyErr> {
        let value = class.call1((message,))?;
        value.setattr("kind", kind)?;
        value.setattr("path", path)?;
        Ok(PyErr::from_value(value))
    };
    make().unwrap_or_else(|e| e)
}

/// The exception for a batch row's error: the message names the row, and `row` is set.
pub fn row_error(py: Python<'_>, row: usize, e: &Error) -> PyErr {
    let err = raise(py, e.kind().as_str(), e.path(), format!("row {row}: {e}"));
    if let Err(e) = err.value(py).setattr("row", row) {
        return e;
    }
    err
}

/// An `InvalidArgumentError` for a Python argument that cannot be converted.
pub fn invalid_argument(py: Python<'_>, argument: &str, message: impl std::fmt::Display) -> PyErr {
    raise(py, ErrorKind::InvalidArgument.as_str(), Some(argument), format!("invalid argument `{argument}`: {message}"))
}

/// A `ValidationError` at `path` for a document value that cannot be converted.
pub fn validation(py: Python<'_>, path: &str, message: impl std::fmt::Display) -> PyErr {
    raise(py, ErrorKind::Validation.as_str(), Some(path), format!("invalid `{path}`: {message}"))
}

/// Turns core results into Python results (`core_call().or_raise()?`).
pub trait OrRaise<T> {
    /// The value, or the Python exception for the error.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|e| PyErr::from(Failure::Core(e)))
    }
}

impl<T> OrRaise<T> for Result<T, Failure> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(PyErr::from)
    }
}

/// Panics inside the boundary guard, for the test that no panic reaches Python.
#[pyfunction]
#[pyo3(name = "_panic_for_test")]
pub fn panic_for_test() -> PyResult<()> {
    run(|| -> Result<(), Error> { panic!("deliberate test panic") }).or_raise()
}
