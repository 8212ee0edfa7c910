//! Comparing two scenarios: every typed or printed cell that differs, with both values and the
//! difference, and the effect on every total (sum rows and comparison columns). Pure: works on
//! two workbooks, whatever they came from (the list in the browser or a file).

use rust_decimal::Decimal;

use crate::base::{Exact, Text};
use crate::engine::{control_value, Computed, Value};
use crate::model::{ColumnKind, RowKind, Table, Workbook};
use crate::text;

/// What kind of cell a difference is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A figure someone typed.
    Input,
    /// A printed control total, as typed.
    Printed,
    /// A computed total or comparison: the effect of the typed differences.
    Total,
}

/// One cell whose value differs between scenario A (`left`) and B (`right`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellDiff {
    pub kind: CellKind,
    pub table: String,
    pub table_title: String,
    pub row: String,
    pub row_label: String,
    pub column: String,
    pub column_label: String,
    /// Decimals the table shows, for formatting.
    pub decimals: u32,
    /// A percentage column: values and difference are percent (points).
    pub percent: bool,
    pub left: Value,
    pub right: Value,
    /// `right − left` when both are numbers (a blank counts as no figure, not zero).
    pub difference: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Comparison {
    /// Typed and printed cells that differ, in table and row order.
    pub cells: Vec<CellDiff>,
    /// Computed totals that differ as a result.
    pub totals: Vec<CellDiff>,
    /// Tables, rows or columns present in only one scenario, described in Swedish.
    pub structure: Vec<Text>,
}

impl Comparison {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.totals.is_empty() && self.structure.is_empty()
    }
}

/// Values are equal when they are the same figure (`1.0` = `1`), both blank or both in error.
fn same(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Error(_), Value::Error(_)) => true,
        (x, y) => x == y,
    }
}

fn difference(left: Value, right: Value) -> Option<Decimal> {
    right.number()?.minus(left.number()?)
}

/// Differences from `a` to `b`, matching tables, rows and columns by id.
pub fn compare(a: &Workbook, b: &Workbook) -> Comparison {
    let (ca, cb) = (Computed::of(a), Computed::of(b));
    let mut out = Comparison::default();
    for (ti, ta) in a.tables.iter().enumerate() {
        let Some((tj, tb)) = b.tables.iter().enumerate().find(|(_, t)| t.id == ta.id) else {
            out.structure.push(text!(
                "Tabellen ”{}” finns bara i A",
                "The table “{}” is only in A",
                ta.title
            ));
            continue;
        };
        let (Some(va), Some(vb)) = (ca.tables.get(ti), cb.tables.get(tj)) else {
            continue;
        };
        structure(ta, tb, &mut out.structure);
        for ra in &ta.rows {
            let Ok(rb) = tb.row(&ra.id) else { continue };
            for col in &ta.columns {
                if tb.column(&col.id).is_err() {
                    continue;
                }
                let diff = |kind, left, right| CellDiff {
                    kind,
                    table: ta.id.clone(),
                    table_title: ta.title.clone(),
                    row: ra.id.clone(),
                    row_label: ra.label.clone(),
                    column: col.id.clone(),
                    column_label: col.label.clone(),
                    decimals: ta.decimals,
                    percent: matches!(col.kind, ColumnKind::PercentChange { .. }),
                    left,
                    right,
                    difference: difference(left, right),
                };
                let (left, right) = (va.by_id(ta, &ra.id, &col.id), vb.by_id(tb, &ra.id, &col.id));
                let typed = matches!(ra.kind, RowKind::Input) && col.kind.is_input();
                let cell_changed = ra.cells.get(&col.id) != rb.cells.get(&col.id);
                if typed && (cell_changed || !same(left, right)) {
                    out.cells.push(diff(CellKind::Input, left, right));
                } else if !typed && !same(left, right) {
                    out.totals.push(diff(CellKind::Total, left, right));
                }
                let (pl, pr) = (control_value(ra, &col.id), control_value(rb, &col.id));
                if ra.control.get(&col.id) != rb.control.get(&col.id) {
                    let mut d = diff(CellKind::Printed, pl, pr);
                    d.row_label = format!("{} (tryckt)", ra.label);
                    out.cells.push(d);
                }
            }
        }
    }
    for tb in &b.tables {
        if a.table(&tb.id).is_err() {
            out.structure.push(text!(
                "Tabellen ”{}” finns bara i B",
                "The table “{}” is only in B",
                tb.title
            ));
        }
    }
    out
}

