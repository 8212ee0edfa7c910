//! The change log view (`?vy=logg`): every logged change, newest first, with who made it, when
//! and why, filtered by table and by author; each change of a cell shows that cell. Also the
//! words for a logged place and value, which the merge view shares.

use budget_core::model::{Change, LogEntry, Part};
use budget_core::{tr, Cell, Lang, Workbook};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::display::{column_headings, Locale};
use crate::app::{use_locale, CoreRef};
use crate::platform;

#[derive(Properties, PartialEq)]
pub struct LogProps {
    pub core: CoreRef,
    /// The workbook's revision: every change adds to the log.
    pub rev: u64,
    /// Shows a cell: table, row and column ids.
    pub show_cell: Callback<(String, String, String)>,
}

/// Where a change or a merge's difference is, in words: table title, row label and column
/// label as the open workbook has them; a row or table it no longer has by what the log says,
/// else by id.
pub fn place(
    wb: &Workbook,
    part: Part,
    table: &str,
    row: &str,
    column: &str,
    said: Option<&Cell>,
    lang: Lang,
) -> [String; 3] {
    let t = wb.table(table).ok();
    let title = t.map_or_else(|| table.to_string(), |t| t.title.clone());
    let label = t
        .and_then(|t| t.row(row).ok())
        .map(|r| r.label.clone())
        .or_else(|| match (part, said) {
            (Part::Row, Some(Cell::Text(l))) => Some(l.clone()),
            _ => None,
        })
        .unwrap_or_else(|| row.to_string());
    let heading = t
        .and_then(|t| t.columns.iter().find(|c| c.id == column))
        .map_or_else(|| column.to_string(), |c| c.label.clone());
    let column = match part {
        Part::Value => heading,
        Part::Printed => tr!(lang, "{heading} (tryckt)", "{heading} (printed)"),
        Part::Note => tr!(lang, "{heading} (anteckning)", "{heading} (note)"),
        Part::PrintedNote => tr!(
            lang,
            "{heading} (anteckning, tryckt)",
            "{heading} (note, printed)"
        ),
        Part::Row => lang.pick("(raden)", "(the row)").into(),
        Part::Table => lang.pick("(tabellen)", "(the table)").into(),
        Part::Allocations => lang.pick("(fördelningen)", "(the allocation)").into(),
        Part::Lock => lang.pick("(låsningen)", "(the lock)").into(),
    };
    match part {
        Part::Allocations | Part::Lock => [String::new(), String::new(), column],
        Part::Table => [title, String::new(), column],
        _ => [title, label, column],
    }
}

/// A logged value as typed, figures in the reader's number format; "–" for none.
pub fn shown(cell: Option<&Cell>, loc: Locale) -> String {
    cell.map_or_else(|| "–".into(), |c| loc.edit_text(c))
}

/// When, by whom and why, on one line.
pub fn stamp_line(entry: &LogEntry, lang: Lang) -> String {
    let author = if entry.author.is_empty() {
        lang.pick("(ingen upphovsperson angiven)", "(no author given)")
    } else {
        &entry.author
    };
    let mut line = format!("{} · {author}", platform::local_time(&entry.at));
    if !entry.reason.is_empty() {
        line = format!("{line} · {}", entry.reason);
    }
    line
}

