//! Issue 20: printed totals on computed columns are checked like typed ones and survive the
//! file and both exports; reconciliations judge rounding by the number of rounded terms; scenario
//! files beyond what the page can open in time are refused with what is over, and the undo
//! history is bounded.
#![allow(clippy::unwrap_used, clippy::panic)]

use budget_core::analysis::{check, FindingKind, Status};

use budget_core::catalog::{build, Template};
use budget_core::engine::Computed;
use budget_core::io::{from_json, to_json, Scenario, ScenarioMeta};
use budget_core::model::limits::{self, MAX_TABLES, MAX_TEXT_CHARS};
use budget_core::model::ColumnKind;
use budget_core::{Action, Cell, Decimal, Session};

use crate::common::{d, default_session, one_template, set};

/// The interim report with Personal and Taxor typed for the period: its result's deviation is
/// −4,1 mnkr (Utfall − Budget), and the deviation % −2,1 % of |−198,0|.
fn interim() -> (Session, String, String) {
    let mut s = Session::new(one_template(Template::InterimReport, "delar", 2026));
    for (row, column, input) in [
        ("personal", "period-januari-mars-budget", "-210,0"),
        ("personal", "period-januari-mars-utfall", "-214,5"),
        ("taxor-och-avgifter", "period-januari-mars-budget", "12,0"),
        ("taxor-och-avgifter", "period-januari-mars-utfall", "12,4"),
    ] {
        s.apply(set("delar", row, column, input)).unwrap();
    }
    s.apply(Action::AddColumn {
        table: "delar".into(),
        index: None,
        column: budget_core::Column {
            id: "period-avvikelse-procent".into(),
            label: "Avvikelse (%)".into(),
            kind: ColumnKind::DeviationPercent {
                budget: "period-januari-mars-budget".into(),
                actual: "period-januari-mars-utfall".into(),
            },
            group: None,
        },
    })
    .unwrap();
    (
        s,
        "period-januari-mars-avvikelse".into(),
        "period-avvikelse-procent".into(),
    )
}

fn printed(s: &mut Session, column: &str, input: &str) {
    s.apply(Action::SetControl {
        table: "delar".into(),
        row: "resultat".into(),
        column: column.into(),
        input: input.into(),
    })
    .unwrap();
}

fn status_of(s: &Session, column: &str) -> (Status, Option<Decimal>) {
    let findings = check(&s.workbook, &Computed::of(&s.workbook));
    let f = findings
        .iter()
        .find(|f| f.kind == FindingKind::ControlTotal && f.column == column)
        .unwrap();
    (f.status, f.difference)
}

#[test]
fn printed_deviation_totals_are_checked_for_rounding_errors_and_sign_slips() {
    let (mut s, deviation, _) = interim();
    for (input, want) in [
        ("-4,1", Status::Ok),
        ("-4,2", Status::Rounding),
        ("-4,3", Status::Rounding),
        ("-4,4", Status::Mismatch),
        ("4,1", Status::SignReversed),
    ] {
        printed(&mut s, &deviation, input);
        assert_eq!(status_of(&s, &deviation).0, want, "printed {input}");
    }
}

#[test]
fn printed_percentages_are_held_against_the_shown_one_decimal() {
    let (mut s, _, percent) = interim();
    let computed = Computed::of(&s.workbook);
    let exact = computed
        .value(&s.workbook, "delar", "resultat", &percent)
        .number()
        .unwrap();
    let shown = budget_core::base::round_for_display(exact, 1);
    printed(
        &mut s,
        &percent,
        &format!("{} %", shown.to_string().replace('.', ",")),
    );
    assert_eq!(status_of(&s, &percent), (Status::Ok, Some(Decimal::ZERO)));
    printed(
        &mut s,
        &percent,
        &(shown + d("0.2")).to_string().replace('.', ","),
    );
    assert_eq!(status_of(&s, &percent).0, Status::Rounding);
    printed(
        &mut s,
        &percent,
        &(shown + d("0.3")).to_string().replace('.', ","),
    );
    assert_eq!(status_of(&s, &percent).0, Status::Mismatch);
    printed(&mut s, &percent, &(-shown).to_string().replace('.', ","));
    assert_eq!(status_of(&s, &percent).0, Status::SignReversed);
    let findings = check(&s.workbook, &Computed::of(&s.workbook));
    let f = findings.iter().find(|f| f.column == percent).unwrap();
    assert!(f
        .basis
        .as_ref()
        .unwrap()
        .get(budget_core::Lang::Sv)
        .contains("en decimal"));
}

