//! The two panels beside the tables: the frame bridge (with its unexplained remainder) and the
//! checks (printed against computed totals, and the two tables against each other).

use std::rc::Rc;

use budget_core::checks::{Finding, FindingKind, Status};
use budget_core::{format_amount, BridgeResult, Value};
use yew::prelude::*;

use crate::display::{amount_or_blank, status_class, status_text, value_text};
use crate::table::explain;

#[derive(Properties, PartialEq)]
pub struct BridgeProps {
    pub bridge: Rc<BridgeResult>,
}

fn bridge_amount(value: Value) -> Html {
    let (text, why) = value_text(value, &budget_core::ColumnKind::Input, 0);
    html! { <td class={classes!("num", why.map(|_| "error"))} title={why}>{ text }</td> }
}

#[component(BridgePanel)]
pub fn bridge_panel(p: &BridgeProps) -> Html {
    let b = &p.bridge;
    let remainder_note = match b.remainder {
        Value::Number(d) if d.is_zero() => "Överbryggningen går jämnt ut.".to_string(),
        Value::Number(_) => "Det stegen inte förklarar. De publicerade beloppen är avrundade till 0,1 mnkr, så en liten rest är väntad.".to_string(),
        other => explain(other).unwrap_or("Resten kan inte räknas ut.").to_string(),
    };
    html! {
        <section class="panel bridge" aria-labelledby="bridge-title" data-panel="bridge">
            <h2 id="bridge-title">{ "Ramöverbryggning, tkr" }</h2>
            <table class="grid compact">
                <tbody>
                    <tr><th scope="row">{ &b.base.label }</th>{ bridge_amount(b.base.value) }</tr>
                    { for b.steps.iter().map(|s| html! {
                        <tr class="step"><th scope="row">{ format!("+ {}", s.label) }</th>{ bridge_amount(s.value) }</tr>
                    }) }
                    <tr class="total"><th scope="row">{ "= Summa förklarat" }</th>{ bridge_amount(b.explained) }</tr>
                    <tr><th scope="row">{ &b.target.label }</th>{ bridge_amount(b.target.value) }</tr>
                    <tr class="remainder" data-bridge="remainder">
                        <th scope="row">{ "Oförklarad rest" }</th>{ bridge_amount(b.remainder) }
                    </tr>
                </tbody>
            </table>
            <p class="note">{ remainder_note }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    pub findings: Rc<Vec<Finding>>,
}

fn kind_code(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::ControlTotal => "kontrollsumma",
        FindingKind::ReconciliationComputed => "avstamning-beraknad",
        FindingKind::ReconciliationPrinted => "avstamning-tryckt",
    }
}

#[component(ChecksPanel)]
pub fn checks_panel(p: &ChecksProps) -> Html {
    let count = |pred: fn(Status) -> bool| p.findings.iter().filter(|f| pred(f.status)).count();
    let errors = count(|s| matches!(s, Status::Mismatch | Status::SignReversed));
    let rounding = count(|s| s == Status::Rounding);
    let unavailable = count(|s| s == Status::Unavailable);
    let ok = count(|s| s == Status::Ok);
    let summary = format!(
        "{errors} fel, {rounding} avrundningsdifferenser, {ok} stämmer{}",
        if unavailable > 0 {
            format!(", {unavailable} kan inte kontrolleras")
        } else {
            String::new()
        }
    );
    let (problems, passed): (Vec<&Finding>, Vec<&Finding>) =
        p.findings.iter().partition(|f| f.status.is_problem());
    html! {
        <section class="panel checks" aria-labelledby="checks-title" data-panel="checks">
            <h2 id="checks-title">{ "Kontroller" }</h2>
            <p class="summary" data-summary="checks">{ summary }</p>
            <p class="note">{ "En differens på 1–2 enheter räknas som avrundning, större som fel. Tryckta summor ersätts aldrig; båda visas." }</p>
            if problems.is_empty() {
                <p class="all-ok">{ "Alla kontroller stämmer." }</p>
            } else {
                { findings_table(&problems) }
            }
            if !passed.is_empty() {
                <details class="passed">
                    <summary>{ format!("Visa {} kontroller som stämmer", passed.len()) }</summary>
                    { findings_table(&passed) }
                </details>
            }
        </section>
    }
}

fn findings_table(findings: &[&Finding]) -> Html {
    html! {
        <table class="grid compact">
            <thead>
                <tr>
                    <th scope="col">{ "Kontroll" }</th>
                    <th scope="col">{ "Kolumn" }</th>
                    <th scope="col" class="num">{ "Ska vara" }</th>
                    <th scope="col" class="num">{ "Är" }</th>
                    <th scope="col" class="num">{ "Differens" }</th>
                    <th scope="col">{ "Resultat" }</th>
                </tr>
            </thead>
            <tbody>
                { for findings.iter().map(|f| html! {
                    <tr class={classes!("finding", status_class(f.status))}
                        data-check={format!("{}/{}/{}/{}", kind_code(f.kind), f.table, f.row, f.column)}>
                        <td>{ &f.subject }</td>
                        <td class="nowrap">{ &f.column_label }</td>
                        <td class="num">{ amount_or_blank(f.expected, f.decimals) }</td>
                        <td class="num">{ amount_or_blank(f.actual, f.decimals) }</td>
                        <td class="num">{ f.difference.map(|d| format_amount(d, f.decimals)).unwrap_or_default() }</td>
                        <td><span class={classes!("badge", status_class(f.status))}>{ status_text(f.status) }</span></td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
