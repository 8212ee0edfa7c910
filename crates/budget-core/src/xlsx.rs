//! XLSX export: one sheet per table, Swedish number formats, bold totals and live Excel
//! formulas (SUM over a total's term cells, changes, percentages, deviations), so the
//! officer's Excel recalculates after the handoff.
//!
//! Written by hand rather than with `rust_xlsxwriter` to keep the shipped wasm small: an XLSX
//! file is a zip of a few XML files, and a zip of *stored* (uncompressed) entries needs only a
//! CRC-32. Each figure is written as its exact decimal text; Excel itself holds numbers as
//! IEEE doubles, so only about 15 significant digits survive in Excel (budget amounts have
//! far fewer).

use crate::checks::Computed;
use crate::eval::{TableValues, Value};
use crate::model::{Cell, ColumnKind, DeviationSign, RowKind, Table, Workbook};

/// Spreadsheet column name of a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

// Style indices into styles.xml's cellXfs (see `styles_xml`).
const STYLE_BOLD_TEXT: usize = 1;
/// Number styles: `NUMBER_BASE + decimals` plain, `BOLD_NUMBER_BASE + decimals` bold.
const NUMBER_BASE: usize = 2;
const BOLD_NUMBER_BASE: usize = 9;
const STYLE_PERCENT: usize = 16;
const STYLE_BOLD_PERCENT: usize = 17;
/// Bold and right-aligned: headings over figure columns, as in the printed tables.
const STYLE_BOLD_RIGHT: usize = 18;
const MAX_DECIMALS: usize = 6;

fn styles_xml() -> String {
    // `#,##0` is the locale-neutral code Swedish Excel shows as `1 234`; percentages are
    // already ×100 (as in Kalkyl) and shown with one decimal and ` %`.
    let mut num_fmts = String::new();
    for d in 0..=MAX_DECIMALS {
        let code = if d == 0 {
            "#,##0".to_string()
        } else {
            format!("#,##0.{}", "0".repeat(d))
        };
        num_fmts.push_str(&format!(
            r#"<numFmt numFmtId="{}" formatCode="{}"/>"#,
            164 + d,
            escape(&code)
        ));
    }
    num_fmts.push_str(r#"<numFmt numFmtId="171" formatCode="0.0&quot; %&quot;"/>"#);
    let mut xfs = String::from(
        r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1"/>"#,
    );
    for font in [0, 1] {
        for d in 0..=MAX_DECIMALS {
            xfs.push_str(&format!(
                r#"<xf numFmtId="{}" fontId="{font}" fillId="0" borderId="0" applyNumberFormat="1" applyFont="1"/>"#,
                164 + d
            ));
        }
    }
    for font in [0, 1] {
        xfs.push_str(&format!(
            r#"<xf numFmtId="171" fontId="{font}" fillId="0" borderId="0" applyNumberFormat="1" applyFont="1"/>"#
        ));
    }
    xfs.push_str(
        r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1" applyAlignment="1"><alignment horizontal="right"/></xf>"#,
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="{}">{num_fmts}</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{}">{xfs}</cellXfs></styleSheet>"#,
        MAX_DECIMALS + 2,
        STYLE_BOLD_RIGHT + 1
    )
}

fn inline_string(r: &str, style: usize, text: &str) -> String {
    format!(
        r#"<c r="{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
        escape(text)
    )
}

/// The cached value of a formula cell, as Kalkyl computed it.
fn cached(value: Value) -> (&'static str, String) {
    match value {
        Value::Number(d) => ("", format!("<v>{}</v>", d.normalize())),
        Value::Blank => (" t=\"str\"", "<v></v>".into()),
        Value::NotApplicable => (" t=\"str\"", "<v>–</v>".into()),
        Value::Error(_) => (" t=\"e\"", "<v>#VALUE!</v>".into()),
    }
}

fn formula_cell(r: &str, style: usize, formula: &str, value: Option<Value>) -> String {
    let (t, v) = value.map(cached).unwrap_or_default();
    format!(
        r#"<c r="{r}" s="{style}"{t}><f>{}</f>{v}</c>"#,
        escape(formula)
    )
}

/// `SUM(B3:B5,B8)`: runs of consecutive rows become ranges, so long totals stay short.
fn sum_formula(column: &str, mut rows: Vec<usize>) -> String {
    rows.sort_unstable();
    rows.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        if i == j {
            parts.push(format!("{column}{}", rows[i]));
        } else {
            parts.push(format!("{column}{}:{column}{}", rows[i], rows[j]));
        }
        i = j + 1;
    }
    if parts.is_empty() {
        "0".into()
    } else {
        format!("SUM({})", parts.join(","))
    }
}

