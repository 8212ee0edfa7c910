//! Allocation, bridge by activity, follow mode, uplift, goal seek and chart data: unit, property
//! and golden tests on the default scenario.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use budget_core::analysis::{activity_bridge, share_of, ActivityBridge};

use budget_core::session::AllocationChange;

use budget_core::analysis::{changes, waterfall_by_activity, waterfall_by_line, BarKind};
use budget_core::catalog::default_workbook;
use budget_core::engine::Computed;
use budget_core::model::{BudgetMode, Split};
use budget_core::session::{goal_seek, preview, GoalSeekRequest, Live, Uplift};
use budget_core::{Action, Decimal, Session, Value, Workbook};
use proptest::prelude::*;

use crate::common::{d, default_session, set};

const ELDERLY: &str = "vard-och-omsorg-om-aldre";
const LSS: &str = "insatser-enligt-lss-sfb";
const DISABILITY: &str = "insatser-till-personer-med-funktionsnedsattning-ej-lss-sfb";
const LOV: &str = "hojd-lov-ersattning-inom-sarskilt-boende";
const ACTIVITIES: [&str; 5] = [
    ELDERLY,
    LSS,
    DISABILITY,
    "namnd-och-styrelseverksamhet",
    "ovriga-verksamheter",
];

fn n(v: Value) -> Decimal {
    match v {
        Value::Number(x) => x,
        other => panic!("not a number: {other:?}"),
    }
}

fn bridge_of(wb: &Workbook) -> ActivityBridge {
    activity_bridge(wb, &Computed::of(wb)).unwrap()
}

fn share(table: &str, line: &str, activity: &str, input: &str) -> Action {
    Action::Allocate(AllocationChange::SetShare {
        table: table.into(),
        line: line.into(),
        activity: activity.into(),
        input: input.into(),
    })
}

fn activity<'a>(b: &'a ActivityBridge, id: &str) -> &'a budget_core::analysis::ActivityResult {
    b.activities.iter().find(|a| a.id == id).unwrap()
}

#[test]
fn golden_bridge_by_activity_on_the_default_scenario() {
    let wb = default_workbook().unwrap();
    let b = bridge_of(&wb);
    let rows: Vec<(&str, Decimal, Decimal, Decimal, Decimal)> = b
        .activities
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                n(a.previous),
                n(a.allocated),
                n(a.proposed),
                n(a.unexplained),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (ELDERLY, d("781341"), d("35100"), d("821511"), d("5070")),
            (LSS, d("577060"), d("24600"), d("615614"), d("13954")),
            (DISABILITY, d("98148"), d("4700"), d("107050"), d("4202")),
            (
                "namnd-och-styrelseverksamhet",
                d("1521"),
                d("0"),
                d("1521"),
                d("0")
            ),
            (
                "ovriga-verksamheter",
                d("11181"),
                d("0"),
                d("13127"),
                d("1946")
            ),
        ]
    );
    // Lines: frame changes net 64 841 + volume lines 29 400 − 2 100 − 2 530.
    assert_eq!(n(b.lines_total), d("89611"));
    assert_eq!(n(b.total.allocated), d("64400"));
    assert_eq!(n(b.unallocated), d("25211"));
    // The bridge closes to the frame 1 558 823 within the published rounding (0,1 mnkr on two
    // rounded volume figures), and the remainder is exact arithmetic: 1 558 823 − 1 558 862.
    assert_eq!(n(b.total.previous), d("1469251"));
    assert_eq!(n(b.explained), d("1558862"));
    assert_eq!(n(b.total.proposed), d("1558823"));
    assert_eq!(n(b.unexplained), d("-39"));
    assert!(n(b.unexplained).abs() <= d("100"));
    // The per-activity remainders are exactly the unallocated lines plus the unexplained rest.
    assert_eq!(n(b.total.unexplained), n(b.unallocated) + n(b.unexplained));
    // The volume funds by activity add up to more than the line: shown, not hidden.
    let volym = b.lines.iter().find(|l| l.line == "volymmedel").unwrap();
    assert_eq!(n(volym.unallocated), d("-6300"));
}

