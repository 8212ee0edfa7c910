//! The workbook's tables as keyboard-driven grids.

mod table;

pub use table::{explain, TableView};
