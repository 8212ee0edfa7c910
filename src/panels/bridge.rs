//! The frame bridge panel (ramöverbryggning): the core's bridge steps, the total they explain
//! and the unexplained remainder.

use std::rc::Rc;

use budget_core::analysis::BridgeResult;

use budget_core::{tr, Value};
use yew::prelude::*;

use crate::app::display::{value_text, Locale};
use crate::app::use_locale;
use crate::grid::explain;

#[derive(Properties, PartialEq)]
pub struct BridgeProps {
    pub bridge: Rc<BridgeResult>,
}

fn bridge_amount(value: Value, loc: Locale) -> Html {
    let (text, why) = value_text(value, &budget_core::ColumnKind::Input, 0, loc);
    html! { <td class={classes!("num", why.map(|_| "error"))} title={why}>{ text }</td> }
}

#[component(BridgePanel)]
pub fn bridge_panel(p: &BridgeProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    let b = &p.bridge;
    let remainder_note = match b.remainder {
        Value::Number(d) if d.is_zero() => {
            lang.pick("Överbryggningen går jämnt ut.", "The bridge adds up exactly.")
        }
        Value::Number(_) => lang.pick(
            "Det stegen inte förklarar. De publicerade beloppen är avrundade till 0,1 mnkr, så en liten rest är väntad.",
            "What the steps do not explain. The published amounts are rounded to 0.1 SEK m, so a small remainder is expected.",
        ),
        other => explain(other, lang).unwrap_or(lang.pick(
            "Resten kan inte räknas ut.",
            "The remainder cannot be calculated.",
        )),
    };
    html! {
        <section class="panel bridge" aria-labelledby="bridge-title" data-panel="bridge">
            <h2 id="bridge-title">{ pick!(lang, "Ramöverbryggning, tkr", "Frame bridge, SEK thousand") }</h2>
            <table class="grid compact">
                <tbody>
                    <tr><th scope="row">{ &b.base.label }</th>{ bridge_amount(b.base.value, loc) }</tr>
                    { for b.steps.iter().map(|s| html! {
                        <tr class="step"><th scope="row">{ format!("+ {}", s.label) }</th>{ bridge_amount(s.value, loc) }</tr>
                    }) }
                    <tr class="total"><th scope="row">{ pick!(lang, "= Summa förklarat", "= Total explained") }</th>{ bridge_amount(b.explained, loc) }</tr>
                    <tr><th scope="row">{ &b.target.label }</th>{ bridge_amount(b.target.value, loc) }</tr>
                    <tr class="remainder" data-bridge="remainder">
                        <th scope="row">{ pick!(lang, "Oförklarad rest", "Unexplained remainder") }</th>{ bridge_amount(b.remainder, loc) }
                    </tr>
                </tbody>
            </table>
            <p class="note">{ remainder_note }</p>
            <p class="note" data-bridge="reads">{ tr!(
                lang,
                "Läser {}; ändringar i andra tabeller påverkar den inte.",
                "Reads {}; changes to other tables do not move it.",
                b.reads.join(", ")
            ) }</p>
        </section>
    }
}
