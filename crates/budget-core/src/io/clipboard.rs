//! Block paste and copy: reading a TSV block as Excel puts it on the clipboard, planning where
//! its cells land in a table (one all-or-nothing batch, new rows only when asked), and writing a
//! selected block back as TSV that Swedish Excel reads as numbers.

use std::borrow::Cow;

use crate::base::format_for_excel;
use crate::engine::{TableValues, Value};
use crate::model::{Cell, ColumnKind, RowKind, Table};
use crate::session::Action;

/// Splits clipboard text into rows of fields, as the csv crate reads tab-separated text. Excel
/// quotes a field that holds a tab, newline or quote; such quotes are removed and `""` becomes
/// `"`. A blank line is a row of one empty cell (a one-column block with an empty cell); a
/// trailing newline adds no row.
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    // Without a size limit the reader refuses nothing: any text is some block.
    crate::io::csv_read::read_records(text, '\t', usize::MAX)
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.fields.into_iter().map(Cow::into_owned).collect())
        .collect()
}

/// Where a pasted block goes and what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastePlan {
    /// One batch: new rows first (if any), then every cell.
    pub action: Action,
    /// Rows the block needs beyond the table's last typed row.
    pub new_rows: usize,
    /// Block columns that fell beyond the last editable column and were left out.
    pub dropped_columns: usize,
}

/// Columns a paste may fill, in display order: typed periods and text.
fn editable_columns(table: &Table) -> Vec<usize> {
    (0..table.columns.len())
        .filter(|&c| matches!(table.columns[c].kind, ColumnKind::Input | ColumnKind::Text))
        .collect()
}

/// Plans pasting `block` with its top-left cell at (`row`, `column`) (table indices). Sum rows
/// and computed columns are stepped over, as they cannot be typed into. With `add_rows`, rows
/// the block needs beyond the table are added (named "Ny rad"); without, they are left out.
pub fn plan_paste(
    table: &Table,
    row: usize,
    column: usize,
    block: &[Vec<String>],
    add_rows: bool,
) -> PastePlan {
    let columns: Vec<usize> = editable_columns(table)
        .into_iter()
        .filter(|&c| c >= column)
        .collect();
    let rows: Vec<usize> = (row..table.rows.len())
        .filter(|&r| matches!(table.rows[r].kind, RowKind::Input))
        .collect();
    let width = block.iter().map(Vec::len).max().unwrap_or(0);
    let new_rows = block.len().saturating_sub(rows.len());
    let dropped_columns = width.saturating_sub(columns.len());
    let mut actions = Vec::new();
    let mut row_ids: Vec<String> = rows.iter().map(|&r| table.rows[r].id.clone()).collect();
    if add_rows && new_rows > 0 {
        // AddRow names rows by Table::fresh_row_ids, so the ids are known in advance.
        let mut after = rows.last().map(|&r| table.rows[r].id.clone());
        for id in table.fresh_row_ids(new_rows) {
            actions.push(Action::AddRow {
                table: table.id.clone(),
                after: after.clone(),
                label: "Ny rad".into(),
            });
            after = Some(id.clone());
            row_ids.push(id);
        }
    }
    for (line, id) in block.iter().zip(&row_ids) {
        for (text, &c) in line.iter().zip(&columns) {
            actions.push(Action::SetCell {
                table: table.id.clone(),
                row: id.clone(),
                column: table.columns[c].id.clone(),
                input: text.clone(),
            });
        }
    }
    PastePlan {
        action: Action::Batch(actions),
        new_rows,
        dropped_columns,
    }
}

