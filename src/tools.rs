//! The uplift tool and goal seek for balance. Both show a preview computed by the core and apply
//! exactly that preview as one undo step (`Action::Batch`).

use std::collections::BTreeSet;

use budget_core::arith::Exact;
use budget_core::goal_seek::{goal_seek, GoalSeekRequest};
use budget_core::uplift::{preview, Uplift};
use budget_core::{format_amount, parse_amount, Action, RowKind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::CoreRef;

#[derive(Properties, PartialEq)]
pub struct ToolsProps {
    pub core: CoreRef,
    /// The workbook's revision: the tools preview from the figures, so any change re-renders.
    pub rev: u64,
    pub dispatch: Callback<Action>,
}

fn input_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value())
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// Toggles `id` in a set held in state, from a checkbox.
fn toggler(state: &UseStateHandle<BTreeSet<String>>, id: String) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        let checked = e
            .target_dyn_into::<HtmlInputElement>()
            .is_some_and(|i| i.checked());
        let mut set = (*state).clone();
        if checked {
            set.insert(id.clone());
        } else {
            set.remove(&id);
        }
        state.set(set);
    })
}

/// Above this many typed rows the uplift applies to all of them and lists no checkboxes.
const MAX_PICKABLE_ROWS: usize = 200;
/// Preview lines shown; the rest are counted, and all of them are applied.
const PREVIEW_LINES: usize = 50;

