//! Recalculation: turns a table's typed cells into the value of every cell, sums and computed
//! columns included. Errors are values here, so one bad cell marks what depends on it instead of
//! stopping the whole table.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::base::Exact;
use crate::engine::formula::FormulaError;
use crate::model::{Cell, ColumnKind, DeviationSign, Row, RowKind, Table};
use crate::text;

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
    /// The cell's formula cannot be read.
    BadFormula,
    /// A formula divides by zero.
    DivisionByZero,
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

    pub(crate) fn of_cell(cell: Option<&Cell>) -> Value {
        match cell {
            Some(Cell::Number(d)) => Value::Number(*d),
            Some(Cell::Invalid(_)) => Value::Error(ValueError::InvalidInput),
            // Formulas are computed in `evaluate`; text is not a figure.
            Some(Cell::Formula(_)) => Value::Error(ValueError::BadFormula),
            Some(Cell::Text(_)) | None => Value::Blank,
        }
    }
}

/// The value of a printed control total, for comparing with the computed one.
pub fn control_value(row: &Row, column: &str) -> Value {
    Value::of_cell(row.control.get(column))
}

/// Every cell's value in table order, row after row in one array: one allocation per table, not
/// one per row, which keeps a 100 000-row recalculation linear.
#[derive(Debug, Clone, PartialEq)]
pub struct TableValues {
    columns: usize,
    values: Vec<Value>,
}

impl TableValues {
    fn slot(&self, row: usize, column: usize) -> Option<usize> {
        (column < self.columns).then(|| row * self.columns + column)
    }

    pub(crate) fn set(&mut self, row: usize, column: usize, value: Value) {
        if let Some(v) = self.slot(row, column).and_then(|i| self.values.get_mut(i)) {
            *v = value;
        }
    }