/// A rectangular block as TSV for Swedish Excel: decimal comma, no group separators, typed text
/// as typed; rows and columns are inclusive table indices.
pub fn copy_block(
    table: &Table,
    values: &TableValues,
    rows: std::ops::RangeInclusive<usize>,
    columns: std::ops::RangeInclusive<usize>,
) -> String {
    let mut out = String::new();
    for r in rows {
        let Some(row) = table.rows.get(r) else { break };
        let fields: Vec<String> = columns
            .clone()
            .filter_map(|c| table.columns.get(c).map(|col| (c, col)))
            .map(|(c, col)| match (&col.kind, row.cells.get(&col.id)) {
                (ColumnKind::Text, Some(Cell::Text(t))) => t.replace(['\t', '\n', '\r'], " "),
                (kind, _) => match values.get(r, c) {
                    Value::Number(d) => format_for_excel(d, kind.is_percent().then_some(1)),
                    Value::NotApplicable => "–".into(),
                    Value::Error(_) => "#FEL".into(),
                    Value::Blank => String::new(),
                },
            })
            .collect();
        out.push_str(&fields.join("\t"));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::default_workbook;
    use crate::engine::Computed;
    use crate::session::Session;

    #[test]
    fn parses_excel_clipboard_text() {
        assert_eq!(
            parse_block("1 064 236\t-888 391\r\n12,5\t\r\n"),
            vec![vec!["1 064 236", "-888 391"], vec!["12,5", ""]]
        );
        assert_eq!(
            parse_block("\"a\tb\"\t\"sa \"\"hej\"\"\"\n\"rad\nbrytning\"\t2"),
            vec![vec!["a\tb", "sa \"hej\""], vec!["rad\nbrytning", "2"]]
        );
        assert_eq!(parse_block("5"), vec![vec!["5"]]);
        assert!(parse_block("").is_empty());
    }

    #[test]
    fn a_paste_steps_over_sums_and_computed_columns_and_is_one_undo_step() {
        let mut s = Session::new(default_workbook().unwrap());
        let start = s.workbook.clone();
        let t = s.workbook.table("resultatrakning").unwrap();
        // From Lokaler, Budget 2026: 4 rows × 3 columns; the 4th row lands on Övrigt, and the
        // two columns right of Budget 2026 are computed, so they are left out.
        let block = parse_block("1\t2\t3\n4\t5\t6\n7\t8\t9\n10\t11\t12\n");
        let plan = plan_paste(t, 2, 3, &block, false);
        assert_eq!((plan.new_rows, plan.dropped_columns), (0, 2));
        s.apply(plan.action).unwrap();
        let c = Computed::of(&s.workbook);
        let v = |r: &str, col: &str| c.value(&s.workbook, "resultatrakning", r, col);
        assert_eq!(v("lokaler", "budget-2026"), Value::Number(1.into()));
        assert_eq!(
            v("kop-av-verksamhet", "budget-2026"),
            Value::Number(7.into())
        );
        assert_eq!(v("ovrigt", "budget-2026"), Value::Number(10.into()));
        // Starting at Köp av verksamhet, only two typed rows remain before the sums.
        let t = s.workbook.table("resultatrakning").unwrap();
        assert_eq!(plan_paste(t, 4, 3, &block, false).new_rows, 2);
        s.apply(Action::Undo).unwrap();
        assert_eq!(s.workbook, start);
    }

    #[test]
    fn rows_beyond_the_end_are_added_only_when_asked() {
        let wb = default_workbook().unwrap();
        let t = wb.table("volymer").unwrap();
        let block = parse_block("100\n200\n300\n400\n");
        let without = plan_paste(t, 1, 0, &block, false);
        assert_eq!(without.new_rows, 2);
        let Action::Batch(a) = &without.action else {
            panic!()
        };
        assert_eq!(a.len(), 2);
        let mut s = Session::new(wb.clone());
        s.apply(plan_paste(t, 1, 0, &block, true).action).unwrap();
        let c = Computed::of(&s.workbook);
        // 29 400 + 100 + 200 + 300 + 400 = 30 400; the new rows join the list total.
        assert_eq!(
            c.value(&s.workbook, "volymer", "summa", "belopp"),
            Value::Number(30400.into())
        );
    }

    #[test]
    fn copies_a_block_for_swedish_excel() {
        let wb = default_workbook().unwrap();
        let c = Computed::of(&wb);
        let t = wb.table("drift").unwrap();
        let tsv = copy_block(t, &c.tables[1], 4..=5, 3..=5);
        assert_eq!(tsv, "13127\t1946\t17,4\r\n1558823\t89572\t6,1\r\n");
    }
}
