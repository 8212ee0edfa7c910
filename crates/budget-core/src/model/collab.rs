//! What working on copies adds to the workbook as data: the lineage every copy of a scenario
//! shares, the lock on a baseline and the change log. Cell notes live on their rows
//! ([`crate::model::Row::notes`]), so a row carries its notes wherever it moves.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Cell;

/// The collaboration state of a workbook; empty (and left out of the file) until it is used.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Collab {
    /// The scenario every copy of this workbook belongs to. Two files with the same id are
    /// copies of one scenario and can be merged; it is given when the first change is logged.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scenario: String,
    /// A locked baseline: figures and structure are read-only, notes may still be written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// Every applied change, oldest first. Undo takes its entry away, redo puts it back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<LogEntry>,
}

impl Collab {
    pub fn is_empty(&self) -> bool {
        self.scenario.is_empty() && !self.locked && self.log.is_empty()
    }
}

/// One applied change (one undo step): when, by whom, why, and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct LogEntry {
    /// RFC 3339, from the page's clock.
    pub at: String,
    /// The scenario's author when the change was made; empty when none was given.
    #[serde(default)]
    pub author: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub changes: Vec<Change>,
}

/// One thing a change changed. Cell, note and row-label changes keep what was there before and
/// after (a note or label as a text cell), so the log reads as what was typed and a merge can
/// show the common base.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    pub part: Part,
    /// Empty for a change of the whole workbook.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub table: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub row: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub column: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Cell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Cell>,
}

/// What part of the workbook a [`Change`] is to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// A typed cell.
    Value,
    /// A total's printed figure.
    Printed,
    /// The note on a cell (`Value`) or on a printed figure (`PrintedNote`).
    Note,
    PrintedNote,
    /// A row added, removed, renamed, moved or made a sum.
    Row,
    /// A table's columns or settings, or the table added or removed.
    Table,
    /// The allocation setup.
    Allocations,
    /// The lock on the baseline.
    Lock,
}

impl Part {
    /// The note part that belongs to a cell part, and the figure part to a note part.
    pub fn is_note(self) -> bool {
        matches!(self, Part::Note | Part::PrintedNote)
    }
}
