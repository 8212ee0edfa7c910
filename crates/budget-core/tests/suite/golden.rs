//! Golden test: the default scenario's computed figures are the ones the reference README states,
//! and its checks flag exactly the published faults it lists.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use budget_core::analysis::{check, tally, FindingKind, Status, Tally};

use budget_core::analysis::bridge;
use budget_core::catalog::default_workbook;
use budget_core::engine::Computed;
use budget_core::{format_amount, format_percent, Decimal, Value, Workbook};

use crate::common::d;

fn setup() -> (Workbook, Computed) {
    let wb = default_workbook().unwrap();
    let c = Computed::of(&wb);
    (wb, c)
}

fn num(wb: &Workbook, c: &Computed, t: &str, r: &str, col: &str) -> Decimal {
    match c.value(wb, t, r, col) {
        Value::Number(n) => n,
        other => panic!("{t}/{r}/{col} is {other:?}"),
    }
}

const PERIODS: [&str; 4] = ["bokslut-2024", "budget-2025", "prognos-2025", "budget-2026"];

#[test]
fn tables_and_headings_are_the_published_ones() {
    let (wb, _) = setup();
    let titles: Vec<&str> = wb.tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Resultaträkning",
            "Drift per verksamhet",
            "Ramförändringar utöver volymer",
            "Volymer och justeringar",
            "Särskilda satsningar",
            "Extern finansiering",
            "Investeringar"
        ]
    );
    let rr = wb.table("resultatrakning").unwrap();
    let labels: Vec<&str> = rr.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Bokslut 2024",
            "Budget 2025",
            "Prognos 2025",
            "Budget 2026",
            "Förändring (tkr)",
            "Förändring (%)"
        ]
    );
    let personal = rr.row("personal").unwrap();
    assert_eq!(
        personal.cells.get("budget-2026"),
        Some(&budget_core::Cell::Number(d("-896017")))
    );
}

#[test]
fn income_statement_sums() {
    let (wb, c) = setup();
    let costs = ["-2506883", "-2497229", "-2568259", "-2496372"];
    let result = ["-1442647", "-1469252", "-1522327", "-1558822"];
    for (i, p) in PERIODS.iter().enumerate() {
        assert_eq!(
            num(&wb, &c, "resultatrakning", "verksamhetens-kostnader", p),
            d(costs[i])
        );
        assert_eq!(
            num(&wb, &c, "resultatrakning", "arets-resultat", p),
            d(result[i])
        );
    }
}

#[test]
fn activity_total_change_and_percent() {
    let (wb, c) = setup();
    let totals = ["1442647", "1469251", "1522327", "1558823"];
    for (i, p) in PERIODS.iter().enumerate() {
        assert_eq!(num(&wb, &c, "drift", "arets-resultat", p), d(totals[i]));
    }
    assert_eq!(
        num(&wb, &c, "drift", "arets-resultat", "forandring"),
        d("89572")
    );
    let pct = num(&wb, &c, "drift", "arets-resultat", "forandring-procent");
    assert_eq!(format_percent(pct), "6,1 %");
}

#[test]
fn per_activity_changes_match_the_plan_text() {
    let (wb, c) = setup();
    let expected = [
        ("vard-och-omsorg-om-aldre", "40 170", "5,1 %"),
        ("insatser-enligt-lss-sfb", "38 554", "6,7 %"),
        (
            "insatser-till-personer-med-funktionsnedsattning-ej-lss-sfb",
            "8 902",
            "9,1 %",
        ),
        ("namnd-och-styrelseverksamhet", "0", "0,0 %"),
        ("ovriga-verksamheter", "1 946", "17,4 %"),
    ];
    for (row, change, pct) in expected {
        let diff = num(&wb, &c, "drift", row, "forandring");
        assert_eq!(format_amount(diff, 0), change, "{row}");
        let p = num(&wb, &c, "drift", row, "forandring-procent");
        assert_eq!(format_percent(p), pct, "{row}");
    }
}

#[test]
fn frame_changes_net_and_bridge_remainder() {
    let (wb, c) = setup();
    assert_eq!(
        num(&wb, &c, "ramforandringar", "summa", "belopp"),
        d("64841")
    );
    let b = bridge(&wb, &c).unwrap();
    assert_eq!(b.base.value, Value::Number(d("1469251")));
    let steps: Vec<Value> = b.steps.iter().map(|s| s.value).collect();
    // 29 400 volume funds − 2 100 personal assistance − 2 530 cleaning already in 2025.
    assert_eq!(
        steps,
        [Value::Number(d("64841")), Value::Number(d("24770"))]
    );
    assert_eq!(b.explained, Value::Number(d("1558862")));
    assert_eq!(b.target.value, Value::Number(d("1558823")));
    // The published figures are rounded to 0,1 mnkr; the rest is shown, not hidden.
    assert_eq!(b.remainder, Value::Number(d("-39")));
}

#[test]
fn original_2025_budget_increase_is_six_point_seven_percent() {
    let (wb, c) = setup();
    let adjusted = num(&wb, &c, "drift", "arets-resultat", "budget-2025");
    let original = adjusted - d("8700");
    let frame = num(&wb, &c, "drift", "arets-resultat", "budget-2026");
    let pct = (frame - original) / original * Decimal::ONE_HUNDRED;
    assert_eq!(format_percent(pct), "6,7 %");
}

