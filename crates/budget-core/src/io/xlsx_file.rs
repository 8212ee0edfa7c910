//! XLSX bytes (feature `xlsx`): `rust_xlsxwriter` writes an [`XlsxPlan`], `calamine` reads a
//! sheet into a [`SheetGrid`]. Only the XLSX module the page loads on first use (crates/
//! kalkyl-xlsx) and native tests enable it: the two crates are about 530 KB gzipped in wasm,
//! more than the rest of the app. The archive's directory is checked (with the `zip` crate that
//! calamine itself reads with) before anything is unpacked, so the limits hold before the work
//! they bound.
//!
//! Reading undoes what writing does for Excel's sake (`xlsx`): a percentage column's fractions
//! become percentage points again, and a total guarded to stay blank is read as its `SUM`.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx, XlsxError};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Note, Workbook as XlsxWorkbook};

use crate::base::{format_amount, round_for_display, CoreError, Text};
use crate::engine::{Computed, TableValues};
use crate::io::import::ImportPreview;
use crate::io::xlsx::{tables_plan, workbook_plan, CellStyle, PlanValue, XlsxPlan};
use crate::io::xlsx_read::{
    excel_number, preview_grid, GridRecord, RowFormulas, SheetGrid, LAST_COLUMN, LAST_ROW,
};
use crate::model::{Table, Workbook};
use crate::text;

/// Largest part of an XLSX file that is unpacked: a 100 000-row sheet is about 30 MB of XML.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes the parts of one file unpack to altogether, as its directory declares them.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;

fn fail(message: Text) -> CoreError {
    CoreError::Import {
        line: 0,
        column: 0,
        message,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

fn write_failed(e: rust_xlsxwriter::XlsxError) -> CoreError {
    // rust_xlsxwriter refuses only what the plan should never hold (a bad sheet name, a row past
    // Excel's last); its own words say which.
    CoreError::Write {
        format: "XLSX",
        detail: e.to_string(),
    }
}

fn format_of(style: CellStyle) -> Format {
    let mut format = Format::new();
    if style.bold {
        format = format.set_bold();
    }
    if style.right {
        format = format.set_align(FormatAlign::Right);
    }
    if let Some(code) = style.format.code() {
        format = format.set_num_format(code);
    }
    format
}

/// A plan as XLSX bytes. The workbook asks Excel and LibreOffice to recalculate every formula
/// when it is opened (rust_xlsxwriter's `fullCalcOnLoad`).
pub fn write(plan: &XlsxPlan) -> Result<Vec<u8>, CoreError> {
    let mut book = XlsxWorkbook::new();
    for sheet in &plan.sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(write_failed)?;
        ws.set_column_width(0, 42).map_err(write_failed)?;
        if sheet.columns > 0 {
            ws.set_column_range_width(1, sheet.columns, 16)
                .map_err(write_failed)?;
        }
        ws.set_freeze_panes(1, 0).map_err(write_failed)?;
        // A blank result is written as an empty text, so readers that do not calculate see a
        // blank total as the page shows it; rust_xlsxwriter's default would be 0.
        ws.set_formula_result_default("");
        ws.set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0);
        for cell in &sheet.cells {
            let format = format_of(cell.style);
            let (row, col) = (cell.row, cell.col);
            match &cell.value {
                PlanValue::Text { text } => ws.write_string_with_format(row, col, text, &format),
                PlanValue::Number { number } => ws.write_with_format(row, col, *number, &format),
                PlanValue::Formula { formula, result } => {
                    let mut f = Formula::new(formula);
                    if let Some(result) = result {
                        f = f.set_result(result);
                    }
                    ws.write_formula_with_format(row, col, f, &format)
                }
            }
            .map_err(write_failed)?;
        }
        for note in &sheet.notes {
            ws.insert_note(note.row, note.col, &Note::new(&note.text))
                .map_err(write_failed)?;
        }
    }
    book.save_to_buffer().map_err(write_failed)
}

