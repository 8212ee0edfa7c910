//! The page around the current view: its address in the browser's history (`?vy=`), the back
//! button, today's date for the papers, a select's value read at a click, and marking the cell
//! a finding jumped to.

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};

use super::browser::PageListener;

/// The query parameter that names the view.
const VIEW_PARAM: &str = "vy";

/// The view code in the address, if any.
pub fn view_in_address() -> Option<String> {
    super::query_param(VIEW_PARAM)
}

/// Puts `code` in the address as a new history entry (so the back button returns to the view
/// before), keeping every other parameter and the fragment. Nothing is pushed when the address
/// already names that view: a view shown because of the address must not add a second entry.
pub fn push_view(code: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    if params.get(VIEW_PARAM).as_deref() == Some(code) {
        return;
    }
    params.set(VIEW_PARAM, code);
    let hash = location.hash().unwrap_or_default();
    let address = format!("?{}{hash}", String::from(params.to_string()));
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}

/// The view code each time the back or forward button changes the address.
pub fn listen_for_history(on_view: yew::Callback<Option<String>>) -> Option<PageListener> {
    let window = web_sys::window()?;
    let listener = EventListener::new(&window, "popstate", move |_| {
        on_view.emit(view_in_address());
    });
    Some(PageListener::new(listener))
}

/// Today in the reader's time zone, `2026-12-07`, for the papers' heading.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// The value of the `<select>` with id `id` (empty when there is none), read when a button
/// beside it is clicked, so the page keeps no copy of it in its state.
pub fn select_value(id: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Marks the cell of `table` at `(row, column)` as the one a finding jumped to (class `jumped`
/// on its table cell), unmarking any other, and focuses it. False when it is not rendered.
pub fn mark_jumped(table: &str, at: (usize, usize)) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    if let Ok(marked) = document.query_selector_all(".jumped") {
        for i in 0..marked.length() {
            if let Some(el) = marked
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("jumped");
            }
        }
    }
    let selector = format!(
        "section[data-table=\"{table}\"] [data-nav=\"{}:{}\"]",
        at.0, at.1
    );
    let Some(cell) = document.query_selector(&selector).ok().flatten() else {
        return false;
    };
    if let Some(td) = cell.closest("td, th").ok().flatten() {
        let _ = td.class_list().add_1("jumped");
    }
    super::focus_cell(table, at)
}
