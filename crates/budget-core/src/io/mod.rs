//! Files and text in and out: the scenario file (v2, and v1 read), CSV, XLSX plans and files,
//! import previews, the clipboard block, share links and the browser's list of scenarios.

mod clipboard;
mod codec;
mod csv_export;
mod csv_read;
mod file;
mod import;
mod import_table;
mod json_refusal;
mod library;
mod reimport;
// Namespaces of their own, as their names read qualified: `share::decode`, `share::link`.
pub mod share;
mod xlsx;
// The XLSX files themselves (feature `xlsx`, the page's separately loaded module):
// `xlsx_file::write`, `xlsx_file::read_grid`.
#[cfg(feature = "xlsx")]
pub mod xlsx_file;
mod xlsx_read;

pub use clipboard::{copy_block, parse_block, plan_paste};
pub use codec::{from_json_v1, to_csv, to_json_v1, UTF8_BOM};
pub use csv_export::{table_to_csv, workbook_to_csv, CsvDialect};
pub use file::{
    from_bytes, from_json, open_json, scenario_file_name, to_json, to_json_compact, FileV2,
    Scenario, ScenarioMeta, FILE_SUFFIX, MAX_FILE_BYTES,
};
pub use import::{check_size, is_sum_label, ColumnUse, ImportChoices, ImportPreview};
pub use import_table::{file_kind, preview_csv, preview_csv_with, FileKind};
#[cfg(feature = "xlsx")]
pub use import_table::{preview_file, preview_named};
pub use library::{Entry, Library};
pub use reimport::import_action;
pub use xlsx::{holds_percentages, tables_plan, workbook_plan, XlsxPlan, BRIDGE_SHEET};
pub use xlsx_read::{preview_grid, preview_grid_with, SheetGrid};
