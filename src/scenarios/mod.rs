//! Scenarios in the page: `state` (the saved list and its reducer), `panel` (its view),
//! `compare` (the comparison view), `handlers` (files, links and other tabs' saves coming in)
//! and `published` (the file `?fil=` names).

mod compare;
mod handlers;
mod panel;
pub mod published;
mod state;

pub use handlers::{drop_handler, link_handler, opened, read_file, storage_handler};
pub use panel::{author_prompt, confirm_view, view};
pub use state::{
    edited, file_json, first_library, open_library, reduce, storage_text, ScenarioMsg, Scenarios,
    STORAGE_KEY,
};
// The save button of the shell's file menu names its download with it.
pub use state::{author, file_name, open_name};
