//! The uplift tool: a percentage (the general 2,3 % uplift) or an amount applied to chosen rows
//! and columns of a table. The preview is computed first and the applied action is built from
//! it, so what is shown is exactly what is applied, as one undo step.
//!
//! Each new figure is rounded to the table's decimals, as goal seek rounds its shares: a whole-tkr
//! table must not end up holding 840 405,753 that the screen shows as 840 406 and the CSV
//! carries whole. The rounding remainder goes to one cell (see [`preview`]), so the changes sum
//! to the exact total change rounded to the table's decimals.

use rust_decimal::Decimal;

use crate::base::{round_for_display, CoreError, Exact};
use crate::model::{Cell, RowKind, Workbook};
use crate::session::action::Action;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uplift {
    /// Each figure times (1 + p/100); exact, since dividing by 100 terminates.
    Percent(Decimal),
    /// The amount added to each figure.
    Amount(Decimal),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpliftCell {
    pub row: String,
    pub row_label: String,
    pub column: String,
    pub column_label: String,
    pub old: Decimal,
    pub new: Decimal,
}

impl UpliftCell {
    /// What the uplift adds to the figure (new − old), as the preview shows it.
    pub fn change(&self) -> Decimal {
        self.new.minus(self.old).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpliftPreview {
    pub table: String,
    pub cells: Vec<UpliftCell>,
    /// Chosen cells without a figure (blank or not a number), left as they are.
    pub skipped: Vec<(String, String)>,
    /// Sum of new − old over the changed cells.
    pub change: Decimal,
    /// The cell (index into `cells`) that took the rounding remainder, if rounding left one.
    pub remainder: Option<usize>,
}

/// What applying `uplift` to the chosen cells would do. Sum rows and computed columns are
/// refused: they follow from the input cells.
///
/// Every new figure is rounded to the table's decimals (half away from zero, as shown). The
/// roundings need not add up, so the difference between the exact total change, rounded, and the
/// sum of the rounded changes is put on the cell with the largest change (the first of equals):
/// there it is the smallest share of the change, and the user sees which cell in the preview.
/// Goal seek lets the user pick that row; the uplift has no such choice, to keep it one step.
/// Where the old figures have no more decimals than the table (as typed and imported figures
/// have), the total change is thus the exact total change rounded to the table's decimals.
pub fn preview(
    wb: &Workbook,
    table: &str,
    rows: &[String],
    columns: &[String],
    uplift: Uplift,
) -> Result<UpliftPreview, CoreError> {
    let t = wb.table(table)?;
    let overflow = || CoreError::Overflow {
        context: text!("uppräkning i ”{}”", "uplift in “{}”", t.title),
    };
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    // The exact total change, before any rounding, and the cell with the largest change.
    let mut exact_change = Decimal::ZERO;
    let mut largest: Option<(usize, Decimal)> = None;
    // Indexed once: a detail budget may uplift thousands of rows.
    let index: std::collections::HashMap<&str, usize> = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for row_id in rows {
        let row = index
            .get(row_id.as_str())
            .map(|&i| &t.rows[i])
            .ok_or_else(|| CoreError::UnknownRow {
                table: table.into(),
                row: row_id.clone(),
            })?;
        for column_id in columns {
            let column = t.column(column_id)?;
            if !matches!(row.kind, RowKind::Input) || !column.kind.is_input() {
                return Err(CoreError::NotAnInputCell {
                    table: table.into(),
                    row: row_id.clone(),
                    column: column_id.clone(),
                });
            }
            let Some(Cell::Number(old)) = row.cells.get(column_id) else {
                skipped.push((row_id.clone(), column_id.clone()));
                continue;
            };
            let exact = match uplift {
                Uplift::Percent(p) => p
                    .divided_by(Decimal::ONE_HUNDRED)
                    .and_then(|f| old.times(f))
                    .and_then(|x| old.plus(x)),
                Uplift::Amount(a) => old.plus(a),
            }
            .ok_or_else(overflow)?;
            let step = exact.minus(*old).ok_or_else(overflow)?;
            exact_change = exact_change.plus(step).ok_or_else(overflow)?;
            if largest.is_none_or(|(_, most)| step.abs() > most) {
                largest = Some((cells.len(), step.abs()));
            }
            cells.push(UpliftCell {
                row: row_id.clone(),
                row_label: row.label.clone(),
                column: column_id.clone(),
                column_label: column.label.clone(),
                old: *old,
                new: round_for_display(exact, t.decimals),
            });
        }
    }
    let rounded_change = cells
        .iter()
        .try_fold(Decimal::ZERO, |acc, c| acc.plus(c.new)?.minus(c.old))
        .ok_or_else(overflow)?;
    // Rounded again: an old figure with more decimals than the table would leave its fraction
    // in the remainder, and every figure is to have the table's decimals.
    let rest = round_for_display(exact_change, t.decimals)
        .minus(rounded_change)
        .map(|r| round_for_display(r, t.decimals))
        .ok_or_else(overflow)?;
    let remainder = largest.map(|(i, _)| i).filter(|_| !rest.is_zero());
    if let Some(cell) = remainder.and_then(|i| cells.get_mut(i)) {
        cell.new = cell.new.plus(rest).ok_or_else(overflow)?;
    }
    let mut change = Decimal::ZERO;
    for c in &mut cells {
        c.new = c.new.normalize();
        change = c
            .new
            .minus(c.old)
            .and_then(|step| change.plus(step))
            .ok_or_else(overflow)?;
    }
    Ok(UpliftPreview {
        table: table.into(),
        cells,
        skipped,
        change,
        remainder,
    })
}

impl UpliftPreview {
    /// The previewed figures as one undoable step.
    pub fn action(&self) -> Action {
        Action::Batch(
            self.cells
                .iter()
                .map(|c| Action::SetCell {
                    table: self.table.clone(),
                    row: c.row.clone(),
                    column: c.column.clone(),
                    input: c.new.to_string(),
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is a failing test
    use super::*;
    use crate::model::{Column, ColumnKind, Row, Table, Unit};
    use proptest::prelude::*;

    fn workbook(olds: &[Decimal], decimals: u32) -> Workbook {
        let mut wb = Workbook::empty("t");
        wb.tables.push(Table {
            id: "t".into(),
            title: "T".into(),
            unit: Unit::Tkr,
            decimals,
            columns: vec![Column {
                id: "b".into(),
                label: "Budget".into(),
                kind: ColumnKind::Input,
                group: None,
            }],
            rows: olds
                .iter()
                .enumerate()
                .map(|(i, old)| Row {
                    id: format!("r{i}"),
                    label: format!("Rad {i}"),
                    kind: RowKind::Input,
                    cells: [("b".to_string(), Cell::Number(*old))].into(),
                    control: Default::default(),
                    notes: Default::default(),
                    printed_notes: Default::default(),
                })
                .collect(),
            deviation: Default::default(),
        });
        wb
    }

    fn run(olds: &[Decimal], decimals: u32, uplift: Uplift) -> UpliftPreview {
        let rows: Vec<String> = (0..olds.len()).map(|i| format!("r{i}")).collect();
        preview(&workbook(olds, decimals), "t", &rows, &["b".into()], uplift).unwrap()
    }

    #[test]
    fn whole_tkr_stay_whole_and_the_remainder_goes_to_the_largest_change() {
        // 2,3 % of 100, 100, 100 is 2,3 each: 2 each rounded, 6,9 → 7 in all.
        let p = run(
            &[Decimal::from(100); 3],
            0,
            Uplift::Percent(Decimal::new(23, 1)),
        );
        let news: Vec<Decimal> = p.cells.iter().map(|c| c.new).collect();
        assert_eq!(
            news,
            [Decimal::from(103), Decimal::from(102), Decimal::from(102)]
        );
        assert_eq!(p.change, Decimal::from(7));
        assert_eq!(p.remainder, Some(0));
        // Nothing to place: no remainder cell.
        let p = run(&[Decimal::from(100)], 0, Uplift::Amount(Decimal::from(5)));
        assert_eq!((p.cells[0].new, p.remainder), (Decimal::from(105), None));
    }

    proptest! {
        #[test]
        fn figures_keep_the_tables_decimals_and_the_change_is_the_exact_one_rounded(
            olds in proptest::collection::vec(-10_000_000i64..10_000_000, 1..40),
            decimals in 0u32..3,
            pct in -5000i64..5000,
            amount in prop::option::of(-100_000i64..100_000),
        ) {
            let olds: Vec<Decimal> = olds.into_iter().map(|o| Decimal::new(o, decimals)).collect();
            let uplift = match amount {
                Some(a) => Uplift::Amount(Decimal::new(a, 3)),
                None => Uplift::Percent(Decimal::new(pct, 2)),
            };
            let p = run(&olds, decimals, uplift);
            let mut exact = Decimal::ZERO;
            for (c, old) in p.cells.iter().zip(&olds) {
                prop_assert!(c.new.normalize().scale() <= decimals, "{}", c.new);
                exact += match uplift {
                    Uplift::Percent(q) => *old * q / Decimal::ONE_HUNDRED,
                    Uplift::Amount(a) => a,
                };
            }
            let change: Decimal = p.cells.iter().map(|c| c.new - c.old).sum();
            prop_assert_eq!(change, p.change);
            prop_assert_eq!(change, round_for_display(exact, decimals));
        }
    }
}
