//! A workbook with its undo and redo history: every change goes through [`Session::apply`],
//! which records the exact inverse of each, so undo and redo come from the same code path as
//! edits.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::base::CoreError;
use crate::engine::Touched;
use crate::model::{Change, Table, Workbook};
use crate::session::action::Action;
use crate::session::edit::{apply_edit, touched_by, Edit};
use crate::session::log::{self, Stamp};
use crate::session::plan::to_edit;

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
    pub(crate) fn position(&self, table: &Table, row: &str) -> Result<usize, CoreError> {
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

    /// Applies an action, logged without a time or author (tests, tools).
    pub fn apply(&mut self, action: Action) -> Result<(), CoreError> {
        self.apply_as(action, &Stamp::default())
    }

    /// Applies an action as one undo step and one log entry stamped `stamp`. On error the
    /// workbook and history are exactly as before.
    pub fn apply_as(&mut self, action: Action, stamp: &Stamp) -> Result<(), CoreError> {
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
                let known = other.logged_changes();
                let inverse = self.stage(other)?;
                self.record(inverse, stamp, known);
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
                        other => to_edit(&self.workbook, &self.rows, other)
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
                let edit = to_edit(&self.workbook, &self.rows, other)?;
                apply_edit(&mut self.workbook, edit, &self.rows)
            }
        }
    }

    /// Takes back a staged change by applying its inverse (which always applies).
    pub(crate) fn unstage(&mut self, inverse: Edit) {
        let _ = apply_edit(&mut self.workbook, inverse, &self.rows);
    }

    /// Records a staged change as one undo step and its log entry: it becomes the last change,
    /// and redo is gone. The step takes the entry off the log when it is undone, and redo, the
    /// inverse of that, puts it back.
    pub(crate) fn record(&mut self, inverse: Edit, stamp: &Stamp, known: Option<Vec<Change>>) {
        self.last_touched = touched_by(&inverse);
        let entry = log::entry(stamp, &inverse, &self.workbook, known);
        let step = match apply_edit(
            &mut self.workbook,
            Edit::PushLog {
                entry: Box::new(entry),
            },
            &self.rows,
        ) {
            Ok(pop) => {
                let mut edits = vec![pop];
                match inverse {
                    Edit::Batch { edits: inner } => edits.extend(inner),
                    other => edits.push(other),
                }
                Edit::Batch { edits }
            }
            // Pushing onto the log cannot fail; were it to, the step is kept unlogged.
            Err(_) => inverse,
        };
        self.undo.push_back(step);
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
}
