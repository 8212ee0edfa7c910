//! XLSX export, the domain half: what each sheet holds — one sheet per table, `# ##0` formats
//! with the table's decimals, bold totals and live Excel formulas (SUM over a total's term cells,
//! changes, percentages, deviations) with Kalkyl's figures as cached results — as an
//! [`XlsxPlan`]. `rust_xlsxwriter` turns a plan into bytes (`xlsx_file`, feature `xlsx`), in
//! the XLSX module the page loads on first use, so the plan crosses that boundary as JSON.
//!
//! Each figure is its exact decimal; Excel holds numbers as IEEE doubles, so only about 15
//! significant digits survive there (budget amounts have far fewer). Percentages are written as
//! Excel holds them, as fractions (6,7 % is 0.067) shown `0,0 %`, so a user's own formulas on
//! them (`=B2*C2`) give what they mean; Kalkyl holds percentage points, so the reader
//! (`xlsx_file`) scales them back by the same rule ([`holds_percentages`]).
//! The whole workbook's file ends with the frame bridge as a sheet of its own, as the CSV ends
//! with it, and a total over a column with no figures is blank, as on the page (not Excel's 0).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::analysis::bridge;
use crate::base::Exact;
use crate::engine::{Computed, TableValues, Value};
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

/// Largest number of decimals a number format is made for.
const MAX_DECIMALS: u32 = 6;

/// A workbook to write: its sheets in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XlsxPlan {
    pub sheets: Vec<SheetPlan>,
}

/// One worksheet: a heading row (`Titel, tkr` and the column labels), then a row per table
/// row. Every sheet is laid out as the printed report: label column 42 wide, figure columns 16,
/// heading row frozen, landscape A4, one page wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPlan {
    /// Unique in the workbook, at most 31 characters, none of `[]:*?/\`.
    pub name: String,
    /// Figure and text columns after the label column.
    pub columns: u16,
    pub cells: Vec<PlanCell>,
    /// Excel notes (the red corner, shown on hover), from the rows' cell notes and their
    /// printed figures' notes. Left out when empty, so a plan without notes reads as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<PlanNote>,
}

/// A note on one cell, 0-based as [`PlanCell`]; the cell itself may be empty (a note on a
/// blank figure is still a note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanNote {
    pub row: u32,
    pub col: u16,
    pub text: String,
}

