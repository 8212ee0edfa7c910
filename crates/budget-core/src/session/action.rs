//! The one state machine: every change to a workbook is an [`Action`], applied by a [`Session`]
//! that records the exact inverse of each, so undo and redo come from the same code path as edits.

use std::collections::VecDeque;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::{CoreError, Exact};
use crate::engine::Touched;
use crate::model::{
    Cell, Column, ColumnKind, DeviationSign, Row, RowKind, Table, Unit, Workbook, MAX_DECIMALS,
};
use crate::session::allocate::AllocationChange;
use crate::text;

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
    /// Moves a row to position `to` (0-based, among all rows of the table).
    MoveRow {
        table: String,
        row: String,
        to: usize,
    },
    /// Makes a row typed (`Input`) or a sum of chosen rows (`Sum`); a total is a sum of all.
    SetRowKind {
        table: String,
        row: String,
        kind: RowKind,
    },
    AddColumn {
        table: String,
        index: Option<usize>,
        column: Column,
    },
    RemoveColumn {
        table: String,
        column: String,
    },
    /// Replaces a column's label, kind or group; the id stays.
    UpdateColumn {
        table: String,
        column: Column,
    },
    /// Changes a table's title, unit label, decimals or deviation sign without touching figures.
    UpdateTable {
        table: String,
        meta: TableMeta,
    },
    /// Converts every figure of a table to another unit, exactly (tkr → mnkr divides by 1 000).
    ConvertUnit {
        table: String,
        unit: Unit,
    },
    AddTable {
        index: Option<usize>,
        table: Box<Table>,
    },
    RemoveTable {
        table: String,
    },
    LoadScenario(Box<Workbook>),
    /// Several actions as one undo step (a paste, an uplift, a goal seek). All or nothing: if
    /// one is refused, those before it are rolled back and the error is returned.
    Batch(Vec<Action>),
    Undo,
    Redo,
    /// Changes how a frame-change or volume line is split over the activities, or whether the
    /// proposed budget follows the bridge (see `session::follow`).
    Allocate(AllocationChange),
}

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
}

/// The settings of a table that do not change its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TableMeta {
    pub title: String,
    pub unit: Unit,
    pub decimals: u32,
    pub deviation: DeviationSign,
}

impl TableMeta {
    pub fn of(table: &Table) -> TableMeta {
        TableMeta {
            title: table.title.clone(),
            unit: table.unit,
            decimals: table.decimals,
            deviation: table.deviation,
        }
    }
}

/// Undo steps kept; the oldest go first. Saved work holds them all and is written on every
/// change: stored work with 10 000 steps (1 MB) reloads in 0,7 s, and the browser's storage
/// (about 5 MB) would not hold many more of a larger workbook's steps anyway.
pub const MAX_UNDO_STEPS: usize = 10_000;

/// Drops the oldest steps beyond [`MAX_UNDO_STEPS`]. A history is a ring (`VecDeque`), so
/// dropping the oldest step costs nothing: from a `Vec` it shifted all 10 000 others on every
/// edit once the history was full (at 10 000 rows, 3 µs per edit became 26 µs).
fn bound_history(steps: &mut VecDeque<Edit>) {
    if let Some(excess) = steps.len().checked_sub(MAX_UNDO_STEPS) {
        steps.drain(..excess);
    }
}

/// A workbook with its undo and redo history.
#[derive(Debug, Clone)]
pub struct Session {
    pub workbook: Workbook,
    undo: VecDeque<Edit>,
    redo: VecDeque<Edit>,
    /// Increases with every applied change, so views can tell whether anything moved.
    revision: u64,
    /// What the last applied change touched, for incremental recalculation.
    last_touched: Touched,
    rows: RowCache,
}

/// Saved work's form of a session: the workbook, both histories and the revision. What the last
/// change touched and the row cache are working notes, rebuilt after reading.
#[derive(Serialize)]
struct SavedSessionRef<'a> {
    workbook: &'a Workbook,
    undo: &'a VecDeque<Edit>,
    redo: &'a VecDeque<Edit>,
    revision: u64,
}

#[derive(Deserialize)]
struct SavedSession {
    workbook: Workbook,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    revision: u64,
}

impl Serialize for Session {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SavedSessionRef {
            workbook: &self.workbook,
            undo: &self.undo,
            redo: &self.redo,
            revision: self.revision,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let saved = SavedSession::deserialize(deserializer)?;
        Ok(Session::restored(
            saved.workbook,
            saved.undo,
            saved.redo,
            saved.revision,
        ))
    }
}

/// Positions of rows by id, per table, so a cell edit in a 10 000-row table does not scan every
/// id. Every hit is checked against the table, so it can never be stale: a miss or a mismatch
/// (after rows were inserted, moved or removed) rebuilds that table's map.
///
/// Per table a map by row id (SipHash: ids come from files, and a weaker hash would let a
/// crafted file make every lookup slow); the tables themselves are a short list, found by id
/// without hashing it.
#[derive(Debug, Default)]
pub struct RowCache(std::cell::RefCell<Vec<(String, std::collections::HashMap<String, usize>)>>);

impl Clone for RowCache {
    fn clone(&self) -> Self {
        RowCache::default()
    }
}