/// The cell a change can show: a cell's change, or a row's (at its first column), while the
/// workbook still has it.
fn target(wb: &Workbook, c: &Change) -> Option<(String, String, String)> {
    let t = wb.table(&c.table).ok()?;
    t.row(&c.row).ok()?;
    let column = match c.part {
        Part::Row => t.columns.first()?.id.clone(),
        Part::Table | Part::Allocations | Part::Lock => return None,
        _ => t.columns.iter().find(|x| x.id == c.column)?.id.clone(),
    };
    Some((c.table.clone(), c.row.clone(), column))
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// The log view. The filters keep their choice while the log grows.
#[component(ChangeLog)]
pub fn change_log(p: &LogProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    // "" for every table / author; an author as "=" + name, so an empty name can be chosen.
    let table_filter = use_state(String::new);
    let author_filter = use_state(String::new);
    let core = p.core.0.borrow();
    let wb = core.workbook();
    let log = &wb.collab.log;

    let mut tables: Vec<&str> = log
        .iter()
        .flat_map(|e| e.changes.iter().map(|c| c.table.as_str()))
        .filter(|t| !t.is_empty())
        .collect();
    tables.sort_unstable();
    tables.dedup();
    let mut authors: Vec<&str> = log.iter().map(|e| e.author.as_str()).collect();
    authors.sort_unstable();
    authors.dedup();

    let on_table = {
        let f = table_filter.clone();
        Callback::from(move |e: Event| f.set(select_value(&e).unwrap_or_default()))
    };
    let on_author = {
        let f = author_filter.clone();
        Callback::from(move |e: Event| f.set(select_value(&e).unwrap_or_default()))
    };
    let table_wanted = |c: &Change| table_filter.is_empty() || *c.table == **table_filter;
    let shown_entries: Vec<(usize, &LogEntry, Vec<&Change>)> = log
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| {
            author_filter.is_empty() || author_filter.strip_prefix('=') == Some(e.author.as_str())
        })
        .map(|(i, e)| (i, e, e.changes.iter().filter(|c| table_wanted(c)).collect()))
        .filter(|(_, e, changes): &(usize, &LogEntry, Vec<&Change>)| {
            !changes.is_empty() || (table_filter.is_empty() && e.changes.is_empty())
        })
        .collect();

    let change_row = |c: &Change| {
        let said = c.before.as_ref().or(c.after.as_ref());
        let [title, row, column] = place(wb, c.part, &c.table, &c.row, &c.column, said, lang);
        let show = target(wb, c).map(|at| {
            let show_cell = p.show_cell.clone();
            let onclick = Callback::from(move |_: MouseEvent| show_cell.emit(at.clone()));
            html! {
                <button type="button" class="small show-cell" {onclick}
                    aria-label={format!("{}: {title}, {row}, {column}", lang.pick("Visa cellen", "Show the cell"))}>
                    { pick!(lang, "Visa cellen", "Show the cell") }</button>
            }
        });
        let figures = !matches!(c.part, Part::Table | Part::Allocations | Part::Lock);
        html! {
            <tr data-change={format!("{}/{}/{}", c.table, c.row, c.column)}>
                <td>{ title }</td>
                <td>{ row }</td>
                <td class="nowrap">{ column }</td>
                <td class="num" data-before="">{ if figures { shown(c.before.as_ref(), loc) } else { String::new() } }</td>
                <td class="num" data-after="">{ if figures { shown(c.after.as_ref(), loc) } else { String::new() } }</td>
                <td>{ show }</td>
            </tr>
        }
    };

    html! {
        <section class="panel log" aria-labelledby="log-title" data-panel="log">
            <h2 id="log-title">{ pick!(lang, "Ändringslogg", "Change log") }</h2>
            <p class="note">{ pick!(
                lang,
                "Varje ändring, senaste först: när, av vem och varför. Loggen följer med scenariofilen; Ångra tar bort ändringen ur den.",
                "Every change, latest first: when, by whom and why. The log travels in the scenario file; Undo takes the change out of it.",
            ) }</p>
            <div class="toolbar">
                <label>{ pick!(lang, "Tabell ", "Table ") }
                    <select id="log-table" onchange={on_table}>
                        <option value="" selected={table_filter.is_empty()}>{ pick!(lang, "alla tabeller", "all tables") }</option>
                        { for tables.iter().map(|id| html! {
                            <option value={id.to_string()} selected={**table_filter == **id}>
                                { wb.table(id).map_or_else(|_| id.to_string(), |t| t.title.clone()) }</option>
                        }) }
                    </select>
                </label>
                <label>{ pick!(lang, " Av ", " By ") }
                    <select id="log-author" onchange={on_author}>
                        <option value="" selected={author_filter.is_empty()}>{ pick!(lang, "alla", "everyone") }</option>
                        { for authors.iter().map(|a| {
                            let value = format!("={a}");
                            let name = if a.is_empty() { lang.pick("(ingen angiven)", "(none given)").to_string() } else { a.to_string() };
                            let selected = *author_filter == value;
                            html! { <option {selected} {value}>{ name }</option> }
                        }) }
                    </select>
                </label>
            </div>
            if log.is_empty() {
                <p class="all-ok" data-summary="log">{ pick!(lang, "Inga ändringar är loggade ännu.", "No changes are logged yet.") }</p>
            } else {
                <p data-summary="log">{ tr!(lang, "{} av {} ändringar visas.", "{} of {} changes shown.", shown_entries.len(), log.len()) }</p>
                <ol class="log-entries" reversed=true>
                    { for shown_entries.iter().map(|(i, e, changes)| html! {
                        <li class="log-entry" data-log-entry={i.to_string()} data-author={e.author.clone()}>
                            <p class="log-stamp">{ stamp_line(e, lang) }</p>
                            if !changes.is_empty() {
                                <table class="grid compact log-changes">
                                    <thead>{ column_headings(lang, &[
                                        ("Tabell", "Table", false),
                                        ("Rad", "Row", false),
                                        ("Kolumn", "Column", false),
                                        ("Före", "Before", true),
                                        ("Efter", "After", true),
                                        ("Cell", "Cell", false),
                                    ]) }</thead>
                                    <tbody>{ for changes.iter().map(|c| change_row(c)) }</tbody>
                                </table>
                            }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
