//! One workbook table as an HTML table: typed cells as inputs, sums and comparisons as text,
//! printed control totals under their totals, and the tools a list table needs (add, rename,
//! remove rows).

use budget_core::eval::control_value;
use budget_core::{Action, Cell, Column, ColumnKind, Row, RowKind, Table, TableValues};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::display::{error_text, value_text};

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub table: Table,
    pub values: TableValues,
    pub dispatch: Callback<Action>,
}

/// What an input cell shows: the exact figure in Swedish format, or the user's own text when it
/// is not a number (so it can be corrected rather than retyped).
fn input_text(cell: Option<&Cell>) -> (String, Option<String>) {
    match cell {
        Some(Cell::Number(d)) => (budget_core::format_amount(*d, d.scale()), None),
        Some(Cell::Invalid(raw)) => {
            let reason = match budget_core::parse_amount(raw) {
                Err(e) => e.to_string(),
                Ok(_) => "Inte ett tal".into(),
            };
            (raw.clone(), Some(reason))
        }
        Some(Cell::Formula(f)) => (
            f.clone(),
            budget_core::formula::parse(f).err().map(|e| e.to_string()),
        ),
        Some(Cell::Text(t)) => (t.clone(), None),
        None => (String::new(), None),
    }
}

#[derive(Properties, PartialEq)]
struct NumberInputProps {
    table: AttrValue,
    row: AttrValue,
    column: AttrValue,
    text: AttrValue,
    label: AttrValue,
    error: Option<AttrValue>,
    control: bool,
    dispatch: Callback<Action>,
}

#[component(NumberInput)]
fn number_input(p: &NumberInputProps) -> Html {
    let onchange = {
        let (table, row, column) = (p.table.to_string(), p.row.to_string(), p.column.to_string());
        let (control, dispatch) = (p.control, p.dispatch.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let (table, row, column, input) =
                (table.clone(), row.clone(), column.clone(), input.value());
            dispatch.emit(if control {
                Action::SetControl {
                    table,
                    row,
                    column,
                    input,
                }
            } else {
                Action::SetCell {
                    table,
                    row,
                    column,
                    input,
                }
            });
        })
    };
    let error_id = format!("err-{}-{}-{}", p.table, p.row, p.column);
    html! {
        <>
        <input
            type="text"
            inputmode="decimal"
            class={classes!("num", p.error.as_ref().map(|_| "invalid"))}
            value={p.text.clone()}
            aria-label={p.label.clone()}
            aria-invalid={p.error.as_ref().map(|_| "true")}
            aria-describedby={p.error.as_ref().map(|_| error_id.clone())}
            {onchange}
        />
        if let Some(err) = &p.error {
            <div class="cell-error" id={error_id} role="alert">{ err.clone() }</div>
        }
        </>
    }
}

fn is_list(table: &Table) -> bool {
    table.input_columns().count() == 1
}

#[component(TableView)]
pub fn table_view(p: &TableProps) -> Html {
    let t = &p.table;
    let list = is_list(t);
    let caption = format!("{}, {}", t.title, t.unit.label());
    let comparison = t.columns.iter().find_map(|c| match &c.kind {
        ColumnKind::Difference { new, old } | ColumnKind::PercentChange { new, old } => {
            Some((new.clone(), old.clone()))
        }
        _ => None,
    });

    html! {
        <section class="table-card" id={format!("tabell-{}", t.id)} data-table={t.id.clone()}>
            <div class="table-head">
                <h2>{ &t.title }</h2>
                if let Some((new, old)) = comparison {
                    <ComparisonPicker table={t.clone()} new={new} old={old} dispatch={p.dispatch.clone()} />
                }
            </div>
            <div class="scroll">
            <table class={classes!("grid", list.then_some("list"))}>
                <caption class="visually-hidden">{ caption }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="label-col">{ t.unit.label() }</th>
                        { for t.columns.iter().map(|c| html! {
                            <th scope="col" class={classes!("num", (!c.kind.is_input()).then_some("computed"))}>{ &c.label }</th>
                        }) }
                        if list { <th scope="col" class="tools"><span class="visually-hidden">{ "Radåtgärder" }</span></th> }
                    </tr>
                </thead>
                <tbody>
                    { for t.rows.iter().enumerate().map(|(r, row)| render_row(p, r, row, list)) }
                </tbody>
            </table>
            </div>
            if list {
                <AddRowForm table={t.id.clone()} dispatch={p.dispatch.clone()} />
            }
        </section>
    }
}

fn render_row(p: &TableProps, r: usize, row: &Row, list: bool) -> Html {
    let t = &p.table;
    let is_sum = matches!(row.kind, RowKind::Sum { .. });
    let label_cell = if list && !is_sum {
        html! { <th scope="row" class="label-col"><RowLabel table={t.id.clone()} row={row.id.clone()} label={row.label.clone()} dispatch={p.dispatch.clone()} /></th> }
    } else {
        html! { <th scope="row" class="label-col">{ &row.label }</th> }
    };
    let cells = t.columns.iter().enumerate().map(|(c, column)| {
        let cell_id = format!("{}/{}/{}", t.id, row.id, column.id);
        if !is_sum && column.kind.is_input() {
            let (text, error) = input_text(row.cells.get(&column.id));
            html! {
                <td class="num input" data-cell={cell_id}>
                    <NumberInput
                        table={t.id.clone()} row={row.id.clone()} column={column.id.clone()}
                        text={text} error={error.map(AttrValue::from)} control={false}
                        label={format!("{}, {}", row.label, column.label)}
                        dispatch={p.dispatch.clone()} />
                </td>
            }
        } else {
            computed_cell(p, r, c, column, cell_id)
        }
    });
    let tools = if list && !is_sum {
        let dispatch = p.dispatch.clone();
        let (table, id) = (t.id.clone(), row.id.clone());
        let remove = Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::RemoveRow {
                table: table.clone(),
                row: id.clone(),
            })
        });
        html! { <td class="tools"><button type="button" class="icon" title="Ta bort raden" aria-label={format!("Ta bort {}", row.label)} onclick={remove}>{ "×" }</button></td> }
    } else if list {
        html! { <td class="tools"></td> }
    } else {
        html! {}
    };
    html! {
        <>
        <tr class={classes!(is_sum.then_some("total"))} data-row={row.id.clone()}>
            { label_cell }
            { for cells }
            { tools }
        </tr>
        if !row.control.is_empty() {
            { control_row(p, row, list) }
        }
        </>
    }
}

