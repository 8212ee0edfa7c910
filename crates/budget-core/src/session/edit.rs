//! The primitive, exactly reversible changes a session records, applying them, and what each
//! may change in computed values.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::{CoreError, Exact};
use crate::engine::Touched;
use crate::model::{Cell, Column, LogEntry, Row, RowKind, Table, Unit, Workbook};
use crate::session::action::TableMeta;
use crate::session::history::RowCache;

/// A primitive, exactly reversible change. Applying one returns its inverse. Saved work holds
/// the undo and redo history as these, externally tagged (`{"put_cell": {…}}`). Storage
/// version 1 tagged them inside (`{"edit": "put_cell", …}`); that form is read by migration
/// (`library`), not by serde: an internally tagged enum is read through serde's buffered
/// `Content`, which compiled a second reader of every model type into the page (27,5 KB of the
/// gzipped first load, measured).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    PutCell {
        table: String,
        row: String,
        column: String,
        control: bool,
        cell: Option<Cell>,
    },
    PutOperands {
        table: String,
        /// `(column, new, old)` for each comparison column.
        operands: Vec<(String, String, String)>,
    },
    InsertRow {
        table: String,
        index: usize,
        row: Row,
        /// `(sum row id, position in its terms)` to restore the row's place in sums.
        memberships: Vec<(String, usize)>,
    },
    DeleteRow {
        table: String,
        row: String,
    },
    PutLabel {
        table: String,
        row: String,
        label: String,
    },
    PutWorkbook(Box<Workbook>),
    MoveRow {
        table: String,
        from: usize,
        to: usize,
    },
    PutRowKind {
        table: String,
        row: String,
        kind: RowKind,
    },
    InsertColumn {
        table: String,
        index: usize,
        column: Column,
        /// `(row id, typed cell, printed control)` to restore a removed column's figures.
        cells: Vec<(String, Option<Cell>, Option<Cell>)>,
    },
    DeleteColumn {
        table: String,
        column: String,
    },
    PutColumn {
        table: String,
        column: Column,
    },
    PutTableMeta {
        table: String,
        meta: TableMeta,
    },
    InsertTable {
        index: usize,
        table: Box<Table>,
    },
    DeleteTable {
        table: String,
    },
    /// Edits applied in order; its inverse is the inverses in reverse order. (A struct variant,
    /// as storage version 1, whose tagging could not hold a list in a newtype, wrote it.)
    Batch {
        edits: Vec<Edit>,
    },
    /// Replaces the whole allocation setup; the inverse holds the previous one.
    PutAllocations {
        allocations: Option<Box<crate::model::Allocations>>,
    },
    /// Writes (`Some`) or clears (`None`) the note on a cell or, `printed`, on a printed figure.
    PutNote {
        table: String,
        row: String,
        column: String,
        printed: bool,
        note: Option<String>,
    },
    PutLock {
        locked: bool,
    },
    /// Appends an entry to the change log; the first also names the scenario's lineage.
    PushLog {
        entry: Box<LogEntry>,
    },
    /// Takes the last entry off the change log (the inverse of `PushLog`), and the lineage
    /// with it when that entry gave it.
    PopLog {
        lineage: bool,
    },
}

