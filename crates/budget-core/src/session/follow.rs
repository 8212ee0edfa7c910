//! "The budget follows the bridge": which actions may move what an activity is allocated, and
//! the edits that move its proposed budget with it. Applied by [`crate::session::live::Live::apply`].

use crate::analysis::activity_bridge;
use crate::base::Exact;
use crate::engine::{Computed, Value};
use crate::model::{BudgetMode, Cell, Workbook};
use crate::session::action::Action;
use crate::session::allocate::AllocationChange;

/// What each activity receives from the lines (a number, or an error from a line in error), in
/// the activity table's order. A list: a handful of activities, looked up by id.
pub(crate) fn allocated_by_activity(wb: &Workbook, computed: &Computed) -> Vec<(String, Value)> {
    activity_bridge(wb, computed)
        .map(|b| {
            b.activities
                .into_iter()
                .map(|r| (r.id, r.allocated))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether, in "budget follows the bridge" mode, `action` may move what an activity is
/// allocated, so its proposed budget may have to follow (see [`follow_moves`]).
pub(crate) fn may_move_allocations(wb: &Workbook, action: &Action) -> bool {
    let Some(a) = wb.allocations.as_ref() else {
        return false;
    };
    if a.mode != BudgetMode::FollowsBridge
        || matches!(
            action,
            Action::Undo
                | Action::Redo
                | Action::LoadScenario(_)
                | Action::Merge { .. }
                | Action::SetNote { .. }
                | Action::SetLocked(_)
                | Action::Allocate(AllocationChange::SetMode(_))
        )
    {
        return false;
    }
    // Typing is the hot path: a cell outside the allocated lines' tables cannot move an
    // allocation.
    if let Action::SetCell { table, .. } | Action::SetControl { table, .. } = action {
        return a.sources.iter().any(|s| &s.table == table);
    }
    // Nor can a table the setup does not name (an import as a new table).
    if let Action::AddTable { table, .. } = action {
        return a.names_table(&table.id);
    }
    true
}

/// The edits that move each activity's typed proposed budget by the change in what it is
/// allocated, from `before` to `after` (both from [`allocated_by_activity`]).
pub(crate) fn follow_moves(
    wb: &Workbook,
    before: &[(String, Value)],
    after: &[(String, Value)],
) -> Vec<Action> {
    let Some(a) = wb.allocations.as_ref() else {
        return Vec::new();
    };
    let Ok(table) = wb.table(&a.activities) else {
        return Vec::new();
    };
    let mut moves = Vec::new();
    for (id, new) in after {
        // A line in error moves nothing: the error shows, and the budget waits for a figure.
        let (Some(Value::Number(old)), Value::Number(new)) =
            (before.iter().find(|(b, _)| b == id).map(|(_, v)| v), new)
        else {
            continue;
        };
        let Some(delta) = new.minus(*old).filter(|d| !d.is_zero()) else {
            continue;
        };
        // Only a typed figure can follow; a blank or erroneous one stays for the user to fix.
        let Ok(row) = table.row(id) else { continue };
        if let Some(Cell::Number(v)) = row.cells.get(&a.proposed) {
            if let Some(moved) = v.plus(delta) {
                moves.push(Action::SetCell {
                    table: table.id.clone(),
                    row: id.clone(),
                    column: a.proposed.clone(),
                    input: moved.normalize().to_string(),
                });
            }
        }
    }
    moves
}