    pub fn get(&self, row: usize, column: usize) -> Value {
        self.slot(row, column)
            .and_then(|i| self.values.get(i))
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
                let Some(t) = total.unwrap_or(Decimal::ZERO).plus(d) else {
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

/// How each row of one column is computed, resolved to row indices.
enum Source {
    Cell,
    Sum(Vec<usize>),
    Formula(Result<crate::engine::formula::Expr, ()>, Vec<usize>),
}

/// A table's rows by id, and by label for formulas that name rows by label. The label index
/// is built on the first lookup by label only: without it every name that is no id scanned
/// all rows, and a file of 40 000 formulas naming a missing row froze the page for minutes.
pub struct RowNames<'a> {
    table: &'a Table,
    ids: HashMap<&'a str, usize>,
    labels: std::cell::OnceCell<HashMap<String, usize>>,
}

impl<'a> RowNames<'a> {
    pub fn new(table: &'a Table) -> RowNames<'a> {
        RowNames {
            table,
            ids: table
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect(),
            labels: std::cell::OnceCell::new(),
        }
    }

    fn id(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// The row a formula name refers to: an id first, then a label (case-insensitive; the
    /// first row of that label).
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.id(name).or_else(|| {
            let labels = self.labels.get_or_init(|| {
                let mut labels = HashMap::with_capacity(self.table.rows.len());
                for (i, r) in self.table.rows.iter().enumerate() {
                    labels.entry(r.label.trim().to_lowercase()).or_insert(i);
                }
                labels
            });
            labels.get(&name.trim().to_lowercase()).copied()
        })
    }
}

/// Why the formula `source` typed in row `row` of `table` has no value, worded to teach the
/// row syntax: a parse error as the parser words it, or the first name that is no row, with
/// the row the user most likely meant (the closest label, else the row above). `None` when
/// it parses and every name is a row of the table.
pub fn explain_formula(table: &Table, row: usize, source: &str) -> Option<FormulaError> {
    let expr = match crate::engine::formula::parse(source) {
        Ok(expr) => expr,
        Err(e) => return Some(e),
    };
    let names = RowNames::new(table);
    let missing = expr
        .refs()
        .into_iter()
        .find(|n| names.resolve(n).is_none())?;
    let others = || {
        table
            .rows
            .iter()
            .enumerate()
            .filter(move |(i, r)| *i != row && !r.label.trim().is_empty())
    };
    let wanted = missing.to_lowercase();
    let close = others()
        .map(|(_, r)| {
            let label = r.label.trim();
            (strsim::levenshtein(&wanted, &label.to_lowercase()), label)
        })
        .filter(|(distance, label)| *distance <= (label.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, label)| label);
    let body = source.trim();
    let expression = body.strip_prefix('=').unwrap_or(body);
    let position = expression
        .find(missing)
        .map_or(1, |byte| expression[..byte].chars().count() + 1);
    let near = others()
        .rfind(|(i, _)| *i < row)
        .or_else(|| others().next())
        .map_or("Rad", |(_, r)| r.label.trim());
    let letters = missing.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let cell_address = letters.len() < missing.len()
        && !letters.is_empty()
        && letters.chars().all(|c| c.is_ascii_digit());
    let message = match (close, cell_address) {
        (Some(label), _) => text!(
            "”{missing}” är ingen rad i tabellen; menade du [{label}]?",
            "“{missing}” is not a row of the table; did you mean [{label}]?"
        ),
        (None, true) => text!(
            "”{missing}” är en celladress; en formel räknar med rader, skrivna med namn \
             inom hakparenteser, t.ex. [{near}]",
            "“{missing}” is a cell address; a formula counts with rows, written by name \
             in square brackets, e.g. [{near}]"
        ),
        (None, false) => text!(
            "”{missing}” är ingen rad i tabellen; skriv en rads namn inom hakparenteser, \
             t.ex. [{near}]",
            "“{missing}” is not a row of the table; write a row's name in square brackets, \
             e.g. [{near}]"
        ),
    };
    Some(FormulaError {
        formula: body.to_string(),
        position,
        message,
    })
}

/// How each row is computed, the order to compute them in, and the rows that cannot be.
type ColumnOrder = (Vec<Source>, Vec<usize>, HashMap<usize, ValueError>);

impl Source {
    /// The rows this one is computed from.
    fn dependencies(&self) -> &[usize] {
        match self {
            Source::Sum(rows) | Source::Formula(_, rows) => rows,
            Source::Cell => &[],
        }
    }
}

/// Order in which one column's rows can be computed, each after what it depends on (sum terms,
/// formula references). Rows on a cycle or naming a missing row are reported instead.
fn column_order(table: &Table, column: &str, index: &RowNames) -> ColumnOrder {
    let n = table.rows.len();
    let mut broken = HashMap::new();
    let mut sources = Vec::with_capacity(n);
    for (i, row) in table.rows.iter().enumerate() {
        let source = match (&row.kind, row.cells.get(column)) {
            (RowKind::Sum { terms }, _) => {
                let mut found: Vec<usize> = Vec::with_capacity(terms.len());
                for t in terms {
                    // Terms are mostly the rows just above, in order: try the row after the
                    // last term before hashing the id.
                    let next = found.last().map(|&j| j + 1);
                    let adjacent = next.filter(|&j| table.rows.get(j).is_some_and(|r| r.id == *t));
                    match adjacent.or_else(|| index.id(t)) {
                        Some(j) => found.push(j),
                        None => {
                            broken.insert(i, ValueError::MissingRow);
                        }
                    }
                }
                Source::Sum(found)
            }
            (RowKind::Input, Some(Cell::Formula(text))) => {
                match crate::engine::formula::parse(text) {
                    Ok(expr) => {
                        let mut found = Vec::new();
                        for name in expr.refs() {
                            match index.resolve(name) {
                                Some(j) => found.push(j),
                                None => {
                                    broken.insert(i, ValueError::MissingRow);
                                }
                            }
                        }
                        Source::Formula(Ok(expr), found)
                    }
                    Err(_) => Source::Formula(Err(()), Vec::new()),
                }
            }
            (RowKind::Input, _) => Source::Cell,
        };
        sources.push(source);
    }
    // Kahn's algorithm over "dependency before dependant". Each row's users sit in one flat
    // array (users of row d at `users[first[d]..first[d + 1]]`): a vector per row was one
    // allocation per input row.
    let mut pending: Vec<usize> = sources.iter().map(|s| s.dependencies().len()).collect();
    let mut first = vec![0usize; n + 1];
    for s in &sources {
        for &d in s.dependencies() {
            first[d + 1] += 1;
        }
    }
    for d in 0..n {
        first[d + 1] += first[d];
    }
    let mut filled = first.clone();
    let mut users = vec![0usize; first[n]];
    for (i, s) in sources.iter().enumerate() {
        for &d in s.dependencies() {
            users[filled[d]] = i;
            filled[d] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        let i = order[next];
        next += 1;
        for &u in &users[first[i]..first[i + 1]] {
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
    (sources, order, broken)
}

pub(crate) fn compare(
    kind: &ColumnKind,
    sign: DeviationSign,
    first: Value,
    second: Value,
) -> Value {
    let (a, b) = match (first, second) {
        (Value::Error(_), _) | (_, Value::Error(_)) => {
            return Value::Error(ValueError::DependsOnError)
        }
        (Value::Number(a), Value::Number(b)) => (a, b),
        _ => return Value::Blank,
    };
    let deviation = |budget: Decimal, actual: Decimal| match sign {
        DeviationSign::BudgetMinusActual => budget.minus(actual),
        DeviationSign::ActualMinusBudget => actual.minus(budget),
    };
    let result = match kind {
        ColumnKind::Difference { .. } => a.minus(b),
        ColumnKind::PercentChange { .. } => {
            if b.is_zero() {
                return Value::NotApplicable;
            }
            a.minus(b)
                .and_then(|diff| diff.divided_by(b.abs()))
                .and_then(|ratio| ratio.times(Decimal::ONE_HUNDRED))
        }
        ColumnKind::Deviation { .. } => deviation(a, b),
        ColumnKind::DeviationPercent { .. } => {
            if a.is_zero() {
                return Value::NotApplicable;
            }
            deviation(a, b)
                .and_then(|dev| dev.divided_by(a.abs()))
                .and_then(|ratio| ratio.times(Decimal::ONE_HUNDRED))
        }
        ColumnKind::Input | ColumnKind::Text => return Value::Error(ValueError::BadOperand),
    };
    result.map_or(Value::Error(ValueError::Overflow), Value::Number)
}

fn formula_value(
    parsed: &Result<crate::engine::formula::Expr, ()>,
    index: &RowNames,
    column_values: &[Value],
) -> Value {
    use crate::engine::formula::EvalError;
    let Ok(expr) = parsed else {
        return Value::Error(ValueError::BadFormula);
    };
    let resolve = |name: &str| {
        index
            .resolve(name)
            .and_then(|j| column_values.get(j).copied())
            .unwrap_or(Value::Error(ValueError::MissingRow))
    };
    match crate::engine::formula::evaluate(expr, &resolve) {
        Ok(d) => Value::Number(d),
        Err(EvalError::DivisionByZero) => Value::Error(ValueError::DivisionByZero),
        Err(EvalError::Overflow) => Value::Error(ValueError::Overflow),
        Err(EvalError::Operand(Value::Error(_))) => Value::Error(ValueError::DependsOnError),
        Err(EvalError::Operand(_)) => Value::Blank,
    }
}

/// Recalculates a whole table.
///
/// Values are computed row by row, every column of a row at once, wherever one order of
/// computation serves every column (no formulas): a row's cells are read while its map is in
/// the cache, and the value array is written in order. Walking column by column instead read
/// every row's cell map once per column; at 100 000 rows those maps (about 70 MB) do not fit
/// the CPU's cache, and a full recalculation took ×22 the time of 10 000 rows for ×10 the
/// instructions (callgrind: 44,7 M and 447,7 M).
pub fn evaluate(table: &Table) -> TableValues {
    let ncols = table.columns.len();
    let nrows = table.rows.len();
    let mut values = TableValues {
        columns: ncols,
        values: vec![Value::Blank; ncols * nrows],
    };
    let inputs: Vec<(usize, &str)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| column.kind.is_input())
        .map(|(c, column)| (c, column.id.as_str()))
        .collect();
    // Without formulas every column depends on the sums alone, so one order serves them all; a
    // formula's references are per cell, so then each column gets its own.
    let formulas = table
        .rows
        .iter()
        .any(|r| r.cells.values().any(|c| matches!(c, Cell::Formula(_))));
    let sums = table
        .rows
        .iter()
        .any(|r| matches!(r.kind, RowKind::Sum { .. }));
    if !formulas && !sums {
        // A plain list (a freshly imported table): every value is its cell's, and neither a
        // row index nor an order of computation is needed.
        let mut by_id = inputs.clone();
        by_id.sort_unstable_by_key(|&(_, id)| id);
        for (r, row) in table.rows.iter().enumerate() {
            read_cells(row, &by_id, r, &mut values);
        }
    } else if !formulas {
        evaluate_in_one_order(table, &inputs, &mut values);
    } else {
        evaluate_column_by_column(table, &inputs, &mut values);
    }
    compare_columns(table, &mut values);
    values
}

/// The input columns of a table without formulas, all in the one order the sums give.
fn evaluate_in_one_order(table: &Table, inputs: &[(usize, &str)], values: &mut TableValues) {
    let Some(&(_, first)) = inputs.first() else {
        return;
    };
    let index = RowNames::new(table);
    let (sources, order, broken) = column_order(table, first, &index);
    let mut by_id = inputs.to_vec();
    by_id.sort_unstable_by_key(|&(_, id)| id);
    for (r, err) in &broken {
        for &(c, _) in inputs {
            values.set(*r, c, Value::Error(*err));
        }
    }
    for &r in &order {
        if broken.contains_key(&r) {
            continue;
        }
        match (&sources[r], table.rows.get(r)) {
            (Source::Sum(terms), _) => {
                for &(c, _) in inputs {
                    let v = sum_values(terms.iter().map(|&t| values.get(t, c)));
                    values.set(r, c, v);
                }
            }
            (_, Some(row)) => read_cells(row, &by_id, r, values),
            (_, None) => {}
        }
    }
}

/// The typed cells of row `r` of the input columns `by_id` (sorted by id), in one walk over the
/// row's cells (kept sorted by id too) rather than a lookup per column. Cells not found stay
/// blank.
fn read_cells(row: &Row, by_id: &[(usize, &str)], r: usize, values: &mut TableValues) {
    let mut wanted = by_id.iter().peekable();
    for (id, cell) in &row.cells {
        while let Some(&&(c, column)) = wanted.peek() {
            match column.cmp(id.as_str()) {
                std::cmp::Ordering::Less => {
                    wanted.next();
                }
                std::cmp::Ordering::Equal => {
                    values.set(r, c, Value::of_cell(Some(cell)));
                    wanted.next();
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
    }
}

/// The input columns of a table with formulas, each column in its own order.
fn evaluate_column_by_column(table: &Table, inputs: &[(usize, &str)], values: &mut TableValues) {
    let nrows = table.rows.len();
    let index = RowNames::new(table);
    for &(c, id) in inputs {
        let (sources, order, broken) = column_order(table, id, &index);
        let mut col: Vec<Value> = vec![Value::Blank; nrows];
        for (r, err) in &broken {
            col[*r] = Value::Error(*err);
        }
        for &r in &order {
            if broken.contains_key(&r) {
                continue;
            }
            col[r] = match &sources[r] {
                Source::Cell => Value::of_cell(table.rows[r].cells.get(id)),
                Source::Sum(terms) => sum_values(terms.iter().map(|&t| col[t])),
                Source::Formula(parsed, _) => formula_value(parsed, &index, &col),
            };
        }
        for (r, v) in col.into_iter().enumerate() {
            values.set(r, c, v);
        }
    }
}

/// The computed columns (changes, deviations and their percentages), row by row.
fn compare_columns(table: &Table, values: &mut TableValues) {
    let operand = |id: &str| {
        table
            .columns
            .iter()
            .position(|col| col.id == id && col.kind.is_input())
    };
    let mut computed = Vec::new();
    for (c, column) in table.columns.iter().enumerate() {
        let Some((first, second)) = column.kind.operands() else {
            continue;
        };
        match (operand(first), operand(second)) {
            (Some(fc), Some(sc)) => computed.push((c, &column.kind, fc, sc)),
            _ => {
                for r in 0..table.rows.len() {
                    values.set(r, c, Value::Error(ValueError::BadOperand));
                }
            }
        }
    }
    for r in 0..table.rows.len() {
        for &(c, kind, fc, sc) in &computed {
            let v = compare(kind, table.deviation, values.get(r, fc), values.get(r, sc));
            values.set(r, c, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Lang;

    fn explained(formula: &str) -> Option<String> {
        let book = crate::catalog::default_workbook().ok()?;
        let table = book.table("resultatrakning").ok()?;
        let row = table.rows.iter().position(|r| r.id == "ovrigt")?;
        explain_formula(table, row, formula).map(|e| e.message(Lang::Sv))
    }

    #[test]
    fn a_row_walk_reads_each_typed_cell_and_leaves_the_rest_blank() {
        let mut table = crate::catalog::synthetic(3).tables.remove(0);
        let budget = table.column_index("budget-2026").unwrap();
        let first = table.column_index("bokslut-2024").unwrap();
        // A stray cell sorting before every column, and one row without its Budget 2026.
        table.rows[0]
            .cells
            .insert("aaa".into(), Cell::Number(Decimal::ONE));
        table.rows[1].cells.remove("budget-2026");
        let values = evaluate(&table);
        for (r, row) in table.rows.iter().enumerate() {
            for (c, column) in table.columns.iter().enumerate() {
                if column.kind.is_input() && matches!(row.kind, RowKind::Input) {
                    assert_eq!(values.get(r, c), Value::of_cell(row.cells.get(&column.id)));
                }
            }
        }
        assert_eq!(values.get(1, budget), Value::Blank);
        assert!(values.get(0, first).number().is_some());
    }

    #[test]
    fn a_cell_address_is_answered_with_the_row_syntax_and_a_row_near_it() {
        let said = explained("=B3*2").unwrap();
        assert!(said.contains("”B3” är en celladress"), "{said}");
        assert!(
            said.contains("hakparenteser, t.ex. [Köp av verksamhet]"),
            "{said}"
        );
        assert!(said.starts_with("formeln ”=B3*2”"), "{said}");
    }

    #[test]
    fn a_misspelt_label_gets_the_label_it_resembles() {
        let said = explained("=[Köp av verksamhe]*0,1").unwrap();
        assert!(said.contains("menade du [Köp av verksamhet]?"), "{said}");
        let said = explained("=Personl*2").unwrap();
        assert!(said.contains("menade du [Personal]?"), "{said}");
    }

    #[test]
    fn parse_errors_come_through_and_good_formulas_need_no_word() {
        let said = explained("=Köp av verksamhet*0,1").unwrap();
        assert!(said.contains("[Köp av verksamhet]"), "{said}");
        assert_eq!(explained("=[Köp av verksamhet]*0,1"), None);
        assert_eq!(explained("=SUMMA([Personal];[Köp av verksamhet])"), None);
        assert_eq!(explained("=SUMMA(1;2)"), None);
    }
}
