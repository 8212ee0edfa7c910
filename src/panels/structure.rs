//! Structure editing: a table's settings (title, unit with exact conversion, decimals, deviation
//! sign, columns and their kinds and groups), the tools of a row (move, kind, remove), and adding
//! a table from a template. Every change is one core Action, so all of it can be undone.

use budget_core::catalog::{build, Template};
use budget_core::model::slug;
use budget_core::session::TableMeta;
use budget_core::{
    tr, Action, Column, ColumnKind, DeviationSign, Lang, RowKind, Table, Unit, Workbook,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::{use_lang, CoreRef};

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

fn input_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>().map(|s| s.value())
}

fn kind_name(kind: &ColumnKind, lang: Lang) -> &'static str {
    let (sv, en) = match kind {
        ColumnKind::Input => ("Period (inmatning)", "Period (input)"),
        ColumnKind::Difference { .. } => ("Förändring", "Change"),
        ColumnKind::PercentChange { .. } => ("Förändring (%)", "Change (%)"),
        ColumnKind::Deviation { .. } => ("Avvikelse", "Deviation"),
        ColumnKind::DeviationPercent { .. } => ("Avvikelse (%)", "Deviation (%)"),
        ColumnKind::Text => ("Text", "Text"),
    };
    lang.pick(sv, en)
}

/// The column kinds a new column can have: code, Swedish and English name.
const KIND_CODES: [(&str, &str, &str); 6] = [
    ("period", "Period (inmatning)", "Period (input)"),
    (
        "forandring",
        "Förändring (ny − gammal)",
        "Change (new − old)",
    ),
    ("forandring-procent", "Förändring (%)", "Change (%)"),
    (
        "avvikelse",
        "Avvikelse (budget mot utfall)",
        "Deviation (budget against actual)",
    ),
    ("avvikelse-procent", "Avvikelse (%)", "Deviation (%)"),
    ("text", "Text", "Text"),
];

fn kind_from(code: &str, first: String, second: String) -> ColumnKind {
    match code {
        "forandring" => ColumnKind::Difference {
            new: first,
            old: second,
        },
        "forandring-procent" => ColumnKind::PercentChange {
            new: first,
            old: second,
        },
        "avvikelse" => ColumnKind::Deviation {
            budget: first,
            actual: second,
        },
        "avvikelse-procent" => ColumnKind::DeviationPercent {
            budget: first,
            actual: second,
        },
        "text" => ColumnKind::Text,
        _ => ColumnKind::Input,
    }
}

/// An id for a new column or table that is not taken yet.
fn fresh_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.is_empty() {
        "kolumn".to_string()
    } else {
        base.to_string()
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub core: CoreRef,
    pub index: usize,
    pub rev: u64,
    pub dispatch: Callback<Action>,
}

