//! Import and export breadth: golden CSV files (Windows-1252, BOM, quoted `;`, Swedish figures,
//! RFC 4180, tabs) with their expected parse; export → import round trips for both CSV
//! dialects and XLSX; the XLSX export read back by a real reader (calamine) and recalculated by
//! LibreOffice, whose results must equal Kalkyl's.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use budget_core::engine::{evaluate, Computed};
use budget_core::io::xlsx_file::{tables_to_xlsx, tables_to_xlsx_formulas_only, workbook_to_xlsx};
use budget_core::io::{
    import_action, preview_csv, preview_file, table_to_csv, workbook_to_csv, CsvDialect,
    ImportPreview,
};
use budget_core::model::{Cell, Column, ColumnKind, Row, RowKind, Table, Unit};
use budget_core::{Action, Decimal, Session, Value};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use proptest::prelude::*;

use crate::common::{d, unit};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

fn preview(name: &str) -> ImportPreview {
    preview_csv(&data(name), "t", "Importerad").unwrap()
}

fn labels(p: &ImportPreview) -> Vec<&str> {
    p.table.rows.iter().map(|r| r.label.as_str()).collect()
}

fn column_labels(p: &ImportPreview) -> Vec<&str> {
    p.table.columns.iter().map(|c| c.label.as_str()).collect()
}

fn cell(p: &ImportPreview, row: usize, col: usize) -> Option<Cell> {
    let column = &p.table.columns[col].id;
    p.table.rows[row].cells.get(column).cloned()
}

fn num(p: &ImportPreview, row: usize, col: usize) -> Decimal {
    match cell(p, row, col) {
        Some(Cell::Number(d)) => d,
        other => panic!("row {row} col {col}: {other:?}"),
    }
}

