//! The page around the current view: its address in the browser's history (`?vy=`), the back
//! button, the share link's base without it, dates in the reader's time zone, a select's value
//! read at a click, the cell a finding jumped to, and closing the header's menus.

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

/// A stored UTC time (`2026-11-24T07:00:00.000Z`) in the reader's time zone as the browser's
/// calendar has it, summer or winter time of that date: `2026-11-24 08:00`. Empty for a text
/// the browser reads as no time.
pub fn local_time(iso: &str) -> String {
    let at = js_sys::Date::new(&JsValue::from_str(iso));
    if at.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.get_full_year(),
        at.get_month() + 1,
        at.get_date(),
        at.get_hours(),
        at.get_minutes()
    )
}

/// The page's address without its view and fragment: the base of a share link, which opens on
/// the workbook's first view whatever view it was made in.
pub fn share_base() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    url.search_params().delete(VIEW_PARAM);
    url.set_hash("");
    // An emptied query leaves a bare `?` behind.
    Some(url.href().trim_end_matches('?').to_owned())
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

/// Closes the header's open menus (`details.menu[open]`) but the one `keep` is inside.
fn close_menus_except(document: &web_sys::Document, keep: Option<&web_sys::Element>) {
    let Ok(open) = document.query_selector_all("details.menu[open]") else {
        return;
    };
    for i in 0..open.length() {
        if let Some(menu) = open
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            if keep.is_none_or(|k| !menu.contains(Some(k))) {
                let _ = menu.remove_attribute("open");
            }
        }
    }
}

/// Menus close as menus do: on a click outside them and on Escape (which gives the focus back
/// to the menu's button).
pub fn listen_for_menu_dismissal() -> Option<(PageListener, PageListener)> {
    let document = web_sys::window()?.document()?;
    let clicks = EventListener::new(&document, "click", {
        let document = document.clone();
        move |e| {
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            close_menus_except(&document, target.as_ref());
        }
    });
    let keys = EventListener::new(&document, "keydown", {
        let document = document.clone();
        move |e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if key.key() != "Escape" {
                return;
            }
            let summary = document
                .query_selector("details.menu[open] > summary")
                .ok()
                .flatten()
                .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(summary) = summary {
                close_menus_except(&document, None);
                let _ = summary.focus();
            }
        }
    });
    Some((PageListener::new(clicks), PageListener::new(keys)))
}

/// Closes the menu `e` happened in, as a menu closes after a choice.
pub fn close_menu_of(e: &web_sys::Event) {
    if let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        if let Ok(Some(details)) = el.closest("details") {
            let _ = details.remove_attribute("open");
        }
    }
}
