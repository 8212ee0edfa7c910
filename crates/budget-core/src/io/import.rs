//! Reading a table from a CSV or XLSX file: decode the bytes, split the records, and turn the
//! grid into a [`Table`] together with every problem found (line and column), so the UI can
//! show a preview before anything in the workbook changes.
//!
//! CSV: UTF-8 with or without BOM, or Windows-1252 (what Swedish Excel writes by default);
//! separator `;`, `,` or tab, detected; decimal comma or point, detected; RFC 4180 quoting;
//! thousands groups with space or NBSP. The first record is the header: its first field is the
//! table heading (`Titel, tkr` as Kalkyl exports it) and the rest are column labels.
//!
//! A column none of whose filled fields is a figure, or headed as comments are (`Kommentar`),
//! is read as a text column; a row called `Summa …`, `Totalt` or `Total` is offered as the sum
//! of the rows above it, its figures kept as the printed totals the checks compare. The user can
//! change both in the preview ([`ImportChoices`]).

use crate::base::{trim, CoreError, Lang, Text};
use crate::model::{Cell, Row, RowKind, Table};

use crate::base::MAX_IMPORT_BYTES;
use crate::io::csv_read::parse_figure;

/// How figures are written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1 234,5` (Swedish); a point is also read where it cannot be a group separator.
    Comma,
    /// `1234.5` or `1,234.5` (RFC 4180 exports, XLSX values).
    Point,
}

/// A problem found while reading, located by 1-based line (record) and column (field).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportProblem {
    pub line: usize,
    pub column: usize,
    pub message: Text,
}

/// The table as it would be imported, with what was detected and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportPreview {
    /// File format and detections, e.g. "CSV, Windows-1252, avgränsare ;, decimalkomma".
    pub detected: Text,
    pub table: Table,
    pub problems: Vec<ImportProblem>,
    /// Every column of the file and how it is read, skipped ones too.
    pub columns: Vec<FileColumn>,
    /// Rows offered as sums by their label, taken or declined.
    pub sums: Vec<OfferedSum>,
}

/// How a column of the file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColumnUse {
    Figures,
    Text,
    /// Left out of the table.
    Skip,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileColumn {
    /// The column's id in the table (`k1`, `k2` … by its place in the file).
    pub id: String,
    pub label: String,
    pub used: ColumnUse,
    /// Read as text by the rule, not by the user's choice.
    pub detected_text: bool,
}

/// A row the import offers as a sum of the rows above it (back to the previous such row).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfferedSum {
    /// The row's line in the file, the key of [`ImportChoices::typed`].
    pub line: usize,
    pub row: String,
    /// A sum with the file's figures as printed totals; otherwise kept as typed figures.
    pub accepted: bool,
}

/// What the user changed in the preview; the default is what the import detects. Lists, not
/// maps: a preview has a handful of choices, and each map type costs the page's first load.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportChoices {
    /// How a column is read, by its id, where the user chose; the last choice counts.
    pub columns: Vec<(String, ColumnUse)>,
    /// Lines of offered sum rows kept as typed figures.
    pub typed: Vec<usize>,
}

impl ImportChoices {
    pub(crate) fn column(&self, id: &str) -> Option<ColumnUse> {
        self.columns
            .iter()
            .rev()
            .find(|(c, _)| c == id)
            .map(|(_, u)| *u)
    }

    /// Declines the offered sum on `line`, or takes it again if it was declined.
    pub fn toggle_sum(&mut self, line: usize) {
        match self.typed.iter().position(|&l| l == line) {
            Some(i) => {
                self.typed.swap_remove(i);
            }
            None => self.typed.push(line),
        }
    }
}

/// Headings of columns that hold comments, whatever their fields look like (lower case).
const TEXT_HEADINGS: [&str; 12] = [
    "kommentar",
    "kommentarer",
    "anteckning",
    "anteckningar",
    "not",
    "noter",
    "beskrivning",
    "text",
    "comment",
    "comments",
    "note",
    "notes",
];

/// Read as text: a comment heading, or no filled field a figure and some field in words (two
/// or more words beginning with a letter, as a comment is written). A single figure keeps the
/// column figures, so a typo in a figure column stays an error to fix; so do fields such as
/// `NaN` or `1e400`, which are broken figures, not comments.
pub(crate) fn detect_text<'a>(
    label: &str,
    fields: impl Iterator<Item = &'a str>,
    mark: DecimalMark,
) -> bool {
    if TEXT_HEADINGS.contains(&label.trim().to_lowercase().as_str()) {
        return true;
    }
    let mut words = false;
    for f in fields.map(trim).filter(|f| !f.is_empty()) {
        if crate::model::is_formula(f) || parse_figure(f, mark).is_ok() {
            return false;
        }
        words |= f
            .split_whitespace()
            .filter(|w| w.starts_with(char::is_alphabetic))
            .count()
            >= 2;
    }
    words
}

