//! What a user can do to a workbook: [`Action`], checked and turned into an exact, reversible
//! [`crate::session::edit::Edit`] by `plan`, applied by a [`crate::session::Session`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Column, DeviationSign, RowKind, Table, Unit, Workbook};
use crate::session::allocate::AllocationChange;

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
    /// Writes the note on a cell (any cell: typed, computed or a total) or, `printed`, on a
    /// total's printed figure; empty text removes it. Allowed in a locked baseline.
    SetNote {
        table: String,
        row: String,
        column: String,
        printed: bool,
        text: String,
    },
    /// Replaces the workbook with a merge of a colleague's copy into it (`session::merge`):
    /// one undo step, whose log entry lists `taken`, what the merge took from the copy.
    Merge {
        workbook: Box<Workbook>,
        taken: Vec<crate::model::Change>,
    },
    /// Locks the scenario as a baseline (figures and structure read-only, notes allowed) or
    /// unlocks it.
    SetLocked(bool),
}

impl Action {
    /// The changes a step's log entry lists, when the action says them itself.
    pub(crate) fn logged_changes(&self) -> Option<Vec<crate::model::Change>> {
        match self {
            Action::Merge { taken, .. } => Some(taken.clone()),
            _ => None,
        }
    }

    /// What a locked baseline still allows: notes, the lock itself, and replacing the whole
    /// workbook (opening another scenario's figures is not editing this one's).
    fn allowed_when_locked(&self) -> bool {
        matches!(
            self,
            Action::SetNote { .. }
                | Action::SetLocked(_)
                | Action::LoadScenario(_)
                | Action::Undo
                | Action::Redo
        )
    }

    /// Refuses an action a locked baseline does not allow.
    pub(crate) fn check_lock(&self, workbook: &Workbook) -> Result<(), crate::base::CoreError> {
        if workbook.collab.locked && !self.allowed_when_locked() {
            return Err(crate::base::CoreError::Locked);
        }
        Ok(())
    }
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
