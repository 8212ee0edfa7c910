//! File formats: the JSON scenario file (decimals as strings, exact) and the CSV export for
//! Swedish Excel (UTF-8 with BOM, `;`, decimal comma, one block per table).

use crate::checks::Computed;
use crate::error::CoreError;
use crate::json::{self, JsonError, Writer};
use crate::json_model;
use crate::model::Workbook;
use crate::text;

pub const FORMAT_NAME: &str = "kalkyl-scenario";
pub const FORMAT_VERSION: u32 = 1;

pub fn to_json(workbook: &Workbook) -> Result<String, CoreError> {
    let mut w = Writer::new(true);
    w.open_object();
    w.string_member("format", FORMAT_NAME);
    w.number_member("version", FORMAT_VERSION.into());
    w.key("workbook");
    json_model::write_workbook(&mut w, workbook);
    w.close_object();
    Ok(w.finish())
}

pub fn from_json(text: &str) -> Result<Workbook, CoreError> {
    let tree = json::parse(text).map_err(|e| CoreError::Scenario {
        message: crate::file::json_error_text(&e, text),
    })?;
    let read = || -> Result<(String, u32, Workbook), JsonError> {
        let o = json_model::object(&tree)?;
        let version = o.req("version")?;
        let version = json_model::whole_number(version)?;
        Ok((
            o.string("format")?,
            version,
            json_model::workbook(o.req("workbook")?)?,
        ))
    };
    // JSON of the wrong shape is not "invalid JSON": only the place and what was wrong.
    let (format, version, workbook) = read().map_err(|e| CoreError::Scenario {
        message: e.placed(text),
    })?;
    if format != FORMAT_NAME {
        return Err(CoreError::Scenario {
            message: text!("okänt format ”{format}”", "unknown format “{format}”"),
        });
    }
    if version != FORMAT_VERSION {
        return Err(CoreError::Scenario {
            message: text!("okänd version {version}", "unknown version {version}"),
        });
    }
    crate::validate::validate(&workbook)?;
    Ok(workbook)
}

pub const UTF8_BOM: &str = "\u{feff}";

/// A label made safe for a spreadsheet: a leading `= + - @`, tab or CR would make Excel run it
/// as a formula (OWASP CSV injection), so such text is prefixed with an apostrophe.
pub(crate) fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The whole workbook as CSV for Swedish Excel: a block per table (heading row, then rows; a
/// printed control total as its own row under its total), then the frame bridge. The one writer
/// is `csv_export`; this is its Swedish dialect.
pub fn to_csv(workbook: &Workbook, computed: &Computed) -> String {
    crate::csv_export::workbook_to_csv(
        workbook,
        computed,
        crate::csv_export::CsvDialect::SwedishExcel,
    )
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