/// `Summa`, `Summa intäkter`, `Totalt`, `Total` (any case): a total by its label.
pub fn is_sum_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    l == "totalt"
        || l == "total"
        || l.strip_prefix("summa")
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Makes `row` a sum of `terms`. With `printed`, the file's figures on it stay as its printed
/// totals (unless it has some already, from Kalkyl's `(tryckt)` line), so the checks compare
/// them with the sum; an Excel `SUM` row's cached figures are the sum itself and are dropped.
pub(crate) fn into_sum(row: &mut Row, terms: Vec<String>, printed: bool) {
    row.kind = RowKind::Sum { terms };
    let mut figures = std::mem::take(&mut row.cells);
    figures.retain(|_, c| !matches!(c, Cell::Text(_)));
    if printed && row.control.is_empty() {
        row.control = figures;
    }
}

/// Offers the rows [`is_sum_label`] names, not yet sums, as sums of the input rows above them
/// back to the previous offered or recognised sum, unless the user keeps them typed. `lines`
/// are the rows' lines in the file. A table with a percentage column (`%` in its heading) gets
/// none: a sum of percentages is no percentage, and the row would total them.
pub(crate) fn offer_sums(preview: &mut ImportPreview, lines: &[usize], choices: &ImportChoices) {
    let table = &mut preview.table;
    if table
        .columns
        .iter()
        .any(|c| c.kind.is_input() && c.label.contains('%'))
    {
        return;
    }
    let rows = &mut table.rows;
    let mut start = 0;
    for i in 0..rows.len() {
        if matches!(rows[i].kind, RowKind::Sum { .. }) {
            start = i + 1;
            continue;
        }
        if !is_sum_label(&rows[i].label) {
            continue;
        }
        let terms: Vec<String> = rows[start..i].iter().map(|r| r.id.clone()).collect();
        start = i + 1;
        let Some(&line) = lines.get(i).filter(|_| !terms.is_empty()) else {
            continue;
        };
        let accepted = !choices.typed.contains(&line);
        if accepted {
            into_sum(&mut rows[i], terms, true);
        }
        preview.sums.push(OfferedSum {
            line,
            row: rows[i].id.clone(),
            accepted,
        });
    }
}

/// Most rows a table may be imported with: ten times the largest detail budget the app is
/// measured with, and a bound on the memory and time a hostile file can take.
pub const MAX_IMPORT_ROWS: usize = 100_000;
/// Most columns: a monthly budget with comparisons has a few dozen; what a scenario file may
/// hold, so an imported table can be saved and opened again.
pub const MAX_IMPORT_COLUMNS: usize = crate::model::limits::MAX_COLUMNS;
/// Most cells (rows × columns), so a file cannot be both as long and as wide as allowed: what
/// a whole scenario file may hold (the workbook's other tables are counted on accepting it).
pub const MAX_IMPORT_CELLS: usize = crate::model::limits::MAX_CELLS;

/// A whole-file refusal of an import: no line or column to name.
pub(crate) fn whole_file(message: Text) -> CoreError {
    CoreError::Import {
        line: 0,
        column: 0,
        message,
    }
}

