//! Incremental recalculation: after an edit, recompute only what it can change. A typed cell
//! updates its own value, the sums that (transitively) contain it in that column, and the
//! comparison columns of those rows; a structural change recomputes its table; loading a
//! workbook recomputes everything. Results always equal a full `evaluate` (property-tested).

use std::collections::HashMap;

use crate::base::Exact;
use crate::engine::computed::Computed;
use crate::engine::eval::{compare, evaluate, sum_values, TableValues, Value};
use crate::model::{Cell, RowKind, Table, Workbook};

/// What an applied edit may have changed, as far as computed values are concerned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Touched {
    #[default]
    Nothing,
    /// Typed cells: (table, row, column) ids.
    Cells(Vec<(String, String, String)>),
    /// Tables whose structure or settings changed.
    Tables(Vec<String>),
    /// The set or order of tables changed.
    All,
}

impl Touched {
    /// The union of two changes.
    pub fn merge(self, other: Touched) -> Touched {
        use Touched::*;
        match (self, other) {
            (All, _) | (_, All) => All,
            (Nothing, x) | (x, Nothing) => x,
            (Cells(mut a), Cells(b)) => {
                a.extend(b);
                Cells(a)
            }
            (Tables(mut a), Tables(b)) => {
                a.extend(b);
                Tables(a)
            }
            (Cells(c), Tables(mut t)) | (Tables(mut t), Cells(c)) => {
                t.extend(c.into_iter().map(|(table, _, _)| table));
                Tables(t)
            }
        }
    }
}

/// Which rows use each row in a sum, per table; rebuilt when the table's structure changes.
#[derive(Debug, Clone)]
struct DepIndex {
    rows: HashMap<String, usize>,
    /// `users[r]` = sum rows that list row `r` as a term.
    users: Vec<Vec<usize>>,
    /// `terms[s]` = the term rows of sum row `s`, resolved once; `None` if one is missing.
    terms: Vec<Option<Vec<usize>>>,
    /// `comparisons[c]`: the comparison columns reading typed column `c`, as (column, operand
    /// a, operand b) indices, resolved once; `None` if one of them reads a column that is
    /// missing or not typed (the full evaluation reports it).
    comparisons: Vec<Option<Vec<(usize, usize, usize)>>>,
    /// A formula anywhere makes dependencies per column; such tables recompute the column.
    has_formulas: bool,
    /// Every figure of the period columns is [`small`], so sums can move by their terms'
    /// changes without any rounding (set after each full evaluation of the table).
    bounded: bool,
}

/// Decimal rounds a sum that needs more than its 28–29 digits instead of failing, and a sum
/// moved by a change (`old + new − old`) rounds differently from one added afresh: with
/// `79 228 162 514 264 337 593 543 950 335` typed and undone, the total shown lost its
/// decimals (found by tests/suite/properties.rs). Below 10^15 with at most 6 decimals, any sum
/// of up to a million such values fits in 28 digits exactly, so moving and re-adding agree;
/// beyond that the table is evaluated afresh.
fn small(value: Value) -> bool {
    match value {
        Value::Number(d) => {
            d.scale() <= 6 && d.abs() < rust_decimal::Decimal::from(1_000_000_000_000_000_i64)
        }
        _ => true,
    }
}

fn bounded(table: &Table, values: &TableValues) -> bool {
    table.rows.len() <= 1_000_000
        && table.columns.iter().enumerate().all(|(c, column)| {
            !column.kind.is_input() || (0..table.rows.len()).all(|r| small(values.get(r, c)))
        })
}

impl DepIndex {
    fn of(table: &Table) -> DepIndex {
        let rows: HashMap<String, usize> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let mut users = vec![Vec::new(); table.rows.len()];
        let mut resolved = vec![None; table.rows.len()];
        for (i, row) in table.rows.iter().enumerate() {
            if let RowKind::Sum { terms } = &row.kind {
                let found: Vec<usize> = terms.iter().filter_map(|t| rows.get(t).copied()).collect();
                for &j in &found {
                    users[j].push(i);
                }
                resolved[i] = (found.len() == terms.len()).then_some(found);
            }
        }
        let has_formulas = table
            .rows
            .iter()
            .any(|r| r.cells.values().any(|c| matches!(c, Cell::Formula(_))));
        let typed = |id: &str| {
            table
                .column_index(id)
                .ok()
                .filter(|&i| table.columns[i].kind.is_input())
        };
        let comparisons = table
            .columns
            .iter()
            .map(|input| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .filter_map(|(k, col)| col.kind.operands().map(|ops| (k, ops)))
                    .filter(|(_, (a, b))| *a == input.id || *b == input.id)
                    .map(|(k, (a, b))| Some((k, typed(a)?, typed(b)?)))
                    .collect()
            })
            .collect();
        DepIndex {
            rows,
            comparisons,
            users,
            terms: resolved,
            has_formulas,
            bounded: false,
        }
    }
}

