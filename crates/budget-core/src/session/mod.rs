//! Change: every edit is an `Action` applied by a `Session` with exact undo; `Live` is the session
//! with its kept values and the one entry point for an edit; planners (uplift, goal seek) turn a
//! request into an `Action`.

mod action;
mod allocate;
mod edit;
mod follow;
mod goal_seek;
mod history;
mod live;
mod log;
pub mod merge;
mod plan;
mod rehearsal;
mod uplift;

pub use action::{Action, TableMeta};
pub use allocate::AllocationChange;
pub use goal_seek::{goal_seek, GoalSeekRequest};
pub use history::{Session, MAX_UNDO_STEPS};
pub use live::{Changed, Live};
pub use log::Stamp;
pub use rehearsal::rehearse_edit;
pub use uplift::{preview, Uplift};