#[test]
fn typed_mode_moves_the_remainder_and_follow_mode_moves_the_budget() {
    let mut wb = default_workbook().unwrap();
    // Follow mode (the default scenario's): 25 000 → 20 000 moves elderly care and the frame.
    let mut s = Live::new(wb.clone());
    s.apply(set("ramforandringar", LOV, "belopp", "20 000"))
        .unwrap();
    let b = bridge_of(s.workbook());
    assert_eq!(n(activity(&b, ELDERLY).proposed), d("816511"));
    assert_eq!(n(b.total.proposed), d("1553823"));
    assert_eq!(n(b.unexplained), d("-39"));
    assert_eq!(n(activity(&b, ELDERLY).unexplained), d("5070"));
    // One undo step restores exactly.
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook(), &wb);

    // Typed mode: the budget stays, the remainder takes the change.
    let mut s = Live::new(wb.clone());
    s.apply(Action::Allocate(AllocationChange::SetMode(
        BudgetMode::Typed,
    )))
    .unwrap();
    wb = s.workbook().clone();
    s.apply(set("ramforandringar", LOV, "belopp", "20 000"))
        .unwrap();
    let mut plain = Session::new(wb.clone());
    plain
        .apply(set("ramforandringar", LOV, "belopp", "20 000"))
        .unwrap();
    assert_eq!(s.workbook(), &plain.workbook);
    let b = bridge_of(s.workbook());
    assert_eq!(n(activity(&b, ELDERLY).proposed), d("821511"));
    assert_eq!(n(activity(&b, ELDERLY).unexplained), d("10070"));
    assert_eq!(n(b.unexplained), d("4961"));
}

#[test]
fn changing_a_split_follows_too_and_undo_restores_exactly() {
    let wb = default_workbook().unwrap();
    let mut s = Live::new(wb.clone());
    // Move 40 % of the LOV line to LSS/SFB: elderly −10 000, LSS +10 000, frame unchanged.
    for (act, input) in [(ELDERLY, "60 %"), (LSS, "40%")] {
        s.apply(share("ramforandringar", LOV, act, input)).unwrap();
    }
    let b = bridge_of(s.workbook());
    assert_eq!(n(activity(&b, ELDERLY).proposed), d("811511"));
    assert_eq!(n(activity(&b, LSS).proposed), d("625614"));
    assert_eq!(n(b.total.proposed), d("1558823"));
    let lov = b.lines.iter().find(|l| l.line == LOV).unwrap();
    assert_eq!(n(lov.unallocated), d("0"));
    // Clearing a share returns its money to the unallocated line.
    s.apply(share("ramforandringar", LOV, LSS, "")).unwrap();
    let b = bridge_of(s.workbook());
    assert_eq!(n(activity(&b, LSS).proposed), d("615614"));
    assert_eq!(
        n(b.lines.iter().find(|l| l.line == LOV).unwrap().unallocated),
        d("10000")
    );
    for _ in 0..3 {
        s.apply(Action::Undo).unwrap();
    }
    assert_eq!(s.workbook(), &wb);
    assert!(!s.session().can_undo());
}

#[test]
fn bad_allocations_are_refused_and_change_nothing() {
    let wb = default_workbook().unwrap();
    let mut s = Session::new(wb.clone());
    for a in [
        share("ramforandringar", LOV, ELDERLY, "12x %"),
        share("ramforandringar", "summa", ELDERLY, "10"),
        share("ramforandringar", LOV, "arets-resultat", "10"),
        share("drift", ELDERLY, LSS, "10"),
        share("ramforandringar", "nope", ELDERLY, "10"),
    ] {
        assert!(s.apply(a.clone()).is_err(), "{a:?}");
        assert_eq!(s.workbook, wb);
    }
    // A row that money is allocated to or from cannot be removed behind the allocation's back.
    let err = s
        .apply(Action::RemoveRow {
            table: "ramforandringar".into(),
            row: LOV.into(),
        })
        .unwrap_err();
    assert!(err.to_string().contains("fördelningen"), "{err}");
}

#[test]
fn allocations_survive_json() {
    let wb = default_workbook().unwrap();
    let json = budget_core::io::to_json_v1(&wb).unwrap();
    assert!(json.contains("\"9300\""), "decimals as strings");
    assert_eq!(budget_core::io::from_json_v1(&json).unwrap(), wb);
}

