//! Criterion benchmarks of ValuePM core: see `benches/README.md` for the figures and
//! the command that produced them.
