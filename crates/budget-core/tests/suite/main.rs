//! The integration tests of budget-core, one test binary: each module is one subject (its own
//! `//!` line says which), and `common` holds the helpers they share. One binary links the crate
//! once instead of once a file. Run one subject with `cargo test -p budget-core --test suite
//! properties::`; data files are under `tests/data/` and `tests/hostile/`, read relative to
//! `CARGO_MANIFEST_DIR`. proptest keeps the failure cases it has found for a module `x` in
//! `tests/proptest-regressions/x.txt` (its default beside a `main.rs`), and runs them first.

mod actions;
mod allocation;
mod collab;
mod common;
mod export;
mod golden;
mod hostile;
mod import_export;
mod json_format;
mod layers;
mod limits_and_follow_up;
mod properties;
mod recalc;
mod scenario_file;
mod schema;
mod structure;
