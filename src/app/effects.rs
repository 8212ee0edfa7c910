//! What the page does in the browser around its state: autosave after changes (and on
//! leaving), the listeners (dropped files, other tabs' saves, undo keys, links pasted into the
//! address bar, the back button), the link and published file the page was opened with, clearing
//! a handled link from the address, the view's history entries, printing and the page's `lang`.

use budget_core::{tr, Action, Text};
use yew::prelude::*;

use super::failed;
use super::state::{AppState, Msg};
use super::view::View;
use crate::platform;
use crate::scenarios::{self, published};

/// How long typing must pause before the work is written to the browser's storage.
const AUTOSAVE_PAUSE_MS: u32 = 400;

/// Writes the list to localStorage; run after every change.
fn autosave(state: &AppState) -> Result<(), Text> {
    let text = scenarios::storage_text(state, &platform::now_iso())?;
    platform::storage_set(scenarios::STORAGE_KEY, &text).map_err(|e| {
        e.map(|lang, e| {
            tr!(
                lang,
                "Arbetet kunde inte sparas i webbläsaren ({e}). Spara scenariofil för att inte förlora det.",
                "The work could not be saved in the browser ({e}). Save a scenario file so as not to lose it."
            )
        })
    })
}

/// Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z, ⌘ on a Mac) undo and redo workbook changes wherever focus
/// is, except in a text field of its own (a row name, a note) or a cell being edited, where
/// they undo the typing as the browser does.
fn undo_shortcut(e: &KeyboardEvent) -> Option<Action> {
    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
        return None;
    }
    let action = match (e.key().to_lowercase().as_str(), e.shift_key()) {
        ("z", false) => Action::Undo,
        ("y", _) | ("z", true) => Action::Redo,
        _ => return None,
    };
    if let Some(target) = e.target_dyn_into::<web_sys::HtmlElement>() {
        let field = matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT");
        let grid_cell = target.has_attribute("data-nav") || target.has_attribute("data-printed");
        if (field && !grid_cell) || target.has_attribute("data-editing") {
            return None;
        }
    }
    Some(action)
}

/// The page's effects (see the module's first line), for `App` to call once per render.
#[hook]
pub fn use_page_effects(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), |_| {
        platform::mark_ready();
        // Once the tables are shown, rehearse an edit, so the user's first one is as quick as
        // the rest (see budget_core::session::rehearse_edit).
        platform::after_load(|| {
            budget_core::session::rehearse_edit();
        });
    });
    // The page's `lang` follows the saved choice from the first render on.
    use_effect_with(state.lang, |lang| {
        let _ = platform::apply_language(*lang);
    });
    // Autosave after every change.
    use_effect_with(state.scenarios.revision, {
        let state = state.clone();
        move |_| {
            let dispatcher = state.dispatcher();
            platform::save_soon(
                AUTOSAVE_PAUSE_MS,
                Box::new(move || {
                    if let Err(e) = autosave(&state) {
                        dispatcher.dispatch(Msg::Notify(e));
                    }
                }),
            );
        }
    });
    // A share link opened, refused or declined leaves the address, so a reload does not ask
    // again.
    use_effect_with(state.scenarios.links_done, |done| {
        if *done > 0 {
            let _ = platform::clear_hash();
        }
    });
    // A view chosen in the page becomes a history entry (one the back button chose already is).
    use_effect_with(state.views_chosen, {
        let code = state.view.as_ref().map(View::code);
        move |chosen| {
            if let (true, Some(code)) = (*chosen > 0, code) {
                platform::push_view(&code);
            }
        }
    });
    // The papers are printed once they are the view shown.
    use_effect_with(state.print_requests, {
        let dispatcher = dispatcher.clone();
        move |requests| {
            if *requests > 0 {
                if let Err(e) = platform::print() {
                    dispatcher.dispatch(Msg::Notify(failed(
                        (
                            "Utskriften kunde inte startas",
                            "Printing could not be started",
                        ),
                        &e,
                    )));
                }
            }
        }
    });
    // A flagged cell's finding gets focus once the checks view shows it.
    use_effect_with(state.finding.clone(), |finding| {
        if let Some((id, _)) = finding {
            platform::focus_first(&format!("#{id}"));
        }
    });
    // Leaving the app (unmount) saves what is still waiting.
    use_effect_with((), |_| platform::flush_pending_save);
    use_effect_with((), {
        let on_drop = scenarios::drop_handler(dispatcher.clone());
        let on_stored = scenarios::storage_handler(dispatcher.clone());
        let on_link = scenarios::link_handler(dispatcher.clone());
        let published_dispatcher = dispatcher.clone();
        let on_history = dispatcher.to_callback().reform(Msg::Address);
        let undo_shortcuts = Callback::from(move |e: KeyboardEvent| {
            if let Some(action) = undo_shortcut(&e) {
                e.prevent_default();
                dispatcher.dispatch(Msg::Do(action, platform::now_iso()));
            }
        });
        move |_| {
            let listener = platform::listen_for_dropped_files(on_drop);
            let other_tabs = platform::listen_for_storage(scenarios::STORAGE_KEY, on_stored);
            let keys = platform::listen_for_keys(undo_shortcuts);
            // A link the page was opened with, then any pasted into this tab's address bar.
            on_link.emit(platform::location_hash());
            published::open_from_address(published_dispatcher);
            let links = platform::listen_for_hash(on_link);
            let history = platform::listen_for_history(on_history);
            let menus = platform::listen_for_menu_dismissal();
            move || drop((listener, other_tabs, keys, links, history, menus))
        }
    });
}
