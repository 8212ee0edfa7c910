//! Merging a colleague's copy of the same scenario: what each side changed since they parted
//! (read off their change logs), what can be taken as it is and what is a conflict to choose.
//!
//! Both logs start with the entries the two copies shared when they parted; an entry on one
//! side only was made after that, on that side. A difference between the copies is taken from
//! the side whose later entries touched it; one touched on both sides, or on neither (a file
//! edited outside Kalkyl, or from before the log), is a conflict. Nothing is dropped silently.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::base::CoreError;
use crate::model::{Cell, Change, LogEntry, Part, Row, RowKind, Table, Workbook};
use crate::session::Action;

/// What a difference is in: a cell's figure, printed figure or note, a row (added, removed,
/// renamed, made a sum), a table's columns and settings, or the allocation setup.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Spot {
    pub part: Part,
    pub table: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub row: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub column: String,
}

/// A difference between the copies and who changed it since they parted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub spot: Spot,
    /// What both had when they parted, where a log says (the first later change's "before").
    pub base: Option<Cell>,
    pub ours: Option<Cell>,
    pub theirs: Option<Cell>,
    /// The later log entries of each side that touched it.
    pub ours_entries: Vec<LogEntry>,
    pub theirs_entries: Vec<LogEntry>,
    /// The note each side has on a figure's cell (a typed or printed figure), read beside the
    /// figures when choosing: it often says why the figure is what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs_note: Option<String>,
}

impl Difference {
    /// Both sides changed it, or the logs cannot say who did: the user chooses.
    pub fn is_conflict(&self) -> bool {
        self.ours_entries.is_empty() == self.theirs_entries.is_empty()
    }
}

/// What merging `theirs` into `ours` would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergePlan {
    /// The copies are of one scenario (same lineage, or one side has never been changed).
    pub related: bool,
    /// Entries each side has that the other has not.
    pub ours_new: usize,
    pub theirs_new: usize,
    /// Every difference, in workbook order; conflicts are those [`Difference::is_conflict`].
    pub differences: Vec<Difference>,
}

impl MergePlan {
    pub fn conflicts(&self) -> impl Iterator<Item = &Difference> {
        self.differences.iter().filter(|d| d.is_conflict())
    }
}

/// Which side a conflict is settled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Ours,
    Theirs,
}

/// The entries of `log` that `other` does not have.
fn later<'a>(log: &'a [LogEntry], other: &[LogEntry]) -> Vec<&'a LogEntry> {
    let shared: HashSet<&LogEntry> = other.iter().collect();
    log.iter().filter(|e| !shared.contains(e)).collect()
}

/// Whether an entry touched `spot`. `whole` says the spot is a row or table one side does not
/// have: then a change to anything in it counts (an edit in a row the other side removed is a
/// conflict), while a rename only conflicts with a rename.
fn touches(entry: &LogEntry, spot: &Spot, whole: bool) -> bool {
    entry.changes.iter().any(|c| {
        let table = c.table == spot.table;
        let row = table && c.row == spot.row;
        // A row added or removed takes its cells with it; a rename or move does not.
        let row_came_or_went = c.before.is_none() || c.after.is_none();
        match (c.part, spot.part) {
            (Part::Table, _) => table,
            (_, Part::Table) => table && whole,
            (Part::Row, Part::Row) => row,
            (Part::Row, _) => row && row_came_or_went,
            (_, Part::Row) => row && whole,
            (part, wanted) => part == wanted && row && c.column == spot.column,
        }
    })
}

/// The value a later change found at `spot`, if one of them says.
fn base_of(entries: &[LogEntry], spot: &Spot) -> Option<Cell> {
    entries.iter().find_map(|e| {
        e.changes
            .iter()
            .find(|c| {
                c.part == spot.part
                    && c.table == spot.table
                    && c.row == spot.row
                    && c.column == spot.column
            })
            .map(|c| c.before.clone())
    })?
}

fn label(row: &Row) -> Option<Cell> {
    Some(Cell::Text(row.label.clone()))
}

fn text_of(note: Option<&String>) -> Option<Cell> {
    note.map(|n| Cell::Text(n.clone()))
}

