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

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::base::{parse_amount, trim, CoreError, Lang, NumberError, Text};
use crate::model::{Cell, Column, ColumnKind, Row, RowKind, Table, Unit};
use crate::text;

use crate::base::{decode, text_problem, MAX_IMPORT_BYTES};

/// How figures are written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1 234,5` (Swedish); a point is also read where it cannot be a group separator.
    Comma,
    /// `1234.5` or `1,234.5` (RFC 4180 exports, XLSX values).
    Point,
}

/// A problem found while reading, located by 1-based line (record) and column (field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    pub column: usize,
    pub message: Text,
}

/// The table as it would be imported, with what was detected and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUse {
    Figures,
    Text,
    /// Left out of the table.
    Skip,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileColumn {
    /// The column's id in the table (`k1`, `k2` … by its place in the file).
    pub id: String,
    pub label: String,
    pub used: ColumnUse,
    /// Read as text by the rule, not by the user's choice.
    pub detected_text: bool,
}

/// A row the import offers as a sum of the rows above it (back to the previous such row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedSum {
    /// The row's line in the file, the key of [`ImportChoices::typed`].
    pub line: usize,
    pub row: String,
    /// A sum with the file's figures as printed totals; otherwise kept as typed figures.
    pub accepted: bool,
}

/// What the user changed in the preview; the default is what the import detects. Lists, not
/// maps: a preview has a handful of choices, and each map type costs the page's first load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportChoices {
    /// How a column is read, by its id, where the user chose; the last choice counts.
    pub columns: Vec<(String, ColumnUse)>,
    /// Lines of offered sum rows kept as typed figures.
    pub typed: Vec<usize>,
}

impl ImportChoices {
    fn column(&self, id: &str) -> Option<ColumnUse> {
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
fn detect_text<'a>(label: &str, fields: impl Iterator<Item = &'a str>, mark: DecimalMark) -> bool {
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
fn whole_file(message: Text) -> CoreError {
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

/// One record of a CSV file and the line it starts on. A field is a slice of the file's text
/// unless quoting changed it, so splitting a 10 000-row file allocates a list per record, not
/// a string per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    pub line: usize,
    pub fields: Vec<Cow<'a, str>>,
}

/// Splits CSV text into records (RFC 4180: quoted fields may hold separators, quotes as `""`
/// and line breaks). An unterminated quote is an error naming the line it opened on.
pub fn split_records(text: &str, separator: char) -> Result<Vec<Record<'_>>, CoreError> {
    split_records_up_to(text, separator, usize::MAX)
}

/// [`split_records`], refusing the file as soon as it has more than `max` records, so a file
/// of millions of short lines is refused before it is all split.
pub fn split_records_up_to(
    text: &str,
    separator: char,
    max: usize,
) -> Result<Vec<Record<'_>>, CoreError> {
    // The csv crate ends a field left open at the end of the text; a file cut inside a quoted
    // field is refused instead, as the rest of the table would vanish into one cell.
    let text = lone_cr_as_lf(text);
    if let Some((line, column)) = scan_quotes(&text, separator).unclosed {
        return Err(CoreError::Import {
            line,
            column,
            message: text!(
                "citattecknet stängs aldrig",
                "the quotation mark is never closed"
            ),
        });
    }
    read_records(&text, separator, max)
}

