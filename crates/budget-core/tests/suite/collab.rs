//! Working on copies: the change log and its undo, notes, the locked baseline, and merging a
//! colleague's copy (properties of `session::merge` and a structural merge).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use budget_core::catalog::default_workbook;
use budget_core::model::{Part, RowKind};
use budget_core::session::merge::{choices_by_spot, merge_action, merged, plan, Side};
use budget_core::session::Stamp;
use budget_core::{Action, Cell, CoreError, Live, Session, Workbook};
use proptest::prelude::*;

use crate::common::{d, set};

fn stamp(at: &str, author: &str) -> Stamp {
    Stamp {
        at: at.into(),
        author: author.into(),
        reason: String::new(),
    }
}

/// Every typed cell of the default scenario: (table, row, column).
fn input_cells(wb: &Workbook) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for t in &wb.tables {
        for r in t.rows.iter().filter(|r| matches!(r.kind, RowKind::Input)) {
            for c in t.input_columns() {
                out.push((t.id.clone(), r.id.clone(), c.id.clone()));
            }
        }
    }
    out
}

/// The default scenario after its author's first change, as sent to colleagues.
fn sent() -> Session {
    let mut s = Session::new(default_workbook().unwrap());
    let (t, r, c) = input_cells(&s.workbook)[0].clone();
    s.apply_as(
        set(&t, &r, &c, "1"),
        &stamp("2026-12-01T08:00:00.000Z", "Controller"),
    )
    .unwrap();
    s
}

/// A copy of `base` in which `who` typed `edits` (index into the input cells, figure).
fn copy(base: &Session, who: &str, edits: &[(usize, i64)]) -> Workbook {
    let mut s = Session::new(base.workbook.clone());
    let cells = input_cells(&s.workbook);
    for (n, (i, v)) in edits.iter().enumerate() {
        let (t, r, c) = &cells[i % cells.len()];
        let at = format!("2026-12-02T08:00:{:02}.{n:03}Z", n % 60);
        s.apply_as(set(t, r, c, &v.to_string()), &stamp(&at, who))
            .unwrap();
    }
    s.workbook
}

fn value(wb: &Workbook, (t, r, c): &(String, String, String)) -> Option<Cell> {
    wb.table(t).unwrap().row(r).unwrap().cells.get(c).cloned()
}

#[test]
fn every_change_is_logged_and_undo_takes_its_entry_away() {
    let mut live = Live::new(default_workbook().unwrap());
    let cells = input_cells(live.workbook());
    let (t, r, c) = &cells[0];
    let before = value(live.workbook(), &cells[0]);
    let by = Stamp {
        reason: "Ny prognos".into(),
        ..stamp("2026-12-07T09:00:00.000Z", "Eva Ekonom")
    };
    live.apply_as(set(t, r, c, "1 234"), &by).unwrap();
    let log = &live.workbook().collab.log;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].author, "Eva Ekonom");
    assert_eq!(log[0].reason, "Ny prognos");
    assert_eq!(log[0].changes[0].part, Part::Value);
    assert_eq!(log[0].changes[0].before, before);
    assert_eq!(log[0].changes[0].after, Some(Cell::Number(d("1234"))));
    assert_eq!(
        live.workbook().collab.scenario,
        "2026-12-07T09:00:00.000Z Eva Ekonom"
    );
    let logged = live.workbook().clone();
    live.apply(Action::Undo).unwrap();
    assert!(live.workbook().collab.log.is_empty());
    assert_eq!(live.workbook().collab.scenario, "");
    live.apply(Action::Redo).unwrap();
    assert_eq!(live.workbook(), &logged);
}

