//! The JSON texts Kalkyl writes, byte for byte: the scenario file (indented and compact), the
//! version 1 export and the browser storage with an undo history of every kind of edit. The
//! expected texts in tests/data/json/ were written by the serde_json-based writer this crate
//! used before its JSON became hand-written (commit c64380b), so files and saved work stay
//! exactly as they were; `main-d1d658a.*` were written by the hand-written writer that came
//! between. They are not to be rewritten by the current writer: what it adds since, the digest
//! of totals at the end of a file, is compared without them.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use budget_core::analysis::Verification;
use budget_core::catalog::{build, Template};
use budget_core::io::{Library, Scenario, ScenarioMeta};
use budget_core::model::{Allocations, BudgetMode, LineSource, Share, Split};
use budget_core::model::{
    Bridge, CellRef, Column, ColumnKind, Reconciliation, Relation, Row, RowKind, RowRef, Table,
    Unit, Workbook,
};
use budget_core::model::{Change, Collab, LogEntry, Part};
use budget_core::session::{Session, TableMeta};
use budget_core::{Action, Cell, DeviationSign};

use crate::common::{d, set};

/// Text that needs every kind of JSON escape, and characters that need none.
const TRICKY: &str = "Citat \"x\" \\ snedstreck / ny\nrad\ttabb\r\u{1}\u{1f}\u{7f} åäö – ✓ 😀";

fn input(id: &str, label: &str, cells: &[(&str, Cell)]) -> Row {
    Row {
        id: id.into(),
        label: label.into(),
        kind: RowKind::Input,
        cells: cells
            .iter()
            .map(|(c, v)| ((*c).to_string(), v.clone()))
            .collect(),
        control: Default::default(),
        notes: Default::default(),
        printed_notes: Default::default(),
    }
}

/// A small workbook with every kind of column, row, cell and link.
fn workbook() -> Workbook {
    let column = |id: &str, kind: ColumnKind, group: Option<&str>| Column {
        id: id.into(),
        label: format!("Kolumn {id}"),
        kind,
        group: group.map(Into::into),
    };
    let mut lines = Table {
        id: "linjer".into(),
        title: TRICKY.into(),
        unit: Unit::Tkr,
        decimals: 2,
        columns: vec![
            column("a", ColumnKind::Input, Some("HELÅR")),
            column("b", ColumnKind::Input, Some("HELÅR")),
            column(
                "diff",
                ColumnKind::Difference {
                    new: "b".into(),
                    old: "a".into(),
                },
                None,
            ),
            column(
                "pct",
                ColumnKind::PercentChange {
                    new: "b".into(),
                    old: "a".into(),
                },
                None,
            ),
            column(
                "dev",
                ColumnKind::Deviation {
                    budget: "b".into(),
                    actual: "a".into(),
                },
                None,
            ),
            column(
                "devp",
                ColumnKind::DeviationPercent {
                    budget: "b".into(),
                    actual: "a".into(),
                },
                None,
            ),
            column("note", ColumnKind::Text, None),
        ],
        rows: vec![
            input(
                "x",
                "Rad x",
                &[
                    ("a", Cell::Number(d("-888391"))),
                    ("b", Cell::Number(d("12.50"))),
                    ("note", Cell::Text(TRICKY.into())),
                ],
            ),
            input(
                "y",
                "Rad y",
                &[
                    ("a", Cell::Invalid("12 tkr".into())),
                    ("b", Cell::Formula("=[Rad x]*1,023".into())),
                ],
            ),
            input("z", "Rad z", &[]),
        ],
        deviation: DeviationSign::ActualMinusBudget,
    };
    lines.rows.push(Row {
        id: "summa".into(),
        label: "Summa".into(),
        kind: RowKind::Sum {
            terms: vec!["x".into(), "y".into(), "z".into()],
        },
        cells: Default::default(),
        control: [("a".to_string(), Cell::Number(d("0.000")))]
            .into_iter()
            .collect(),
        notes: Default::default(),
        printed_notes: Default::default(),
    });
    let plan = build(Template::Plan, "plan", 2026);
    let first_plan_column = plan.columns[0].id.clone();
    let plan_row = plan.rows[0].id.clone();
    Workbook {
        title: "Plan 2026".into(),
        committee: TRICKY.into(),
        reconciliations: vec![Reconciliation {
            label: "Summor".into(),
            left: RowRef {
                table: "linjer".into(),
                row: "summa".into(),
            },
            right: RowRef {
                table: "plan".into(),
                row: plan_row.clone(),
            },
            relation: Relation::Negated,
        }],
        bridge: Some(Bridge {
            base: CellRef {
                table: "linjer".into(),
                row: "x".into(),
                column: "a".into(),
            },
            steps: vec![CellRef {
                table: "linjer".into(),
                row: "y".into(),
                column: "a".into(),
            }],
            target: CellRef {
                table: "plan".into(),
                row: plan_row,
                column: first_plan_column,
            },
        }),
        allocations: Some(Allocations {
            activities: "linjer".into(),
            previous: "a".into(),
            proposed: "b".into(),
            mode: BudgetMode::FollowsBridge,
            sources: vec![LineSource {
                table: "plan".into(),
                column: "budget".into(),
            }],
            shares: vec![
                Share {
                    table: "plan".into(),
                    line: "r1".into(),
                    activity: "x".into(),
                    split: Split::Amount(d("9300")),
                },
                Share {
                    table: "plan".into(),
                    line: "r1".into(),
                    activity: "y".into(),
                    split: Split::Percent(d("12.5")),
                },
            ],
        }),
        tables: vec![
            lines,
            plan,
            Table {
                rows: Vec::new(),
                ..build(Template::Blank, "tom", 2026)
            },
        ],
        collab: Collab::default(),
    }
}

