//! CSV text into records: RFC 4180 splitting by the csv crate, the separator and decimal mark
//! detected, every field checked against the size limits and the text rule, figures read.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::base::{parse_amount, text_problem, trim, CoreError, NumberError, Text};
use crate::io::import::{whole_file, DecimalMark, MAX_IMPORT_CELLS, MAX_IMPORT_ROWS};
use crate::text;

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
pub(crate) fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
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

pub(crate) fn too_many_rows(line: usize) -> CoreError {
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

pub(crate) fn too_many_cells(line: usize) -> CoreError {
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
pub(crate) fn check_field(line: usize, column: usize, field: &str) -> Result<(), CoreError> {
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
