//! A rehearsal of one edit, run once when the page has loaded: the browser compiles a wasm
//! function on its first call, so without it the user's first edit paid for compiling the
//! whole edit path (24–40 ms to show against 5–6 ms for later edits, issue 13).

use crate::analysis::{activity_bridge, check};
use crate::catalog::default_workbook;
use crate::model::{ColumnKind, RowKind};
use crate::session::action::Action;
use crate::session::live::Live;

/// Runs an edit and its undo through the same calls a user's edit makes ([`Live::apply`], then
/// checks and bridges), on a throwaway copy of the default scenario. Returns whether
/// both steps ran (nothing depends on it; tests do).
pub fn rehearse_edit() -> bool {
    let Ok(workbook) = default_workbook() else {
        return false;
    };
    let target = workbook.tables.iter().find_map(|t| {
        let row = t.rows.iter().find(|r| matches!(r.kind, RowKind::Input))?;
        let column = t.columns.iter().find(|c| c.kind == ColumnKind::Input)?;
        Some((t.id.clone(), row.id.clone(), column.id.clone()))
    });
    let Some((table, row, column)) = target else {
        return false;
    };
    let mut live = Live::new(workbook);
    let edit = Action::SetCell {
        table,
        row,
        column,
        input: "-1 234,5".into(),
    };
    [edit, Action::Undo].into_iter().all(|action| {
        let applied = live.apply(action).is_ok();
        let (workbook, computed) = (live.workbook(), live.computed());
        let findings = check(workbook, computed);
        let _ = (
            crate::analysis::bridge(workbook, computed),
            activity_bridge(workbook, computed),
        );
        applied && !findings.is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rehearsal_runs_an_edit_and_its_undo() {
        assert!(rehearse_edit());
    }
}