fn scenario() -> Scenario {
    Scenario {
        meta: ScenarioMeta {
            unit: Unit::Mnkr,
            author: "Anna Ek".into(),
            created: "2026-11-24T07:00:00.000Z".into(),
            modified: "2026-11-24T07:42:10.512Z".into(),
            notes: TRICKY.into(),
            name: None,
        },
        workbook: workbook(),
    }
}

/// A library whose current session's undo and redo hold every single-step kind of edit.
fn library() -> Library {
    let s = scenario();
    let mut lib = Library::new("Scenario A", s.clone());
    lib.add(TRICKY, s.clone());
    let session: &mut Session = &mut lib.current_mut().unwrap().session;
    let actions = vec![
        set("linjer", "z", "a", "1 064 236,75"),
        set("linjer", "x", "a", ""),
        set("linjer", "z", "note", "fri text"),
        Action::SetControl {
            table: "linjer".into(),
            row: "summa".into(),
            column: "b".into(),
            input: "17".into(),
        },
        Action::SetComparison {
            table: "linjer".into(),
            new: "a".into(),
            old: "b".into(),
        },
        Action::AddRow {
            table: "linjer".into(),
            after: Some("x".into()),
            label: "Ny rad".into(),
        },
        Action::AddRow {
            table: "linjer".into(),
            after: Some("x".into()),
            label: "Rad som tas bort".into(),
        },
        Action::RemoveRow {
            table: "linjer".into(),
            row: "rad-2".into(),
        },
        Action::RenameRow {
            table: "linjer".into(),
            row: "z".into(),
            label: "Rad z, omdöpt".into(),
        },
        Action::MoveRow {
            table: "linjer".into(),
            row: "z".into(),
            to: 0,
        },
        Action::SetRowKind {
            table: "linjer".into(),
            row: "y".into(),
            kind: RowKind::Sum {
                terms: vec!["x".into()],
            },
        },
        Action::AddColumn {
            table: "linjer".into(),
            index: Some(1),
            column: Column {
                id: "c".into(),
                label: "Prognos".into(),
                kind: ColumnKind::Input,
                group: Some("PERIOD".into()),
            },
        },
        set("linjer", "x", "c", "5"),
        Action::UpdateColumn {
            table: "linjer".into(),
            column: Column {
                id: "c".into(),
                label: "Prognos 2".into(),
                kind: ColumnKind::Input,
                group: None,
            },
        },
        Action::RemoveColumn {
            table: "linjer".into(),
            column: "c".into(),
        },
        Action::UpdateTable {
            table: "linjer".into(),
            meta: TableMeta {
                title: "Linjer".into(),
                unit: Unit::Kr,
                decimals: 1,
                deviation: DeviationSign::BudgetMinusActual,
            },
        },
        Action::AddTable {
            index: Some(0),
            table: Box::new(build(Template::Investments, "inv", 2026)),
        },
        Action::RemoveTable {
            table: "inv".into(),
        },
        Action::LoadScenario(Box::new(workbook())),
        Action::Undo,
        Action::Undo,
        Action::Undo,
    ];
    for a in actions {
        session
            .apply(a.clone())
            .unwrap_or_else(|e| panic!("{a:?}: {e}"));
    }
    lib
}

