//! Incremental recalculation always agrees with a full one, for any sequence of edits, undos
//! and redos; and a full recalculation of 10 000 rows stays within a generous time bound.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use budget_core::catalog::synthetic;
use budget_core::engine::{Computed, Recalc};
use budget_core::{Action, RowKind, Session};
use proptest::prelude::*;

use crate::common::{default_session, set};

fn arb_action() -> impl Strategy<Value = Action> {
    let cells = prop::sample::select(vec![
        ("resultatrakning", "personal", "budget-2026"),
        ("resultatrakning", "verksamhetens-intakter", "budget-2025"),
        ("drift", "insatser-enligt-lss-sfb", "budget-2025"),
        ("drift", "ovriga-verksamheter", "budget-2026"),
        ("ramforandringar", "trygghetsjour", "belopp"),
        ("volymer", "volymmedel", "belopp"),
        ("extern-finansiering", "aldreomsorgslyftet", "erhallet-2026"),
    ]);
    let inputs = prop::sample::select(vec![
        "1 000",
        "-4 482",
        "12,5",
        "",
        "–",
        "x1",
        "0",
        "=[Trygghetsjour]*2",
        "=1+",
    ]);
    prop_oneof![
        6 => (cells, inputs).prop_map(|((t, r, c), i)| set(t, r, c, i)),
        1 => Just(Action::AddRow { table: "volymer".into(), after: None, label: "Ny".into() }),
        1 => Just(Action::RemoveRow { table: "ramforandringar".into(), row: "fria-arbetsskor".into() }),
        1 => Just(Action::SetComparison { table: "drift".into(), new: "prognos-2025".into(), old: "bokslut-2024".into() }),
        1 => Just(Action::SetRowKind {
            table: "drift".into(),
            row: "namnd-och-styrelseverksamhet".into(),
            kind: RowKind::Sum { terms: vec!["ovriga-verksamheter".into()] },
        }),
        1 => Just(Action::Batch(vec![
            set("drift", "insatser-enligt-lss-sfb", "budget-2026", "1"),
            set("resultatrakning", "lokaler", "budget-2026", "2"),
        ])),
        1 => Just(Action::ConvertUnit { table: "drift".into(), unit: budget_core::Unit::Mnkr }),
        2 => Just(Action::Undo),
        1 => Just(Action::Redo),
    ]
}

proptest! {
    #[test]
    fn incremental_equals_full(actions in prop::collection::vec(arb_action(), 1..30)) {
        let mut s = default_session();
        let mut r = Recalc::full(&s.workbook);
        for a in actions {
            if s.apply(a).is_ok() {
                r.update(&s.workbook, s.last_touched());
            }
            prop_assert_eq!(r.computed(), &Computed::of(&s.workbook));
        }
    }
}

#[test]
fn one_edit_in_a_large_table_touches_only_its_table_and_agrees_with_full() {
    let mut s = Session::new(synthetic(2_000));
    let mut r = Recalc::full(&s.workbook);
    s.apply(set("detaljbudget", "konto-1234", "budget-2026", "-5 000"))
        .unwrap();
    assert_eq!(r.update(&s.workbook, s.last_touched()), vec![0]);
    assert_eq!(r.computed(), &Computed::of(&s.workbook));
}

#[test]
fn full_recalc_of_ten_thousand_rows_stays_within_a_generous_bound() {
    // Precise figures live in the benchmarks (bench/); this only catches a collapse, e.g. an
    // accidental quadratic step, on any machine: debug build, 10 000 rows × 8 columns.
    let wb = synthetic(10_000);
    let start = Instant::now();
    let c = Computed::of(&wb);
    let took = start.elapsed();
    assert!(c.tables[0].get(0, 0).number().is_some());
    assert!(took < Duration::from_secs(10), "full recalc took {took:?}");
    eprintln!("full recalc of 10 000 rows (debug build): {took:?}");
}

/// A table without sums or formulas takes the short way through `evaluate`; its values must be
/// those of the general way, which a sum row (computed last, read from no other) forces.
#[test]
fn a_plain_list_evaluates_as_the_general_way_does() {
    let csv = "Lista, tkr;Budget 2025;Budget 2026;Förändring (%)\r\n\
               a;1 000;1 100,5;10,05\r\nb;-20;x;\r\nc;;3;0\r\n";
    let mut table = budget_core::io::preview_file(csv.as_bytes(), 0, "lista", "Lista")
        .unwrap()
        .table;
    table.columns.push(budget_core::Column {
        id: "diff".into(),
        label: "Förändring".into(),
        kind: budget_core::ColumnKind::Difference {
            new: "k2".into(),
            old: "k1".into(),
        },
        group: None,
    });
    let plain = budget_core::engine::evaluate(&table);
    let mut general = table.clone();
    general.rows.push(budget_core::Row {
        id: "summa".into(),
        label: "Summa".into(),
        kind: RowKind::Sum { terms: vec![] },
        cells: Default::default(),
        control: Default::default(),
        notes: Default::default(),
        printed_notes: Default::default(),
    });
    let with_sum = budget_core::engine::evaluate(&general);
    for r in 0..table.rows.len() {
        for c in 0..table.columns.len() {
            assert_eq!(plain.get(r, c), with_sum.get(r, c), "row {r}, column {c}");
        }
    }
    assert!(plain.get(1, 1).is_error());
}
