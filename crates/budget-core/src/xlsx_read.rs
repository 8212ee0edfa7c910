//! A minimal XLSX reader for importing one sheet as a table: the zip's central directory,
//! stored or deflated entries (`miniz_oxide`), the workbook's sheet list, shared strings and
//! the sheet's cells. Formulas are not read; their cached values are, like a paste from Excel.
//!
//! Excel stores numbers as IEEE doubles and writes them as text with up to 17 significant
//! digits (`0.30000000000000004`); a value is rounded to 15 significant digits, the precision
//! Excel itself shows, before it becomes an exact `Decimal`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::CoreError;
use crate::i18n::{Lang, Text};
use crate::import::{records_to_table, DecimalMark, ImportPreview, Record};
use crate::text;

fn fail(message: Text) -> CoreError {
    CoreError::Import {
        line: 0,
        column: 0,
        message,
    }
}

fn truncated() -> CoreError {
    fail(text!(
        "xlsx-filen är avkortad eller skadad: zip-arkivet tar slut för tidigt",
        "the xlsx file is truncated or damaged: the zip archive ends too early"
    ))
}

/// `data[at..at + len]`, or the refusal of a truncated file; offsets come from the file, so
/// the arithmetic is checked (on wasm32 a crafted offset near 4 GB would wrap).
fn bytes_at(data: &[u8], at: usize, len: usize) -> Result<&[u8], CoreError> {
    at.checked_add(len)
        .and_then(|end| data.get(at..end))
        .ok_or_else(truncated)
}

