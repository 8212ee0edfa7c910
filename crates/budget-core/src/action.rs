//! The one state machine: every change to a workbook is an [`Action`], applied by a [`Session`]
//! that records the exact inverse of each, so undo and redo come from the same code path as edits.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::model::{Cell, ColumnKind, Row, RowKind, Workbook};

/// What a user can do to a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Types `input` (Swedish number text) into an input cell. Text that is not a number is
    /// kept as typed and marks the cell, and everything computed from it, as in error.
    SetCell {
        table: String,
        row: String,
        column: String,
        input: String,
    },
    /// Types the printed figure of a total row, kept to compare with the computed total.
    SetControl {
        table: String,
        row: String,
        column: String,
        input: String,
    },
    /// Points every comparison column of a table at two period columns: `new` against `old`.
    SetComparison {
        table: String,
        new: String,
        old: String,
    },
    /// Adds an input row after `after` (default: after the last input row). The new row joins
    /// every sum the row before it belongs to, so a list's total keeps covering the list.
    AddRow {
        table: String,
        after: Option<String>,
        label: String,
    },
    RemoveRow {
        table: String,
        row: String,
    },
    RenameRow {
        table: String,
        row: String,
        label: String,
    },
    LoadScenario(Box<Workbook>),
    /// Several actions as one undo step (a paste, an uplift, a goal seek). All or nothing: if
    /// one is refused, those before it are rolled back and the error is returned.
    Batch(Vec<Action>),
    Undo,
    Redo,
    /// Changes how a frame-change or volume line is split over the activities, or whether the
    /// proposed budget follows the bridge (see `allocation`).
    Allocate(crate::allocation::AllocationChange),
}

/// A primitive, exactly reversible change. Applying one returns its inverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
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
    /// Edits applied in order; its inverse is the inverses in reverse order.
    Batch(Vec<Edit>),
    /// Replaces the whole allocation setup; the inverse holds the previous one.
    PutAllocations(Option<Box<crate::allocation::Allocations>>),
}

/// A workbook with its undo and redo history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub workbook: Workbook,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// Increases with every applied change, so views can tell whether anything moved.
    revision: u64,
}

impl Session {
    pub fn new(workbook: Workbook) -> Session {
        Session {
            workbook,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies an action. On error the workbook and history are exactly as before.
    pub fn apply(&mut self, action: Action) -> Result<(), CoreError> {
        match action {
            Action::Undo => {
                let edit = self.undo.pop().ok_or(CoreError::NothingToUndo)?;
                self.replay(edit, true)
            }
            Action::Redo => {
                let edit = self.redo.pop().ok_or(CoreError::NothingToRedo)?;
                self.replay(edit, false)
            }
            Action::Batch(actions) => {
                let mut inverses = Vec::with_capacity(actions.len());
                for action in actions {
                    let step = match action {
                        Action::Undo | Action::Redo | Action::Batch(_) => {
                            Err(CoreError::NotBatchable)
                        }
                        other => self
                            .to_edit(other)
                            .and_then(|edit| apply_edit(&mut self.workbook, edit)),
                    };
                    match step {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // Roll back what this batch already did; inverses always apply.
                            for inverse in inverses.into_iter().rev() {
                                let _ = apply_edit(&mut self.workbook, inverse);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                self.undo.push(Edit::Batch(inverses));
                self.redo.clear();
                self.revision += 1;
                Ok(())
            }
            other => {
                let edit = self.to_edit(other)?;
                let inverse = apply_edit(&mut self.workbook, edit)?;
                self.undo.push(inverse);
                self.redo.clear();
                self.revision += 1;
                Ok(())
            }
        }
    }

    fn replay(&mut self, edit: Edit, undoing: bool) -> Result<(), CoreError> {
        match apply_edit(&mut self.workbook, edit.clone()) {
            Ok(inverse) => {
                if undoing {
                    self.redo.push(inverse);
                } else {
                    self.undo.push(inverse);
                }
                self.revision += 1;
                Ok(())
            }
            Err(e) => {
                // Put it back so the history is unchanged by a failed step.
                if undoing {
                    self.undo.push(edit);
                } else {
                    self.redo.push(edit);
                }
                Err(e)
            }
        }
    }

    /// Validates an action against the workbook and turns it into a primitive edit.
    fn to_edit(&self, action: Action) -> Result<Edit, CoreError> {
        let wb = &self.workbook;
        Ok(match action {
            Action::SetCell {
                table,
                row,
                column,
                input,
            } => {
                let t = wb.table(&table)?;
                let r = t.row(&row)?;
                let c = t.column(&column)?;
                if !matches!(r.kind, RowKind::Input) || !c.kind.is_input() {
                    return Err(CoreError::NotAnInputCell { table, row, column });
                }
                Edit::PutCell {
                    cell: Cell::from_input(&input),
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
                let r = t.row(&row)?;
                let c = t.column(&column)?;
                if matches!(r.kind, RowKind::Input) || !c.kind.is_input() {
                    return Err(CoreError::NotAnInputCell { table, row, column });
                }
                Edit::PutCell {
                    cell: Cell::from_input(&input),
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
                let operands = t
                    .columns
                    .iter()
                    .filter(|c| !c.kind.is_input())
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
                wb.table(&table)?.row(&row)?;
                Edit::PutLabel { table, row, label }
            }
            Action::LoadScenario(workbook) => Edit::PutWorkbook(workbook),
            Action::Allocate(change) => {
                Edit::PutAllocations(Some(Box::new(crate::allocation::changed(wb, change)?)))
            }
            Action::Undo | Action::Redo | Action::Batch(_) => {
                return Err(CoreError::NotBatchable);
            }
        })
    }
}

/// Applies a primitive edit and returns the edit that undoes it. Validation happened in
/// `to_edit`; lookups still return errors rather than panic, leaving the workbook untouched.
fn apply_edit(wb: &mut Workbook, edit: Edit) -> Result<Edit, CoreError> {
    Ok(match edit {
        Edit::PutCell {
            table,
            row,
            column,
            control,
            cell,
        } => {
            let t = wb.table_mut(&table)?;
            let i = t.row_index(&row)?;
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
                let c = t.column(column)?;
                match &c.kind {
                    ColumnKind::Difference { new, old }
                    | ColumnKind::PercentChange { new, old } => {
                        previous.push((column.clone(), new.clone(), old.clone()))
                    }
                    ColumnKind::Input => {
                        return Err(CoreError::NotAComparisonColumn {
                            table: table.clone(),
                            column: column.clone(),
                        })
                    }
                }
            }
            for (column, new_id, old_id) in operands {
                let i = t.column_index(&column)?;
                if let ColumnKind::Difference { new, old }
                | ColumnKind::PercentChange { new, old } = &mut t.columns[i].kind
                {
                    *new = new_id;
                    *old = old_id;
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
            for r in t.rows.iter_mut() {
                if let RowKind::Sum { terms } = &mut r.kind {
                    if let Some(p) = terms.iter().position(|x| x == &row) {
                        terms.remove(p);
                        memberships.push((r.id.clone(), p));
                    }
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
        Edit::PutAllocations(allocations) => Edit::PutAllocations(
            std::mem::replace(&mut wb.allocations, allocations.map(|a| *a)).map(Box::new),
        ),
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply_edit(wb, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        for inverse in inverses.into_iter().rev() {
                            let _ = apply_edit(wb, inverse);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}