/// A file as written before files carried the digest of their totals, which the writer puts
/// last (indented or compact); a text without one is returned as it is.
fn without_digest(text: &str) -> String {
    if let Some(at) = text.rfind(",\n  \"totals\": {") {
        format!("{}\n}}", &text[..at])
    } else if let Some(at) = text.rfind(",\"totals\":{") {
        format!("{}}}", &text[..at])
    } else {
        text.to_string()
    }
}

/// Compares with an expected text, naming the first difference.
fn same(actual: &str, expected: &str, what: &str) {
    if actual != expected {
        let at = actual
            .bytes()
            .zip(expected.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(actual.len().min(expected.len()));
        let mut from = at.saturating_sub(60);
        while !actual.is_char_boundary(from) || !expected.is_char_boundary(from) {
            from -= 1;
        }
        let end = |t: &str| {
            let mut e = (at + 60).min(t.len());
            while !t.is_char_boundary(e) {
                e -= 1;
            }
            e
        };
        panic!(
            "{what} differs at byte {at}:\n  got      …{}…\n  expected …{}…",
            &actual[from..end(actual)],
            &expected[from..end(expected)]
        );
    }
}

#[test]
fn the_scenario_file_is_written_as_before() {
    let s = scenario();
    let pretty = budget_core::io::to_json(&s).unwrap();
    let compact = budget_core::io::to_json_compact(&s).unwrap();
    // The expected texts predate the digest of totals, which is the writer's only addition.
    same(
        &without_digest(&pretty),
        include_str!("../data/json/scenario.kalkyl.json"),
        "scenario file",
    );
    same(
        &without_digest(&compact),
        include_str!("../data/json/scenario.compact.json"),
        "compact file",
    );
    // Reading refuses control characters in any text (a file Kalkyl wrote cannot hold them
    // since typed text is checked), so the read-back is checked without them.
    let refused = budget_core::io::from_json(&pretty).unwrap_err().to_string();
    assert!(refused.contains("U+0001"), "{refused}");
    let clean = |t: &str| t.replace("\\u0001\\u001f\u{7f}", "");
    for (text, write) in [
        (clean(&pretty), budget_core::io::to_json as fn(&_) -> _),
        (clean(&compact), budget_core::io::to_json_compact),
    ] {
        let (read, verified) = budget_core::io::open_json(&text).unwrap();
        assert_eq!(verified, Verification::Verified);
        assert_eq!(
            without_digest(&write(&read).unwrap()),
            without_digest(&text)
        );
        assert_eq!(read.workbook.tables.len(), s.workbook.tables.len());
    }
}

/// The workbook with notes on a cell and a printed figure, a lineage, a lock and a log entry.
fn collab_workbook() -> Workbook {
    let mut wb = workbook();
    let lines = &mut wb.tables[0];
    let sum = lines.rows.len() - 1;
    lines.rows[0]
        .notes
        .insert("a".into(), format!("Källa: {TRICKY}"));
    lines.rows[sum]
        .printed_notes
        .insert("a".into(), "Tryckt i bilaga 2".into());
    wb.collab = Collab {
        scenario: "2026-12-07T08:00:00.000Z Anna Ek".into(),
        locked: true,
        log: vec![LogEntry {
            at: "2026-12-07T09:00:00.000Z".into(),
            author: TRICKY.into(),
            reason: "Ny prognos".into(),
            changes: vec![
                Change {
                    part: Part::Value,
                    table: "linjer".into(),
                    row: "x".into(),
                    column: "a".into(),
                    before: Some(Cell::Number(d("1000"))),
                    after: None,
                },
                Change {
                    part: Part::Row,
                    table: "linjer".into(),
                    row: "z".into(),
                    column: String::new(),
                    before: None,
                    after: Some(Cell::Text("Rad z".into())),
                },
            ],
        }],
    };
    wb
}

/// Notes, lineage, lock and log as the file writes them; the files above, which use none of
/// them, are written exactly as before they existed.
#[test]
fn notes_lineage_lock_and_log_are_written_as_designed() {
    let s = Scenario {
        workbook: collab_workbook(),
        ..scenario()
    };
    let text = budget_core::io::to_json(&s).unwrap();
    if std::env::var_os("KALKYL_WRITE_GOLDEN").is_some() {
        std::fs::write("tests/data/json/collab.kalkyl.json", &text).unwrap();
    }
    same(
        &text,
        include_str!("../data/json/collab.kalkyl.json"),
        "file with notes and log",
    );
    let clean = text.replace("\\u0001\\u001f\u{7f}", "");
    let read = budget_core::io::from_json(&clean).unwrap();
    assert_eq!(budget_core::io::to_json(&read).unwrap(), clean);
    assert!(read.workbook.collab.locked);
    assert_eq!(read.workbook.collab.log.len(), 1);
}

#[test]
fn the_version_1_export_is_written_as_before() {
    let wb = workbook();
    let v1 = budget_core::io::to_json_v1(&wb).unwrap();
    same(
        &v1,
        include_str!("../data/json/workbook.v1.json"),
        "version 1 export",
    );
    assert_eq!(budget_core::io::from_json_v1(&v1).unwrap(), wb);
}

#[test]
fn the_storage_text_is_written_as_before() {
    let lib = library();
    let text = lib.to_storage().unwrap();
    if std::env::var_os("KALKYL_WRITE_GOLDEN").is_some() {
        std::fs::write("tests/data/json/storage-v2.json", &text).unwrap();
    }
    same(
        &text,
        include_str!("../data/json/storage-v2.json"),
        "storage",
    );
    assert_eq!(Library::from_storage(&text).unwrap(), lib);
    // Version 1 (edits tagged inside), as every page before version 2 saved it, still opens:
    // as the same work, but for the change log, which pages then did not keep.
    let v1 = include_str!("../data/json/storage.json");
    assert!(v1.starts_with("{\"version\":1,"));
    let opened = Library::from_storage(v1).unwrap().to_storage().unwrap();
    let stripped = without_log(serde_json::from_str(&text).unwrap()).to_string();
    let opened = serde_json::from_str::<serde_json::Value>(&opened)
        .unwrap()
        .to_string();
    same(&opened, &stripped, "version 1 storage, opened");
}

/// Stored work as it was before the change log: no `collab`, and each undo step without the
/// `pop_log` that takes its entry off the log (or, redone, the `push_log` that puts it back).
fn without_log(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut map: serde_json::Map<String, Value> = map
                .into_iter()
                .filter(|(k, _)| k != "collab")
                .map(|(k, v)| (k, without_log(v)))
                .collect();
            let lone = match map.get("batch").and_then(|b| b.get("edits")) {
                Some(Value::Array(edits)) => {
                    let kept: Vec<Value> = edits
                        .iter()
                        .filter(|e| e.get("pop_log").is_none() && e.get("push_log").is_none())
                        .cloned()
                        .collect();
                    let single = (kept.len() == 1 && edits.len() == 2).then(|| kept[0].clone());
                    map.insert("batch".into(), serde_json::json!({ "edits": kept }));
                    single
                }
                _ => None,
            };
            lone.unwrap_or(Value::Object(map))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(without_log).collect()),
        other => other,
    }
}

