//! One workbook table as a WAI-ARIA grid: typed cells are inputs with Excel-like navigation and
//! edit modes, sums and comparisons are read-only cells, a block can be selected, copied and
//! pasted, and in structure mode rows, columns and the table's settings can be changed. This
//! file holds the table itself: its selection, focus, scrolling window and head.

use budget_core::analysis::summarize;
use budget_core::engine::TableValues;
use budget_core::{tr, Action, ColumnKind, RowKind, Table};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::clipboard;
use super::nav::{
    centre_on, drawn_rows, first_typed_cell, parse_at, printed_row_between, top_row, Selection,
    ROW_PX, VIRTUALIZE_ABOVE,
};
use super::note::{descriptions, editor};
use super::rows::{comparison_picker, group_runs, render_row, AddRowForm, Ctx};
use crate::app::display::Locale;
use crate::app::{use_locale, CoreRef, JumpAt, ShowFinding};
use crate::panels::TableSettings;
use crate::platform;

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub core: CoreRef,
    pub index: usize,
    /// Changes only when this table's figures or structure change, so others skip rendering.
    pub rev: u64,
    pub dispatch: Callback<Action>,
    /// A cell a finding asked to show (only on the table it is in).
    #[prop_or_default]
    pub jump: Option<JumpAt>,
}

/// Scrolls a virtualized table's box so that `row` is in the middle of its window, and draws
/// that window; the cell is focused or marked after the render.
fn scroll_to_row(scroller: &NodeRef, first_row: &UseStateHandle<usize>, row: usize) {
    let (top, offset) = centre_on(row);
    if let Some(el) = scroller.cast::<HtmlElement>() {
        el.set_scroll_top(offset);
    }
    first_row.set(top);
}

/// The table's selection as it is now, shared with its cells, which read it when a key moves
/// the cursor: the selection they were drawn with may be a move behind.
#[derive(Clone, Default)]
pub(super) struct LiveSelection(Rc<RefCell<Option<Selection>>>);

impl LiveSelection {
    pub fn get(&self) -> Option<Selection> {
        *self.0.borrow()
    }
}

