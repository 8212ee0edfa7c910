//! One workbook table as a WAI-ARIA grid: typed cells are inputs with Excel-like navigation and
//! edit modes, sums and comparisons are read-only cells, a block can be selected, copied and
//! pasted, and in structure mode rows, columns and the table's settings can be changed.

use budget_core::arith::Exact;
use budget_core::eval::control_value;
use budget_core::grid::{copy_block, parse_block, plan_paste};
use budget_core::{
    tr, Action, Cell, Column, ColumnKind, NumberStyle, Row, RowKind, Table, TableValues, Value,
};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::app::display::{error_text, value_text, Locale};
use crate::app::{use_locale, CoreRef};
use crate::panels::{RowTools, TableSettings};

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub core: CoreRef,
    pub index: usize,
    /// Changes only when this table's figures or structure change, so others skip rendering.
    pub rev: u64,
    pub dispatch: Callback<Action>,
}

/// What the row helpers need while rendering one table.
struct Ctx<'a> {
    t: &'a Table,
    values: &'a TableValues,
    dispatch: Callback<Action>,
    core: &'a CoreRef,
    index: usize,
    rev: u64,
    loc: Locale,
    /// The cell that takes Tab into this table (roving tabindex: one Tab stop per table).
    tab_stop: (usize, usize),
}

/// Tables longer than this render only the rows in view (and a pinned grand total).
pub const VIRTUALIZE_ABOVE: usize = 200;
/// Row height of a virtualized table, in CSS pixels (fixed so the window can be computed).
const ROW_PX: usize = 32;
/// Rows rendered beyond each edge of the view, so fast scrolling shows no gap.
const OVERSCAN: usize = 10;
/// Height of a virtualized table's scrolling viewport, in rows. Its CSS `max-height` in
/// styles/app.css (`.scroll.virtual`) is (VIEW_ROWS + 3) × ROW_PX = 736 px; keep them equal.
const VIEW_ROWS: usize = 20;

/// A block selection: the cell it started from and the cell with focus, as (row, column).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Selection {
    pub anchor: (usize, usize),
    pub focus: (usize, usize),
}

impl Selection {
    fn single(at: (usize, usize)) -> Selection {
        Selection {
            anchor: at,
            focus: at,
        }
    }

    fn rows(&self) -> std::ops::RangeInclusive<usize> {
        self.anchor.0.min(self.focus.0)..=self.anchor.0.max(self.focus.0)
    }

    fn columns(&self) -> std::ops::RangeInclusive<usize> {
        self.anchor.1.min(self.focus.1)..=self.anchor.1.max(self.focus.1)
    }

    fn contains(&self, (r, c): (usize, usize)) -> bool {
        self.rows().contains(&r) && self.columns().contains(&c)
    }

    fn is_block(&self) -> bool {
        self.anchor != self.focus
    }
}

/// Moves DOM focus to a cell of a table's grid; cells carry `data-nav="row:column"`. False when
/// the cell is not rendered (a virtualized table scrolled elsewhere).
pub fn focus_cell(table: &str, (r, c): (usize, usize)) -> bool {
    let selector = format!("section[data-table=\"{table}\"] [data-nav=\"{r}:{c}\"]");
    match web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// The grid position of the element with focus, when it is a cell of this table.
fn focused_nav(table: &str) -> Option<(usize, usize)> {
    let active = web_sys::window()?.document()?.active_element()?;
    // Only cells of this table count; another table's focus is not ours to move.
    active
        .closest(&format!("section[data-table=\"{table}\"]"))
        .ok()??;
    let (r, c) = active
        .get_attribute("data-nav")?
        .split_once(':')
        .map(|(r, c)| (r.to_string(), c.to_string()))?;
    Some((r.parse().ok()?, c.parse().ok()?))
}

/// Where a navigation key moves from `at` in a grid of `rows` × `columns`, or `None` when the
/// key is not a navigation key.
pub fn nav_target(
    key: &str,
    ctrl: bool,
    shift: bool,
    at: (usize, usize),
    rows: usize,
    columns: usize,
) -> Option<(usize, usize)> {
    let (r, c) = at;
    let (last_r, last_c) = (rows.saturating_sub(1), columns.saturating_sub(1));
    Some(match key {
        "ArrowUp" => (r.saturating_sub(1), c),
        "ArrowDown" => ((r + 1).min(last_r), c),
        "ArrowLeft" => (r, c.saturating_sub(1)),
        "ArrowRight" => (r, (c + 1).min(last_c)),
        "Home" if ctrl => (0, 0),
        "End" if ctrl => (last_r, last_c),
        "Home" => (r, 0),
        "End" => (r, last_c),
        "Enter" if shift => (r.saturating_sub(1), c),
        "Enter" => ((r + 1).min(last_r), c),
        // Tab moves along the row and leaves the table past its ends (WCAG 2.1.2: the
        // keyboard is never trapped); Enter and the arrows move between rows.
        "Tab" if shift && c > 0 => (r, c - 1),
        "Tab" if !shift && c < last_c => (r, c + 1),
        _ => return None,
    })
}

/// Where focus goes from a printed figure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NavStop {
    Cell((usize, usize)),
    /// The next (or, `false`, the previous) printed figure of the same total.
    Printed {
        forward: bool,
    },
}

