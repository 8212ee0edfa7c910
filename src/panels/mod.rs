//! The panels around the tables: bridge and checks, allocation, charts, tools, import/export,
//! the change log and the table structure forms.

mod allocation;
mod bridge;
mod charts;
mod checks;
mod import_export;
pub mod log;
mod structure;
mod tools;

pub use allocation::{allocation_panel, AllocationProps};
pub use bridge::{bridge_panel, BridgeProps};
pub use charts::Charts;
pub use checks::{checks_panel, ChecksProps};
pub use import_export::ImportExport;
pub use log::ChangeLog;
pub use structure::{AddTableForm, RowTools, TableSettings};
pub use tools::{lock_switch, GoalSeekTool, UpliftTool};