/// Refuses a file over [`MAX_IMPORT_BYTES`] before a byte of it is decoded.
pub fn check_size(bytes: usize) -> Result<(), CoreError> {
    if bytes <= MAX_IMPORT_BYTES {
        return Ok(());
    }
    let size = crate::base::size_text(bytes);
    let limit = MAX_IMPORT_BYTES / 1_048_576;
    Err(whole_file(Text::new(
        format!(
            "filen är {}; största fil som kan importeras är {limit} MB",
            size.get(Lang::Sv)
        ),
        format!(
            "the file is {}; the largest file that can be imported is {limit} MB",
            size.get(Lang::En)
        ),
    )))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use rust_decimal::Decimal;

    use crate::base::{decode, TextEncoding};
    use crate::io::csv_read::*;
    use crate::io::import_table::*;
    use crate::model::{Cell, ColumnKind, RowKind};

    #[test]
    fn quoted_fields_keep_separators_quotes_and_line_breaks() {
        let recs = split_records("a;\"b;c\";\"sa \"\"hej\"\"\"\r\n\"x\ny\";2\r\n", ';').unwrap();
        assert_eq!(recs[0].fields, ["a", "b;c", "sa \"hej\""]);
        assert_eq!(recs[1].fields, ["x\ny", "2"]);
        assert_eq!(recs[1].line, 2);
    }

    #[test]
    fn blank_lines_are_records_and_lines_are_numbered_as_an_editor_does() {
        let split = |text: &str| -> Vec<(usize, Vec<String>)> {
            split_records(text, ';')
                .unwrap()
                .into_iter()
                .map(|r| (r.line, r.fields.into_iter().map(Cow::into_owned).collect()))
                .collect()
        };
        let row = |line: usize, fields: &[&str]| {
            (
                line,
                fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            )
        };
        // A workbook export: tables end at a blank line.
        assert_eq!(
            split("a;1\r\n\r\nb;2\r\n\r\n"),
            [
                row(1, &["a", "1"]),
                row(2, &[""]),
                row(3, &["b", "2"]),
                row(4, &[""])
            ]
        );
        assert_eq!(
            split("\n\"x\r\ny\";1\nz\n"),
            [row(1, &[""]), row(2, &["x\ny", "1"]), row(4, &["z"])]
        );
        // Old Mac line ends.
        assert_eq!(
            split("a;1\rb;2\r"),
            [row(1, &["a", "1"]), row(2, &["b", "2"])]
        );
        assert_eq!(split("a;1"), [row(1, &["a", "1"])]);
        assert!(split("").is_empty());
    }

    /// The first, character-based decimal-mark detection, kept to check the byte scan against.
    fn reference_mark(records: &[Record], separator: char) -> DecimalMark {
        if separator == ',' {
            return DecimalMark::Point;
        }
        let (mut points, mut commas) = (0, 0);
        for field in records.iter().skip(1).flat_map(|r| r.fields.iter().skip(1)) {
            let f = field.trim();
            // A `matches!`, not a search in a string of marks: this runs for every field of the file.
            if f.is_empty()
                || !f
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | ' ' | '\u{a0}'))
            {
                continue;
            }
            for (mark, count) in [('.', &mut points), (',', &mut commas)] {
                if let Some(i) = f.rfind(mark) {
                    let digits_after = f[i + 1..].chars().filter(char::is_ascii_digit).count();
                    if digits_after != 3 {
                        *count += 1;
                    }
                }
            }
        }
        if points > commas {
            DecimalMark::Point
        } else {
            DecimalMark::Comma
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        #[test]
        fn the_byte_scan_detects_the_same_decimal_mark(
            fields in proptest::collection::vec("[0-9,. \u{a0}\\-xé]{0,8}", 0..12),
        ) {
            let records: Vec<Record> = fields
                .chunks(3)
                .enumerate()
                .map(|(line, f)| Record {
                    line,
                    fields: f.iter().map(|x| Cow::Borrowed(x.as_str())).collect(),
                })
                .collect();
            proptest::prop_assert_eq!(
                detect_decimal_mark(&records, ';'),
                reference_mark(&records, ';')
            );
        }
    }

    const COMMENTED: &str = "Drift, tkr;Budget;Kommentar;Not\nA;1 000,5;Ny lokal från mars;x\nB;2 000;;\nSumma;3 100;;\nC;5;Stämmer ej;\nTotalt;5;;\n";

    #[test]
    fn comment_columns_are_text_and_summa_rows_are_sums_with_the_printed_figures() {
        let p = preview_csv(COMMENTED.as_bytes(), "x", "x").unwrap();
        assert_eq!(p.problems, [], "no comment is an error");
        let kinds: Vec<_> = p.table.columns.iter().map(|c| c.kind.clone()).collect();
        // Kommentar by its words, Not by its heading.
        assert_eq!(
            kinds,
            [ColumnKind::Input, ColumnKind::Text, ColumnKind::Text]
        );
        assert!(p.columns.iter().skip(1).all(|c| c.detected_text));
        let rows = &p.table.rows;
        assert_eq!(rows[0].cells["k2"], Cell::Text("Ny lokal från mars".into()));
        assert_eq!(rows[0].cells["k1"], Cell::Number(Decimal::new(10005, 1)));
        assert_eq!(
            rows[2].kind,
            RowKind::Sum {
                terms: vec!["r1".into(), "r2".into()]
            }
        );
        assert!(rows[2].cells.is_empty());
        assert_eq!(rows[2].control["k1"], Cell::Number(Decimal::from(3100)));
        // Totalt sums back to the previous sum row only.
        assert_eq!(
            rows[4].kind,
            RowKind::Sum {
                terms: vec!["r4".into()]
            }
        );
        let lines: Vec<_> = p.sums.iter().map(|s| (s.line, s.accepted)).collect();
        assert_eq!(lines, [(4, true), (6, true)]);
    }

    #[test]
    fn the_user_can_decline_a_sum_and_read_or_skip_any_column() {
        let choices = ImportChoices {
            columns: vec![
                ("k1".to_string(), ColumnUse::Text),
                ("k2".to_string(), ColumnUse::Skip),
                ("k3".to_string(), ColumnUse::Figures),
            ],
            typed: vec![4],
        };
        let p = preview_csv_with(COMMENTED.as_bytes(), "x", "x", &choices).unwrap();
        let ids: Vec<_> = p.table.columns.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["k1", "k3"]);
        assert_eq!(p.table.columns[0].kind, ColumnKind::Text);
        assert_eq!(p.columns[1].used, ColumnUse::Skip);
        // "x" in Not is no figure: an error, in the file's column 4.
        assert_eq!(
            p.problems
                .iter()
                .map(|e| (e.line, e.column))
                .collect::<Vec<_>>(),
            [(2, 4)]
        );
        assert_eq!(p.table.rows[2].kind, RowKind::Input);
        assert!(!p.sums[0].accepted);
        assert_eq!(p.table.rows[2].cells["k1"], Cell::Text("3 100".into()));
    }

    #[test]
    fn a_broken_figure_keeps_its_column_figures() {
        let p = preview_csv("T;Budget\nA;12 kr\nB;NaN\n".as_bytes(), "x", "x").unwrap();
        assert_eq!(p.table.columns[0].kind, ColumnKind::Input);
        assert_eq!(p.problems.len(), 2);
        assert!(is_sum_label("SUMMA intäkter") && is_sum_label(" total "));
        assert!(!is_sum_label("Summan") && !is_sum_label("Totalkostnad"));
    }

    #[test]
    fn unterminated_quote_names_its_line() {
        let err = split_records("a;b\n\"c;d\n", ';').unwrap_err();
        assert!(matches!(err, CoreError::Import { line: 2, .. }), "{err:?}");
    }

    #[test]
    fn separators_are_detected() {
        assert_eq!(detect_separator("a;b;c\n1;2;3\n"), ';');
        assert_eq!(detect_separator("a,b,c\n1,2,3\n"), ',');
        assert_eq!(detect_separator("a\tb\n1,5\t2\n"), '\t');
        assert_eq!(detect_separator("a;b\n\"1,5\";2\n"), ';');
    }

    #[test]
    fn quoting_decides_when_field_counts_tie() {
        // Found by the round-trip property test: an RFC 4180 export whose labels hold `;`.
        // Both separators give two fields per line; only `,` closes the quotes properly.
        assert_eq!(detect_separator("\"Ää, kr\",\";\"\"å\"\ndÄ;s,\n"), ',');
        assert_eq!(detect_separator("\"Drift, tkr\";\"a,b\"\nx;1\n"), ';');
    }

    #[test]
    fn figures_decide_when_both_splits_are_consistent() {
        // Found by the round-trip property test: commas in the heading, a label and both
        // figures give four fields a line by `,`, as many as three by `;` would be fewer.
        let text = "D h, mnkr;\"Å,;å ,5\";Ä\nq Å,ö;14879636673,1;0,154\n";
        assert_eq!(detect_separator(text), ';');
    }

    #[test]
    fn point_figures_with_comma_groups_read_exactly() {
        assert_eq!(
            parse_figure("1,234.5", DecimalMark::Point).unwrap(),
            Some(Decimal::new(12345, 1))
        );
        assert_eq!(
            parse_figure("-0.25", DecimalMark::Point).unwrap(),
            Some(Decimal::new(-25, 2))
        );
    }

    #[test]
    fn windows_1252_keeps_swedish_letters() {
        let (text, enc) = decode(b"V\xe5rd och \xe4ldre; \xf6vrigt").unwrap();
        assert_eq!(enc, TextEncoding::Windows1252);
        assert_eq!(text, "Vård och äldre; övrigt");
    }
}