#[test]
fn waterfalls_chain_exactly_to_the_frame() {
    let wb = default_workbook().unwrap();
    let b = bridge_of(&wb);
    let bars = waterfall_by_line(&b).unwrap();
    assert_eq!(bars.first().unwrap().value, d("1469251"));
    assert_eq!(bars.len(), 1 + 11 + 3 + 1 + 1);
    let lov = bars.iter().find(|x| x.id == LOV).unwrap();
    assert_eq!((lov.kind, lov.value), (BarKind::Step, d("25000")));
    let rest = bars.iter().find(|x| x.id == "rest").unwrap();
    assert_eq!((rest.from, rest.to), (d("1558862"), d("1558823")));
    for w in bars.windows(2).skip(1).take(bars.len() - 3) {
        assert_eq!(w[0].to, w[1].from);
    }
    let by_act = waterfall_by_activity(&b).unwrap();
    assert_eq!(by_act[by_act.len() - 2].to, d("1558823"));
    let ch = changes(&b);
    assert_eq!(ch[0].change, d("40170"));
    assert_eq!(budget_core::format_percent(ch[0].percent.unwrap()), "5,1 %");
}

#[test]
fn uplift_preview_is_what_is_applied_in_one_undo_step() {
    let wb = default_workbook().unwrap();
    let rows: Vec<String> = ACTIVITIES.iter().map(|s| s.to_string()).collect();
    let p = preview(
        &wb,
        "drift",
        &rows,
        &["budget-2026".into()],
        Uplift::Percent(d("2.3")),
    )
    .unwrap();
    // Whole tkr, as the table shows them; the change is the exact 35 852,929 rounded.
    assert_eq!(p.cells[0].new, d("840406"));
    assert!(p.cells.iter().all(|c| c.new.scale() == 0));
    assert_eq!(p.change, d("35853"));
    let mut s = Session::new(wb.clone());
    s.apply(p.action()).unwrap();
    for c in &p.cells {
        let cell = s
            .workbook
            .table("drift")
            .unwrap()
            .row(&c.row)
            .unwrap()
            .cells[&c.column]
            .clone();
        assert_eq!(cell, budget_core::Cell::Number(c.new));
    }
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook, wb);
    // Sum rows are refused.
    assert!(preview(
        &wb,
        "drift",
        &["arets-resultat".into()],
        &["budget-2026".into()],
        Uplift::Amount(d("1"))
    )
    .is_err());
}

#[test]
fn goal_seek_hits_the_target_exactly() {
    let wb = default_workbook().unwrap();
    let c = Computed::of(&wb);
    let req = GoalSeekRequest {
        table: "drift".into(),
        column: "budget-2026".into(),
        total_row: "arets-resultat".into(),
        target: d("1550000"),
        rows: vec![ELDERLY.into(), LSS.into(), DISABILITY.into()],
        remainder_row: LSS.into(),
    };
    let g = goal_seek(&wb, &c, &req).unwrap();
    assert_eq!(g.gap, d("-8823"));
    let mut s = Session::new(wb.clone());
    s.apply(g.action()).unwrap();
    let after = Computed::of(&s.workbook);
    assert_eq!(
        after.value(&s.workbook, "drift", "arets-resultat", "budget-2026"),
        Value::Number(d("1550000"))
    );
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook, wb);
}

