//! Runnable examples of ValuePM core live beside this crate as `[[example]]` targets;
//! `cargo run --example quickstart` runs the main one.