/// Computed values kept up to date edit by edit.
#[derive(Debug, Clone)]
pub struct Recalc {
    computed: Computed,
    indexes: Vec<DepIndex>,
    /// Working lists of `update_cell`, kept so a typed cell allocates nothing.
    scratch: Scratch,
}

#[derive(Debug, Clone, Default)]
struct Scratch {
    delta: Vec<(usize, Option<rust_decimal::Decimal>)>,
    affected: Vec<usize>,
    stack: Vec<usize>,
    pending: Vec<usize>,
    ready: Vec<usize>,
}

/// Above this many cells in one change, recomputing the table is cheaper than following each.
const CELLS_BEFORE_FULL_TABLE: usize = 64;

/// Most sums one typed cell is followed into; a cell in more is recomputed with its table.
const SUMS_FOLLOWED: usize = 64;

impl Recalc {
    pub fn full(workbook: &Workbook) -> Recalc {
        let computed = Computed::of(workbook);
        let indexes = workbook
            .tables
            .iter()
            .zip(&computed.tables)
            .map(|(table, values)| DepIndex {
                bounded: bounded(table, values),
                ..DepIndex::of(table)
            })
            .collect();
        Recalc {
            computed,
            indexes,
            scratch: Scratch::default(),
        }
    }

    pub fn computed(&self) -> &Computed {
        &self.computed
    }

    /// Brings the values up to date after an edit that changed `touched`; returns the indices
    /// of the tables whose values changed, so views can re-render only those.
    pub fn update(&mut self, workbook: &Workbook, touched: &Touched) -> Vec<usize> {
        match touched {
            Touched::Nothing => Vec::new(),
            Touched::All => {
                *self = Recalc::full(workbook);
                (0..workbook.tables.len()).collect()
            }
            Touched::Tables(ids) => {
                let mut changed: Vec<usize> = ids
                    .iter()
                    .filter_map(|id| workbook.tables.iter().position(|t| &t.id == id))
                    .collect();
                changed.sort_unstable();
                changed.dedup();
                for &i in &changed {
                    self.recompute_table(workbook, i);
                }
                changed
            }
            Touched::Cells(cells) => {
                // By table, in workbook order: a workbook has a handful of tables.
                let mut per_table: Vec<(usize, Vec<(&str, &str)>)> = Vec::new();
                for (t, r, c) in cells {
                    if let Some(i) = workbook.tables.iter().position(|x| &x.id == t) {
                        match per_table.iter_mut().find(|(x, _)| *x == i) {
                            Some((_, list)) => list.push((r, c)),
                            None => per_table.push((i, vec![(r, c)])),
                        }
                    }
                }
                per_table.sort_unstable_by_key(|(i, _)| *i);
                let changed: Vec<usize> = per_table.iter().map(|(i, _)| *i).collect();
                for (i, cells) in per_table {
                    let table = &workbook.tables[i];
                    let index_stale = self
                        .indexes
                        .get(i)
                        .is_none_or(|x| x.rows.len() != table.rows.len());
                    // Formulas may refer to any row of their column, so a table with any is
                    // recomputed whole (a formula just typed too: see `update_cell`); so is a
                    // large paste.
                    if index_stale
                        || self.indexes[i].has_formulas
                        || cells.len() > CELLS_BEFORE_FULL_TABLE
                    {
                        self.recompute_table(workbook, i);
                    } else {
                        for (r, c) in cells {
                            if !self.update_cell(table, i, r, c) {
                                self.recompute_table(workbook, i);
                                break;
                            }
                        }
                    }
                }
                changed
            }
        }
    }

    fn recompute_table(&mut self, workbook: &Workbook, i: usize) {
        let Some(table) = workbook.tables.get(i) else {
            return;
        };
        let values = evaluate(table);
        if let Some(x) = self.indexes.get_mut(i) {
            *x = DepIndex {
                bounded: bounded(table, &values),
                ..DepIndex::of(table)
            };
        }
        if let Some(v) = self.computed.tables.get_mut(i) {
            *v = values;
        }
    }

