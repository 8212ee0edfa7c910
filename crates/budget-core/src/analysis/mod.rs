//! What is derived from an evaluated workbook, never stored: checks, the frame bridge, the bridge
//! per activity, comparison of two workbooks, chart data, a selection's summary and the digest
//! of totals a saved file carries (stored, but only to check the file on opening). Reads only.

mod activity;
mod bridge;
mod chart;
mod checks;
mod compare;
mod digest;
mod selection;

pub use activity::{activity_bridge, share_of, ActivityBridge, ActivityResult, LineResult};
pub use bridge::{bridge, BridgeLine, BridgeResult};
pub use chart::{
    changes, to_f64, waterfall_by_activity, waterfall_by_line, Axis, BarKind, WaterfallBar,
};
pub use checks::{
    as_printed, check, printed_difference, tally, Finding, FindingKind, Status, Tally,
    PERCENT_DECIMALS,
};
pub use compare::{compare, CellDiff, CellKind, Comparison};
pub use digest::{totals, verify, Difference, Totals, Verification};
pub use selection::{summarize, Summary};
