//! What the peer comparisons share of the core's side: the generated budget as the peers
//! (HyperFormula, IronCalc) rebuild it. Used by `peer-edits dump` and bench/peer/kalkyl-wasm.

use budget_core::catalog::synthetic;
use budget_core::{Cell, RowKind};

/// The generated budget of `rows` rows as JSON: its period column ids, then each row's figures
/// (as exact decimal text, empty when blank) or a sum's term ids. `None` if it has no table.
pub fn sheet(rows: usize) -> Option<serde_json::Value> {
    let wb = synthetic(rows);
    let table = wb.tables.first()?;
    let periods: Vec<&str> = table.input_columns().map(|c| c.id.as_str()).collect();
    let out: Vec<serde_json::Value> = table
        .rows
        .iter()
        .map(|r| match &r.kind {
            RowKind::Input => serde_json::json!({
                "id": r.id,
                "values": periods.iter().map(|p| match r.cells.get(*p) {
                    Some(Cell::Number(d)) => d.to_string(),
                    _ => String::new(),
                }).collect::<Vec<_>>(),
            }),
            RowKind::Sum { terms } => serde_json::json!({ "id": r.id, "terms": terms }),
        })
        .collect();
    Some(serde_json::json!({ "periods": periods, "rows": out }))
}