fn structure(ta: &Table, tb: &Table, notes: &mut Vec<Text>) {
    for r in ta.rows.iter().filter(|r| tb.row(&r.id).is_err()) {
        notes.push(text!(
            "Raden ”{}” i ”{}” finns bara i A",
            "The row “{}” in “{}” is only in A",
            r.label,
            ta.title
        ));
    }
    for r in tb.rows.iter().filter(|r| ta.row(&r.id).is_err()) {
        notes.push(text!(
            "Raden ”{}” i ”{}” finns bara i B",
            "The row “{}” in “{}” is only in B",
            r.label,
            tb.title
        ));
    }
    for c in ta.columns.iter().filter(|c| tb.column(&c.id).is_err()) {
        notes.push(text!(
            "Kolumnen ”{}” i ”{}” finns bara i A",
            "The column “{}” in “{}” is only in A",
            c.label,
            ta.title
        ));
    }
    for c in tb.columns.iter().filter(|c| ta.column(&c.id).is_err()) {
        notes.push(text!(
            "Kolumnen ”{}” i ”{}” finns bara i B",
            "The column “{}” in “{}” is only in B",
            c.label,
            tb.title
        ));
    }
    for (ra, rb) in ta
        .rows
        .iter()
        .filter_map(|r| tb.row(&r.id).ok().map(|rb| (r, rb)))
    {
        if ra.label != rb.label {
            notes.push(text!(
                "Raden ”{}” i ”{}” heter ”{}” i B",
                "The row “{}” in “{}” is called “{}” in B",
                ra.label,
                ta.title,
                rb.label
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::catalog::default_workbook;
    use crate::session::{Action, Session};

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn edited(actions: Vec<Action>) -> Workbook {
        let mut s = Session::new(default_workbook().unwrap());
        for a in actions {
            s.apply(a).unwrap();
        }
        s.workbook
    }

    fn set(row: &str, input: &str) -> Action {
        Action::SetCell {
            table: "resultatrakning".into(),
            row: row.into(),
            column: "budget-2026".into(),
            input: input.into(),
        }
    }

    #[test]
    fn identical_scenarios_have_no_differences() {
        let wb = default_workbook().unwrap();
        assert!(compare(&wb, &wb).is_empty());
    }

    #[test]
    fn a_changed_cell_is_listed_with_both_values_and_its_effect_on_totals() {
        let a = default_workbook().unwrap();
        let b = edited(vec![set("personal", "-900 000,5")]);
        let c = compare(&a, &b);
        assert_eq!(c.cells.len(), 1, "{:?}", c.cells);
        let cell = &c.cells[0];
        assert_eq!(cell.kind, CellKind::Input);
        assert_eq!(
            (cell.row.as_str(), cell.column.as_str()),
            ("personal", "budget-2026")
        );
        assert_eq!(cell.left, Value::Number(dec("-896017")));
        assert_eq!(cell.right, Value::Number(dec("-900000.5")));
        assert_eq!(cell.difference, Some(dec("-3983.5")));
        let total = c
            .totals
            .iter()
            .find(|t| t.row == "verksamhetens-kostnader" && t.column == "budget-2026")
            .unwrap();
        assert_eq!(total.left, Value::Number(dec("-2496372")));
        assert_eq!(total.difference, Some(dec("-3983.5")));
        assert!(c.totals.iter().all(|t| t.kind == CellKind::Total));
        // The Förändring column of the row moves too; it is a total, not a typed cell.
        assert!(c
            .totals
            .iter()
            .any(|t| t.row == "personal" && t.column == "forandring"));
        // Reversed comparison: same cells, opposite differences.
        let back = compare(&b, &a);
        assert_eq!(back.cells[0].difference, Some(dec("3983.5")));
    }

    #[test]
    fn blank_and_invalid_cells_differ_without_a_difference_figure() {
        let a = default_workbook().unwrap();
        let b = edited(vec![set("personal", ""), set("lokaler", "12 x")]);
        let c = compare(&a, &b);
        assert_eq!(c.cells.len(), 2);
        assert!(c.cells.iter().all(|d| d.difference.is_none()));
        assert_eq!(c.cells[0].right, Value::Blank);
    }

    #[test]
    fn printed_totals_and_structure_changes_are_reported() {
        let a = default_workbook().unwrap();
        let b = edited(vec![
            Action::SetControl {
                table: "resultatrakning".into(),
                row: "arets-resultat".into(),
                column: "budget-2026".into(),
                input: "1".into(),
            },
            Action::AddRow {
                table: "ramforandringar".into(),
                after: None,
                label: "Ny satsning".into(),
            },
        ]);
        let c = compare(&a, &b);
        assert!(c
            .cells
            .iter()
            .any(|d| d.kind == CellKind::Printed && d.row_label.ends_with("(tryckt)")));
        assert!(c
            .structure
            .iter()
            .any(|s| s.to_string().contains("Ny satsning")
                && s.get(crate::base::Lang::En).contains("only in B")));
    }
}
