//! Workbooks the app ships: the embedded default scenario (the care committee's published plan
//! 2026), the measuring workbook, and table templates. Uses only the model.

mod default_scenario;
mod templates;

pub use default_scenario::{
    default_workbook, synthetic, DRIFT_TSV, RAMFORANDRINGAR_TSV, RESULTATRAKNING_TSV,
};
pub use templates::{build, Template};
