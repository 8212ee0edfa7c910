//! The only module that touches the browser (window, document, storage, URL, clipboard,
//! downloads, timers, listeners), on gloo where gloo has it; the rest of the UI calls these
//! functions, so what the page asks of the browser is all in one place.

mod browser;
pub mod crash;
mod grid_dom;
mod page;
pub mod xlsx_module;

pub use browser::{
    after_load, apply_language, cancel_pending_save, clear_hash, copy_text, download,
    download_bytes, encode_uri_component, fetch_beside_page, flush_pending_save, focus_first,
    iframe_markup, listen_for_dropped_files, listen_for_hash, listen_for_keys, listen_for_storage,
    location_hash, mark_ready, now_iso, page_address, page_path, picked_file, print, query_param,
    read_chosen_file, save_number_style, save_soon, saved_language, saved_number_style,
    storage_get, storage_set, PickedFile,
};
pub use grid_dom::{
    blur_editing_cell, focus_cell, focus_printed, focus_printed_step, focused_nav,
    on_text_insertion, pasted_text, put_copied_text,
};
pub use page::{
    close_menu_of, listen_for_history, listen_for_menu_dismissal, local_time, mark_jumped,
    push_view, select_value, share_base, today, view_in_address,
};