proptest! {
    #[test]
    fn percent_splits_summing_to_100_allocate_the_whole_line(
        amount in -10_000_000i64..10_000_000,
        amount_scale in 0u32..3,
        cuts in prop::collection::vec(1i64..10_000, 1..5),
    ) {
        // Percentages with two decimals summing to exactly 100.
        let total: i64 = cuts.iter().sum();
        let mut pcts: Vec<Decimal> = cuts.iter().map(|c| Decimal::new(c * 10_000 / total, 2)).collect();
        let given: Decimal = pcts.iter().copied().sum();
        pcts[0] += Decimal::ONE_HUNDRED - given;
        let line = Value::Number(Decimal::new(amount, amount_scale));
        let sum: Decimal = pcts.iter().map(|p| n(share_of(Split::Percent(*p), line))).sum();
        prop_assert_eq!(sum, Decimal::new(amount, amount_scale));
    }

    #[test]
    fn allocated_plus_unallocated_is_the_line(
        amount in -1_000_000i64..1_000_000,
        inputs in prop::collection::vec((0usize..5, prop::sample::select(vec!["100 %", "12,5 %", "-3 %", "1 000", "-250", "7,25", ""])), 0..8),
    ) {
        let mut s = default_session();
        s.apply(set("ramforandringar", "trygghetsjour", "belopp", &amount.to_string())).unwrap();
        for (i, input) in &inputs {
            s.apply(share("ramforandringar", "trygghetsjour", ACTIVITIES[*i], input)).unwrap();
        }
        let b = bridge_of(&s.workbook);
        let l = b.lines.iter().find(|l| l.line == "trygghetsjour").unwrap();
        let allocated = l.allocated.number().unwrap_or_default();
        prop_assert_eq!(allocated + n(l.unallocated), Decimal::from(amount));
        // And the totals always reconcile: per-activity remainders = unallocated + unexplained.
        prop_assert_eq!(n(b.total.unexplained), n(b.unallocated) + n(b.unexplained));
    }

    #[test]
    fn goal_seek_total_equals_target(
        target in 1_000_000i64..2_000_000,
        target_scale in 0u32..3,
        pick in prop::collection::btree_set(0usize..5, 1..5),
        rem in 0usize..5,
    ) {
        let wb = default_workbook().unwrap();
        let rows: Vec<String> = pick.iter().map(|i| ACTIVITIES[*i].to_string()).collect();
        let remainder_row = rows[rem % rows.len()].clone();
        let target = Decimal::new(target, 0) + Decimal::new(7, target_scale + 1);
        let req = GoalSeekRequest {
            table: "drift".into(),
            column: "budget-2026".into(),
            total_row: "arets-resultat".into(),
            target,
            rows,
            remainder_row,
        };
        let g = goal_seek(&wb, &Computed::of(&wb), &req).unwrap();
        let mut s = Session::new(wb);
        s.apply(g.action()).unwrap();
        let after = Computed::of(&s.workbook);
        prop_assert_eq!(after.value(&s.workbook, "drift", "arets-resultat", "budget-2026"), Value::Number(target));
    }

    #[test]
    fn uplift_preview_equals_result(pct in -5000i64..5000, scale in 0u32..3, amount in prop::option::of(-100_000i64..100_000)) {
        let wb = default_workbook().unwrap();
        let uplift = match amount {
            Some(a) => Uplift::Amount(Decimal::new(a, scale)),
            None => Uplift::Percent(Decimal::new(pct, scale)),
        };
        let rows: Vec<String> = ACTIVITIES.iter().map(|s| s.to_string()).collect();
        let cols = vec!["budget-2025".to_string(), "budget-2026".to_string()];
        let p = preview(&wb, "drift", &rows, &cols, uplift).unwrap();
        let mut s = Session::new(wb.clone());
        s.apply(p.action()).unwrap();
        let t = s.workbook.table("drift").unwrap();
        for c in &p.cells {
            prop_assert_eq!(&t.row(&c.row).unwrap().cells[&c.column], &budget_core::Cell::Number(c.new));
        }
        let before: Decimal = p.cells.iter().map(|c| c.old).sum();
        let after: Decimal = p.cells.iter().map(|c| c.new).sum();
        prop_assert_eq!(after - before, p.change);
        s.apply(Action::Undo).unwrap();
        prop_assert_eq!(s.workbook, wb);
    }
}

#[test]
fn a_scenario_file_without_allocations_still_loads() {
    let mut wb = default_workbook().unwrap();
    wb.allocations = None;
    let json = budget_core::io::to_json_v1(&wb).unwrap();
    assert!(!json.contains("allocations"));
    let loaded = budget_core::io::from_json_v1(&json).unwrap();
    assert_eq!(loaded, wb);
    assert!(activity_bridge(&loaded, &Computed::of(&loaded)).is_none());
    // Without a setup, allocation edits are refused and follow leaves actions alone.
    let a = set("ramforandringar", LOV, "belopp", "1");
    let mut live = Live::new(loaded.clone());
    live.apply(a.clone()).unwrap();
    let mut plain = Session::new(loaded.clone());
    plain.apply(a).unwrap();
    assert_eq!(live.workbook(), &plain.workbook);
    let mut s = Session::new(loaded);
    assert!(s
        .apply(share("ramforandringar", LOV, ELDERLY, "1"))
        .is_err());
}

