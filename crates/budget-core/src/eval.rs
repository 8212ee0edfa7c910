//! Recalculation: turns a table's typed cells into the value of every cell, sums and computed
//! columns included. Errors are values here, so one bad cell marks what depends on it instead of
//! stopping the whole table.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::model::{Cell, ColumnKind, Row, RowKind, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Number(Decimal),
    /// No figure: an empty cell or a dash. Not zero.
    Blank,
    /// A percentage of a zero base; shown as "–".
    NotApplicable,
    Error(ValueError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    /// The cell holds text that is not a number.
    InvalidInput,
    /// A cell this one is computed from is in error.
    DependsOnError,
    /// The row is (part of) a sum that includes itself.
    Cycle,
    /// A sum names a row that does not exist.
    MissingRow,
    /// A computed column compares with a column that is not a typed period.
    BadOperand,
    /// The result does not fit in a decimal.
    Overflow,
}

impl Value {
    pub fn number(self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(d),
            _ => None,
        }
    }

    pub fn is_error(self) -> bool {
        matches!(self, Value::Error(_))
    }

    fn of_cell(cell: Option<&Cell>) -> Value {
        match cell {
            Some(Cell::Number(d)) => Value::Number(*d),
            Some(Cell::Invalid(_)) => Value::Error(ValueError::InvalidInput),
            None => Value::Blank,
        }
    }
}

/// The value of a printed control total, for comparing with the computed one.
pub fn control_value(row: &Row, column: &str) -> Value {
    Value::of_cell(row.control.get(column))
}

/// Every cell's value, indexed `[row][column]` in table order.
#[derive(Debug, Clone, PartialEq)]
pub struct TableValues {
    values: Vec<Vec<Value>>,
}

impl TableValues {
    pub fn get(&self, row: usize, column: usize) -> Value {
        self.values
            .get(row)
            .and_then(|r| r.get(column))
            .copied()
            .unwrap_or(Value::Blank)
    }

    /// Looks a value up by ids; `Blank` when either id is unknown.
    pub fn by_id(&self, table: &Table, row: &str, column: &str) -> Value {
        match (table.row_index(row), table.column_index(column)) {
            (Ok(r), Ok(c)) => self.get(r, c),
            _ => Value::Blank,
        }
    }
}

/// Sums of values: errors win, blanks are skipped, all-blank stays blank.
pub fn sum_values(values: impl IntoIterator<Item = Value>) -> Value {
    let mut total: Option<Decimal> = None;
    for v in values {
        match v {
            Value::Number(d) => {
                let Some(t) = total.unwrap_or(Decimal::ZERO).checked_add(d) else {
                    return Value::Error(ValueError::Overflow);
                };
                total = Some(t);
            }
            Value::Error(_) => return Value::Error(ValueError::DependsOnError),
            Value::Blank | Value::NotApplicable => {}
        }
    }
    total.map_or(Value::Blank, Value::Number)
}

/// Order in which sum rows can be computed, each after its terms. Rows on a cycle or naming a
/// missing row are reported instead of ordered.
fn evaluation_order(table: &Table) -> (Vec<usize>, HashMap<usize, ValueError>) {
    let index: HashMap<&str, usize> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut broken = HashMap::new();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); table.rows.len()];
    for (i, row) in table.rows.iter().enumerate() {
        if let RowKind::Sum { terms } = &row.kind {
            for t in terms {
                match index.get(t.as_str()) {
                    Some(&j) => deps[i].push(j),
                    None => {
                        broken.insert(i, ValueError::MissingRow);
                    }
                }
            }
        }
    }
    // Kahn's algorithm over "term before sum".
    let mut pending: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); table.rows.len()];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            users[d].push(i);
        }
    }
    let mut order: Vec<usize> = (0..table.rows.len()).filter(|&i| pending[i] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        let i = order[next];
        next += 1;
        for &u in &users[i] {
            pending[u] -= 1;
            if pending[u] == 0 {
                order.push(u);
            }
        }
    }
    for (i, p) in pending.iter().enumerate() {
        if *p > 0 {
            broken.insert(i, ValueError::Cycle);
        }
    }
    (order, broken)
}

fn compare(kind: &ColumnKind, new: Value, old: Value) -> Value {
    let (new, old) = match (new, old) {
        (Value::Error(_), _) | (_, Value::Error(_)) => {
            return Value::Error(ValueError::DependsOnError)
        }
        (Value::Number(n), Value::Number(o)) => (n, o),
        _ => return Value::Blank,
    };
    let result = match kind {
        ColumnKind::Difference { .. } => new.checked_sub(old),
        ColumnKind::PercentChange { .. } => {
            if old.is_zero() {
                return Value::NotApplicable;
            }
            new.checked_sub(old)
                .and_then(|diff| diff.checked_div(old))
                .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
        }
        ColumnKind::Input => return Value::Error(ValueError::BadOperand),
    };
    result.map_or(Value::Error(ValueError::Overflow), Value::Number)
}

/// Recalculates a whole table.
pub fn evaluate(table: &Table) -> TableValues {
    let (order, broken) = evaluation_order(table);
    let ncols = table.columns.len();
    let mut values = vec![vec![Value::Blank; ncols]; table.rows.len()];
    let index: HashMap<&str, usize> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for (r, err) in &broken {
        values[*r] = vec![Value::Error(*err); ncols];
    }
    for (c, column) in table.columns.iter().enumerate() {
        if !column.kind.is_input() {
            continue;
        }
        for &r in &order {
            if broken.contains_key(&r) {
                continue;
            }
            let row = &table.rows[r];
            values[r][c] = match &row.kind {
                RowKind::Input => Value::of_cell(row.cells.get(&column.id)),
                RowKind::Sum { terms } => sum_values(
                    terms
                        .iter()
                        .filter_map(|t| index.get(t.as_str()))
                        .map(|&t| values[t][c]),
                ),
            };
        }
    }
    for (c, column) in table.columns.iter().enumerate() {
        let (ColumnKind::Difference { new, old } | ColumnKind::PercentChange { new, old }) =
            &column.kind
        else {
            continue;
        };
        let operand = |id: &str| {
            table
                .columns
                .iter()
                .position(|col| col.id == id && col.kind.is_input())
        };
        let (Some(nc), Some(oc)) = (operand(new), operand(old)) else {
            for row_values in values.iter_mut() {
                row_values[c] = Value::Error(ValueError::BadOperand);
            }
            continue;
        };
        for (r, row_values) in values.iter_mut().enumerate() {
            if broken.contains_key(&r) {
                continue;
            }
            row_values[c] = compare(&column.kind, row_values[nc], row_values[oc]);
        }
    }
    TableValues { values }
}