/// Old Mac files end lines with CR alone: read as if they used LF, so lines are numbered as an
/// editor numbers them.
fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    if text.contains('\r') && !text.contains('\n') {
        Cow::Owned(text.replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The records of `text` as the csv crate splits them, with two rules of ours on top: a
/// blank line, which the crate skips, is a record of one empty field (it ends a table's block
/// in a workbook export, and is an empty cell in a one-column block from Excel), and a line
/// break inside a cell is LF, as Excel keeps it, whatever the file uses.
pub(crate) fn read_records(
    text: &str,
    separator: char,
    max: usize,
) -> Result<Vec<Record<'static>>, CoreError> {
    let text = lone_cr_as_lf(text);
    let delimiter = u8::try_from(separator)
        .ok()
        .filter(u8::is_ascii)
        .ok_or_else(|| {
            whole_file(text!(
                "avgränsaren ”{separator}” är inget ASCII-tecken",
                "the separator “{separator}” is not an ASCII character"
            ))
        })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut records = Vec::new();
    let mut cells = 0;
    let mut lines = Lines::new(&text);
    // Where the reader stood after the last record, and the line that record ended on: the
    // crate reports where it started reading, before the blank lines it skipped.
    let (mut consumed, mut last_line) = (0, 0);
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| CoreError::Import {
                line: last_line + 1,
                column: 1,
                message: Text::same(e.to_string()),
            })?;
        let start = if more {
            // The record starts at the first byte of what was read that ends no line.
            let read = text.get(consumed..).unwrap_or_default();
            consumed + read.find(|c| c != '\r' && c != '\n').unwrap_or(read.len())
        } else {
            text.len()
        };
        let line = lines.at(start);
        // The line after the text's final line break holds nothing, so it is no record.
        let blank_until = if more {
            line
        } else {
            line.min(lines.at(text.len()))
        };
        for blank in last_line + 1..blank_until {
            records.push(Record {
                line: blank,
                fields: vec![Cow::Borrowed("")],
            });
        }
        if !more {
            break;
        }
        let fields: Vec<Cow<'static, str>> = record
            .iter()
            .map(|f| Cow::Owned(f.replace("\r\n", "\n")))
            .collect();
        // Fields are counted too: a file of short lines that are each very wide is refused
        // before millions of fields are made.
        cells += fields.len();
        records.push(Record { line, fields });
        if records.len() > max {
            return Err(too_many_rows(line));
        }
        if max != usize::MAX && cells > MAX_IMPORT_CELLS + max {
            return Err(too_many_cells(line));
        }
        consumed = usize::try_from(reader.position().byte()).unwrap_or(text.len());
        // The reader has read the record's first terminator byte, which is not in the record.
        last_line = lines.at(consumed.saturating_sub(1));
    }
    Ok(records)
}

/// Line numbers of byte offsets, counted forward once over the text.
struct Lines<'a> {
    text: &'a str,
    byte: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The 1-based line of `byte`; offsets are asked for in increasing order.
    fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte >= self.byte {
            let newlines = self.text.as_bytes()[self.byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines;
            self.byte = byte;
        }
        self.line
    }
}

fn too_many_rows(line: usize) -> CoreError {
    let limit = crate::base::format_amount(MAX_IMPORT_ROWS.into(), 0);
    CoreError::Import {
        line,
        column: 1,
        message: text!(
            "filen har fler än {limit} rader; högst {limit} rader kan importeras som en tabell",
            "the file has more than {limit} rows; at most {limit} rows can be imported as one table"
        ),
    }
}

fn too_many_cells(line: usize) -> CoreError {
    let limit = crate::base::format_amount(MAX_IMPORT_CELLS.into(), 0);
    CoreError::Import {
        line,
        column: 1,
        message: text!(
            "tabellen blir större än {limit} celler (rader × kolumner), som är det mesta som kan importeras",
            "the table grows beyond {limit} cells (rows × columns), the most that can be imported"
        ),
    }
}

/// Refuses a field that may not enter a workbook (see [`text_problem`]), naming its place.
fn check_field(line: usize, column: usize, field: &str) -> Result<(), CoreError> {
    match text_problem(field) {
        Some(message) => Err(CoreError::Import {
            line,
            column,
            message,
        }),
        None => Ok(()),
    }
}

/// Lines sampled for detecting the separator (the first 20 non-empty records decide).
const DETECTION_LINES: usize = 64;