#[test]
fn notes_are_undoable_and_allowed_in_a_locked_baseline() {
    let mut live = Live::new(default_workbook().unwrap());
    let (t, r, c) = input_cells(live.workbook())[0].clone();
    let note = |text: &str| Action::SetNote {
        table: t.clone(),
        row: r.clone(),
        column: c.clone(),
        printed: false,
        text: text.into(),
    };
    live.apply(Action::SetLocked(true)).unwrap();
    let refused = live.apply(set(&t, &r, &c, "5")).unwrap_err();
    assert_eq!(refused, CoreError::Locked);
    assert!(refused.to_string().contains("låst"));
    live.apply(note("  Enligt avtal 2026  ")).unwrap();
    let row = live.workbook().table(&t).unwrap().row(&r).unwrap();
    assert_eq!(
        row.notes.get(&c).map(String::as_str),
        Some("Enligt avtal 2026")
    );
    let last = live.workbook().collab.log.last().unwrap();
    assert_eq!(last.changes[0].part, Part::Note);
    live.apply(Action::Undo).unwrap();
    let row = live.workbook().table(&t).unwrap().row(&r).unwrap();
    assert!(row.notes.is_empty());
    // A printed figure's note needs a total: an input row has none.
    let printed = Action::SetNote {
        table: t.clone(),
        row: r.clone(),
        column: c.clone(),
        printed: true,
        text: "x".into(),
    };
    assert!(live.apply(printed).is_err());
    live.apply(Action::SetLocked(false)).unwrap();
    live.apply(set(&t, &r, &c, "5")).unwrap();
}

#[test]
fn a_copy_without_a_common_lineage_is_not_related() {
    let ours = copy(&sent(), "A", &[(1, 5)]);
    let mut other = Session::new(default_workbook().unwrap());
    let (t, r, c) = input_cells(&other.workbook)[2].clone();
    other
        .apply_as(
            set(&t, &r, &c, "9"),
            &stamp("2026-11-01T08:00:00.000Z", "Någon"),
        )
        .unwrap();
    assert!(!plan(&ours, &other.workbook).related);
    assert!(plan(&ours, &copy(&sent(), "B", &[(3, 1)])).related);
}

#[test]
fn rows_added_removed_and_renamed_on_either_side_merge() {
    let base = sent();
    let wb = &base.workbook;
    let table = wb
        .tables
        .iter()
        .find(|t| t.rows.iter().any(|r| matches!(r.kind, RowKind::Sum { .. })))
        .unwrap();
    let t = table.id.clone();
    let inputs: Vec<String> = table
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Input))
        .map(|r| r.id.clone())
        .collect();
    let column = table.input_columns().next().unwrap().id.clone();
    let by = |who: &str, n: u32| stamp(&format!("2026-12-03T08:00:0{n}.000Z"), who);
    // Theirs adds a row with a figure and renames the first row.
    let mut theirs = Session::new(wb.clone());
    theirs
        .apply_as(
            Action::AddRow {
                table: t.clone(),
                after: Some(inputs[0].clone()),
                label: "Ny verksamhet".into(),
            },
            &by("B", 1),
        )
        .unwrap();
    let added = theirs.workbook.table(&t).unwrap().rows[1].id.clone();
    theirs
        .apply_as(set(&t, &added, &column, "700"), &by("B", 2))
        .unwrap();
    theirs
        .apply_as(
            Action::RenameRow {
                table: t.clone(),
                row: inputs[0].clone(),
                label: "Omdöpt av B".into(),
            },
            &by("B", 3),
        )
        .unwrap();
    theirs
        .apply_as(set(&t, &inputs[1], &column, "3"), &by("B", 4))
        .unwrap();
    // Ours removes the second row, which theirs edited: a conflict, not a silent loss.
    let mut ours = Session::new(wb.clone());
    ours.apply_as(
        Action::RemoveRow {
            table: t.clone(),
            row: inputs[1].clone(),
        },
        &by("A", 1),
    )
    .unwrap();
    let p = plan(&ours.workbook, &theirs.workbook);
    let conflicts: Vec<_> = p.conflicts().collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    assert_eq!(conflicts[0].spot.row, inputs[1]);
    assert_eq!(conflicts[0].spot.part, Part::Row);
    let keep_removed = merged(&ours.workbook, &theirs.workbook, &p, &[Side::Ours]).unwrap();
    let table = keep_removed.table(&t).unwrap();
    assert_eq!(table.rows[0].label, "Omdöpt av B");
    assert_eq!(table.rows[1].id, added);
    assert_eq!(
        table.rows[1].cells.get(&column),
        Some(&Cell::Number(d("700")))
    );
    assert!(table.row(&inputs[1]).is_err());
    // The new row is counted where theirs counted it.
    let counted = |wb: &Workbook| {
        wb.table(&t)
            .unwrap()
            .rows
            .iter()
            .filter(|r| matches!(&r.kind, RowKind::Sum { terms } if terms.contains(&added)))
            .count()
    };
    assert_eq!(counted(&keep_removed), counted(&theirs.workbook));
    assert!(counted(&keep_removed) > 0);
    let take_theirs = merged(&ours.workbook, &theirs.workbook, &p, &[Side::Theirs]).unwrap();
    assert!(take_theirs.table(&t).unwrap().row(&inputs[1]).is_ok());
    // Merged, the copy has nothing new any more.
    let again = plan(&keep_removed, &theirs.workbook);
    assert_eq!(again.theirs_new, 0);
    assert_eq!(again.conflicts().count(), 0);
    // A merge is one undo step with its own entry.
    let ours_wb = ours.workbook.clone();
    let mut live = Live::of(ours);
    let entries = live.workbook().collab.log.len();
    let action = merge_action(&ours_wb, &theirs.workbook, &p, &[Side::Ours]).unwrap();
    live.apply_as(action, &by("A", 9)).unwrap();
    assert_eq!(live.workbook().tables, keep_removed.tables);
    let entry = live.workbook().collab.log.last().unwrap();
    assert!(entry
        .changes
        .iter()
        .any(|c| c.row == added && c.part == Part::Row));
    assert_eq!(live.workbook().collab.log.len(), entries + 4 + 1);
    live.apply(Action::Undo).unwrap();
    assert_eq!(live.workbook().collab.log.len(), entries);
}

