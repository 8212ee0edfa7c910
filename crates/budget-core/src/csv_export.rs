//! CSV export in two dialects, per table or for the whole workbook: Swedish Excel (UTF-8 with
//! BOM, `;`, decimal comma; `codec::to_csv` is this dialect) and plain RFC 4180 (`,`, decimal
//! point, no BOM) for other tools. Labels that a spreadsheet would run as a formula are
//! neutralised in both; figures never are (a negative figure is data, not a formula).

use crate::bridge::bridge;
use crate::checks::Computed;
use crate::codec::{neutralise, UTF8_BOM};
use crate::eval::{control_value, TableValues, Value};
use crate::model::{Cell, ColumnKind, Table, Workbook};
use crate::number::format_for_excel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8 with BOM, `;`, decimal comma: opens directly in Swedish Excel.
    #[default]
    SwedishExcel,
    /// RFC 4180: `,`, decimal point, no BOM.
    Rfc4180,
}

impl CsvDialect {
    fn separator(self) -> char {
        match self {
            CsvDialect::SwedishExcel => ';',
            CsvDialect::Rfc4180 => ',',
        }
    }

    /// Suffix for file names, so both dialects can be saved side by side.
    pub fn file_suffix(self) -> &'static str {
        match self {
            CsvDialect::SwedishExcel => "",
            CsvDialect::Rfc4180 => "-rfc4180",
        }
    }

    fn text(self, text: &str) -> String {
        let text = neutralise(text);
        if text.contains([self.separator(), '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    }

    /// Money exactly; percentages to one decimal, as on screen.
    fn value(self, value: Value, percent: bool) -> String {
        match value {
            Value::Number(d) => {
                let s = format_for_excel(d, percent.then_some(1));
                match self {
                    CsvDialect::SwedishExcel => s,
                    CsvDialect::Rfc4180 => s.replace(',', "."),
                }
            }
            Value::Blank => String::new(),
            Value::NotApplicable => "–".into(),
            Value::Error(_) => "#FEL".into(),
        }
    }

    fn record(self, out: &mut String, fields: Vec<String>) {
        out.push_str(&fields.join(&self.separator().to_string()));
        out.push_str("\r\n");
    }
}

fn push_table(out: &mut String, table: &Table, values: &TableValues, dialect: CsvDialect) {
    let heading = format!("{}, {}", table.title, table.unit.label());
    dialect.record(
        out,
        std::iter::once(dialect.text(&heading))
            .chain(table.columns.iter().map(|c| dialect.text(&c.label)))
            .collect(),
    );
    for (r, row) in table.rows.iter().enumerate() {
        let fields = table.columns.iter().enumerate().map(|(c, col)| {
            match (&col.kind, row.cells.get(&col.id)) {
                (ColumnKind::Text, Some(Cell::Text(t))) => dialect.text(t),
                (kind, _) => dialect.value(values.get(r, c), kind.is_percent()),
            }
        });
        dialect.record(
            out,
            std::iter::once(dialect.text(&row.label))
                .chain(fields)
                .collect(),
        );
        if !row.control.is_empty() {
            let fields = table
                .columns
                .iter()
                .map(|col| dialect.value(control_value(row, &col.id), false));
            dialect.record(
                out,
                std::iter::once(dialect.text(&format!("{} (tryckt)", row.label)))
                    .chain(fields)
                    .collect(),
            );
        }
    }
}

fn start(dialect: CsvDialect) -> String {
    match dialect {
        CsvDialect::SwedishExcel => UTF8_BOM.to_string(),
        CsvDialect::Rfc4180 => String::new(),
    }
}

/// One table as CSV: a heading record (`Titel, tkr` and the column labels), then its rows.
pub fn table_to_csv(table: &Table, values: &TableValues, dialect: CsvDialect) -> String {
    let mut out = start(dialect);
    push_table(&mut out, table, values, dialect);
    out
}

/// The whole workbook: a block per table separated by an empty record, then the frame bridge.
pub fn workbook_to_csv(workbook: &Workbook, computed: &Computed, dialect: CsvDialect) -> String {
    let mut out = start(dialect);
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        push_table(&mut out, table, values, dialect);
        out.push_str("\r\n");
    }
    if let Some(b) = bridge(workbook, computed) {
        let line = |out: &mut String, label: &str, value: Value| {
            dialect.record(out, vec![dialect.text(label), dialect.value(value, false)]);
        };
        dialect.record(
            &mut out,
            vec![
                dialect.text("Ramöverbryggning, tkr"),
                dialect.text("Belopp"),
            ],
        );
        for step in std::iter::once(&b.base).chain(&b.steps) {
            line(&mut out, &step.label, step.value);
        }
        line(&mut out, "Summa förklarat", b.explained);
        line(&mut out, &b.target.label, b.target.value);
        line(&mut out, "Oförklarad rest", b.remainder);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_or_quotes_are_quoted() {
        assert_eq!(CsvDialect::SwedishExcel.text("a;b"), "\"a;b\"");
        assert_eq!(
            CsvDialect::SwedishExcel.text("sa \"hej\""),
            "\"sa \"\"hej\"\"\""
        );
        assert_eq!(
            CsvDialect::SwedishExcel.text("rad\nbrytning"),
            "\"rad\nbrytning\""
        );
        assert_eq!(CsvDialect::SwedishExcel.text("plain"), "plain");
    }

    #[test]
    fn rfc_dialect_uses_commas_points_and_no_bom() {
        let wb = crate::scenario::default_workbook().unwrap();
        let computed = Computed::of(&wb);
        let csv = workbook_to_csv(&wb, &computed, CsvDialect::Rfc4180);
        assert!(!csv.starts_with(UTF8_BOM));
        assert!(csv.lines().next().unwrap().contains(','));
        assert!(!csv.contains(';'));
        // Percentages with a decimal point.
        assert!(csv.lines().any(|l| l.split(',').any(|f| f.contains('.'))));
    }
}
