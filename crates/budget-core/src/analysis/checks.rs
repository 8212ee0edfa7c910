//! Consistency checks a budget officer does by hand: printed totals against computed ones, and
//! tables that describe the same money against each other. Nothing is corrected here; both
//! figures are reported and the difference is classified.

use rust_decimal::Decimal;

use crate::base::{Exact, Text};
use crate::engine::{control_value, Computed, Value};
use crate::model::{Cell, ColumnKind, Relation, RowKind, Table, Workbook};
use crate::text;

/// Differences up to this many display units count as rounding, e.g. 1–2 tkr in a tkr table.
pub const ROUNDING_TOLERANCE_UNITS: u32 = 2;

/// Decimals percentages are shown (and published) with.
pub const PERCENT_DECIMALS: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// A difference of at most `ROUNDING_TOLERANCE_UNITS` (2) display units.
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

/// How many findings came out each way: what the page's check status and the checks panel say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub ok: usize,
    pub rounding: usize,
    /// Mismatches and sign slips.
    pub errors: usize,
    pub unavailable: usize,
}

/// The [`Tally`] of `findings`.
pub fn tally<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Tally {
    let mut t = Tally::default();
    for f in findings {
        match f.status {
            Status::Ok => t.ok += 1,
            Status::Rounding => t.rounding += 1,
            Status::SignReversed | Status::Mismatch => t.errors += 1,
            Status::Unavailable => t.unavailable += 1,
        }
    }
    t
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
    /// Decimals to show the figures with (those of the table checked, one for percentages).
    pub decimals: u32,
    /// The largest difference still counted as rounding.
    pub tolerance: Decimal,
    /// How the figures were judged, where it is not the plain 1–2 units: a percentage against
    /// the computed one as shown, or a reconciliation's tolerance from its rounded terms.
    pub basis: Option<Text>,
}

/// The size of one display unit of a table: 1 for whole tkr, 0,1 for mnkr with one decimal.
pub fn display_unit(table: &Table) -> Decimal {
    Decimal::new(1, table.decimals)
}

/// `units` display units of `unit`, saturating.
fn units(unit: Decimal, units: u64) -> Decimal {
    unit.times(Decimal::from(units)).unwrap_or(Decimal::MAX)
}

fn classify(
    expected: Value,
    actual: Value,
    tolerance: Decimal,
) -> Option<(Option<Decimal>, Status)> {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let Some(diff) = e.minus(a) else {
                return Some((None, Status::Mismatch));
            };
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

/// The computed figure a printed one is held against: percentages as they are shown and
/// published, to one decimal, so a printed 6,1 % agrees with a computed 6,087 %; amounts
/// exactly, as sums and differences of typed figures already are.
pub fn as_printed(kind: &ColumnKind, value: Value) -> Value {
    match value {
        Value::Number(d) if kind.is_percent() => {
            Value::Number(crate::base::round_for_display(d, PERCENT_DECIMALS))
        }
        other => other,
    }
}

/// How far a printed figure is from the computed one as printed (see [`as_printed`]), when both
/// are figures and they differ; what a printed-total cell marks. The difference the checks
/// report, so the cell and its finding always agree.
pub fn printed_difference(printed: Value, computed: Value) -> Option<Decimal> {
    classify(printed, computed, Decimal::ZERO)
        .and_then(|(difference, _)| difference)
        .filter(|d| !d.is_zero())
}

fn control_findings(workbook: &Workbook, computed: &Computed, out: &mut Vec<Finding>) {
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        for (r, row) in table.rows.iter().enumerate() {
            if row.control.is_empty() {
                continue;
            }
            for (c, column) in table.columns.iter().enumerate() {
                // Computed columns too: a follow-up report prints its Summa row's deviation.
                if column.kind == ColumnKind::Text {
                    continue;
                }
                let percent = column.kind.is_percent();
                let decimals = if percent {
                    PERCENT_DECIMALS
                } else {
                    table.decimals
                };
                let tolerance = units(Decimal::new(1, decimals), ROUNDING_TOLERANCE_UNITS.into());
                let expected = control_value(row, &column.id);
                let actual = as_printed(&column.kind, values.get(r, c));
                if let Some((difference, status)) = classify(expected, actual, tolerance) {
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
                        decimals,
                        tolerance,
                        basis: percent.then(|| {
                            text!(
                                "mot den beräknade procentsatsen avrundad till en decimal",
                                "against the calculated percentage rounded to one decimal"
                            )
                        }),
                    });
                }
            }
        }
    }
}

