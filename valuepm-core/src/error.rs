//! The one error type of ValuePM core.
//!
//! Every fallible operation returns [`Result<T>`]. Each variant carries what a caller
//! needs to act on it (the field path, the offending value, the allowed alternatives)
//! and maps to a stable, machine-readable [`ErrorKind`] that the language bindings turn
//! into native exceptions and that the conformance cases match against.

use std::fmt;

/// The result type of every fallible ValuePM operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in ValuePM core.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A function argument is outside its domain (a spreadsheet's `Err:502`, Excel's
    /// `#NUM!` for invalid input): a period of 0, a negative life, an empty flow list.
    #[error("{function}: invalid argument `{argument}`: {message}")]
    InvalidArgument {
        /// The function that rejected the argument, e.g. `ppmt`.
        function: &'static str,
        /// The argument's name, e.g. `per`.
        argument: &'static str,
        /// Why the value is not accepted, naming the value.
        message: String,
    },

    /// The arguments are valid one by one, but the result does not exist or is not a
    /// finite number (a spreadsheet's `#NUM!`): NPER for a payment that never repays
    /// the loan, PV at a rate of -100%.
    #[error("{function}: no solution: {message}")]
    NoSolution {
        /// The function, e.g. `nper`.
        function: &'static str,
        /// Why there is no finite result.
        message: String,
    },

    /// An iterative search (IRR, XIRR, RATE) found no root (a spreadsheet's `Err:523`).
    #[error("{function}: did not converge: {message}")]
    NoConvergence {
        /// The function, e.g. `irr`.
        function: &'static str,
        /// What was tried: method, guess, iterations, and whether a root was shown not to exist.
        message: String,
    },

    /// A document or model field failed validation.
    #[error("invalid `{path}`: {message}")]
    Validation {
        /// The field path, e.g. `line_items[2].recurrence.end`.
        path: String,
        /// What is wrong, naming the value.
        message: String,
    },

    /// A document could not be parsed (malformed JSON, a missing or unknown field).
    #[error("cannot parse {document}: {message}")]
    Parse {
        /// The kind of document, e.g. `project` or `template`.
        document: &'static str,
        /// The parser's message, with line and column where known.
        message: String,
    },

    /// A document declares a schema version this library cannot read: one newer than
    /// the library's, or one that never existed (0, a negative or fractional number, a
    /// string). Every older version is migrated on load instead.
    #[error("{}", schema_version_message(document, found, *supported))]
    UnsupportedSchemaVersion {
        /// The kind of document, e.g. `project`.
        document: &'static str,
        /// The version found in the document, as written there (e.g. `3` or `"2"`).
        found: String,
        /// The newest version this library reads (and writes).
        supported: u32,
    },

    /// A lifecycle transition that the lifecycle does not allow.
    #[error("cannot move a project from {from} to {to}; allowed from {from}: {}", list_or_none(allowed))]
    InvalidTransition {
        /// The current state.
        from: String,
        /// The requested state.
        to: String,
        /// The states reachable from `from`.
        allowed: Vec<String>,
    },

    /// Two amounts in different currencies were combined without a conversion.
    #[error("currency mismatch in {context}: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// Where the amounts met, e.g. `add` or `line_items[3]`.
        context: String,
        /// The currency required there.
        expected: String,
        /// The currency found.
        found: String,
    },

    /// A conversion needs an exchange rate the rate table does not hold.
    #[error("no exchange rate from {from} to {to}")]
    MissingExchangeRate {
        /// Source currency.
        from: String,
        /// Target currency.
        to: String,
    },

    /// An exact decimal computation left the representable range (about ±7.9e28).
    #[error("decimal overflow in {context}")]
    Overflow {
        /// The operation or field that overflowed.
        context: String,
    },

    /// A referenced item (template, line item, metric) does not exist.
    #[error("{what} `{id}` not found")]
    NotFound {
        /// What was looked up, e.g. `template`.
        what: &'static str,
        /// The identifier that was not found.
        id: String,
    },

    /// A long computation was cancelled by its caller (a progress callback said stop).
    #[error("cancelled by the caller after {completed} iterations")]
    Cancelled {
        /// Work units (e.g. simulation iterations) completed before stopping.
        completed: usize,
    },

    /// A saved audit trail fails its hash chain: an entry was edited, removed, inserted
    /// or reordered after it was recorded (or the trail belongs to another project).
    #[error("audit trail entry {index} fails verification at `{path}`: {message}")]
    Tampered {
        /// The position of the first entry that fails, from 0.
        index: usize,
        /// The failing field, e.g. `entries[3].hash`.
        path: String,
        /// What does not match, naming the expected and found values.
        message: String,
    },

    /// A table import found bad rows and applied nothing (see [`crate::io`]): every bad
    /// row, with its row number, column, raw value and reason.
    #[error("{}", import_message(errors))]
    Import {
        /// Every row error, in file order (table by table).
        errors: Vec<crate::io::RowError>,
    },
}

fn import_message(errors: &[crate::io::RowError]) -> String {
    match errors {
        [] => "import failed".to_owned(),
        [only] => format!("import failed: {only}"),
        [first, rest @ ..] => format!("import failed: {first} (and {} more)", rest.len()),
    }
}

fn schema_version_message(document: &str, found: &str, supported: u32) -> String {
    match found.parse::<u64>() {
        Ok(v) if v > u64::from(supported) => {
            format!("{document} document version {found} is newer than this library's {supported}")
        }
        _ => format!(
            "{document} document version {found} is not a known version (this library reads versions 1 to {supported})"
        ),
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none (terminal state)".to_owned()
    } else {
        items.join(", ")
    }
}

