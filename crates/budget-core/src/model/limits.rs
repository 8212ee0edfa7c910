//! How much a scenario file may hold so that the page opens it in time: at most 2 s from choosing
//! it to a drawn, answering page on the project's machine kind (2 cores, headless Chromium), as
//! measured by `bench/limits.mjs` (figures in the README, *Limits*). The file's size alone does not
//! bound the page's work: a 2 MB file of 10 000 small tables passed the 10 MB limit and took the
//! tab down drawing 10 000 grids. These are counted on the parsed JSON tree, before the file is
//! read into the model, validated, evaluated or drawn, and refused with what and how much.

use serde_json::Value as Json;

use crate::base::{CoreError, Text};
use crate::model::workbook::{Cell, RowKind, Table, Workbook};
use crate::text;

/// Tables in a workbook: each is a grid with its own heading, tools and focus handling, about
/// 1,2 ms apiece to draw (1 000 small tables opened in 1,5 s).
pub const MAX_TABLES: usize = 500;
/// Rows in one table: the import's limit, so an imported table can always be saved and opened
/// again. Long tables draw only the rows in view, so rows cost reading and recalculation.
pub const MAX_ROWS: usize = 100_000;
/// Columns in one table: every drawn row draws them all (1 000 columns of 20 rows took 2,0 s).
pub const MAX_COLUMNS: usize = 200;
/// Cells in the workbook (rows × columns, summed over tables): what is read, kept and
/// recalculated; memory grows about 1,4 KB per cell (50 000 × 2 cells: 145 MB of wasm memory).
pub const MAX_CELLS: usize = 200_000;
/// Cells drawn at once: tables of up to 200 rows are drawn whole, longer ones 40 rows at a
/// time. Drawing is the costliest part of opening (100 000 drawn cells: 14,9 s and 416 MB).
pub const MAX_DRAWN_CELLS: usize = 12_000;
/// Operands in all formulas and sums of the workbook: each is looked up and ordered
/// (300 000 operands in 3 000 formulas opened in 0,5 s).
pub const MAX_TERMS: usize = 500_000;
/// Characters in one text (a label, a title, the notes): a label of 1 000 000 characters
/// opened in 0,8 s, 5 000 000 in 4,3 s; this keeps the 1 MB labels that were always accepted.
pub const MAX_TEXT_CHARS: usize = 1_200_000;
/// The most [`Size::load_percent`] may be.
pub const MAX_LOAD_PERCENT: usize = 150;
/// Rows a long table draws at once (see `src/table.rs`: 20 in view and 10 beyond each edge).
const DRAWN_ROWS_OF_LONG_TABLE: usize = 40;
/// Tables longer than this draw only the rows in view (`src/table.rs`, `VIRTUALIZE_ABOVE`).
const DRAWN_WHOLE_UP_TO: usize = 200;

/// What a workbook holds, counted for the limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub tables: usize,
    pub cells: usize,
    pub drawn_cells: usize,
    pub terms: usize,
}

impl Size {
    /// The shares of their limits that tables, cells, drawn cells and operands take, added up,
    /// in per cent. Their costs add up, so together they may take at most [`MAX_LOAD_PERCENT`]:
    /// each limit alone opens in 1,3 s or less, which leaves room for half of another.
    pub fn load_percent(&self) -> usize {
        let part = |n: usize, limit: usize| n.saturating_mul(100) / limit;
        part(self.tables, MAX_TABLES)
            + part(self.cells, MAX_CELLS)
            + part(self.drawn_cells, MAX_DRAWN_CELLS)
            + part(self.terms, MAX_TERMS)
    }
}

fn refusal(message: Text) -> CoreError {
    CoreError::Scenario { message }
}

fn n(x: usize) -> String {
    crate::base::format_amount(x.into(), 0)
}

/// Operands of a formula: its operators and argument separators, plus one. Counted on the text,
/// without reading the formula, which is what is being bounded.
pub fn formula_operands(formula: &str) -> usize {
    1 + formula
        .chars()
        .filter(|c| matches!(c, '+' | '-' | '*' | '/' | '×' | '÷' | '−' | ';'))
        .count()
}

fn rows_drawn(rows: usize) -> usize {
    if rows > DRAWN_WHOLE_UP_TO {
        DRAWN_ROWS_OF_LONG_TABLE
    } else {
        rows
    }
}

/// Checks the tables of a scenario file's JSON tree (`$.workbook.tables`) against the limits, in
/// order of cheapness: the table count before any table is looked at, each table's rows and
/// columns before its cells. What is not shaped like a workbook is left to the typed reading,
/// whose refusals name line and column.
pub fn check_file_tree(tree: &Json) -> Result<Size, CoreError> {
    let Some(tables) = tree
        .get("workbook")
        .and_then(|w| w.get("tables"))
        .and_then(Json::as_array)
    else {
        return Ok(Size::default());
    };
    if tables.len() > MAX_TABLES {
        return Err(refusal(text!(
            "filen har {} tabeller; högst {} kan öppnas utan att sidan slutar svara",
            "the file has {} tables; at most {} can be opened without the page ceasing to answer",
            n(tables.len()),
            n(MAX_TABLES)
        )));
    }
    let mut size = Size {
        tables: tables.len(),
        ..Size::default()
    };
    let len = |v: &Json, key: &str| v.get(key).and_then(Json::as_array).map_or(0, Vec::len);
    for table in tables {
        let id = table.get("id").and_then(Json::as_str).unwrap_or("?");
        let (rows, columns) = (len(table, "rows"), len(table, "columns"));
        if rows > MAX_ROWS {
            return Err(refusal(text!(
                "tabellen ”{id}” har {} rader; högst {} rader per tabell kan öppnas i tid",
                "the table “{id}” has {} rows; at most {} rows per table can be opened in time",
                n(rows),
                n(MAX_ROWS)
            )));
        }
        if columns > MAX_COLUMNS {
            return Err(refusal(text!(
                "tabellen ”{id}” har {} kolumner; högst {} kolumner per tabell kan visas i tid",
                "the table “{id}” has {} columns; at most {} columns per table can be shown in time",
                n(columns),
                n(MAX_COLUMNS)
            )));
        }
        size.cells = size.cells.saturating_add(rows * columns);
        size.drawn_cells = size.drawn_cells.saturating_add(rows_drawn(rows) * columns);
        for row in table
            .get("rows")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            size.terms = size
                .terms
                .saturating_add(row.get("kind").map_or(0, |k| len(k, "terms")));
            for map in ["cells", "control"] {
                let cells = row.get(map).and_then(Json::as_object).into_iter().flatten();
                for (_, cell) in cells {
                    if let Some(f) = cell.get("formula").and_then(Json::as_str) {
                        size.terms = size.terms.saturating_add(formula_operands(f));
                    }
                }
            }
        }
    }
    check_size(size)?;
    Ok(size)
}