/// Batches (a paste, an uplift, a follow-mode edit) and allocation changes could not be stored
/// at all while serde wrote the storage; they are now members like any edit's fields.
#[test]
fn batches_and_allocation_changes_are_stored_too() {
    let mut lib = library();
    let session = &mut lib.current_mut().unwrap().session;
    session
        .apply(Action::Batch(vec![
            set("linjer", "x", "a", "1"),
            set("linjer", "x", "b", "2"),
        ]))
        .unwrap();
    session
        .apply(Action::Allocate(
            budget_core::session::AllocationChange::SetMode(BudgetMode::Typed),
        ))
        .unwrap();
    let text = lib.to_storage().unwrap();
    let at = text.find("{\"batch\":{\"edits\":[{\"pop_log").unwrap_or(0);
    assert!(
        text.contains("{\"batch\":{\"edits\":[{\"pop_log\":{\"lineage\":false}},{\"put_cell\":{"),
        "{}",
        &text[at..at + 200]
    );
    assert!(text.contains("{\"put_allocations\":{\"allocations\":{\"activities\""));
    let back = Library::from_storage(&text).unwrap();
    assert_eq!(back, lib);
    let mut session = back.current().unwrap().session.clone();
    session.apply(Action::Undo).unwrap();
    session.apply(Action::Undo).unwrap();
    assert_eq!(
        session.workbook,
        library().current().unwrap().session.workbook
    );
}

