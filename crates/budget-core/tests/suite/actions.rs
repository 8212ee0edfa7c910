//! The state machine: every action kind is undone exactly, redo replays it, refused actions
//! change nothing, and any random sequence of actions unwinds to the starting workbook.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use budget_core::catalog::default_workbook;
use budget_core::engine::Computed;
use budget_core::{Action, CoreError, RowKind, Value};
use proptest::prelude::*;

use crate::common::{d, default_session, set};

fn every_kind() -> Vec<Action> {
    let mut other = default_workbook().unwrap();
    other.title = "Scenario B".into();
    vec![
        set("resultatrakning", "personal", "budget-2026", "-900 000"),
        set("resultatrakning", "personal", "budget-2026", "abc"),
        set("resultatrakning", "personal", "budget-2026", ""),
        Action::SetControl {
            table: "resultatrakning".into(),
            row: "arets-resultat".into(),
            column: "bokslut-2024".into(),
            input: "-1 442 647".into(),
        },
        Action::SetComparison {
            table: "drift".into(),
            new: "prognos-2025".into(),
            old: "budget-2025".into(),
        },
        Action::AddRow {
            table: "volymer".into(),
            after: None,
            label: "Nya platser".into(),
        },
        Action::RemoveRow {
            table: "ramforandringar".into(),
            row: "trygghetsjour".into(),
        },
        Action::RenameRow {
            table: "drift".into(),
            row: "ovriga-verksamheter".into(),
            label: "Övrigt".into(),
        },
        Action::LoadScenario(Box::new(other)),
        Action::Batch(vec![
            set("drift", "insatser-enligt-lss-sfb", "budget-2026", "600 000"),
            set("drift", "ovriga-verksamheter", "budget-2026", "14 000"),
        ]),
        set("ramforandringar", "trygghetsjour", "belopp", "=200*2,5"),
        Action::MoveRow {
            table: "drift".into(),
            row: "ovriga-verksamheter".into(),
            to: 0,
        },
        Action::SetRowKind {
            table: "volymer".into(),
            row: "summa".into(),
            kind: RowKind::Sum {
                terms: vec!["volymmedel".into()],
            },
        },
        Action::AddColumn {
            table: "ramforandringar".into(),
            index: None,
            column: budget_core::Column {
                id: "utfall".into(),
                label: "Utfall".into(),
                kind: budget_core::ColumnKind::Input,
                group: None,
            },
        },
        Action::RemoveColumn {
            table: "resultatrakning".into(),
            column: "forandring-procent".into(),
        },
        Action::UpdateColumn {
            table: "drift".into(),
            column: budget_core::Column {
                id: "forandring".into(),
                label: "Förändring mot prognos".into(),
                kind: budget_core::ColumnKind::Difference {
                    new: "budget-2026".into(),
                    old: "prognos-2025".into(),
                },
                group: Some("JÄMFÖRELSE".into()),
            },
        },
        Action::UpdateTable {
            table: "drift".into(),
            meta: budget_core::session::TableMeta {
                title: "Drift".into(),
                unit: budget_core::Unit::Tkr,
                decimals: 1,
                deviation: budget_core::DeviationSign::ActualMinusBudget,
            },
        },
        Action::ConvertUnit {
            table: "drift".into(),
            unit: budget_core::Unit::Mnkr,
        },
        Action::AddTable {
            index: Some(1),
            table: Box::new(budget_core::catalog::build(
                budget_core::catalog::Template::InterimReport,
                "delar",
                2026,
            )),
        },
        Action::RemoveTable {
            table: "investeringar".into(),
        },
    ]
}

#[test]
fn a_batch_is_one_undo_step_and_all_or_nothing() {
    let mut s = default_session();
    let start = s.workbook.clone();
    s.apply(Action::Batch(vec![
        set("drift", "insatser-enligt-lss-sfb", "budget-2026", "600 000"),
        set("drift", "ovriga-verksamheter", "budget-2026", "14 000"),
    ]))
    .unwrap();
    let after = s.workbook.clone();
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook, start);
    assert!(!s.can_undo());
    s.apply(Action::Redo).unwrap();
    assert_eq!(s.workbook, after);

    // The second action is refused: the first is rolled back, history unchanged.
    let before = s.clone();
    let refused = s.apply(Action::Batch(vec![
        set("drift", "ovriga-verksamheter", "budget-2026", "1"),
        set("drift", "arets-resultat", "budget-2026", "1"),
    ]));
    assert!(refused.is_err());
    assert_eq!(s, before);
    assert_eq!(
        s.apply(Action::Batch(vec![Action::Undo])),
        Err(CoreError::NotBatchable)
    );
}

#[test]
fn each_action_kind_undoes_to_the_exact_prior_state_and_redoes() {
    for action in every_kind() {
        let mut s = default_session();
        let before = s.workbook.clone();
        s.apply(action.clone()).unwrap();
        let after = s.workbook.clone();
        assert_ne!(before, after, "{action:?} changed nothing");
        s.apply(Action::Undo).unwrap();
        assert_eq!(s.workbook, before, "undo of {action:?}");
        s.apply(Action::Redo).unwrap();
        assert_eq!(s.workbook, after, "redo of {action:?}");
    }
}

#[test]
fn a_typed_cell_updates_every_dependent_figure() {
    let mut s = default_session();
    s.apply(set(
        "resultatrakning",
        "personal",
        "budget-2026",
        "-900 000",
    ))
    .unwrap();
    let c = Computed::of(&s.workbook);
    let v = |r: &str, col: &str| c.value(&s.workbook, "resultatrakning", r, col);
    let num = |x: &str| Value::Number(d(x));
    assert_eq!(v("verksamhetens-kostnader", "budget-2026"), num("-2500355"));
    assert_eq!(v("arets-resultat", "budget-2026"), num("-1562805"));
    assert_eq!(v("arets-resultat", "forandring"), num("-93553"));
}