/// The separator that splits the first records into the same number of fields (more than
/// one) throughout, then the one leaving fewest data fields that are not figures, then the
/// most fields winning (`a;b,c` has two by `;` but `x;1,5` cannot give
/// more by `,` consistently); failing that, the most consistent. On ties `;` first, as Swedish
/// Excel writes it, then tab, then `,` (a Swedish heading such as `Drift, tkr` holds commas).
pub fn detect_separator(text: &str) -> char {
    // Only the first records are looked at, so only they are split: a 10 000-row file would
    // otherwise be split three times over before the real import. A sample cut inside a quoted
    // field falls back to the whole text.
    let sample = text
        .match_indices('\n')
        .nth(DETECTION_LINES)
        .map_or(text, |(i, _)| &text[..=i]);
    let mut best = (
        ';',
        (false, false, std::cmp::Reverse(usize::MAX), 0usize, 0usize),
    );
    for sep in [';', '\t', ','] {
        let Ok(records) = split_records(sample, sep).or_else(|_| split_records(text, sep)) else {
            continue;
        };
        let counts: Vec<usize> = records
            .iter()
            .filter(|r| r.fields.iter().any(|f| !trim(f).is_empty()))
            .take(20)
            .map(|r| r.fields.len())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&n| n == first).count();
        let all = consistent == counts.len();
        // A wrong separator cuts figures apart and glues neighbours together (`x,y;1,5` by
        // `,` gives `y;1`): fewer data fields that are not figures is the better split, even
        // when both splits are consistent by chance.
        let misfits = records
            .iter()
            .skip(1)
            .take(20)
            .flat_map(|r| r.fields.iter().skip(1))
            .filter(|f| {
                parse_figure(f, DecimalMark::Comma).is_err()
                    && parse_figure(f, DecimalMark::Point).is_err()
            })
            .count();
        // Among fully consistent splits the record count does not matter (a `,` inside a
        // quoted `;` field can split one record into two), only the field count. A separator
        // under which a quoted field closes before something other than a separator is the
        // wrong one, whatever the counts say (`"Drift, tkr",";"` is two fields by `,`).
        let score = (
            scan_quotes(sample, sep).fits,
            all,
            std::cmp::Reverse(misfits),
            first,
            if all { 0 } else { consistent },
        );
        if score > best.1 {
            best = (sep, score);
        }
    }
    best.0
}

/// What the quoted fields of `text` do under `sep`.
struct Quotes {
    /// Every quoted field closes right before `sep` or a line end, as RFC 4180 has it when
    /// `sep` is the file's separator.
    fits: bool,
    /// The line and field where a quoted field opens that never closes.
    unclosed: Option<(usize, usize)>,
}

fn scan_quotes(text: &str, sep: char) -> Quotes {
    let mut chars = text.chars().peekable();
    let (mut line, mut field) = (1, 1);
    let mut fits = true;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if c == '"' && at_field_start {
            let opened = (line, field);
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                    }
                    Some('"') => {
                        match chars.peek() {
                            None | Some('\r') | Some('\n') => {}
                            Some(&next) if next == sep => {}
                            Some(_) => fits = false,
                        }
                        break;
                    }
                    Some('\n') => line += 1,
                    Some(_) => {}
                    None => {
                        return Quotes {
                            fits,
                            unclosed: Some(opened),
                        }
                    }
                }
            }
            at_field_start = false;
            continue;
        }
        if c == '\n' {
            line += 1;
        }
        if c == sep {
            field += 1;
        } else if c == '\n' || c == '\r' {
            field = 1;
        }
        at_field_start = c == sep || c == '\n' || c == '\r';
    }
    Quotes {
        fits,
        unclosed: None,
    }
}

