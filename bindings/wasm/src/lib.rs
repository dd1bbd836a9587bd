//! `@valuepm/wasm`: the WASM binding of ValuePM core (wasm-bindgen), with the same
//! JavaScript names and shapes as the Node package `@valuepm/core`.
//!
//! The files mirror the core's modules: [`finance`], [`model`], [`template`]; every
//! conversion lives in [`convert`] and every error mapping in [`error`]. Names are the
//! core's in camelCase; records cross as the core's serde JSON (plain objects).

// wasm-bindgen hands every argument over by value.
#![allow(clippy::needless_pass_by_value)]

mod analytics;
mod convert;
mod error;
mod finance;
mod model;
mod money;
mod portfolio;
mod risk;
mod template;

use wasm_bindgen::prelude::wasm_bindgen;

/// Installs the panic hook when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    error::install_panic_hook();
}
