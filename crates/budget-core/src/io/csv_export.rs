//! CSV export in two dialects, per table or for the whole workbook: Swedish Excel (UTF-8 with
//! BOM, `;`, decimal comma; `codec::to_csv` is this dialect) and plain RFC 4180 (`,`, decimal
//! point, no BOM) for other tools. Labels that a spreadsheet would run as a formula are
//! neutralised in both; figures never are (a negative figure is data, not a formula).

use crate::analysis::bridge;
use crate::base::{format_for_excel, CoreError};
use crate::engine::{control_value, Computed, TableValues, Value};
use crate::io::codec::{neutralise, UTF8_BOM};
use crate::model::{Cell, ColumnKind, Table, Workbook};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum CsvDialect {
    /// UTF-8 with BOM, `;`, decimal comma: opens directly in Swedish Excel.
    #[default]
    SwedishExcel,
    /// RFC 4180: `,`, decimal point, no BOM.
    Rfc4180,
}

impl CsvDialect {
    fn separator(self) -> u8 {
        match self {
            CsvDialect::SwedishExcel => b';',
            CsvDialect::Rfc4180 => b',',
        }
    }

    pub fn file_suffix(self) -> &'static str {
        match self {
            CsvDialect::SwedishExcel => "",
            CsvDialect::Rfc4180 => "-rfc4180",
        }
    }

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
}

/// The text being written: records go through the csv crate (quoting what holds the separator,
/// a quote or a line break, CRLF line ends), one block at a time, so the blank line between
/// blocks is a bare line end (the crate writes an empty record as `""`).
struct Out {
    dialect: CsvDialect,
    bytes: Vec<u8>,
}

impl Out {
    fn new(dialect: CsvDialect) -> Out {
        let bytes = match dialect {
            CsvDialect::SwedishExcel => UTF8_BOM.as_bytes().to_vec(),
            CsvDialect::Rfc4180 => Vec::new(),
        };
        Out { dialect, bytes }
    }

    /// Writes records; texts are neutralised so Excel never runs one as a formula.
    fn block(&mut self, records: Vec<Vec<Field>>) -> Result<(), CoreError> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.dialect.separator())
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(std::mem::take(&mut self.bytes));
        for record in records {
            writer
                .write_record(record.iter().map(|f| match f {
                    Field::Text(t) => neutralise(t),
                    Field::Figure(s) => s.clone(),
                }))
                .map_err(CoreError::from_csv_writer)?;
        }
        self.bytes = writer.into_inner().map_err(CoreError::from_csv_writer)?;
        Ok(())
    }

    fn blank_line(&mut self) {
        self.bytes.extend_from_slice(b"\r\n");
    }

    fn finish(self) -> Result<String, CoreError> {
        String::from_utf8(self.bytes).map_err(CoreError::from_csv_writer)
    }
}

enum Field {
    Text(String),
    Figure(String),
}

fn push_table(out: &mut Out, table: &Table, values: &TableValues) -> Result<(), CoreError> {
    let dialect = out.dialect;
    let heading = format!("{}, {}", table.title, table.unit.label());
    let mut records = Vec::with_capacity(table.rows.len() + 1);
    records.push(
        std::iter::once(Field::Text(heading))
            .chain(table.columns.iter().map(|c| Field::Text(c.label.clone())))
            .collect(),
    );
    for (r, row) in table.rows.iter().enumerate() {
        let fields = table.columns.iter().enumerate().map(|(c, col)| {
            match (&col.kind, row.cells.get(&col.id)) {
                (ColumnKind::Text, Some(Cell::Text(t))) => Field::Text(t.clone()),
                (kind, _) => Field::Figure(dialect.value(values.get(r, c), kind.is_percent())),
            }
        });
        records.push(
            std::iter::once(Field::Text(row.label.clone()))
                .chain(fields)
                .collect(),
        );
        if !row.control.is_empty() {
            let fields = table
                .columns
                .iter()
                .map(|col| Field::Figure(dialect.value(control_value(row, &col.id), false)));
            records.push(
                std::iter::once(Field::Text(format!("{} (tryckt)", row.label)))
                    .chain(fields)
                    .collect(),
            );
        }
    }
    out.block(records)
}

pub fn table_to_csv(
    table: &Table,
    values: &TableValues,
    dialect: CsvDialect,
) -> Result<String, CoreError> {
    let mut out = Out::new(dialect);
    push_table(&mut out, table, values)?;
    out.finish()
}

pub fn workbook_to_csv(
    workbook: &Workbook,
    computed: &Computed,
    dialect: CsvDialect,
) -> Result<String, CoreError> {
    let mut out = Out::new(dialect);
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        push_table(&mut out, table, values)?;
        out.blank_line();
    }
    if let Some(b) = bridge(workbook, computed) {
        let line = |label: &str, value: Value| {
            vec![
                Field::Text(label.to_string()),
                Field::Figure(dialect.value(value, false)),
            ]
        };
        let mut records = vec![vec![
            Field::Text("Ramöverbryggning, tkr".into()),
            Field::Text("Belopp".into()),
        ]];
        for step in std::iter::once(&b.base).chain(&b.steps) {
            records.push(line(&step.label, step.value));
        }
        records.push(line("Summa förklarat", b.explained));
        records.push(line(&b.target.label, b.target.value));
        records.push(line("Oförklarad rest", b.remainder));
        out.block(records)?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fields_with_separators_or_quotes_are_quoted() {
        let text = |t: &str| {
            let mut out = Out::new(CsvDialect::Rfc4180);
            out.block(vec![vec![Field::Text(t.into()), Field::Figure("1".into())]])
                .unwrap();
            out.finish().unwrap()
        };
        assert_eq!(text("a,b"), "\"a,b\",1\r\n");
        assert_eq!(text("sa \"hej\""), "\"sa \"\"hej\"\"\",1\r\n");
        assert_eq!(text("rad\nbrytning"), "\"rad\nbrytning\",1\r\n");
        assert_eq!(text("a;b"), "a;b,1\r\n");
        assert_eq!(text("=1+1"), "'=1+1,1\r\n");
    }

    #[test]
    fn rfc_dialect_uses_commas_points_and_no_bom() {
        let wb = crate::catalog::default_workbook().unwrap();
        let computed = Computed::of(&wb);
        let csv = workbook_to_csv(&wb, &computed, CsvDialect::Rfc4180).unwrap();
        assert!(!csv.starts_with(UTF8_BOM));
        assert!(csv.lines().next().unwrap().contains(','));
        assert!(!csv.contains(';'));
        // Percentages with a decimal point.
        assert!(csv.lines().any(|l| l.split(',').any(|f| f.contains('.'))));
    }
}
