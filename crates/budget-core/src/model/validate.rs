//! Structural validation of a workbook from outside (a file, a link): ids unique, every
//! reference resolvable. Run before a loaded workbook replaces the current one.

use std::collections::HashSet;

use crate::base::{CoreError, Text};
use crate::model::workbook::{CellRef, RowKind, RowRef, Table, Workbook};
use crate::text;

fn invalid(message: Text) -> CoreError {
    CoreError::Scenario { message }
}

/// The ids as a set, or the first one given twice. `what` names the kind of id in the
/// message: the table's id for row and column ids.
fn unique<'a>(
    what: Ids,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashSet<&'a str>, CoreError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(invalid(match what {
                Ids::Table => text!(
                    "tabell-id ”{id}” förekommer mer än en gång",
                    "the table id “{id}” occurs more than once"
                ),
                Ids::Row(t) => text!(
                    "rad-id i ”{t}”: id ”{id}” förekommer mer än en gång",
                    "row ids in “{t}”: the id “{id}” occurs more than once"
                ),
                Ids::Column(t) => text!(
                    "kolumn-id i ”{t}”: id ”{id}” förekommer mer än en gång",
                    "column ids in “{t}”: the id “{id}” occurs more than once"
                ),
            }));
        }
    }
    Ok(seen)
}

#[derive(Clone, Copy)]
enum Ids<'a> {
    Table,
    Row(&'a str),
    Column(&'a str),
}

/// The checks that concern one table alone: ids unique, decimals showable, sum terms, cells and
/// comparison operands resolvable. A table added to a valid workbook under a new id needs only
/// these, so adding a 10 000-row import does not copy the workbook to validate it.
pub fn validate_table(t: &Table) -> Result<(), CoreError> {
    // Sets, so a total over thousands of rows is not checked term by term against a list.
    let rows = unique(Ids::Row(&t.id), t.rows.iter().map(|r| r.id.as_str()))?;
    let columns = unique(Ids::Column(&t.id), t.columns.iter().map(|c| c.id.as_str()))?;
    // Shown figures are padded to this many decimals: a file asking for billions would
    // make the page build strings of gigabytes.
    if t.decimals > crate::model::workbook::MAX_DECIMALS {
        return Err(invalid(text!(
            "tabellen ”{}” ska visa {} decimaler; högst {} kan visas",
            "the table “{}” asks for {} decimals; at most {} can be shown",
            t.id,
            t.decimals,
            crate::model::workbook::MAX_DECIMALS
        )));
    }
    for r in &t.rows {
        if let RowKind::Sum { terms } = &r.kind {
            for term in terms {
                rows.get(term.as_str()).ok_or_else(|| {
                    invalid(text!(
                        "summaraden ”{}” i ”{}” räknar med raden ”{term}” som inte finns",
                        "the sum row “{}” in “{}” counts the row “{term}”, which does not exist",
                        r.id,
                        t.id
                    ))
                })?;
            }
        }
        for column in r.cells.keys().chain(r.control.keys()) {
            columns.get(column.as_str()).ok_or_else(|| {
                invalid(text!(
                    "raden ”{}” i ”{}” har ett värde i kolumnen ”{column}” som inte finns",
                    "the row “{}” in “{}” has a value in the column “{column}”, which does not exist",
                    r.id,
                    t.id
                ))
            })?;
        }
    }
    for c in &t.columns {
        if let Some((first, second)) = c.kind.operands() {
            for operand in [first, second] {
                if !t.column(operand).is_ok_and(|o| o.kind.is_input()) {
                    return Err(invalid(text!(
                        "kolumnen ”{}” i ”{}” jämför med ”{operand}”, som inte är en periodkolumn",
                        "the column “{}” in “{}” compares with “{operand}”, which is not a period column",
                        c.id,
                        t.id
                    )));
                }
            }
        }
    }
    Ok(())
}

pub fn validate(wb: &Workbook) -> Result<(), CoreError> {
    unique(Ids::Table, wb.tables.iter().map(|t| t.id.as_str()))?;
    for t in &wb.tables {
        validate_table(t)?;
    }
    let row_exists = |r: &RowRef| wb.table(&r.table).and_then(|t| t.row(&r.row)).is_ok();
    let cell_exists = |c: &CellRef| {
        wb.table(&c.table)
            .is_ok_and(|t| t.row(&c.row).is_ok() && t.column(&c.column).is_ok())
    };
    for rec in &wb.reconciliations {
        if !row_exists(&rec.left) || !row_exists(&rec.right) {
            return Err(invalid(text!(
                "avstämningen ”{}” pekar på en rad som inte finns",
                "the reconciliation “{}” points to a row that does not exist",
                rec.label
            )));
        }
    }
    if let Some(b) = &wb.bridge {
        let all = std::iter::once(&b.base)
            .chain(&b.steps)
            .chain(std::iter::once(&b.target));
        for c in all {
            if !cell_exists(c) {
                return Err(invalid(text!(
                    "ramöverbryggningen pekar på {}/{}/{} som inte finns",
                    "the frame bridge points to {}/{}/{}, which does not exist",
                    c.table,
                    c.row,
                    c.column
                )));
            }
        }
    }
    Ok(())
}