fn computed_cell(p: &TableProps, r: usize, c: usize, column: &Column, cell_id: String) -> Html {
    let (text, why) = value_text(p.values.get(r, c), &column.kind, p.table.decimals);
    html! {
        <td class={classes!("num", "computed", why.filter(|_| text == "fel").map(|_| "error"))}
            data-cell={cell_id} title={why}>
            { text }
        </td>
    }
}

/// The printed figures of a total, editable, each marked by how it compares with the computed.
fn control_row(p: &TableProps, row: &Row, list: bool) -> Html {
    let t = &p.table;
    let r = t.row_index(&row.id).unwrap_or_default();
    html! {
        <tr class="control" data-control-row={row.id.clone()}>
            <th scope="row" class="label-col">{ format!("{} (tryckt)", row.label) }</th>
            { for t.columns.iter().enumerate().map(|(c, column)| {
                if !column.kind.is_input() {
                    return html! { <td></td> };
                }
                let (text, error) = input_text(row.control.get(&column.id));
                let printed = control_value(row, &column.id).number();
                let computed = p.values.get(r, c).number();
                let mark = match (printed, computed) {
                    (Some(a), Some(b)) if a != b => {
                        let diff = a - b;
                        Some(format!("avviker {}", budget_core::format_amount(diff, t.decimals)))
                    }
                    _ => None,
                };
                html! {
                    <td class={classes!("num", "input", mark.as_ref().map(|_| "differs"))}
                        data-cell={format!("{}/{}/{}/tryckt", t.id, row.id, column.id)}>
                        <NumberInput
                            table={t.id.clone()} row={row.id.clone()} column={column.id.clone()}
                            text={text} error={error.map(AttrValue::from)} control={true}
                            label={format!("{} tryckt, {}", row.label, column.label)}
                            dispatch={p.dispatch.clone()} />
                        if let Some(m) = mark { <div class="diff-mark">{ m }</div> }
                    </td>
                }
            }) }
            if list { <td></td> }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct ComparisonProps {
    table: Table,
    new: String,
    old: String,
    dispatch: Callback<Action>,
}

#[component(ComparisonPicker)]
fn comparison_picker(p: &ComparisonProps) -> Html {
    let periods: Vec<(String, String)> = p
        .table
        .input_columns()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    let pick = |is_new: bool| {
        let (table, new, old, dispatch) = (
            p.table.id.clone(),
            p.new.clone(),
            p.old.clone(),
            p.dispatch.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            let (new, old) = if is_new {
                (sel.value(), old.clone())
            } else {
                (new.clone(), sel.value())
            };
            dispatch.emit(Action::SetComparison {
                table: table.clone(),
                new,
                old,
            });
        })
    };
    let options = |selected: &str| {
        periods
            .iter()
            .map(|(id, label)| html! { <option value={id.clone()} selected={id == selected}>{ label }</option> })
            .collect::<Html>()
    };
    html! {
        <div class="comparison">
            <label>{ "Förändring: " }
                <select aria-label={format!("{}: jämför", p.table.title)} onchange={pick(true)}>{ options(&p.new) }</select>
            </label>
            <label>{ " mot " }
                <select aria-label={format!("{}: jämfört med", p.table.title)} onchange={pick(false)}>{ options(&p.old) }</select>
            </label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RowLabelProps {
    table: String,
    row: String,
    label: String,
    dispatch: Callback<Action>,
}

#[component(RowLabel)]
fn row_label(p: &RowLabelProps) -> Html {
    let onchange = {
        let (table, row, dispatch) = (p.table.clone(), p.row.clone(), p.dispatch.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.emit(Action::RenameRow {
                    table: table.clone(),
                    row: row.clone(),
                    label: input.value(),
                });
            }
        })
    };
    html! { <input type="text" class="label" value={p.label.clone()} aria-label="Radnamn" {onchange} /> }
}

#[derive(Properties, PartialEq)]
struct AddRowProps {
    table: String,
    dispatch: Callback<Action>,
}

#[component(AddRowForm)]
fn add_row_form(p: &AddRowProps) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let (table, dispatch, input) = (p.table.clone(), p.dispatch.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let label = el.value();
                if !label.trim().is_empty() {
                    dispatch.emit(Action::AddRow {
                        table: table.clone(),
                        after: None,
                        label,
                    });
                    el.set_value("");
                }
            }
        })
    };
    html! {
        <form class="add-row" {onsubmit}>
            <input type="text" ref={input} placeholder="Ny rad, t.ex. Volymmedel särskilt boende" aria-label="Namn på ny rad" />
            <button type="submit">{ "Lägg till rad" }</button>
        </form>
    }
}

/// Explains an error value in words; used where a total cannot be shown.
pub fn explain(value: budget_core::Value) -> Option<&'static str> {
    match value {
        budget_core::Value::Error(e) => Some(error_text(e)),
        _ => None,
    }
}
