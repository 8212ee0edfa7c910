//! Issue-4 behaviour of the core: formulas with references and cycles, deviation signs per
//! table type, percentages over missing or zero bases, exact unit conversion, templates and the
//! refusals that keep a workbook consistent.
#![allow(clippy::unwrap_used, clippy::panic)]

use budget_core::catalog::{build, Template};
use budget_core::engine::{Computed, ValueError};
use budget_core::{Action, Session, Unit, Value};

use crate::common::{d, default_session, one_template, set};

fn value(s: &Session, t: &str, r: &str, c: &str) -> Value {
    Computed::of(&s.workbook).value(&s.workbook, t, r, c)
}

#[test]
fn formulas_compute_exactly_and_keep_their_text() {
    let mut s = default_session();
    s.apply(set(
        "ramforandringar",
        "trygghetsjour",
        "belopp",
        "=31 633+400",
    ))
    .unwrap();
    assert_eq!(
        value(&s, "ramforandringar", "trygghetsjour", "belopp"),
        Value::Number(d("32033"))
    );
    assert_eq!(
        value(&s, "ramforandringar", "summa", "belopp"),
        Value::Number(d("96474"))
    );
    let row = s
        .workbook
        .table("ramforandringar")
        .unwrap()
        .row("trygghetsjour")
        .unwrap();
    assert_eq!(row.cells["belopp"].edit_text(), "=31 633+400");

    // References by label (bracketed) and by id, in the same column.
    s.apply(set(
        "resultatrakning",
        "ovrigt",
        "budget-2026",
        "=[Köp av verksamhet]*1,023",
    ))
    .unwrap();
    assert_eq!(
        value(&s, "resultatrakning", "ovrigt", "budget-2026"),
        Value::Number(d("-676783") * d("1.023"))
    );
    s.apply(set(
        "resultatrakning",
        "lokaler",
        "budget-2026",
        "=(personal-lokaler)/2",
    ))
    .unwrap();
    assert_eq!(
        value(&s, "resultatrakning", "lokaler", "budget-2026"),
        Value::Error(ValueError::Cycle)
    );
    assert!(value(&s, "resultatrakning", "arets-resultat", "budget-2026").is_error());
}

#[test]
fn formula_errors_are_per_cell() {
    let mut s = default_session();
    s.apply(set("ramforandringar", "trygghetsjour", "belopp", "=1+"))
        .unwrap();
    assert_eq!(
        value(&s, "ramforandringar", "trygghetsjour", "belopp"),
        Value::Error(ValueError::BadFormula)
    );
    s.apply(set(
        "ramforandringar",
        "trygghetsjour",
        "belopp",
        "=[Finns inte]+1",
    ))
    .unwrap();
    assert_eq!(
        value(&s, "ramforandringar", "trygghetsjour", "belopp"),
        Value::Error(ValueError::MissingRow)
    );
    s.apply(set("ramforandringar", "trygghetsjour", "belopp", "=1/0"))
        .unwrap();
    assert_eq!(
        value(&s, "ramforandringar", "trygghetsjour", "belopp"),
        Value::Error(ValueError::DivisionByZero)
    );
    // Only that cell and what sums it are affected.
    assert_eq!(
        value(&s, "ramforandringar", "fria-arbetsskor", "belopp"),
        Value::Number(d("1200"))
    );
    assert!(value(&s, "ramforandringar", "summa", "belopp").is_error());
}

fn interim() -> Session {
    Session::new(one_template(Template::InterimReport, "delar", 2026))
}