#[test]
fn printed_totals_on_computed_columns_survive_the_file_and_both_exports() {
    let (mut s, deviation, percent) = interim();
    printed(&mut s, &deviation, "-4,3");
    printed(&mut s, &percent, "-2,1");
    let scenario = Scenario {
        meta: ScenarioMeta::for_workbook(&s.workbook, ""),
        workbook: s.workbook.clone(),
    };
    let back = from_json(&to_json(&scenario).unwrap()).unwrap();
    assert_eq!(back.workbook, s.workbook);
    let resultat = |wb: &budget_core::Workbook| {
        wb.tables[0]
            .rows
            .iter()
            .find(|r| r.id == "resultat")
            .unwrap()
            .control
            .clone()
    };
    assert_eq!(
        resultat(&back.workbook)[&deviation],
        Cell::Number(d("-4.3"))
    );

    let computed = Computed::of(&s.workbook);
    let csv = budget_core::io::workbook_to_csv(
        &s.workbook,
        &computed,
        budget_core::io::CsvDialect::SwedishExcel,
    )
    .unwrap();
    let line = csv.lines().find(|l| l.contains("(tryckt)")).unwrap();
    assert!(line.contains("-4,3") && line.contains("-2,1"), "{line}");

    let plan = budget_core::io::workbook_plan(&s.workbook, &computed);
    let json = serde_json::to_string(&plan).unwrap();
    assert!(json.contains("(tryckt)"), "{json}");
    assert!(json.contains("\"-4.3\"") || json.contains("-4.3"), "{json}");
}

#[test]
fn reconciliation_rounding_grows_with_the_rounded_terms_and_says_how() {
    let mut s = default_session();
    let rec = s.workbook.reconciliations[0].clone();
    let findings = check(&s.workbook, &Computed::of(&s.workbook));
    let before: Vec<_> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::ReconciliationComputed)
        .cloned()
        .collect();
    assert!(!before.is_empty());
    let f = &before[0];
    // Both sides are sums of many rounded lines: more than the 2 units of one printed total.
    assert!(f.tolerance > Decimal::from(2), "{:?}", f.tolerance);
    let basis = f
        .basis
        .as_ref()
        .unwrap()
        .get(budget_core::Lang::Sv)
        .to_string();
    assert!(
        basis.contains("avrundade tal") && basis.contains("halv enhet"),
        "{basis}"
    );

    // Publish two roundings, +1 on one side and −2 on the other: 3 units apart, rounding now.
    let left = s.workbook.table(&rec.left.table).unwrap().clone();
    let leaf = left
        .rows
        .iter()
        .find(|r| matches!(r.kind, budget_core::RowKind::Input) && r.cells.contains_key(&f.column))
        .unwrap();
    let Cell::Number(was) = leaf.cells[&f.column].clone() else {
        panic!()
    };
    s.apply(set(
        &left.id,
        &leaf.id,
        &f.column,
        &(was + Decimal::from(3)).to_string(),
    ))
    .unwrap();
    let after = check(&s.workbook, &Computed::of(&s.workbook));
    let g = after
        .iter()
        .find(|g| g.kind == FindingKind::ReconciliationComputed && g.column == f.column)
        .unwrap();
    let moved = g.difference.unwrap() - f.difference.unwrap_or_default();
    assert_eq!(moved.abs(), Decimal::from(3));
    assert!(g.difference.unwrap().abs() <= g.tolerance, "{g:?}");
    assert!(matches!(g.status, Status::Rounding | Status::Ok), "{g:?}");
    // Far beyond the terms' rounding it is an error.
    s.apply(set(
        &left.id,
        &leaf.id,
        &f.column,
        &(was + Decimal::from(500)).to_string(),
    ))
    .unwrap();
    let far = check(&s.workbook, &Computed::of(&s.workbook));
    let h = far
        .iter()
        .find(|h| h.kind == FindingKind::ReconciliationComputed && h.column == f.column)
        .unwrap();
    assert_eq!(h.status, Status::Mismatch);
}

// ---- limits -------------------------------------------------------------------------------

fn file_of(tables: Vec<serde_json::Value>) -> String {
    serde_json::json!({
        "format": "kalkyl-scenario",
        "version": 2,
        "meta": {"unit": "tkr", "author": "", "created": "", "modified": "", "notes": ""},
        "workbook": {"title": "t", "committee": "", "tables": tables, "reconciliations": [], "bridge": null}
    })
    .to_string()
}

fn table(id: &str, rows: usize, columns: usize) -> serde_json::Value {
    let cols: Vec<_> = (0..columns)
        .map(|c| serde_json::json!({"id": format!("k{c}"), "label": "", "kind": {"type": "input"}}))
        .collect();
    let rows: Vec<_> = (0..rows)
        .map(|r| serde_json::json!({"id": format!("r{r}"), "label": "", "kind": {"type": "input"}}))
        .collect();
    serde_json::json!({"id": id, "title": id, "unit": "tkr", "decimals": 0, "columns": cols, "rows": rows})
}

fn refusal(text: &str) -> String {
    from_json(text).unwrap_err().to_string()
}

