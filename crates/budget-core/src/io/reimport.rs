//! An accepted preview into the workbook: a new table with an unused id, or a table replaced
//! in place keeping its ids and structure (sums, comparisons), as one undoable action.

use crate::base::CoreError;
use crate::model::{Cell, ColumnKind, RowKind, Table};

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
