//! A grid's rows: the label, typed and computed cells of each row, a total's printed figures
//! under it, the row tools, and the small forms in a table's head and foot (comparison
//! periods, row name, new row).

use budget_core::engine::{control_value, TableValues};
use budget_core::{tr, Action, Cell, Column, ColumnKind, Row, RowKind, Table, Value};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::cell::{display_text, GridCell};
use super::nav::{key_move, Selection};
use super::note::{cell_id, note_id, note_of};
use super::table::LiveSelection;
use crate::app::display::{error_text, value_text, Locale};
use crate::app::view::finding_anchor;
use crate::app::CoreRef;
use crate::panels::RowTools;

/// What the row helpers need while rendering one table.
pub(super) struct Ctx<'a> {
    pub t: &'a Table,
    pub values: &'a TableValues,
    pub dispatch: Callback<Action>,
    pub core: &'a CoreRef,
    pub index: usize,
    pub rev: u64,
    pub loc: Locale,
    /// The cell that takes Tab into this table (roving tabindex: one Tab stop per table).
    pub tab_stop: (usize, usize),
    /// Shows a finding in the checks view, by its element id.
    pub show_finding: Callback<String>,
    /// Where the cursor is now, which a key moves from.
    pub live: LiveSelection,
    /// A locked baseline: typed cells and printed figures are read-only.
    pub locked: bool,
    /// Told when a printed figure gets focus (its total's cell), so its note can be shown.
    pub on_printed: Callback<(Selection, bool)>,
}