#[test]
fn each_limit_admits_its_largest_and_refuses_one_more_with_what_is_over() {
    let tables = |n| (0..n).map(|i| table(&format!("t{i}"), 1, 1)).collect();
    assert!(from_json(&file_of(tables(MAX_TABLES))).is_ok());
    let msg = refusal(&file_of(tables(MAX_TABLES + 1)));
    assert!(msg.contains("filen har 501 tabeller; högst 500"), "{msg}");

    assert!(from_json(&file_of(vec![table("t", 20, limits::MAX_COLUMNS)])).is_ok());
    let msg = refusal(&file_of(vec![table("t", 20, limits::MAX_COLUMNS + 1)]));
    assert!(msg.contains("har 201 kolumner"), "{msg}");

    // 13 tables of 200 rows × 5 columns are drawn whole: 13 000 cells at once.
    let msg = refusal(&file_of(
        (0..13).map(|i| table(&format!("t{i}"), 200, 5)).collect(),
    ));
    assert!(msg.contains("13 000 celler som visas på en gång"), "{msg}");

    let mut long = table("t", 2, 1);
    long["rows"][0]["label"] = "x".repeat(MAX_TEXT_CHARS + 1).into();
    let msg = refusal(&file_of(vec![long]));
    assert!(
        msg.contains("$.workbook.tables[0].rows[0].label: texten är 1 200 001 tecken"),
        "{msg}"
    );
    let en = from_json(&file_of(vec![table("t", 20, 201)])).unwrap_err();
    assert!(en.message(budget_core::Lang::En).contains("201 columns"));
}

#[test]
fn limits_add_up_so_two_near_their_limits_are_refused_together() {
    let size = limits::Size {
        tables: MAX_TABLES * 8 / 10,
        drawn_cells: limits::MAX_DRAWN_CELLS * 8 / 10,
        ..limits::Size::default()
    };
    assert_eq!(size.load_percent(), 160);
    let msg = limits::check_size(size).unwrap_err().to_string();
    assert!(msg.contains("160 %"), "{msg}");
    let half = limits::Size {
        tables: MAX_TABLES / 2,
        drawn_cells: limits::MAX_DRAWN_CELLS,
        ..limits::Size::default()
    };
    assert!(limits::check_size(half).is_ok());
    assert_eq!(limits::formula_operands("=[a]+[b]*2-SUMMA([c];[d])"), 5);
}

#[test]
fn share_links_beyond_the_limit_are_refused_by_length() {
    let long = "A".repeat(budget_core::io::share::MAX_LINK_CHARS + 1);
    let msg = budget_core::io::share::too_long(&long).unwrap();
    assert!(msg.get(budget_core::Lang::Sv).contains("400 001 tecken"));
    assert!(budget_core::io::share::too_long("abc").is_none());
}

#[test]
fn undo_history_keeps_the_newest_steps() {
    let mut s = default_session();
    let n = budget_core::session::MAX_UNDO_STEPS + 5;
    for i in 0..n {
        s.apply(set(
            "resultatrakning",
            "personal",
            "budget-2026",
            &i.to_string(),
        ))
        .unwrap();
    }
    let mut undone = 0;
    while s.can_undo() {
        s.apply(Action::Undo).unwrap();
        undone += 1;
    }
    assert_eq!(undone, budget_core::session::MAX_UNDO_STEPS);
    // The oldest five steps went: the cell holds what the sixth step replaced.
    let cell = s
        .workbook
        .table("resultatrakning")
        .unwrap()
        .row("personal")
        .unwrap()
        .cells["budget-2026"]
        .clone();
    assert_eq!(cell, Cell::Number(Decimal::from(4)));
}

/// An imported table joins the workbook only if the workbook can still be saved and opened: the
/// file's limits hold for the workbook it makes, and a refusal leaves the workbook as it was.
#[test]
fn an_added_table_is_held_to_the_limits_of_the_file_it_would_make() {
    let mut s = default_session();
    let before = s.workbook.clone();
    let wide = |id: &str, rows: usize| {
        let mut t = build(Template::Plan, id, 2026);
        let template_row = t.rows[0].clone();
        t.rows = (0..rows)
            .map(|i| {
                let mut r = template_row.clone();
                r.id = format!("r{i}");
                r.label = format!("Rad {i}");
                r.kind = budget_core::RowKind::Input;
                r
            })
            .collect();
        t
    };
    // Within the cell limit with the rest of the workbook: accepted.
    let columns = wide("liten", 1).columns.len();
    let fits = (limits::MAX_CELLS / 2) / columns;
    s.apply(Action::AddTable {
        index: None,
        table: Box::new(wide("stor", fits)),
    })
    .unwrap();
    s.apply(Action::Undo).unwrap();
    assert_eq!(s.workbook, before);
    // One table of more cells than a file may hold: refused, with the reason, and nothing added.
    let over = limits::MAX_CELLS / columns + 1;
    let err = s
        .apply(Action::AddTable {
            index: None,
            table: Box::new(wide("for-stor", over)),
        })
        .unwrap_err()
        .text();
    assert!(
        err.get(budget_core::Lang::Sv)
            .contains("tabellen läggs inte till"),
        "{}",
        err.get(budget_core::Lang::Sv)
    );
    assert!(
        err.get(budget_core::Lang::En).contains("cells"),
        "{}",
        err.get(budget_core::Lang::En)
    );
    assert_eq!(s.workbook, before);
}