/// Navigation from the printed figure of the total in row `r`, column `c`: up to its total,
/// down to the row below, sideways to the total's other printed figures. `None` when the key
/// is not a navigation key or would leave the grid (down from the last row).
pub fn printed_nav_target(
    key: &str,
    shift: bool,
    (r, c): (usize, usize),
    rows: usize,
) -> Option<NavStop> {
    Some(match key {
        "ArrowUp" => NavStop::Cell((r, c)),
        "Enter" if shift => NavStop::Cell((r, c)),
        "ArrowDown" | "Enter" if r + 1 < rows => NavStop::Cell((r + 1, c)),
        "ArrowLeft" => NavStop::Printed { forward: false },
        "ArrowRight" => NavStop::Printed { forward: true },
        "Tab" => NavStop::Printed { forward: !shift },
        _ => return None,
    })
}

/// The printed figures of the total in row `r`, as (column, element), in column order.
fn printed_cells(table: &str, r: usize) -> Vec<(usize, HtmlElement)> {
    let selector = format!("section[data-table=\"{table}\"] [data-printed^=\"{r}:\"]");
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(&selector).ok())
    else {
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
fn focus_printed_step(table: &str, (r, c): (usize, usize), forward: bool) -> bool {
    let cells = printed_cells(table, r);
    let next = if forward {
        cells.into_iter().find(|(column, _)| *column > c)
    } else {
        cells.into_iter().rev().find(|(column, _)| *column < c)
    };
    next.is_some_and(|(_, el)| el.focus().is_ok())
}

/// What an input cell shows when it does not have focus, and the reason when it is in error.
fn display_text(
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
                budget_core::ValueError::BadFormula | budget_core::ValueError::MissingRow,
            ) => (
                f.clone(),
                budget_core::eval::explain_formula(table, row, f).map(|e| e.message(lang)),
            ),
            Value::Error(e) => (f.clone(), Some(format!("{f}: {}", error_text(e, lang)))),
            _ => (String::new(), None),
        },
        Some(Cell::Text(t)) => (t.clone(), None),
        None => (String::new(), None),
    }
}

#[derive(Properties, PartialEq)]
struct GridCellProps {
    table: AttrValue,
    row: AttrValue,
    column: AttrValue,
    at: (usize, usize),
    size: (usize, usize),
    /// Shown without focus: the figure, a formula's value, or the user's own text.
    display: AttrValue,
    /// Shown while editing: the exact figure, the formula, the text.
    edit: AttrValue,
    label: AttrValue,
    error: Option<AttrValue>,
    /// How a typed figure is read: sent to the core in its Swedish form.
    numbers: NumberStyle,
    /// A total's printed figure: `at` is the total's row, and it is outside the selection.
    control: bool,
    /// The table's one Tab stop (roving tabindex): the selected cell, or the first typed one.
    tab_stop: bool,
    text: bool,
    formula: bool,
    selected: bool,
    dispatch: Callback<Action>,
    on_select: Callback<(Selection, bool)>,
    selection: Option<Selection>,
}

