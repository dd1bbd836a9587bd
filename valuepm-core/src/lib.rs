//! ValuePM core: is each project, and the portfolio as a whole, delivering the value it
//! promised?
#![forbid(unsafe_code)]

pub mod error;
pub mod finance;
pub mod money;

pub use error::{Error, ErrorKind, Result};
pub use money::{Currency, ExchangeRates, Money};