/// Point when the figures say so unambiguously (a `.` not followed by exactly three digits, or
/// the separator is `,` so figures cannot hold a decimal comma unquoted); comma otherwise.
pub fn detect_decimal_mark(records: &[Record], separator: char) -> DecimalMark {
    if separator == ',' {
        return DecimalMark::Point;
    }
    let (mut points, mut commas) = (0, 0);
    for field in records.iter().skip(1).flat_map(|r| r.fields.iter().skip(1)) {
        // Bytes, not characters: this runs for every field of the file. Every character a
        // figure may hold is one ASCII byte, except NBSP (C2 A0 in UTF-8).
        let f = trim(field).as_bytes();
        let mut i = 0;
        let figure_like = loop {
            match f.get(i) {
                None => break !f.is_empty(),
                Some(b'0'..=b'9' | b',' | b'.' | b'-' | b' ') => i += 1,
                Some(0xC2) if f.get(i + 1) == Some(&0xA0) => i += 2,
                Some(_) => break false,
            }
        };
        if !figure_like {
            continue;
        }
        for (mark, count) in [(b'.', &mut points), (b',', &mut commas)] {
            if let Some(i) = f.iter().rposition(|&b| b == mark) {
                let digits_after = f[i + 1..].iter().filter(|b| b.is_ascii_digit()).count();
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

/// Reads one figure; in point mode a `,` is a group separator (`1,234.5`).
pub fn parse_figure(field: &str, mark: DecimalMark) -> Result<Option<Decimal>, NumberError> {
    let normalised;
    let text = match mark {
        DecimalMark::Comma => field,
        DecimalMark::Point => {
            normalised = field.replace(',', " ").replace('.', ",");
            &normalised
        }
    };
    parse_amount(text)
}

/// Undoes the export's formula neutralising: `'=x` was written for the label `=x`.
fn unneutralise(label: &str) -> String {
    match label.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => label.to_string(),
    }
}

/// `Titel, tkr` → (`Titel`, tkr); a heading without a known unit is all title, in tkr.
fn title_and_unit(heading: &str, fallback_title: &str) -> (String, Unit) {
    for unit in [Unit::Kr, Unit::Tkr, Unit::Mnkr] {
        if let Some(title) = heading.strip_suffix(&format!(", {}", unit.label())) {
            if !title.trim().is_empty() {
                return (title.trim().to_string(), unit);
            }
        }
    }
    let heading = heading.trim();
    if heading.is_empty() {
        (fallback_title.to_string(), Unit::Tkr)
    } else {
        (heading.to_string(), Unit::Tkr)
    }
}

/// `r12` for prefix `r` and 12, without the formatting machinery: an import names 10 000 rows.
fn numbered(prefix: char, n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + digits.len() - at);
    id.push(prefix);
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

/// Turns records (header first) into a table of input rows, and input and text columns (see
/// [`detect_text`] and `choices`), with the line of each row. Fields of figure columns that are
/// not figures are kept as invalid cells, like typed text, and listed as problems. Sums are
/// not offered yet ([`offer_sums`]): an XLSX sheet's formulas come first.
pub fn records_to_table(
    records: &[Record],
    mark: DecimalMark,
    table_id: &str,
    fallback_title: &str,
    choices: &ImportChoices,
) -> Result<(ImportPreview, Vec<usize>), CoreError> {
    let mut problems = Vec::new();
    let mut rows_iter = records
        .iter()
        .skip_while(|r| r.fields.iter().all(|f| trim(f).is_empty()));
    let header = rows_iter.next().ok_or(CoreError::Import {
        line: 1,
        column: 1,
        message: text!("filen är tom", "the file is empty"),
    })?;
    if header.fields.len() < 2 {
        return Err(CoreError::Import {
            line: header.line,
            column: 1,
            message: text!(
                "rubrikraden har bara ett fält; avgränsaren ska vara ; , eller tabb",
                "the heading row has only one field; the separator must be ; , or tab"
            ),
        });
    }
    let width = header.fields.len() - 1;
    if width > MAX_IMPORT_COLUMNS {
        let (found, limit) = (
            crate::base::format_amount(width.into(), 0),
            crate::base::format_amount(MAX_IMPORT_COLUMNS.into(), 0),
        );
        return Err(CoreError::Import {
            line: header.line,
            column: MAX_IMPORT_COLUMNS + 2,
            message: text!(
                "rubrikraden har {found} kolumner; högst {limit} kan importeras",
                "the heading row has {found} columns; at most {limit} can be imported"
            ),
        });
    }
    for (c, field) in header.fields.iter().enumerate() {
        check_field(header.line, c + 1, field)?;
    }
    let (title, unit) = title_and_unit(&unneutralise(&header.fields[0]), fallback_title);
    check_field(header.line, 1, &title)?;
    let all_columns: Vec<Column> = header.fields[1..]
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let label = unneutralise(label.trim());
            Column {
                id: format!("k{}", i + 1),
                label: if label.is_empty() {
                    format!("Kolumn {}", i + 1)
                } else {
                    label
                },
                kind: ColumnKind::Input,
                group: None,
            }
        })
        .collect();
    // The block's size is known before any row is read, so an oversized one costs nothing.
    let block = rows_iter
        .clone()
        .take_while(|r| !r.fields.iter().all(|f| trim(f).is_empty()));
    if let Some(beyond) = block.clone().nth(MAX_IMPORT_ROWS) {
        return Err(too_many_rows(beyond.line));
    }
    let cells_per_row = all_columns.len().max(1);
    if let Some(beyond) = block.clone().nth(MAX_IMPORT_CELLS / cells_per_row) {
        return Err(too_many_cells(beyond.line));
    }
    let file_columns: Vec<FileColumn> = all_columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let chosen = choices.column(&c.id);
            let detected_text = chosen.is_none()
                && detect_text(
                    &c.label,
                    block
                        .clone()
                        .filter_map(|r| r.fields.get(i + 1).map(|f| &**f)),
                    mark,
                );
            FileColumn {
                id: c.id.clone(),
                label: c.label.clone(),
                used: chosen.unwrap_or(if detected_text {
                    ColumnUse::Text
                } else {
                    ColumnUse::Figures
                }),
                detected_text,
            }
        })
        .collect();
    let width = all_columns.len();
    // Each column's place in the file, with what it is read as; skipped ones are not read.
    let columns: Vec<(usize, Column)> = all_columns
        .into_iter()
        .zip(&file_columns)
        .enumerate()
        .filter_map(|(i, (mut c, f))| match f.used {
            ColumnUse::Skip => None,
            ColumnUse::Text => {
                c.kind = ColumnKind::Text;
                Some((i, c))
            }
            ColumnUse::Figures => Some((i, c)),
        })
        .collect();
    let mut lines = Vec::new();
    let mut rows = Vec::with_capacity(records.len().min(MAX_IMPORT_ROWS));
    let mut decimals = 0;
    // Percentages (written with one decimal) say nothing about the amounts' decimals.
    let percent: Vec<bool> = columns
        .iter()
        .map(|(_, c)| c.label.as_bytes().contains(&b'%'))
        .collect();
    for record in rows_iter {
        if record.fields.iter().all(|f| trim(f).is_empty()) {
            // A blank line ends the block: a workbook export holds one block per table.
            break;
        }
        for (c, field) in record.fields.iter().take(width + 1).enumerate() {
            check_field(record.line, c + 1, field)?;
        }
        if record.fields.len() > width + 1
            && record.fields[width + 1..]
                .iter()
                .any(|f| !trim(f).is_empty())
        {
            problems.push(ImportProblem {
                line: record.line,
                column: width + 2,
                message: text!(
                    "raden har {} fält men rubriken {}; de sista läses inte",
                    "the row has {} fields but the heading {}; the last are not read",
                    record.fields.len(),
                    width + 1
                ),
            });
        }
        let n = rows.len() + 1;
        let mut label = unneutralise(trim(&record.fields[0]));
        if label.is_empty() {
            problems.push(ImportProblem {
                line: record.line,
                column: 1,
                message: text!(
                    "raden saknar namn; den kallas ”Rad {n}”",
                    "the row has no name; it is called “Rad {n}”"
                ),
            });
            label = format!("Rad {n}");
        }
        let mut row = Row {
            id: numbered('r', n),
            label,
            kind: RowKind::Input,
            cells: Default::default(),
            control: Default::default(),
        };
        for (c, (at, column)) in columns.iter().enumerate() {
            let Some(field) = record.fields.get(at + 1) else {
                continue;
            };
            if column.kind == ColumnKind::Text {
                let text = trim(field);
                if !text.is_empty() {
                    row.cells
                        .insert(column.id.clone(), Cell::Text(text.to_string()));
                }
                continue;
            }
            match parse_figure(field, mark) {
                Ok(Some(d)) => {
                    if !percent[c] {
                        decimals = decimals.max(d.scale());
                    }
                    row.cells.insert(column.id.clone(), Cell::Number(d));
                }
                Ok(None) => {}
                Err(e) => {
                    problems.push(ImportProblem {
                        line: record.line,
                        column: at + 2,
                        message: Text::new(e.message(Lang::Sv), e.message(Lang::En)),
                    });
                    row.cells
                        .insert(column.id.clone(), Cell::Invalid(field.trim().to_string()));
                }
            }
        }
        // Kalkyl's CSV writes a printed control total as `<label> (tryckt)` under its row:
        // it comes back as that row's control total, not as a row of its own.
        let printed_of = row
            .label
            .strip_suffix(" (tryckt)")
            .and_then(|base| rows.last_mut().filter(|prev: &&mut Row| prev.label == base));
        match printed_of {
            Some(prev) if prev.control.is_empty() => {
                prev.control = row.cells;
                prev.control.retain(|_, c| !matches!(c, Cell::Text(_)));
            }
            _ => {
                lines.push(record.line);
                rows.push(row);
            }
        }
    }
    let table = Table {
        id: table_id.to_string(),
        title,
        unit,
        decimals: decimals.min(crate::model::MAX_DECIMALS),
        columns: columns.into_iter().map(|(_, c)| c).collect(),
        rows,
        deviation: Default::default(),
    };
    let preview = ImportPreview {
        detected: Text::same(String::new()),
        table,
        problems,
        columns: file_columns,
        sums: Vec::new(),
    };
    Ok((preview, lines))
}