#[component(GridCell)]
fn grid_cell(p: &GridCellProps) -> Html {
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
    let onfocus = {
        let (focused, committed, on_select) =
            (focused.clone(), committed.clone(), p.on_select.clone());
        let at = p.at;
        let control = p.control;
        Callback::from(move |_: FocusEvent| {
            focused.set(true);
            *committed.borrow_mut() = None;
            if !control {
                on_select.emit((Selection::single(at), false));
            }
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
                gloo_events::EventListener::new_with_options(
                    &target,
                    "beforeinput",
                    gloo_events::EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::InputEvent>() else {
                            return;
                        };
                        let kind = e.input_type();
                        if *editing_now.borrow()
                            || !matches!(kind.as_str(), "insertText" | "insertReplacementText")
                        {
                            return;
                        }
                        e.prevent_default();
                        let text = e.data().unwrap_or_default();
                        input.set_value(&text);
                        *editing_now.borrow_mut() = true;
                        draft.set(text);
                        editing.set(true);
                    },
                )
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
        let (table, at, size, on_select, selection) = (
            p.table.to_string(),
            p.at,
            p.size,
            p.on_select.clone(),
            p.selection,
        );
        let (row, column, control, edit) = (
            p.row.to_string(),
            p.column.to_string(),
            p.control,
            p.edit.to_string(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let key = e.key();
            let (ctrl, shift) = (e.ctrl_key() || e.meta_key(), e.shift_key());
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
                        NavStop::Cell(cell) => focus_cell(&table, cell),
                        NavStop::Printed { forward } => focus_printed_step(&table, at, forward),
                    };
                    // Tab past the last printed figure is the browser's: it leaves the table.
                    if moved || key != "Tab" {
                        e.prevent_default();
                    }
                }
                return;
            }
            let extend = shift && key.starts_with("Arrow");
            let from = if extend {
                selection.map_or(at, |s| s.focus)
            } else {
                at
            };
            if let Some(target) = nav_target(&key, ctrl, shift && !extend, from, size.0, size.1) {
                e.prevent_default();
                if matches!(key.as_str(), "Enter" | "Tab") {
                    commit.emit(input.value());
                }
                editing.set(false);
                let next = if extend {
                    Selection {
                        anchor: selection.map_or(at, |s| s.anchor),
                        focus: target,
                    }
                } else {
                    Selection::single(target)
                };
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
            aria-describedby={p.error.as_ref().map(|_| error_id.clone())}
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

/// The first cell a user can type in (a table of sums only: its first cell).
fn first_typed_cell(t: &Table) -> (usize, usize) {
    t.rows
        .iter()
        .position(|r| !matches!(r.kind, RowKind::Sum { .. }))
        .zip(
            t.columns
                .iter()
                .position(|c| matches!(c.kind, ColumnKind::Input | ColumnKind::Text)),
        )
        .unwrap_or((0, 0))
}

fn is_list(table: &Table) -> bool {
    table.input_columns().count() == 1 && !table.columns.iter().any(|c| c.kind == ColumnKind::Text)
}

/// A paste that needs rows beyond the table, waiting for the user's answer.
#[derive(Clone, PartialEq)]
struct PendingPaste {
    at: (usize, usize),
    block: Vec<Vec<String>>,
    new_rows: usize,
}

#[component(TableView)]
pub fn table_view(p: &TableProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    let selection = use_state(|| None::<Selection>);
    let structure = use_state(|| false);
    let pending = use_state(|| None::<PendingPaste>);
    let first_row = use_state(|| 0usize);
    let scroller = use_node_ref();
    // A cell to focus once it is rendered (keyboard moved beyond a virtualized window).
    let pending_focus = use_mut_ref(|| None::<(usize, usize)>);
    // The live selection, read synchronously: moving focus fires the next cell's `focus` before
    // Yew re-renders, and that cell must not reset a block the keyboard just extended.
    let live = use_mut_ref(|| None::<Selection>);
    {
        let (pending_focus, live, id) = (
            pending_focus.clone(),
            live.clone(),
            p.core
                .0
                .borrow()
                .workbook()
                .tables
                .get(p.index)
                .map(|t| t.id.clone())
                .unwrap_or_default(),
        );
        use_effect(move || {
            let target = *pending_focus.borrow();
            if let Some(at) = target {
                if focus_cell(&id, at) {
                    *pending_focus.borrow_mut() = None;
                }
            } else if let Some(want) = live.borrow().map(|s| s.focus) {
                // Keep DOM focus on the selected cell when rows were re-used for other rows.
                if let Some(active) = focused_nav(&id) {
                    if active != want {
                        focus_cell(&id, want);
                    }
                }
            }
        });
    }
    let core = p.core.0.borrow();
    let (Some(t), Some(values)) = (
        core.workbook().tables.get(p.index),
        core.computed().tables.get(p.index),
    ) else {
        return html! {};
    };
    let tab_stop = selection
        .map(|s| s.focus)
        .unwrap_or_else(|| first_typed_cell(t));
    let cx = Ctx {
        t,
        values,
        dispatch: p.dispatch.clone(),
        core: &p.core,
        index: p.index,
        rev: p.rev,
        loc,
        tab_stop,
    };
    let list = is_list(t);
    let size = (t.rows.len(), t.columns.len());
    let title_id = format!("titel-{}", t.id);
    let virtual_rows = t.rows.len() > VIRTUALIZE_ABOVE;

    let on_select = {
        let (selection, table, live, pending_focus) = (
            selection.clone(),
            t.id.clone(),
            live.clone(),
            pending_focus.clone(),
        );
        let (scroller, first_row) = (scroller.clone(), first_row.clone());
        Callback::from(move |(next, move_focus): (Selection, bool)| {
            let current = *live.borrow();
            if !move_focus && current.is_some_and(|s| s.focus == next.focus) {
                return; // focus arrived where the selection already points
            }
            // A total's printed figures sit between its row and the next: one step down from
            // the total (or up from the row below) lands on them, where the column has one.
            if let (true, false, Some(from)) =
                (move_focus, next.is_block(), current.map(|s| s.focus))
            {
                let (to, column) = next.focus;
                let printed_row = match to.checked_sub(from.0) {
                    Some(1) => Some(from.0),
                    _ if from.0.checked_sub(to) == Some(1) => Some(to),
                    _ => None,
                };
                if column == from.1
                    && printed_row.is_some_and(|r| focus_printed(&table, (r, column)))
                {
                    return;
                }
            }
            *live.borrow_mut() = Some(next);
            selection.set(Some(next));
            if move_focus && !focus_cell(&table, next.focus) {
                // Not rendered: scroll it into the window, focus after the render.
                *pending_focus.borrow_mut() = Some(next.focus);
                let row = next.focus.0;
                if let Some(el) = scroller.cast::<HtmlElement>() {
                    el.set_scroll_top((row.saturating_sub(VIEW_ROWS / 2) * ROW_PX) as i32);
                }
                first_row.set(row.saturating_sub(VIEW_ROWS / 2));
            }
        })
    };
    let onscroll = {
        let (scroller, first_row) = (scroller.clone(), first_row.clone());
        Callback::from(move |_: Event| {
            // A cell being edited is committed before its row can be re-used for another.
            if let Some(active) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .filter(|a| a.has_attribute("data-editing"))
                .and_then(|a| a.dyn_into::<HtmlElement>().ok())
            {
                let _ = active.blur();
            }
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let first = el.scroll_top().max(0) as usize / ROW_PX;
                if first != *first_row {
                    first_row.set(first);
                }
            }
        })
    };
    let oncopy = {
        let (selection, core, index) = (selection.clone(), p.core.clone(), p.index);
        Callback::from(move |e: Event| {
            let Some(sel) = *selection else { return };
            if !sel.is_block() {
                return; // a single cell copies its own selected text
            }
            let Some(clip) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
            else {
                return;
            };
            let tsv = {
                let core = core.0.borrow();
                let (Some(table), Some(values)) = (
                    core.workbook().tables.get(index),
                    core.computed().tables.get(index),
                ) else {
                    return;
                };
                copy_block(table, values, sel.rows(), sel.columns())
            };
            if clip.set_data("text/plain", &tsv).is_ok() {
                e.prevent_default();
            }
        })
    };
    let onpaste = {
        let (core, index, dispatch, pending) =
            (p.core.clone(), p.index, p.dispatch.clone(), pending.clone());
        Callback::from(move |e: Event| {
            let Some(target) = e.target_dyn_into::<HtmlElement>() else {
                return;
            };
            if target.get_attribute("data-editing").is_some() {
                return; // pasting text into a cell being edited is the browser's job
            }
            let Some(at) = target.get_attribute("data-nav").and_then(|s| {
                let (r, c) = s.split_once(':')?;
                Some((r.parse().ok()?, c.parse().ok()?))
            }) else {
                return;
            };
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text/plain").ok())
            else {
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
    };
    let confirm_paste = |add: bool| {
        let (core, index, dispatch, pending) =
            (p.core.clone(), p.index, p.dispatch.clone(), pending.clone());
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
    let toggle_structure = {
        let structure = structure.clone();
        Callback::from(move |_: MouseEvent| structure.set(!*structure))
    };
    let comparison = t.columns.iter().find_map(|c| match &c.kind {
        ColumnKind::Difference { new, old } | ColumnKind::PercentChange { new, old } => {
            Some((new.clone(), old.clone()))
        }
        _ => None,
    });
    let has_groups = t.columns.iter().any(|c| c.group.is_some());
    let sel = *selection;
    let tools = list || *structure;

    // The rows to render: all, or the window in view plus overscan, with spacers for the rest.
    // Overscan on each side of the view only where there are rows: at the top that is 30 rows,
    // not 40, which is what a freshly imported table draws first.
    let (from, to) = if virtual_rows {
        let from = first_row.saturating_sub(OVERSCAN).min(t.rows.len());
        (
            from,
            (*first_row + VIEW_ROWS + OVERSCAN).clamp(from, t.rows.len()),
        )
    } else {
        (0, t.rows.len())
    };
    let pinned = virtual_rows
        && to < t.rows.len()
        && matches!(t.rows.last().map(|r| &r.kind), Some(RowKind::Sum { .. }));
    let width = t.columns.len() + 1 + usize::from(tools);
    // The spacer's height is the cell's `height` attribute (a presentational hint), not a `style`
    // attribute, so the page's Content-Security-Policy needs no inline styles (scripts/csp.mjs).
    let spacer = |rows: usize| -> Html {
        if rows == 0 {
            html! {}
        } else {
            html! { <tr class="spacer" aria-hidden="true"><td colspan={width.to_string()} height={(rows * ROW_PX).to_string()}></td></tr> }
        }
    };

    html! {
        <section class="table-card" id={format!("tabell-{}", t.id)} data-table={t.id.clone()}>
            <div class="table-head">
                <h2 id={title_id.clone()}>{ &t.title }<span class="unit">{ format!(", {}", t.unit.label()) }</span></h2>
                <div class="table-actions">
                    if virtual_rows {
                        <span class="row-count">{ tr!(lang, "{} rader", "{} rows", loc.amount(t.rows.len().into(), 0)) }</span>
                    }
                    if let Some((new, old)) = comparison {
                        <ComparisonPicker core={p.core.clone()} index={p.index} rev={p.rev} new={new} old={old} dispatch={p.dispatch.clone()} />
                    }
                    <button type="button" class={classes!("small", structure.then_some("active"))}
                        aria-pressed={if *structure { "true" } else { "false" }}
                        onclick={toggle_structure}>{ pick!(lang, "Redigera struktur", "Edit structure") }</button>
                </div>
            </div>
            if *structure {
                <TableSettings core={p.core.clone()} index={p.index} rev={p.rev} dispatch={p.dispatch.clone()} />
            }
            if let Some(pp) = &*pending {
                <div class="confirm" role="alertdialog" aria-label={lang.pick("Klistra in utanför tabellen", "Paste beyond the table")}>
                    <span>{ tr!(lang, "Det inklistrade blocket behöver {} rader till. Lägga till dem?", "The pasted block needs {} more rows. Add them?", pp.new_rows) }</span>
                    <button type="button" onclick={confirm_paste(true)}>{ pick!(lang, "Lägg till rader", "Add rows") }</button>
                    <button type="button" onclick={confirm_paste(false)}>{ pick!(lang, "Klistra bara in det som får plats", "Paste only what fits") }</button>
                </div>
            }
            <div class={classes!("scroll", virtual_rows.then_some("virtual"))} ref={scroller}
                {onscroll}>
            <table class={classes!("grid", list.then_some("list"), virtual_rows.then_some("fixed-rows"))} role="grid" aria-labelledby={title_id}
                aria-multiselectable="true" aria-rowcount={(t.rows.len() + 1).to_string()}
                {oncopy} {onpaste}>
                <thead>
                    if has_groups {
                        <tr class="groups">
                            <td></td>
                            { for group_runs(&t.columns).into_iter().map(|(label, span)| html! {
                                <th scope="colgroup" colspan={span.to_string()} class={classes!(label.is_some().then_some("group"))}>{ label.unwrap_or_default() }</th>
                            }) }
                            if tools { <td></td> }
                        </tr>
                    }
                    <tr aria-rowindex="1">
                        <th scope="col" class="label-col">{ t.unit.label() }</th>
                        { for t.columns.iter().map(|c| html! {
                            <th scope="col" class={classes!(if c.kind == ColumnKind::Text { "text" } else { "num" }, (!c.kind.is_input() && c.kind != ColumnKind::Text).then_some("computed"))}>{ &c.label }</th>
                        }) }
                        if tools { <th scope="col" class="tools"><span class="visually-hidden">{ pick!(lang, "Radåtgärder", "Row actions") }</span></th> }
                    </tr>
                </thead>
                <tbody>
                    { spacer(from) }
                    { for (from..to).flat_map(|r| render_row(&cx, r, &t.rows[r], list, *structure, size, sel, &on_select)) }
                    { spacer(t.rows.len() - to - usize::from(pinned)) }
                </tbody>
                if pinned {
                    <tfoot>
                        { for render_row(&cx, t.rows.len() - 1, &t.rows[t.rows.len() - 1], list, *structure, size, sel, &on_select) }
                    </tfoot>
                }
            </table>
            </div>
            if tools {
                <AddRowForm table={t.id.clone()} dispatch={p.dispatch.clone()} />
            }
        </section>
    }
}

/// Adjacent columns sharing a group heading, as (heading, span).
fn group_runs(columns: &[Column]) -> Vec<(Option<String>, usize)> {
    let mut runs: Vec<(Option<String>, usize)> = Vec::new();
    for c in columns {
        match runs.last_mut() {
            Some((g, n)) if *g == c.group => *n += 1,
            _ => runs.push((c.group.clone(), 1)),
        }
    }
    runs
}

#[allow(clippy::too_many_arguments)]
fn render_row(
    p: &Ctx,
    r: usize,
    row: &Row,
    list: bool,
    structure: bool,
    size: (usize, usize),
    sel: Option<Selection>,
    on_select: &Callback<(Selection, bool)>,
) -> Vec<Html> {
    let t = p.t;
    let is_sum = matches!(row.kind, RowKind::Sum { .. });
    let label_cell = if structure || (list && !is_sum) {
        html! { <th scope="row" class="label-col"><RowLabel table={t.id.clone()} row={row.id.clone()} label={row.label.clone()} dispatch={p.dispatch.clone()} /></th> }
    } else {
        html! { <th scope="row" class="label-col">{ &row.label }</th> }
    };
    let cells = t.columns.iter().enumerate().map(|(c, column)| {
        let cell_id = format!("{}/{}/{}", t.id, row.id, column.id);
        let selected = sel.is_some_and(|s| s.is_block() && s.contains((r, c)));
        let typed = matches!(column.kind, ColumnKind::Input | ColumnKind::Text);
        if !is_sum && typed {
            let cell = row.cells.get(&column.id);
            let (display, error) = display_text((t, r), cell, p.values.get(r, c), t.decimals, p.loc);
            let edit = cell.map(|c| p.loc.edit_text(c)).unwrap_or_default();
            html! {
                <td class={classes!("input", if column.kind == ColumnKind::Text { "text" } else { "num" }, selected.then_some("selected"))}
                    role="gridcell" aria-selected={selected.then_some("true")} data-cell={cell_id}>
                    <GridCell
                        table={t.id.clone()} row={row.id.clone()} column={column.id.clone()}
                        at={(r, c)} size={size} display={display} edit={edit}
                        error={error.map(AttrValue::from)} numbers={p.loc.numbers} control={false}
                        text={column.kind == ColumnKind::Text}
                        formula={matches!(cell, Some(Cell::Formula(_)))}
                        selected={selected} tab_stop={p.tab_stop == (r, c)}
                        label={format!("{}, {}", row.label, column.label)}
                        dispatch={p.dispatch.clone()} on_select={on_select.clone()} selection={sel} />
                </td>
            }
        } else {
            computed_cell(p, (r, c), column, cell_id, size, sel, on_select)
        }
    });
    let tools = if structure {
        html! { <td class="tools"><RowTools core={p.core.clone()} index={p.index} rev={p.rev} row={r} selection_rows={sel.filter(|s| s.is_block()).map(|s| (*s.rows().start(), *s.rows().end()))} dispatch={p.dispatch.clone()} /></td> }
    } else if list && !is_sum {
        let dispatch = p.dispatch.clone();
        let (table, id) = (t.id.clone(), row.id.clone());
        let remove = Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::RemoveRow {
                table: table.clone(),
                row: id.clone(),
            })
        });
        html! { <td class="tools"><button type="button" class="icon" title={p.loc.lang.pick("Ta bort raden", "Delete the row")} aria-label={tr!(p.loc.lang, "Ta bort {}", "Delete {}", row.label)} onclick={remove}>{ "×" }</button></td> }
    } else if list {
        html! { <td class="tools"></td> }
    } else {
        html! {}
    };
    // Rows are deliberately not keyed: when a virtualized window shifts, the same DOM rows take
    // the new rows' content (Yew's keyed diff would re-insert every row, dropping focus). The
    // table then moves focus back to the cell the selection points at (see `use_effect`).
    let mut out = vec![html! {
        <tr class={classes!(is_sum.then_some("total"))} data-row={row.id.clone()} aria-rowindex={(r + 2).to_string()}>
            { label_cell }
            { for cells }
            { tools }
        </tr>
    }];
    if !row.control.is_empty() {
        out.push(control_row(p, row, list || structure));
    }
    out
}

fn computed_cell(
    p: &Ctx,
    at: (usize, usize),
    column: &Column,
    cell_id: String,
    size: (usize, usize),
    sel: Option<Selection>,
    on_select: &Callback<(Selection, bool)>,
) -> Html {
    let (text, why) = value_text(p.values.get(at.0, at.1), &column.kind, p.t.decimals, p.loc);
    let selected = sel.is_some_and(|s| s.is_block() && s.contains(at));
    let onkeydown = {
        let (table, on_select, dispatch) = (p.t.id.clone(), on_select.clone(), p.dispatch.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let (ctrl, shift) = (e.ctrl_key() || e.meta_key(), e.shift_key());
            if ctrl && !matches!(key.as_str(), "Home" | "End") {
                return;
            }
            let extend = shift && key.starts_with("Arrow");
            let from = if extend {
                sel.map_or(at, |s| s.focus)
            } else {
                at
            };
            if let Some(target) = nav_target(&key, ctrl, shift && !extend, from, size.0, size.1) {
                e.prevent_default();
                let next = if extend {
                    Selection {
                        anchor: sel.map_or(at, |s| s.anchor),
                        focus: target,
                    }
                } else {
                    Selection::single(target)
                };
                on_select.emit((next, true));
            }
            let _ = (&dispatch, &table);
        })
    };
    let onfocus = {
        let on_select = on_select.clone();
        Callback::from(move |_: FocusEvent| on_select.emit((Selection::single(at), false)))
    };
    html! {
        <td class={classes!("num", "computed", why.filter(|_| text == "fel").map(|_| "error"), selected.then_some("selected"))}
            role="gridcell" tabindex={if p.tab_stop == at { "0" } else { "-1" }} aria-readonly="true" aria-selected={selected.then_some("true")}
            data-cell={cell_id} data-nav={format!("{}:{}", at.0, at.1)} title={why}
            {onkeydown} {onfocus}>
            { text }
        </td>
    }
}

/// The printed figures of a total, editable, each marked by how it compares with the computed.
fn control_row(p: &Ctx, row: &Row, tools: bool) -> Html {
    let t = p.t;
    let r = t.row_index(&row.id).unwrap_or_default();
    let noop = Callback::from(|_: (Selection, bool)| {});
    html! {
        <tr class="control" data-control-row={row.id.clone()}>
            <th scope="row" class="label-col">{ tr!(p.loc.lang, "{} (tryckt)", "{} (printed)", row.label) }</th>
            { for t.columns.iter().enumerate().map(|(c, column)| {
                if column.kind == ColumnKind::Text {
                    return html! { <td></td> };
                }
                // Percentages are printed, and held against the computed one, to one decimal.
                let decimals = if column.kind.is_percent() { budget_core::checks::PERCENT_DECIMALS } else { t.decimals };
                let cell = row.control.get(&column.id);
                let (display, error) = display_text((t, r), cell, control_value(row, &column.id), decimals, p.loc);
                let printed = control_value(row, &column.id).number();
                let computed = budget_core::checks::as_printed(&column.kind, p.values.get(r, c)).number();
                let mark = match (printed, computed) {
                    (Some(a), Some(b)) if a != b => a.minus(b).map(|d| tr!(p.loc.lang, "avviker {}", "differs by {}", p.loc.amount(d, decimals))),
                    _ => None,
                };
                html! {
                    <td class={classes!("num", "input", mark.as_ref().map(|_| "differs"))}
                        data-cell={format!("{}/{}/{}/tryckt", t.id, row.id, column.id)}>
                        <GridCell
                            table={t.id.clone()} row={row.id.clone()} column={column.id.clone()}
                            // Printed totals are outside the selection; `at` is their total's cell.
                            at={(r, c)} size={(t.rows.len(), t.columns.len())} tab_stop={false}
                            display={display} edit={cell.map(|c| p.loc.edit_text(c)).unwrap_or_default()}
                            error={error.map(AttrValue::from)} numbers={p.loc.numbers} control={true} text={false} formula={false}
                            selected={false} selection={None::<Selection>}
                            label={tr!(p.loc.lang, "{} tryckt, {}", "{} printed, {}", row.label, column.label)}
                            dispatch={p.dispatch.clone()} on_select={noop.clone()} />
                        if let Some(m) = mark { <div class="diff-mark">{ m }</div> }
                    </td>
                }
            }) }
            if tools { <td></td> }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct ComparisonProps {
    core: CoreRef,
    index: usize,
    rev: u64,
    new: String,
    old: String,
    dispatch: Callback<Action>,
}

#[component(ComparisonPicker)]
fn comparison_picker(p: &ComparisonProps) -> Html {
    let lang = crate::app::use_lang();
    let core = p.core.0.borrow();
    let Some(t) = core.workbook().tables.get(p.index) else {
        return html! {};
    };
    let periods: Vec<(String, String)> = t
        .input_columns()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    let title = t.title.clone();
    let pick = |is_new: bool| {
        let (table, new, old, dispatch) = (
            t.id.clone(),
            p.new.clone(),
            p.old.clone(),
            p.dispatch.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            let (new, old) = if is_new {
                (sel.value(), old.clone())
            } else {
                (new.clone(), sel.value())
            };
            dispatch.emit(Action::SetComparison {
                table: table.clone(),
                new,
                old,
            });
        })
    };
    let options = |selected: &str| {
        periods.iter().map(|(id, label)| html! { <option value={id.clone()} selected={id == selected}>{ label }</option> }).collect::<Html>()
    };
    html! {
        <div class="comparison">
            <label>{ pick!(lang, "Förändring: ", "Change: ") }
                <select aria-label={tr!(lang, "{title}: jämför", "{title}: compare")} onchange={pick(true)}>{ options(&p.new) }</select>
            </label>
            <label>{ pick!(lang, " mot ", " against ") }
                <select aria-label={tr!(lang, "{title}: jämfört med", "{title}: compared with")} onchange={pick(false)}>{ options(&p.old) }</select>
            </label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RowLabelProps {
    table: String,
    row: String,
    label: String,
    dispatch: Callback<Action>,
}

#[component(RowLabel)]
fn row_label(p: &RowLabelProps) -> Html {
    let lang = crate::app::use_lang();
    let onchange = {
        let (table, row, dispatch) = (p.table.clone(), p.row.clone(), p.dispatch.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.emit(Action::RenameRow {
                    table: table.clone(),
                    row: row.clone(),
                    label: input.value(),
                });
            }
        })
    };
    html! { <input type="text" class="label" value={p.label.clone()} aria-label={lang.pick("Radnamn", "Row name")} {onchange} /> }
}

#[derive(Properties, PartialEq)]
struct AddRowProps {
    table: String,
    dispatch: Callback<Action>,
}

#[component(AddRowForm)]
fn add_row_form(p: &AddRowProps) -> Html {
    let lang = crate::app::use_lang();
    let input = use_node_ref();
    let onsubmit = {
        let (table, dispatch, input) = (p.table.clone(), p.dispatch.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let label = el.value();
                if !label.trim().is_empty() {
                    dispatch.emit(Action::AddRow {
                        table: table.clone(),
                        after: None,
                        label,
                    });
                    el.set_value("");
                }
            }
        })
    };
    html! {
        <form class="add-row" {onsubmit}>
            <input type="text" ref={input}
                placeholder={lang.pick("Ny rad, t.ex. Volymmedel särskilt boende", "New row, e.g. Volume funds, residential care")}
                aria-label={lang.pick("Namn på ny rad", "Name of the new row")} />
            <button type="submit">{ pick!(lang, "Lägg till rad", "Add row") }</button>
        </form>
    }
}

/// Explains an error value in words; used where a total cannot be shown.
pub fn explain(value: Value, lang: budget_core::Lang) -> Option<&'static str> {
    match value {
        Value::Error(e) => Some(error_text(e, lang)),
        _ => None,
    }
}
