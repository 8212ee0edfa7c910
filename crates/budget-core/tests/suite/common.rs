//! The helpers the test modules share: a typed cell as an action, decimals written as Rust reads
//! them, sessions and workbooks on the default scenario, and the parts of generated workbooks
//! that more than one generator uses.
#![allow(clippy::unwrap_used)] // test helpers: a panic is a failing test

use std::str::FromStr;

use budget_core::catalog::{build, default_workbook, Template};
use budget_core::model::{Column, ColumnKind};
use budget_core::{Action, Decimal, Session, Unit, Workbook};
use proptest::prelude::*;

/// Typing `input` into the cell `column` of `row` in `table`, as the page sends it.
pub fn set(table: &str, row: &str, column: &str, input: &str) -> Action {
    Action::SetCell {
        table: table.into(),
        row: row.into(),
        column: column.into(),
        input: input.into(),
    }
}

/// A decimal written as Rust reads it (`"-4.1"`), not as officers type it.
pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A session on the default scenario, with nothing to undo.
pub fn default_session() -> Session {
    Session::new(default_workbook().unwrap())
}

/// The default scenario with one table of `template` (id `id`, budget year `year`) as its only
/// table, so without its reconciliations and bridge.
pub fn one_template(template: Template, id: &str, year: i32) -> Workbook {
    let mut wb = default_workbook().unwrap();
    wb.tables = vec![build(template, id, year)];
    wb.reconciliations.clear();
    wb.bridge = None;
    wb
}

/// Any unit.
pub fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Kr), Just(Unit::Tkr), Just(Unit::Mnkr)]
}

/// The columns of a generated table: input columns `p0`…`p{periods-1}` and `diff`, the last
/// period minus the first.
pub fn period_columns(periods: usize) -> Vec<Column> {
    let mut columns: Vec<Column> = (0..periods)
        .map(|c| Column {
            id: format!("p{c}"),
            label: format!("Period {c}"),
            kind: ColumnKind::Input,
            group: None,
        })
        .collect();
    columns.push(Column {
        id: "diff".into(),
        label: "Förändring".into(),
        kind: ColumnKind::Difference {
            new: format!("p{}", periods - 1),
            old: "p0".into(),
        },
        group: None,
    });
    columns
}
