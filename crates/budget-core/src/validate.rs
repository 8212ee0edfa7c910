//! Structural validation of a workbook from outside (a file, a link): ids unique, every
//! reference resolvable. Run before a loaded workbook replaces the current one.

use std::collections::HashSet;

use crate::error::CoreError;
use crate::model::{CellRef, RowKind, RowRef, Table, Workbook};

fn invalid(message: String) -> CoreError {
    CoreError::Scenario { message }
}

/// The ids as a set, or the first one given twice.
fn unique<'a>(
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashSet<&'a str>, CoreError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(invalid(format!("{what} ”{id}” förekommer mer än en gång")));
        }
    }
    Ok(seen)
}

/// The checks that concern one table alone: ids unique, sum terms, cells and comparison
/// operands resolvable. A table added to a valid workbook under a new id needs only these, so
/// adding a 10 000-row import does not copy the workbook to validate it.
pub fn validate_table(t: &Table) -> Result<(), CoreError> {
    // A set, so a total over thousands of rows is not checked term by term against a list.
    let rows = unique(
        &format!("rad-id i ”{}”: id", t.id),
        t.rows.iter().map(|r| r.id.as_str()),
    )?;
    unique(
        &format!("kolumn-id i ”{}”: id", t.id),
        t.columns.iter().map(|c| c.id.as_str()),
    )?;
    for r in &t.rows {
        if let RowKind::Sum { terms } = &r.kind {
            if let Some(term) = terms.iter().find(|x| !rows.contains(x.as_str())) {
                return Err(invalid(format!(
                    "summaraden ”{}” i ”{}” räknar med raden ”{term}” som inte finns",
                    r.id, t.id
                )));
            }
        }
        for column in r.cells.keys().chain(r.control.keys()) {
            t.column(column).map_err(|_| {
                invalid(format!(
                    "raden ”{}” i ”{}” har ett värde i kolumnen ”{column}” som inte finns",
                    r.id, t.id
                ))
            })?;
        }
    }
    for c in &t.columns {
        if let Some((first, second)) = c.kind.operands() {
            for operand in [first, second] {
                if !t.column(operand).is_ok_and(|o| o.kind.is_input()) {
                    return Err(invalid(format!(
                        "kolumnen ”{}” i ”{}” jämför med ”{operand}”, som inte är en periodkolumn",
                        c.id, t.id
                    )));
                }
            }
        }
    }
    Ok(())
}

pub fn validate(wb: &Workbook) -> Result<(), CoreError> {
    unique("tabell-id", wb.tables.iter().map(|t| t.id.as_str()))?;
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
            return Err(invalid(format!(
                "avstämningen ”{}” pekar på en rad som inte finns",
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
                return Err(invalid(format!(
                    "ramöverbryggningen pekar på {}/{}/{} som inte finns",
                    c.table, c.row, c.column
                )));
            }
        }
    }
    Ok(())
}
