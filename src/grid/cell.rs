//! One typed cell of a grid (or a total's printed figure): an input with Excel's two modes,
//! selected (typing replaces the content, arrows move) and editing (F2, double-click or the
//! first character typed; arrows move the caret), committing to the core on Enter, Tab or blur.

use budget_core::{Action, Cell, NumberStyle, Table, Value};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::nav::{key_move, printed_nav_target, NavStop, Selection};
use super::table::LiveSelection;
use crate::app::display::{error_text, Locale};
use crate::platform;

/// What an input cell shows when it does not have focus, and the reason when it is in error.
pub(super) fn display_text(
    (table, row): (&Table, usize),
    cell: Option<&Cell>,
    value: Value,
    decimals: u32,
    loc: Locale,
) -> (String, Option<String>) {
    let lang = loc.lang;
    match cell {
        // At least the table's decimals, never fewer than the figure has: nothing typed is hidden.
        Some(Cell::Number(d)) => (loc.amount(*d, d.scale().max(decimals)), None),
        Some(Cell::Invalid(raw)) => {
            let reason = match loc.parse(raw) {
                Err(e) => e.message(lang),
                Ok(_) => lang.pick("Inte ett tal", "Not a number").into(),
            };
            (raw.clone(), Some(reason))
        }
        Some(Cell::Formula(f)) => match value {
            Value::Number(d) => (loc.amount(d, decimals), None),
            Value::Error(
                budget_core::engine::ValueError::BadFormula
                | budget_core::engine::ValueError::MissingRow,
            ) => (
                f.clone(),
                budget_core::engine::explain_formula(table, row, f).map(|e| e.message(lang)),
            ),
            Value::Error(e) => (f.clone(), Some(format!("{f}: {}", error_text(e, lang)))),
            _ => (String::new(), None),
        },
        Some(Cell::Text(t)) => (t.clone(), None),
        None => (String::new(), None),
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct GridCellProps {
    pub table: AttrValue,
    pub row: AttrValue,
    pub column: AttrValue,
    pub at: (usize, usize),
    pub size: (usize, usize),
    /// Shown without focus: the figure, a formula's value, or the user's own text.
    pub display: AttrValue,
    /// Shown while editing: the exact figure, the formula, the text.
    pub edit: AttrValue,
    pub label: AttrValue,
    pub error: Option<AttrValue>,
    /// How a typed figure is read: sent to the core in its Swedish form.
    pub numbers: NumberStyle,
    /// A total's printed figure: `at` is the total's row, and it is outside the selection.
    pub control: bool,
    /// The table's one Tab stop (roving tabindex): the selected cell, or the first typed one.
    pub tab_stop: bool,
    pub text: bool,
    pub formula: bool,
    pub selected: bool,
    pub dispatch: Callback<Action>,
    pub on_select: Callback<(Selection, bool)>,
    /// The table's selection as it is now, which a key moves from (a printed figure, outside
    /// it, has the default).
    #[prop_or_default]
    pub live: LiveSelection,
    /// The id of the element holding the cell's note, when it has one.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// A locked baseline: the field is read-only and typing is sent on for the core to refuse.
    #[prop_or_default]
    pub locked: bool,
}

#[component(GridCell)]
pub(super) fn grid_cell(p: &GridCellProps) -> Html {
    let focused = use_state(|| false);
    let editing = use_state(|| false);
    // The text being typed: every render shows it, so a re-render mid-typing (the first
    // character starting an edit) never puts the stored figure back under the caret.
    let draft = use_state(String::new);
    // The text last sent to the core, so blur/change after Enter does not send it twice.
    let committed = use_mut_ref(|| None::<String>);
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((*focused, *editing), move |(focused, editing)| {
            if let Some(input) = node.cast::<HtmlInputElement>() {
                if *focused && !*editing {
                    input.select();
                }
            }
        });
    }
    let commit = {
        let (table, row, column) = (p.table.to_string(), p.row.to_string(), p.column.to_string());
        let (control, dispatch, edit) = (p.control, p.dispatch.clone(), p.edit.to_string());
        let committed = committed.clone();
        let loc = Locale {
            numbers: p.numbers,
            ..Locale::default()
        };
        Callback::from(move |value: String| {
            let already = committed.borrow().as_deref() == Some(value.as_str());
            if value == edit || already {
                return;
            }
            *committed.borrow_mut() = Some(value.clone());
            dispatch.emit(set_action(
                control,
                (&table, &row, &column),
                loc.core_input(&value),
            ));
        })
    };
    // Starts an edit of the text now in the field (F2, double-click, text that arrived anyhow).
    let start_editing = {
        let (editing, draft) = (editing.clone(), draft.clone());
        move |input: &HtmlInputElement| {
            draft.set(input.value());
            editing.set(true);
        }
    };
    // A printed figure's `on_select` only tells the table where focus is (for its note).
    let onfocus = {
        let (focused, committed, on_select) =
            (focused.clone(), committed.clone(), p.on_select.clone());
        let at = p.at;
        Callback::from(move |_: FocusEvent| {
            focused.set(true);
            *committed.borrow_mut() = None;
            on_select.emit((Selection::single(at), false));
        })
    };
    let onblur = {
        let (focused, editing, commit) = (focused.clone(), editing.clone(), commit.clone());
        Callback::from(move |e: FocusEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                commit.emit(input.value());
            }
            focused.set(false);
            editing.set(false);
        })
    };
    let onchange = {
        let commit = commit.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                commit.emit(input.value());
            }
        })
    };
    // Typing into a selected cell replaces its content, as in Excel, whether the text comes
    // from key presses or as one insertion (AltGr, IME, autocorrect, automation): the first
    // insertion becomes the whole content, wherever a click left the caret. Yew has no
    // `beforeinput` listener, and the one attached here outlives renders, so it reads whether
    // an edit is under way from `editing_now`, which every render and the listener keep current.
    let editing_now = use_mut_ref(|| false);
    *editing_now.borrow_mut() = *editing;
    {
        let (editing, draft, editing_now) = (editing.clone(), draft.clone(), editing_now.clone());
        use_effect_with(node.clone(), move |node| {
            let listener = node.cast::<HtmlInputElement>().map(|input| {
                let target = input.clone();
                platform::on_text_insertion(&target, move |text| {
                    if *editing_now.borrow() {
                        return false;
                    }
                    input.set_value(&text);
                    *editing_now.borrow_mut() = true;
                    draft.set(text);
                    editing.set(true);
                    true
                })
            });
            move || drop(listener)
        });
    }
    let oninput = {
        let (editing, draft) = (editing.clone(), draft.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                draft.set(input.value());
                // Text that could not be replaced first (an IME composition) still edits.
                if !*editing {
                    editing.set(true);
                }
            }
        })
    };
    // A click selects the cell's content, so typing replaces it; only a double-click or F2
    // edits in place, with the caret at the end.
    let onclick = {
        let editing = editing.clone();
        Callback::from(move |e: MouseEvent| {
            if !*editing && e.detail() < 2 {
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    input.select();
                }
            }
        })
    };
    let ondblclick = {
        let start_editing = start_editing.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                start_editing(&input);
                // The caret at the end, as F2 puts it, not a word the double-click selected.
                let end = input.value().chars().count() as u32;
                let _ = input.set_selection_range(end, end);
            }
        })
    };
    let onkeydown = {
        let (editing, commit, dispatch) = (editing.clone(), commit.clone(), p.dispatch.clone());
        let (table, at, size, on_select, live) = (
            p.table.to_string(),
            p.at,
            p.size,
            p.on_select.clone(),
            p.live.clone(),
        );
        let (row, column, control, edit, locked) = (
            p.row.to_string(),
            p.column.to_string(),
            p.control,
            p.edit.to_string(),
            p.locked,
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let key = e.key();
            let (ctrl, shift) = (e.ctrl_key() || e.meta_key(), e.shift_key());
            // A locked baseline's field is read-only, which would swallow typing silently: the
            // typed character goes to the core, whose refusal says why.
            if locked && !ctrl && !e.alt_key() && key.chars().count() == 1 {
                e.prevent_default();
                dispatch.emit(set_action(control, (&table, &row, &column), key));
                return;
            }
            if *editing {
                match key.as_str() {
                    "Enter" | "Tab" => {}
                    "Escape" => {
                        e.prevent_default();
                        input.set_value(&edit);
                        editing.set(false);
                        input.select();
                        return;
                    }
                    _ => return, // the caret moves inside the text while editing
                }
            }
            match key.as_str() {
                "F2" => {
                    e.prevent_default();
                    start_editing(&input);
                    let end = input.value().chars().count() as u32;
                    let _ = input.set_selection_range(end, end);
                    return;
                }
                "Escape" => {
                    e.prevent_default();
                    input.set_value(&edit);
                    input.select();
                    return;
                }
                "Delete" | "Backspace" => {
                    e.prevent_default();
                    input.set_value("");
                    dispatch.emit(set_action(control, (&table, &row, &column), String::new()));
                    return;
                }
                _ => {}
            }
            if ctrl && !matches!(key.as_str(), "Home" | "End") {
                return; // copy, paste and undo are handled by the table and the app
            }
            if control {
                // A printed total moves among its row's printed figures and to the rows
                // around it; Tab past the last one leaves the table.
                if let Some(target) = printed_nav_target(&key, shift, at, size.0) {
                    let moved = match target {
                        NavStop::Cell(cell) => platform::focus_cell(&table, cell),
                        NavStop::Printed { forward } => {
                            platform::focus_printed_step(&table, at, forward)
                        }
                    };
                    // Tab past the last printed figure is the browser's: it leaves the table.
                    if moved || key != "Tab" {
                        e.prevent_default();
                    }
                }
                return;
            }
            if let Some(next) = key_move(&key, ctrl, shift, at, live.get(), size) {
                e.prevent_default();
                if matches!(key.as_str(), "Enter" | "Tab") {
                    commit.emit(input.value());
                }
                editing.set(false);
                on_select.emit((next, true));
            }
        })
    };
    let value = match (*focused, *editing) {
        (true, true) => AttrValue::from((*draft).clone()),
        (true, false) => p.edit.clone(),
        (false, _) => p.display.clone(),
    };
    let error_id = format!("err-{}-{}-{}", p.table, p.row, p.column);
    let described = match (&p.error, &p.note) {
        (Some(_), Some(note)) => Some(AttrValue::from(format!("{error_id} {note}"))),
        (Some(_), None) => Some(AttrValue::from(error_id.clone())),
        (None, note) => note.clone(),
    };
    // Clicking the reason of a refused figure keeps the keyboard on the cell to correct it.
    let onmousedown_error = {
        let node = node.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(input) = node.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        })
    };
    let (nav, printed) = if p.control {
        (None, Some(format!("{}:{}", p.at.0, p.at.1)))
    } else {
        (Some(format!("{}:{}", p.at.0, p.at.1)), None)
    };
    html! {
        <>
        <input
            ref={node}
            type="text"
            inputmode={(!p.text).then_some("decimal")}
            class={classes!(if p.text { "label" } else { "num" }, p.error.as_ref().map(|_| "invalid"), p.formula.then_some("formula"))}
            data-nav={nav}
            data-printed={printed}
            data-editing={(*editing).then_some("1")}
            tabindex={if p.tab_stop { "0" } else { "-1" }}
            value={value}
            aria-label={p.label.clone()}
            aria-invalid={p.error.as_ref().map(|_| "true")}
            aria-describedby={described}
            readonly={p.locked}
            title={p.formula.then(|| p.edit.clone())}
            {onfocus} {onblur} {onchange} {onkeydown} {oninput} {onclick} {ondblclick}
        />
        if let Some(err) = &p.error {
            <div class="cell-error" id={error_id} role="alert" onmousedown={onmousedown_error}>{ err.clone() }</div>
        }
        </>
    }
}

/// The action that stores `input` in a cell or in a total's printed figure.
fn set_action(control: bool, (table, row, column): (&str, &str, &str), input: String) -> Action {
    let (table, row, column) = (table.to_string(), row.to_string(), column.to_string());
    if control {
        Action::SetControl {
            table,
            row,
            column,
            input,
        }
    } else {
        Action::SetCell {
            table,
            row,
            column,
            input,
        }
    }
}
