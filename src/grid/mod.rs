//! The workbook's tables as keyboard-driven grids: `table` (the table, its selection and
//! scrolling window), `rows` and `cell` (what it draws), `clipboard` (copy and paste of
//! blocks), `nav` (where keys move: pure, unit-tested functions) and `note` (cell notes: their
//! descriptions and editor).

mod cell;
mod clipboard;
mod nav;
mod note;
mod rows;
mod table;

pub use rows::{explain, group_runs};
pub use table::TableView;
