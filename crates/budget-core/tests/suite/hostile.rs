//! The hostile-input corpus: scenario files and CSV/XLSX imports as they may arrive by e-mail
//! from anyone. Each file of `tests/hostile/` (listed with its expected outcome in
//! `tests/hostile/expected.txt`), and the big cases made here in code, is run through the real
//! loader against a workbook being worked on. Whatever the file does, the open workbook's
//! exported scenario JSON is byte-identical before and after, the attempt takes less than 2 s
//! (debug build: nothing can freeze the tab), and the outcome is the one listed — a refusal
//! whose Swedish and English messages both say specifically what is wrong, or an acceptance
//! with a checked property (a `=HYPERLINK` label kept as text and neutralised on export, `-0`
//! read as 0, Windows-1252 and UTF-16 decoded).
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use budget_core::analysis::check;

use budget_core::catalog::default_workbook;
use budget_core::engine::{Computed, Recalc, ValueError};
use budget_core::io::xlsx_file::workbook_to_xlsx;
use budget_core::io::{
    import_action, preview_named, workbook_to_csv, CsvDialect, ImportPreview, Library, Scenario,
    ScenarioMeta,
};
use budget_core::{
    format_amount, Action, Cell, CoreError, Decimal, Lang, Session, Value, Workbook,
};
use calamine::{open_workbook_from_rs, Reader, Xlsx};

/// Generous for a debug build; release wasm is several times faster.
const TIME_LIMIT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Loader {
    Scenario,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone)]
enum Outcome {
    Refused { sv: String, en: String },
    Problem { sv: String, en: String },
    Accepted(String),
}

struct Case {
    name: String,
    loader: Loader,
    bytes: Vec<u8>,
    outcome: Outcome,
}

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn corpus() -> Vec<Case> {
    let manifest = std::fs::read_to_string(dir().join("expected.txt")).unwrap();
    let cases: Vec<Case> = manifest
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let parts: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let loader = match parts[1] {
                "scenario" => Loader::Scenario,
                "csv" => Loader::Csv,
                "xlsx" => Loader::Xlsx,
                other => panic!("{line}: unknown loader {other}"),
            };
            let outcome = match (parts[2], &parts[3..]) {
                ("refused", [sv, en]) => Outcome::Refused {
                    sv: sv.to_string(),
                    en: en.to_string(),
                },
                ("problem", [sv, en]) => Outcome::Problem {
                    sv: sv.to_string(),
                    en: en.to_string(),
                },
                ("accepted", [property]) => Outcome::Accepted(property.to_string()),
                _ => panic!("{line}: unreadable outcome"),
            };
            Case {
                bytes: std::fs::read(dir().join(parts[0])).unwrap(),
                name: parts[0].to_string(),
                loader,
                outcome,
            }
        })
        .collect();
    // Every file is listed and every listed file exists (read above).
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name != "expected.txt" && name != "make.py" {
            assert!(
                cases.iter().any(|c| c.name == name),
                "{name} is not in expected.txt"
            );
        }
    }
    cases
}

fn refused(sv: &str, en: &str) -> Outcome {
    Outcome::Refused {
        sv: sv.into(),
        en: en.into(),
    }
}

/// A valid scenario file of the corpus with `edit` applied to its text.
fn valid_scenario_with(edit: impl Fn(&str) -> String) -> Vec<u8> {
    let base = std::fs::read_to_string(dir().join("s-valid.kalkyl.json")).unwrap();
    edit(&base).into_bytes()
}