/// What one table of the model holds, counted as [`check_file_tree`] counts it in a file.
fn size_of_table(table: &Table) -> Size {
    let (rows, columns) = (table.rows.len(), table.columns.len());
    let terms = table.rows.iter().fold(0usize, |sum, row| {
        let sums = match &row.kind {
            RowKind::Sum { terms } => terms.len(),
            RowKind::Input => 0,
        };
        let formulas = row
            .cells
            .values()
            .chain(row.control.values())
            .map(|cell| match cell {
                Cell::Formula(f) => formula_operands(f),
                _ => 0,
            })
            .fold(0usize, usize::saturating_add);
        sum.saturating_add(sums).saturating_add(formulas)
    });
    Size {
        tables: 1,
        cells: rows.saturating_mul(columns),
        drawn_cells: rows_drawn(rows).saturating_mul(columns),
        terms,
    }
}

/// A table about to join `workbook` (an import, a template): the workbook must stay one that
/// can be saved and opened again, so the file's limits hold for it too.
pub fn check_added_table(workbook: &Workbook, table: &Table) -> Result<(), CoreError> {
    let too_big = |e: CoreError| {
        refusal(e.text().map(|lang, e| {
            crate::tr!(
                lang,
                "tabellen läggs inte till, för arbetsboken skulle inte gå att öppna igen: {e}",
                "the table is not added, as the workbook could not be opened again: {e}"
            )
        }))
    };
    let (rows, columns) = (table.rows.len(), table.columns.len());
    let id = &table.id;
    if rows > MAX_ROWS || columns > MAX_COLUMNS {
        return Err(refusal(text!(
            "tabellen ”{id}” har {} rader och {} kolumner; högst {} rader och {} kolumner per tabell kan öppnas i tid",
            "the table “{id}” has {} rows and {} columns; at most {} rows and {} columns per table can be opened in time",
            n(rows),
            n(columns),
            n(MAX_ROWS),
            n(MAX_COLUMNS)
        )));
    }
    if workbook.tables.len() >= MAX_TABLES {
        return Err(too_big(refusal(text!(
            "den har redan {} tabeller, det mesta som kan öppnas",
            "it already has {} tables, the most that can be opened",
            n(workbook.tables.len())
        ))));
    }
    let size = workbook
        .tables
        .iter()
        .chain(std::iter::once(table))
        .map(size_of_table)
        .fold(Size::default(), |a, b| Size {
            tables: a.tables + b.tables,
            cells: a.cells.saturating_add(b.cells),
            drawn_cells: a.drawn_cells.saturating_add(b.drawn_cells),
            terms: a.terms.saturating_add(b.terms),
        });
    check_size(size).map_err(too_big)
}

/// The workbook-wide counts against their limits, then their sum against the whole budget.
pub fn check_size(size: Size) -> Result<(), CoreError> {
    let over = |count: usize, limit: usize, what: Text| {
        (count > limit).then(|| {
            refusal(what.map(|lang, what| {
                crate::tr!(
                    lang,
                    "filen har {} {what}; högst {} kan öppnas utan att sidan slutar svara",
                    "the file has {} {what}; at most {} can be opened without the page ceasing to answer",
                    n(count),
                    n(limit)
                )
            }))
        })
    };
    let checks = [
        (size.cells, MAX_CELLS, text!("celler", "cells")),
        (
            size.drawn_cells,
            MAX_DRAWN_CELLS,
            text!(
                "celler som visas på en gång (tabeller upp till 200 rader visas hela)",
                "cells shown at once (tables of up to 200 rows are shown whole)"
            ),
        ),
        (
            size.terms,
            MAX_TERMS,
            text!("termer i formler och summor", "terms in formulas and sums"),
        ),
    ];
    for (count, limit, what) in checks {
        if let Some(e) = over(count, limit, what) {
            return Err(e);
        }
    }
    let load = size.load_percent();
    if load > MAX_LOAD_PERCENT {
        return Err(refusal(text!(
            "filen är för stor för att öppnas i tid: dess {} tabeller, {} celler, {} celler som visas på en gång och {} termer tar tillsammans {load} % av sina gränser; högst {MAX_LOAD_PERCENT} % hinner sidan med",
            "the file is too large to open in time: its {} tables, {} cells, {} cells shown at once and {} terms together take {load} % of their limits; the page can manage at most {MAX_LOAD_PERCENT} %",
            n(size.tables),
            n(size.cells),
            n(size.drawn_cells),
            n(size.terms)
        )));
    }
    Ok(())
}
