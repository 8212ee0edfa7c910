//! Scenarios in the page: the saved list, files, links, the published file and comparison.

mod panel;
pub mod published;

pub use panel::*;