#[component(UpliftTool)]
pub fn uplift_tool(p: &ToolsProps) -> Html {
    let core = p.core.0.borrow();
    let wb = &core.session.workbook;
    let table_id = use_state(|| "drift".to_string());
    let rows = use_state(BTreeSet::<String>::new);
    let columns = use_state(BTreeSet::<String>::new);
    let percent = use_state(|| true);
    let value = use_state(|| "2,3".to_string());
    let Some(table) = wb.table(&table_id).ok().or_else(|| wb.tables.first()) else {
        return html! {};
    };
    let input_rows: Vec<_> = table
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Input))
        .collect();
    // Until the user picks, all rows and the last period (the budget being prepared) are chosen.
    // A detail budget of thousands of rows is uplifted whole: a checkbox per row helps nobody.
    let pick_rows = input_rows.len() <= MAX_PICKABLE_ROWS;
    let chosen_rows: Vec<String> = if rows.is_empty() || !pick_rows {
        input_rows.iter().map(|r| r.id.clone()).collect()
    } else {
        input_rows
            .iter()
            .filter(|r| rows.contains(&r.id))
            .map(|r| r.id.clone())
            .collect()
    };
    let chosen_columns: Vec<String> = if columns.is_empty() {
        table
            .input_columns()
            .last()
            .map(|c| vec![c.id.clone()])
            .unwrap_or_default()
    } else {
        table
            .input_columns()
            .filter(|c| columns.contains(&c.id))
            .map(|c| c.id.clone())
            .collect()
    };
    let chosen_set: std::collections::HashSet<&str> =
        chosen_rows.iter().map(String::as_str).collect();
    let parsed = parse_amount(&value);
    let result = match parsed {
        Ok(Some(v)) => {
            let kind = if *percent {
                Uplift::Percent(v)
            } else {
                Uplift::Amount(v)
            };
            preview(wb, &table.id, &chosen_rows, &chosen_columns, kind).map_err(|e| e.to_string())
        }
        Ok(None) => Err("Skriv en procentsats eller ett belopp.".to_string()),
        Err(e) => Err(e.to_string()),
    };
    let pick_table = {
        let (table_id, rows, columns) = (table_id.clone(), rows.clone(), columns.clone());
        Callback::from(move |e: Event| {
            if let Some(v) = select_value(&e) {
                table_id.set(v);
                rows.set(BTreeSet::new());
                columns.set(BTreeSet::new());
            }
        })
    };
    let pick_kind = {
        let percent = percent.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = select_value(&e) {
                percent.set(v == "procent");
            }
        })
    };
    let set_value = {
        let value = value.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = input_value(&e) {
                value.set(v);
            }
        })
    };
    let apply = {
        let dispatch = p.dispatch.clone();
        let action = result.as_ref().ok().map(|r| r.action());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = action.clone() {
                dispatch.emit(a);
            }
        })
    };
    let unit = table.unit.label();
    html! {
        <section class="panel tool" data-panel="uplift" aria-labelledby="uplift-title">
            <h2 id="uplift-title">{ "Uppräkning" }</h2>
            <div class="tool-form">
                <label>{ "Tabell " }
                    <select id="uplift-table" onchange={pick_table}>
                        { for wb.tables.iter().map(|t| html! { <option value={t.id.clone()} selected={t.id == table.id}>{ &t.title }</option> }) }
                    </select>
                </label>
                <span class="nowrap">
                <label>{ "Med " }
                    <input id="uplift-value" type="text" inputmode="decimal" class="short" value={(*value).clone()} onchange={set_value} />
                </label>
                <select id="uplift-kind" aria-label="Procent eller belopp" onchange={pick_kind}>
                    <option value="procent" selected={*percent}>{ "%" }</option>
                    <option value="belopp" selected={!*percent}>{ unit }</option>
                </select>
                </span>
            </div>
            <fieldset class="choices">
                <legend>{ "Rader" }</legend>
                if pick_rows {
                    { for input_rows.iter().map(|r| html! {
                        <label><input type="checkbox" data-uplift-row={r.id.clone()} checked={chosen_set.contains(r.id.as_str())} onchange={toggler(&rows, r.id.clone())} />{ format!(" {}", r.label) }</label>
                    }) }
                } else {
                    <p class="note">{ format!("Alla {} rader räknas upp.", format_amount(input_rows.len().into(), 0)) }</p>
                }
            </fieldset>
            <fieldset class="choices">
                <legend>{ "Kolumner" }</legend>
                { for table.input_columns().map(|c| html! {
                    <label><input type="checkbox" data-uplift-column={c.id.clone()} checked={chosen_columns.contains(&c.id)} onchange={toggler(&columns, c.id.clone())} />{ format!(" {}", c.label) }</label>
                }) }
            </fieldset>
            { match &result {
                Ok(r) => html! {
                    <>
                    <div class="scroll">
                    <table class="grid compact" data-preview="uplift">
                        <thead><tr><th scope="col">{ "Rad" }</th><th scope="col">{ "Kolumn" }</th><th scope="col" class="num">{ "Före" }</th><th scope="col" class="num">{ "Efter" }</th><th scope="col" class="num">{ "Förändring" }</th></tr></thead>
                        <tbody>
                            { for r.cells.iter().take(PREVIEW_LINES).map(|c| html! {
                                <tr data-preview-cell={format!("{}/{}", c.row, c.column)}>
                                    <th scope="row">{ &c.row_label }</th><td>{ &c.column_label }</td>
                                    <td class="num">{ format_amount(c.old, 0) }</td>
                                    <td class="num">{ format_amount(c.new, 0) }</td>
                                    <td class="num">{ format_amount(c.new.minus(c.old).unwrap_or_default(), 0) }</td>
                                </tr>
                            }) }
                            if r.cells.len() > PREVIEW_LINES {
                                <tr><td colspan="5" class="note">{ format!("… och {} celler till", format_amount((r.cells.len() - PREVIEW_LINES).into(), 0)) }</td></tr>
                            }
                            <tr class="total"><th scope="row" colspan="4">{ "Summa förändring" }</th><td class="num" data-preview-total="uplift">{ format_amount(r.change, 0) }</td></tr>
                        </tbody>
                    </table>
                    </div>
                    if !r.skipped.is_empty() {
                        <p class="note">{ format!("{} valda celler saknar tal och lämnas orörda.", r.skipped.len()) }</p>
                    }
                    <p class="note">{ "Beloppen räknas exakt; visningen avrundar till hela tkr." }</p>
                    <button type="button" id="uplift-apply" onclick={apply} disabled={r.cells.is_empty()}>{ "Verkställ uppräkningen" }</button>
                    </>
                },
                Err(e) => html! { <p class="note error-text" role="alert">{ e }</p> },
            } }
        </section>
    }
}