/// The stable, machine-readable kind of an [`Error`].
///
/// The string form (`as_str`) is the contract with the bindings and the conformance
/// cases; it never changes for an existing kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::InvalidArgument`].
    InvalidArgument,
    /// See [`Error::NoSolution`].
    NoSolution,
    /// See [`Error::NoConvergence`].
    NoConvergence,
    /// See [`Error::Validation`].
    Validation,
    /// See [`Error::Parse`].
    Parse,
    /// See [`Error::UnsupportedSchemaVersion`].
    UnsupportedSchemaVersion,
    /// See [`Error::InvalidTransition`].
    InvalidTransition,
    /// See [`Error::CurrencyMismatch`].
    CurrencyMismatch,
    /// See [`Error::MissingExchangeRate`].
    MissingExchangeRate,
    /// See [`Error::Overflow`].
    Overflow,
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::Cancelled`].
    Cancelled,
    /// See [`Error::Tampered`].
    Tampered,
    /// See [`Error::Import`].
    Import,
}

impl ErrorKind {
    /// Every kind, in declaration order (for bindings that build exception tables).
    pub const ALL: [ErrorKind; 14] = [
        ErrorKind::InvalidArgument,
        ErrorKind::NoSolution,
        ErrorKind::NoConvergence,
        ErrorKind::Validation,
        ErrorKind::Parse,
        ErrorKind::UnsupportedSchemaVersion,
        ErrorKind::InvalidTransition,
        ErrorKind::CurrencyMismatch,
        ErrorKind::MissingExchangeRate,
        ErrorKind::Overflow,
        ErrorKind::NotFound,
        ErrorKind::Cancelled,
        ErrorKind::Tampered,
        ErrorKind::Import,
    ];

    /// The stable `snake_case` name, e.g. `"no_convergence"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::NoSolution => "no_solution",
            ErrorKind::NoConvergence => "no_convergence",
            ErrorKind::Validation => "validation",
            ErrorKind::Parse => "parse",
            ErrorKind::UnsupportedSchemaVersion => "unsupported_schema_version",
            ErrorKind::InvalidTransition => "invalid_transition",
            ErrorKind::CurrencyMismatch => "currency_mismatch",
            ErrorKind::MissingExchangeRate => "missing_exchange_rate",
            ErrorKind::Overflow => "overflow",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Tampered => "tampered",
            ErrorKind::Import => "import",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable kind of this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::NoSolution { .. } => ErrorKind::NoSolution,
            Error::NoConvergence { .. } => ErrorKind::NoConvergence,
            Error::Validation { .. } => ErrorKind::Validation,
            Error::Parse { .. } => ErrorKind::Parse,
            Error::UnsupportedSchemaVersion { .. } => ErrorKind::UnsupportedSchemaVersion,
            Error::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            Error::CurrencyMismatch { .. } => ErrorKind::CurrencyMismatch,
            Error::MissingExchangeRate { .. } => ErrorKind::MissingExchangeRate,
            Error::Overflow { .. } => ErrorKind::Overflow,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Cancelled { .. } => ErrorKind::Cancelled,
            Error::Tampered { .. } => ErrorKind::Tampered,
            Error::Import { .. } => ErrorKind::Import,
        }
    }

    /// The field path or argument name the error is about, where there is one (an
    /// error about the document as a whole has none).
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        let path = match self {
            Error::InvalidArgument { argument, .. } => argument,
            Error::Validation { path, .. } | Error::Tampered { path, .. } => path.as_str(),
            Error::CurrencyMismatch { context, .. } | Error::Overflow { context } => context.as_str(),
            _ => return None,
        };
        (!path.is_empty()).then_some(path)
    }

    /// A validation error at `path` with `message`.
    pub fn validation(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation { path: path.into(), message: message.into() }
    }

    /// Prefixes the path of a validation error with `prefix` (`items[2]` + `amount` →
    /// `items[2].amount`), so nested validators report the full path from the document root.
    #[must_use]
    pub fn at(self, prefix: &str) -> Self {
        match self {
            Error::Validation { path, message } => {
                let path = if path.is_empty() {
                    prefix.to_owned()
                } else if path.starts_with('[') {
                    format!("{prefix}{path}")
                } else {
                    format!("{prefix}.{path}")
                };
                Error::Validation { path, message }
            }
            Error::CurrencyMismatch { context, expected, found } => {
                Error::CurrencyMismatch { context: format!("{prefix}.{context}"), expected, found }
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_distinct_snake_case() {
        let names: std::collections::HashSet<_> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }

    #[test]
    fn nested_paths_join() {
        let e = Error::validation("amount", "must be positive").at("line_items[2]").at("project");
        assert_eq!(e.path(), Some("project.line_items[2].amount"));
        let e = Error::validation("[0]", "bad").at("values");
        assert_eq!(e.path(), Some("values[0]"));
    }

    #[test]
    fn schema_version_message_names_both_versions() {
        let newer = Error::UnsupportedSchemaVersion { document: "project", found: "3".into(), supported: 2 };
        assert_eq!(newer.to_string(), "project document version 3 is newer than this library's 2");
        let unknown = Error::UnsupportedSchemaVersion { document: "portfolio", found: "0".into(), supported: 2 };
        assert_eq!(
            unknown.to_string(),
            "portfolio document version 0 is not a known version (this library reads versions 1 to 2)"
        );
    }

    #[test]
    fn transition_message_lists_allowed() {
        let e = Error::InvalidTransition { from: "Completed".into(), to: "Active".into(), allowed: vec![] };
        assert!(e.to_string().contains("terminal"));
    }
}
