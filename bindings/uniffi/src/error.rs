//! The one error type of the binding: the core's error kinds, a caught panic, and the
//! helpers that run every entry point.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use valuepm_core::{Error, ErrorKind};

/// A failure of a ValuePM operation: one variant per stable core error kind (a Kotlin
/// exception subclass, a Swift `Error` case), each with the core's message and the
/// field path or argument name it is about (empty when there is none). The message
/// field is `detail` because Kotlin exceptions already have a `message` property.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ValuePmError {
    /// An argument is outside its domain.
    #[error("{detail}")]
    InvalidArgument {
        /// The core's message.
        detail: String,
        /// The argument's name.
        path: String,
    },
    /// The result does not exist or is not finite.
    #[error("{detail}")]
    NoSolution {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// An iterative search found no root.
    #[error("{detail}")]
    NoConvergence {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// A field failed validation.
    #[error("{detail}")]
    Validation {
        /// The core's message.
        detail: String,
        /// The field path, e.g. `line_items[2].recurrence.end`.
        path: String,
    },
    /// A document could not be parsed.
    #[error("{detail}")]
    Parse {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// A document's schema version is not supported.
    #[error("{detail}")]
    UnsupportedSchemaVersion {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// A lifecycle transition the lifecycle does not allow.
    #[error("{detail}")]
    InvalidTransition {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// Amounts in different currencies were combined.
    #[error("{detail}")]
    CurrencyMismatch {
        /// The core's message.
        detail: String,
        /// Where the amounts met.
        path: String,
    },
    /// A conversion needs an exchange rate the table does not hold.
    #[error("{detail}")]
    MissingExchangeRate {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// An exact decimal computation overflowed.
    #[error("{detail}")]
    Overflow {
        /// The core's message.
        detail: String,
        /// The operation or field.
        path: String,
    },
    /// A referenced item does not exist.
    #[error("{detail}")]
    NotFound {
        /// The core's message.
        detail: String,
        /// Empty.
        path: String,
    },
    /// A long computation (a Monte Carlo simulation) was cancelled by its progress
    /// callback: it returned `false` or threw.
    #[error("{detail}")]
    Cancelled {
        /// The core's message (how many iterations were done), and what the callback threw
        /// when it threw.
        detail: String,
        /// Empty.
        path: String,
    },
    /// A saved audit trail fails its hash chain: an entry was edited, removed, inserted
    /// or reordered (or the trail belongs to another project).
    #[error("{detail}")]
    Tampered {
        /// The core's message, naming the expected and found values.
        detail: String,
        /// The failing field, e.g. `entries[3].hash` (its index is the entry's).
        path: String,
    },
    /// A table import found bad rows and applied nothing: every bad row is in `errors`
    /// (up to the import's `max_errors`), in file order.
    #[error("{detail}")]
    Import {
        /// The core's message (the first row error and how many more).
        detail: String,
        /// Empty.
        path: String,
        /// Every bad row.
        errors: Vec<RowError>,
    },
    /// A panic caught at the boundary (a bug in ValuePM), or an error kind of a newer core
    /// this binding does not know yet (its kind is in `detail`).
    #[error("{detail}")]
    Internal {
        /// The panic's message.
        detail: String,
        /// Empty.
        path: String,
    },
}

/// One problem with one cell or row of an imported file (the core's `io::RowError`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RowError {
    /// The table the row belongs to, e.g. `measurements`.
    pub table: String,
    /// The row as a spreadsheet numbers it: the header is row 1, the first record row 2.
    pub row: u64,
    /// The column's header in the file (the field name when the file lacks the column;
    /// empty when the problem is the row as a whole).
    pub column: String,
    /// The cell's raw text.
    pub value: String,
    /// What is wrong.
    pub reason: String,
}

impl From<&valuepm_core::io::RowError> for RowError {
    fn from(e: &valuepm_core::io::RowError) -> Self {
        Self {
            table: e.table.name().to_owned(),
            row: e.row,
            column: e.column.clone(),
            value: e.value.clone(),
            reason: e.reason.clone(),
        }
    }
}

impl From<Error> for ValuePmError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        let path = e.path().unwrap_or_default().to_owned();
        if let Error::Import { errors } = &e {
            return Self::Import { detail: message, path, errors: errors.iter().map(RowError::from).collect() };
        }
        match e.kind() {
            ErrorKind::InvalidArgument => Self::InvalidArgument { detail: message, path },
            ErrorKind::NoSolution => Self::NoSolution { detail: message, path },
            ErrorKind::NoConvergence => Self::NoConvergence { detail: message, path },
            ErrorKind::Validation => Self::Validation { detail: message, path },
            ErrorKind::Parse => Self::Parse { detail: message, path },
            ErrorKind::UnsupportedSchemaVersion => Self::UnsupportedSchemaVersion { detail: message, path },
            ErrorKind::InvalidTransition => Self::InvalidTransition { detail: message, path },
            ErrorKind::CurrencyMismatch => Self::CurrencyMismatch { detail: message, path },
            ErrorKind::MissingExchangeRate => Self::MissingExchangeRate { detail: message, path },
            ErrorKind::Overflow => Self::Overflow { detail: message, path },
            ErrorKind::Cancelled => Self::Cancelled { detail: message, path },
            ErrorKind::Tampered => Self::Tampered { detail: message, path },
            ErrorKind::NotFound => Self::NotFound { detail: message, path },
            // `ErrorKind` is non-exhaustive: a kind added later is reported with its name,
            // not as another kind (an `import` error once fell here as `NotFound`).
            kind => Self::Internal { detail: format!("{kind}: {message}"), path },
        }
    }
}

/// A foreign callback (the progress callback of a simulation) threw an exception that is
/// not a `ValuePmException`: uniffi reports it through this conversion instead of
/// panicking. The simulation treats any failure of its callback as a cancellation.
impl From<uniffi::UnexpectedUniFFICallbackError> for ValuePmError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Internal { detail: format!("the callback threw: {}", e.reason), path: String::new() }
    }
}

