//! `@valuepm/wasm`: the WASM binding of ValuePM core (wasm-bindgen), with the same
//! JavaScript names and shapes as the Node package `@valuepm/core`.
//!
//! The files mirror the core's modules: [`finance`], [`model`], [`template`], [`money`],
//! [`analytics`], [`risk`], [`portfolio`], [`audit`] (the audit trail), [`document`]
//! (migrations), [`io`] (table import and export: CSV and workbooks); every
//! conversion lives in [`convert`] and every error mapping in [`error`]. Names are the core's in camelCase; records cross as the
//! core's serde JSON (plain objects). The `…Async` variants run on the calling thread
//! (wasm32 has no thread pool) and return a Promise that is already settled.

// wasm-bindgen hands every argument over by value.
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

use wasm_bindgen::prelude::wasm_bindgen;

// The TypeScript vocabulary of the JS API (argument and record types: `Flows`,
// `DateArg`, `SimulationSpec`, `RollUp`, …) is the Node package's, from the one file both
// packages' declarations start with, so the two packages' shapes cannot drift apart.
#[wasm_bindgen(typescript_custom_section)]
const NODE_TYPES: &str = include_str!("../../node/dts-header.d.ts");

// The option objects the Node package declares from its Rust structs.
#[wasm_bindgen(typescript_custom_section)]
const OPTION_TYPES: &str = r#"
/** Options of the batch functions. */
export interface BatchOptions {
  /**
   * `"throw"` (default): throw the first failing row's error (its `row` is set);
   * `"nan"`: put NaN where a row has no result.
   */
  errors?: string
  /** `npvBatch` only: the first value at t = 0 (`npvT0`) instead of one period out. */
  t0?: boolean
}
/** Options of `Project.transition`. */
export interface TransitionOptions {
  /** When (a `Date` or an ISO timestamp; default now). */
  at?: DateArg
  /** Who made the change. */
  by?: string
  /** Why. */
  reason?: string
}
"#;

/// Installs the panic hook when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    error::install_panic_hook();
}