impl RowCache {
    fn position(&self, table: &Table, row: &str) -> Result<usize, CoreError> {
        let hit = self
            .0
            .borrow()
            .iter()
            .find(|(id, _)| *id == table.id)
            .and_then(|(_, m)| m.get(row).copied())
            .filter(|&i| table.rows.get(i).is_some_and(|r| r.id == row));
        if let Some(i) = hit {
            return Ok(i);
        }
        let map: std::collections::HashMap<String, usize> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let found = map.get(row).copied();
        let mut tables = self.0.borrow_mut();
        match tables.iter_mut().find(|(id, _)| *id == table.id) {
            Some((_, m)) => *m = map,
            None => tables.push((table.id.clone(), map)),
        }
        found.ok_or_else(|| CoreError::UnknownRow {
            table: table.id.clone(),
            row: row.into(),
        })
    }
}

/// Sessions are equal when their state is: the workbook, the history and the revision. What
/// the last change touched and the row cache are working notes, not state.
impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        self.workbook == other.workbook
            && self.undo == other.undo
            && self.redo == other.redo
            && self.revision == other.revision
    }
}

impl Eq for Session {}

/// What an edit may change in computed values.
pub(crate) fn touched_by(edit: &Edit) -> Touched {
    match edit {
        // Printed totals and allocations feed checks and bridges, which are derived on render;
        // no table value depends on them.
        Edit::PutCell { control: true, .. } | Edit::PutAllocations { .. } => Touched::Nothing,
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

impl Session {
    pub fn new(workbook: Workbook) -> Session {
        Session {
            workbook,
            undo: VecDeque::new(),
            redo: VecDeque::new(),
            revision: 0,
            last_touched: Touched::All,
            rows: RowCache::default(),
        }
    }

    /// A session as the browser's storage kept it (`json_model`).
    pub(crate) fn restored(
        workbook: Workbook,
        undo: Vec<Edit>,
        redo: Vec<Edit>,
        revision: u64,
    ) -> Session {
        // Stored work from before the bound, or edited by hand, keeps its newest steps.
        let (mut undo, mut redo) = (VecDeque::from(undo), VecDeque::from(redo));
        bound_history(&mut undo);
        bound_history(&mut redo);
        Session {
            workbook,
            undo,
            redo,
            revision,
            last_touched: Touched::Nothing,
            rows: RowCache::default(),
        }
    }

    /// What the last applied change (edit, undo or redo) touched.
    pub fn last_touched(&self) -> &Touched {
        &self.last_touched
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
                let edit = self.undo.pop_back().ok_or(CoreError::NothingToUndo)?;
                self.replay(edit, true)
            }
            Action::Redo => {
                let edit = self.redo.pop_back().ok_or(CoreError::NothingToRedo)?;
                self.replay(edit, false)
            }
            other => {
                let inverse = self.stage(other)?;
                self.record(inverse);
                Ok(())
            }
        }
    }

    /// Applies an action (not Undo or Redo) without recording it in the history; returns its
    /// inverse, for [`Session::record`] or [`Session::unstage`]. On error the workbook is
    /// exactly as before. A batch is all or nothing: if one of its actions is refused, those
    /// before it are rolled back and the error is returned.
    pub(crate) fn stage(&mut self, action: Action) -> Result<Edit, CoreError> {
        match action {
            Action::Undo | Action::Redo => Err(CoreError::NotBatchable),
            Action::Batch(actions) => {
                let mut inverses = Vec::with_capacity(actions.len());
                for action in actions {
                    let step = match action {
                        Action::Undo | Action::Redo | Action::Batch(_) => {
                            Err(CoreError::NotBatchable)
                        }
                        other => self
                            .to_edit(other)
                            .and_then(|edit| apply_edit(&mut self.workbook, edit, &self.rows)),
                    };
                    match step {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // Roll back what this batch already did; inverses always apply.
                            for inverse in inverses.into_iter().rev() {
                                self.unstage(inverse);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch { edits: inverses })
            }
            other => {
                let edit = self.to_edit(other)?;
                apply_edit(&mut self.workbook, edit, &self.rows)
            }
        }
    }

    /// Takes back a staged change by applying its inverse (which always applies).
    pub(crate) fn unstage(&mut self, inverse: Edit) {
        let _ = apply_edit(&mut self.workbook, inverse, &self.rows);
    }

    /// Records a staged change as one undo step: it becomes the last change, and redo is gone.
    pub(crate) fn record(&mut self, inverse: Edit) {
        self.last_touched = touched_by(&inverse);
        self.undo.push_back(inverse);
        bound_history(&mut self.undo);
        self.redo.clear();
        self.revision += 1;
    }

    fn replay(&mut self, edit: Edit, undoing: bool) -> Result<(), CoreError> {
        let touched = touched_by(&edit);
        match apply_edit(&mut self.workbook, edit.clone(), &self.rows) {
            Ok(inverse) => {
                self.last_touched = touched;
                if undoing {
                    self.redo.push_back(inverse);
                } else {
                    self.undo.push_back(inverse);
                }
                self.revision += 1;
                Ok(())
            }
            Err(e) => {
                // Put it back so the history is unchanged by a failed step.
                if undoing {
                    self.undo.push_back(edit);
                } else {
                    self.redo.push_back(edit);
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
                let r = &t.rows[self.rows.position(t, &row)?];
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
                let r = &t.rows[self.rows.position(t, &row)?];
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
            Action::LoadScenario(workbook) => Edit::PutWorkbook(workbook),
            Action::Allocate(change) => Edit::PutAllocations {
                allocations: Some(Box::new(crate::session::allocate::changed(wb, change)?)),
            },
            Action::Undo | Action::Redo | Action::Batch(_) => {
                return Err(CoreError::NotBatchable);
            }
        })
    }
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
fn convert_unit(table: &Table, unit: Unit) -> Result<Edit, CoreError> {
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
fn apply_edit(wb: &mut Workbook, edit: Edit, rows: &RowCache) -> Result<Edit, CoreError> {
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