fn u16_at(data: &[u8], at: usize) -> Result<usize, CoreError> {
    bytes_at(data, at, 2).map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Result<usize, CoreError> {
    bytes_at(data, at, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Largest part of an XLSX file that is unpacked: a 100 000-row sheet is about 30 MB of XML.
pub const MAX_PART_BYTES: usize = 64 * 1024 * 1024;
/// Most bytes unpacked from one file altogether (only the parts an import reads are unpacked).
pub const MAX_UNPACKED_BYTES: usize = 128 * 1024 * 1024;

/// Where an entry's data lies in the archive, as its directory record says.
struct Entry {
    method: usize,
    compressed: usize,
    declared: usize,
    local: usize,
}

/// A zip archive's directory; entries are unpacked one by one when asked for, so a file
/// padded with huge parts an import never reads costs nothing.
struct Zip<'a> {
    data: &'a [u8],
    entries: BTreeMap<String, Entry>,
    unpacked: std::cell::Cell<usize>,
}

impl<'a> Zip<'a> {
    fn open(data: &'a [u8]) -> Result<Zip<'a>, CoreError> {
        // The end-of-central-directory record is in the last 22 + 65535 bytes.
        let from = data.len().saturating_sub(22 + 0xFFFF);
        let eocd = (from..data.len().saturating_sub(21))
            .rev()
            .find(|&i| data[i..].starts_with(b"PK\x05\x06"))
            .ok_or_else(|| {
                fail(text!(
                    "filen är ingen hel xlsx-fil: zip-arkivets innehållsförteckning i slutet saknas (avkortad eller skadad fil?)",
                    "the file is not a whole xlsx file: the zip archive's table of contents at its end is missing (truncated or damaged file?)"
                ))
            })?;
        let count = u16_at(data, eocd + 10)?;
        let mut at = u32_at(data, eocd + 16)?;
        let mut entries = BTreeMap::new();
        for _ in 0..count {
            if !bytes_at(data, at, 4).is_ok_and(|d| d == b"PK\x01\x02") {
                return Err(fail(text!(
                    "xlsx-filens zip-katalog är trasig",
                    "the xlsx file's zip directory is damaged"
                )));
            }
            let name_len = u16_at(data, at + 28)?;
            let name = String::from_utf8_lossy(bytes_at(data, at + 46, name_len)?).into_owned();
            let entry = Entry {
                method: u16_at(data, at + 10)?,
                compressed: u32_at(data, at + 20)?,
                declared: u32_at(data, at + 24)?,
                local: u32_at(data, at + 42)?,
            };
            at += 46 + name_len + u16_at(data, at + 30)? + u16_at(data, at + 32)?;
            entries.insert(name, entry);
        }
        Ok(Zip {
            data,
            entries,
            unpacked: std::cell::Cell::new(0),
        })
    }

    /// The entry `name` unpacked, `None` when the archive has no such entry.
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, CoreError> {
        let Some(e) = self.entries.get(name) else {
            return Ok(None);
        };
        let data = self.data;
        let start = e.local + 30 + u16_at(data, e.local + 26)? + u16_at(data, e.local + 28)?;
        let raw = bytes_at(data, start, e.compressed)
            .map_err(|_| fail(text!("{name} är avkortad", "{name} is truncated")))?;
        let total = self.unpacked.get().saturating_add(e.declared);
        if e.declared > MAX_PART_BYTES || total > MAX_UNPACKED_BYTES {
            let size = crate::intake::size_text(e.declared);
            let limit = MAX_PART_BYTES / 1_048_576;
            return Err(fail(Text::new(
                format!(
                    "{name} packas upp till {}; högst {limit} MB per del kan importeras (en så stor del är ingen budgettabell, kanske en zip-bomb)",
                    size.get(Lang::Sv)
                ),
                format!(
                    "{name} unpacks to {}; at most {limit} MB per part can be imported (a part that large is no budget table, perhaps a zip bomb)",
                    size.get(Lang::En)
                ),
            )));
        }
        self.unpacked.set(total);
        let bytes = match e.method {
            0 => raw.to_vec(),
            // The size the directory declares bounds the output, so a part that claims to be
            // small cannot make the browser inflate gigabytes.
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(raw, e.declared).map_err(
                |_| {
                    fail(text!(
                        "{name} kunde inte packas upp (skadad, eller större än zip-katalogen anger)",
                        "{name} could not be unpacked (damaged, or larger than the zip directory says)"
                    ))
                },
            )?,
            m => {
                return Err(fail(text!(
                    "{name} är packad med metod {m}, som inte stöds",
                    "{name} is packed with method {m}, which is not supported"
                )))
            }
        };
        Ok(Some(bytes))
    }

    /// An XML part as text, or the refusal naming the part that is missing.
    fn text(&self, name: &str) -> Result<String, CoreError> {
        self.read(name)?
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .ok_or_else(|| {
                fail(text!(
                    "{name} saknas; filen är ingen xlsx-arbetsbok",
                    "{name} is missing; the file is not an xlsx workbook"
                ))
            })
    }
}

/// Resolves XML entities (`&amp;`, `&#229;`, `&#xE5;`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `haystack.find(needle)`, by the needle's first byte and a comparison. `str::find` with a
/// `&str` (and `str::contains` with a `char` that may not be ASCII) brings the standard
/// library's two-way searcher, 1 KB of the gzipped app, for the few short ASCII needles here.
/// A match starts at a character boundary: UTF-8 never repeats a leading byte inside a
/// character.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if haystack.get(at + 1..at + needle.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The value of attribute `name` in an element's opening tag text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut search = tag;
    while let Some(i) = find(search, name) {
        let before_ok = i == 0 || search.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &search[i + name.len()..];
        if before_ok && after.starts_with("=\"") {
            let value = &after[2..];
            return value.find('"').map(|end| &value[..end]);
        }
        search = &search[i + name.len()..];
    }
    None
}

/// Each `<tag …>…</tag>` (or self-closing `<tag …/>`) in `xml`: (opening tag, inner text).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = find(rest, &open) {
        let after = &rest[i + open.len()..];
        // `<c` must not match `<cols`: the name ends at whitespace, `>` or `/`.
        if !after.starts_with([' ', '>', '/', '\n', '\r', '\t']) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let tag_text = &after[..gt];
        if tag_text.ends_with('/') {
            out.push((tag_text, ""));
            rest = &after[gt + 1..];
            continue;
        }
        let body = &after[gt + 1..];
        let Some(end) = find(body, &close) else { break };
        out.push((tag_text, &body[..end]));
        rest = &body[end + close.len()..];
    }
    out
}