#[test]
fn deviation_sign_follows_the_table_type() {
    let mut s = interim();
    // Signed income statement: costs are negative; Utfall − Budget.
    s.apply(set(
        "delar",
        "personal",
        "period-januari-mars-budget",
        "-210,0",
    ))
    .unwrap();
    s.apply(set(
        "delar",
        "personal",
        "period-januari-mars-utfall",
        "-214,5",
    ))
    .unwrap();
    s.apply(set(
        "delar",
        "taxor-och-avgifter",
        "period-januari-mars-budget",
        "12,0",
    ))
    .unwrap();
    s.apply(set(
        "delar",
        "taxor-och-avgifter",
        "period-januari-mars-utfall",
        "12,4",
    ))
    .unwrap();
    let dev = |s: &Session, r: &str| value(s, "delar", r, "period-januari-mars-avvikelse");
    assert_eq!(
        dev(&s, "personal"),
        Value::Number(d("-4.5")),
        "overspent: negative"
    );
    assert_eq!(dev(&s, "taxor-och-avgifter"), Value::Number(d("0.4")));
    assert_eq!(dev(&s, "resultat"), Value::Number(d("-4.1")));

    // Net-cost table: Budget − Utfall, positive means under budget.
    let mut n = default_session();
    n.apply(Action::AddTable {
        index: None,
        table: Box::new(build(Template::Initiatives, "sats", 2026)),
    })
    .unwrap();
    n.apply(set("sats", "satsning-1", "budget", "5 000"))
        .unwrap();
    n.apply(set("sats", "satsning-1", "utfall", "4 200"))
        .unwrap();
    assert_eq!(
        value(&n, "sats", "satsning-1", "avvikelse"),
        Value::Number(d("800"))
    );
}

#[test]
fn deviation_percent_and_percent_change_over_missing_or_zero_bases() {
    let mut s = Session::new(one_template(Template::AnnualReport, "ar", 2026));
    s.apply(set(
        "ar",
        "verksamhetens-kostnader",
        "budget-helar",
        "-1 000",
    ))
    .unwrap();
    s.apply(set(
        "ar",
        "verksamhetens-kostnader",
        "utfall-helar",
        "-1 050",
    ))
    .unwrap();
    // Deviation ÷ |budget|: overspending 50 on a cost budget of 1 000 is −5 %.
    assert_eq!(
        value(&s, "ar", "verksamhetens-kostnader", "avvikelse-procent"),
        Value::Number(d("-5"))
    );
    s.apply(set("ar", "verksamhetens-intakter", "budget-helar", "0"))
        .unwrap();
    s.apply(set("ar", "verksamhetens-intakter", "utfall-helar", "10"))
        .unwrap();
    assert_eq!(
        value(&s, "ar", "verksamhetens-intakter", "avvikelse-procent"),
        Value::NotApplicable
    );
    // An empty or "–" figure is not zero: nothing is computed from it.
    s.apply(set("ar", "verksamhetens-intakter", "utfall-helar", "–"))
        .unwrap();
    assert_eq!(
        value(&s, "ar", "verksamhetens-intakter", "avvikelse"),
        Value::Blank
    );
    assert_eq!(
        value(&s, "ar", "verksamhetens-intakter", "avvikelse-procent"),
        Value::Blank
    );
    // Equity rows: UB = IB + result + transfer.
    s.apply(set("ar", "ib-eget-kapital", "utfall-helar", "2 000"))
        .unwrap();
    s.apply(set("ar", "resultatoverforing", "utfall-helar", "30"))
        .unwrap();
    assert_eq!(
        value(&s, "ar", "ub-eget-kapital", "utfall-helar"),
        Value::Number(d("980"))
    );
}

#[test]
fn unit_conversion_is_exact_and_undoable() {
    let mut s = default_session();
    let before = s.workbook.clone();
    s.apply(Action::ConvertUnit {
        table: "drift".into(),
        unit: Unit::Mnkr,
    })
    .unwrap();
    let t = s.workbook.table("drift").unwrap();
    assert_eq!((t.unit, t.decimals), (Unit::Mnkr, 1));
    assert_eq!(
        value(&s, "drift", "arets-resultat", "budget-2026"),
        Value::Number(d("1558.823"))
    );
    assert_eq!(
        value(&s, "drift", "arets-resultat", "forandring"),
        Value::Number(d("89.572"))
    );
    s.apply(Action::ConvertUnit {
        table: "drift".into(),
        unit: Unit::Kr,
    })
    .unwrap();
    assert_eq!(
        value(&s, "drift", "arets-resultat", "budget-2026"),
        Value::Number(d("1558823000"))
    );
    s.apply(Action::ConvertUnit {
        table: "drift".into(),
        unit: Unit::Tkr,
    })
    .unwrap();
    let back = s.workbook.table("drift").unwrap();
    assert_eq!(
        back.rows,
        before.table("drift").unwrap().rows,
        "tkr→mnkr→kr→tkr is exact"
    );
    s.apply(Action::Undo).unwrap();
    s.apply(Action::Undo).unwrap();
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook, before);
}

