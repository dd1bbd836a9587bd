//! Spreadsheet-compatible financial functions (f64).