#[component(TableSettings)]
pub fn table_settings(p: &SettingsProps) -> Html {
    let lang = use_lang();
    let confirm_remove = use_state(|| false);
    let core = p.core.0.borrow();
    let Some(t) = core.workbook().tables.get(p.index) else {
        return html! {};
    };
    let meta = TableMeta::of(t);
    let update = |f: fn(&mut TableMeta, String)| {
        let (table, dispatch, meta) = (t.id.clone(), p.dispatch.clone(), meta.clone());
        Callback::from(move |e: Event| {
            let Some(v) = select_value(&e).or_else(|| input_value(&e)) else {
                return;
            };
            let mut m = meta.clone();
            f(&mut m, v);
            dispatch.emit(Action::UpdateTable {
                table: table.clone(),
                meta: m,
            });
        })
    };
    let convert = {
        let (table, dispatch) = (t.id.clone(), p.dispatch.clone());
        Callback::from(move |e: Event| {
            let unit = match select_value(&e).as_deref() {
                Some("kr") => Unit::Kr,
                Some("mnkr") => Unit::Mnkr,
                _ => Unit::Tkr,
            };
            dispatch.emit(Action::ConvertUnit {
                table: table.clone(),
                unit,
            });
        })
    };
    let remove = {
        let (table, dispatch, confirm) = (t.id.clone(), p.dispatch.clone(), confirm_remove.clone());
        Callback::from(move |_: MouseEvent| {
            if *confirm {
                dispatch.emit(Action::RemoveTable {
                    table: table.clone(),
                });
            }
            confirm.set(!*confirm);
        })
    };
    let periods: Vec<(String, String)> = t
        .input_columns()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    html! {
        <div class="settings" data-settings={t.id.clone()}>
            <div class="settings-row">
                <label>{ pick!(lang, "Rubrik ", "Title ") }<input type="text" value={t.title.clone()} onchange={update(|m, v| m.title = v)} /></label>
                <label>{ pick!(lang, "Enhet ", "Unit ") }
                    <select onchange={convert} aria-describedby={format!("enhet-{}", t.id)}>
                        { for [Unit::Kr, Unit::Tkr, Unit::Mnkr].iter().map(|u| html! {
                            <option value={u.label()} selected={*u == t.unit}>{ u.label() }</option>
                        }) }
                    </select>
                </label>
                <label>{ pick!(lang, "Decimaler ", "Decimals ") }
                    <select onchange={update(|m, v| m.decimals = v.parse().unwrap_or(0))}>
                        { for (0..=3u32).map(|d| html! { <option value={d.to_string()} selected={d == t.decimals}>{ d }</option> }) }
                    </select>
                </label>
                <label>{ pick!(lang, "Avvikelse ", "Deviation ") }
                    <select onchange={update(|m, v| m.deviation = if v == "utfall" { DeviationSign::ActualMinusBudget } else { DeviationSign::BudgetMinusActual })}>
                        <option value="budget" selected={t.deviation == DeviationSign::BudgetMinusActual}>{ pick!(lang, "Budget − Utfall (nettokostnad)", "Budget − Actual (net cost)") }</option>
                        <option value="utfall" selected={t.deviation == DeviationSign::ActualMinusBudget}>{ pick!(lang, "Utfall − Budget (resultaträkning)", "Actual − Budget (income statement)") }</option>
                    </select>
                </label>
                <button type="button" class={classes!("small", "danger")} onclick={remove}>
                    { if *confirm_remove {
                        lang.pick("Bekräfta: ta bort tabellen", "Confirm: delete the table")
                    } else {
                        lang.pick("Ta bort tabellen", "Delete the table")
                    } }
                </button>
            </div>
            <p class="note" id={format!("enhet-{}", t.id)}>{ pick!(
                lang,
                "Byte av enhet räknar om alla belopp exakt (1 mnkr = 1 000 tkr).",
                "Changing the unit converts every amount exactly (1 mnkr = 1 000 tkr).",
            ) }</p>
            <table class="grid compact columns">
                <thead><tr>
                    <th scope="col">{ pick!(lang, "Kolumn", "Column") }</th>
                    <th scope="col">{ pick!(lang, "Typ", "Type") }</th>
                    <th scope="col">{ pick!(lang, "Grupp", "Group") }</th>
                    <th scope="col"><span class="visually-hidden">{ pick!(lang, "Ta bort", "Delete") }</span></th>
                </tr></thead>
                <tbody>
                    { for t.columns.iter().map(|c| column_row(t, c, &p.dispatch, lang)) }
                </tbody>
            </table>
            <AddColumnForm table={t.id.clone()} taken={t.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>()} periods={periods} dispatch={p.dispatch.clone()} />
        </div>
    }
}

