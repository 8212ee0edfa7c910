//! Kalkyl's budget engine: the workbook model, exact Swedish decimals, recalculation, checks,
//! the frame bridge, the action/undo state machine and file codecs. No browser code here, so
//! all of it is tested with plain `cargo test`.

pub mod action;
pub mod allocation;
pub mod arith;
pub mod bridge;
pub mod chart;
pub mod checks;
pub mod codec;
pub mod csv_export;
pub mod error;
pub mod eval;
pub mod formula;
pub mod goal_seek;
pub mod grid;
pub mod i18n;
pub mod import;
pub mod intake;
mod json_refusal;
pub mod limits;
pub mod live;
pub mod model;
pub mod number;
pub mod recalc;
pub mod rehearsal;
pub mod scenario;
pub mod templates;
pub mod uplift;
pub mod validate;
// Scenario files (v2), comparison, share links and the browser's list of scenarios.
pub mod compare;
pub mod file;
pub mod library;
pub mod share;
pub mod xlsx;
#[cfg(feature = "xlsx")]
pub mod xlsx_file;
pub mod xlsx_read;

pub use action::{Action, Session, TableMeta};
pub use bridge::{bridge, BridgeLine, BridgeResult};
pub use checks::{check, Computed, Finding, FindingKind, Status};
pub use error::CoreError;
pub use eval::{evaluate, TableValues, Value, ValueError};
pub use i18n::{Lang, Text};
pub use model::{Cell, Column, ColumnKind, DeviationSign, Row, RowKind, Table, Unit, Workbook};
pub use number::{
    format_amount, format_amount_in, format_percent, format_percent_in, parse_amount,
    parse_amount_in, round_for_display, NumberError, NumberStyle,
};
pub use rust_decimal::Decimal;
