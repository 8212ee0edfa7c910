//! The checks panel: printed totals against computed ones, and the two tables against each
//! other, as the core's `checks` found them.

use budget_core::analysis::{tally, Finding, FindingKind, Tally};
use budget_core::tr;
use yew::prelude::*;

use crate::app::display::{amount_or_blank, column_headings, status_class, status_text, Locale};
use crate::app::view::finding_anchor;

pub struct ChecksProps<'a> {
    pub findings: &'a [Finding],
    /// Shows a finding's cell: table, row and column ids.
    pub show_cell: Callback<(String, String, String)>,
}

fn kind_code(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::ControlTotal => "kontrollsumma",
        FindingKind::ReconciliationComputed => "avstamning-beraknad",
        FindingKind::ReconciliationPrinted => "avstamning-tryckt",
    }
}

pub fn checks_panel(p: &ChecksProps<'_>, loc: Locale) -> Html {
    let lang = loc.lang;
    let Tally {
        ok,
        rounding,
        errors,
        unavailable,
    } = tally(p.findings.iter());
    let mut summary = tr!(
        lang,
        "{errors} fel, {rounding} avrundningsdifferenser, {ok} stämmer",
        "{errors} errors, {rounding} rounding differences, {ok} agree"
    );
    if unavailable > 0 {
        summary += &tr!(
            lang,
            ", {unavailable} kan inte kontrolleras",
            ", {unavailable} cannot be checked"
        );
    }
    let (problems, passed): (Vec<&Finding>, Vec<&Finding>) =
        p.findings.iter().partition(|f| f.status.is_problem());
    html! {
        <section class="panel checks" aria-labelledby="checks-title" data-panel="checks">
            <h2 id="checks-title">{ pick!(lang, "Kontroller", "Checks") }</h2>
            <p class="summary" data-summary="checks">{ summary }</p>
            <p class="note">{ pick!(
                lang,
                "En differens på 1–2 enheter räknas som avrundning, större som fel; mellan tabeller en halv enhet per avrundat tal. Tryckta summor ersätts aldrig; båda visas.",
                "A difference of 1–2 units counts as rounding, a larger one as an error; between tables half a unit per rounded figure. Printed totals are never replaced; both are shown.",
            ) }</p>
            if problems.is_empty() {
                <p class="all-ok">{ pick!(lang, "Alla kontroller stämmer.", "All checks agree.") }</p>
            } else {
                { findings_table(&problems, &p.show_cell, loc) }
            }
            if !passed.is_empty() {
                <details class="passed">
                    <summary>{ tr!(lang, "Visa {} kontroller som stämmer", "Show {} checks that agree", passed.len()) }</summary>
                    { findings_table(&passed, &p.show_cell, loc) }
                </details>
            }
        </section>
    }
}

fn findings_table(
    findings: &[&Finding],
    show_cell: &Callback<(String, String, String)>,
    loc: Locale,
) -> Html {
    let lang = loc.lang;
    let show = |f: &Finding| {
        let (show_cell, at) = (
            show_cell.clone(),
            (f.table.clone(), f.row.clone(), f.column.clone()),
        );
        Callback::from(move |_: MouseEvent| show_cell.emit(at.clone()))
    };
    html! {
        <table class="grid compact">
            <thead>{ column_headings(lang, &[
                ("Kontroll", "Check", false),
                ("Kolumn", "Column", false),
                ("Ska vara", "Should be", true),
                ("Är", "Is", true),
                ("Differens", "Difference", true),
                ("Resultat", "Result", false),
                ("Cell", "Cell", false),
            ]) }</thead>
            <tbody>
                { for findings.iter().map(|f| html! {
                    <tr class={classes!("finding", status_class(f.status))}
                        id={finding_anchor(&f.table, &f.row, &f.column)} tabindex="-1"
                        data-check={format!("{}/{}/{}/{}", kind_code(f.kind), f.table, f.row, f.column)}>
                        <td>{ f.subject.get(lang) }
                            if let Some(basis) = &f.basis { <div class="note" data-basis="">{ basis.get(lang) }</div> }
                        </td>
                        <td class="nowrap">{ &f.column_label }</td>
                        <td class="num">{ amount_or_blank(f.expected, f.decimals, loc) }</td>
                        <td class="num">{ amount_or_blank(f.actual, f.decimals, loc) }</td>
                        <td class="num">{ f.difference.map(|d| loc.amount(d, f.decimals)).unwrap_or_default() }</td>
                        <td><span class={classes!("badge", status_class(f.status))}>{ status_text(f.status, lang) }</span></td>
                        <td><button type="button" class="small show-cell" onclick={show(f)}
                            aria-label={tr!(lang, "Visa cellen: {}, {}", "Show the cell: {}, {}", f.subject.get(lang), f.column_label)}>
                            { pick!(lang, "Visa cellen", "Show the cell") }</button></td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