#[test]
fn invalid_input_is_kept_and_marks_dependents_as_errors() {
    let mut s = default_session();
    s.apply(set("resultatrakning", "lokaler", "budget-2026", "12 3a"))
        .unwrap();
    let row = s
        .workbook
        .table("resultatrakning")
        .unwrap()
        .row("lokaler")
        .unwrap();
    assert_eq!(
        row.cells.get("budget-2026"),
        Some(&budget_core::Cell::Invalid("12 3a".into()))
    );
    let c = Computed::of(&s.workbook);
    for r in ["lokaler", "verksamhetens-kostnader", "arets-resultat"] {
        for col in ["budget-2026", "forandring", "forandring-procent"] {
            assert!(
                c.value(&s.workbook, "resultatrakning", r, col).is_error(),
                "{r}/{col}"
            );
        }
    }
    // Other periods are unaffected.
    assert!(!c
        .value(
            &s.workbook,
            "resultatrakning",
            "arets-resultat",
            "budget-2025"
        )
        .is_error());
}

#[test]
fn refused_actions_leave_workbook_and_history_untouched() {
    let mut s = default_session();
    s.apply(set(
        "drift",
        "namnd-och-styrelseverksamhet",
        "budget-2026",
        "2 000",
    ))
    .unwrap();
    let before = s.clone();
    let refused = [
        set("resultatrakning", "arets-resultat", "budget-2026", "1"),
        set("resultatrakning", "personal", "forandring", "1"),
        set("nope", "personal", "budget-2026", "1"),
        set("drift", "nope", "budget-2026", "1"),
        Action::RemoveRow {
            table: "drift".into(),
            row: "arets-resultat".into(),
        },
        Action::RenameRow {
            table: "drift".into(),
            row: "ovriga-verksamheter".into(),
            label: "  ".into(),
        },
        Action::SetComparison {
            table: "drift".into(),
            new: "forandring".into(),
            old: "budget-2025".into(),
        },
    ];
    for a in refused {
        assert!(s.apply(a.clone()).is_err(), "{a:?} should be refused");
        assert_eq!(s, before, "{a:?} changed state");
    }
    assert_eq!(
        default_session().apply(Action::Undo),
        Err(CoreError::NothingToUndo)
    );
}

#[test]
fn an_added_row_joins_the_list_total() {
    let mut s = default_session();
    s.apply(Action::AddRow {
        table: "volymer".into(),
        after: None,
        label: "Nya platser".into(),
    })
    .unwrap();
    let t = s.workbook.table("volymer").unwrap();
    let new = &t.rows[3];
    assert_eq!(new.label, "Nya platser");
    let RowKind::Sum { terms } = &t.row("summa").unwrap().kind else {
        panic!("summa is a sum")
    };
    assert!(terms.contains(&new.id));
    let id = new.id.clone();
    s.apply(set("volymer", &id, "belopp", "1 000")).unwrap();
    let c = Computed::of(&s.workbook);
    assert_eq!(
        budget_core::analysis::bridge(&s.workbook, &c)
            .unwrap()
            .remainder,
        Value::Number(d("-1039"))
    );
}

fn arb_action() -> impl Strategy<Value = Action> {
    let cells = prop::sample::select(vec![
        ("resultatrakning", "personal", "budget-2026"),
        ("resultatrakning", "verksamhetens-intakter", "bokslut-2024"),
        ("drift", "insatser-enligt-lss-sfb", "budget-2025"),
        ("ramforandringar", "trygghetsjour", "belopp"),
        ("volymer", "volymmedel", "belopp"),
    ]);
    let inputs = prop::sample::select(vec!["1 000", "-4 482", "12,5", "", "–", "x1", "\u{2212}7"]);
    prop_oneof![
        (cells, inputs).prop_map(|((t, r, c), i)| set(t, r, c, i)),
        Just(Action::AddRow {
            table: "ramforandringar".into(),
            after: None,
            label: "Ny".into()
        }),
        Just(Action::RemoveRow {
            table: "ramforandringar".into(),
            row: "fria-arbetsskor".into()
        }),
        Just(Action::SetComparison {
            table: "drift".into(),
            new: "prognos-2025".into(),
            old: "bokslut-2024".into()
        }),
        Just(Action::Batch(vec![
            set("volymer", "volymmedel", "belopp", "1"),
            set("volymer", "nope", "belopp", "2"),
        ])),
        Just(Action::Undo),
        Just(Action::Redo),
    ]
}

proptest! {
    #[test]
    fn any_sequence_unwinds_to_the_start(actions in prop::collection::vec(arb_action(), 0..40)) {
        let mut s = default_session();
        let start = s.workbook.clone();
        for a in actions {
            let _ = s.apply(a);
        }
        while s.can_undo() {
            s.apply(Action::Undo).unwrap();
        }
        prop_assert_eq!(s.workbook, start);
    }

    #[test]
    fn totals_equal_the_sum_of_their_rows(values in prop::collection::vec(-10_000_000i64..10_000_000, 5)) {
        let mut s = default_session();
        let rows = ["personal", "lokaler", "bidrag-kostnader", "kop-av-verksamhet", "ovrigt"];
        for (r, v) in rows.iter().zip(&values) {
            s.apply(set("resultatrakning", r, "budget-2026", &v.to_string())).unwrap();
        }
        let c = Computed::of(&s.workbook);
        let total: i64 = values.iter().sum();
        prop_assert_eq!(
            c.value(&s.workbook, "resultatrakning", "verksamhetens-kostnader", "budget-2026"),
            Value::Number(total.into())
        );
    }
}
