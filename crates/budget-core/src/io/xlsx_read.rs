//! XLSX import, the domain half: a sheet as `calamine` read it (`xlsx_file`, feature `xlsx`,
//! in the XLSX module the page loads on first use) arrives as a [`SheetGrid`] of cell texts and
//! formulas; here it becomes a table preview, with `SUM` rows recognised as totals. Formulas are
//! not evaluated; their cached values are read, like a paste from Excel.
//!
//! Excel stores numbers as IEEE doubles and writes them as text with up to 17 significant
//! digits (`0.30000000000000004`); a value is rounded to 15 significant digits, the precision
//! Excel itself shows, before it becomes an exact `Decimal`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::CoreError;
use crate::io::csv_read::Record;
use crate::io::import::{into_sum, offer_sums, DecimalMark, ImportChoices, ImportPreview};
use crate::io::import_table::records_to_table;
use crate::text;

/// Formula texts by spreadsheet row (1-based) and column (0-based), for recognising totals.
pub type RowFormulas = BTreeMap<usize, BTreeMap<usize, String>>;

/// One sheet's non-empty cells as text (numbers as exact decimal text with a point) by
/// spreadsheet row, and the formulas behind them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SheetGrid {
    pub name: String,
    pub records: Vec<GridRecord>,
    pub formulas: RowFormulas,
}

/// A spreadsheet row (1-based `line`) and its cells from column A; empty cells are empty texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRecord {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Excel's last column (XFD) and row.
pub const LAST_COLUMN: usize = 16_383;
pub const LAST_ROW: usize = 1_048_576;

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
// Only the XLSX reader (feature `xlsx`) reads sheets; the tests check the numbers either way.
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
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
                if b.saturating_sub(a) > crate::io::import::MAX_IMPORT_ROWS {
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
            into_sum(row, terms, false);
        }
    }
}

/// A sheet as a table preview. Problems are located by spreadsheet row and column number
/// (A = 1).
pub fn preview_grid(
    grid: &SheetGrid,
    table_id: &str,
    fallback_title: &str,
) -> Result<ImportPreview, CoreError> {
    preview_grid_with(grid, table_id, fallback_title, &ImportChoices::default())
}

/// [`preview_grid`] with the user's choices. `SUM` rows are recognised first; a row called
/// `Summa` without one is offered as a sum as in a CSV file.
pub fn preview_grid_with(
    grid: &SheetGrid,
    table_id: &str,
    fallback_title: &str,
    choices: &ImportChoices,
) -> Result<ImportPreview, CoreError> {
    let records: Vec<Record> = grid
        .records
        .iter()
        .map(|r| Record {
            line: r.line,
            fields: r.fields.iter().map(|f| Cow::Borrowed(f.as_str())).collect(),
        })
        .collect();
    let name = &grid.name;
    let title = if name.trim().is_empty() {
        fallback_title
    } else {
        name
    };
    let (mut preview, lines) =
        records_to_table(&records, DecimalMark::Point, table_id, title, choices)?;
    recognise_sums(&mut preview.table, &records, &grid.formulas);
    offer_sums(&mut preview, &lines, choices);
    preview.detected = text!(
        "Excel (xlsx), bladet ”{name}”",
        "Excel (xlsx), the sheet “{name}”"
    );
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
