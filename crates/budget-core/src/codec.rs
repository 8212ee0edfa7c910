//! File formats: the JSON scenario file (decimals as strings, exact) and the CSV export for
//! Swedish Excel (UTF-8 with BOM, `;`, decimal comma, one block per table).

use serde::{Deserialize, Serialize};

use crate::bridge::bridge;
use crate::checks::Computed;
use crate::error::CoreError;
use crate::eval::Value;
use crate::model::{ColumnKind, Workbook};
use crate::number::format_for_excel;

pub const FORMAT_NAME: &str = "kalkyl-scenario";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct ScenarioFile {
    format: String,
    version: u32,
    workbook: Workbook,
}

pub fn to_json(workbook: &Workbook) -> Result<String, CoreError> {
    let file = ScenarioFile {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        workbook: workbook.clone(),
    };
    serde_json::to_string_pretty(&file).map_err(|e| CoreError::Scenario {
        message: e.to_string(),
    })
}

pub fn from_json(text: &str) -> Result<Workbook, CoreError> {
    let file: ScenarioFile = serde_json::from_str(text).map_err(|e| CoreError::Scenario {
        message: format!("rad {}, kolumn {}: {e}", e.line(), e.column()),
    })?;
    if file.format != FORMAT_NAME {
        return Err(CoreError::Scenario {
            message: format!("okänt format ”{}”", file.format),
        });
    }
    if file.version != FORMAT_VERSION {
        return Err(CoreError::Scenario {
            message: format!("okänd version {}", file.version),
        });
    }
    crate::validate::validate(&file.workbook)?;
    Ok(file.workbook)
}

pub const UTF8_BOM: &str = "\u{feff}";
const CSV_SEPARATOR: char = ';';
/// Excel needs CRLF to keep quoted multi-line labels apart from records.
const CSV_NEWLINE: &str = "\r\n";

/// A label made safe for a spreadsheet: a leading `= + - @`, tab or CR would make Excel run it
/// as a formula (OWASP CSV injection), so such text is prefixed with an apostrophe.
pub(crate) fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn quote(field: &str) -> String {
    if field.contains([CSV_SEPARATOR, '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn text_field(text: &str) -> String {
    quote(&neutralise(text))
}

/// Money is written exactly; percentages to one decimal like on screen.
fn value_field(value: Value, percent: bool) -> String {
    match value {
        Value::Number(d) => format_for_excel(d, percent.then_some(1)),
        Value::Blank => String::new(),
        Value::NotApplicable => "–".into(),
        Value::Error(_) => "#FEL".into(),
    }
}

fn push_record(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().collect();
    out.push_str(&fields.join(&CSV_SEPARATOR.to_string()));
    out.push_str(CSV_NEWLINE);
}

/// The whole workbook as CSV for Swedish Excel: a block per table (heading row, then rows; a
/// printed control total as its own row under its total), then the frame bridge.
pub fn to_csv(workbook: &Workbook, computed: &Computed) -> String {
    let mut out = String::from(UTF8_BOM);
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        let heading = format!("{}, {}", table.title, table.unit.label());
        push_record(
            &mut out,
            std::iter::once(text_field(&heading))
                .chain(table.columns.iter().map(|c| text_field(&c.label))),
        );
        for (r, row) in table.rows.iter().enumerate() {
            push_record(
                &mut out,
                std::iter::once(text_field(&row.label)).chain(
                    table.columns.iter().enumerate().map(|(c, col)| {
                        match (&col.kind, row.cells.get(&col.id)) {
                            (ColumnKind::Text, Some(crate::model::Cell::Text(t))) => text_field(t),
                            (kind, _) => value_field(values.get(r, c), kind.is_percent()),
                        }
                    }),
                ),
            );
            if !row.control.is_empty() {
                push_record(
                    &mut out,
                    std::iter::once(text_field(&format!("{} (tryckt)", row.label))).chain(
                        table.columns.iter().map(|col| {
                            value_field(crate::eval::control_value(row, &col.id), false)
                        }),
                    ),
                );
            }
        }
        out.push_str(CSV_NEWLINE);
    }
    if let Some(b) = bridge(workbook, computed) {
        push_record(
            &mut out,
            [text_field("Ramöverbryggning, tkr"), text_field("Belopp")],
        );
        let lines = std::iter::once(&b.base).chain(&b.steps);
        for line in lines {
            push_record(
                &mut out,
                [text_field(&line.label), value_field(line.value, false)],
            );
        }
        push_record(
            &mut out,
            [
                text_field("Summa förklarat"),
                value_field(b.explained, false),
            ],
        );
        push_record(
            &mut out,
            [
                text_field(&b.target.label),
                value_field(b.target.value, false),
            ],
        );
        push_record(
            &mut out,
            [
                text_field("Oförklarad rest"),
                value_field(b.remainder, false),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_look_like_formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-4 482"), "'-4 482");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("Personal"), "Personal");
    }

    #[test]
    fn fields_with_separators_or_quotes_are_quoted() {
        assert_eq!(quote("a;b"), "\"a;b\"");
        assert_eq!(quote("sa \"hej\""), "\"sa \"\"hej\"\"\"");
        assert_eq!(quote("rad\nbrytning"), "\"rad\nbrytning\"");
        assert_eq!(quote("plain"), "plain");
    }

    #[test]
    fn unknown_versions_and_formats_are_refused() {
        let wb = crate::scenario::default_workbook().unwrap();
        let json = to_json(&wb).unwrap();
        let v2 = json.replace("\"version\": 1", "\"version\": 2");
        assert!(from_json(&v2)
            .unwrap_err()
            .to_string()
            .contains("version 2"));
        let other = json.replace(FORMAT_NAME, "annat");
        assert!(from_json(&other).unwrap_err().to_string().contains("annat"));
        let broken = &json[..json.len() / 2];
        assert!(from_json(broken).unwrap_err().to_string().contains("rad "));
    }
}
