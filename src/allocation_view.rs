//! The frame bridge by activity and the allocation of each frame-change and volume line to the
//! activities. Figures come from `budget_core::allocation`; this module only shows them and
//! dispatches `Action::Allocate`.

use std::rc::Rc;

use budget_core::allocation::{
    ActivityBridge, ActivityResult, AllocationChange, BudgetMode, Split,
};
use budget_core::{format_amount, Action, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::display::value_text;

#[derive(Properties, PartialEq)]
pub struct AllocationProps {
    pub bridge: Rc<ActivityBridge>,
    /// Titles of the line tables, by id, for the group headings.
    pub sources: Rc<Vec<(String, String)>>,
    pub dispatch: Callback<Action>,
}

fn amount(value: Value, key: String) -> Html {
    let (text, why) = value_text(value, &budget_core::ColumnKind::Input, 0);
    html! { <td class={classes!("num", why.map(|_| "error"))} title={why} data-ab={key}>{ text }</td> }
}

fn activity_row(r: &ActivityResult, class: Option<&'static str>) -> Html {
    let key = |field: &str| format!("{}/{field}", r.id);
    html! {
        <tr class={classes!(class)} data-activity={r.id.clone()}>
            <th scope="row">{ &r.label }</th>
            { amount(r.previous, key("forra")) }
            { amount(r.allocated, key("fordelat")) }
            { amount(r.bridged, key("overbryggt")) }
            { amount(r.proposed, key("foreslaget")) }
            { amount(r.unexplained, key("oforklarat")) }
        </tr>
    }
}

/// What an allocation cell shows: `100 %` for a percentage, the amount otherwise.
fn split_text(split: Split) -> String {
    match split {
        Split::Amount(a) => format_amount(a, a.scale()),
        Split::Percent(p) => format!("{} %", format_amount(p, p.scale())),
    }
}

#[component(AllocationPanel)]
pub fn allocation_panel(p: &AllocationProps) -> Html {
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
        Value::Number(d) if d.is_zero() => "Överbryggningen går jämnt ut.",
        Value::Number(_) => "Budgeten minus föregående budget och alla rader. De publicerade beloppen är avrundade till 0,1 mnkr, så en liten rest är väntad.",
        _ => "Resten kan inte räknas ut.",
    };
    html! {
        <section class="panel allocation" aria-labelledby="allocation-title" data-panel="allocation">
            <h2 id="allocation-title">{ "Ramöverbryggning per verksamhet, tkr" }</h2>
            <fieldset class="mode">
                <legend>{ "När en rad eller dess fördelning ändras" }</legend>
                <label>
                    <input type="radio" name="budget-mode" id="mode-follows" checked={follows}
                        onchange={set_mode(BudgetMode::FollowsBridge)} />
                    { " följer budgeten överbryggningen" }
                </label>
                <label>
                    <input type="radio" name="budget-mode" id="mode-typed" checked={!follows}
                        onchange={set_mode(BudgetMode::Typed)} />
                    { " är budgeten inskriven; resten ändras" }
                </label>
            </fieldset>
            <div class="scroll">
            <table class="grid compact activity-bridge">
                <thead>
                    <tr>
                        <th scope="col">{ "Verksamhet" }</th>
                        <th scope="col" class="num">{ &b.previous_label }</th>
                        <th scope="col" class="num">{ "Fördelade förändringar" }</th>
                        <th scope="col" class="num">{ format!("{} + förändringar", b.previous_label) }</th>
                        <th scope="col" class="num">{ &b.proposed_label }</th>
                        <th scope="col" class="num">{ "Oförklarat" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for b.activities.iter().map(|r| activity_row(r, None)) }
                    <tr class="unallocated" data-activity="ej-fordelat">
                        <th scope="row">{ "Ej fördelade förändringar" }</th>
                        <td></td>
                        { amount(b.unallocated, "ej-fordelat/fordelat".into()) }
                        { amount(b.unallocated, "ej-fordelat/overbryggt".into()) }
                        <td></td>
                        { amount(unallocated_neg, "ej-fordelat/oforklarat".into()) }
                    </tr>
                    <tr class="total" data-activity="summa">
                        <th scope="row">{ "Summa" }</th>
                        { amount(b.total.previous, "summa/forra".into()) }
                        { amount(b.lines_total, "summa/fordelat".into()) }
                        { amount(b.explained, "summa/overbryggt".into()) }
                        { amount(b.total.proposed, "summa/foreslaget".into()) }
                        { amount(b.unexplained, "summa/oforklarat".into()) }
                    </tr>
                    <tr class="remainder" data-activity="rest">
                        <th scope="row">{ "Oförklarad rest" }</th>
                        <td colspan="4" class="note-cell">{ rest_note }</td>
                        { amount(b.unexplained, "rest/oforklarat".into()) }
                    </tr>
                </tbody>
            </table>
            </div>
            <p class="note">{ "Oförklarat per verksamhet = budget − (föregående budget + fördelade förändringar). Summan av kolumnen är den oförklarade resten, eftersom ej fördelade förändringar räknas av." }</p>
            <h3>{ "Fördelning av ramförändringar och volymer på verksamheter" }</h3>
            <p class="note">{ "Skriv ett belopp (9 300) eller en andel (100 %). En andel följer med när radens belopp ändras. Tom cell = inget fördelat." }</p>
            <div class="scroll">
            <table class="grid compact allocation-matrix">
                <thead>
                    <tr>
                        <th scope="col">{ "Rad" }</th>
                        <th scope="col" class="num">{ "Belopp" }</th>
                        { for b.activities.iter().map(|a| html! { <th scope="col" class="num act">{ &a.label }</th> }) }
                        <th scope="col" class="num">{ "Ej fördelat" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for p.sources.iter().map(|(table, title)| html! {
                        <>
                        <tr class="group"><th scope="rowgroup" colspan={(b.activities.len() + 3).to_string()}>{ title }</th></tr>
                        { for b.lines.iter().filter(|l| &l.table == table).map(|l| line_row(p, l)) }
                        </>
                    }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

fn line_row(p: &AllocationProps, l: &budget_core::allocation::LineResult) -> Html {
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
            { amount(l.amount, format!("{}/{}/belopp", l.table, l.line)) }
            { for b.activities.iter().zip(&l.shares).map(|(a, share)| {
                let key = format!("{}/{}/{}", l.table, l.line, a.id);
                let text = share.map(|(s, _)| split_text(s)).unwrap_or_default();
                let computed = match share {
                    Some((Split::Percent(_), v)) => Some(value_text(*v, &budget_core::ColumnKind::Input, 0).0),
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
                                input: input.value(),
                            }));
                        }
                    })
                };
                html! {
                    <td class="num input" data-alloc={key}>
                        <input type="text" class="num" inputmode="decimal" value={text}
                            aria-label={format!("{} till {}", l.label, a.label)} {onchange} />
                        if let Some(c) = computed { <div class="share-amount">{ format!("= {c}") }</div> }
                    </td>
                }
            }) }
            <td class={classes!("num", unallocated_class)} data-ab={format!("{}/{}/ej-fordelat", l.table, l.line)}
                title={unallocated_class.map(|_| "Mer är fördelat än raden innehåller")}>
                { value_text(l.unallocated, &budget_core::ColumnKind::Input, 0).0 }
            </td>
        </tr>
    }
}
