//! The frame bridge: previous budget plus each explained change against the proposed budget.
//! The unexplained remainder is a line of its own, never absorbed into another figure.

use crate::base::Exact;
use crate::engine::{sum_values, Computed, Value};
use crate::model::{CellRef, Workbook};

#[derive(Debug, Clone, PartialEq)]
pub struct BridgeLine {
    pub label: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BridgeResult {
    pub base: BridgeLine,
    pub steps: Vec<BridgeLine>,
    /// Base plus all steps.
    pub explained: Value,
    pub target: BridgeLine,
    /// Target minus explained: what the steps do not account for.
    pub remainder: Value,
    /// The titles of the tables the bridge reads, in the order it reads them: an edit to any
    /// other table does not move it, and the panel says so.
    pub reads: Vec<String>,
}

fn line(workbook: &Workbook, computed: &Computed, at: &CellRef, with_column: bool) -> BridgeLine {
    let label = workbook.table(&at.table).ok().map_or_else(
        || at.row.clone(),
        |t| {
            let row = t.row(&at.row).map_or(at.row.as_str(), |r| r.label.as_str());
            let column = t
                .column(&at.column)
                .map_or(at.column.as_str(), |c| c.label.as_str());
            if with_column {
                format!("{} – {row}, {column}", t.title)
            } else {
                t.title.clone()
            }
        },
    );
    BridgeLine {
        label,
        value: computed.value(workbook, &at.table, &at.row, &at.column),
    }
}

pub fn bridge(workbook: &Workbook, computed: &Computed) -> Option<BridgeResult> {
    let b = workbook.bridge.as_ref()?;
    let base = line(workbook, computed, &b.base, true);
    let steps: Vec<BridgeLine> = b
        .steps
        .iter()
        .map(|s| line(workbook, computed, s, false))
        .collect();
    let target = line(workbook, computed, &b.target, true);
    let explained = sum_values(std::iter::once(base.value).chain(steps.iter().map(|s| s.value)));
    let remainder = match (target.value, explained) {
        (Value::Number(t), Value::Number(e)) => t.minus(e).map_or(
            Value::Error(crate::engine::ValueError::Overflow),
            Value::Number,
        ),
        (Value::Error(_), _) | (_, Value::Error(_)) => {
            Value::Error(crate::engine::ValueError::DependsOnError)
        }
        _ => Value::Blank,
    };
    let mut reads: Vec<String> = Vec::new();
    for at in std::iter::once(&b.base).chain(&b.steps).chain([&b.target]) {
        let title = workbook
            .table(&at.table)
            .map_or_else(|_| at.table.clone(), |t| t.title.clone());
        if !reads.contains(&title) {
            reads.push(title);
        }
    }
    Some(BridgeResult {
        base,
        steps,
        explained,
        target,
        remainder,
        reads,
    })
}
