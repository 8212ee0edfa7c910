//! The workbook as data: tables, rows, cells, the allocation setup, ids, size limits and structural
//! validation. Knows nothing of evaluation, history or files.

mod allocations;
mod collab;
mod ids;
// `limits::MAX_CELLS`, `limits::check_size`: read qualified.
pub mod limits;
mod validate;
mod workbook;

pub use allocations::{Allocations, BudgetMode, LineSource, Share, Split};
pub use collab::{Change, Collab, LogEntry, Part};
pub use ids::slug;
pub(crate) use validate::{validate, validate_table};
pub use workbook::{
    is_formula, Bridge, Cell, CellRef, Column, ColumnKind, DeviationSign, Reconciliation, Relation,
    Row, RowKind, RowRef, Table, Unit, Workbook, MAX_DECIMALS,
};
