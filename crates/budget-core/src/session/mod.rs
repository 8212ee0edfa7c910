//! Change: every edit is an `Action` applied by a `Session` with exact undo; `Live` is the session
//! with its kept values and the one entry point for an edit; planners (uplift, goal seek) turn a
//! request into an `Action`.

mod action;
mod allocate;
mod follow;
mod goal_seek;
mod live;
mod rehearsal;
mod uplift;

pub use action::{Action, Session, TableMeta, MAX_UNDO_STEPS};
pub use allocate::AllocationChange;
pub use goal_seek::{goal_seek, GoalSeekRequest};
pub use live::Live;
pub use rehearsal::rehearse_edit;
pub use uplift::{preview, Uplift};
