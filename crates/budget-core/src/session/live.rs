//! The live workbook: a session and its incrementally kept values, changed only through
//! [`Live::apply`], which owns the rules every edit obeys (the budget follows the bridge, the
//! change is applied and recorded, values are brought up to date) so no caller can leave one out.

use crate::base::CoreError;
use crate::engine::{Computed, Recalc};
use crate::model::Workbook;
use crate::session::action::Action;
use crate::session::edit::{touched_by, Edit};
use crate::session::follow::{allocated_by_activity, follow_moves, may_move_allocations};
use crate::session::history::Session;
use crate::session::log::Stamp;

/// A session with its computed values, always up to date with its workbook.
#[derive(Debug, Clone)]
pub struct Live {
    session: Session,
    recalc: Recalc,
}

/// What an applied action changed, for views that re-render only that.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changed {
    /// Indices (in the workbook after the change) of the tables whose values or structure
    /// changed, ascending.
    pub tables: Vec<usize>,
}

impl Live {
    pub fn new(workbook: Workbook) -> Live {
        Live::of(Session::new(workbook))
    }

    /// A session (restored from storage, or another scenario's) with its values computed.
    pub fn of(session: Session) -> Live {
        let recalc = Recalc::full(&session.workbook);
        Live { session, recalc }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn workbook(&self) -> &Workbook {
        &self.session.workbook
    }

    pub fn computed(&self) -> &Computed {
        self.recalc.computed()
    }

    pub fn into_session(self) -> Session {
        self.session
    }

    /// Applies one user action as one undo step. In "budget follows the bridge" mode the step
    /// also moves each activity's proposed budget by the change in what it is allocated. On
    /// error the workbook, history and values are exactly as before.
    pub fn apply(&mut self, action: Action) -> Result<Changed, CoreError> {
        self.apply_as(action, &Stamp::default())
    }

    /// [`Live::apply`], with the step's log entry stamped `stamp` (time, author, reason).
    pub fn apply_as(&mut self, action: Action, stamp: &Stamp) -> Result<Changed, CoreError> {
        if !may_move_allocations(&self.session.workbook, &action) {
            self.session.apply_as(action, stamp)?;
            let tables = self
                .recalc
                .update(&self.session.workbook, self.session.last_touched());
            return Ok(Changed { tables });
        }
        let before = allocated_by_activity(&self.session.workbook, self.recalc.computed());
        let known = action.logged_changes();
        let inverse = self.session.stage(action)?;
        let mut tables = self.update(&inverse);
        let after = allocated_by_activity(&self.session.workbook, self.recalc.computed());
        let moves = follow_moves(&self.session.workbook, &before, &after);
        let step = if moves.is_empty() {
            inverse
        } else {
            match self.session.stage(Action::Batch(moves)) {
                Ok(moved) => {
                    tables.extend(self.update(&moved));
                    // One flat step, moves undone first: as if typed as one batch.
                    let mut edits = into_edits(moved);
                    edits.extend(into_edits(inverse));
                    Edit::Batch { edits }
                }
                Err(e) => {
                    let touched = touched_by(&inverse);
                    self.session.unstage(inverse);
                    self.recalc.update(&self.session.workbook, &touched);
                    return Err(e);
                }
            }
        };
        self.session.record(step, stamp, known);
        tables.sort_unstable();
        tables.dedup();
        Ok(Changed { tables })
    }

    fn update(&mut self, staged: &Edit) -> Vec<usize> {
        self.recalc
            .update(&self.session.workbook, &touched_by(staged))
    }
}

fn into_edits(edit: Edit) -> Vec<Edit> {
    match edit {
        Edit::Batch { edits } => edits,
        other => vec![other],
    }
}