/// A scenario file whose one table has `rows` input rows, each a formula naming a row that
/// does not exist, and one sum of `terms` terms all naming the last row: built to take
/// quadratic time in any lookup by label or by id that is not indexed.
fn slow_scenario(rows: usize, terms: usize) -> Vec<u8> {
    let mut body = String::new();
    for i in 0..rows {
        body.push_str(&format!(
            r#"{{"id":"r{i}","label":"Rad {i}","kind":{{"type":"input"}},"cells":{{"b":{{"formula":"=[Ingen sådan rad]"}}}}}},"#
        ));
    }
    let last = format!("\"r{}\",", rows - 1).repeat(terms);
    body.push_str(&format!(
        r#"{{"id":"summa","label":"Summa","kind":{{"type":"sum","terms":[{}]}}}}"#,
        last.trim_end_matches(',')
    ));
    format!(
        r#"{{"format":"kalkyl-scenario","version":2,"meta":{{"unit":"tkr","author":"","created":"","modified":"","notes":""}},
        "workbook":{{"title":"Långsam","committee":"","tables":[{{"id":"t","title":"T","unit":"tkr","decimals":0,
        "columns":[{{"id":"b","label":"Budget","kind":{{"type":"input"}}}}],"rows":[{body}]}}]}}}}"#
    )
    .into_bytes()
}

/// The big cases, made here rather than committed.
fn generated() -> Vec<Case> {
    const MB: usize = 1024 * 1024;
    let mut big_csv = b"Drift, tkr;Budget\n".to_vec();
    big_csv.resize(100 * MB, b'1');
    let mut big_xlsx = b"PK\x03\x04".to_vec();
    big_xlsx.resize(100 * MB, 0);
    let long_label = format!("Äldreomsorg {}", "x".repeat(MB));
    let rows = |n: usize| {
        let mut csv = String::from("Drift, tkr;Budget\n");
        for i in 0..n {
            csv.push_str(&format!("R{i};{i}\n"));
        }
        csv.into_bytes()
    };
    let wide = |columns: usize, rows: usize| {
        let line = |cell: &str| format!("x{}\n", format!(";{cell}").repeat(columns));
        let mut csv = format!("Drift, tkr{}\n", ";K".repeat(columns));
        for _ in 0..rows {
            csv.push_str(&line("1"));
        }
        csv.into_bytes()
    };
    vec![
        Case {
            name: "100 MB scenario file".into(),
            loader: Loader::Scenario,
            bytes: vec![b' '; 100 * MB],
            outcome: refused(
                "scenariofilen är 104 857 600 byte (100,0 MB); största tillåtna storlek är 10 MB",
                "the scenario file is 104 857 600 bytes (100,0 MB); the largest allowed is 10 MB",
            ),
        },
        Case {
            name: "100 MB CSV file".into(),
            loader: Loader::Csv,
            bytes: big_csv,
            outcome: refused(
                "filen är 104 857 600 byte (100,0 MB); största fil som kan importeras är 20 MB",
                "the file is 104 857 600 bytes (100,0 MB); the largest file that can be imported is 20 MB",
            ),
        },
        Case {
            name: "100 MB XLSX file".into(),
            loader: Loader::Xlsx,
            bytes: big_xlsx,
            outcome: refused(
                "största fil som kan importeras är 20 MB",
                "the largest file that can be imported is 20 MB",
            ),
        },
        Case {
            name: "1 MB label in a scenario file".into(),
            loader: Loader::Scenario,
            bytes: valid_scenario_with(|s| s.replacen("Äldreomsorg", &long_label, 1)),
            outcome: Outcome::Accepted("label-kept-whole".into()),
        },
        Case {
            name: "1 MB label in a CSV file".into(),
            loader: Loader::Csv,
            bytes: format!("Drift, tkr;Budget\n{long_label};1\n").into_bytes(),
            outcome: Outcome::Accepted("label-kept-whole".into()),
        },
        Case {
            name: "100 001 rows".into(),
            loader: Loader::Csv,
            bytes: rows(100_001),
            outcome: refused(
                "filen har fler än 100 000 rader; högst 100 000 rader kan importeras",
                "the file has more than 100 000 rows; at most 100 000 rows can be imported",
            ),
        },
        Case {
            name: "201 columns".into(),
            loader: Loader::Csv,
            bytes: wide(201, 1),
            outcome: refused(
                "rubrikraden har 201 kolumner; högst 200 kan importeras",
                "the heading row has 201 columns; at most 200 can be imported",
            ),
        },
        Case {
            name: "200 200 cells".into(),
            loader: Loader::Csv,
            bytes: wide(200, 1_001),
            outcome: refused(
                "tabellen blir större än 200 000 celler",
                "the table grows beyond 200 000 cells",
            ),
        },
        Case {
            name: "1 MB scenario built to be slow".into(),
            loader: Loader::Scenario,
            bytes: slow_scenario(6_000, 60_000),
            outcome: Outcome::Accepted("slow-file-is-fast".into()),
        },
    ]
}

