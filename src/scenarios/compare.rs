//! The comparison of two scenarios (or the open one and a file, or the published version):
//! the cells that differ and the totals they move, as the core's `compare` found them.

use budget_core::analysis::{CellDiff, CellKind};
use budget_core::{tr, Lang};
use yew::prelude::*;

use super::panel::scenario_msg;
use super::state::{CompareView, ScenarioMsg};
use crate::app::display::{column_headings, value_text, Locale};
use crate::app::AppState;

fn amount(d: &CellDiff, value: budget_core::Value, loc: Locale) -> String {
    let kind = if d.percent {
        budget_core::ColumnKind::PercentChange {
            new: String::new(),
            old: String::new(),
        }
    } else {
        budget_core::ColumnKind::Input
    };
    match value {
        // A typed figure is shown exactly, as in its cell.
        budget_core::Value::Number(x) if d.kind != CellKind::Total => {
            loc.amount(x, x.scale().max(d.decimals))
        }
        _ => value_text(value, &kind, d.decimals, loc).0,
    }
}

/// B − A: in the table's unit, or in percentage points for a percentage column.
fn difference(d: &CellDiff, loc: Locale) -> String {
    match d.difference {
        Some(x) if d.percent => format!("{} {}", loc.amount(x, 1), loc.lang.pick("p.e.", "pp")),
        Some(x) => loc.amount(x, d.decimals.max(x.scale().min(2))),
        None => String::new(),
    }
}

fn diff_table(caption: &str, diffs: &[CellDiff], loc: Locale) -> Html {
    let lang = loc.lang;
    html! {
        <table class="grid compact diff">
            <caption>{ caption }</caption>
            <thead>{ column_headings(lang, &[
                ("Tabell", "Table", false),
                ("Rad", "Row", false),
                ("Kolumn", "Column", false),
                ("A", "A", true),
                ("B", "B", true),
                ("Skillnad (B − A)", "Difference (B − A)", true),
            ]) }</thead>
            <tbody>
                { for diffs.iter().map(|d| html! {
                    <tr data-diff={format!("{}/{}/{}", d.table, d.row, d.column)}>
                        <td>{ &d.table_title }</td>
                        <td>{ &d.row_label }</td>
                        <td class="nowrap">{ &d.column_label }</td>
                        <td class="num">{ amount(d, d.left, loc) }</td>
                        <td class="num">{ amount(d, d.right, loc) }</td>
                        <td class="num">{ difference(d, loc) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// `n` and the noun in its number, in the interface language: `(one, many)` per language.
fn count(n: usize, lang: Lang, sv: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn compare_view(
    view: &CompareView,
    dispatcher: &UseReducerDispatcher<AppState>,
    loc: Locale,
) -> Html {
    let lang = loc.lang;
    let r = &view.result;
    // English puts the verb in each count, to agree with its number.
    let cells = count(
        r.cells.len(),
        lang,
        ("inmatad cell", "inmatade celler"),
        ("input cell differs", "input cells differ"),
    );
    let totals = count(
        r.totals.len(),
        lang,
        ("summa eller jämförelse", "summor och jämförelser"),
        (
            "total or comparison is affected",
            "totals and comparisons are affected",
        ),
    );
    let summary = tr!(
        lang,
        "{cells} skiljer sig; {totals} påverkas.",
        "{cells}; {totals}."
    );
    html! {
        <section class="compare" aria-labelledby="compare-title" data-panel="compare">
            <h3 id="compare-title">{ tr!(lang, "Jämförelse: A ”{}” mot B ”{}”", "Comparison: A “{}” against B “{}”", view.a, view.b) }</h3>
            if r.is_empty() {
                <p class="all-ok" data-summary="compare">{ pick!(
                    lang,
                    "Scenarierna är lika: inga celler skiljer sig.",
                    "The scenarios are the same: no cells differ.",
                ) }</p>
            } else {
                <p data-summary="compare">{ summary }</p>
                if !r.structure.is_empty() {
                    <ul class="structure">{ for r.structure.iter().map(|s| html! { <li>{ s.get(lang) }</li> }) }</ul>
                }
                if !r.cells.is_empty() { { diff_table(lang.pick("Celler som skiljer sig", "Cells that differ"), &r.cells, loc) } }
                if !r.totals.is_empty() { { diff_table(lang.pick("Effekt på summor och jämförelser", "Effect on totals and comparisons"), &r.totals, loc) } }
            }
            <button type="button" id="compare-close" onclick={scenario_msg(dispatcher, || ScenarioMsg::CloseCompare)}>{ pick!(lang, "Stäng jämförelsen", "Close the comparison") }</button>
        </section>
    }
}
