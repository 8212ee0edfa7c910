//! The change log's entries: what a recorded step changed, read off its inverse (which holds
//! what was there before) and the workbook after it (what is there now).

use crate::model::{Cell, Change, LogEntry, Part, Workbook};
use crate::session::edit::Edit;

/// Who makes a change, when and why: the page's clock and the scenario's author.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stamp {
    /// RFC 3339.
    pub at: String,
    pub author: String,
    pub reason: String,
}

/// The log entry of a step whose inverse is `inverse`, applied to `after`; `known` lists the
/// changes instead when the step's action said what it changes (a merge).
pub(crate) fn entry(
    stamp: &Stamp,
    inverse: &Edit,
    after: &Workbook,
    known: Option<Vec<Change>>,
) -> LogEntry {
    let changes = known.unwrap_or_else(|| {
        let mut changes = Vec::new();
        changes_of(inverse, after, &mut changes);
        changes
    });
    LogEntry {
        at: stamp.at.clone(),
        author: stamp.author.clone(),
        reason: stamp.reason.clone(),
        changes,
    }
}

fn at(part: Part, table: &str, row: &str, column: &str) -> Change {
    Change {
        part,
        table: table.to_string(),
        row: row.to_string(),
        column: column.to_string(),
        before: None,
        after: None,
    }
}

fn row_of<'a>(wb: &'a Workbook, table: &str, row: &str) -> Option<&'a crate::model::Row> {
    wb.table(table).ok()?.row(row).ok()
}

fn staying(wb: &Workbook, table: &str, row: &str) -> Change {
    let label = row_of(wb, table, row).map(|r| Cell::Text(r.label.clone()));
    Change {
        before: label.clone(),
        after: label,
        ..at(Part::Row, table, row, "")
    }
}

fn changes_of(inverse: &Edit, wb: &Workbook, out: &mut Vec<Change>) {
    match inverse {
        Edit::PutCell {
            table,
            row,
            column,
            control,
            cell,
        } => {
            let part = if *control { Part::Printed } else { Part::Value };
            let now = row_of(wb, table, row).and_then(|r| {
                if *control { &r.control } else { &r.cells }
                    .get(column)
                    .cloned()
            });
            out.push(Change {
                before: cell.clone(),
                after: now,
                ..at(part, table, row, column)
            });
        }
        Edit::PutNote {
            table,
            row,
            column,
            printed,
            note,
        } => {
            let part = if *printed {
                Part::PrintedNote
            } else {
                Part::Note
            };
            let now = row_of(wb, table, row).and_then(|r| {
                if *printed { &r.printed_notes } else { &r.notes }
                    .get(column)
                    .cloned()
            });
            out.push(Change {
                before: note.clone().map(Cell::Text),
                after: now.map(Cell::Text),
                ..at(part, table, row, column)
            });
        }
        // The inverse of removing a row puts it back: the row was removed.
        Edit::InsertRow { table, row, .. } => out.push(Change {
            before: Some(Cell::Text(row.label.clone())),
            ..at(Part::Row, table, &row.id, "")
        }),
        // The inverse of adding a row removes it: the row was added.
        Edit::DeleteRow { table, row } => out.push(Change {
            after: row_of(wb, table, row).map(|r| Cell::Text(r.label.clone())),
            ..at(Part::Row, table, row, "")
        }),
        Edit::PutLabel { table, row, label } => out.push(Change {
            before: Some(Cell::Text(label.clone())),
            after: row_of(wb, table, row).map(|r| Cell::Text(r.label.clone())),
            ..at(Part::Row, table, row, "")
        }),
        // A row that stays, re-kinded or moved: its label before and after says it stayed.
        Edit::PutRowKind { table, row, .. } => out.push(staying(wb, table, row)),
        // The inverse moves the row back from where it is now.
        Edit::MoveRow { table, from, .. } => {
            let id = wb
                .table(table)
                .ok()
                .and_then(|t| t.rows.get(*from))
                .map_or("", |r| r.id.as_str());
            out.push(staying(wb, table, id));
        }
        Edit::PutOperands { table, .. }
        | Edit::InsertColumn { table, .. }
        | Edit::DeleteColumn { table, .. }
        | Edit::PutColumn { table, .. }
        | Edit::PutTableMeta { table, .. }
        | Edit::DeleteTable { table } => out.push(at(Part::Table, table, "", "")),
        Edit::InsertTable { table, .. } => out.push(at(Part::Table, &table.id, "", "")),
        // A whole workbook replaced (a re-import) is logged as the tables it changed; a merge
        // brings its own list of what it took (`Action::Merge`).
        Edit::PutWorkbook(before) => {
            for t in &wb.tables {
                if before.tables.iter().all(|b| b != t) {
                    out.push(at(Part::Table, &t.id, "", ""));
                }
            }
            for b in &before.tables {
                if wb.tables.iter().all(|t| t.id != b.id) {
                    out.push(at(Part::Table, &b.id, "", ""));
                }
            }
        }
        Edit::PutAllocations { .. } => out.push(at(Part::Allocations, "", "", "")),
        Edit::PutLock { .. } => out.push(at(Part::Lock, "", "", "")),
        Edit::Batch { edits } => {
            // Inverses run last-first; the changes read in the order they were made.
            for edit in edits.iter().rev() {
                changes_of(edit, wb, out);
            }
        }
        Edit::PushLog { .. } | Edit::PopLog { .. } => {}
    }
}