fn column_row(t: &Table, c: &Column, dispatch: &Callback<Action>, lang: Lang) -> Html {
    let put = |f: fn(&mut Column, String)| {
        let (table, dispatch, column) = (t.id.clone(), dispatch.clone(), c.clone());
        Callback::from(move |e: Event| {
            let Some(v) = input_value(&e) else { return };
            let mut col = column.clone();
            f(&mut col, v);
            dispatch.emit(Action::UpdateColumn {
                table: table.clone(),
                column: col,
            });
        })
    };
    let remove = {
        let (table, dispatch, column) = (t.id.clone(), dispatch.clone(), c.id.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::RemoveColumn {
                table: table.clone(),
                column: column.clone(),
            })
        })
    };
    let operands = c.kind.operands().map(|(a, b)| {
        let label = |id: &str| {
            t.column(id)
                .map(|c| c.label.clone())
                .unwrap_or_else(|_| id.to_string())
        };
        tr!(lang, ": {} mot {}", ": {} against {}", label(a), label(b))
    });
    html! {
        <tr data-column={c.id.clone()}>
            <td><input type="text" class="label" value={c.label.clone()} aria-label={lang.pick("Kolumnnamn", "Column name")} onchange={put(|c, v| c.label = v)} /></td>
            <td>{ kind_name(&c.kind, lang) }{ operands.unwrap_or_default() }</td>
            <td><input type="text" class="label" value={c.group.clone().unwrap_or_default()} aria-label={lang.pick("Kolumngrupp", "Column group")} placeholder={lang.pick("t.ex. HELÅR", "e.g. FULL YEAR")}
                onchange={put(|c, v| c.group = (!v.trim().is_empty()).then(|| v.trim().to_string()))} /></td>
            <td><button type="button" class="icon" aria-label={tr!(lang, "Ta bort kolumnen {}", "Delete the column {}", c.label)} onclick={remove}>{ "×" }</button></td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct AddColumnProps {
    table: String,
    taken: Vec<String>,
    periods: Vec<(String, String)>,
    dispatch: Callback<Action>,
}

#[component(AddColumnForm)]
fn add_column_form(p: &AddColumnProps) -> Html {
    let lang = use_lang();
    let (label, kind, first, second) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let onsubmit = {
        let (label, kind, first, second) =
            (label.clone(), kind.clone(), first.clone(), second.clone());
        let (table, taken, dispatch) = (p.table.clone(), p.taken.clone(), p.dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = label
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let sel = |n: &NodeRef| {
                n.cast::<HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default()
            };
            let kind = kind_from(&sel(&kind), sel(&first), sel(&second));
            let id = fresh_id(&slug(&text), |id| taken.iter().any(|t| t == id));
            dispatch.emit(Action::AddColumn {
                table: table.clone(),
                index: None,
                column: Column {
                    id,
                    label: text.trim().to_string(),
                    kind,
                    group: None,
                },
            });
            if let Some(i) = label.cast::<HtmlInputElement>() {
                i.set_value("");
            }
        })
    };
    let periods = |default: usize| {
        p.periods.iter().enumerate().map(|(i, (id, l))| html! { <option value={id.clone()} selected={i == default}>{ l }</option> }).collect::<Html>()
    };
    let last = p.periods.len().saturating_sub(1);
    html! {
        <form class="add-column" {onsubmit}>
            <input type="text" ref={label} placeholder={lang.pick("Ny kolumn, t.ex. Utfall 2026", "New column, e.g. Actual 2026")}
                aria-label={lang.pick("Namn på ny kolumn", "Name of the new column")} required=true />
            <select ref={kind} aria-label={lang.pick("Kolumntyp", "Column type")}>
                { for KIND_CODES.iter().map(|(v, sv, en)| html! { <option value={*v}>{ lang.pick(sv, en) }</option> }) }
            </select>
            <select ref={first} aria-label={lang.pick("Ny period eller budget", "New period or budget")}>{ periods(last) }</select>
            <select ref={second} aria-label={lang.pick("Gammal period eller utfall", "Old period or actual")}>{ periods(last.saturating_sub(1)) }</select>
            <button type="submit">{ pick!(lang, "Lägg till kolumn", "Add column") }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct RowToolsProps {
    pub core: CoreRef,
    pub index: usize,
    pub rev: u64,
    pub row: usize,
    pub selection_rows: Option<(usize, usize)>,
    pub dispatch: Callback<Action>,
}

#[component(RowTools)]
pub fn row_tools(p: &RowToolsProps) -> Html {
    let lang = use_lang();
    let core = p.core.0.borrow();
    let Some(t) = core.workbook().tables.get(p.index) else {
        return html! {};
    };
    let Some(row) = t.rows.get(p.row) else {
        return html! {};
    };
    let emit = |action: Action| {
        let dispatch = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let move_to = |to: usize| {
        emit(Action::MoveRow {
            table: t.id.clone(),
            row: row.id.clone(),
            to,
        })
    };
    let input_ids = |range: std::ops::Range<usize>| -> Vec<String> {
        t.rows[range]
            .iter()
            .filter(|r| r.kind == RowKind::Input)
            .map(|r| r.id.clone())
            .collect()
    };
    // A subtotal sums the typed rows directly above it, back to the previous sum.
    let above_start = t.rows[..p.row]
        .iter()
        .rposition(|r| r.kind != RowKind::Input)
        .map_or(0, |i| i + 1);
    let subtotal = input_ids(above_start..p.row);
    let total: Vec<String> = input_ids(0..t.rows.len())
        .into_iter()
        .filter(|id| *id != row.id)
        .collect();
    let chosen: Option<Vec<String>> = p.selection_rows.map(|(a, b)| {
        input_ids(a..(b + 1).min(t.rows.len()))
            .into_iter()
            .filter(|id| *id != row.id)
            .collect()
    });
    let onkind = {
        let (table, id, dispatch) = (t.id.clone(), row.id.clone(), p.dispatch.clone());
        let (subtotal, total, chosen) = (subtotal.clone(), total.clone(), chosen.clone());
        Callback::from(move |e: Event| {
            let kind = match select_value(&e).as_deref() {
                Some("delsumma") => RowKind::Sum {
                    terms: subtotal.clone(),
                },
                Some("totalsumma") => RowKind::Sum {
                    terms: total.clone(),
                },
                Some("markerade") => RowKind::Sum {
                    terms: chosen.clone().unwrap_or_default(),
                },
                _ => RowKind::Input,
            };
            dispatch.emit(Action::SetRowKind {
                table: table.clone(),
                row: id.clone(),
                kind,
            });
        })
    };
    let current = match &row.kind {
        RowKind::Input => "inmatning",
        RowKind::Sum { terms } if *terms == total => "totalsumma",
        RowKind::Sum { terms } if *terms == subtotal => "delsumma",
        RowKind::Sum { .. } => "markerade",
    };
    html! {
        <div class="row-tools">
            <button type="button" class="icon" aria-label={tr!(lang, "Flytta upp {}", "Move {} up", row.label)} disabled={p.row == 0} onclick={move_to(p.row.saturating_sub(1))}>{ "↑" }</button>
            <button type="button" class="icon" aria-label={tr!(lang, "Flytta ned {}", "Move {} down", row.label)} disabled={p.row + 1 >= t.rows.len()} onclick={move_to(p.row + 1)}>{ "↓" }</button>
            <select aria-label={tr!(lang, "Radtyp för {}", "Row type of {}", row.label)} onchange={onkind}>
                <option value="inmatning" selected={current == "inmatning"}>{ pick!(lang, "Inmatning", "Input") }</option>
                <option value="delsumma" selected={current == "delsumma"}>{ pick!(lang, "Delsumma (raderna ovanför)", "Subtotal (the rows above)") }</option>
                <option value="totalsumma" selected={current == "totalsumma"}>{ pick!(lang, "Totalsumma (alla inmatningsrader)", "Grand total (all input rows)") }</option>
                <option value="markerade" selected={current == "markerade"} disabled={chosen.as_ref().is_none_or(Vec::is_empty)}>{ pick!(lang, "Summa av markerade rader", "Sum of the selected rows") }</option>
            </select>
            <button type="button" class="icon" aria-label={tr!(lang, "Ta bort {}", "Delete {}", row.label)} onclick={emit(Action::RemoveRow { table: t.id.clone(), row: row.id.clone() })}>{ "×" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddTableProps {
    pub core: CoreRef,
    pub dispatch: Callback<Action>,
}

/// The budget year new templates are laid out for: the year after the workbook's latest
/// "Budget YYYY" column, or 2026.
fn template_year(wb: &Workbook) -> i32 {
    wb.tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter_map(|c| c.label.strip_prefix("Budget ")?.trim().parse::<i32>().ok())
        .max()
        .unwrap_or(2026)
}

#[component(AddTableForm)]
pub fn add_table_form(p: &AddTableProps) -> Html {
    let lang = use_lang();
    let choice = use_node_ref();
    let onsubmit = {
        let (choice, dispatch, core) = (choice.clone(), p.dispatch.clone(), p.core.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let code = choice
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let template = Template::from_code(&code).unwrap_or(Template::Blank);
            let table = {
                let core = core.0.borrow();
                let wb = &core.workbook();
                let id = fresh_id(template.code(), |id| wb.table(id).is_ok());
                build(template, &id, template_year(wb))
            };
            dispatch.emit(Action::AddTable {
                index: None,
                table: Box::new(table),
            });
        })
    };
    html! {
        <form class="add-table table-card" {onsubmit} aria-label={lang.pick("Lägg till tabell", "Add table")}>
            <h2>{ pick!(lang, "Lägg till tabell", "Add table") }</h2>
            <select ref={choice} aria-label={lang.pick("Mall", "Template")}>
                { for Template::ALL.iter().map(|t| html! { <option value={t.code()}>{ t.name(lang) }</option> }) }
            </select>
            <button type="submit">{ pick!(lang, "Lägg till", "Add") }</button>
        </form>
    }
}