/// The text of every `<t>` inside, concatenated (rich text has several runs).
fn text_runs(xml: &str) -> String {
    elements(xml, "t")
        .iter()
        .map(|(_, inner)| unescape(inner))
        .collect()
}

/// Excel's last column (XFD) and row: a reference beyond them is no sheet Excel wrote.
const LAST_COLUMN: usize = 16_383;
const LAST_ROW: usize = 1_048_576;

/// `B12` → (column 1, row 12), both as written (column 0-based, row 1-based); `None` for
/// anything that is no reference inside Excel's sheet (`ZZZZZZZZ1` would otherwise ask for a
/// row of billions of cells).
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let row: usize = r[letters..].parse().ok()?;
    let col = r.as_bytes()[..letters]
        .iter()
        .fold(0usize, |acc, b| {
            acc * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1
        })
        .checked_sub(1)?;
    (col <= LAST_COLUMN && (1..=LAST_ROW).contains(&row)).then_some((col, row))
}

/// A number as Excel wrote it, to at most 15 significant digits, exactly.
pub fn excel_number(text: &str) -> Option<Decimal> {
    // Excel writes `1.5E-3` for small and large figures.
    let d = Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()?;
    let digits = d.abs().trunc().to_string().trim_start_matches('0').len() as u32;
    let keep = 15u32.saturating_sub(digits.max(1));
    Some(
        d.round_dp_with_strategy(keep, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

/// The names of the workbook's sheets and their part paths, in order.
fn sheets(zip: &Zip) -> Result<Vec<(String, String)>, CoreError> {
    let workbook = zip.text("xl/workbook.xml")?;
    let rels = zip.text("xl/_rels/workbook.xml.rels")?;
    // A list, not a map: a handful of sheets, and collecting a map would link another sort.
    let targets: Vec<(&str, &str)> = elements(&rels, "Relationship")
        .iter()
        .filter_map(|(tag, _)| Some((attr(tag, "Id")?, attr(tag, "Target")?)))
        .collect();
    elements(&workbook, "sheet")
        .iter()
        .map(|(tag, _)| {
            let name = unescape(attr(tag, "name").unwrap_or("Blad"));
            let target = attr(tag, "r:id")
                .and_then(|id| targets.iter().find(|(i, _)| *i == id).map(|(_, t)| t))
                .ok_or_else(|| {
                    fail(text!(
                        "bladet ”{name}” saknar del",
                        "the sheet “{name}” has a missing part"
                    ))
                })?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Ok((name, path))
        })
        .collect()
}

/// The sheet names of an XLSX file, for choosing which one to import.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, CoreError> {
    crate::import::check_size(bytes.len())?;
    Ok(sheets(&Zip::open(bytes)?)?
        .into_iter()
        .map(|(n, _)| n)
        .collect())
}

/// One sheet as records of cell texts: numbers as exact decimal text with a point.
pub fn read_sheet(bytes: &[u8], sheet: usize) -> Result<(String, Vec<Record<'static>>), CoreError> {
    read_sheet_with_formulas(bytes, sheet).map(|(name, records, _)| (name, records))
}

/// Formula texts by spreadsheet row (1-based) and column (0-based), for recognising totals.
type RowFormulas = BTreeMap<usize, BTreeMap<usize, String>>;

fn read_sheet_with_formulas(
    bytes: &[u8],
    sheet: usize,
) -> Result<(String, Vec<Record<'static>>, RowFormulas), CoreError> {
    crate::import::check_size(bytes.len())?;
    let zip = Zip::open(bytes)?;
    let list = sheets(&zip)?;
    let (name, path) = list.get(sheet).ok_or_else(|| {
        fail(text!(
            "arbetsboken har inget blad nummer {}",
            "the workbook has no sheet number {}",
            sheet + 1
        ))
    })?;
    let shared: Vec<String> = zip
        .read("xl/sharedStrings.xml")?
        .map(|b| {
            let xml = String::from_utf8_lossy(&b);
            elements(&xml, "si")
                .iter()
                .map(|(_, inner)| text_runs(inner))
                .collect()
        })
        .unwrap_or_default();
    let xml = zip
        .read(path)?
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .ok_or_else(|| {
            fail(text!(
                "bladet ”{name}” saknas i filen",
                "the sheet “{name}” is missing from the file"
            ))
        })?;
    let mut grid: BTreeMap<usize, BTreeMap<usize, String>> = BTreeMap::new();
    let mut formulas = RowFormulas::new();
    for (row_tag, row_xml) in elements(&xml, "row") {
        let row_no = attr(row_tag, "r").and_then(|r| r.parse().ok());
        for (i, (tag, inner)) in elements(row_xml, "c").into_iter().enumerate() {
            let (col, row) = match attr(tag, "r") {
                Some(r) => cell_ref(r).ok_or_else(|| {
                    let r: String = r.chars().take(20).collect();
                    fail(text!(
                        "cellreferensen ”{r}” ligger utanför ett Excel-blad (det sista är XFD1048576); filen är skadad",
                        "the cell reference “{r}” lies outside an Excel sheet (the last is XFD1048576); the file is damaged"
                    ))
                })?,
                None => (i, row_no.unwrap_or(grid.len() + 1)),
            };
            if let Some((_, f)) = elements(inner, "f").first() {
                if col > 0 && !f.trim().is_empty() {
                    formulas.entry(row).or_default().insert(col, unescape(f));
                }
            }
            let v = elements(inner, "v")
                .first()
                .map(|(_, v)| unescape(v))
                .unwrap_or_default();
            let text = match attr(tag, "t") {
                Some("s") => v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| shared.get(i).cloned())
                    .ok_or_else(|| {
                        let (v, n) = (v.trim(), shared.len());
                        CoreError::Import {
                            line: row,
                            column: col + 1,
                            message: text!(
                                "cellen hänvisar till delad text nummer {v}, men filen har bara {n} (0–{}); xlsx-filen är skadad",
                                "the cell refers to shared string number {v}, but the file has only {n} (0–{}); the xlsx file is damaged",
                                n.saturating_sub(1)
                            ),
                        }
                    })?,
                Some("inlineStr") => text_runs(inner),
                Some("n") | None => match excel_number(v.trim()) {
                    Some(d) => d.to_string(),
                    None => v,
                },
                // str (formula text), b (boolean), e (error): the text as it is.
                Some(_) => v,
            };
            // An empty cell (formatting only) adds no field, so a formatted cell far to the
            // right does not widen the table.
            if !text.is_empty() {
                grid.entry(row).or_default().insert(col, text);
            }
        }
    }
    let records = grid
        .into_iter()
        .map(|(line, cells)| {
            let width = cells.keys().next_back().map_or(0, |&c| c + 1);
            let mut fields = vec![String::new(); width];
            for (c, text) in cells {
                fields[c] = text;
            }
            Record {
                line,
                fields: fields.into_iter().map(Cow::Owned).collect(),
            }
        })
        .collect();
    Ok((name.clone(), records, formulas))
}

/// The rows a `SUM(B3:B5,B8)` adds up, or `None` for any other formula.
fn sum_rows(formula: &str) -> Option<Vec<usize>> {
    let inner = formula
        .trim()
        .trim_start_matches('=')
        .strip_prefix("SUM(")?
        .strip_suffix(')')?;
    let row_of = |r: &str| cell_ref(&r.replace('$', "")).map(|(_, row)| row);
    let mut rows = Vec::new();
    for part in inner.split(',') {
        match part.split_once(':') {
            Some((a, b)) => {
                let (a, b) = (row_of(a)?, row_of(b)?);
                // A range over more rows than any import holds is no total of its lines.
                if b.saturating_sub(a) > crate::import::MAX_IMPORT_ROWS {
                    return None;
                }
                rows.extend(a..=b);
            }
            None => rows.push(row_of(part)?),
        }
    }
    Some(rows)
}

/// Rows whose every figure is a `SUM` over the same other rows become sum rows of those rows,
/// so an exported total stays a total (not a typed figure) when the file comes back. A row
/// with any other formula or a typed figure keeps its values as they are: turning it into a
/// sum would drop them (and a sum of percentages is no percentage).
fn recognise_sums(table: &mut crate::model::Table, records: &[Record], formulas: &RowFormulas) {
    use crate::model::RowKind;
    // Table rows are the records after the heading, in order (see `records_to_table`).
    let lines: Vec<usize> = records
        .iter()
        .skip_while(|r| r.fields.iter().all(|f| f.trim().is_empty()))
        .skip(1)
        .take(table.rows.len())
        .map(|r| r.line)
        .collect();
    let index_of_line: std::collections::HashMap<usize, usize> =
        lines.iter().enumerate().map(|(i, &l)| (l, i)).collect();
    let id_of_line = |line: usize| {
        index_of_line
            .get(&line)
            .and_then(|&i| table.rows.get(i))
            .map(|r| r.id.clone())
    };
    let mut kinds = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        let Some(texts) = formulas.get(&line) else {
            continue;
        };
        let record = records.iter().find(|r| r.line == line);
        let typed = record.is_some_and(|r| {
            r.fields
                .iter()
                .enumerate()
                .skip(1)
                .any(|(c, f)| !f.trim().is_empty() && !texts.contains_key(&c))
        });
        if typed {
            continue;
        }
        let sets: Option<Vec<Vec<usize>>> = texts.values().map(|f| sum_rows(f)).collect();
        let Some(mut sets) = sets else { continue };
        let Some(first) = sets.pop() else { continue };
        if sets.iter().any(|s| *s != first) || first.contains(&line) {
            continue;
        }
        let terms: Option<Vec<String>> = first.iter().map(|&l| id_of_line(l)).collect();
        if let Some(terms) = terms {
            kinds.push((i, terms));
        }
    }
    for (i, terms) in kinds {
        if let Some(row) = table.rows.get_mut(i) {
            row.kind = RowKind::Sum { terms };
            row.cells.clear();
        }
    }
}

