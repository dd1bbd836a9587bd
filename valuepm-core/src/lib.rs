//! ValuePM core: is each project, and the portfolio as a whole, delivering the value it
//! promised?
//!
//! The library models projects (identity, horizon, a validated lifecycle, cost and
//! benefit line items, value metrics, a risk register), instantiates them from templates,
//! turns them into dated cash flows, and evaluates them with spreadsheet-compatible
//! finance. Money is exact ([`Money`]: a decimal amount with an ISO 4217 [`Currency`]);
//! every fallible operation returns a typed [`Error`] with a stable [`ErrorKind`].
//!
//! - [`finance`]: NPV, XNPV, IRR, XIRR, MIRR, PMT … SYD, day counts, root finding.
//! - [`model`]: [`model::Project`], lifecycle, line items, cash-flow series, KPIs, risks,
//!   [`model::Evaluation`].
//! - [`template`]: built-in and custom templates.
//! - [`money`]: [`Money`], [`Currency`], [`ExchangeRates`].
//! - [`audit`]: the hash-chained [`AuditTrail`] of every change to a project.
//! - [`document`]: versioned documents and their migrations.
//! - [`io`]: CSV and spreadsheet import (every bad row reported at once, all or nothing)
//!   and export (CSV, `.xlsx` with typed cells).
//!
//! ```
//! use chrono::NaiveDate;
//! use valuepm_core::finance;
//! use valuepm_core::model::LifecycleState;
//! use valuepm_core::template::{builtin_template, InstantiateOptions};
//!
//! let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let template = builtin_template("infrastructure")?;
//! let project = template.instantiate(&InstantiateOptions::new("DC-01", "Data-centre refresh", start))?;
//! assert_eq!(project.state(), LifecycleState::Proposed);
//!
//! let evaluation = project.evaluate(start)?;
//! assert!(evaluation.npv.amount() > valuepm_core::Decimal::ZERO);
//! assert!(evaluation.payback_years.is_some());
//!
//! // Spreadsheet functions, with the spreadsheet's conventions: =NPV(10%; -1000; 300; 400; 500)
//! let npv = finance::npv(0.1, &[-1000.0, 300.0, 400.0, 500.0])?;
//! // -1000/1.1 + 300/1.1² + 400/1.1³ + 500/1.1⁴ = -19.1244
//! assert!((npv + 19.124_376_750_222).abs() < 1e-9);
//! # Ok::<(), valuepm_core::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod analytics;
pub mod audit;
pub mod document;
pub mod error;
pub mod finance;
pub mod io;
pub mod model;
pub mod money;
pub mod portfolio;
pub mod risk;
mod sort;
pub mod template;

pub use audit::{AuditEntry, AuditOp, AuditQuery, AuditTrail, ChangeMeta};
pub use document::DocumentKind;
pub use error::{Error, ErrorKind, Result};
pub use money::{Currency, ExchangeRates, Money};
/// The exact decimal type of every amount (re-exported so callers need no version match).
pub use rust_decimal::Decimal;
