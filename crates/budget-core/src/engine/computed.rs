//! The evaluated workbook: every table's values, in workbook order, as a full evaluation gives
//! them and as `Recalc` keeps them edit by edit.

use crate::engine::eval::{TableValues, Value};
use crate::model::{Table, Workbook};

/// Computed values of every table of a workbook, in workbook order.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub tables: Vec<TableValues>,
}

impl Computed {
    pub fn of(workbook: &Workbook) -> Computed {
        Computed {
            tables: workbook
                .tables
                .iter()
                .map(crate::engine::eval::evaluate)
                .collect(),
        }
    }

    pub fn table<'a>(
        &'a self,
        workbook: &'a Workbook,
        id: &str,
    ) -> Option<(&'a Table, &'a TableValues)> {
        let i = workbook.tables.iter().position(|t| t.id == id)?;
        Some((&workbook.tables[i], self.tables.get(i)?))
    }

    pub fn value(&self, workbook: &Workbook, table: &str, row: &str, column: &str) -> Value {
        self.table(workbook, table)
            .map_or(Value::Blank, |(t, v)| v.by_id(t, row, column))
    }
}
