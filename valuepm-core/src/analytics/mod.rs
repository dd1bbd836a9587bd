//! Analytics over projects: earned value and earned schedule.

mod earned_value;

pub use earned_value::{EarnedValue, ItemProgress};
