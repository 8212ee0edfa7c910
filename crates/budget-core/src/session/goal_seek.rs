//! Goal seek for balance: how far a total is from a target frame, and that gap distributed over
//! chosen rows pro rata to their current figures. Each share is rounded to the table's decimals
//! and the rounding remainder goes to one row the user chooses, so the total hits the target
//! exactly.

use rust_decimal::Decimal;

use crate::base::{round_for_display, CoreError, Exact, Text};
use crate::engine::Computed;
use crate::model::{Cell, RowKind, Workbook};
use crate::session::action::Action;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalSeekRequest {
    pub table: String,
    pub column: String,
    /// The total (a sum row over the chosen rows) that must reach the target.
    pub total_row: String,
    pub target: Decimal,
    /// Rows that take part, pro rata to their current figures.
    pub rows: Vec<String>,
    /// The row that takes the rounding remainder; must be one of `rows`.
    pub remainder_row: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalShare {
    pub row: String,
    pub label: String,
    pub old: Decimal,
    pub share: Decimal,
    pub new: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalSeek {
    pub table: String,
    pub column: String,
    pub current: Decimal,
    pub target: Decimal,
    /// Target − current: positive means add, negative means cut.
    pub gap: Decimal,
    pub shares: Vec<GoalShare>,
}

fn err(message: Text) -> CoreError {
    CoreError::GoalSeek { message }
}

pub fn goal_seek(
    wb: &Workbook,
    computed: &Computed,
    req: &GoalSeekRequest,
) -> Result<GoalSeek, CoreError> {
    let t = wb.table(&req.table)?;
    if !t.column(&req.column)?.kind.is_input() {
        return Err(CoreError::NotAnInputCell {
            table: req.table.clone(),
            row: req.total_row.clone(),
            column: req.column.clone(),
        });
    }
    let total = t.row(&req.total_row)?;
    let RowKind::Sum { terms } = &total.kind else {
        return Err(err(text!(
            "”{}” är ingen summarad",
            "“{}” is not a sum row",
            total.label
        )));
    };
    let mut seen = std::collections::BTreeSet::new();
    if req.rows.iter().any(|r| !seen.insert(r)) {
        return Err(err(text!(
            "samma rad är vald två gånger",
            "the same row is chosen twice"
        )));
    }
    if req.rows.is_empty() {
        return Err(err(text!(
            "välj minst en rad att fördela på",
            "choose at least one row to spread over"
        )));
    }
    if !req.rows.contains(&req.remainder_row) {
        return Err(err(text!(
            "raden som tar avrundningen måste vara en av de valda",
            "the row that takes the rounding must be one of those chosen"
        )));
    }
    let current = computed
        .value(wb, &req.table, &req.total_row, &req.column)
        .number()
        .ok_or_else(|| CoreError::NoFigure {
            table: req.table.clone(),
            row: req.total_row.clone(),
            column: req.column.clone(),
        })?;
    let mut olds = Vec::with_capacity(req.rows.len());
    for id in &req.rows {
        let row = t.row(id)?;
        if !matches!(row.kind, RowKind::Input) || !terms.contains(id) {
            return Err(err(text!(
                "”{}” ingår inte direkt i ”{}”",
                "“{}” is not directly part of “{}”",
                row.label,
                total.label
            )));
        }
        let Some(Cell::Number(old)) = row.cells.get(&req.column) else {
            return Err(CoreError::NoFigure {
                table: req.table.clone(),
                row: id.clone(),
                column: req.column.clone(),
            });
        };
        olds.push((id, row.label.clone(), *old));
    }
    let overflow = || CoreError::Overflow {
        context: text!("målsökning", "goal seek"),
    };
    let gap = req.target.minus(current).ok_or_else(overflow)?;
    let base = olds
        .iter()
        .try_fold(Decimal::ZERO, |acc, (_, _, v)| acc.plus(*v))
        .ok_or_else(overflow)?;
    if base.is_zero() {
        return Err(err(text!(
            "de valda raderna summerar till noll, så pro rata går inte",
            "the chosen rows sum to zero, so pro rata is not possible"
        )));
    }
    let mut shares = Vec::with_capacity(olds.len());
    let mut given = Decimal::ZERO;
    for (id, label, old) in &olds {
        let share = if **id == req.remainder_row {
            Decimal::ZERO
        } else {
            let exact = gap
                .times(*old)
                .and_then(|x| x.divided_by(base))
                .ok_or_else(overflow)?;
            round_for_display(exact, t.decimals)
        };
        given = given.plus(share).ok_or_else(overflow)?;
        shares.push(GoalShare {
            row: (*id).clone(),
            label: label.clone(),
            old: *old,
            share,
            new: *old,
        });
    }
    let rest = gap.minus(given).ok_or_else(overflow)?;
    for s in &mut shares {
        if s.row == req.remainder_row {
            s.share = rest;
        }
        s.new = s.old.plus(s.share).ok_or_else(overflow)?.normalize();
    }
    Ok(GoalSeek {
        table: req.table.clone(),
        column: req.column.clone(),
        current,
        target: req.target,
        gap,
        shares,
    })
}

impl GoalSeek {
    /// The distribution as one undoable step.
    pub fn action(&self) -> Action {
        Action::Batch(
            self.shares
                .iter()
                .filter(|s| !s.share.is_zero())
                .map(|s| Action::SetCell {
                    table: self.table.clone(),
                    row: s.row.clone(),
                    column: self.column.clone(),
                    input: s.new.to_string(),
                })
                .collect(),
        )
    }
}