#[test]
fn an_uplift_of_lines_follows_into_the_budgets_as_one_step() {
    let wb = default_workbook().unwrap();
    let p = preview(
        &wb,
        "ramforandringar",
        &[LOV.into(), "trygghetsjour".into()],
        &["belopp".into()],
        Uplift::Percent(d("10")),
    )
    .unwrap();
    let mut s = Live::new(wb.clone());
    s.apply(p.action()).unwrap();
    let b = bridge_of(s.workbook());
    // LOV is 100 % elderly care: +2 500; Trygghetsjour is unallocated: the remainder takes +40.
    assert_eq!(n(activity(&b, ELDERLY).proposed), d("824011"));
    assert_eq!(n(b.unallocated), d("25251"));
    assert_eq!(n(b.unexplained), d("-79"));
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook(), &wb);
}

fn arb_step() -> impl Strategy<Value = Action> {
    let lines = prop::sample::select(vec![
        ("ramforandringar", LOV),
        ("ramforandringar", "trygghetsjour"),
        ("volymer", "volymmedel"),
        ("volymer", "personlig-assistans-minskning"),
    ]);
    let inputs = prop::sample::select(vec!["100 %", "33,3 %", "", "1 000", "-7,5", "x"]);
    let amounts = prop::sample::select(vec!["20 000", "-1", "0", "12,5", "", "fel"]);
    prop_oneof![
        (lines.clone(), 0usize..5, inputs).prop_map(|((t, l), a, i)| share(t, l, ACTIVITIES[a], i)),
        (lines, amounts).prop_map(|((t, l), i)| set(t, l, "belopp", i)),
        prop::sample::select(vec![BudgetMode::Typed, BudgetMode::FollowsBridge])
            .prop_map(|m| Action::Allocate(AllocationChange::SetMode(m))),
    ]
}

proptest! {
    #[test]
    fn random_allocation_edits_unwind_exactly(steps in prop::collection::vec(arb_step(), 1..12)) {
        let wb = default_workbook().unwrap();
        let mut s = Live::new(wb.clone());
        let mut applied = 0;
        for step in steps {
            let before = s.workbook().clone();
            match s.apply(step) {
                Ok(_) => applied += 1,
                // A refused edit changes nothing.
                Err(_) => prop_assert_eq!(s.workbook(), &before),
            }
            // The kept values are those of the workbook.
            prop_assert_eq!(s.computed(), &Computed::of(s.workbook()));
            if let Some(b) = activity_bridge(s.workbook(), s.computed()) {
                if let (Value::Number(t), Value::Number(u), Value::Number(r)) =
                    (b.total.unexplained, b.unallocated, b.unexplained)
                {
                    prop_assert_eq!(t, u + r);
                }
            }
        }
        for _ in 0..applied {
            s.apply(Action::Undo).unwrap();
        }
        prop_assert_eq!(s.workbook(), &wb);
    }
}

#[test]
fn a_line_in_error_moves_no_budget() {
    let wb = default_workbook().unwrap();
    let action = set("ramforandringar", LOV, "belopp", "25 0o0");
    let mut s = Live::new(wb);
    s.apply(action).unwrap();
    let b = bridge_of(s.workbook());
    assert!(activity(&b, ELDERLY).allocated.is_error());
    assert_eq!(n(activity(&b, ELDERLY).proposed), d("821511"));
    // Corrected from the error, there is no earlier figure to move from: the budget stays and
    // the remainder shows the difference, rather than the budget jumping by a guess.
    s.apply(set("ramforandringar", LOV, "belopp", "20 000"))
        .unwrap();
    let b = bridge_of(s.workbook());
    assert_eq!(n(activity(&b, ELDERLY).proposed), d("821511"));
    assert_eq!(n(activity(&b, ELDERLY).unexplained), d("10070"));
}

#[test]
fn adding_a_table_the_setup_does_not_name_is_left_alone_in_follow_mode() {
    let wb = default_workbook().unwrap();
    assert_eq!(
        wb.allocations.as_ref().unwrap().mode,
        BudgetMode::FollowsBridge
    );
    let add = Action::AddTable {
        index: None,
        table: Box::new(budget_core::catalog::build(
            budget_core::catalog::Template::Blank,
            "import",
            2026,
        )),
    };
    let mut s = Live::new(wb.clone());
    s.apply(add).unwrap();
    assert_eq!(
        activity_bridge(s.workbook(), s.computed()),
        activity_bridge(&wb, &Computed::of(&wb))
    );
}