/// What an edit may change in computed values.
pub(crate) fn touched_by(edit: &Edit) -> Touched {
    match edit {
        // Printed totals and allocations feed checks and bridges, which are derived on render;
        // no table value depends on them.
        // Notes, the lock and the log are read as they are drawn.
        Edit::PutCell { control: true, .. }
        | Edit::PutAllocations { .. }
        | Edit::PutNote { .. }
        | Edit::PutLock { .. }
        | Edit::PushLog { .. }
        | Edit::PopLog { .. } => Touched::Nothing,
        Edit::PutCell {
            table, row, column, ..
        } => Touched::Cells(vec![(table.clone(), row.clone(), column.clone())]),
        Edit::PutOperands { table, .. }
        | Edit::InsertRow { table, .. }
        | Edit::DeleteRow { table, .. }
        | Edit::PutLabel { table, .. }
        | Edit::MoveRow { table, .. }
        | Edit::PutRowKind { table, .. }
        | Edit::InsertColumn { table, .. }
        | Edit::DeleteColumn { table, .. }
        | Edit::PutColumn { table, .. }
        | Edit::PutTableMeta { table, .. } => Touched::Tables(vec![table.clone()]),
        Edit::PutWorkbook(_) | Edit::InsertTable { .. } | Edit::DeleteTable { .. } => Touched::All,
        Edit::Batch { edits } => edits
            .iter()
            .map(touched_by)
            .fold(Touched::Nothing, Touched::merge),
    }
}

/// Units as powers of a krona, for exact conversion.
fn unit_factor(unit: Unit) -> rust_decimal::Decimal {
    match unit {
        Unit::Kr => rust_decimal::Decimal::ONE,
        Unit::Tkr => rust_decimal::Decimal::ONE_THOUSAND,
        Unit::Mnkr => rust_decimal::Decimal::from(1_000_000),
    }
}

/// Rescales every typed and printed figure of a table as one edit. Formulas are refused: a
/// literal in `=A*1,023` is a ratio and must not scale, one in `=31 633+400` must, and the
/// app cannot tell them apart.
pub(crate) fn convert_unit(table: &Table, unit: Unit) -> Result<Edit, CoreError> {
    let (from, to) = (unit_factor(table.unit), unit_factor(unit));
    let mut edits = Vec::new();
    for row in &table.rows {
        for (control, map) in [(false, &row.cells), (true, &row.control)] {
            for (column, cell) in map {
                match cell {
                    Cell::Number(d) => {
                        let scaled =
                            d.times(from)
                                .and_then(|v| v.divided_by(to))
                                .ok_or_else(|| CoreError::ConversionOverflow {
                                    table: table.id.clone(),
                                    row: row.id.clone(),
                                })?;
                        edits.push(Edit::PutCell {
                            table: table.id.clone(),
                            row: row.id.clone(),
                            column: column.clone(),
                            control,
                            cell: Some(Cell::Number(scaled.normalize())),
                        });
                    }
                    Cell::Formula(_) => {
                        return Err(CoreError::FormulaBlocksConversion {
                            table: table.id.clone(),
                            row: row.label.clone(),
                        })
                    }
                    Cell::Invalid(_) | Cell::Text(_) => {}
                }
            }
        }
    }
    // Shown decimals follow the unit: 0 for kr/tkr, 1 for mnkr, as the published tables do.
    let decimals = match unit {
        Unit::Mnkr => table.decimals.max(1),
        _ => table.decimals,
    };
    edits.push(Edit::PutTableMeta {
        table: table.id.clone(),
        meta: TableMeta {
            unit,
            decimals,
            ..TableMeta::of(table)
        },
    });
    Ok(Edit::Batch { edits })
}

