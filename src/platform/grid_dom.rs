//! What a table's grid asks of the document: moving focus between its cells (found by their
//! `data-nav` / `data-printed` attributes), the cell with focus, the clipboard of a copy or
//! paste event, and typing that arrives as one insertion (`beforeinput`, which Yew has no
//! listener for).

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Moves DOM focus to a cell of a table's grid; cells carry `data-nav="row:column"`. False when
/// the cell is not rendered (a virtualized table scrolled elsewhere).
pub fn focus_cell(table: &str, (r, c): (usize, usize)) -> bool {
    let selector = format!("section[data-table=\"{table}\"] [data-nav=\"{r}:{c}\"]");
    match document()
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// The `data-nav` of the element with focus, when it is a cell of this table.
pub fn focused_nav(table: &str) -> Option<String> {
    let active = document()?.active_element()?;
    // Only cells of this table count; another table's focus is not ours to move.
    active
        .closest(&format!("section[data-table=\"{table}\"]"))
        .ok()??;
    active.get_attribute("data-nav")
}

/// The printed figures of the total in row `r`, as (column, element), in column order.
fn printed_cells(table: &str, r: usize) -> Vec<(usize, HtmlElement)> {
    let selector = format!("section[data-table=\"{table}\"] [data-printed^=\"{r}:\"]");
    let Some(list) = document().and_then(|d| d.query_selector_all(&selector).ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter_map(|el| {
            let c = el
                .get_attribute("data-printed")?
                .split_once(':')?
                .1
                .parse()
                .ok()?;
            Some((c, el))
        })
        .collect()
}

/// Focuses the printed figure of the total in row `r`, column `c`; false when there is none.
pub fn focus_printed(table: &str, (r, c): (usize, usize)) -> bool {
    printed_cells(table, r)
        .into_iter()
        .find(|(column, _)| *column == c)
        .is_some_and(|(_, el)| el.focus().is_ok())
}

/// Focuses the printed figure after (or before) column `c` of the total in row `r`.
pub fn focus_printed_step(table: &str, (r, c): (usize, usize), forward: bool) -> bool {
    let cells = printed_cells(table, r);
    let next = if forward {
        cells.into_iter().find(|(column, _)| *column > c)
    } else {
        cells.into_iter().rev().find(|(column, _)| *column < c)
    };
    next.is_some_and(|(_, el)| el.focus().is_ok())
}

/// Takes focus from a cell being edited, which commits it.
pub fn blur_editing_cell() {
    if let Some(active) = document()
        .and_then(|d| d.active_element())
        .filter(|a| a.has_attribute("data-editing"))
        .and_then(|a| a.dyn_into::<HtmlElement>().ok())
    {
        let _ = active.blur();
    }
}

/// The text a paste event carries.
pub fn pasted_text(e: &web_sys::Event) -> Option<String> {
    e.dyn_ref::<web_sys::ClipboardEvent>()?
        .clipboard_data()?
        .get_data("text/plain")
        .ok()
}

/// Puts `text` on the clipboard of a copy event; false when the event has none.
pub fn put_copied_text(e: &web_sys::Event, text: &str) -> bool {
    e.dyn_ref::<web_sys::ClipboardEvent>()
        .and_then(|c| c.clipboard_data())
        .is_some_and(|clip| clip.set_data("text/plain", text).is_ok())
}

/// Text about to be typed or inserted into `input` in one piece (a key, AltGr, an IME,
/// autocorrect, automation) is offered to `take`; when it takes it, the browser does not
/// insert it. Listens until the returned listener is dropped.
pub fn on_text_insertion(
    input: &HtmlInputElement,
    take: impl Fn(String) -> bool + 'static,
) -> EventListener {
    EventListener::new_with_options(
        input,
        "beforeinput",
        EventListenerOptions::enable_prevent_default(),
        move |e| {
            let Some(e) = e.dyn_ref::<web_sys::InputEvent>() else {
                return;
            };
            if matches!(
                e.input_type().as_str(),
                "insertText" | "insertReplacementText"
            ) && take(e.data().unwrap_or_default())
            {
                e.prevent_default();
            }
        },
    )
}