/// What an accepted file became: the scenario opened, or the workbook after the import.
enum Loaded {
    Scenario(Box<Scenario>),
    Import(Box<ImportPreview>, Box<Workbook>),
}

/// Every figure formatted as the page shows it (with the table's decimals): what would hang
/// if a file could ask for absurd display settings.
fn render(workbook: &Workbook, computed: &Computed) {
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        for r in 0..table.rows.len() {
            for c in 0..table.columns.len() {
                if let Value::Number(d) = values.get(r, c) {
                    let _ = format_amount(d, table.decimals);
                }
            }
        }
    }
}

/// Everything the page does with a workbook it opens: recalculate, check, bridge, render.
fn open_in_page(workbook: &Workbook) -> Computed {
    let computed = Recalc::full(workbook).computed().clone();
    check(workbook, &computed);
    budget_core::analysis::bridge(workbook, &computed);
    budget_core::analysis::activity_bridge(workbook, &computed);
    render(workbook, &computed);
    computed
}

fn json_of(workbook: &Workbook) -> String {
    budget_core::io::to_json(&Scenario {
        meta: ScenarioMeta::for_workbook(workbook, "2026-11-24T07:00:00.000Z"),
        workbook: workbook.clone(),
    })
    .unwrap()
}

/// Runs the case's loader as the page does, timed, against a session on the default workbook;
/// checks the session's workbook is byte-identical afterwards.
fn attempt(case: &Case) -> (Result<Loaded, CoreError>, Duration) {
    let workbook = default_workbook().unwrap();
    let before = json_of(&workbook);
    match case.loader {
        Loader::Scenario => {
            // Opening a file adds it to the list of scenarios and shows it; the scenario being
            // worked on stays in the list as it was.
            let mut library = Library::new(
                "Scenario A",
                Scenario {
                    meta: ScenarioMeta::for_workbook(&workbook, "2026-11-24T07:00:00.000Z"),
                    workbook,
                },
            );
            let start = Instant::now();
            let result = budget_core::io::from_bytes(&case.bytes).map(|scenario| {
                let id = library.add(&case.name, scenario.clone());
                library.switch(&id).unwrap();
                open_in_page(&library.current().unwrap().session.workbook);
                Loaded::Scenario(Box::new(scenario))
            });
            let took = start.elapsed();
            let kept = &library.entry("s1").unwrap().session.workbook;
            assert_eq!(
                json_of(kept),
                before,
                "{}: the open workbook changed",
                case.name
            );
            (result, took)
        }
        Loader::Csv | Loader::Xlsx => {
            let mut session = Session::new(workbook);
            let start = Instant::now();
            let stem = case.name.rsplit_once('.').map_or(&*case.name, |(s, _)| s);
            let result = preview_named(&case.name, &case.bytes, 0, "import", stem).and_then(|p| {
                // Accepting the preview imports the table as one undoable step.
                let action = import_action(&session.workbook, p.table.clone(), None)?;
                session.apply(action)?;
                open_in_page(&session.workbook);
                Ok(Loaded::Import(
                    Box::new(p),
                    Box::new(session.workbook.clone()),
                ))
            });
            let took = start.elapsed();
            if result.is_ok() {
                session.apply(Action::Undo).unwrap();
            }
            assert_eq!(
                json_of(&session.workbook),
                before,
                "{}: the workbook is not as before",
                case.name
            );
            (result, took)
        }
    }
}

