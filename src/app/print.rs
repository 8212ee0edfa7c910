//! The papers: the whole workbook as a committee files it (the `?vy=utskrift` view) — every
//! table with its printed control totals, the frame bridge and the checks, under a running
//! heading of workbook title, scenario, author and date. The heading is the `<thead>` of one
//! layout table, which Chromium and Firefox repeat at the top of every printed page; page
//! numbers come from the `@page` margin in styles/app.css (its *Papers* block). Plain functions
//! returning `Html`, not components: the view is drawn once per visit, and each component costs
//! the first load more than a function does.

use budget_core::analysis::{BridgeResult, Finding};
use budget_core::engine::{control_value, Computed, TableValues};
use budget_core::{tr, Cell, ColumnKind, Table, Value, Workbook};
use yew::{classes, html, Html};

use crate::grid::group_runs;

use super::display::{amount_or_blank, status_class, status_text, value_text, Locale};

/// Tables of at most this many rows are kept whole on one page (`break-inside: avoid`) and
/// share pages with their neighbours; longer ones run over pages with their headings repeated.
const SMALL_TABLE_ROWS: usize = 25;

/// What the papers show. The caller has everything already: the page's `Live` (workbook and
/// computed values), `analysis::check` and `analysis::bridge` of them, the open scenario's name
/// and author, and today's date as the reader writes it.
pub struct Papers<'a> {
    pub workbook: &'a Workbook,
    pub computed: &'a Computed,
    pub findings: &'a [Finding],
    pub bridge: Option<&'a BridgeResult>,
    pub scenario: &'a str,
    pub author: &'a str,
    pub date: &'a str,
}

/// The papers view: `section.papers`, its running heading `.papers-heading` in the layout
/// table's `thead`, then `section.papers-table[data-table]` per table, `section.papers-bridge`
/// and `section.papers-checks`; `section.papers-notes` after the tables when a cell has a note.
pub fn papers(p: Papers<'_>, loc: Locale) -> Html {
    let lang = loc.lang;
    let title = p.workbook.title.trim();
    html! {
        <section class="papers" aria-labelledby="papers-title" data-view="utskrift">
            <table class="papers-layout" role="presentation">
                <thead>
                    <tr><td>
                        <p class="papers-heading">
                            <span class="papers-title" id="papers-title" data-papers="title">{ title }</span>
                            if !p.workbook.committee.trim().is_empty() {
                                <span data-papers="committee">{ &p.workbook.committee }</span>
                            }
                            <span data-papers="scenario">{ tr!(lang, "Scenario: {}", "Scenario: {}", p.scenario) }</span>
                            if !p.author.trim().is_empty() {
                                <span data-papers="author">{ tr!(lang, "Upprättad av {}", "Prepared by {}", p.author) }</span>
                            }
                            <span data-papers="date">{ p.date }</span>
                        </p>
                    </td></tr>
                </thead>
                <tbody>
                    <tr><td>
                        { for p.workbook.tables.iter().zip(&p.computed.tables).map(|(t, v)| table_paper(t, v, loc)) }
                        { notes_paper(p.workbook, loc) }
                        if let Some(b) = p.bridge { { bridge_paper(b, loc) } }
                        { checks_paper(p.findings, loc) }
                    </td></tr>
                </tbody>
            </table>
        </section>
    }
}

/// A figure or text of one cell, as the page shows it.
fn figure(value: Value, kind: &ColumnKind, decimals: u32, loc: Locale) -> String {
    value_text(value, kind, decimals, loc).0
}

