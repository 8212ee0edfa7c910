//! Consistency checks a budget officer does by hand: printed totals against computed ones, and
//! tables that describe the same money against each other. Nothing is corrected here; both
//! figures are reported and the difference is classified.

use rust_decimal::Decimal;

use crate::arith::Exact;
use crate::eval::{control_value, TableValues, Value};
use crate::i18n::Text;
use crate::model::{Relation, Table, Workbook};
use crate::text;

/// Differences up to this many display units count as rounding, e.g. 1–2 tkr in a tkr table.
pub const ROUNDING_TOLERANCE_UNITS: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// A difference of at most [`ROUNDING_TOLERANCE_UNITS`] display units.
    Rounding,
    /// One figure is exactly minus the other: a sign slip.
    SignReversed,
    Mismatch,
    /// A figure it depends on is in error, so no comparison is possible.
    Unavailable,
}

impl Status {
    pub fn is_problem(self) -> bool {
        !matches!(self, Status::Ok)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// A printed total against the sum of its rows.
    ControlTotal,
    /// Two tables' totals, as computed.
    ReconciliationComputed,
    /// Two tables' totals, as printed.
    ReconciliationPrinted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// Where the figure lives (table and row ids), for the UI to mark the cell.
    pub table: String,
    pub row: String,
    pub column: String,
    /// What is compared, in words.
    pub subject: Text,
    pub column_label: String,
    /// The figure that should hold (the printed total, or the left side of a reconciliation).
    pub expected: Value,
    /// The figure it is compared with (the computed total, or the right side turned around).
    pub actual: Value,
    /// `expected − actual` where both are numbers.
    pub difference: Option<Decimal>,
    pub status: Status,
    /// Decimals to show the figures with (those of the table checked).
    pub decimals: u32,
}

/// Computed values of every table of a workbook, in workbook order.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub tables: Vec<TableValues>,
}

impl Computed {
    pub fn of(workbook: &Workbook) -> Computed {
        Computed {
            tables: workbook.tables.iter().map(crate::eval::evaluate).collect(),
        }
    }

    pub fn table<'a>(
        &'a self,
        workbook: &'a Workbook,
        id: &str,
    ) -> Option<(&'a Table, &'a TableValues)> {
        let i = workbook.tables.iter().position(|t| t.id == id)?;
        Some((&workbook.tables[i], self.tables.get(i)?))
    }

    pub fn value(&self, workbook: &Workbook, table: &str, row: &str, column: &str) -> Value {
        self.table(workbook, table)
            .map_or(Value::Blank, |(t, v)| v.by_id(t, row, column))
    }
}

/// The size of one display unit of a table: 1 for whole tkr, 0,1 for mnkr with one decimal.
pub fn display_unit(table: &Table) -> Decimal {
    Decimal::new(1, table.decimals)
}

fn classify(expected: Value, actual: Value, unit: Decimal) -> Option<(Option<Decimal>, Status)> {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let Some(diff) = e.minus(a) else {
                return Some((None, Status::Mismatch));
            };
            let tolerance = unit
                .times(Decimal::from(ROUNDING_TOLERANCE_UNITS))
                .unwrap_or(Decimal::MAX);
            let status = if diff.is_zero() {
                Status::Ok
            } else if diff.abs() <= tolerance {
                Status::Rounding
            } else if e == -a {
                Status::SignReversed
            } else {
                Status::Mismatch
            };
            Some((Some(diff), status))
        }
        (Value::Error(_), _) | (_, Value::Error(_)) => Some((None, Status::Unavailable)),
        _ => None,
    }
}

fn control_findings(workbook: &Workbook, computed: &Computed, out: &mut Vec<Finding>) {
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        let unit = display_unit(table);
        for (r, row) in table.rows.iter().enumerate() {
            if row.control.is_empty() {
                continue;
            }
            for (c, column) in table.columns.iter().enumerate() {
                if !column.kind.is_input() {
                    continue;
                }
                let expected = control_value(row, &column.id);
                let actual = values.get(r, c);
                if let Some((difference, status)) = classify(expected, actual, unit) {
                    out.push(Finding {
                        kind: FindingKind::ControlTotal,
                        table: table.id.clone(),
                        row: row.id.clone(),
                        column: column.id.clone(),
                        subject: text!(
                            "{}: {} (tryckt mot beräknat)",
                            "{}: {} (printed against calculated)",
                            table.title,
                            row.label
                        ),
                        column_label: column.label.clone(),
                        expected,
                        actual,
                        difference,
                        status,
                        decimals: table.decimals,
                    });
                }
            }
        }
    }
}

fn reconciliation_findings(workbook: &Workbook, computed: &Computed, out: &mut Vec<Finding>) {
    for rec in &workbook.reconciliations {
        let (Some((lt, lv)), Some((rt, rv))) = (
            computed.table(workbook, &rec.left.table),
            computed.table(workbook, &rec.right.table),
        ) else {
            continue;
        };
        let (Ok(lr), Ok(rr)) = (lt.row_index(&rec.left.row), rt.row_index(&rec.right.row)) else {
            continue;
        };
        let unit = display_unit(lt).max(display_unit(rt));
        let turn = |v: Value| match (rec.relation, v) {
            (Relation::Negated, Value::Number(d)) => Value::Number(-d),
            _ => v,
        };
        for (lc, column) in lt.columns.iter().enumerate() {
            let Some(rc) = rt
                .columns
                .iter()
                .position(|c| c.id == column.id && c.kind.is_input())
            else {
                continue;
            };
            if !column.kind.is_input() {
                continue;
            }
            let computed_pair = (lv.get(lr, lc), turn(rv.get(rr, rc)));
            let left_printed = control_value(&lt.rows[lr], &column.id);
            let right_printed = control_value(&rt.rows[rr], &column.id);
            let printed_pair =
                (!matches!((left_printed, right_printed), (Value::Blank, Value::Blank))).then(
                    || {
                        let or = |p: Value, c: Value| if p == Value::Blank { c } else { p };
                        (
                            or(left_printed, lv.get(lr, lc)),
                            turn(or(right_printed, rv.get(rr, rc))),
                        )
                    },
                );
            let pairs = [
                (
                    FindingKind::ReconciliationComputed,
                    Some(computed_pair),
                    ("beräknat", "calculated"),
                ),
                (
                    FindingKind::ReconciliationPrinted,
                    printed_pair,
                    ("tryckt", "printed"),
                ),
            ];
            for (kind, pair, how) in pairs {
                let Some((expected, actual)) = pair else {
                    continue;
                };
                if let Some((difference, status)) = classify(expected, actual, unit) {
                    out.push(Finding {
                        kind,
                        table: rec.left.table.clone(),
                        row: rec.left.row.clone(),
                        column: column.id.clone(),
                        subject: Text::new(
                            format!("{} ({})", rec.label, how.0),
                            format!("{} ({})", rec.label, how.1),
                        ),
                        column_label: column.label.clone(),
                        expected,
                        actual,
                        difference,
                        status,
                        decimals: lt.decimals.max(rt.decimals),
                    });
                }
            }
        }
    }
}

/// Every check of the workbook, control totals first, then reconciliations.
pub fn check(workbook: &Workbook, computed: &Computed) -> Vec<Finding> {
    let mut out = Vec::new();
    control_findings(workbook, computed, &mut out);
    reconciliation_findings(workbook, computed, &mut out);
    out
}
