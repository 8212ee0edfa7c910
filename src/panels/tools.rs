//! The uplift tool and goal seek for balance. Both show a preview computed by the core and apply
//! exactly that preview as one undo step (`Action::Batch`). Also the switch that locks the
//! scenario as a baseline.

use std::collections::BTreeSet;

use budget_core::session::{goal_seek, preview, GoalSeekRequest, Uplift};
use budget_core::{tr, Action, Lang, RowKind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::display::column_headings;
use crate::app::{use_locale, CoreRef};

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
    let loc = use_locale();
    let lang = loc.lang;
    let core = p.core.0.borrow();
    let wb = &core.workbook();
    let table_id = use_state(|| "drift".to_string());
    let rows = use_state(BTreeSet::<String>::new);
    let columns = use_state(BTreeSet::<String>::new);
    let percent = use_state(|| true);
    let value = use_state(|| "2,3".to_string());
    // What was applied: until a choice changes (each clears it) the panel confirms instead of
    // previewing, so a second click (a double click) cannot apply the uplift again on the
    // figures it has just raised.
    let applied = use_state(|| None::<String>);
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
    let parsed = loc.parse(&value);
    let figure = parsed.as_ref().ok().copied().flatten();
    let result = match parsed {
        Ok(Some(v)) => {
            let kind = if *percent {
                Uplift::Percent(v)
            } else {
                Uplift::Amount(v)
            };
            preview(wb, &table.id, &chosen_rows, &chosen_columns, kind).map_err(|e| e.message(lang))
        }
        Ok(None) => Err(lang
            .pick(
                "Skriv en procentsats eller ett belopp.",
                "Enter a percentage or an amount.",
            )
            .to_string()),
        Err(e) => Err(e.message(lang)),
    };
    let pick_table = {
        let (table_id, rows, columns) = (table_id.clone(), rows.clone(), columns.clone());
        let applied = applied.clone();
        Callback::from(move |e: Event| {
            applied.set(None);
            if let Some(v) = select_value(&e) {
                table_id.set(v);
                rows.set(BTreeSet::new());
                columns.set(BTreeSet::new());
            }
        })
    };
    let pick_kind = {
        let (percent, applied) = (percent.clone(), applied.clone());
        Callback::from(move |e: Event| {
            applied.set(None);
            if let Some(v) = select_value(&e) {
                percent.set(v == "procent");
            }
        })
    };
    let set_value = {
        let (value, applied) = (value.clone(), applied.clone());
        Callback::from(move |e: Event| {
            applied.set(None);
            if let Some(v) = input_value(&e) {
                value.set(v);
            }
        })
    };
    let unit = table.unit.label();
    let done = (*applied).clone();
    // A checkbox's toggle, which also ends the confirmation.
    let toggle = |set: &UseStateHandle<BTreeSet<String>>, id: &str| {
        let (toggle, applied) = (toggler(set, id.to_string()), applied.clone());
        Callback::from(move |e: Event| {
            applied.set(None);
            toggle.emit(e);
        })
    };
    let apply = {
        let dispatch = p.dispatch.clone();
        let applied = applied.clone();
        let confirmation = match (&result, figure) {
            (Ok(r), Some(v)) => {
                let by = match *percent {
                    true => format!("{} %", loc.amount(v, v.scale())),
                    false => format!("{} {unit}", loc.amount(v, v.scale())),
                };
                let sign = if r.change > budget_core::Decimal::ZERO {
                    "+"
                } else {
                    ""
                };
                let change = format!("{sign}{} {unit}", loc.amount(r.change, table.decimals));
                Some((
                    r.action(),
                    tr!(
                        lang,
                        "Uppräkning {by} tillämpad på {} celler: {change}. Ångra med Ctrl+Z.",
                        "Uplift of {by} applied to {} cells: {change}. Undo with Ctrl+Z.",
                        r.cells.len()
                    ),
                ))
            }
            _ => None,
        };
        // A click that arrives before the panel has re-rendered finds the step taken.
        let taken = std::rc::Rc::new(std::cell::Cell::new(false));
        Callback::from(move |_: MouseEvent| {
            if let Some((a, message)) = confirmation.clone().filter(|_| !taken.replace(true)) {
                dispatch.emit(a);
                applied.set(Some(message));
            }
        })
    };
    let again = {
        let applied = applied.clone();
        Callback::from(move |_: MouseEvent| applied.set(None))
    };
    html! {
        <section class="panel tool" data-panel="uplift" aria-labelledby="uplift-title">
            <h2 id="uplift-title">{ pick!(lang, "Uppräkning", "Uplift") }</h2>
            <div class="tool-form">
                <label>{ pick!(lang, "Tabell ", "Table ") }
                    <select id="uplift-table" onchange={pick_table}>
                        { for wb.tables.iter().map(|t| html! { <option value={t.id.clone()} selected={t.id == table.id}>{ &t.title }</option> }) }
                    </select>
                </label>
                <span class="nowrap">
                <label>{ pick!(lang, "Med ", "By ") }
                    <input id="uplift-value" type="text" inputmode="decimal" class="short" value={(*value).clone()} onchange={set_value} />
                </label>
                <select id="uplift-kind" aria-label={lang.pick("Procent eller belopp", "Percentage or amount")} onchange={pick_kind}>
                    <option value="procent" selected={*percent}>{ "%" }</option>
                    <option value="belopp" selected={!*percent}>{ unit }</option>
                </select>
                </span>
            </div>
            <fieldset class="choices">
                <legend>{ pick!(lang, "Rader", "Rows") }</legend>
                if pick_rows {
                    { for input_rows.iter().map(|r| html! {
                        <label><input type="checkbox" data-uplift-row={r.id.clone()} checked={chosen_set.contains(r.id.as_str())} onchange={toggle(&rows, &r.id)} />{ format!(" {}", r.label) }</label>
                    }) }
                } else {
                    <p class="note">{ tr!(lang, "Alla {} rader räknas upp.", "All {} rows are uplifted.", loc.amount(input_rows.len().into(), 0)) }</p>
                }
            </fieldset>
            <fieldset class="choices">
                <legend>{ pick!(lang, "Kolumner", "Columns") }</legend>
                { for table.input_columns().map(|c| html! {
                    <label><input type="checkbox" data-uplift-column={c.id.clone()} checked={chosen_columns.contains(&c.id)} onchange={toggle(&columns, &c.id)} />{ format!(" {}", c.label) }</label>
                }) }
            </fieldset>
            { match (&result, done) {
                (_, Some(message)) => html! {
                    <>
                    <p class="summary" role="status" data-uplift="applied">{ message }</p>
                    // Where the second click of a double click lands: disabled, not the next button.
                    <button type="button" id="uplift-apply" disabled={true}>{ pick!(lang, "Verkställ uppräkningen", "Apply the uplift") }</button>
                    <button type="button" id="uplift-again" onclick={again}>{ pick!(lang, "Ny uppräkning", "New uplift") }</button>
                    </>
                },
                (Ok(r), None) => html! {
                    <>
                    <div class="scroll">
                    <table class="grid compact" data-preview="uplift">
                        <thead>{ column_headings(lang, &[
                            ("Rad", "Row", false),
                            ("Kolumn", "Column", false),
                            ("Före", "Before", true),
                            ("Efter", "After", true),
                            ("Förändring", "Change", true),
                        ]) }</thead>
                        <tbody>
                            { for r.cells.iter().take(PREVIEW_LINES).map(|c| html! {
                                <tr data-preview-cell={format!("{}/{}", c.row, c.column)}>
                                    <th scope="row">{ &c.row_label }</th><td>{ &c.column_label }</td>
                                    <td class="num">{ loc.amount(c.old, table.decimals) }</td>
                                    <td class="num">{ loc.amount(c.new, table.decimals) }</td>
                                    <td class="num">{ loc.amount(c.change(), table.decimals) }</td>
                                </tr>
                            }) }
                            if r.cells.len() > PREVIEW_LINES {
                                <tr><td colspan="5" class="note">{ tr!(lang, "… och {} celler till", "… and {} more cells", loc.amount((r.cells.len() - PREVIEW_LINES).into(), 0)) }</td></tr>
                            }
                            <tr class="total"><th scope="row" colspan="4">{ pick!(lang, "Summa förändring", "Total change") }</th><td class="num" data-preview-total="uplift">{ loc.amount(r.change, table.decimals) }</td></tr>
                        </tbody>
                    </table>
                    </div>
                    if !r.skipped.is_empty() {
                        <p class="note">{ match (lang, r.skipped.len()) {
                            (Lang::En, 1) => "1 selected cell has no figure and is left untouched.".to_string(),
                            (lang, n) => tr!(lang, "{n} valda celler saknar tal och lämnas orörda.", "{n} selected cells have no figure and are left untouched."),
                        } }</p>
                    }
                    if let Some(c) = r.remainder.and_then(|i| r.cells.get(i)) {
                        <p class="note">{ tr!(
                            lang,
                            "Varje belopp avrundas till tabellens decimaler; avrundningsresten läggs på {}, {}.",
                            "Each amount is rounded to the table's decimals; the rounding remainder goes to {}, {}.",
                            c.row_label, c.column_label
                        ) }</p>
                    }
                    <button type="button" id="uplift-apply" onclick={apply} disabled={r.cells.is_empty()}>{ pick!(lang, "Verkställ uppräkningen", "Apply the uplift") }</button>
                    </>
                },
                (Err(e), None) => html! { <p class="note error-text" role="alert">{ e }</p> },
            } }
        </section>
    }
}