#[component(GoalSeekTool)]
pub fn goal_seek_tool(p: &ToolsProps) -> Html {
    let core = p.core.0.borrow();
    let wb = &core.session.workbook;
    let target = use_state(String::new);
    let rows = use_state(BTreeSet::<String>::new);
    let remainder = use_state(String::new);
    let Some(a) = wb.allocations.as_ref() else {
        return html! {};
    };
    let Ok(table) = wb.table(&a.activities) else {
        return html! {};
    };
    let Some(total_row) = table
        .rows
        .iter()
        .rev()
        .find(|r| matches!(r.kind, RowKind::Sum { .. }))
    else {
        return html! {};
    };
    let activities: Vec<_> = table
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Input))
        .collect();
    let chosen: Vec<String> = if rows.is_empty() {
        activities.iter().map(|r| r.id.clone()).collect()
    } else {
        activities
            .iter()
            .filter(|r| rows.contains(&r.id))
            .map(|r| r.id.clone())
            .collect()
    };
    // The rounding remainder goes to the chosen row, or else to the largest chosen activity.
    let remainder_row = if chosen.contains(&remainder) {
        (*remainder).clone()
    } else {
        chosen
            .iter()
            .max_by_key(|id| {
                table
                    .row(id)
                    .ok()
                    .and_then(|r| match r.cells.get(&a.proposed) {
                        Some(budget_core::Cell::Number(d)) => Some(*d),
                        _ => None,
                    })
                    .unwrap_or_default()
            })
            .cloned()
            .unwrap_or_default()
    };
    let current = core
        .recalc
        .computed()
        .value(wb, &table.id, &total_row.id, &a.proposed);
    let result = match parse_amount(&target) {
        Ok(Some(t)) => goal_seek(
            wb,
            core.recalc.computed(),
            &GoalSeekRequest {
                table: table.id.clone(),
                column: a.proposed.clone(),
                total_row: total_row.id.clone(),
                target: t,
                rows: chosen.clone(),
                remainder_row: remainder_row.clone(),
            },
        )
        .map(Some)
        .map_err(|e| e.to_string()),
        Ok(None) => Ok(None),
        Err(e) => Err(e.to_string()),
    };
    let set_target = {
        let target = target.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = input_value(&e) {
                target.set(v);
            }
        })
    };
    let pick_remainder = {
        let remainder = remainder.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = select_value(&e) {
                remainder.set(v);
            }
        })
    };
    let apply = {
        let dispatch = p.dispatch.clone();
        let action = result
            .as_ref()
            .ok()
            .and_then(Option::as_ref)
            .map(|g| g.action());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = action.clone() {
                dispatch.emit(a);
            }
        })
    };
    let column_label = table
        .column(&a.proposed)
        .map(|c| c.label.clone())
        .unwrap_or_default();
    html! {
        <section class="panel tool" data-panel="goal-seek" aria-labelledby="goal-title">
            <h2 id="goal-title">{ "Målsökning mot ram" }</h2>
            <p class="note">{ format!("{} {}: {} tkr", total_row.label, column_label, current.number().map(|d| format_amount(d, 0)).unwrap_or_else(|| "–".into())) }</p>
            <div class="tool-form">
                <label>{ "Målram, tkr " }
                    <input id="goal-target" type="text" inputmode="decimal" class="short" value={(*target).clone()} onchange={set_target} placeholder="t.ex. 1 550 000" />
                </label>
                <label>{ "Avrundningen läggs på " }
                    <select id="goal-remainder" onchange={pick_remainder}>
                        { for activities.iter().filter(|r| chosen.contains(&r.id)).map(|r| html! { <option value={r.id.clone()} selected={r.id == remainder_row}>{ &r.label }</option> }) }
                    </select>
                </label>
            </div>
            <fieldset class="choices">
                <legend>{ "Fördela pro rata på" }</legend>
                { for activities.iter().map(|r| html! {
                    <label><input type="checkbox" data-goal-row={r.id.clone()} checked={chosen.contains(&r.id)} onchange={toggler(&rows, r.id.clone())} />{ format!(" {}", r.label) }</label>
                }) }
            </fieldset>
            { match &result {
                Ok(Some(g)) => {
                    let gap = if g.gap.is_sign_negative() {
                        format!("Behöver minskas med {} tkr", format_amount(-g.gap, 0))
                    } else {
                        format!("Behöver ökas med {} tkr", format_amount(g.gap, 0))
                    };
                    html! {
                        <>
                        <p class="summary" data-goal="gap">{ gap }</p>
                        <table class="grid compact" data-preview="goal-seek">
                            <thead><tr><th scope="col">{ "Verksamhet" }</th><th scope="col" class="num">{ "Nu" }</th><th scope="col" class="num">{ "Ändring" }</th><th scope="col" class="num">{ "Efter" }</th></tr></thead>
                            <tbody>
                                { for g.shares.iter().map(|s| html! {
                                    <tr data-preview-cell={s.row.clone()}>
                                        <th scope="row">{ &s.label }</th>
                                        <td class="num">{ format_amount(s.old, 0) }</td>
                                        <td class="num">{ format_amount(s.share, s.share.scale().min(2)) }</td>
                                        <td class="num">{ format_amount(s.new, s.new.scale().min(2)) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                        <button type="button" id="goal-apply" onclick={apply} disabled={g.gap.is_zero()}>{ "Verkställ fördelningen" }</button>
                        </>
                    }
                }
                Ok(None) => html! { <p class="note">{ "Skriv en målram för att se hur mycket som behöver minskas eller ökas." }</p> },
                Err(e) => html! { <p class="note error-text" role="alert">{ e }</p> },
            } }
        </section>
    }
}
