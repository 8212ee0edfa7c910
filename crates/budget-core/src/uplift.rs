//! The uplift tool: a percentage (the general 2,3 % uplift) or an amount applied to chosen rows
//! and columns of a table. The preview is computed first and the applied action is built from
//! it, so what is shown is exactly what is applied, as one undo step.

use rust_decimal::Decimal;

use crate::action::Action;
use crate::arith::Exact;
use crate::error::CoreError;
use crate::model::{Cell, RowKind, Workbook};
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpliftPreview {
    pub table: String,
    pub cells: Vec<UpliftCell>,
    /// Chosen cells without a figure (blank or not a number), left as they are.
    pub skipped: Vec<(String, String)>,
    /// Sum of new − old over the changed cells.
    pub change: Decimal,
}

/// What applying `uplift` to the chosen cells would do. Sum rows and computed columns are
/// refused: they follow from the input cells.
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
    let mut change = Decimal::ZERO;
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
            let new = match uplift {
                Uplift::Percent(p) => p
                    .divided_by(Decimal::ONE_HUNDRED)
                    .and_then(|f| old.times(f))
                    .and_then(|x| old.plus(x)),
                Uplift::Amount(a) => old.plus(a),
            }
            .ok_or_else(overflow)?
            .normalize();
            change = new
                .minus(*old)
                .and_then(|step| change.plus(step))
                .ok_or_else(overflow)?;
            cells.push(UpliftCell {
                row: row_id.clone(),
                row_label: row.label.clone(),
                column: column_id.clone(),
                column_label: column.label.clone(),
                old: *old,
                new,
            });
        }
    }
    Ok(UpliftPreview {
        table: table.into(),
        cells,
        skipped,
        change,
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
