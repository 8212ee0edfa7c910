//! Recalculation: turns a table's typed cells into the value of every cell, sums and computed
//! columns included. Errors are values here, so one bad cell marks what depends on it instead of
//! stopping the whole table.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::arith::Exact;
use crate::formula::FormulaError;
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
    Formula(Result<crate::formula::Expr, ()>, Vec<usize>),
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

    /// For a table that is never looked up by name: building the index would be wasted.
    fn unindexed(table: &'a Table) -> RowNames<'a> {
        RowNames {
            table,
            ids: HashMap::new(),
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
    let expr = match crate::formula::parse(source) {
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

/// Order in which one column's rows can be computed, each after what it depends on (sum terms,
/// formula references). Rows on a cycle or naming a missing row are reported instead.
fn column_order(table: &Table, column: &str, index: &RowNames) -> ColumnOrder {
    let n = table.rows.len();
    let mut broken = HashMap::new();
    let mut sources = Vec::with_capacity(n);
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, row) in table.rows.iter().enumerate() {
        let source = match (&row.kind, row.cells.get(column)) {
            (RowKind::Sum { terms }, _) => {
                let mut found = Vec::with_capacity(terms.len());
                for t in terms {
                    match index.id(t) {
                        Some(j) => found.push(j),
                        None => {
                            broken.insert(i, ValueError::MissingRow);
                        }
                    }
                }
                Source::Sum(found)
            }
            (RowKind::Input, Some(Cell::Formula(text))) => match crate::formula::parse(text) {
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
            },
            (RowKind::Input, _) => Source::Cell,
        };
        if let Source::Sum(d) | Source::Formula(_, d) = &source {
            deps[i].clone_from(d);
        }
        sources.push(source);
    }
    // Kahn's algorithm over "dependency before dependant".
    let mut pending: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            users[d].push(i);
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
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
    parsed: &Result<crate::formula::Expr, ()>,
    index: &RowNames,
    column_values: &[Value],
) -> Value {
    use crate::formula::EvalError;
    let Ok(expr) = parsed else {
        return Value::Error(ValueError::BadFormula);
    };
    let resolve = |name: &str| {
        index
            .resolve(name)
            .and_then(|j| column_values.get(j).copied())
            .unwrap_or(Value::Error(ValueError::MissingRow))
    };
    match crate::formula::evaluate(expr, &resolve) {
        Ok(d) => Value::Number(d),
        Err(EvalError::DivisionByZero) => Value::Error(ValueError::DivisionByZero),
        Err(EvalError::Overflow) => Value::Error(ValueError::Overflow),
        Err(EvalError::Operand(Value::Error(_))) => Value::Error(ValueError::DependsOnError),
        Err(EvalError::Operand(_)) => Value::Blank,
    }
}

/// Recalculates a whole table.
pub fn evaluate(table: &Table) -> TableValues {
    let ncols = table.columns.len();
    let nrows = table.rows.len();
    let mut values = TableValues {
        columns: ncols,
        values: vec![Value::Blank; ncols * nrows],
    };
    // Without formulas every column depends on the sums alone, so one order serves them all; a
    // formula's references are per cell, so then each column gets its own.
    let formulas = table
        .rows
        .iter()
        .any(|r| r.cells.values().any(|c| matches!(c, Cell::Formula(_))));
    // A plain list (a freshly imported table) has neither sums nor formulas: every value is its
    // cell's, and neither a row index nor an order of computation is needed.
    let plain = !formulas
        && !table
            .rows
            .iter()
            .any(|r| matches!(r.kind, RowKind::Sum { .. }));
    // Rows by id, for sum terms and formula names.
    let index = if plain {
        RowNames::unindexed(table)
    } else {
        RowNames::new(table)
    };
    let mut shared: Option<ColumnOrder> = None;
    for (c, column) in table.columns.iter().enumerate() {
        if !column.kind.is_input() {
            continue;
        }
        if plain {
            for (r, row) in table.rows.iter().enumerate() {
                values.set(r, c, Value::of_cell(row.cells.get(&column.id)));
            }
            continue;
        }
        if formulas || shared.is_none() {
            shared = Some(column_order(table, &column.id, &index));
        }
        let Some((sources, order, broken)) = shared.as_ref() else {
            continue;
        };
        let mut col: Vec<Value> = vec![Value::Blank; nrows];
        for (r, err) in broken {
            col[*r] = Value::Error(*err);
        }
        for &r in order {
            if broken.contains_key(&r) {
                continue;
            }
            col[r] = match &sources[r] {
                Source::Cell => Value::of_cell(table.rows[r].cells.get(&column.id)),
                Source::Sum(terms) => sum_values(terms.iter().map(|&t| col[t])),
                Source::Formula(parsed, _) => formula_value(parsed, &index, &col),
            };
        }
        for (r, v) in col.into_iter().enumerate() {
            values.set(r, c, v);
        }
    }
    for (c, column) in table.columns.iter().enumerate() {
        let Some((first, second)) = column.kind.operands() else {
            continue;
        };
        let operand = |id: &str| {
            table
                .columns
                .iter()
                .position(|col| col.id == id && col.kind.is_input())
        };
        let (Some(fc), Some(sc)) = (operand(first), operand(second)) else {
            for r in 0..nrows {
                values.set(r, c, Value::Error(ValueError::BadOperand));
            }
            continue;
        };
        for r in 0..nrows {
            let v = compare(
                &column.kind,
                table.deviation,
                values.get(r, fc),
                values.get(r, sc),
            );
            values.set(r, c, v);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn explained(formula: &str) -> Option<String> {
        let book = crate::scenario::default_workbook().ok()?;
        let table = book.table("resultatrakning").ok()?;
        let row = table.rows.iter().position(|r| r.id == "ovrigt")?;
        explain_formula(table, row, formula).map(|e| e.message(Lang::Sv))
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