#[test]
fn windows_1252_file_keeps_swedish_letters_and_figures() {
    let p = preview("windows1252.csv");
    assert!(
        p.detected.to_string().contains("Windows-1252"),
        "{}",
        p.detected
    );
    assert!(p.detected.to_string().contains("avgränsare ;"));
    assert!(p.detected.to_string().contains("decimalkomma"));
    assert_eq!(p.table.title, "Drift per verksamhet");
    assert_eq!(p.table.unit, Unit::Tkr);
    assert_eq!(
        column_labels(&p),
        ["Bokslut 2024", "Budget 2025", "Budget 2026"]
    );
    assert_eq!(
        labels(&p),
        [
            "Äldreomsorg",
            "Vård och omsorg för personer med funktionsnedsättning",
            "Övrig verksamhet"
        ]
    );
    assert_eq!(num(&p, 0, 0), d("-612300"));
    assert_eq!(num(&p, 0, 2), d("-655000.5"));
    assert_eq!(p.table.decimals, 1);
    assert_eq!(
        cell(&p, 2, 2),
        None,
        "an empty field is no figure, not zero"
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
}

#[test]
fn bom_file_is_utf8_and_the_bom_is_not_part_of_the_title() {
    let p = preview("bom.csv");
    assert!(p.detected.to_string().contains("UTF-8 med BOM"));
    assert_eq!(p.table.title, "Resultaträkning");
    assert_eq!(labels(&p)[2], "Årets resultat");
    assert_eq!(num(&p, 1, 0), d("-1064236"));
    assert_eq!(num(&p, 2, 1), d("-976500"));
    assert!(p.problems.is_empty());
}

#[test]
fn quoted_labels_keep_separators_quotes_and_line_breaks() {
    let p = preview("quoted.csv");
    assert_eq!(column_labels(&p), ["Belopp; 2026"]);
    assert_eq!(
        labels(&p),
        [
            "Volym; äldreomsorg",
            "Löneökning \"avtal 2026\"",
            "Effektivisering;\nflera rader",
            "=Kalkylerad post"
        ]
    );
    assert_eq!(num(&p, 0, 0), d("12500"));
    assert_eq!(num(&p, 2, 0), d("-3000"));
    assert!(p.problems.is_empty());
}

#[test]
fn swedish_figures_read_exactly_and_bad_ones_are_reported_with_line_and_column() {
    let p = preview("numbers.csv");
    assert_eq!(p.table.unit, Unit::Kr);
    assert_eq!(num(&p, 0, 0), d("1234.5"));
    assert_eq!(num(&p, 1, 0), d("-1234"));
    assert_eq!(num(&p, 2, 0), d("-1234"), "U+2212 minus");
    assert_eq!(num(&p, 3, 0), d("1064236"), "NBSP groups");
    assert_eq!(cell(&p, 4, 0), None);
    assert_eq!(cell(&p, 5, 0), None, "a lone dash is no figure");
    assert_eq!(cell(&p, 6, 0), Some(Cell::Invalid("12 34".into())));
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!((p.problems[0].line, p.problems[0].column), (8, 2));
    assert!(p.problems[0]
        .message
        .to_string()
        .contains("tusengruppering"));
}

#[test]
fn rfc4180_file_with_decimal_points_and_comma_groups() {
    let p = preview("rfc4180.csv");
    assert!(
        p.detected.to_string().contains("avgränsare ,"),
        "{}",
        p.detected
    );
    assert!(p.detected.to_string().contains("decimalpunkt"));
    assert_eq!(p.table.title, "Investeringar");
    assert_eq!(p.table.unit, Unit::Mnkr);
    assert_eq!(labels(&p), ["Omsorgsboende", "Larm, trygghet"]);
    assert_eq!(num(&p, 0, 0), d("1250.5"));
    assert_eq!(num(&p, 0, 1), d("-0.75"));
    assert_eq!(num(&p, 1, 0), d("12.25"));
}

#[test]
fn tab_separated_file() {
    let p = preview("tabs.tsv");
    assert!(p.detected.to_string().contains("avgränsare tabb"));
    assert_eq!(num(&p, 0, 0), d("1234.5"));
}

#[test]
fn importing_adds_a_table_or_replaces_one_as_one_undo_step() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let mut session = Session::new(wb.clone());
    let p = preview("windows1252.csv");
    session
        .apply(import_action(&session.workbook, p.table.clone(), None).unwrap())
        .unwrap();
    assert_eq!(session.workbook.tables.len(), wb.tables.len() + 1);
    let added = session.workbook.tables.last().unwrap().clone();
    assert!(wb.table(&added.id).is_err(), "a fresh id: {}", added.id);
    session.apply(Action::Undo).unwrap();
    assert_eq!(session.workbook, wb);

    // Replace the added table in place, then undo the replacement in one step.
    session.apply(Action::Redo).unwrap();
    let other = preview("bom.csv");
    session
        .apply(import_action(&session.workbook, other.table.clone(), Some(&added.id)).unwrap())
        .unwrap();
    let replaced = session.workbook.tables.last().unwrap();
    assert_eq!(replaced.id, added.id);
    assert_eq!(replaced.title, "Resultaträkning");
    session.apply(Action::Undo).unwrap();
    assert_eq!(session.workbook.tables.last().unwrap(), &added);
}

// ---- round trips ----------------------------------------------------------------------------

fn label_strategy() -> impl Strategy<Value = String> {
    // Swedish letters, separators, quotes, line breaks and formula-looking starts.
    "[=+@A-Za-zÅÄÖåäö0-9;,\"-]([A-Za-zÅÄÖåäö0-9;,\" \n]{0,12}[A-Za-zåäö0-9])?"
}

fn amount_strategy(max_digits: u32) -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        6 => (-(10i64.pow(max_digits)) + 1..10i64.pow(max_digits), 0u32..4)
            .prop_map(|(m, scale)| Some(Decimal::new(m, scale))),
    ]
}

