//! Cell notes in a grid: the hidden texts that noted cells' `aria-describedby` points at, and the
//! field under the table for the focused cell's note, which writes it as `Action::SetNote`
//! through the same dispatch as every other edit (so it is one undo step, and a locked
//! baseline still allows it).

use budget_core::{Action, Lang, Row, Table};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The note on a row's cell in `column`, or (`printed`) on the total's printed figure there.
pub(super) fn note_of<'a>(row: &'a Row, column: &str, printed: bool) -> Option<&'a String> {
    if printed {
        &row.printed_notes
    } else {
        &row.notes
    }
    .get(column)
}

/// A grid cell's `data-cell`: `table/row/column`, a printed figure's with `/tryckt` after it.
/// Its note's element id is made from it, so the cell and the description always agree.
pub(super) fn cell_id(table: &str, row: &str, column: &str, printed: bool) -> String {
    let printed = if printed { "/tryckt" } else { "" };
    format!("{table}/{row}/{column}{printed}")
}

/// The id of the element holding the note of the cell whose `data-cell` is `cell` (that form,
/// with slashes, so ids with dashes cannot collide).
pub(super) fn note_id(cell: &str) -> String {
    format!("anteckning-{cell}")
}

/// The notes of the drawn rows, each in a hidden element a noted cell is described by. Kept out
/// of the cells, so a cell's text is still only its figure; rows without notes cost nothing.
pub(super) fn descriptions(t: &Table, rows: impl Iterator<Item = usize>) -> Html {
    let spans = rows.filter_map(|r| t.rows.get(r)).flat_map(|row| {
        let cells = row.notes.iter().map(|(c, n)| (c, n, false));
        let printed = row.printed_notes.iter().map(|(c, n)| (c, n, true));
        cells.chain(printed).map(move |(c, n, printed)| {
            let id = note_id(&cell_id(&t.id, &row.id, c, printed));
            html! { <span {id}>{ n }</span> }
        })
    });
    html! { <div class="cell-notes" hidden=true>{ for spans }</div> }
}

/// The note of the focused cell (or, `printed`, printed figure) at `(r, c)`, shown under the
/// table to read, write (the field's `change`: Enter, the button, or leaving it) and remove
/// (empty text removes it in the core). Keyed by the cell, so a note typed but not saved is not
/// left in another cell's field.
pub(super) fn editor(
    t: &Table,
    ((r, c), printed): ((usize, usize), bool),
    dispatch: &Callback<Action>,
    lang: Lang,
) -> Html {
    let (Some(row), Some(column)) = (t.rows.get(r), t.columns.get(c)) else {
        return html! {};
    };
    let note = note_of(row, &column.id, printed)
        .cloned()
        .unwrap_or_default();
    let set = {
        let (table, row, column) = (t.id.clone(), row.id.clone(), column.id.clone());
        move |text: String| Action::SetNote {
            table: table.clone(),
            row: row.clone(),
            column: column.clone(),
            printed,
            text,
        }
    };
    let onchange = {
        let (dispatch, set) = (dispatch.clone(), set.clone());
        Callback::from(move |e: Event| {
            if let Some(field) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.emit(set(field.value()));
            }
        })
    };
    let remove = dispatch.reform(move |_: MouseEvent| set(String::new()));
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    let id = format!("anteckning-falt-{}", t.id);
    html! {
        <form key={format!("{}/{}/{printed}", row.id, column.id)} class="cell-note" data-note-editor="" {onsubmit}>
            <label for={id.clone()}>{ pick!(lang, "Anteckning, ", "Note, ") }{ &row.label }
                if printed { { pick!(lang, " tryckt", " printed") } }{ ", " }{ &column.label }</label>
            <input {id} type="text" value={note.clone()} {onchange} />
            <button type="submit">{ pick!(lang, "Spara anteckning", "Save note") }</button>
            if !note.is_empty() {
                <button type="button" onclick={remove}>{ pick!(lang, "Ta bort", "Remove") }</button>
            }
        </form>
    }
}