/// Runs `f`, turning a panic into [`ValuePmError::Internal`].
pub fn run<T>(f: impl FnOnce() -> Result<T, ValuePmError>) -> Result<T, ValuePmError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Err(ValuePmError::Internal { detail: format!("internal error: {message}"), path: String::new() })
    })
}

/// An `invalid_argument` error about `argument`.
pub fn invalid_argument(argument: &str, message: impl std::fmt::Display) -> ValuePmError {
    ValuePmError::InvalidArgument {
        detail: format!("invalid argument `{argument}`: {message}"),
        path: argument.to_owned(),
    }
}

/// Parses the ISO date `YYYY-MM-DD` of argument `argument`.
pub fn date(argument: &str, s: &str) -> Result<NaiveDate, ValuePmError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| invalid_argument(argument, format_args!("`{s}` is not a date YYYY-MM-DD: {e}")))
}

/// Parses a list of ISO dates.
pub fn dates(argument: &str, list: &[String]) -> Result<Vec<NaiveDate>, ValuePmError> {
    list.iter().enumerate().map(|(i, s)| date(&format!("{argument}[{i}]"), s)).collect()
}

/// Reads the JSON record `json` of argument `argument` through the core's validating
/// reader; a field error's path starts with `argument`.
pub fn record<T: DeserializeOwned>(argument: &str, json: &str) -> Result<T, ValuePmError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| ValuePmError::Parse {
        detail: format!("cannot parse {argument}: {e}"),
        path: argument.to_owned(),
    })?;
    value_record(argument, value)
}

/// Reads the JSON value of argument `argument` as [`record`] does.
pub fn value_record<T: DeserializeOwned>(argument: &str, value: serde_json::Value) -> Result<T, ValuePmError> {
    valuepm_core::document::from_value(value).map_err(|e| {
        let mut err = ValuePmError::from(e);
        if let ValuePmError::Validation { path, .. } = &mut err {
            *path = if path.is_empty() {
                argument.to_owned()
            } else if path.starts_with('[') {
                format!("{argument}{path}")
            } else {
                format!("{argument}.{path}")
            };
        }
        err
    })
}

/// Serialises `value` as JSON.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, ValuePmError> {
    serde_json::to_string(value)
        .map_err(|e| ValuePmError::Internal { detail: format!("cannot serialise: {e}"), path: String::new() })
}