#[test]
fn structure_edits_that_would_break_the_workbook_are_refused() {
    let mut s = default_session();
    s.apply(set("ramforandringar", "trygghetsjour", "belopp", "=400"))
        .unwrap();
    let before = s.clone();
    let refused = [
        Action::ConvertUnit {
            table: "ramforandringar".into(),
            unit: Unit::Mnkr,
        },
        Action::RemoveColumn {
            table: "drift".into(),
            column: "budget-2025".into(),
        },
        Action::RemoveTable {
            table: "drift".into(),
        },
        Action::SetRowKind {
            table: "volymer".into(),
            row: "summa".into(),
            kind: budget_core::RowKind::Sum {
                terms: vec!["summa".into()],
            },
        },
        Action::AddTable {
            index: None,
            table: Box::new(build(Template::Blank, "drift", 2026)),
        },
        Action::UpdateTable {
            table: "drift".into(),
            meta: budget_core::session::TableMeta {
                title: "Drift".into(),
                unit: Unit::Tkr,
                decimals: 9,
                deviation: budget_core::DeviationSign::BudgetMinusActual,
            },
        },
    ];
    for a in refused {
        let err = s.apply(a.clone());
        assert!(err.is_err(), "{a:?} should be refused");
        assert_eq!(s, before, "{a:?}");
    }
}

#[test]
fn a_row_can_be_made_a_total_of_chosen_rows_and_back() {
    let mut s = default_session();
    s.apply(Action::SetRowKind {
        table: "ramforandringar".into(),
        row: "fria-arbetsskor".into(),
        kind: budget_core::RowKind::Sum {
            terms: vec!["trygghetsjour".into(), "infora-digitala-videomoten".into()],
        },
    })
    .unwrap();
    assert_eq!(
        value(&s, "ramforandringar", "fria-arbetsskor", "belopp"),
        Value::Number(d("1160"))
    );
}

#[test]
fn an_added_table_is_checked_on_its_own_and_refused_whole() {
    let mut s = default_session();
    let before = s.clone();
    let good = build(Template::Blank, "ny", 2026);
    let mut dangling = good.clone();
    dangling.rows.push(budget_core::Row {
        id: "summa-2".into(),
        label: "Summa 2".into(),
        kind: budget_core::RowKind::Sum {
            terms: vec!["finns-inte".into()],
        },
        cells: Default::default(),
        control: Default::default(),
        notes: Default::default(),
        printed_notes: Default::default(),
    });
    let mut twice = good.clone();
    twice.rows.push(twice.rows[0].clone());
    let mut stray = good.clone();
    stray.rows[0]
        .cells
        .insert("ingen-kolumn".into(), budget_core::Cell::Number(d("1")));
    for (bad, why) in [
        (dangling, "finns-inte"),
        (twice, "mer än en gång"),
        (stray, "ingen-kolumn"),
    ] {
        let err = s
            .apply(Action::AddTable {
                index: None,
                table: Box::new(bad),
            })
            .unwrap_err();
        assert!(err.to_string().contains(why), "{err}");
        assert_eq!(s, before);
    }
    s.apply(Action::AddTable {
        index: Some(1),
        table: Box::new(good.clone()),
    })
    .unwrap();
    assert_eq!(s.workbook.tables[1], good);
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook, before.workbook);
}