/// Adjacent columns sharing a group heading, as (heading, span).
pub fn group_runs(columns: &[Column]) -> Vec<(Option<String>, usize)> {
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
pub(super) fn render_row(
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
        html! { <th scope="row" class="label-col">{ row_label(t, row, &p.dispatch, p.loc.lang) }</th> }
    } else {
        html! { <th scope="row" class="label-col">{ &row.label }</th> }
    };
    let cells = t.columns.iter().enumerate().map(|(c, column)| {
        let cell_id = cell_id(&t.id, &row.id, &column.id, false);
        let selected = sel.is_some_and(|s| s.is_block() && s.contains((r, c)));
        let typed = matches!(column.kind, ColumnKind::Input | ColumnKind::Text);
        let note = note_of(row, &column.id, false);
        if !is_sum && typed {
            let cell = row.cells.get(&column.id);
            let (display, error) = display_text((t, r), cell, p.values.get(r, c), t.decimals, p.loc);
            let edit = cell.map(|c| p.loc.edit_text(c)).unwrap_or_default();
            html! {
                <td class={classes!("input", if column.kind == ColumnKind::Text { "text" } else { "num" }, selected.then_some("selected"), note.map(|_| "noted"))}
                    role="gridcell" aria-selected={selected.then_some("true")} title={note.cloned()}
                    data-cell={cell_id.clone()}>
                    <GridCell
                        table={t.id.clone()} row={row.id.clone()} column={column.id.clone()}
                        at={(r, c)} size={size} display={display} edit={edit}
                        error={error.map(AttrValue::from)} numbers={p.loc.numbers} control={false}
                        text={column.kind == ColumnKind::Text}
                        formula={matches!(cell, Some(Cell::Formula(_)))}
                        selected={selected} tab_stop={p.tab_stop == (r, c)}
                        label={format!("{}, {}", row.label, column.label)}
                        note={note.map(|_| AttrValue::from(note_id(&cell_id)))} locked={p.locked}
                        dispatch={p.dispatch.clone()} on_select={on_select.clone()} live={p.live.clone()} />
                </td>
            }
        } else {
            computed_cell(p, (r, c), (column, note), cell_id, size, sel, on_select)
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
    (column, note): (&Column, Option<&String>),
    cell_id: String,
    size: (usize, usize),
    sel: Option<Selection>,
    on_select: &Callback<(Selection, bool)>,
) -> Html {
    let (text, why) = value_text(p.values.get(at.0, at.1), &column.kind, p.t.decimals, p.loc);
    let selected = sel.is_some_and(|s| s.is_block() && s.contains(at));
    let onkeydown = {
        let (on_select, live) = (on_select.clone(), p.live.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let (ctrl, shift) = (e.ctrl_key() || e.meta_key(), e.shift_key());
            if ctrl && !matches!(key.as_str(), "Home" | "End") {
                return;
            }
            if let Some(next) = key_move(&key, ctrl, shift, at, live.get(), size) {
                e.prevent_default();
                on_select.emit((next, true));
            }
        })
    };
    let onfocus = {
        let on_select = on_select.clone();
        Callback::from(move |_: FocusEvent| on_select.emit((Selection::single(at), false)))
    };
    html! {
        <td class={classes!("num", "computed", why.filter(|_| text == "fel").map(|_| "error"), selected.then_some("selected"), note.map(|_| "noted"))}
            role="gridcell" tabindex={if p.tab_stop == at { "0" } else { "-1" }} aria-readonly="true" aria-selected={selected.then_some("true")}
            aria-describedby={note.map(|_| note_id(&cell_id))}
            data-cell={cell_id} data-nav={format!("{}:{}", at.0, at.1)} title={why.map(AttrValue::from).or_else(|| note.map(|n| AttrValue::from(n.clone())))}
            {onkeydown} {onfocus}>
            { text }
        </td>
    }
}

/// The printed figures of a total, editable, each marked by how it compares with the computed.
fn control_row(p: &Ctx, row: &Row, tools: bool) -> Html {
    let t = p.t;
    let r = t.row_index(&row.id).unwrap_or_default();
    html! {
        <tr class="control" data-control-row={row.id.clone()}>
            <th scope="row" class="label-col">{ tr!(p.loc.lang, "{} (tryckt)", "{} (printed)", row.label) }</th>
            { for t.columns.iter().enumerate().map(|(c, column)| {
                if column.kind == ColumnKind::Text {
                    return html! { <td></td> };
                }
                // Percentages are printed, and held against the computed one, to one decimal.
                let decimals = if column.kind.is_percent() { budget_core::analysis::PERCENT_DECIMALS } else { t.decimals };
                let cell = row.control.get(&column.id);
                let (display, error) = display_text((t, r), cell, control_value(row, &column.id), decimals, p.loc);
                let computed = budget_core::analysis::as_printed(&column.kind, p.values.get(r, c));
                let mark = budget_core::analysis::printed_difference(control_value(row, &column.id), computed)
                    .map(|d| tr!(p.loc.lang, "avviker {}", "differs by {}", p.loc.amount(d, decimals)));
                let cell_id = cell_id(&t.id, &row.id, &column.id, true);
                let note = note_of(row, &column.id, true);
                html! {
                    <td class={classes!("num", "input", mark.as_ref().map(|_| "differs"), note.map(|_| "noted"))}
                        title={note.cloned()} data-cell={cell_id.clone()}>
                        <GridCell
                            table={t.id.clone()} row={row.id.clone()} column={column.id.clone()}
                            // Printed totals are outside the selection; `at` is their total's cell.
                            at={(r, c)} size={(t.rows.len(), t.columns.len())} tab_stop={false}
                            display={display} edit={cell.map(|c| p.loc.edit_text(c)).unwrap_or_default()}
                            error={error.map(AttrValue::from)} numbers={p.loc.numbers} control={true} text={false} formula={false}
                            selected={false} locked={p.locked}
                            note={note.map(|_| AttrValue::from(note_id(&cell_id)))}
                            label={tr!(p.loc.lang, "{} tryckt, {}", "{} printed, {}", row.label, column.label)}
                            // Focus on a printed figure is told to the table (for its note),
                            // not made a selection.
                            dispatch={p.dispatch.clone()} on_select={p.on_printed.clone()} />
                        if let Some(m) = mark {
                            // Out of the Tab order: the grid keeps one Tab stop; the checks
                            // view lists the same findings for the keyboard.
                            <a class="diff-mark finding-link" href="?vy=kontroller" tabindex="-1"
                                onclick={{
                                    let (show, anchor) = (p.show_finding.clone(), finding_anchor(&t.id, &row.id, &column.id));
                                    Callback::from(move |e: MouseEvent| { e.prevent_default(); show.emit(anchor.clone()); })
                                }}>{ m }</a>
                        }
                    </td>
                }
            }) }
            if tools { <td></td> }
        </tr>
    }
}

/// The two periods a table's change columns compare, each a menu of the typed columns.
pub(super) fn comparison_picker(
    t: &Table,
    (new, old): (&str, &str),
    dispatch: &Callback<Action>,
    lang: budget_core::Lang,
) -> Html {
    let periods: Vec<(String, String)> = t
        .input_columns()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    let title = t.title.clone();
    let pick = |is_new: bool| {
        let (table, new, old, dispatch) = (
            t.id.clone(),
            new.to_owned(),
            old.to_owned(),
            dispatch.clone(),
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
                <select aria-label={tr!(lang, "{title}: jämför", "{title}: compare")} onchange={pick(true)}>{ options(new) }</select>
            </label>
            <label>{ pick!(lang, " mot ", " against ") }
                <select aria-label={tr!(lang, "{title}: jämfört med", "{title}: compared with")} onchange={pick(false)}>{ options(old) }</select>
            </label>
        </div>
    }
}

/// A row's name as a field, renamed on change (structure mode).
fn row_label(t: &Table, row: &Row, dispatch: &Callback<Action>, lang: budget_core::Lang) -> Html {
    let onchange = {
        let (table, row, dispatch) = (t.id.clone(), row.id.clone(), dispatch.clone());
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
    html! { <input type="text" class="label" value={row.label.clone()} aria-label={lang.pick("Radnamn", "Row name")} {onchange} /> }
}

#[derive(Properties, PartialEq)]
pub(super) struct AddRowProps {
    pub table: String,
    pub dispatch: Callback<Action>,
}

#[component(AddRowForm)]
pub(super) fn add_row_form(p: &AddRowProps) -> Html {
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
