//! Records into an import preview: the heading and column labels, each column read as figures
//! or text, the rows as a [`Table`] with every problem found; the file kind from its name and
//! bytes.

use crate::base::{decode, trim, CoreError, Lang, Text};
use crate::io::csv_read::{
    check_field, detect_decimal_mark, detect_separator, parse_figure, split_records_up_to,
    too_many_cells, too_many_rows, Record,
};
use crate::io::import::{
    check_size, detect_text, offer_sums, whole_file, ColumnUse, DecimalMark, FileColumn,
    ImportChoices, ImportPreview, ImportProblem, MAX_IMPORT_CELLS, MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
};
use crate::model::{Cell, Column, ColumnKind, Row, RowKind, Table, Unit};
use crate::text;

/// Undoes the export's formula neutralising: `'=x` was written for the label `=x`.
pub(crate) fn unneutralise(label: &str) -> String {
    match label.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => label.to_string(),
    }
}

/// `Titel, tkr` → (`Titel`, tkr); a heading without a known unit is all title, in tkr.
pub(crate) fn title_and_unit(heading: &str, fallback_title: &str) -> (String, Unit) {
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
pub(crate) fn numbered(prefix: char, n: usize) -> String {
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
            notes: Default::default(),
            printed_notes: Default::default(),
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