/// Applies a primitive edit and returns the edit that undoes it. Validation happened in
/// `to_edit`; lookups still return errors rather than panic, leaving the workbook untouched.
pub(crate) fn apply_edit(
    wb: &mut Workbook,
    edit: Edit,
    rows: &RowCache,
) -> Result<Edit, CoreError> {
    Ok(match edit {
        Edit::PutCell {
            table,
            row,
            column,
            control,
            cell,
        } => {
            let t = wb.table_mut(&table)?;
            let i = rows.position(t, &row)?;
            let map = if control {
                &mut t.rows[i].control
            } else {
                &mut t.rows[i].cells
            };
            let previous = match cell {
                Some(c) => map.insert(column.clone(), c),
                None => map.remove(&column),
            };
            Edit::PutCell {
                table,
                row,
                column,
                control,
                cell: previous,
            }
        }
        Edit::PutOperands { table, operands } => {
            let t = wb.table_mut(&table)?;
            let mut previous = Vec::with_capacity(operands.len());
            for (column, _, _) in &operands {
                match t.column(column)?.kind.operands() {
                    Some((a, b)) => previous.push((column.clone(), a.to_string(), b.to_string())),
                    None => {
                        return Err(CoreError::NotAComparisonColumn {
                            table: table.clone(),
                            column: column.clone(),
                        })
                    }
                }
            }
            for (column, first, second) in operands {
                let i = t.column_index(&column)?;
                if let Some((a, b)) = t.columns[i].kind.operands_mut() {
                    *a = first;
                    *b = second;
                }
            }
            Edit::PutOperands {
                table,
                operands: previous,
            }
        }
        Edit::InsertRow {
            table,
            index,
            row,
            memberships,
        } => {
            let t = wb.table_mut(&table)?;
            for (sum, _) in &memberships {
                t.row(sum)?;
            }
            let id = row.id.clone();
            let index = index.min(t.rows.len());
            t.rows.insert(index, row);
            for (sum, pos) in memberships {
                if let Ok(i) = t.row_index(&sum) {
                    if let RowKind::Sum { terms } = &mut t.rows[i].kind {
                        let pos = pos.min(terms.len());
                        terms.insert(pos, id.clone());
                    }
                }
            }
            Edit::DeleteRow { table, row: id }
        }
        Edit::DeleteRow { table, row } => {
            let t = wb.table_mut(&table)?;
            let index = t.row_index(&row)?;
            let mut memberships = Vec::new();
            // Every place the row has in a sum, first to last, so inserting them back in order
            // restores each sum exactly. A sum listing the row twice must lose both: a term
            // left behind would name a missing row, and the next new row given its id.
            for r in t.rows.iter_mut() {
                if let RowKind::Sum { terms } = &mut r.kind {
                    for (p, _) in terms.iter().enumerate().filter(|(_, x)| **x == row) {
                        memberships.push((r.id.clone(), p));
                    }
                    terms.retain(|x| x != &row);
                }
            }
            let removed = t.rows.remove(index);
            Edit::InsertRow {
                table,
                index,
                row: removed,
                memberships,
            }
        }
        Edit::PutLabel { table, row, label } => {
            let t = wb.table_mut(&table)?;
            let i = t.row_index(&row)?;
            let previous = std::mem::replace(&mut t.rows[i].label, label);
            Edit::PutLabel {
                table,
                row,
                label: previous,
            }
        }
        Edit::PutWorkbook(workbook) => {
            let previous = std::mem::replace(wb, *workbook);
            Edit::PutWorkbook(Box::new(previous))
        }
        Edit::MoveRow { table, from, to } => {
            let t = wb.table_mut(&table)?;
            if from >= t.rows.len() || to >= t.rows.len() {
                return Err(CoreError::UnknownRow {
                    table,
                    row: format!("#{}", from.max(to) + 1),
                });
            }
            let row = t.rows.remove(from);
            t.rows.insert(to, row);
            Edit::MoveRow {
                table,
                from: to,
                to: from,
            }
        }
        Edit::PutRowKind { table, row, kind } => {
            let t = wb.table_mut(&table)?;
            let i = t.row_index(&row)?;
            let previous = std::mem::replace(&mut t.rows[i].kind, kind);
            Edit::PutRowKind {
                table,
                row,
                kind: previous,
            }
        }
        Edit::InsertColumn {
            table,
            index,
            column,
            cells,
        } => {
            let t = wb.table_mut(&table)?;
            let id = column.id.clone();
            let index = index.min(t.columns.len());
            t.columns.insert(index, column);
            for (row, cell, control) in cells {
                if let Ok(i) = t.row_index(&row) {
                    if let Some(c) = cell {
                        t.rows[i].cells.insert(id.clone(), c);
                    }
                    if let Some(c) = control {
                        t.rows[i].control.insert(id.clone(), c);
                    }
                }
            }
            Edit::DeleteColumn { table, column: id }
        }
        Edit::DeleteColumn { table, column } => {
            let t = wb.table_mut(&table)?;
            let index = t.column_index(&column)?;
            let removed = t.columns.remove(index);
            let cells = t
                .rows
                .iter_mut()
                .map(|r| {
                    (
                        r.id.clone(),
                        r.cells.remove(&column),
                        r.control.remove(&column),
                    )
                })
                .filter(|(_, a, b)| a.is_some() || b.is_some())
                .collect();
            Edit::InsertColumn {
                table,
                index,
                column: removed,
                cells,
            }
        }
        Edit::PutColumn { table, column } => {
            let t = wb.table_mut(&table)?;
            let i = t.column_index(&column.id)?;
            let previous = std::mem::replace(&mut t.columns[i], column);
            Edit::PutColumn {
                table,
                column: previous,
            }
        }
        Edit::PutTableMeta { table, meta } => {
            let t = wb.table_mut(&table)?;
            let previous = TableMeta::of(t);
            t.title = meta.title;
            t.unit = meta.unit;
            t.decimals = meta.decimals;
            t.deviation = meta.deviation;
            Edit::PutTableMeta {
                table,
                meta: previous,
            }
        }
        Edit::InsertTable { index, table } => {
            let id = table.id.clone();
            let index = index.min(wb.tables.len());
            wb.tables.insert(index, *table);
            Edit::DeleteTable { table: id }
        }
        Edit::DeleteTable { table } => {
            let index = wb
                .tables
                .iter()
                .position(|t| t.id == table)
                .ok_or(CoreError::UnknownTable { table })?;
            let removed = wb.tables.remove(index);
            Edit::InsertTable {
                index,
                table: Box::new(removed),
            }
        }
        Edit::PutAllocations { allocations } => Edit::PutAllocations {
            allocations: std::mem::replace(&mut wb.allocations, allocations.map(|a| *a))
                .map(Box::new),
        },
        Edit::PutNote {
            table,
            row,
            column,
            printed,
            note,
        } => {
            let t = wb.table_mut(&table)?;
            let i = rows.position(t, &row)?;
            let map = if printed {
                &mut t.rows[i].printed_notes
            } else {
                &mut t.rows[i].notes
            };
            let previous = match note {
                Some(n) => map.insert(column.clone(), n),
                None => map.remove(&column),
            };
            Edit::PutNote {
                table,
                row,
                column,
                printed,
                note: previous,
            }
        }
        Edit::PutLock { locked } => Edit::PutLock {
            locked: std::mem::replace(&mut wb.collab.locked, locked),
        },
        Edit::PushLog { entry } => {
            let id = lineage_of(&entry);
            // An unstamped change (tests, tools) gives no lineage.
            let lineage = wb.collab.scenario.is_empty() && !id.is_empty();
            if lineage {
                wb.collab.scenario = id;
            }
            wb.collab.log.push(*entry);
            Edit::PopLog { lineage }
        }
        Edit::PopLog { lineage } => {
            let entry = wb.collab.log.pop().ok_or(CoreError::NothingToUndo)?;
            if lineage {
                wb.collab.scenario.clear();
            }
            Edit::PushLog {
                entry: Box::new(entry),
            }
        }
        Edit::Batch { edits } => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply_edit(wb, edit, rows) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        for inverse in inverses.into_iter().rev() {
                            let _ = apply_edit(wb, inverse, rows);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch { edits: inverses }
        }
    })
}

/// The lineage id a scenario gets from its first logged change: when and by whom. Copies made
/// after that change carry it; a scenario started elsewhere at another moment does not.
fn lineage_of(entry: &LogEntry) -> String {
    if entry.author.is_empty() {
        entry.at.clone()
    } else {
        format!("{} {}", entry.at, entry.author)
    }
}