/// How many rounded figures the value of row `r` in column `column` adds up: 1 for a typed
/// figure, the sum over its terms for a total (a term listed twice counts twice), 0 for an
/// empty cell. Each published figure is off by at most half a unit, so this bounds how far two
/// sums of the same money can drift apart by rounding alone. A cycle counts nothing more; its
/// value is an error anyway.
pub fn rounded_terms(table: &Table, r: usize, column: &str) -> u64 {
    fn count(
        table: &Table,
        index: &std::collections::HashMap<&str, usize>,
        r: usize,
        column: &str,
        memo: &mut Vec<Option<u64>>,
    ) -> u64 {
        if let Some(Some(n)) = memo.get(r) {
            return *n;
        }
        // Marks the row as being counted, so a cycle stops here.
        if let Some(m) = memo.get_mut(r) {
            *m = Some(0);
        }
        let n = match table
            .rows
            .get(r)
            .map(|row| (&row.kind, row.cells.get(column)))
        {
            Some((RowKind::Sum { terms }, _)) => terms
                .iter()
                .filter_map(|t| index.get(t.as_str()).copied())
                .map(|t| count(table, index, t, column, memo))
                .fold(0u64, u64::saturating_add),
            Some((RowKind::Input, Some(Cell::Number(_) | Cell::Formula(_)))) => 1,
            _ => 0,
        };
        if let Some(m) = memo.get_mut(r) {
            *m = Some(n);
        }
        n
    }
    let index = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| (row.id.as_str(), i))
        .collect();
    count(table, &index, r, column, &mut vec![None; table.rows.len()])
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
        let decimals = lt.decimals.min(rt.decimals);
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
            // Each side is a sum of rounded figures, each off by up to half a unit: together
            // they may drift apart by half a unit per term, and never less than the 1–2 units
            // of a single printed total.
            let (left_terms, right_terms) = (
                rounded_terms(lt, lr, &column.id),
                rounded_terms(rt, rr, &column.id),
            );
            let half_units = left_terms.saturating_add(right_terms).div_ceil(2);
            let tolerance = units(unit, half_units.max(ROUNDING_TOLERANCE_UNITS.into()));
            let shown = crate::base::format_amount(tolerance, decimals);
            let unit_label = lt.unit.label();
            let basis = text!(
                "avrundning upp till {shown} {unit_label}: {left_terms} + {right_terms} avrundade tal, en halv enhet vart (minst {ROUNDING_TOLERANCE_UNITS} enheter)",
                "rounding up to {shown} {unit_label}: {left_terms} + {right_terms} rounded figures, half a unit each (at least {ROUNDING_TOLERANCE_UNITS} units)"
            );
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
                if let Some((difference, status)) = classify(expected, actual, tolerance) {
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
                        tolerance,
                        basis: Some(basis.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_figure_differs_by_what_the_check_reports() {
        let n = |v: i64| Value::Number(Decimal::from(v));
        assert_eq!(
            printed_difference(n(-2_496_373), n(-2_496_372)),
            Some(Decimal::from(-1))
        );
        assert_eq!(printed_difference(n(5), n(5)), None);
        assert_eq!(printed_difference(n(5), Value::Blank), None);
        assert_eq!(
            printed_difference(Value::Number(Decimal::MAX), n(-1)),
            None,
            "an overflow marks nothing; the check calls it a mismatch"
        );
    }
}