fn table_paper(table: &Table, values: &TableValues, loc: Locale) -> Html {
    let lang = loc.lang;
    let small = table.rows.len() <= SMALL_TABLE_ROWS;
    let grouped = table.columns.iter().any(|c| c.group.is_some());
    let heading = format!("{}, {}", table.title, table.unit.label());
    let id = format!("papers-{}", table.id);
    html! {
        <section class={classes!("papers-table", small.then_some("small"))} data-table={table.id.clone()} aria-labelledby={id.clone()}>
            <h2 id={id}>{ heading }</h2>
            <table class="papers-grid">
                <thead>
                    if grouped {
                        <tr class="groups">
                            <td></td>
                            { for group_runs(&table.columns).into_iter().map(|(g, n)| html! {
                                <th scope="colgroup" colspan={n.to_string()}>{ g.unwrap_or_default() }</th>
                            }) }
                        </tr>
                    }
                    <tr>
                        <th scope="col">{ lang.pick("Rad", "Row") }</th>
                        { for table.columns.iter().map(|c| html! {
                            <th scope="col" class={(c.kind != ColumnKind::Text).then_some("num")}>{ &c.label }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for table.rows.iter().enumerate().map(|(r, row)| {
                        let sum = matches!(row.kind, budget_core::model::RowKind::Sum { .. });
                        html! {
                            <>
                            <tr class={classes!(sum.then_some("sum"))} data-row={row.id.clone()}>
                                <th scope="row">{ &row.label }</th>
                                { for table.columns.iter().enumerate().map(|(c, col)| match (&col.kind, row.cells.get(&col.id)) {
                                    (ColumnKind::Text, Some(Cell::Text(t))) => html! { <td>{ t }</td> },
                                    (ColumnKind::Text, _) => html! { <td></td> },
                                    (kind, _) => html! { <td class="num">{ figure(values.get(r, c), kind, table.decimals, loc) }</td> },
                                }) }
                            </tr>
                            if !row.control.is_empty() {
                                <tr class="printed" data-printed={row.id.clone()}>
                                    <th scope="row">{ tr!(lang, "{} (tryckt)", "{} (printed)", row.label) }</th>
                                    { for table.columns.iter().map(|col| html! {
                                        <td class="num">{ figure(control_value(row, &col.id), &col.kind, table.decimals, loc) }</td>
                                    }) }
                                </tr>
                            }
                            </>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// Every cell note, and every printed figure's note, so the filed papers carry them:
/// table, row, column and note, in the workbook's order; nothing when there are none.
fn notes_paper(workbook: &Workbook, loc: Locale) -> Html {
    let lang = loc.lang;
    let mut notes = Vec::new();
    for table in &workbook.tables {
        for row in &table.rows {
            for col in &table.columns {
                if let Some(note) = row.notes.get(&col.id) {
                    notes.push((&table.title, row.label.clone(), &col.label, note));
                }
                if let Some(note) = row.printed_notes.get(&col.id) {
                    let printed = tr!(lang, "{} (tryckt)", "{} (printed)", row.label);
                    notes.push((&table.title, printed, &col.label, note));
                }
            }
        }
    }
    if notes.is_empty() {
        return Html::default();
    }
    html! {
        <section class="papers-table papers-notes" aria-labelledby="papers-notes">
            <h2 id="papers-notes">{ lang.pick("Anteckningar", "Notes") }</h2>
            <table class="papers-grid">
                <thead><tr>
                    <th scope="col">{ lang.pick("Tabell", "Table") }</th>
                    <th scope="col">{ lang.pick("Rad", "Row") }</th>
                    <th scope="col">{ lang.pick("Kolumn", "Column") }</th>
                    <th scope="col">{ lang.pick("Anteckning", "Note") }</th>
                </tr></thead>
                <tbody>
                    { for notes.into_iter().map(|(t, r, c, n)| html! {
                        <tr class="note"><td>{ t }</td><td>{ r }</td><td>{ c }</td><td>{ n }</td></tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

fn bridge_paper(b: &BridgeResult, loc: Locale) -> Html {
    let lang = loc.lang;
    let line = |label: &str, value: Value, class: Option<&'static str>| {
        html! {
            <tr class={class}>
                <th scope="row">{ label }</th>
                <td class="num">{ amount_or_blank(value, 0, loc) }</td>
            </tr>
        }
    };
    html! {
        <section class="papers-table papers-bridge small" aria-labelledby="papers-bridge">
            <h2 id="papers-bridge">{ lang.pick("Ramöverbryggning, tkr", "Frame bridge, tkr") }</h2>
            <table class="papers-grid">
                <thead><tr>
                    <th scope="col">{ lang.pick("Rad", "Line") }</th>
                    <th scope="col" class="num">{ lang.pick("Belopp", "Amount") }</th>
                </tr></thead>
                <tbody>
                    { line(&b.base.label, b.base.value, None) }
                    { for b.steps.iter().map(|s| line(&s.label, s.value, None)) }
                    { line(lang.pick("Summa förklarat", "Explained in total"), b.explained, Some("sum")) }
                    { line(&b.target.label, b.target.value, None) }
                    { line(lang.pick("Oförklarad rest", "Unexplained remainder"), b.remainder, Some("sum")) }
                </tbody>
            </table>
        </section>
    }
}

fn checks_paper(findings: &[Finding], loc: Locale) -> Html {
    let lang = loc.lang;
    let problems: Vec<&Finding> = findings.iter().filter(|f| f.status.is_problem()).collect();
    let agree = findings.len() - problems.len();
    html! {
        <section class="papers-table papers-checks" aria-labelledby="papers-checks">
            <h2 id="papers-checks">{ lang.pick("Kontroller", "Checks") }</h2>
            <p data-papers="checks-summary">{ tr!(
                lang,
                "{} avvikelser, {} kontroller stämmer.",
                "{} deviations, {} checks agree.",
                problems.len(),
                agree
            ) }</p>
            if !problems.is_empty() {
                <table class="papers-grid">
                    <thead><tr>
                        <th scope="col">{ lang.pick("Kontroll", "Check") }</th>
                        <th scope="col">{ lang.pick("Kolumn", "Column") }</th>
                        <th scope="col" class="num">{ lang.pick("Ska vara", "Should be") }</th>
                        <th scope="col" class="num">{ lang.pick("Är", "Is") }</th>
                        <th scope="col" class="num">{ lang.pick("Differens", "Difference") }</th>
                        <th scope="col">{ lang.pick("Resultat", "Result") }</th>
                    </tr></thead>
                    <tbody>
                        { for problems.iter().map(|f| html! {
                            <tr class={classes!("finding", status_class(f.status))} data-check={format!("{}/{}/{}", f.table, f.row, f.column)}>
                                <td>{ f.subject.get(lang) }</td>
                                <td>{ &f.column_label }</td>
                                <td class="num">{ amount_or_blank(f.expected, f.decimals, loc) }</td>
                                <td class="num">{ amount_or_blank(f.actual, f.decimals, loc) }</td>
                                <td class="num">{ f.difference.map(|d| loc.amount(d, f.decimals)).unwrap_or_default() }</td>
                                <td>{ status_text(f.status, lang) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