/// Tables (with their values) as an XLSX file, one sheet each, formulas with cached results.
pub fn tables_to_xlsx(tables: &[(&Table, &TableValues)]) -> Result<Vec<u8>, CoreError> {
    write(&tables_plan(tables, true))
}

/// The same file without cached formula results: only a spreadsheet engine that evaluates the
/// formulas shows the totals. For tests that recalculate with LibreOffice.
#[doc(hidden)]
pub fn tables_to_xlsx_formulas_only(
    tables: &[(&Table, &TableValues)],
) -> Result<Vec<u8>, CoreError> {
    write(&tables_plan(tables, false))
}

/// The whole workbook, one sheet per table.
pub fn workbook_to_xlsx(workbook: &Workbook, computed: &Computed) -> Result<Vec<u8>, CoreError> {
    write(&workbook_plan(workbook, computed))
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Refuses an archive whose directory is unreadable, declares a part or a total beyond the
/// limits, or packs a part with a method the reader lacks, before anything is inflated.
fn check_archive(bytes: &[u8]) -> Result<(), CoreError> {
    crate::io::import::check_size(bytes.len())?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        // zip refuses an encrypted part (AES is "method 99") already when it opens the archive.
        let e = e.to_string();
        if e.contains("AES") || e.contains("ncrypt") || e.contains("nsupported") {
            fail(text!(
                "xlsx-filen är krypterad eller packad på ett sätt som inte stöds; spara den på nytt i Excel (utan lösenord)",
                "the xlsx file is encrypted or packed in a way that is not supported; save it again in Excel (without a password)"
            ))
        } else {
            fail(text!(
                "zip-arkivets innehållsförteckning kan inte läsas (avkortad eller skadad fil?)",
                "the zip archive's table of contents cannot be read (truncated or damaged file?)"
            ))
        }
    })?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| {
            fail(text!(
                "zip-arkivets del nummer {} är krypterad, packad på ett sätt som inte stöds eller skadad; spara filen på nytt i Excel (utan lösenord)",
                "part number {} of the zip archive is encrypted, packed in a way that is not supported, or damaged; save the file again in Excel (without a password)",
                i + 1
            ))
        })?;
        let (name, size) = (entry.name().to_string(), entry.size());
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        ) {
            return Err(fail(text!(
                "{name} är packad på ett sätt som inte stöds (bara lagrad och deflate); spara filen på nytt i Excel",
                "{name} is packed in a way that is not supported (only stored and deflate); save the file again in Excel"
            )));
        }
        if size > MAX_PART_BYTES {
            let size = Decimal::from(size);
            let bytes = format_amount(size, 0);
            let mb = format_amount(round_for_display(size / Decimal::from(1024 * 1024), 1), 1);
            return Err(fail(text!(
                "{name} packas upp till {bytes} byte ({mb} MB); högst 64 MB per del",
                "{name} unpacks to {bytes} bytes ({mb} MB); at most 64 MB per part"
            )));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(fail(text!(
            "filens delar packas upp till mer än 128 MB",
            "the file's parts unpack to more than 128 MB"
        )));
    }
    // A directory can lie: each part is inflated once, at most one byte past what it declares,
    // so a part that unpacks to more is refused after bounded work (and its CRC is checked).
    for i in 0..zip.len() {
        let unpacked = zip.by_index(i).and_then(|mut entry| {
            let declared = entry.size();
            let name = entry.name().to_string();
            let read = std::io::copy(
                &mut std::io::Read::take(&mut entry, declared.saturating_add(1)),
                &mut std::io::sink(),
            )?;
            Ok((name, read > declared))
        });
        match unpacked {
            Ok((_, false)) => {}
            Ok((name, true)) => return Err(unpack_failed(&name)),
            Err(_) => {
                let name = zip
                    .name_for_index(i)
                    .map_or_else(|| format!("del {}", i + 1), str::to_string);
                return Err(unpack_failed(&name));
            }
        }
    }
    Ok(())
}

fn unpack_failed(name: &str) -> CoreError {
    let name: String = name.chars().take(60).collect();
    fail(text!(
        "{name} kunde inte packas upp (skadad, eller större än zip-katalogen anger)",
        "{name} could not be unpacked (damaged, or larger than the zip directory says)"
    ))
}

