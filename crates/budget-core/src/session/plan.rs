//! Checks an [`Action`] against the workbook and turns it into the [`Edit`] that carries it out:
//! every refusal happens here, before anything changes.

use crate::base::CoreError;
use crate::model::{Cell, Column, ColumnKind, Row, RowKind, Table, Workbook, MAX_DECIMALS};
use crate::session::action::Action;
use crate::session::edit::{convert_unit, Edit};
use crate::session::history::RowCache;
use crate::text;

/// Validates an action against the workbook and turns it into a primitive edit.
pub(crate) fn to_edit(wb: &Workbook, rows: &RowCache, action: Action) -> Result<Edit, CoreError> {
    action.check_lock(wb)?;
    Ok(match action {
        Action::SetCell {
            table,
            row,
            column,
            input,
        } => {
            let t = wb.table(&table)?;
            let r = &t.rows[rows.position(t, &row)?];
            let c = t.column(&column)?;
            let cell = match c.kind {
                ColumnKind::Input => Cell::from_input(&input),
                ColumnKind::Text => {
                    let text = input.trim();
                    (!text.is_empty()).then(|| Cell::Text(text.to_string()))
                }
                _ => return Err(CoreError::NotAnInputCell { table, row, column }),
            };
            if !matches!(r.kind, RowKind::Input) {
                return Err(CoreError::NotAnInputCell { table, row, column });
            }
            // A figure is digits, a sign and a comma: nothing the text rule refuses, and
            // formatting it to check would cost more than the rest of the edit.
            if let Some(Cell::Invalid(text) | Cell::Formula(text) | Cell::Text(text)) = &cell {
                allowed(text)?;
            }
            Edit::PutCell {
                cell,
                table,
                row,
                column,
                control: false,
            }
        }
        Action::SetControl {
            table,
            row,
            column,
            input,
        } => {
            let t = wb.table(&table)?;
            let r = &t.rows[rows.position(t, &row)?];
            let c = t.column(&column)?;
            // Computed columns take printed figures too: follow-up reports print their
            // totals' deviations and changes.
            if matches!(r.kind, RowKind::Input) || c.kind == ColumnKind::Text {
                return Err(CoreError::NotAnInputCell { table, row, column });
            }
            allowed(&input)?;
            // A printed percentage is copied with its sign: "6,1 %" means 6,1.
            let figure = if c.kind.is_percent() {
                input.trim_end().trim_end_matches('%')
            } else {
                &input
            };
            Edit::PutCell {
                cell: Cell::from_input(figure),
                table,
                row,
                column,
                control: true,
            }
        }
        Action::SetComparison { table, new, old } => {
            let t = wb.table(&table)?;
            for id in [&new, &old] {
                if !t.column(id)?.kind.is_input() {
                    return Err(CoreError::NotAComparisonColumn {
                        table: table.clone(),
                        column: id.clone(),
                    });
                }
            }
            // Re-points change columns only; deviations keep their budget/actual pair.
            let operands = t
                .columns
                .iter()
                .filter(|c| {
                    matches!(
                        c.kind,
                        ColumnKind::Difference { .. } | ColumnKind::PercentChange { .. }
                    )
                })
                .map(|c| (c.id.clone(), new.clone(), old.clone()))
                .collect();
            Edit::PutOperands { table, operands }
        }
        Action::AddRow {
            table,
            after,
            label,
        } => {
            let label = label.trim().to_string();
            if label.is_empty() {
                return Err(CoreError::EmptyLabel);
            }
            allowed(&label)?;
            let t = wb.table(&table)?;
            let anchor = match after {
                Some(id) => Some(t.row_index(&id)?),
                None => t
                    .rows
                    .iter()
                    .rposition(|r| matches!(r.kind, RowKind::Input)),
            };
            let index = anchor.map_or(0, |i| i + 1);
            let memberships = anchor
                .map(|a| {
                    let anchor_id = &t.rows[a].id;
                    t.rows
                        .iter()
                        .filter_map(|r| match &r.kind {
                            RowKind::Sum { terms } => terms
                                .iter()
                                .position(|x| x == anchor_id)
                                .map(|p| (r.id.clone(), p + 1)),
                            RowKind::Input => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            Edit::InsertRow {
                row: Row {
                    id: t.fresh_row_id(),
                    label,
                    kind: RowKind::Input,
                    cells: Default::default(),
                    control: Default::default(),
                    notes: Default::default(),
                    printed_notes: Default::default(),
                },
                table,
                index,
                memberships,
            }
        }
        Action::RemoveRow { table, row } => {
            wb.table(&table)?.row(&row)?;
            if let Some(used_by) = wb.external_uses(&table, &row) {
                return Err(CoreError::RowInUse {
                    table,
                    row,
                    used_by,
                });
            }
            Edit::DeleteRow { table, row }
        }
        Action::RenameRow { table, row, label } => {
            let label = label.trim().to_string();
            if label.is_empty() {
                return Err(CoreError::EmptyLabel);
            }
            allowed(&label)?;
            wb.table(&table)?.row(&row)?;
            Edit::PutLabel { table, row, label }
        }
        Action::MoveRow { table, row, to } => {
            let t = wb.table(&table)?;
            let from = t.row_index(&row)?;
            Edit::MoveRow {
                to: to.min(t.rows.len().saturating_sub(1)),
                table,
                from,
            }
        }
        Action::SetRowKind { table, row, kind } => {
            let t = wb.table(&table)?;
            t.row(&row)?;
            if let RowKind::Sum { terms } = &kind {
                for term in terms {
                    t.row(term)?;
                    if term == &row {
                        return Err(CoreError::SelfReference { table, row });
                    }
                }
            }
            Edit::PutRowKind { table, row, kind }
        }
        Action::AddColumn {
            table,
            index,
            column,
        } => {
            let t = wb.table(&table)?;
            if column.label.trim().is_empty() {
                return Err(CoreError::EmptyLabel);
            }
            allowed(&column.label)?;
            allowed(column.group.as_deref().unwrap_or_default())?;
            if t.column(&column.id).is_ok() {
                return Err(CoreError::DuplicateId {
                    table,
                    id: column.id,
                });
            }
            check_operands(t, &column)?;
            Edit::InsertColumn {
                index: index.unwrap_or(t.columns.len()).min(t.columns.len()),
                table,
                column,
                cells: Vec::new(),
            }
        }
        Action::RemoveColumn { table, column } => {
            let t = wb.table(&table)?;
            t.column(&column)?;
            if let Some(user) = t.columns.iter().find(|c| {
                c.kind
                    .operands()
                    .is_some_and(|(a, b)| a == column || b == column)
            }) {
                return Err(CoreError::ColumnInUse {
                    table,
                    column,
                    used_by: text!("kolumnen ”{}”", "the column “{}”", user.label),
                });
            }
            if let Some(used_by) = wb.external_column_uses(&table, &column) {
                return Err(CoreError::ColumnInUse {
                    table,
                    column,
                    used_by,
                });
            }
            Edit::DeleteColumn { table, column }
        }
        Action::UpdateColumn { table, column } => {
            let t = wb.table(&table)?;
            t.column(&column.id)?;
            if column.label.trim().is_empty() {
                return Err(CoreError::EmptyLabel);
            }
            allowed(&column.label)?;
            allowed(column.group.as_deref().unwrap_or_default())?;
            check_operands(t, &column)?;
            Edit::PutColumn { table, column }
        }
        Action::UpdateTable { table, meta } => {
            wb.table(&table)?;
            if meta.title.trim().is_empty() {
                return Err(CoreError::EmptyLabel);
            }
            allowed(&meta.title)?;
            if meta.decimals > MAX_DECIMALS {
                return Err(CoreError::TooManyDecimals {
                    decimals: meta.decimals,
                });
            }
            Edit::PutTableMeta { table, meta }
        }
        Action::ConvertUnit { table, unit } => convert_unit(wb.table(&table)?, unit)?,
        Action::AddTable { index, table } => {
            if wb.table(&table.id).is_ok() {
                return Err(CoreError::DuplicateId {
                    table: table.id.clone(),
                    id: table.id.clone(),
                });
            }
            allowed(&table.title)?;
            for label in table.rows.iter().map(|r| &r.label) {
                allowed(label)?;
            }
            for c in &table.columns {
                allowed(&c.label)?;
                allowed(c.group.as_deref().unwrap_or_default())?;
            }
            // Under a new id, nothing outside the table can be broken by it or refer to
            // it, so the table's own checks are all of the workbook's that it can fail.
            crate::model::validate_table(&table)?;
            crate::model::limits::check_added_table(wb, &table)?;
            Edit::InsertTable {
                index: index.unwrap_or(wb.tables.len()).min(wb.tables.len()),
                table,
            }
        }
        Action::RemoveTable { table } => {
            wb.table(&table)?;
            if let Some(used_by) = wb.external_table_uses(&table) {
                return Err(CoreError::TableInUse { table, used_by });
            }
            Edit::DeleteTable { table }
        }
        Action::LoadScenario(workbook) | Action::Merge { workbook, .. } => {
            Edit::PutWorkbook(workbook)
        }
        Action::SetNote {
            table,
            row,
            column,
            printed,
            text,
        } => {
            let t = wb.table(&table)?;
            let r = &t.rows[rows.position(t, &row)?];
            t.column(&column)?;
            // A printed figure belongs to a total; a note on one the row cannot have would be
            // shown nowhere.
            if printed && matches!(r.kind, RowKind::Input) {
                return Err(CoreError::NotAnInputCell { table, row, column });
            }
            let text = text.trim();
            allowed(text)?;
            Edit::PutNote {
                table,
                row,
                column,
                printed,
                note: (!text.is_empty()).then(|| text.to_string()),
            }
        }
        Action::SetLocked(locked) => Edit::PutLock { locked },
        Action::Allocate(change) => Edit::PutAllocations {
            allocations: Some(Box::new(crate::session::allocate::changed(wb, change)?)),
        },
        Action::Undo | Action::Redo | Action::Batch(_) => {
            return Err(CoreError::NotBatchable);
        }
    })
}

/// Refuses typed text a scenario file may not hold (markup, control characters), so what is
/// typed can always be saved and opened again (see [`crate::base::text_problem`]).
fn allowed(text: &str) -> Result<(), CoreError> {
    match crate::base::text_problem(text) {
        Some(problem) => Err(CoreError::TextNotAllowed { problem }),
        None => Ok(()),
    }
}

/// A comparison column must compare two typed period columns of its own table.
fn check_operands(table: &Table, column: &Column) -> Result<(), CoreError> {
    if let Some((a, b)) = column.kind.operands() {
        for id in [a, b] {
            if !table.column(id)?.kind.is_input() {
                return Err(CoreError::NotAComparisonColumn {
                    table: table.id.clone(),
                    column: id.to_string(),
                });
            }
        }
    }
    Ok(())
}