/// A CSV file as a table preview, as detected.
pub fn preview_csv(
    bytes: &[u8],
    table_id: &str,
    fallback_title: &str,
) -> Result<ImportPreview, CoreError> {
    preview_csv_with(bytes, table_id, fallback_title, &ImportChoices::default())
}

/// [`preview_csv`] with the user's choices of column use and sum rows.
pub fn preview_csv_with(
    bytes: &[u8],
    table_id: &str,
    fallback_title: &str,
    choices: &ImportChoices,
) -> Result<ImportPreview, CoreError> {
    check_size(bytes.len())?;
    let (text, encoding) = decode(bytes).map_err(whole_file)?;
    let separator = detect_separator(&text);
    // A few more records than rows: the heading, and blank lines between blocks.
    let records = split_records_up_to(&text, separator, MAX_IMPORT_ROWS + 16)?;
    let mark = detect_decimal_mark(&records, separator);
    let (mut preview, lines) = records_to_table(&records, mark, table_id, fallback_title, choices)?;
    offer_sums(&mut preview, &lines, choices);
    let describe = |lang: Lang| {
        let separator = match separator {
            '\t' => lang.pick("tabb", "tab").to_string(),
            c => c.to_string(),
        };
        let mark = match mark {
            DecimalMark::Comma => lang.pick("decimalkomma", "decimal comma"),
            DecimalMark::Point => lang.pick("decimalpunkt", "decimal point"),
        };
        let encoding = encoding.label(lang);
        match lang {
            Lang::Sv => format!("CSV, {encoding}, avgränsare {separator}, {mark}"),
            Lang::En => format!("CSV, {encoding}, separator {separator}, {mark}"),
        }
    };
    preview.detected = Text::new(describe(Lang::Sv), describe(Lang::En));
    Ok(preview)
}