#[component(GoalSeekTool)]
pub fn goal_seek_tool(p: &ToolsProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    let core = p.core.0.borrow();
    let wb = &core.workbook();
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
        .computed()
        .value(wb, &table.id, &total_row.id, &a.proposed);
    let result = match loc.parse(&target) {
        Ok(Some(t)) => goal_seek(
            wb,
            core.computed(),
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
        .map_err(|e| e.message(lang)),
        Ok(None) => Ok(None),
        Err(e) => Err(e.message(lang)),
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
            <h2 id="goal-title">{ pick!(lang, "Målsökning mot ram", "Goal seek to the frame") }</h2>
            <p class="note">{ tr!(lang, "{} {}: {} tkr", "{} {}: {} tkr", total_row.label, column_label, current.number().map(|d| loc.amount(d, 0)).unwrap_or_else(|| "–".into())) }</p>
            <div class="tool-form">
                <label>{ pick!(lang, "Målram, tkr ", "Target frame, tkr ") }
                    <input id="goal-target" type="text" inputmode="decimal" class="short" value={(*target).clone()} onchange={set_target} placeholder={lang.pick("t.ex. 1 550 000", "e.g. 1 550 000")} />
                </label>
                <label>{ pick!(lang, "Avrundningen läggs på ", "The rounding goes to ") }
                    <select id="goal-remainder" onchange={pick_remainder}>
                        { for activities.iter().filter(|r| chosen.contains(&r.id)).map(|r| html! { <option value={r.id.clone()} selected={r.id == remainder_row}>{ &r.label }</option> }) }
                    </select>
                </label>
            </div>
            <fieldset class="choices">
                <legend>{ pick!(lang, "Fördela pro rata på", "Distribute pro rata across") }</legend>
                { for activities.iter().map(|r| html! {
                    <label><input type="checkbox" data-goal-row={r.id.clone()} checked={chosen.contains(&r.id)} onchange={toggler(&rows, r.id.clone())} />{ format!(" {}", r.label) }</label>
                }) }
            </fieldset>
            { match &result {
                Ok(Some(g)) => {
                    let gap = if g.gap.is_sign_negative() {
                        tr!(lang, "Behöver minskas med {} tkr", "Needs to be reduced by {} tkr", loc.amount(-g.gap, 0))
                    } else {
                        tr!(lang, "Behöver ökas med {} tkr", "Needs to be increased by {} tkr", loc.amount(g.gap, 0))
                    };
                    html! {
                        <>
                        <p class="summary" data-goal="gap">{ gap }</p>
                        <table class="grid compact" data-preview="goal-seek">
                            <thead>{ column_headings(lang, &[
                                ("Verksamhet", "Activity", false),
                                ("Nu", "Now", true),
                                ("Ändring", "Change", true),
                                ("Efter", "After", true),
                            ]) }</thead>
                            <tbody>
                                { for g.shares.iter().map(|s| html! {
                                    <tr data-preview-cell={s.row.clone()}>
                                        <th scope="row">{ &s.label }</th>
                                        <td class="num">{ loc.amount(s.old, 0) }</td>
                                        <td class="num">{ loc.amount(s.share, s.share.scale().min(2)) }</td>
                                        <td class="num">{ loc.amount(s.new, s.new.scale().min(2)) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                        <button type="button" id="goal-apply" onclick={apply} disabled={g.gap.is_zero()}>{ pick!(lang, "Verkställ fördelningen", "Apply the distribution") }</button>
                        </>
                    }
                }
                Ok(None) => html! { <p class="note">{ pick!(
                    lang,
                    "Skriv en målram för att se hur mycket som behöver minskas eller ökas.",
                    "Enter a target frame to see how much needs to be reduced or increased.",
                ) }</p> },
                Err(e) => html! { <p class="note error-text" role="alert">{ e }</p> },
            } }
        </section>
    }
}

/// The lock on a baseline (`Action::SetLocked`, one undo step): figures and rows read-only,
/// notes still allowed. The core's refusals name this view as where to unlock.
pub fn lock_switch(locked: bool, dispatch: &Callback<Action>, lang: Lang) -> Html {
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            dispatch.emit(Action::SetLocked(on));
        })
    };
    html! {
        <section class="panel lock" data-panel="lock" aria-labelledby="lock-title">
            <h2 id="lock-title">{ pick!(lang, "Utgångsläge", "Baseline") }</h2>
            <label><input type="checkbox" id="lock-baseline" checked={locked} {onchange} />
                { pick!(lang, " Lås som utgångsläge (bara anteckningar)", " Lock as a baseline (notes only)") }</label>
        </section>
    }
}
