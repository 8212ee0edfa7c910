//! Changes to the allocation setup: what [`crate::session::action::Action::Allocate`] carries, checked
//! against the workbook before it is applied.

use crate::base::CoreError;
use crate::model::{Allocations, BudgetMode, RowKind, Share, Split, Workbook};
use crate::text;

/// A change to the allocation setup, applied as an undoable [`crate::session::Action::Allocate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllocationChange {
    /// Sets (or with empty input removes) the share of `line` in `table` going to `activity`.
    SetShare {
        table: String,
        line: String,
        activity: String,
        input: String,
    },
    SetMode(BudgetMode),
}

/// The allocation setup after `change`, validated against the workbook.
pub fn changed(wb: &Workbook, change: AllocationChange) -> Result<Allocations, CoreError> {
    let mut a = wb
        .allocations
        .clone()
        .ok_or_else(|| CoreError::Allocation {
            message: text!(
                "arbetsboken har ingen fördelning på verksamheter",
                "the workbook has no allocation to activities"
            ),
        })?;
    match change {
        AllocationChange::SetMode(mode) => a.mode = mode,
        AllocationChange::SetShare {
            table,
            line,
            activity,
            input,
        } => {
            if !a.sources.iter().any(|s| s.table == table) {
                return Err(CoreError::Allocation {
                    message: text!(
                        "tabellen ”{table}” har inga rader att fördela",
                        "the table “{table}” has no rows to allocate"
                    ),
                });
            }
            let line_row = wb.table(&table)?.row(&line)?;
            if !matches!(line_row.kind, RowKind::Input) {
                return Err(CoreError::Allocation {
                    message: text!(
                        "”{}” är en summa och fördelas inte",
                        "“{}” is a sum and is not allocated",
                        line_row.label
                    ),
                });
            }
            let act_row = wb.table(&a.activities)?.row(&activity)?;
            if !matches!(act_row.kind, RowKind::Input) {
                return Err(CoreError::Allocation {
                    message: text!(
                        "”{}” är en summa, inte en verksamhet",
                        "“{}” is a sum, not an activity",
                        act_row.label
                    ),
                });
            }
            let split = Split::parse(&input).map_err(|source| CoreError::Number {
                context: text!(
                    "fördelning av ”{}” på ”{}”",
                    "allocation of “{}” to “{}”",
                    line_row.label,
                    act_row.label
                ),
                source,
            })?;
            let at = a
                .shares
                .iter()
                .position(|s| s.table == table && s.line == line && s.activity == activity);
            match (at, split) {
                (Some(i), Some(split)) => a.shares[i].split = split,
                (Some(i), None) => {
                    a.shares.remove(i);
                }
                (None, Some(split)) => a.shares.push(Share {
                    table,
                    line,
                    activity,
                    split,
                }),
                (None, None) => {}
            }
        }
    }
    Ok(a)
}