/// The parts of a row compared cell by cell, with the map each part keeps.
fn cell_parts(row: &Row) -> [(Part, BTreeMap<&str, Option<Cell>>); 4] {
    fn cells(m: &BTreeMap<String, Cell>) -> BTreeMap<&str, Option<Cell>> {
        m.iter()
            .map(|(k, v)| (k.as_str(), Some(v.clone())))
            .collect()
    }
    fn notes(m: &BTreeMap<String, String>) -> BTreeMap<&str, Option<Cell>> {
        m.iter()
            .map(|(k, v)| (k.as_str(), text_of(Some(v))))
            .collect()
    }
    [
        (Part::Value, cells(&row.cells)),
        (Part::Printed, cells(&row.control)),
        (Part::Note, notes(&row.notes)),
        (Part::PrintedNote, notes(&row.printed_notes)),
    ]
}

/// A row's kind as both sides can compare it: sum terms only among rows both tables have.
fn kind_among(row: &Row, both: &HashSet<&str>) -> RowKind {
    match &row.kind {
        RowKind::Sum { terms } => RowKind::Sum {
            terms: terms
                .iter()
                .filter(|t| both.contains(t.as_str()))
                .cloned()
                .collect(),
        },
        RowKind::Input => RowKind::Input,
    }
}

/// A table's columns and settings, without its rows.
fn frame(t: &Table) -> Table {
    Table {
        rows: Vec::new(),
        ..t.clone()
    }
}

/// Every spot where the two workbooks differ, with what each has there (a row or table as its
/// label or title), in workbook order.
pub(crate) fn spots(ours: &Workbook, theirs: &Workbook) -> Vec<(Spot, Option<Cell>, Option<Cell>)> {
    let mut spots: Vec<(Spot, Option<Cell>, Option<Cell>)> = Vec::new();
    let spot = |part, table: &str, row: &str, column: &str| Spot {
        part,
        table: table.to_string(),
        row: row.to_string(),
        column: column.to_string(),
    };
    for ot in &ours.tables {
        let Some(tt) = theirs.tables.iter().find(|x| x.id == ot.id) else {
            spots.push((spot(Part::Table, &ot.id, "", ""), title(ot), None));
            continue;
        };
        if frame(ot) != frame(tt) {
            spots.push((spot(Part::Table, &ot.id, "", ""), title(ot), title(tt)));
        }
        let both: HashSet<&str> = ot
            .rows
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| tt.rows.iter().any(|r| r.id == *id))
            .collect();
        for or in &ot.rows {
            let Some(tr) = tt.rows.iter().find(|r| r.id == or.id) else {
                spots.push((spot(Part::Row, &ot.id, &or.id, ""), label(or), None));
                continue;
            };
            if or.label != tr.label || kind_among(or, &both) != kind_among(tr, &both) {
                spots.push((spot(Part::Row, &ot.id, &or.id, ""), label(or), label(tr)));
            }
            for ((part, om), (_, tm)) in cell_parts(or).into_iter().zip(cell_parts(tr)) {
                let columns: std::collections::BTreeSet<&str> =
                    om.keys().chain(tm.keys()).copied().collect();
                for c in columns {
                    let (a, b) = (om.get(c).cloned().flatten(), tm.get(c).cloned().flatten());
                    if a != b {
                        spots.push((spot(part, &ot.id, &or.id, c), a, b));
                    }
                }
            }
        }
        for tr in tt.rows.iter().filter(|r| !both.contains(r.id.as_str())) {
            spots.push((spot(Part::Row, &ot.id, &tr.id, ""), None, label(tr)));
        }
    }
    for tt in &theirs.tables {
        if ours.tables.iter().all(|x| x.id != tt.id) {
            spots.push((spot(Part::Table, &tt.id, "", ""), None, title(tt)));
        }
    }
    if ours.allocations != theirs.allocations {
        spots.push((spot(Part::Allocations, "", "", ""), None, None));
    }
    spots
}

/// What merging `theirs` into `ours` would do, without doing it.
pub fn plan(ours: &Workbook, theirs: &Workbook) -> MergePlan {
    let (ours_wb, theirs_wb) = (ours, theirs);
    let (o, t) = (&ours.collab, &theirs.collab);
    let related = o.scenario == t.scenario
        || (o.scenario.is_empty() && o.log.is_empty())
        || (t.scenario.is_empty() && t.log.is_empty());
    let ours_later: Vec<LogEntry> = later(&o.log, &t.log).into_iter().cloned().collect();
    let theirs_later: Vec<LogEntry> = later(&t.log, &o.log).into_iter().cloned().collect();
    let differences = spots(ours, theirs)
        .into_iter()
        .map(|(spot, ours, theirs)| {
            let whole = matches!(spot.part, Part::Row | Part::Table)
                && (ours.is_none() || theirs.is_none());
            let pick = |entries: &[LogEntry]| -> Vec<LogEntry> {
                entries
                    .iter()
                    .filter(|e| touches(e, &spot, whole))
                    .cloned()
                    .collect()
            };
            let (ours_entries, theirs_entries) = (pick(&ours_later), pick(&theirs_later));
            let base = base_of(&ours_entries, &spot).or_else(|| base_of(&theirs_entries, &spot));
            Difference {
                ours_note: note_at(ours_wb, &spot),
                theirs_note: note_at(theirs_wb, &spot),
                spot,
                base,
                ours,
                theirs,
                ours_entries,
                theirs_entries,
            }
        })
        .collect();
    MergePlan {
        related,
        ours_new: ours_later.len(),
        theirs_new: theirs_later.len(),
        differences,
    }
}