fn table_strategy(max_digits: u32) -> impl Strategy<Value = Table> {
    (
        "[A-ZÅÄÖ][a-zåäö ]{0,15}[a-zåäö]",
        unit(),
        prop::collection::vec(label_strategy(), 1..4),
        prop::collection::vec(label_strategy(), 1..6),
    )
        .prop_flat_map(move |(title, unit, cols, rows)| {
            let n = cols.len() * rows.len();
            (
                Just((title, unit, cols, rows)),
                prop::collection::vec(amount_strategy(max_digits), n),
            )
        })
        .prop_map(|((title, unit, cols, rows), amounts)| {
            let columns: Vec<Column> = cols
                .iter()
                .enumerate()
                .map(|(i, label)| Column {
                    id: format!("k{}", i + 1),
                    label: label.clone(),
                    kind: ColumnKind::Input,
                    group: None,
                })
                .collect();
            let rows = rows
                .iter()
                .enumerate()
                .map(|(r, label)| Row {
                    id: format!("r{}", r + 1),
                    label: label.clone(),
                    kind: RowKind::Input,
                    cells: columns
                        .iter()
                        .enumerate()
                        .filter_map(|(c, col)| {
                            amounts[r * columns.len() + c]
                                .map(|a| (col.id.clone(), Cell::Number(a)))
                        })
                        .collect(),
                    control: Default::default(),
                    notes: Default::default(),
                    printed_notes: Default::default(),
                })
                .collect();
            Table {
                id: "t".into(),
                title,
                unit,
                decimals: 0,
                columns,
                rows,
                deviation: Default::default(),
            }
        })
}

/// What an import must give back: everything but the decimals shown, which follow the figures.
fn assert_same_data(original: &Table, imported: &Table) {
    let strip = |t: &Table| {
        let mut t = t.clone();
        t.decimals = 0;
        t
    };
    assert_eq!(strip(imported), strip(original));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_round_trip_is_identity_in_both_dialects(table in table_strategy(12)) {
        let values = evaluate(&table);
        for dialect in [CsvDialect::SwedishExcel, CsvDialect::Rfc4180] {
            let csv = table_to_csv(&table, &values, dialect).unwrap();
            let p = preview_csv(csv.as_bytes(), "t", "x").unwrap();
            prop_assert!(p.problems.is_empty(), "{:?}\n{csv}", p.problems);
            assert_same_data(&table, &p.table);
        }
    }

    #[test]
    fn xlsx_round_trip_is_identity(table in table_strategy(11)) {
        // 11 integer digits + up to 3 decimals: within Excel's 15 significant digits.
        let values = evaluate(&table);
        let bytes = tables_to_xlsx(&[(&table, &values)]).unwrap();
        let p = preview_file(&bytes, 0, "t", "x").unwrap();
        prop_assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_same_data(&table, &p.table);
    }
}

#[test]
fn windows_1252_csv_survives_export_and_reimport_in_both_dialects() {
    let p = preview("windows1252.csv");
    let values = evaluate(&p.table);
    for dialect in [CsvDialect::SwedishExcel, CsvDialect::Rfc4180] {
        let again = preview_csv(
            table_to_csv(&p.table, &values, dialect).unwrap().as_bytes(),
            "t",
            "x",
        )
        .unwrap();
        assert_eq!(again.table, p.table);
    }
}

#[test]
fn whole_workbook_csv_neutralises_labels_but_not_figures_in_both_dialects() {
    let mut wb = budget_core::catalog::default_workbook().unwrap();
    wb.tables[0].rows[0].label = "=HYPERLINK(\"http://x\")".into();
    let computed = Computed::of(&wb);
    for dialect in [CsvDialect::SwedishExcel, CsvDialect::Rfc4180] {
        let csv = workbook_to_csv(&wb, &computed, dialect).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{dialect:?}");
        assert!(
            !csv.contains("'-"),
            "{dialect:?}: figures must not be neutralised"
        );
        assert!(csv.contains("-888391"), "{dialect:?}");
    }
}

// ---- XLSX read back by real readers ------------------------------------------------------

/// The 0-based sheet row of each table row: a total with printed figures has its `(tryckt)`
/// row under it.
fn sheet_rows(table: &budget_core::Table) -> Vec<u32> {
    let mut next = 1;
    table
        .rows
        .iter()
        .map(|r| {
            let at = next;
            next += if r.control.is_empty() { 1 } else { 2 };
            at
        })
        .collect()
}

fn value_as_f64(v: Value) -> Option<f64> {
    v.number().map(|d| d.to_string().parse().unwrap())
}