/// The formula of a comparison column in spreadsheet row `n`, given the operand cells'
/// column names. Blank operands give a blank result, as in Kalkyl.
fn comparison_formula(kind: &ColumnKind, sign: DeviationSign, a: &str, b: &str) -> String {
    let guard = |expr: String| format!(r#"IF(OR({a}="",{b}=""),"",{expr})"#);
    let deviation = match sign {
        DeviationSign::BudgetMinusActual => format!("({a}-{b})"),
        DeviationSign::ActualMinusBudget => format!("({b}-{a})"),
    };
    match kind {
        ColumnKind::Difference { .. } => guard(format!("{a}-{b}")),
        ColumnKind::PercentChange { .. } => guard(format!(r#"IF({b}=0,"–",({a}-{b})/{b}*100)"#)),
        ColumnKind::Deviation { .. } => guard(deviation),
        ColumnKind::DeviationPercent { .. } => {
            guard(format!(r#"IF({a}=0,"–",{deviation}/ABS({a})*100)"#))
        }
        ColumnKind::Input | ColumnKind::Text => String::new(),
    }
}

/// One worksheet: heading row (`Titel, tkr` and column labels, bold), then a row per table row;
/// printed landscape on A4, one page wide, like the report.
fn sheet_xml(table: &Table, values: &TableValues, with_cache: bool) -> String {
    let decimals = (table.decimals as usize).min(MAX_DECIMALS);
    let letter = |c: usize| column_name(c + 1);
    let excel_row: std::collections::HashMap<&str, usize> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i + 2))
        .collect();
    let column_index: std::collections::HashMap<&str, usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut rows = String::new();
    let mut heading = inline_string(
        "A1",
        STYLE_BOLD_TEXT,
        &format!("{}, {}", table.title, table.unit.label()),
    );
    for (c, col) in table.columns.iter().enumerate() {
        let style = if col.kind == ColumnKind::Text {
            STYLE_BOLD_TEXT
        } else {
            STYLE_BOLD_RIGHT
        };
        heading.push_str(&inline_string(
            &format!("{}1", letter(c)),
            style,
            &col.label,
        ));
    }
    rows.push_str(&format!(r#"<row r="1">{heading}</row>"#));
    for (ri, row) in table.rows.iter().enumerate() {
        let n = ri + 2;
        let bold = matches!(row.kind, RowKind::Sum { .. });
        let (text_style, number_style, percent_style) = if bold {
            (
                STYLE_BOLD_TEXT,
                BOLD_NUMBER_BASE + decimals,
                STYLE_BOLD_PERCENT,
            )
        } else {
            (0, NUMBER_BASE + decimals, STYLE_PERCENT)
        };
        let mut cells = inline_string(&format!("A{n}"), text_style, &row.label);
        for (c, col) in table.columns.iter().enumerate() {
            let r = format!("{}{n}", letter(c));
            let value = values.get(ri, c);
            let cache = with_cache.then_some(value);
            let cell = match (&col.kind, &row.kind) {
                (ColumnKind::Text, _) => match row.cells.get(&col.id) {
                    Some(Cell::Text(t)) if !t.is_empty() => inline_string(&r, text_style, t),
                    _ => continue,
                },
                (ColumnKind::Input, RowKind::Sum { terms }) => {
                    let term_rows = terms
                        .iter()
                        .filter_map(|t| excel_row.get(t.as_str()).copied())
                        .collect();
                    formula_cell(&r, number_style, &sum_formula(&letter(c), term_rows), cache)
                }
                (ColumnKind::Input, RowKind::Input) => match (row.cells.get(&col.id), value) {
                    (Some(Cell::Invalid(t)), _) => inline_string(&r, text_style, t),
                    (_, Value::Number(d)) => format!(
                        r#"<c r="{r}" s="{number_style}"><v>{}</v></c>"#,
                        d.normalize()
                    ),
                    // A broken formula or an empty cell: nothing Excel could use.
                    _ => continue,
                },
                (kind, _) => {
                    let Some((a, b)) = kind
                        .operands()
                        .and_then(|(a, b)| Some((*column_index.get(a)?, *column_index.get(b)?)))
                    else {
                        continue;
                    };
                    let formula = comparison_formula(
                        kind,
                        table.deviation,
                        &format!("{}{n}", letter(a)),
                        &format!("{}{n}", letter(b)),
                    );
                    let style = if kind.is_percent() {
                        percent_style
                    } else {
                        number_style
                    };
                    formula_cell(&r, style, &formula, cache)
                }
            };
            cells.push_str(&cell);
        }
        rows.push_str(&format!(r#"<row r="{n}">{cells}</row>"#));
    }
    let last_col = column_name(table.columns.len());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{last_col}{}"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols><col min="1" max="1" width="42" customWidth="1"/><col min="2" max="{}" width="16" customWidth="1"/></cols><sheetData>{rows}</sheetData><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#,
        table.rows.len() + 1,
        table.columns.len().max(1) + 1
    )
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_names(tables: &[&Table]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        let clean: String = table
            .title
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .collect();
        let clean = clean.trim().trim_matches('\'').to_string();
        let base: String = if clean.is_empty() {
            "Tabell".into()
        } else {
            clean.chars().take(31).collect()
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
            let suffix = format!(" ({n})");
            name = base
                .chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
                + &suffix;
            n += 1;
        }
        names.push(name);
    }
    names
}

/// Tables (with their values) as an XLSX file, one sheet each. Formula cells carry Kalkyl's
/// value as the cached result, so readers that do not calculate still see the figures.
pub fn tables_to_xlsx(tables: &[(&Table, &TableValues)]) -> Vec<u8> {
    build(tables, true)
}

/// The same file without cached formula results: only a spreadsheet engine that evaluates the
/// formulas can show the totals. For tests that recalculate with LibreOffice.
#[doc(hidden)]
pub fn tables_to_xlsx_formulas_only(tables: &[(&Table, &TableValues)]) -> Vec<u8> {
    build(tables, false)
}

fn build(tables: &[(&Table, &TableValues)], with_cache: bool) -> Vec<u8> {
    let names = sheet_names(&tables.iter().map(|(t, _)| *t).collect::<Vec<_>>());
    let mut sheets = String::new();
    let mut rels = String::new();
    let mut overrides = String::new();
    for (i, name) in names.iter().enumerate() {
        let n = i + 1;
        sheets.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(name)
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
    }
    let styles_id = names.len() + 1;
    rels.push_str(&format!(
        r#"<Relationship Id="rId{styles_id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    ));
    let header = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
    let mut zip = ZipWriter::default();
    zip.add(
        "[Content_Types].xml",
        format!(
            r#"{header}
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>"#
        )
        .as_bytes(),
    );
    zip.add(
        "_rels/.rels",
        format!(
            r#"{header}
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        )
        .as_bytes(),
    );
    // fullCalcOnLoad: Excel and LibreOffice recompute every formula when the file is opened.
    zip.add(
        "xl/workbook.xml",
        format!(
            r#"{header}
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>"#
        )
        .as_bytes(),
    );
    zip.add(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"{header}
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        )
        .as_bytes(),
    );
    zip.add("xl/styles.xml", styles_xml().as_bytes());
    for (i, (table, values)) in tables.iter().enumerate() {
        zip.add(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            sheet_xml(table, values, with_cache).as_bytes(),
        );
    }
    zip.finish()
}

/// The whole workbook, one sheet per table.
pub fn workbook_to_xlsx(workbook: &Workbook, computed: &Computed) -> Vec<u8> {
    let tables: Vec<(&Table, &TableValues)> =
        workbook.tables.iter().zip(&computed.tables).collect();
    tables_to_xlsx(&tables)
}

/// CRC-32 (IEEE, as zip uses), bitwise: a few hundred bytes of code instead of a crate.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A zip archive of stored entries (method 0), which every XLSX reader accepts.
#[derive(Default)]
struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl ZipWriter {
    fn add(&mut self, name: &str, data: &[u8]) {
        let crc = crc32(data);
        let offset = self.out.len() as u32;
        let size = data.len() as u32;
        let name_len = name.len() as u16;
        // Fixed DOS date 1980-01-01 00:00, so the same workbook gives the same bytes.
        let (time, date) = (0u16, 0x0021u16);
        let local: Vec<u8> = [
            &0x0403_4b50u32.to_le_bytes()[..],
            &20u16.to_le_bytes(),
            &0x0800u16.to_le_bytes(), // UTF-8 names
            &0u16.to_le_bytes(),
            &time.to_le_bytes(),
            &date.to_le_bytes(),
            &crc.to_le_bytes(),
            &size.to_le_bytes(),
            &size.to_le_bytes(),
            &name_len.to_le_bytes(),
            &0u16.to_le_bytes(),
        ]
        .concat();
        self.out.extend_from_slice(&local);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(data);
        let central: Vec<u8> = [
            &0x0201_4b50u32.to_le_bytes()[..],
            &20u16.to_le_bytes(),
            &20u16.to_le_bytes(),
            &0x0800u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &time.to_le_bytes(),
            &date.to_le_bytes(),
            &crc.to_le_bytes(),
            &size.to_le_bytes(),
            &size.to_le_bytes(),
            &name_len.to_le_bytes(),
            &0u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &0u32.to_le_bytes(),
            &offset.to_le_bytes(),
        ]
        .concat();
        self.central.extend_from_slice(&central);
        self.central.extend_from_slice(name.as_bytes());
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let offset = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        let end: Vec<u8> = [
            &0x0605_4b50u32.to_le_bytes()[..],
            &0u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &self.count.to_le_bytes(),
            &self.count.to_le_bytes(),
            &size.to_le_bytes(),
            &offset.to_le_bytes(),
            &0u16.to_le_bytes(),
        ]
        .concat();
        self.out.extend_from_slice(&end);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn crc32_of_known_input() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn sums_use_ranges_for_consecutive_rows() {
        assert_eq!(sum_formula("B", vec![2, 3, 4, 7]), "SUM(B2:B4,B7)");
        assert_eq!(sum_formula("C", vec![]), "0");
    }
}