/// The note on the figure at `spot` in `wb`, for a typed or printed figure's spot.
fn note_at(wb: &Workbook, spot: &Spot) -> Option<String> {
    let row = wb.table(&spot.table).ok()?.row(&spot.row).ok()?;
    match spot.part {
        Part::Value => row.notes.get(&spot.column).cloned(),
        Part::Printed => row.printed_notes.get(&spot.column).cloned(),
        _ => None,
    }
}

/// The choices for `plan`'s conflicts, in order, from choices made by spot on a plan shown
/// earlier: the open workbook may have changed since, and a choice must go to the conflict it
/// was made for. A conflict nobody chose for is refused, so nothing is settled unseen.
pub fn choices_by_spot(plan: &MergePlan, chosen: &[(Spot, Side)]) -> Result<Vec<Side>, CoreError> {
    let sides: Vec<Side> = plan
        .conflicts()
        .filter_map(|d| {
            chosen
                .iter()
                .find(|(s, _)| *s == d.spot)
                .map(|(_, side)| *side)
        })
        .collect();
    let conflicts = plan.conflicts().count();
    if sides.len() == conflicts {
        Ok(sides)
    } else {
        Err(CoreError::MergeChoices {
            conflicts,
            choices: sides.len(),
        })
    }
}

fn title(t: &Table) -> Option<Cell> {
    Some(Cell::Text(t.title.clone()))
}

/// `ours` with every difference of `plan` settled: those only theirs changed taken from
/// `theirs`, conflicts by `choices` (one per conflict, in order). The log gets their later
/// entries, so a second merge of the same copy finds nothing new.
pub fn merged(
    ours: &Workbook,
    theirs: &Workbook,
    plan: &MergePlan,
    choices: &[Side],
) -> Result<Workbook, CoreError> {
    merge(ours, theirs, plan, choices).map(|(wb, _)| wb)
}

/// The merge as the one action that applies it: the merged workbook, and what it took from
/// `theirs` for its log entry.
pub fn merge_action(
    ours: &Workbook,
    theirs: &Workbook,
    plan: &MergePlan,
    choices: &[Side],
) -> Result<Action, CoreError> {
    let (workbook, taken) = merge(ours, theirs, plan, choices)?;
    Ok(Action::Merge {
        workbook: Box::new(workbook),
        taken,
    })
}

/// The merged workbook and what it took from `theirs` ([`merge_action`]'s parts, for a
/// caller that sends them elsewhere to be applied, as the page's lazily loaded module does).
pub fn merge(
    ours: &Workbook,
    theirs: &Workbook,
    plan: &MergePlan,
    choices: &[Side],
) -> Result<(Workbook, Vec<Change>), CoreError> {
    let conflicts = plan.conflicts().count();
    if choices.len() != conflicts {
        return Err(CoreError::MergeChoices {
            conflicts,
            choices: choices.len(),
        });
    }
    let mut out = ours.clone();
    let mut taken = Vec::new();
    let mut choice = choices.iter();
    for d in &plan.differences {
        let side = if d.is_conflict() {
            choice.next().copied().unwrap_or(Side::Ours)
        } else if d.theirs_entries.is_empty() {
            Side::Ours
        } else {
            Side::Theirs
        };
        if side == Side::Theirs {
            take(&mut out, theirs, &d.spot)?;
            taken.push(Change {
                part: d.spot.part,
                table: d.spot.table.clone(),
                row: d.spot.row.clone(),
                column: d.spot.column.clone(),
                before: d.ours.clone(),
                after: d.theirs.clone(),
            });
        }
    }
    let ours_log: HashSet<&LogEntry> = ours.collab.log.iter().collect();
    let theirs_later: Vec<LogEntry> = theirs
        .collab
        .log
        .iter()
        .filter(|e| !ours_log.contains(e))
        .cloned()
        .collect();
    out.collab.log.extend(theirs_later);
    if out.collab.scenario.is_empty() {
        out.collab.scenario = theirs.collab.scenario.clone();
    }
    Ok((out, taken))
}