fn valid(loader: Loader) -> Loaded {
    let name = match loader {
        Loader::Scenario => "s-valid.kalkyl.json",
        Loader::Csv => "c-valid.csv",
        Loader::Xlsx => "x-valid.xlsx",
    };
    let case = Case {
        name: name.into(),
        loader,
        bytes: std::fs::read(dir().join(name)).unwrap(),
        outcome: Outcome::Accepted("loads".into()),
    };
    attempt(&case).0.unwrap()
}

/// The first row of the first table a file brought in.
fn first_rows(loaded: &Loaded) -> &[budget_core::Row] {
    match loaded {
        Loaded::Scenario(s) => &s.workbook.tables[0].rows,
        Loaded::Import(p, _) => &p.table.rows,
    }
}

fn workbook_of(loaded: &Loaded) -> Workbook {
    match loaded {
        Loaded::Scenario(s) => s.workbook.clone(),
        Loaded::Import(_, wb) => (**wb).clone(),
    }
}

fn check_property(case: &Case, property: &str, loaded: &Loaded) {
    let name = &case.name;
    match property {
        "loads" => {
            if let Loaded::Import(p, _) = loaded {
                assert!(p.problems.is_empty(), "{name}: {:?}", p.problems);
            }
            assert!(!first_rows(loaded).is_empty(), "{name}");
        }
        "same-as-valid" => match (loaded, valid(case.loader)) {
            (Loaded::Scenario(a), Loaded::Scenario(b)) => assert_eq!(a, &b, "{name}"),
            (Loaded::Import(a, _), Loaded::Import(b, _)) => {
                assert_eq!(a.table, b.table, "{name}");
                assert!(a.problems.is_empty(), "{name}: {:?}", a.problems);
            }
            _ => unreachable!(),
        },
        "negative-zero-is-zero" => {
            // The `-0` cells read as zero, and as a zero without a sign.
            let zeros: Vec<Decimal> = first_rows(loaded)[0]
                .cells
                .values()
                .filter_map(|c| match c {
                    Cell::Number(d) if d.is_zero() => Some(*d),
                    _ => None,
                })
                .collect();
            assert!(!zeros.is_empty(), "{name}");
            for d in zeros {
                assert!(!d.is_sign_negative(), "{name}: {d:?}");
            }
            let wb = workbook_of(loaded);
            let csv = workbook_to_csv(&wb, &Computed::of(&wb), CsvDialect::SwedishExcel).unwrap();
            assert!(!csv.contains(";-0"), "{name}: {csv}");
            assert!(!json_of(&wb).contains("\"-0"), "{name}");
        }
        "neutralised-on-export" => {
            let wb = workbook_of(loaded);
            let label = &first_rows(loaded)[0].label;
            assert!(
                label.starts_with("=HYPERLINK("),
                "{name}: kept as text: {label}"
            );
            let computed = Computed::of(&wb);
            for dialect in [CsvDialect::SwedishExcel, CsvDialect::Rfc4180] {
                let csv = workbook_to_csv(&wb, &computed, dialect).unwrap();
                assert!(csv.contains("'=HYPERLINK("), "{name} {dialect:?}");
            }
            // In the XLSX export the label is a text cell, never a formula Excel would run.
            let mut xlsx: Xlsx<_> =
                open_workbook_from_rs(Cursor::new(workbook_to_xlsx(&wb, &computed).unwrap()))
                    .unwrap();
            let mut found = false;
            for sheet in xlsx.sheet_names().to_vec() {
                let formulas = xlsx.worksheet_formula(&sheet).unwrap();
                assert!(
                    formulas
                        .used_cells()
                        .all(|(_, _, f)| !f.contains("HYPERLINK")),
                    "{name}: {sheet}"
                );
                let values = xlsx.worksheet_range(&sheet).unwrap();
                found |= values
                    .used_cells()
                    .any(|(_, _, v)| v.to_string().starts_with("=HYPERLINK("));
            }
            assert!(found, "{name}: the label is in the XLSX as text");
        }
        "cycle-is-an-error" | "deep-formula-is-an-error" => {
            let wb = workbook_of(loaded);
            let computed = Computed::of(&wb);
            let (row, want) = if property == "cycle-is-an-error" {
                ("summa", ValueError::Cycle)
            } else {
                ("aldre", ValueError::BadFormula)
            };
            assert_eq!(
                computed.value(&wb, "drift", row, "budget-2026"),
                Value::Error(want),
                "{name}"
            );
        }
        "duplicate-labels-get-own-ids" => {
            let rows = first_rows(loaded);
            assert_eq!(rows.len(), 2, "{name}");
            assert_eq!(rows[0].label, rows[1].label);
            assert_ne!(rows[0].id, rows[1].id);
        }
        "label-kept-whole" => {
            let label = &first_rows(loaded)[0].label;
            assert!(label.starts_with("Äldreomsorg xxx"), "{name}");
            assert_eq!(label.chars().count(), 12 + 1024 * 1024, "{name}");
        }
        // Timed like every case; accepted is all there is to check.
        "slow-file-is-fast" => {}
        other => panic!("{name}: unknown property {other}"),
    }
}

