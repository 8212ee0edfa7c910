//! Copy and paste of blocks in a grid: a block selection copies as tab-separated text (as
//! spreadsheets do), and a pasted block is planned by the core, asking first when it needs
//! rows beyond the table.

use budget_core::io::{copy_block, parse_block, plan_paste};
use budget_core::{tr, Action};
use web_sys::HtmlElement;
use yew::prelude::*;

use super::nav::{parse_at, Selection};
use crate::app::display::Locale;
use crate::app::CoreRef;
use crate::platform;

/// A paste that needs rows beyond the table, waiting for the user's answer.
#[derive(Clone, PartialEq)]
pub(super) struct PendingPaste {
    at: (usize, usize),
    block: Vec<Vec<String>>,
    new_rows: usize,
}

/// `copy` on a table: a block selection goes to the clipboard as tab-separated text.
pub(super) fn on_copy(
    selection: UseStateHandle<Option<Selection>>,
    core: CoreRef,
    index: usize,
) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let Some(sel) = *selection else { return };
        if !sel.is_block() {
            return; // a single cell copies its own selected text
        }
        let Some(tsv) = ({
            let core = core.0.borrow();
            core.workbook()
                .tables
                .get(index)
                .zip(core.computed().tables.get(index))
                .map(|(table, values)| copy_block(table, values, sel.rows(), sel.columns()))
        }) else {
            return;
        };
        if platform::put_copied_text(&e, &tsv) {
            e.prevent_default();
        }
    })
}

/// `paste` on a table: a block lands at the cell with focus, or waits in `pending` for the
/// user's answer when it needs more rows.
pub(super) fn on_paste(
    core: CoreRef,
    index: usize,
    dispatch: Callback<Action>,
    pending: UseStateHandle<Option<PendingPaste>>,
    loc: Locale,
) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let Some(target) = e.target_dyn_into::<HtmlElement>() else {
            return;
        };
        if target.get_attribute("data-editing").is_some() {
            return; // pasting text into a cell being edited is the browser's job
        }
        let Some(at) = target.get_attribute("data-nav").and_then(|s| parse_at(&s)) else {
            return;
        };
        let Some(text) = platform::pasted_text(&e) else {
            return;
        };
        e.prevent_default();
        // A block from an English-style sheet comes in the chosen style, like typing.
        let block: Vec<Vec<String>> = parse_block(&text)
            .into_iter()
            .map(|row| row.iter().map(|f| loc.core_input(f)).collect())
            .collect();
        // The borrow ends before dispatching: the reducer borrows the core mutably.
        let plan = {
            let core = core.0.borrow();
            let Some(table) = core.workbook().tables.get(index) else {
                return;
            };
            plan_paste(table, at.0, at.1, &block, false)
        };
        if plan.new_rows > 0 {
            pending.set(Some(PendingPaste {
                at,
                block,
                new_rows: plan.new_rows,
            }));
        } else {
            dispatch.emit(plan.action);
        }
    })
}

/// The question a waiting paste asks, with its two answers.
pub(super) fn pending_question(
    core: &CoreRef,
    index: usize,
    dispatch: &Callback<Action>,
    pending: &UseStateHandle<Option<PendingPaste>>,
    lang: budget_core::Lang,
) -> Html {
    let Some(pp) = &**pending else {
        return html! {};
    };
    let answer = |add: bool| {
        let (core, dispatch, pending) = (core.clone(), dispatch.clone(), pending.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(pp) = (*pending).clone() {
                let action = {
                    let core = core.0.borrow();
                    core.workbook()
                        .tables
                        .get(index)
                        .map(|t| plan_paste(t, pp.at.0, pp.at.1, &pp.block, add).action)
                };
                if let Some(action) = action {
                    dispatch.emit(action);
                }
            }
            pending.set(None);
        })
    };
    html! {
        <div class="confirm" role="alertdialog" aria-label={lang.pick("Klistra in utanför tabellen", "Paste beyond the table")}>
            <span>{ tr!(lang, "Det inklistrade blocket behöver {} rader till. Lägga till dem?", "The pasted block needs {} more rows. Add them?", pp.new_rows) }</span>
            <button type="button" onclick={answer(true)}>{ pick!(lang, "Lägg till rader", "Add rows") }</button>
            <button type="button" onclick={answer(false)}>{ pick!(lang, "Klistra bara in det som får plats", "Paste only what fits") }</button>
        </div>
    }
}
