//! `@valuepm/core`: the Node binding of ValuePM core (napi-rs).
//!
//! The files mirror the core's modules: [`finance`], [`model`], [`template`], [`money`],
//! [`analytics`], [`risk`], [`portfolio`], [`audit`] (the audit trail), [`document`]
//! (migrations), [`io`] (table import and export: CSV and workbooks); every conversion
//! lives in [`convert`] and every error mapping in [`error`]. Names are the core's in
//! camelCase; records cross as the core's serde JSON.

// napi registers the exports only outside `cfg(test)`, so a test build (clippy
// --all-targets) would see every export as dead code.
#![cfg_attr(test, allow(dead_code))]
// napi hands every argument over by value.
#![allow(clippy::needless_pass_by_value)]

mod analytics;
mod audit;
mod convert;
mod document;
mod error;
mod finance;
mod io;
mod model;
mod money;
mod portfolio;
mod risk;
mod template;