/// What a picked file holds, by its first bytes: an XLSX workbook (a zip archive) or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Text,
}

/// The kind of a file as picked, checked by its size, its first bytes and its name: Excel's
/// binary formats (.xls, and any password-protected workbook) are refused as what they are, and
/// a file called `.xlsx` that is no zip archive is refused rather than read as CSV text.
pub fn file_kind(name: &str, bytes: &[u8]) -> Result<FileKind, CoreError> {
    check_size(bytes.len())?;
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(whole_file(text!(
            "filen är en Excel-fil i det gamla .xls-formatet eller skyddad med lösenord, som inte kan läsas; spara den i Excel som .xlsx (utan lösenord) eller CSV",
            "the file is an Excel file in the old .xls format or protected by a password, which cannot be read; save it in Excel as .xlsx (without a password) or CSV"
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(FileKind::Xlsx);
    }
    let lower = name.to_lowercase();
    if [".xlsx", ".xlsm"].iter().any(|e| lower.ends_with(e)) {
        return Err(whole_file(text!(
            "filen heter ”{name}” men är ingen Excel-arbetsbok: en xlsx-fil är ett zip-arkiv och börjar med ”PK”; byt namn på den till .csv om den är text",
            "the file is called “{name}” but is not an Excel workbook: an xlsx file is a zip archive and starts with “PK”; rename it to .csv if it is text"
        )));
    }
    Ok(FileKind::Text)
}

/// A file as a table preview: XLSX when it is a zip (`PK`), CSV otherwise. `sheet` picks the
/// worksheet of an XLSX file (0-based).
#[cfg(feature = "xlsx")]
pub fn preview_file(
    bytes: &[u8],
    sheet: usize,
    table_id: &str,
    fallback_title: &str,
) -> Result<ImportPreview, CoreError> {
    preview_named("", bytes, sheet, table_id, fallback_title)
}

/// [`preview_file`] for a file as picked, by its name (see [`file_kind`]).
#[cfg(feature = "xlsx")]
pub fn preview_named(
    name: &str,
    bytes: &[u8],
    sheet: usize,
    table_id: &str,
    fallback_title: &str,
) -> Result<ImportPreview, CoreError> {
    match file_kind(name, bytes)? {
        FileKind::Xlsx => {
            crate::io::xlsx_file::preview_xlsx(bytes, sheet, table_id, fallback_title)
        }
        FileKind::Text => preview_csv(bytes, table_id, fallback_title),
    }
}

/// An id for a new table that no table of the workbook has yet.
pub fn unused_table_id(workbook: &crate::model::Workbook, title: &str) -> String {
    let base = match crate::model::slug(title) {
        s if s.is_empty() => "import".to_string(),
        s => s,
    };
    let mut id = base.clone();
    let mut n = 2;
    while workbook.tables.iter().any(|t| t.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Gives the imported rows and columns the ids of the replaced table's rows and columns with
/// the same label, so formulas by id, reconciliations and the frame bridge that point into
/// the table keep pointing at the same lines after a re-import.
pub fn adopt_ids(old: &Table, new: &mut Table) {
    fn key(label: &str) -> String {
        label.trim().to_lowercase()
    }
    let mut column_ids = std::collections::HashMap::new();
    let mut taken = std::collections::HashSet::new();
    for column in &new.columns {
        if let Some(o) = old
            .columns
            .iter()
            .find(|o| key(&o.label) == key(&column.label) && !taken.contains(&o.id))
        {
            taken.insert(o.id.clone());
            column_ids.insert(column.id.clone(), o.id.clone());
        }
    }
    let mut row_ids = std::collections::HashMap::new();
    for row in &new.rows {
        if let Some(o) = old
            .rows
            .iter()
            .find(|o| key(&o.label) == key(&row.label) && !taken.contains(&o.id))
        {
            taken.insert(o.id.clone());
            row_ids.insert(row.id.clone(), o.id.clone());
        }
    }
    // An id that was not adopted must not collide with one that was.
    let fresh = |id: &str, taken: &std::collections::HashSet<String>| {
        let mut candidate = format!("{id}-import");
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{id}-import-{n}");
            n += 1;
        }
        candidate
    };
    for column in &new.columns {
        if !column_ids.contains_key(&column.id) {
            let id = if taken.contains(&column.id) {
                fresh(&column.id, &taken)
            } else {
                column.id.clone()
            };
            taken.insert(id.clone());
            column_ids.insert(column.id.clone(), id);
        }
    }
    for row in &new.rows {
        if !row_ids.contains_key(&row.id) {
            let id = if taken.contains(&row.id) {
                fresh(&row.id, &taken)
            } else {
                row.id.clone()
            };
            taken.insert(id.clone());
            row_ids.insert(row.id.clone(), id);
        }
    }
    let column_id = |id: &String| column_ids.get(id).cloned().unwrap_or_else(|| id.clone());
    let row_id = |id: &String| row_ids.get(id).cloned().unwrap_or_else(|| id.clone());
    for column in &mut new.columns {
        column.id = column_id(&column.id);
        if let Some((a, b)) = column.kind.operands_mut() {
            *a = column_id(a);
            *b = column_id(b);
        }
    }
    for row in &mut new.rows {
        row.id = row_id(&row.id);
        for map in [&mut row.cells, &mut row.control] {
            // Inserted one by one: collecting into a map sorts first, and each collect site
            // links its own copy of the sort into the wasm.
            for (k, v) in std::mem::take(map) {
                map.insert(column_id(&k), v);
            }
        }
        if let RowKind::Sum { terms } = &mut row.kind {
            for term in terms {
                *term = row_id(term);
            }
        }
    }
}

/// After [`adopt_ids`]: the replaced table's structure stays where its lines are still there.
/// Computed columns (changes, percentages, deviations) compute again instead of holding the
/// file's figures, text columns hold text, and totals stay sums of their rows, so re-importing
/// a table that went through Excel changes its figures, not what it is.
pub fn keep_structure(old: &Table, new: &mut Table) {
    use std::collections::HashSet;
    let column_ids: HashSet<String> = new.columns.iter().map(|c| c.id.clone()).collect();
    for column in &mut new.columns {
        let Some(o) = old.columns.iter().find(|o| o.id == column.id) else {
            continue;
        };
        let operands_here = o
            .kind
            .operands()
            .is_none_or(|(a, b)| column_ids.contains(a) && column_ids.contains(b));
        if operands_here {
            column.kind = o.kind.clone();
        }
        column.group = o.group.clone();
    }
    let computed: HashSet<&str> = new
        .columns
        .iter()
        .filter(|c| c.kind.operands().is_some())
        .map(|c| c.id.as_str())
        .collect();
    let text: HashSet<&str> = new
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Text)
        .map(|c| c.id.as_str())
        .collect();
    let row_ids: HashSet<String> = new.rows.iter().map(|r| r.id.clone()).collect();
    for row in &mut new.rows {
        row.cells.retain(|k, _| !computed.contains(k.as_str()));
        // Printed totals stay on computed columns too: they are the report's figures, checked
        // against what the columns compute.
        for (k, cell) in row.cells.iter_mut() {
            if text.contains(k.as_str()) {
                *cell = Cell::Text(cell.edit_text());
            }
        }
        if let Some(RowKind::Sum { terms }) =
            old.rows.iter().find(|o| o.id == row.id).map(|o| &o.kind)
        {
            if terms.iter().all(|t| row_ids.contains(t)) {
                row.kind = RowKind::Sum {
                    terms: terms.clone(),
                };
                row.cells.clear();
            }
        }
    }
}

/// The action that imports: a new table, or a replacement of `replace` at its place, keeping
/// its id and the ids of rows and columns with the same labels, as one undo step. A table the
/// reconciliations or the frame bridge use is replaced as a whole-workbook step, and only if
/// every row and column they point at is still there (otherwise the reason is returned).
pub fn import_action(
    workbook: &crate::model::Workbook,
    mut table: Table,
    replace: Option<&str>,
) -> Result<crate::session::Action, CoreError> {
    use crate::session::Action;
    match replace.and_then(|id| workbook.tables.iter().position(|t| t.id == id)) {
        Some(index) => {
            let old = &workbook.tables[index];
            table.id = old.id.clone();
            // The table's settings stay; only its lines and figures come from the file.
            table.decimals = old.decimals;
            table.deviation = old.deviation;
            adopt_ids(old, &mut table);
            keep_structure(old, &mut table);
            if workbook.external_table_uses(&old.id).is_some() {
                let mut next = workbook.clone();
                next.tables[index] = table;
                crate::model::validate(&next)?;
                return Ok(Action::LoadScenario(Box::new(next)));
            }
            Ok(Action::Batch(vec![
                Action::RemoveTable {
                    table: old.id.clone(),
                },
                Action::AddTable {
                    index: Some(index),
                    table: Box::new(table),
                },
            ]))
        }
        None => {
            table.id = unused_table_id(workbook, &table.title);
            Ok(Action::AddTable {
                index: None,
                table: Box::new(table),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(enc, crate::base::TextEncoding::Windows1252);
        assert_eq!(text, "Vård och äldre; övrigt");
    }
}
