//! The workbook's tables as keyboard-driven grids: `table` (the table, its selection and
//! scrolling window), `rows` and `cell` (what it draws), `clipboard` (copy and paste of
//! blocks) and `nav` (where keys move: pure, unit-tested functions).

mod cell;
mod clipboard;
mod nav;
mod rows;
mod table;

pub use rows::{explain, group_runs};
pub use table::TableView;