fn data_as_f64(data: &Data) -> Option<f64> {
    match data {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// A percentage column's figure as Excel holds it: the fraction (6,7 % is 0.067).
fn excel_percent(points: f64, column: &Column) -> f64 {
    if budget_core::io::holds_percentages(&column.label, &column.kind) {
        points / 100.0
    } else {
        points
    }
}

/// Every figure of every table, as a reader sees it, equals Kalkyl's (percentages as
/// fractions); text and "–" too, and a total with no figure is blank, not 0.
fn assert_sheets_match(bytes: &[u8], wb: &budget_core::Workbook, computed: &Computed) {
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = xlsx.sheet_names().to_vec();
    // A whole workbook's file ends with the bridge's sheet (`bridge_sheet_…` checks it).
    assert!(
        names.len() == wb.tables.len() || names.len() == wb.tables.len() + 1,
        "{names:?}"
    );
    for ((table, values), name) in wb.tables.iter().zip(&computed.tables).zip(&names) {
        let range = xlsx.worksheet_range(name).unwrap();
        let heading = format!("{}, {}", table.title, table.unit.label());
        assert_eq!(range.get_value((0, 0)), Some(&Data::String(heading)));
        let sheet_rows = sheet_rows(table);
        for (r, row) in table.rows.iter().enumerate() {
            let at = |c: usize| range.get_value((sheet_rows[r], c as u32)).cloned();
            assert_eq!(at(0), Some(Data::String(row.label.clone())));
            if !row.control.is_empty() {
                // The printed figures as typed, in the row under the total.
                let printed = |c: usize| range.get_value((sheet_rows[r] + 1, c as u32)).cloned();
                assert_eq!(
                    printed(0),
                    Some(Data::String(format!("{} (tryckt)", row.label)))
                );
                for (c, col) in table.columns.iter().enumerate() {
                    if let Some(budget_core::Cell::Number(d)) = row.control.get(&col.id) {
                        let got = data_as_f64(&printed(c + 1).unwrap_or(Data::Empty));
                        let want = excel_percent(d.to_string().parse::<f64>().unwrap(), col);
                        assert!(
                            (got.unwrap() - want).abs() <= 1e-12 * want.abs().max(1.0),
                            "{name} {r} {c}: {got:?} vs {want}"
                        );
                    }
                }
            }
            for (c, col) in table.columns.iter().enumerate() {
                let got = at(c + 1).unwrap_or(Data::Empty);
                let want = values.get(r, c);
                match (want, &col.kind) {
                    (_, ColumnKind::Text) => {}
                    (Value::NotApplicable, _) => {
                        assert_eq!(got, Data::String("–".into()), "{name} {r} {c}")
                    }
                    (Value::Blank, _) if matches!(row.kind, RowKind::Sum { .. }) => {
                        assert!(
                            matches!(&got, Data::Empty) || got == Data::String(String::new()),
                            "{name} row {r} col {c}: a total of no figures is blank, not {got:?}"
                        );
                    }
                    (Value::Number(_), _) => {
                        let (g, w) = (data_as_f64(&got), value_as_f64(want));
                        let (g, w) = (g.unwrap(), excel_percent(w.unwrap(), col));
                        assert!(
                            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                            "{name} row {r} col {c}: {g} vs {w}"
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn xlsx_export_reads_back_with_calamine_with_formulas_for_totals_and_comparisons() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let computed = Computed::of(&wb);
    let bytes = workbook_to_xlsx(&wb, &computed).unwrap();
    assert_sheets_match(&bytes, &wb, &computed);

    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = xlsx.sheet_names().to_vec();
    let mut sums = 0;
    let mut comparisons = 0;
    for (table, name) in wb.tables.iter().zip(&names) {
        let formulas = xlsx.worksheet_formula(name).unwrap();
        let sheet_rows = sheet_rows(table);
        for (r, row) in table.rows.iter().enumerate() {
            for (c, col) in table.columns.iter().enumerate() {
                let pos = (sheet_rows[r], c as u32 + 1);
                let f = formulas.get_value(pos).cloned().unwrap_or_default();
                match (&row.kind, &col.kind) {
                    (RowKind::Sum { .. }, ColumnKind::Input) => {
                        assert!(f.starts_with("IF(COUNT("), "{name} {r} {c}: {f}");
                        assert!(f.contains(",SUM("), "{name} {r} {c}: {f}");
                        sums += 1;
                    }
                    (_, k) if k.operands().is_some() => {
                        assert!(f.starts_with("IF("), "{name} {r} {c}: {f}");
                        // Fractions, which the `0,0 %` format shows as percentages.
                        assert!(!f.contains("*100"), "{name} {r} {c}: {f}");
                        comparisons += 1;
                    }
                    _ => assert!(f.is_empty(), "{name} {r} {c}: {f}"),
                }
            }
        }
    }
    assert!(sums > 5 && comparisons > 5, "{sums} {comparisons}");
}

/// One part of an XLSX archive as text.
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

/// Cell notes become Excel notes on their cells, and a printed figure's note goes on the
/// `(tryckt)` row's cell. calamine reads no notes, so the archive's notes part is read as XML.
#[test]
fn notes_are_written_as_excel_notes_on_their_cells() {
    let mut wb = budget_core::catalog::default_workbook().unwrap();
    let table = &mut wb.tables[0];
    let sum = table
        .rows
        .iter()
        .position(|r| matches!(r.kind, RowKind::Sum { .. }))
        .unwrap();
    let col = table
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Input)
        .unwrap();
    let id = table.columns[col].id.clone();
    table.rows[0]
        .notes
        .insert(id.clone(), "Källa: VP 2026 & bilaga <2>".into());
    table.rows[sum]
        .notes
        .insert(id.clone(), "Summan stämd".into());
    table.rows[sum]
        .control
        .insert(id.clone(), Cell::Number(d("1")));
    table.rows[sum]
        .printed_notes
        .insert(id.clone(), "Tryckt i bilaga 2".into());
    let computed = Computed::of(&wb);
    let bytes = workbook_to_xlsx(&wb, &computed).unwrap();
    let rows = sheet_rows(&wb.tables[0]);
    let at = |row: u32| format!("ref=\"{}{}\"", (b'B' + col as u8) as char, row + 1);
    let notes = xlsx_part(&bytes, "xl/comments1.xml");
    for (row, text) in [
        (rows[0], "Källa: VP 2026 &amp; bilaga &lt;2&gt;"),
        (rows[sum], "Summan stämd"),
        (rows[sum] + 1, "Tryckt i bilaga 2"),
    ] {
        assert!(notes.contains(&at(row)), "{}: {notes}", at(row));
        assert!(notes.contains(text), "{text}: {notes}");
    }
    assert_eq!(notes.matches("<comment ").count(), 3, "{notes}");
    // Only the first sheet has notes; the figures read back as before.
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    assert!(zip.by_name("xl/comments2.xml").is_err());
    assert_sheets_match(&bytes, &wb, &computed);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kalkyl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The strongest check: LibreOffice opens a file with formulas but no cached results, computes
/// them, and every total, change, percentage and deviation equals Kalkyl's exact figure.
#[test]
fn libreoffice_recalculates_the_xlsx_formulas_to_kalkyls_figures() {
    let mut wb = budget_core::catalog::default_workbook().unwrap();
    // Every template too, so deviations of both signs and % of zero bases are covered.
    for (i, template) in budget_core::catalog::Template::ALL.iter().enumerate() {
        let mut table = budget_core::catalog::build(*template, &format!("mall{i}"), 2026);
        table.title = format!("{} {i}", table.title);
        // Give every input cell a figure so the comparisons have something to compare.
        let ids: Vec<String> = table
            .columns
            .iter()
            .filter(|c| c.kind.is_input())
            .map(|c| c.id.clone())
            .collect();
        for (r, row) in table.rows.iter_mut().enumerate() {
            if matches!(row.kind, RowKind::Input) {
                for (c, id) in ids.iter().enumerate() {
                    let v = Decimal::new((r as i64 + 1) * 1234 - (c as i64) * 777, (c % 2) as u32);
                    row.cells.insert(id.clone(), Cell::Number(v));
                }
            }
        }
        wb.tables.push(table);
    }
    let computed = Computed::of(&wb);
    let tables: Vec<_> = wb.tables.iter().zip(&computed.tables).collect();
    let dir = temp_dir("lo");
    let input = dir.join("formler.xlsx");
    std::fs::write(&input, tables_to_xlsx_formulas_only(&tables).unwrap()).unwrap();
    let out = dir.join("out");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/xlsx-recalc.sh");
    let status = std::process::Command::new("bash")
        .arg(script)
        .arg(&input)
        .arg(&out)
        .arg("xlsx")
        .status()
        .expect("bash");
    assert!(status.success(), "LibreOffice conversion failed");
    let recalculated = std::fs::read(out.join("formler.xlsx")).unwrap();
    assert_sheets_match(&recalculated, &wb, &computed);
    // LibreOffice writes deflated parts and shared strings: the importer reads those too.
    for (i, (table, values)) in tables.iter().enumerate() {
        let p = preview_file(&recalculated, i, "x", "x").unwrap();
        assert_eq!(p.table.title, table.title);
        let labels: Vec<_> = p.table.rows.iter().map(|r| r.label.as_str()).collect();
        let want: Vec<_> = table.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, want);
        assert_same_figures(table, values, &p.table);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn any_sheet_of_a_workbook_export_imports_with_its_computed_figures() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let computed = Computed::of(&wb);
    let bytes = workbook_to_xlsx(&wb, &computed).unwrap();
    let names = budget_core::io::xlsx_file::sheet_names(&bytes).unwrap();
    assert_eq!(
        names.len(),
        wb.tables.len() + 1,
        "the tables and the bridge"
    );
    for (i, (table, values)) in wb.tables.iter().zip(&computed.tables).enumerate() {
        let p = preview_file(&bytes, i, "x", "x").unwrap();
        assert!(p.detected.to_string().contains(&names[i]), "{}", p.detected);
        assert_eq!(p.table.title, table.title);
        assert_eq!(p.table.unit, table.unit);
        let labels: Vec<_> = table.rows.iter().map(|r| r.label.clone()).collect();
        let got: Vec<_> = p.table.rows.iter().map(|r| r.label.clone()).collect();
        assert_eq!(got, labels);
        assert_same_figures(table, values, &p.table);
    }
}

#[test]
fn broken_xlsx_files_are_refused_with_a_reason_not_a_panic() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let bytes = workbook_to_xlsx(&wb, &Computed::of(&wb)).unwrap();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        let err = preview_file(&bytes[..cut], 0, "x", "x").unwrap_err();
        assert!(err.to_string().contains("importen"), "{err}");
    }
    let err = preview_file(&bytes, 99, "x", "x").unwrap_err();
    assert!(err.to_string().contains("blad nummer 100"), "{err}");
}

/// An imported table computes the exported figures (percentages aside, which Excel holds to
/// 15 digits); in tables without comparison columns the exported totals come back as sums, and
/// so do rows called `Summa …` in tables without a percentage column.
fn assert_same_figures(table: &Table, values: &budget_core::engine::TableValues, imported: &Table) {
    let got = evaluate(imported);
    let plain = table.columns.iter().all(|c| c.kind.operands().is_none());
    let percent = imported.columns.iter().any(|c| c.label.contains('%'));
    for (r, row) in table.rows.iter().enumerate() {
        let by_label = !percent && r > 0 && budget_core::io::is_sum_label(&row.label);
        assert_eq!(
            (plain && matches!(row.kind, RowKind::Sum { .. })) || by_label,
            matches!(imported.rows[r].kind, RowKind::Sum { .. }),
            "{} {}: a total stays a total",
            table.title,
            row.label
        );
        for (c, col) in table.columns.iter().enumerate() {
            if let (Value::Number(want), false) = (values.get(r, c), col.kind.is_percent()) {
                assert_eq!(
                    got.get(r, c),
                    Value::Number(want),
                    "{} {r} {c}",
                    table.title
                );
            }
        }
    }
}

#[test]
fn re_importing_a_table_the_bridge_uses_keeps_its_links_or_says_why_not() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let computed = Computed::of(&wb);
    let drift = wb.table("drift").unwrap();
    assert!(wb.external_table_uses("drift").is_some());
    // The officer's Excel round trip: export, change a figure, import over the table.
    let csv = table_to_csv(
        drift,
        computed.table(&wb, "drift").unwrap().1,
        CsvDialect::SwedishExcel,
    )
    .unwrap();
    let first_row = &drift.rows[0].label;
    let changed = csv.replacen(
        &format!("{first_row};782282"),
        &format!("{first_row};782000"),
        1,
    );
    assert_ne!(changed, csv);
    let p = preview_csv(changed.as_bytes(), "x", "x").unwrap();
    let mut session = Session::new(wb.clone());
    session
        .apply(import_action(&session.workbook, p.table.clone(), Some("drift")).unwrap())
        .unwrap();
    let replaced = session.workbook.table("drift").unwrap();
    assert_eq!(
        replaced.rows[0].id, drift.rows[0].id,
        "row ids adopted by label"
    );
    assert_eq!(
        replaced.columns[0].id, drift.columns[0].id,
        "column ids adopted by label"
    );
    assert_eq!(session.workbook.reconciliations, wb.reconciliations);
    // The structure stays: computed columns compute, totals are sums, only the figure moved.
    let kinds = |t: &Table| {
        (
            t.columns.iter().map(|c| c.kind.clone()).collect::<Vec<_>>(),
            t.rows.iter().map(|r| r.kind.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(kinds(replaced), kinds(drift));
    let after = Computed::of(&session.workbook);
    let (_, values_after) = after.table(&session.workbook, "drift").unwrap();
    let (_, values_before) = computed.table(&wb, "drift").unwrap();
    let total = drift.rows.len() - 1;
    let diff = values_after.get(total, 0).number().unwrap()
        - values_before.get(total, 0).number().unwrap();
    assert_eq!(diff, d("-282"), "the total moved with the changed figure");
    session.apply(Action::Undo).unwrap();
    assert_eq!(session.workbook, wb, "one undo step");

    // A file without the total row the reconciliation uses is refused with the reason.
    let mut without = p.table.clone();
    without.rows.retain(|r| r.label != "Årets resultat");
    let err = import_action(&wb, without, Some("drift")).unwrap_err();
    assert!(err.to_string().contains("avstämningen"), "{err}");
}

#[test]
fn printed_totals_come_back_as_control_totals() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let computed = Computed::of(&wb);
    let (rr, values) = computed.table(&wb, "resultatrakning").unwrap();
    let csv = table_to_csv(rr, values, CsvDialect::SwedishExcel).unwrap();
    assert!(csv.contains("(tryckt)"));
    let p = preview_csv(csv.as_bytes(), "x", "x").unwrap();
    assert_eq!(p.table.rows.len(), rr.rows.len(), "no extra rows");
    for (row, original) in p.table.rows.iter().zip(&rr.rows) {
        assert_eq!(row.label, original.label);
        for (c, column) in rr.columns.iter().enumerate() {
            assert_eq!(
                row.control.get(&p.table.columns[c].id),
                original.control.get(&column.id),
                "{} {}",
                row.label,
                column.label
            );
        }
    }
}

#[test]
fn xlsx_ends_with_the_frame_bridge_as_the_csv_does_with_live_derived_lines() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let computed = Computed::of(&wb);
    let b = budget_core::analysis::bridge(&wb, &computed).unwrap();
    let csv = workbook_to_csv(&wb, &computed, CsvDialect::SwedishExcel).unwrap();
    let mut xlsx: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(workbook_to_xlsx(&wb, &computed).unwrap())).unwrap();
    let names = xlsx.sheet_names().to_vec();
    assert_eq!(names.len(), wb.tables.len() + 1);
    let name = names.last().unwrap();
    assert_eq!(name, budget_core::io::BRIDGE_SHEET);
    let range = xlsx.worksheet_range(name).unwrap();
    let formulas = xlsx.worksheet_formula(name).unwrap();
    let text = |r: u32| match range.get_value((r, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("row {r}: {other:?}"),
    };
    let figure = |r: u32| data_as_f64(range.get_value((r, 1)).unwrap()).unwrap();
    assert_eq!(text(0), "Ramöverbryggning, tkr");
    assert!(csv.contains("Ramöverbryggning, tkr;Belopp"));
    let mut lines: Vec<(String, Value)> = std::iter::once(&b.base)
        .chain(&b.steps)
        .map(|l| (l.label.clone(), l.value))
        .collect();
    lines.push(("Summa förklarat".into(), b.explained));
    lines.push((b.target.label.clone(), b.target.value));
    lines.push(("Oförklarad rest".into(), b.remainder));
    for (i, (label, value)) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(&text(r), label, "row {r}");
        // The same lines, in the same order, as the CSV's bridge block.
        let figure_text = budget_core::base::format_for_excel(value.number().unwrap(), None);
        assert!(
            csv.contains(&format!("{figure_text}\r\n")),
            "{label} {figure_text}"
        );
        assert_eq!(figure(r), value_as_f64(*value).unwrap(), "{label}");
    }
    let n = lines.len() as u32;
    let explained = formulas.get_value((n - 2, 1)).cloned().unwrap_or_default();
    assert_eq!(
        explained,
        format!(r#"IF(COUNT(B2:B{0})=0,"",SUM(B2:B{0}))"#, n - 2)
    );
    let rest = formulas.get_value((n, 1)).cloned().unwrap_or_default();
    let (t, e) = (n, n - 1);
    assert_eq!(rest, format!(r#"IF(OR(B{t}="",B{e}=""),"",B{t}-B{e})"#));
    // A table's own file (one table) has no bridge sheet, as its CSV has none.
    let one = tables_to_xlsx(&[(&wb.tables[0], &computed.tables[0])]).unwrap();
    assert_eq!(
        budget_core::io::xlsx_file::sheet_names(&one).unwrap().len(),
        1
    );
}

#[test]
fn xlsx_percentages_are_fractions_with_a_percent_format_and_import_back_as_points() {
    let wb = budget_core::catalog::default_workbook().unwrap();
    let computed = Computed::of(&wb);
    let plan = budget_core::io::workbook_plan(&wb, &computed);
    let drift = wb.tables.iter().position(|t| t.id == "drift").unwrap();
    let table = &wb.tables[drift];
    let col = table
        .columns
        .iter()
        .position(|c| c.id == "forandring-procent")
        .unwrap();
    let percent_cells: Vec<_> = plan.sheets[drift]
        .cells
        .iter()
        .filter(|c| c.row > 0 && usize::from(c.col) == col + 1)
        .collect();
    assert!(!percent_cells.is_empty());
    for cell in &percent_cells {
        assert_eq!(
            cell.style.format.code().as_deref(),
            Some("0.0 %"),
            "{cell:?}"
        );
    }
    // Kalkyl's 6,7 % is Excel's 0.067: the cached result is the fraction.
    let row = table
        .rows
        .iter()
        .position(|r| r.id == "arets-resultat")
        .unwrap();
    let Value::Number(points) = computed.tables[drift].get(row, col) else {
        panic!("no percentage")
    };
    let bytes = workbook_to_xlsx(&wb, &computed).unwrap();
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let name = xlsx.sheet_names()[drift].clone();
    let range = xlsx.worksheet_range(&name).unwrap();
    let at = sheet_rows(table)[row];
    let got = data_as_f64(range.get_value((at, col as u32 + 1)).unwrap()).unwrap();
    let want: f64 = points.to_string().parse().unwrap();
    assert!((got - want / 100.0).abs() < 1e-12, "{got} vs {want}");
    // Imported as a new table, the column holds percentage points again.
    let p = preview_file(&bytes, drift, "x", "x").unwrap();
    let imported = evaluate(&p.table);
    let back = imported.get(row, col).number().unwrap();
    assert!(
        (back - points).abs() < Decimal::new(1, 9),
        "{back} vs {points}"
    );
}
