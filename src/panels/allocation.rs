//! The frame bridge by activity and the allocation of each frame-change and volume line to the
//! activities. Figures come from `budget_core::analysis::activity_bridge`; this module only shows them and
//! dispatches `Action::Allocate`.

use std::rc::Rc;

use budget_core::analysis::{ActivityBridge, ActivityResult};

use budget_core::session::AllocationChange;

use budget_core::model::{BudgetMode, Split};
use budget_core::{tr, Action, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::display::{value_text, Locale};

pub struct AllocationProps {
    pub bridge: Rc<ActivityBridge>,
    /// Titles of the line tables, by id, for the group headings.
    pub sources: Rc<Vec<(String, String)>>,
    pub dispatch: Callback<Action>,
}

fn amount(value: Value, key: String, loc: Locale) -> Html {
    let (text, why) = value_text(value, &budget_core::ColumnKind::Input, 0, loc);
    html! { <td class={classes!("num", why.map(|_| "error"))} title={why} data-ab={key}>{ text }</td> }
}

fn activity_row(r: &ActivityResult, loc: Locale) -> Html {
    let key = |field: &str| format!("{}/{field}", r.id);
    html! {
        <tr data-activity={r.id.clone()}>
            <th scope="row">{ &r.label }</th>
            { amount(r.previous, key("forra"), loc) }
            { amount(r.allocated, key("fordelat"), loc) }
            { amount(r.bridged, key("overbryggt"), loc) }
            { amount(r.proposed, key("foreslaget"), loc) }
            { amount(r.unexplained, key("oforklarat"), loc) }
        </tr>
    }
}

/// What an allocation cell shows: `100 %` for a percentage, the amount otherwise.
fn split_text(split: Split, loc: Locale) -> String {
    match split {
        Split::Amount(a) => loc.amount(a, a.scale()),
        Split::Percent(p) => format!("{} %", loc.amount(p, p.scale())),
    }
}

pub fn allocation_panel(p: &AllocationProps, loc: Locale) -> Html {
    let lang = loc.lang;
    let b = &p.bridge;
    let set_mode = |mode: BudgetMode| {
        let dispatch = p.dispatch.clone();
        Callback::from(move |_: Event| {
            dispatch.emit(Action::Allocate(AllocationChange::SetMode(mode)))
        })
    };
    let follows = b.mode == BudgetMode::FollowsBridge;
    let unallocated_neg = match b.unallocated {
        Value::Number(d) => Value::Number(-d),
        other => other,
    };
    let rest_note = match b.unexplained {
        Value::Number(d) if d.is_zero() => {
            lang.pick("Överbryggningen går jämnt ut.", "The bridge adds up exactly.")
        }
        Value::Number(_) => lang.pick(
            "Budgeten minus föregående budget och alla rader. De publicerade beloppen är avrundade till 0,1 mnkr, så en liten rest är väntad.",
            "The budget minus the previous budget and all lines. The published amounts are rounded to 0.1 SEK m, so a small remainder is expected.",
        ),
        _ => lang.pick("Resten kan inte räknas ut.", "The remainder cannot be calculated."),
    };
    let amount = |value: Value, key: &str| amount(value, key.to_string(), loc);
    html! {
        <section class="panel allocation" aria-labelledby="allocation-title" data-panel="allocation">
            <h2 id="allocation-title">{ pick!(lang, "Ramöverbryggning per verksamhet, tkr", "Frame bridge by activity, tkr") }</h2>
            <fieldset class="mode">
                <legend>{ pick!(lang, "När en rad eller dess fördelning ändras", "When a line or its allocation changes") }</legend>
                <label>
                    <input type="radio" name="budget-mode" id="mode-follows" checked={follows}
                        onchange={set_mode(BudgetMode::FollowsBridge)} />
                    { pick!(lang, " följer budgeten överbryggningen", " the budget follows the bridge") }
                </label>
                <label>
                    <input type="radio" name="budget-mode" id="mode-typed" checked={!follows}
                        onchange={set_mode(BudgetMode::Typed)} />
                    { pick!(lang, " är budgeten inskriven; resten ändras", " the budget is typed; the remainder changes") }
                </label>
            </fieldset>
            <div class="scroll">
            <table class="grid compact activity-bridge">
                <thead>
                    <tr>
                        <th scope="col">{ pick!(lang, "Verksamhet", "Activity") }</th>
                        <th scope="col" class="num">{ &b.previous_label }</th>
                        <th scope="col" class="num">{ pick!(lang, "Fördelade förändringar", "Allocated changes") }</th>
                        <th scope="col" class="num">{ tr!(lang, "{} + förändringar", "{} + changes", b.previous_label) }</th>
                        <th scope="col" class="num">{ &b.proposed_label }</th>
                        <th scope="col" class="num">{ pick!(lang, "Oförklarat", "Unexplained") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for b.activities.iter().map(|r| activity_row(r, loc)) }
                    <tr class="unallocated" data-activity="ej-fordelat">
                        <th scope="row">{ pick!(lang, "Ej fördelade förändringar", "Changes not allocated") }</th>
                        <td></td>
                        { amount(b.unallocated, "ej-fordelat/fordelat") }
                        { amount(b.unallocated, "ej-fordelat/overbryggt") }
                        <td></td>
                        { amount(unallocated_neg, "ej-fordelat/oforklarat") }
                    </tr>
                    <tr class="total" data-activity="summa">
                        <th scope="row">{ pick!(lang, "Summa", "Total") }</th>
                        { amount(b.total.previous, "summa/forra") }
                        { amount(b.lines_total, "summa/fordelat") }
                        { amount(b.explained, "summa/overbryggt") }
                        { amount(b.total.proposed, "summa/foreslaget") }
                        { amount(b.unexplained, "summa/oforklarat") }
                    </tr>
                    <tr class="remainder" data-activity="rest">
                        <th scope="row">{ pick!(lang, "Oförklarad rest", "Unexplained remainder") }</th>
                        <td colspan="4" class="note-cell">{ rest_note }</td>
                        { amount(b.unexplained, "rest/oforklarat") }
                    </tr>
                </tbody>
            </table>
            </div>
            <p class="note">{ pick!(
                lang,
                "Oförklarat per verksamhet = budget − (föregående budget + fördelade förändringar). Summan av kolumnen är den oförklarade resten, eftersom ej fördelade förändringar räknas av.",
                "Unexplained per activity = budget − (previous budget + allocated changes). The column's total is the unexplained remainder, since changes not allocated are deducted.",
            ) }</p>
            <h3>{ pick!(lang, "Fördelning av ramförändringar och volymer på verksamheter", "Allocation of frame changes and volumes to activities") }</h3>
            <p class="note">{ pick!(
                lang,
                "Skriv ett belopp (9 300) eller en andel (100 %). En andel följer med när radens belopp ändras. Tom cell = inget fördelat.",
                "Type an amount (9 300) or a share (100 %). A share follows the line's amount when it changes. Empty cell = nothing allocated.",
            ) }</p>
            <div class="scroll">
            <table class="grid compact allocation-matrix">
                <thead>
                    <tr>
                        <th scope="col">{ pick!(lang, "Rad", "Line") }</th>
                        <th scope="col" class="num">{ pick!(lang, "Belopp", "Amount") }</th>
                        { for b.activities.iter().map(|a| html! { <th scope="col" class="num act">{ &a.label }</th> }) }
                        <th scope="col" class="num">{ pick!(lang, "Ej fördelat", "Not allocated") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for p.sources.iter().map(|(table, title)| html! {
                        <>
                        <tr class="group"><th scope="rowgroup" colspan={(b.activities.len() + 3).to_string()}>{ title }</th></tr>
                        { for b.lines.iter().filter(|l| &l.table == table).map(|l| line_row(p, l, loc)) }
                        </>
                    }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

fn line_row(p: &AllocationProps, l: &budget_core::analysis::LineResult, loc: Locale) -> Html {
    let lang = loc.lang;
    let b = &p.bridge;
    // More allocated than the line holds (or against its sign) leaves a remainder of the
    // opposite sign to the line.
    let unallocated_class = match (l.unallocated, l.amount) {
        (Value::Number(u), Value::Number(a))
            if !u.is_zero() && (a.is_zero() || u.is_sign_negative() != a.is_sign_negative()) =>
        {
            Some("over")
        }
        _ => None,
    };
    html! {
        <tr data-line={format!("{}/{}", l.table, l.line)}>
            <th scope="row">{ &l.label }</th>
            { amount(l.amount, format!("{}/{}/belopp", l.table, l.line), loc) }
            { for b.activities.iter().zip(&l.shares).map(|(a, share)| {
                let key = format!("{}/{}/{}", l.table, l.line, a.id);
                let text = share.map(|(s, _)| split_text(s, loc)).unwrap_or_default();
                let computed = match share {
                    Some((Split::Percent(_), v)) => Some(value_text(*v, &budget_core::ColumnKind::Input, 0, loc).0),
                    _ => None,
                };
                let onchange = {
                    let (dispatch, table, line, activity) =
                        (p.dispatch.clone(), l.table.clone(), l.line.clone(), a.id.clone());
                    Callback::from(move |e: Event| {
                        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                            dispatch.emit(Action::Allocate(AllocationChange::SetShare {
                                table: table.clone(),
                                line: line.clone(),
                                activity: activity.clone(),
                                input: loc.core_input(&input.value()),
                            }));
                        }
                    })
                };
                html! {
                    <td class="num input" data-alloc={key}>
                        <input type="text" class="num" inputmode="decimal" value={text}
                            aria-label={tr!(lang, "{} till {}", "{} to {}", l.label, a.label)} {onchange} />
                        if let Some(c) = computed { <div class="share-amount">{ format!("= {c}") }</div> }
                    </td>
                }
            }) }
            <td class={classes!("num", unallocated_class)} data-ab={format!("{}/{}/ej-fordelat", l.table, l.line)}
                title={unallocated_class.map(|_| lang.pick("Mer är fördelat än raden innehåller", "More is allocated than the line holds"))}>
                { value_text(l.unallocated, &budget_core::ColumnKind::Input, 0, loc).0 }
            </td>
        </tr>
    }
}