#[test]
fn every_hostile_file_is_refused_specifically_or_accepted_safely_and_quickly() {
    let cases: Vec<Case> = corpus().into_iter().chain(generated()).collect();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for case in &cases {
        let (mut result, mut took) = attempt(case);
        if took >= TIME_LIMIT {
            // Other work on a shared machine can stall one run; a slow loader is slow twice.
            (result, took) = attempt(case);
        }
        assert!(
            took < TIME_LIMIT,
            "{}: took {took:?}, the limit is {TIME_LIMIT:?}",
            case.name
        );
        let shown = match &result {
            Ok(_) => "accepted".to_string(),
            Err(e) => e.message(Lang::Sv),
        };
        report.push(format!("{:>9.1?}  {:<44} {shown:.140}", took, case.name));
        match (&case.outcome, result) {
            (Outcome::Refused { sv, en }, Err(e)) => {
                let (got_sv, got_en) = (e.message(Lang::Sv), e.message(Lang::En));
                if !got_sv.contains(sv.as_str()) || !got_en.contains(en.as_str()) {
                    failures.push(format!(
                        "{}:\n  want sv: {sv}\n  got  sv: {got_sv}\n  want en: {en}\n  got  en: {got_en}",
                        case.name
                    ));
                }
            }
            (Outcome::Problem { sv, en }, Ok(Loaded::Import(p, _))) => {
                let found = p.problems.iter().any(|pr| {
                    pr.message.get(Lang::Sv).contains(sv.as_str())
                        && pr.message.get(Lang::En).contains(en.as_str())
                });
                if !found {
                    failures.push(format!(
                        "{}: no problem “{sv}” in {:?}",
                        case.name, p.problems
                    ));
                }
            }
            (Outcome::Accepted(property), Ok(loaded)) => check_property(case, property, &loaded),
            (want, Ok(_)) => failures.push(format!("{}: accepted, want {want:?}", case.name)),
            (want, Err(e)) => failures.push(format!(
                "{}: refused “{}” / “{}”, want {want:?}",
                case.name,
                e.message(Lang::Sv),
                e.message(Lang::En)
            )),
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_nesting_limit_holds_for_every_json_reader() {
    // 10 000 levels: the scenario file, a share link and the browser's stored list all refuse
    // it by the JSON reader's depth limit (128) instead of overflowing the stack.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let file = budget_core::io::from_json(&deep).unwrap_err();
    assert!(
        file.message(Lang::En).contains("nested too deeply"),
        "{file}"
    );
    // The stored list is read by type, which fails at the first level already.
    let stored = Library::from_storage(&deep).unwrap_err();
    assert!(
        stored.message(Lang::Sv).contains("sparat arbete"),
        "{stored}"
    );
    let object = format!("{{\"format\": \"kalkyl-scenario\", \"version\": 2, \"meta\": {deep}}}");
    assert!(budget_core::io::from_json(&object)
        .unwrap_err()
        .message(Lang::Sv)
        .contains("för djupt nästlad"));
}