/// One cell, 0-based (row 0 is the heading row, column 0 the labels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCell {
    pub row: u32,
    pub col: u16,
    pub style: CellStyle,
    pub value: PlanValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CellStyle {
    pub bold: bool,
    /// Right-aligned: headings over figure columns, as in the printed tables.
    pub right: bool,
    pub format: NumberFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NumberFormat {
    #[default]
    General,
    /// `#,##0` with this many decimals, which Swedish Excel shows as `1 234`.
    Grouped { decimals: u32 },
    /// A fraction (0.067), shown with one decimal and ` %` (`6,7 %` in Swedish Excel).
    Percent,
}

impl NumberFormat {
    /// The format code Excel stores (locale-neutral; Excel shows it in the user's locale).
    pub fn code(self) -> Option<String> {
        match self {
            NumberFormat::General => None,
            NumberFormat::Grouped { decimals: 0 } => Some("#,##0".into()),
            NumberFormat::Grouped { decimals } => Some(format!(
                "#,##0.{}",
                "0".repeat(decimals.min(MAX_DECIMALS) as usize)
            )),
            NumberFormat::Percent => Some("0.0 %".into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlanValue {
    Text {
        text: String,
    },
    Number {
        #[serde(with = "rust_decimal::serde::str")]
        number: Decimal,
    },
    /// A formula (without `=`) and, unless the file is for a recalculation test, Kalkyl's value
    /// as its cached result, so readers that do not calculate still see the figures.
    Formula {
        formula: String,
        result: Option<String>,
    },
}

/// Whether a column's figures are percentages, written as fractions and read back ×100: a
/// computed percentage column, or any column whose heading has `%` (an imported or typed one).
/// The reader has only the heading, so a renamed percentage column without `%` comes back as
/// its fractions.
pub fn holds_percentages(label: &str, kind: &ColumnKind) -> bool {
    kind.is_percent() || (*kind != ColumnKind::Text && label.contains('%'))
}

/// Percentage points as the fraction Excel holds (6.7 → 0.067), exactly.
fn fraction(points: Decimal) -> Decimal {
    // The divisor is never zero; Decimal rounds only at its 28th significant digit.
    points
        .divided_by(Decimal::ONE_HUNDRED)
        .unwrap_or_default()
        .normalize()
}

/// The cached result of a formula cell, as Kalkyl computed it, in the text Excel stores.
fn cached(value: Value, percent: bool) -> String {
    match value {
        Value::Number(d) if percent => fraction(d).to_string(),
        Value::Number(d) => d.normalize().to_string(),
        Value::Blank => String::new(),
        Value::NotApplicable => "–".into(),
        Value::Error(_) => "#VALUE!".into(),
    }
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
        // A total of no rows has no figure on the page either.
        "\"\"".into()
    } else {
        let terms = parts.join(",");
        // Blank when no term has a figure, as on the page, where Excel's SUM would say 0. The
        // reader takes this back as the SUM it guards (`xlsx_file`).
        format!(r#"IF(COUNT({terms})=0,"",SUM({terms}))"#)
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
        ColumnKind::PercentChange { .. } => guard(format!(r#"IF({b}=0,"–",({a}-{b})/ABS({b}))"#)),
        ColumnKind::Deviation { .. } => guard(deviation),
        ColumnKind::DeviationPercent { .. } => {
            guard(format!(r#"IF({a}=0,"–",{deviation}/ABS({a}))"#))
        }
        ColumnKind::Input | ColumnKind::Text => String::new(),
    }
}

/// The cells of one table's sheet.
fn sheet_cells(table: &Table, values: &TableValues, with_cache: bool) -> Vec<PlanCell> {
    let decimals = table.decimals.min(MAX_DECIMALS);
    let percent: Vec<bool> = table
        .columns
        .iter()
        .map(|c| holds_percentages(&c.label, &c.kind))
        .collect();
    let letter = |c: usize| column_name(c + 1);
    // A row with printed totals is followed by its `(tryckt)` row, as in the CSV, so rows
    // below it move down one: `sheet_row[i]` is row i's 0-based sheet row.
    let mut sheet_row = Vec::with_capacity(table.rows.len());
    let mut next = 1u32;
    for r in &table.rows {
        sheet_row.push(next);
        next += if r.control.is_empty() { 1 } else { 2 };
    }
    let excel_row: std::collections::HashMap<&str, usize> = table
        .rows
        .iter()
        .zip(&sheet_row)
        .map(|(r, &n)| (r.id.as_str(), n as usize + 1))
        .collect();
    let column_index: std::collections::HashMap<&str, usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let text = |text: &str| PlanValue::Text { text: text.into() };
    let bold = CellStyle {
        bold: true,
        ..CellStyle::default()
    };
    let mut cells = vec![PlanCell {
        row: 0,
        col: 0,
        style: bold,
        value: text(&format!("{}, {}", table.title, table.unit.label())),
    }];
    for (c, col) in table.columns.iter().enumerate() {
        cells.push(PlanCell {
            row: 0,
            col: c as u16 + 1,
            style: CellStyle {
                right: col.kind != ColumnKind::Text,
                ..bold
            },
            value: text(&col.label),
        });
    }
    for (ri, row) in table.rows.iter().enumerate() {
        let sheet = sheet_row.get(ri).copied().unwrap_or_default();
        let n = sheet as usize + 1;
        let bold = matches!(row.kind, RowKind::Sum { .. });
        let text_style = CellStyle {
            bold,
            ..CellStyle::default()
        };
        let number_style = CellStyle {
            format: NumberFormat::Grouped { decimals },
            ..text_style
        };
        let percent_style = CellStyle {
            format: NumberFormat::Percent,
            ..text_style
        };
        let at = |col: usize, style: CellStyle, value: PlanValue| PlanCell {
            row: sheet,
            col: col as u16,
            style,
            value,
        };
        cells.push(at(0, text_style, text(&row.label)));
        for (c, col) in table.columns.iter().enumerate() {
            let value = values.get(ri, c);
            let is_percent = percent.get(c).copied().unwrap_or(false);
            let formula = |formula: String| PlanValue::Formula {
                formula,
                result: with_cache.then(|| cached(value, is_percent)),
            };
            let figure_style = if is_percent {
                percent_style
            } else {
                number_style
            };
            let cell = match (&col.kind, &row.kind) {
                (ColumnKind::Text, _) => match row.cells.get(&col.id) {
                    Some(Cell::Text(t)) if !t.is_empty() => at(c + 1, text_style, text(t)),
                    _ => continue,
                },
                (ColumnKind::Input, RowKind::Sum { terms }) => {
                    let term_rows = terms
                        .iter()
                        .filter_map(|t| excel_row.get(t.as_str()).copied())
                        .collect();
                    at(
                        c + 1,
                        figure_style,
                        formula(sum_formula(&letter(c), term_rows)),
                    )
                }
                (ColumnKind::Input, RowKind::Input) => match (row.cells.get(&col.id), value) {
                    (Some(Cell::Invalid(t)), _) => at(c + 1, text_style, text(t)),
                    (_, Value::Number(d)) => at(
                        c + 1,
                        figure_style,
                        PlanValue::Number {
                            number: if is_percent { fraction(d) } else { d },
                        },
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
                    let expr = comparison_formula(
                        kind,
                        table.deviation,
                        &format!("{}{n}", letter(a)),
                        &format!("{}{n}", letter(b)),
                    );
                    at(c + 1, figure_style, formula(expr))
                }
            };
            cells.push(cell);
        }
        if !row.control.is_empty() {
            printed_row(
                &mut cells,
                table,
                row,
                sheet + 1,
                (number_style, percent_style),
            );
        }
    }
    cells
}

/// The notes of one table's rows at the cells [`sheet_cells`] puts them in: a cell note on the
/// row's cell, a printed figure's note on the `(tryckt)` row under it (a row with printed
/// notes but no printed figures has no such row, so the note goes on the total itself).
fn sheet_notes(table: &Table) -> Vec<PlanNote> {
    let mut notes = Vec::new();
    let mut sheet = 1u32;
    for row in &table.rows {
        let printed = if row.control.is_empty() {
            sheet
        } else {
            sheet + 1
        };
        for (c, col) in table.columns.iter().enumerate() {
            let col_at = c as u16 + 1;
            let cell = row.notes.get(&col.id);
            let on_printed = row.printed_notes.get(&col.id);
            match (cell, on_printed) {
                // Both on one Excel cell: one note holding both, the printed figure's marked.
                (Some(a), Some(b)) if printed == sheet => notes.push(PlanNote {
                    row: sheet,
                    col: col_at,
                    text: format!("{a}\n(tryckt) {b}"),
                }),
                _ => {
                    if let Some(text) = cell {
                        notes.push(PlanNote {
                            row: sheet,
                            col: col_at,
                            text: text.clone(),
                        });
                    }
                    if let Some(text) = on_printed {
                        notes.push(PlanNote {
                            row: printed,
                            col: col_at,
                            text: text.clone(),
                        });
                    }
                }
            }
        }
        sheet = if row.control.is_empty() {
            sheet + 1
        } else {
            sheet + 2
        };
    }
    notes
}

/// A total's printed figures as typed, under it: `<label> (tryckt)`, figures and no formulas,
/// which the import reads back as the total's printed figures.
fn printed_row(
    cells: &mut Vec<PlanCell>,
    table: &Table,
    row: &crate::model::Row,
    sheet: u32,
    (number, percent): (CellStyle, CellStyle),
) {
    let plain = CellStyle::default();
    let at = |col: usize, style: CellStyle, value: PlanValue| PlanCell {
        row: sheet,
        col: col as u16,
        style,
        value,
    };
    cells.push(at(
        0,
        plain,
        PlanValue::Text {
            text: format!("{} (tryckt)", row.label),
        },
    ));
    for (c, col) in table.columns.iter().enumerate() {
        let is_percent = holds_percentages(&col.label, &col.kind);
        let style = CellStyle {
            bold: false,
            ..if is_percent { percent } else { number }
        };
        match row.control.get(&col.id) {
            Some(Cell::Number(d)) => {
                let number = if is_percent { fraction(*d) } else { *d };
                cells.push(at(c + 1, style, PlanValue::Number { number }))
            }
            Some(Cell::Invalid(t) | Cell::Formula(t)) => {
                cells.push(at(c + 1, plain, PlanValue::Text { text: t.clone() }))
            }
            Some(Cell::Text(_)) | None => {}
        }
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_names<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for title in titles {
        let clean: String = title
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

/// Tables (with their values) as a workbook plan, one sheet each. With `with_cache` formula
/// cells carry Kalkyl's values as cached results; without, only a spreadsheet engine that
/// evaluates the formulas can show the totals (for tests that recalculate with LibreOffice).
pub fn tables_plan(tables: &[(&Table, &TableValues)], with_cache: bool) -> XlsxPlan {
    let names = sheet_names(tables.iter().map(|(t, _)| t.title.as_str()));
    XlsxPlan {
        sheets: names
            .into_iter()
            .zip(tables)
            .map(|(name, (table, values))| SheetPlan {
                name,
                columns: table.columns.len() as u16,
                cells: sheet_cells(table, values, with_cache),
                notes: sheet_notes(table),
            })
            .collect(),
    }
}

/// Title of the bridge's sheet and heading, as in the CSV.
pub const BRIDGE_SHEET: &str = "Ramöverbryggning";

/// The whole workbook, one sheet per table, then the frame bridge's sheet when it has one.
pub fn workbook_plan(workbook: &Workbook, computed: &Computed) -> XlsxPlan {
    let tables: Vec<(&Table, &TableValues)> =
        workbook.tables.iter().zip(&computed.tables).collect();
    let mut plan = tables_plan(&tables, true);
    if let Some(cells) = bridge_cells(workbook, computed) {
        let titles = workbook
            .tables
            .iter()
            .map(|t| t.title.as_str())
            .chain([BRIDGE_SHEET]);
        let name = sheet_names(titles).pop().unwrap_or_default();
        plan.sheets.push(SheetPlan {
            name,
            columns: 1,
            cells,
            notes: Vec::new(),
        });
    }
    plan
}

/// The frame bridge as the CSV writes it — previous budget, each line, *Summa förklarat*, the
/// new frame, *Oförklarad rest* — with the two derived lines as live formulas over the others,
/// so a figure changed in Excel moves them as it would on the page.
fn bridge_cells(workbook: &Workbook, computed: &Computed) -> Option<Vec<PlanCell>> {
    let b = bridge(workbook, computed)?;
    let table = workbook
        .bridge
        .as_ref()
        .and_then(|at| workbook.table(&at.target.table).ok());
    let (unit, decimals) = table.map_or(("tkr", 0), |t| (t.unit.label(), t.decimals));
    let plain = CellStyle::default();
    let bold = CellStyle {
        bold: true,
        ..plain
    };
    let number = CellStyle {
        format: NumberFormat::Grouped {
            decimals: decimals.min(MAX_DECIMALS),
        },
        ..plain
    };
    let total = CellStyle {
        bold: true,
        ..number
    };
    let text = |row: u32, col: u16, style: CellStyle, text: &str| PlanCell {
        row,
        col,
        style,
        value: PlanValue::Text { text: text.into() },
    };
    let figure = |row: u32, value: Value| match value {
        Value::Number(d) => Some(PlanCell {
            row,
            col: 1,
            style: number,
            value: PlanValue::Number { number: d },
        }),
        Value::Error(_) => Some(text(row, 1, plain, "#FEL")),
        Value::Blank | Value::NotApplicable => None,
    };
    let derived = |row: u32, formula: String, value: Value| PlanCell {
        row,
        col: 1,
        style: total,
        value: PlanValue::Formula {
            formula,
            result: Some(cached(value, false)),
        },
    };
    let mut cells = vec![
        text(0, 0, bold, &format!("{BRIDGE_SHEET}, {unit}")),
        text(
            0,
            1,
            CellStyle {
                right: true,
                ..bold
            },
            "Belopp",
        ),
    ];
    let lines: Vec<_> = std::iter::once(&b.base).chain(&b.steps).collect();
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        cells.push(text(row, 0, plain, &line.label));
        cells.extend(figure(row, line.value));
    }
    // 0-based plan rows; the formulas name 1-based spreadsheet rows (the lines are B2…).
    let explained = lines.len() as u32 + 1;
    let target = explained + 1;
    let rest = target + 1;
    let line_rows: Vec<usize> = (2..=explained as usize).collect();
    cells.push(text(explained, 0, bold, "Summa förklarat"));
    cells.push(derived(explained, sum_formula("B", line_rows), b.explained));
    cells.push(text(target, 0, plain, &b.target.label));
    cells.extend(figure(target, b.target.value));
    let (t, e) = (target + 1, explained + 1);
    cells.push(text(rest, 0, bold, "Oförklarad rest"));
    cells.push(derived(
        rest,
        format!(r#"IF(OR(B{t}="",B{e}=""),"",B{t}-B{e})"#),
        b.remainder,
    ));
    Some(cells)
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
    fn sums_use_ranges_for_consecutive_rows() {
        assert_eq!(
            sum_formula("B", vec![2, 3, 4, 7]),
            r#"IF(COUNT(B2:B4,B7)=0,"",SUM(B2:B4,B7))"#
        );
        assert_eq!(sum_formula("C", vec![]), r#""""#);
    }
}