/// calamine's refusal in the user's words; its own text is English and internal.
fn read_failed(e: XlsxError) -> CoreError {
    match e {
        XlsxError::FileNotFound(part) => {
            let part: String = part.chars().take(60).collect();
            fail(text!(
                "{part} saknas; filen är ingen xlsx-arbetsbok",
                "{part} is missing; the file is not an xlsx workbook"
            ))
        }
        XlsxError::Zip(_) | XlsxError::Io(_) => fail(text!(
            "en del av xlsx-filen kunde inte packas upp (skadad, eller större än zip-katalogen anger)",
            "a part of the xlsx file could not be unpacked (damaged, or larger than the zip directory says)"
        )),
        XlsxError::Unexpected(what) if what.contains("shared strings") => fail(text!(
            "en cell hänvisar till en delad text som filen inte har; xlsx-filen är skadad",
            "a cell refers to a shared string the file does not have; the xlsx file is damaged"
        )),
        XlsxError::ColumnNumberOverflow
        | XlsxError::Alphanumeric(_)
        | XlsxError::NumericColumn(_)
        | XlsxError::RangeWithoutColumnComponent
        | XlsxError::RangeWithoutRowComponent => fail(text!(
            "en cellreferens ligger utanför ett Excel-blad (det sista är XFD1048576); filen är skadad",
            "a cell reference lies outside an Excel sheet (the last is XFD1048576); the file is damaged"
        )),
        _ => fail(text!(
            "xlsx-filen är skadad: dess XML kan inte läsas; spara den på nytt i Excel",
            "the xlsx file is damaged: its XML cannot be read; save it again in Excel"
        )),
    }
}

/// Runs calamine on a file: a panic in it (a hostile cell reference overflows its arithmetic)
/// becomes a refusal. In the page's wasm a panic aborts instead; the XLSX module's loader
/// turns that trap into the same refusal (src/xlsx_module.rs).
fn guarded<T>(read: impl FnOnce() -> Result<T, CoreError>) -> Result<T, CoreError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| Err(stopped()))
}

/// The refusal of a file the XLSX reader stopped on.
fn stopped() -> CoreError {
    fail(text!(
        "xlsx-filen kunde inte läsas: läsaren stannade på ett fel i filen (en cellreferens eller ett tal utanför Excels gränser?); spara den på nytt i Excel",
        "the xlsx file could not be read: the reader stopped on a fault in the file (a cell reference or number beyond Excel's limits?); save it again in Excel"
    ))
}

fn open(bytes: &[u8]) -> Result<Xlsx<Cursor<&[u8]>>, CoreError> {
    check_archive(bytes)?;
    open_workbook_from_rs(Cursor::new(bytes)).map_err(read_failed)
}

/// The sheet names of an XLSX file, for choosing which one to import.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, CoreError> {
    guarded(|| Ok(open(bytes)?.sheet_names()))
}

/// A cell's value as the text an import reads: numbers as exact decimal text with a point.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::Error(e) => e.to_string(),
    }
}

/// The one place a double becomes a figure: its shortest round-trip text, rounded to Excel's
/// 15 digits as an exact decimal.
fn number_text(f: f64) -> String {
    let text = f.to_string();
    excel_number(&text).map_or(text, |d| d.to_string())
}

/// A figure of a percentage column as Kalkyl holds it: Excel's fraction (0.067) ×100 (6.7).
fn percentage_points(number: &str) -> String {
    use crate::base::Exact;
    use std::str::FromStr;
    Decimal::from_str(number)
        .ok()
        .and_then(|d| d.times(Decimal::ONE_HUNDRED))
        .map_or_else(|| number.to_string(), |d| d.normalize().to_string())
}

