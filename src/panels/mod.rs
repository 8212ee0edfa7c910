//! The panels around the tables: bridge and checks, allocation, charts, tools, import/export
//! and the table structure forms.

mod allocation;
mod bridge;
mod charts;
mod checks;
mod import_export;
mod structure;
mod tools;

pub use allocation::AllocationPanel;
pub use bridge::BridgePanel;
pub use charts::Charts;
pub use checks::ChecksPanel;
pub use import_export::ImportExport;
pub use structure::{AddTableForm, RowTools, TableSettings};
pub use tools::{GoalSeekTool, UpliftTool};