#[test]
fn damaged_storage_and_files_are_refused_with_their_place() {
    let text = library().to_storage().unwrap();
    let cut = Library::from_storage(&text[..text.len() / 2])
        .unwrap_err()
        .to_string();
    assert!(cut.contains("sparat arbete, rad 1, kolumn "), "{cut}");
    let renamed = text.replacen("\"undo\"", "\"ångra\"", 1);
    let missing = Library::from_storage(&renamed).unwrap_err().to_string();
    assert!(missing.contains("fält saknas: `undo`"), "{missing}");
    let wrong = text.replacen("\"revision\":", "\"revision\":-", 1);
    assert!(Library::from_storage(&wrong)
        .unwrap_err()
        .to_string()
        .contains("ogiltigt värde: talet -"));
    // A hostile file nested past any real one is refused, not a stack overflow.
    let deep = format!(
        "{{\"format\":\"kalkyl-scenario\",\"version\":2,\"x\":{}",
        "[".repeat(100_000)
    );
    assert!(budget_core::io::from_json(&deep).is_err());
}

/// Files written by the hand-written JSON code of main at d1d658a (every template, a formula, a
/// batch, allocation shares and follow mode in the undo history, a redo step) open with the
/// serde readers and write back byte for byte; the share link of the same scenario opens to it.
#[test]
fn files_written_before_serde_open_unchanged() {
    let file = include_str!("../data/json/main-d1d658a.kalkyl.json");
    let (scenario, verification) = budget_core::io::open_json(file).unwrap();
    // Written before the scenario's name was saved: it opens without one (under its file name).
    assert!(!file.contains("\"name\""));
    assert_eq!(scenario.meta.name, None);
    assert_eq!(scenario.workbook.tables.len(), 7 + Template::ALL.len());
    // Written before files carried their totals: nothing to verify, and it says so.
    assert!(!file.contains("\"totals\""));
    assert_eq!(verification, Verification::NoDigest);
    // Written back the same, with the digest of its totals added at the end.
    let written = budget_core::io::to_json(&scenario).unwrap();
    same(&without_digest(&written), file, "main file");
    let (_, verified) = budget_core::io::open_json(&written).unwrap();
    assert_eq!(verified, Verification::Verified);

    let storage = include_str!("../data/json/main-d1d658a.storage.json");
    let lib = Library::from_storage(storage).unwrap();
    // Written as version 2 now, and read back the same.
    assert_eq!(
        Library::from_storage(&lib.to_storage().unwrap()).unwrap(),
        lib
    );
    let session = &lib.current().unwrap().session;
    assert!(session.can_undo() && session.can_redo());
    assert!(storage.contains("{\"edit\":\"batch\",\"edits\":["));
    assert!(storage.contains("{\"edit\":\"put_allocations\",\"allocations\":{"));
    assert_eq!(lib.current().unwrap().scenario(), scenario);

    let link = include_str!("../data/json/main-d1d658a.share.txt");
    assert_eq!(
        budget_core::io::share::decode(link.trim()).unwrap(),
        scenario
    );
}