/// `IF(COUNT(B2:B4)=0,"",SUM(B2:B4))`, the export's total that stays blank over no figures, as
/// the `SUM(B2:B4)` it guards; any other formula as it is.
fn unguarded_sum(formula: &str) -> &str {
    let f = formula.trim().trim_start_matches('=');
    f.strip_prefix("IF(COUNT(")
        .and_then(|rest| rest.split_once(r#")=0,"","#))
        .and_then(|(terms, sum)| {
            let sum = sum.strip_suffix(')')?;
            (sum.strip_prefix("SUM(")?.strip_suffix(')')? == terms).then_some(sum)
        })
        .unwrap_or(formula)
}

/// One sheet's cells and formulas (sheet 0-based).
pub fn read_grid(bytes: &[u8], sheet: usize) -> Result<SheetGrid, CoreError> {
    guarded(|| read_grid_unguarded(bytes, sheet))
}

fn read_grid_unguarded(bytes: &[u8], sheet: usize) -> Result<SheetGrid, CoreError> {
    let mut book = open(bytes)?;
    let names = book.sheet_names();
    let name = names.get(sheet).cloned().ok_or_else(|| {
        fail(text!(
            "arbetsboken har inget blad nummer {}",
            "the workbook has no sheet number {}",
            sheet + 1
        ))
    })?;
    let range = book.worksheet_range(&name).map_err(read_failed)?;
    let mut lines: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    // The heading is the first line with anything in it (cells come row by row); the columns
    // it heads with `%` hold percentages (`xlsx::holds_percentages`).
    let mut heading = None;
    let mut percent_columns = std::collections::BTreeSet::new();
    if let Some((top, left)) = range.start() {
        for (r, c, data) in range.used_cells() {
            let (line, col) = (top as usize + r + 1, left as usize + c);
            if line > LAST_ROW || col > LAST_COLUMN {
                return Err(read_failed(XlsxError::ColumnNumberOverflow));
            }
            let heading = *heading.get_or_insert(line);
            let mut text = cell_text(data);
            if line == heading {
                if col > 0 && text.contains('%') {
                    percent_columns.insert(col);
                }
            } else if percent_columns.contains(&col)
                && matches!(data, Data::Float(_) | Data::Int(_))
            {
                text = percentage_points(&text);
            }
            if text.is_empty() {
                continue;
            }
            let fields = lines.entry(line).or_default();
            if fields.len() <= col {
                fields.resize(col + 1, String::new());
            }
            fields[col] = text;
        }
    }
    let mut formulas = RowFormulas::new();
    if let Ok(range) = book.worksheet_formula(&name) {
        if let Some((top, left)) = range.start() {
            for (r, c, f) in range.used_cells() {
                let (line, col) = (top as usize + r + 1, left as usize + c);
                if col > 0 && !f.trim().is_empty() {
                    let f = unguarded_sum(f).to_string();
                    formulas.entry(line).or_default().insert(col, f);
                }
            }
        }
    }
    Ok(SheetGrid {
        name,
        records: lines
            .into_iter()
            .map(|(line, fields)| GridRecord { line, fields })
            .collect(),
        formulas,
    })
}

/// A sheet of an XLSX file as a table preview.
pub fn preview_xlsx(
    bytes: &[u8],
    sheet: usize,
    table_id: &str,
    fallback_title: &str,
) -> Result<ImportPreview, CoreError> {
    preview_grid(&read_grid(bytes, sheet)?, table_id, fallback_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guarded_total_reads_as_its_sum() {
        assert_eq!(
            unguarded_sum(r#"IF(COUNT(B2:B4,B7)=0,"",SUM(B2:B4,B7))"#),
            "SUM(B2:B4,B7)"
        );
        // Another guard, or another formula, stays what it is.
        let other = r#"IF(COUNT(B2:B4)=0,"",SUM(B2:B5))"#;
        assert_eq!(unguarded_sum(other), other);
        assert_eq!(unguarded_sum("B2-C2"), "B2-C2");
    }

    #[test]
    fn fractions_become_percentage_points_exactly() {
        assert_eq!(percentage_points("0.067"), "6.7");
        assert_eq!(percentage_points("-0.0601234"), "-6.01234");
        assert_eq!(percentage_points("1"), "100");
        assert_eq!(percentage_points("x"), "x");
    }
}