#[test]
fn a_conflict_carries_each_sides_note_and_choices_go_to_their_spot() {
    let base = sent();
    let cells = input_cells(&base.workbook);
    let ours = copy(&base, "A", &[(2, 10), (3, 30)]);
    let mut theirs = Session::new(copy(&base, "B", &[(2, 20), (4, 40)]));
    let (t, r, c) = cells[2].clone();
    theirs
        .apply_as(
            Action::SetNote {
                table: t.clone(),
                row: r.clone(),
                column: c.clone(),
                printed: false,
                text: "Enligt nytt avtal".into(),
            },
            &stamp("2026-12-02T09:00:00.000Z", "B"),
        )
        .unwrap();
    let p = plan(&ours, &theirs.workbook);
    let conflicts: Vec<_> = p.conflicts().collect();
    // The figure both typed; the note only theirs wrote is theirs to give.
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    let conflict = conflicts[0];
    assert_eq!(conflict.ours, Some(Cell::Number(d("10"))));
    assert_eq!(conflict.theirs, Some(Cell::Number(d("20"))));
    assert_eq!(conflict.ours_note, None);
    assert_eq!(conflict.theirs_note.as_deref(), Some("Enligt nytt avtal"));
    assert_eq!(conflict.theirs_entries[0].author, "B");
    // The plan crosses to the page as JSON and back unchanged.
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(
        serde_json::from_str::<budget_core::session::merge::MergePlan>(&json).unwrap(),
        p
    );
    let chosen = [(conflict.spot.clone(), Side::Theirs)];
    assert_eq!(choices_by_spot(&p, &chosen).unwrap(), vec![Side::Theirs]);
    let m = merged(&ours, &theirs.workbook, &p, &[Side::Theirs]).unwrap();
    assert_eq!(value(&m, &cells[2]), Some(Cell::Number(d("20"))));
    assert_eq!(value(&m, &cells[3]), Some(Cell::Number(d("30"))));
    assert_eq!(value(&m, &cells[4]), Some(Cell::Number(d("40"))));
    // A choice made for another spot settles nothing.
    let mut elsewhere = conflict.spot.clone();
    elsewhere.column.push('x');
    assert_eq!(
        choices_by_spot(&p, &[(elsewhere, Side::Ours)]).unwrap_err(),
        CoreError::MergeChoices {
            conflicts: 1,
            choices: 0
        }
    );
}