/// Equal when it is the same table's: what it holds changes without a render.
impl PartialEq for LiveSelection {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn is_list(table: &Table) -> bool {
    table.input_columns().count() == 1 && !table.columns.iter().any(|c| c.kind == ColumnKind::Text)
}

#[component(TableView)]
pub fn table_view(p: &TableProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    let selection = use_state(|| None::<Selection>);
    // A printed figure with focus (its total's cell): outside the selection, but its note is
    // the one shown under the table.
    let printed = use_state_eq(|| None::<(usize, usize)>);
    let structure = use_state(|| false);
    let pending = use_state(|| None::<clipboard::PendingPaste>);
    let first_row = use_state(|| 0usize);
    let scroller = use_node_ref();
    // A cell to focus once it is rendered (keyboard moved beyond a virtualized window).
    let pending_focus = use_mut_ref(|| None::<(usize, usize)>);
    // The live selection, read synchronously: moving focus fires the next cell's `focus` before
    // Yew re-renders, and that cell must not reset a block the keyboard just extended.
    let live = use_mut_ref(|| None::<Selection>);
    // A finding's cell waiting to be rendered (scrolled into a virtualized window) and marked.
    let pending_jump = use_mut_ref(|| None::<(usize, usize)>);
    let show_finding = use_context::<ShowFinding>()
        .map(|s| s.0)
        .unwrap_or_default();
    let table_id = p
        .core
        .0
        .borrow()
        .workbook()
        .tables
        .get(p.index)
        .map(|t| t.id.clone())
        .unwrap_or_default();
    {
        let (pending_jump, scroller, first_row, id, selection, live) = (
            pending_jump.clone(),
            scroller.clone(),
            first_row.clone(),
            table_id.clone(),
            selection.clone(),
            live.clone(),
        );
        use_effect_with(p.jump, move |jump| {
            if let Some(j) = jump {
                let at = (j.row, j.column);
                let next = Selection::single(at);
                *live.borrow_mut() = Some(next);
                selection.set(Some(next));
                if !platform::mark_jumped(&id, at) {
                    scroll_to_row(&scroller, &first_row, at.0);
                    *pending_jump.borrow_mut() = Some(at);
                }
            }
        });
    }
    {
        let (pending_focus, live, id) = (pending_focus.clone(), live.clone(), table_id.clone());
        let pending_jump = pending_jump.clone();
        use_effect(move || {
            let jump = *pending_jump.borrow();
            if let Some(at) = jump {
                if platform::mark_jumped(&id, at) {
                    *pending_jump.borrow_mut() = None;
                }
                return;
            }
            let target = *pending_focus.borrow();
            if let Some(at) = target {
                if platform::focus_cell(&id, at) {
                    *pending_focus.borrow_mut() = None;
                }
            } else if let Some(want) = live.borrow().map(|s| s.focus) {
                // Keep DOM focus on the selected cell when rows were re-used for other rows.
                if let Some(active) = platform::focused_nav(&id).and_then(|n| parse_at(&n)) {
                    if active != want {
                        platform::focus_cell(&id, want);
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
    let locked = core.workbook().collab.locked;
    let on_printed = {
        let printed = printed.clone();
        Callback::from(move |(at, _): (Selection, bool)| printed.set(Some(at.focus)))
    };
    let cx = Ctx {
        t,
        values,
        dispatch: p.dispatch.clone(),
        core: &p.core,
        index: p.index,
        rev: p.rev,
        loc,
        tab_stop,
        show_finding,
        live: LiveSelection(live.clone()),
        locked,
        on_printed,
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
        let (scroller, first_row, printed) = (scroller.clone(), first_row.clone(), printed.clone());
        Callback::from(move |(next, move_focus): (Selection, bool)| {
            printed.set(None);
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
                if column == from.1
                    && printed_row_between(from.0, to)
                        .is_some_and(|r| platform::focus_printed(&table, (r, column)))
                {
                    return;
                }
            }
            *live.borrow_mut() = Some(next);
            selection.set(Some(next));
            if move_focus {
                let focused = platform::focus_cell(&table, next.focus);
                // This move supersedes one still waiting for its cell to be drawn: focusing that
                // cell after the render would take the cursor back.
                *pending_focus.borrow_mut() = (!focused).then_some(next.focus);
                if !focused {
                    // Not rendered: scroll it into the window, focus after the render.
                    scroll_to_row(&scroller, &first_row, next.focus.0);
                }
            }
        })
    };
    let onscroll = {
        let (scroller, first_row) = (scroller.clone(), first_row.clone());
        Callback::from(move |_: Event| {
            // A cell being edited is committed before its row can be re-used for another.
            platform::blur_editing_cell();
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let first = top_row(el.scroll_top());
                if first != *first_row {
                    first_row.set(first);
                }
            }
        })
    };
    let oncopy = clipboard::on_copy(selection.clone(), p.core.clone(), p.index);
    let onpaste = clipboard::on_paste(
        p.core.clone(),
        p.index,
        p.dispatch.clone(),
        pending.clone(),
        loc,
    );
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
    let (from, to) = if virtual_rows {
        drawn_rows(*first_row, t.rows.len())
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
                        { comparison_picker(t, (&new, &old), &p.dispatch, lang) }
                    }
                    <button type="button" class={classes!("small", structure.then_some("active"))}
                        aria-pressed={if *structure { "true" } else { "false" }}
                        onclick={toggle_structure}>{ pick!(lang, "Redigera struktur", "Edit structure") }</button>
                </div>
            </div>
            if locked {
                <p class="locked-note" data-locked="">{ pick!(
                    lang,
                    "Låst som utgångsläge: bara anteckningar kan skrivas (lås upp under Verktyg).",
                    "Locked as a baseline: only notes can be written (unlock under Tools).",
                ) }</p>
            }
            if *structure {
                <TableSettings core={p.core.clone()} index={p.index} rev={p.rev} dispatch={p.dispatch.clone()} />
            }
            { clipboard::pending_question(&p.core, p.index, &p.dispatch, &pending, lang) }
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
            { descriptions(t, (from..to).chain(pinned.then(|| t.rows.len() - 1))) }
            { status_line(t, values, sel, loc) }
            if let Some(at) = (*printed).map(|at| (at, true)).or_else(|| sel.map(|s| (s.focus, false))) {
                { editor(t, at, &p.dispatch, lang) }
            }
            if tools {
                <AddRowForm table={t.id.clone()} dispatch={p.dispatch.clone()} />
            }
        </section>
    }
}

/// Sum, count and average of the selected cells, as a spreadsheet's status bar shows them
/// (core `analysis::summarize`: percentages are counted, not summed).
fn status_line(t: &Table, values: &TableValues, sel: Option<Selection>, loc: Locale) -> Html {
    let lang = loc.lang;
    let Some(sel) = sel.filter(Selection::is_block) else {
        return html! { <p class="status-line" role="status"></p> };
    };
    let cells = sel.rows().flat_map(|r| {
        sel.columns().filter_map(move |c| {
            let column = t.columns.get(c)?;
            Some((values.get(r, c), column.kind.is_percent()))
        })
    });
    let s = summarize(cells);
    let mut parts = Vec::new();
    if let Some(sum) = s.sum {
        parts.push(tr!(lang, "Summa {}", "Sum {}", loc.amount(sum, t.decimals)));
    }
    parts.push(tr!(lang, "Antal {}", "Count {}", s.count));
    if let Some(mean) = s.mean {
        parts.push(tr!(
            lang,
            "Medel {}",
            "Average {}",
            loc.amount(mean, t.decimals + 1)
        ));
    }
    html! { <p class="status-line" role="status">{ parts.join(" · ") }</p> }
}