fn statuses(wb: &Workbook, c: &Computed, kind: FindingKind, row: &str) -> Vec<(String, Status)> {
    check(wb, c)
        .into_iter()
        .filter(|f| f.kind == kind && f.row == row)
        .map(|f| (f.column, f.status))
        .collect()
}

#[test]
fn checks_flag_the_published_faults() {
    let (wb, c) = setup();
    let s = |x: &str, st| (x.to_string(), st);
    assert_eq!(
        statuses(
            &wb,
            &c,
            FindingKind::ControlTotal,
            "verksamhetens-kostnader"
        ),
        [
            s("bokslut-2024", Status::Ok),
            s("budget-2025", Status::Ok),
            s("prognos-2025", Status::Ok),
            s("budget-2026", Status::Rounding),
        ]
    );
    let results: Vec<_> = check(&wb, &c)
        .into_iter()
        .filter(|f| f.kind == FindingKind::ControlTotal && f.row == "arets-resultat")
        .map(|f| (f.table, f.column, f.status, f.difference))
        .collect();
    let r =
        |t: &str, col: &str, st, diff: &str| (t.to_string(), col.to_string(), st, Some(d(diff)));
    assert_eq!(
        results,
        [
            r(
                "resultatrakning",
                "bokslut-2024",
                Status::SignReversed,
                "2885294"
            ),
            r("resultatrakning", "budget-2025", Status::Rounding, "1"),
            r("resultatrakning", "prognos-2025", Status::Ok, "0"),
            r("resultatrakning", "budget-2026", Status::Rounding, "-1"),
            r("drift", "bokslut-2024", Status::Ok, "0"),
            r("drift", "budget-2025", Status::Ok, "0"),
            r("drift", "prognos-2025", Status::Ok, "0"),
            r("drift", "budget-2026", Status::Ok, "0"),
        ]
    );
    assert_eq!(
        statuses(
            &wb,
            &c,
            FindingKind::ReconciliationComputed,
            "arets-resultat"
        ),
        [
            s("bokslut-2024", Status::Ok),
            s("budget-2025", Status::Rounding),
            s("prognos-2025", Status::Ok),
            s("budget-2026", Status::Rounding),
        ]
    );
    assert_eq!(
        statuses(
            &wb,
            &c,
            FindingKind::ReconciliationPrinted,
            "arets-resultat"
        ),
        [
            s("bokslut-2024", Status::SignReversed),
            s("budget-2025", Status::Ok),
            s("prognos-2025", Status::Ok),
            s("budget-2026", Status::Ok),
        ]
    );
    // What the page's check status says of the plan: "2 fel · 5 avrundningar", 16 agree.
    assert_eq!(
        tally(&check(&wb, &c)),
        Tally {
            ok: 16,
            rounding: 5,
            errors: 2,
            unavailable: 0
        }
    );
}

#[test]
fn the_plans_other_tables_sum_to_their_printed_totals() {
    let (wb, c) = setup();
    assert_eq!(
        num(&wb, &c, "sarskilda-satsningar", "summa", "budget"),
        d("34700")
    );
    assert_eq!(
        num(&wb, &c, "extern-finansiering", "summa", "ansokt-2026"),
        d("70400")
    );
    assert_eq!(
        num(&wb, &c, "extern-finansiering", "summa", "budgeterat-2026"),
        d("32291")
    );
    // '-' and empty are "no figure", not zero: the received column has no sum at all.
    assert_eq!(
        c.value(&wb, "extern-finansiering", "summa", "erhallet-2026"),
        Value::Blank
    );
    assert_eq!(
        num(
            &wb,
            &c,
            "investeringar",
            "summa-investeringar",
            "investering-2026"
        ),
        d("4400")
    );
    let inv = wb.table("investeringar").unwrap();
    assert_eq!(
        inv.row("investeringar-sarskilt-boende")
            .unwrap()
            .cells
            .get("reinvestering-nyinvestering"),
        Some(&budget_core::Cell::Text("re-/nyinvesteringar".into()))
    );
    // Their printed sums all agree.
    let flagged: Vec<_> = check(&wb, &c)
        .into_iter()
        .filter(|f| ["extern-finansiering", "investeringar"].contains(&f.table.as_str()))
        .map(|f| f.status)
        .collect();
    assert_eq!(flagged, [Status::Ok, Status::Ok, Status::Ok]);
}

#[test]
fn embedded_reference_is_byte_identical_to_the_shared_one() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    if !shared.exists() {
        eprintln!("shared/reference not beside the checkout; skipping comparison");
        return;
    }
    let embedded = [
        (
            "resultatrakning-vp2026.tsv",
            budget_core::catalog::RESULTATRAKNING_TSV,
        ),
        (
            "drift-per-verksamhet-vp2026.tsv",
            budget_core::catalog::DRIFT_TSV,
        ),
        (
            "ramforandringar-vp2026.tsv",
            budget_core::catalog::RAMFORANDRINGAR_TSV,
        ),
    ];
    for (name, text) in embedded {
        let on_disk = std::fs::read_to_string(shared.join(name)).unwrap();
        assert_eq!(on_disk, text, "{name}");
    }
}