    /// Follows one typed cell to the sums that contain it and the comparisons of those rows.
    /// Returns false when the table needs a full recompute instead (a cycle or missing term).
    fn update_cell(&mut self, table: &Table, t: usize, row: &str, column: &str) -> bool {
        let Recalc {
            computed,
            indexes,
            scratch,
        } = self;
        let (Some(index), Some(values)) = (indexes.get(t), computed.tables.get_mut(t)) else {
            return false;
        };
        let Scratch {
            delta,
            affected,
            stack,
            pending,
            ready,
        } = scratch;
        for list in [&mut *affected, &mut *stack, &mut *pending, &mut *ready] {
            list.clear();
        }
        delta.clear();
        let (Some(&r), Ok(c)) = (index.rows.get(row), table.column_index(column)) else {
            return false;
        };
        if !table.columns[c].kind.is_input() {
            return false;
        }
        let cell = table.rows[r].cells.get(column);
        if matches!(cell, Some(Cell::Formula(_))) {
            return false;
        }
        let old_r = values.get(r, c);
        let new_r = Value::of_cell(cell);
        if !index.bounded || !small(new_r) {
            return false;
        }
        values.set(r, c, new_r);
        // Sums move by the change of their terms, exact because every value is small (see
        // `small`). `None` marks a sum that must be re-added (a blank or an error came or
        // went, or an overflow).
        //
        // A typed cell reaches a handful of sums (its subtotal, the total), so these are short
        // lists searched in place: hashing them cost more than the rest of the edit. Beyond
        // `SUMS_FOLLOWED` the table is evaluated afresh instead, so the search stays short.
        let propagate = |delta: &mut Vec<(usize, Option<rust_decimal::Decimal>)>,
                         x: usize,
                         old: Value,
                         new: Value| {
            for &u in &index.users[x] {
                let i = match delta.iter().position(|(s, _)| *s == u) {
                    Some(i) => i,
                    None => {
                        delta.push((u, Some(rust_decimal::Decimal::ZERO)));
                        delta.len() - 1
                    }
                };
                let entry = &mut delta[i].1;
                *entry = match (*entry, old, new) {
                    (Some(d), Value::Number(a), Value::Number(b)) => {
                        b.minus(a).and_then(|step| d.plus(step))
                    }
                    _ => None,
                };
            }
        };
        propagate(delta, r, old_r, new_r);
        // The sums reached from `r`, each recomputed after its terms (Kahn's order within).
        stack.push(r);
        while let Some(x) = stack.pop() {
            for &u in &index.users[x] {
                if !affected.contains(&u) {
                    if affected.len() == SUMS_FOLLOWED {
                        return false;
                    }
                    affected.push(u);
                    stack.push(u);
                }
            }
        }
        // `pending[i]`: how many of `affected[i]`'s terms among the affected are still to do.
        pending.resize(affected.len(), 0);
        for &a in affected.iter() {
            for &u in &index.users[a] {
                if let Some(i) = affected.iter().position(|&x| x == u) {
                    pending[i] += 1;
                }
            }
        }
        ready.extend(
            affected
                .iter()
                .zip(pending.iter())
                .filter(|(_, p)| **p == 0)
                .map(|(a, _)| *a),
        );
        let mut done = 0;
        while let Some(s) = ready.pop() {
            done += 1;
            let Some(Some(term_rows)) = index.terms.get(s) else {
                return false; // a missing term: let the full evaluation mark it
            };
            let old_s = values.get(s, c);
            if old_s == Value::Error(crate::engine::eval::ValueError::Cycle) {
                // Behind a cycle elsewhere in the table: re-adding would call it an error of a
                // term; only the full evaluation sees the cycle.
                return false;
            }
            let readd =
                |values: &TableValues| sum_values(term_rows.iter().map(|&j| values.get(j, c)));
            let moved = delta.iter().find(|(x, _)| *x == s).and_then(|(_, d)| *d);
            let new_s = match (moved, old_s) {
                (Some(d), Value::Number(v)) => {
                    v.plus(d).map_or_else(|| readd(values), Value::Number)
                }
                _ => readd(values),
            };
            if !small(new_s) {
                return false;
            }
            values.set(s, c, new_s);
            propagate(delta, s, old_s, new_s);
            for &u in &index.users[s] {
                if let Some(i) = affected.iter().position(|&x| x == u) {
                    pending[i] -= 1;
                    if pending[i] == 0 {
                        ready.push(u);
                    }
                }
            }
        }
        if done != affected.len() {
            return false; // a cycle: let the full evaluation mark it
        }
        let Some(Some(comparisons)) = index.comparisons.get(c) else {
            return false;
        };
        for &x in std::iter::once(&r).chain(affected.iter()) {
            for &(k, a, b) in comparisons {
                let v = compare(
                    &table.columns[k].kind,
                    table.deviation,
                    values.get(x, a),
                    values.get(x, b),
                );
                values.set(x, k, v);
            }
        }
        true
    }
}
