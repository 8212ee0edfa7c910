//! Kalkyl's budget engine: the workbook model, exact Swedish decimals, recalculation, checks,
//! the frame bridge, the action/undo state machine and file codecs. No browser code here, so
//! all of it is tested with plain `cargo test`.

// Layers, each using only those before it (checked by tests/suite/layers.rs in this crate):
// base → model → catalog → engine → analysis → session → io.
pub mod analysis;
pub mod base;
pub mod catalog;
pub mod engine;
pub mod io;
pub mod model;
pub mod session;

// What nearly every caller names; the rest is reached through its layer.
pub use base::{
    format_amount, format_amount_in, format_percent, format_percent_in, parse_amount,
    parse_amount_in, round_for_display, CoreError, Lang, NumberError, NumberStyle, Text,
};
pub use engine::Value;
pub use model::{Cell, Column, ColumnKind, DeviationSign, Row, RowKind, Table, Unit, Workbook};
pub use rust_decimal::Decimal;
pub use session::{Action, Live, Session};