/// A sheet of an XLSX file as a table preview. Problems are located by spreadsheet row and
/// column number (A = 1).
pub fn preview_xlsx(
    bytes: &[u8],
    sheet: usize,
    table_id: &str,
    fallback_title: &str,
) -> Result<ImportPreview, CoreError> {
    let (name, records, formulas) = read_sheet_with_formulas(bytes, sheet)?;
    let title = if name.trim().is_empty() {
        fallback_title
    } else {
        &name
    };
    let (mut table, problems) = records_to_table(&records, DecimalMark::Point, table_id, title)?;
    recognise_sums(&mut table, &records, &formulas);
    Ok(ImportPreview {
        detected: text!(
            "Excel (xlsx), bladet ”{name}”",
            "Excel (xlsx), the sheet “{name}”"
        ),
        table,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn find_is_str_find(haystack in "[<a/r>éå ]{0,30}", needle in "[<a/r>éå]{0,4}") {
            proptest::prop_assert_eq!(find(&haystack, &needle), haystack.find(needle.as_str()));
        }
    }

    #[test]
    fn excel_double_noise_is_rounded_to_15_digits() {
        assert_eq!(
            excel_number("0.30000000000000004").unwrap().to_string(),
            "0.3"
        );
        assert_eq!(
            excel_number("1234.5600000000001").unwrap().to_string(),
            "1234.56"
        );
        assert_eq!(excel_number("-888391").unwrap().to_string(), "-888391");
        assert_eq!(excel_number("1E3").unwrap().to_string(), "1000");
    }

    #[test]
    fn sum_formulas() {
        assert_eq!(sum_rows("SUM(B2:B4,B7)"), Some(vec![2, 3, 4, 7]));
        assert_eq!(sum_rows("=SUM($C$3)"), Some(vec![3]));
        assert_eq!(sum_rows("B2-C2"), None);
    }

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref("A1"), Some((0, 1)));
        assert_eq!(cell_ref("AB12"), Some((27, 12)));
    }

    #[test]
    fn entities() {
        assert_eq!(unescape("V&#229;rd &amp; &#xE4;"), "Vård & ä");
    }
}