fn edits() -> impl Strategy<Value = Vec<(usize, i64)>> {
    prop::collection::vec((0usize..40, -5000i64..5000), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Merging an unchanged copy, or a copy into itself, changes nothing.
    #[test]
    fn merging_an_unchanged_copy_changes_nothing(ours_edits in edits()) {
        let base = sent();
        let ours = copy(&base, "A", &ours_edits);
        let p = plan(&ours, &base.workbook);
        prop_assert_eq!(p.conflicts().count(), 0);
        prop_assert_eq!(merged(&ours, &base.workbook, &p, &[]).unwrap(), ours.clone());
        prop_assert!(plan(&ours, &ours).differences.is_empty());
    }

    /// Edits of different cells on the two sides merge without conflicts, in either order to
    /// the same figures.
    #[test]
    fn disjoint_edits_commute(a in edits(), b in edits()) {
        let base = sent();
        let half = input_cells(&base.workbook).len() / 2;
        let a: Vec<_> = a.into_iter().map(|(i, v)| (2 * (i % half), v)).collect();
        let b: Vec<_> = b.into_iter().map(|(i, v)| (2 * (i % half) + 1, v)).collect();
        let (ours, theirs) = (copy(&base, "A", &a), copy(&base, "B", &b));
        let one = plan(&ours, &theirs);
        let other = plan(&theirs, &ours);
        prop_assert_eq!(one.conflicts().count(), 0);
        prop_assert_eq!(other.conflicts().count(), 0);
        let x = merged(&ours, &theirs, &one, &[]).unwrap();
        let y = merged(&theirs, &ours, &other, &[]).unwrap();
        prop_assert_eq!(x.tables, y.tables);
    }

    /// Every cell both sides changed to different figures is a conflict; whichever side is
    /// chosen, nothing either side typed elsewhere is lost.
    #[test]
    fn both_sides_differences_are_conflicts_and_nothing_typed_is_lost(
        a in edits(), b in edits(), take_theirs in any::<bool>()
    ) {
        let base = sent();
        let (ours, theirs) = (copy(&base, "A", &a), copy(&base, "B", &b));
        let cells = input_cells(&base.workbook);
        let p = plan(&ours, &theirs);
        let last = |edits: &[(usize, i64)]| -> BTreeMap<usize, i64> {
            edits.iter().map(|(i, v)| (i % cells.len(), *v)).collect()
        };
        let (la, lb) = (last(&a), last(&b));
        for (i, _) in la.iter().filter(|(i, _)| lb.contains_key(i)) {
            let cell = &cells[*i];
            if value(&ours, cell) != value(&theirs, cell) {
                let found = p.differences.iter().find(|d| {
                    d.spot.part == Part::Value
                        && (d.spot.table.as_str(), d.spot.row.as_str(), d.spot.column.as_str())
                            == (cell.0.as_str(), cell.1.as_str(), cell.2.as_str())
                });
                prop_assert!(found.is_some_and(|d| d.is_conflict()));
            }
        }
        let side = if take_theirs { Side::Theirs } else { Side::Ours };
        let choices = vec![side; p.conflicts().count()];
        let m = merged(&ours, &theirs, &p, &choices).unwrap();
        for (i, cell) in cells.iter().enumerate() {
            let want = match (la.contains_key(&i), lb.contains_key(&i)) {
                (true, false) => value(&ours, cell),
                (false, true) => value(&theirs, cell),
                (true, true) if take_theirs => value(&theirs, cell),
                (true, true) => value(&ours, cell),
                (false, false) => value(&base.workbook, cell),
            };
            prop_assert_eq!(value(&m, cell), want);
        }
    }
}