/// Makes `spot` in `out` what it is in `theirs`.
fn take(out: &mut Workbook, theirs: &Workbook, spot: &Spot) -> Result<(), CoreError> {
    match spot.part {
        Part::Allocations => out.allocations = theirs.allocations.clone(),
        Part::Table => {
            let mine = out.tables.iter().position(|t| t.id == spot.table);
            match (mine, theirs.tables.iter().position(|t| t.id == spot.table)) {
                (Some(i), Some(j)) => out.tables[i] = theirs.tables[j].clone(),
                (Some(i), None) => {
                    out.tables.remove(i);
                }
                (None, Some(j)) => {
                    let at = j.min(out.tables.len());
                    out.tables.insert(at, theirs.tables[j].clone());
                }
                (None, None) => {}
            }
        }
        Part::Row => take_row(
            out.table_mut(&spot.table)?,
            theirs.table(&spot.table)?,
            &spot.row,
        ),
        part => {
            let from = theirs.table(&spot.table)?.row(&spot.row)?;
            let t = out.table_mut(&spot.table)?;
            let i = t.row_index(&spot.row)?;
            let row = &mut t.rows[i];
            let c = spot.column.clone();
            match part {
                Part::Value => put(&mut row.cells, c, from.cells.get(&spot.column)),
                Part::Printed => put(&mut row.control, c, from.control.get(&spot.column)),
                Part::Note => put(&mut row.notes, c, from.notes.get(&spot.column)),
                _ => put(
                    &mut row.printed_notes,
                    c,
                    from.printed_notes.get(&spot.column),
                ),
            }
        }
    }
    Ok(())
}

fn put<V: Clone>(map: &mut BTreeMap<String, V>, key: String, value: Option<&V>) {
    match value {
        Some(v) => map.insert(key, v.clone()),
        None => map.remove(&key),
    };
}

/// Makes row `id` of `out` what it is in `theirs`: added where their table has it (after the
/// same row), removed, or relabelled and re-kinded; sums that list it in theirs list it here.
fn take_row(out: &mut Table, theirs: &Table, id: &str) {
    let Some(j) = theirs.rows.iter().position(|r| r.id == id) else {
        out.rows.retain(|r| r.id != id);
        for r in &mut out.rows {
            if let RowKind::Sum { terms } = &mut r.kind {
                terms.retain(|t| t != id);
            }
        }
        return;
    };
    let from = &theirs.rows[j];
    match out.rows.iter().position(|r| r.id == id) {
        Some(i) => {
            out.rows[i].label = from.label.clone();
            out.rows[i].kind = kind_for(from, out);
        }
        None => {
            let after = theirs.rows[..j]
                .iter()
                .rev()
                .find_map(|p| out.rows.iter().position(|r| r.id == p.id));
            let at = after.map_or(0, |i| i + 1);
            let mut row = from.clone();
            row.kind = kind_for(from, out);
            out.rows.insert(at, row);
            // Their sums that count the new row count it here too, in the same place.
            for sum in &theirs.rows {
                let RowKind::Sum {
                    terms: theirs_terms,
                } = &sum.kind
                else {
                    continue;
                };
                let Some(p) = theirs_terms.iter().position(|t| t == id) else {
                    continue;
                };
                if let Some(RowKind::Sum { terms }) = out
                    .rows
                    .iter_mut()
                    .find(|r| r.id == sum.id)
                    .map(|r| &mut r.kind)
                {
                    if !terms.iter().any(|t| t == id) {
                        let after = theirs_terms[..p]
                            .iter()
                            .rev()
                            .find_map(|prev| terms.iter().position(|t| t == prev));
                        terms.insert(after.map_or(0, |i| i + 1), id.to_string());
                    }
                }
            }
        }
    }
}

/// Their row's kind with sum terms only among rows this table has (or the row itself adds).
fn kind_for(from: &Row, table: &Table) -> RowKind {
    match &from.kind {
        RowKind::Sum { terms } => RowKind::Sum {
            terms: terms
                .iter()
                .filter(|t| table.rows.iter().any(|r| &r.id == *t))
                .cloned()
                .collect(),
        },
        RowKind::Input => RowKind::Input,
    }
}
