//! File formats: the JSON scenario file (decimals as strings, exact) and the CSV export for
//! Swedish Excel (UTF-8 with BOM, `;`, decimal comma, one block per table).

use crate::base::CoreError;
use crate::engine::Computed;
use crate::io::file::FileV1;
use crate::model::Workbook;
use crate::text;

const V1_FORMAT_NAME: &str = "kalkyl-scenario";
pub const V1_FORMAT_VERSION: u32 = 1;

/// The workbook as a version 1 file (no metadata), indented.
pub fn to_json_v1(workbook: &Workbook) -> Result<String, CoreError> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        format: &'static str,
        version: u32,
        workbook: &'a Workbook,
    }
    serde_json::to_string_pretty(&Out {
        format: V1_FORMAT_NAME,
        version: V1_FORMAT_VERSION,
        workbook,
    })
    .map_err(CoreError::from_json_writer)
}

pub fn from_json_v1(text: &str) -> Result<Workbook, CoreError> {
    let file: FileV1 = serde_json::from_str(text).map_err(|e| CoreError::Scenario {
        message: crate::io::json_refusal::refusal(&e),
    })?;
    if file.format != V1_FORMAT_NAME {
        let format = file.format;
        return Err(CoreError::Scenario {
            message: text!("okänt format ”{format}”", "unknown format “{format}”"),
        });
    }
    if file.version != V1_FORMAT_VERSION {
        let version = file.version;
        return Err(CoreError::Scenario {
            message: text!("okänd version {version}", "unknown version {version}"),
        });
    }
    crate::model::validate(&file.workbook)?;
    Ok(file.workbook)
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
pub fn to_csv(workbook: &Workbook, computed: &Computed) -> Result<String, CoreError> {
    crate::io::csv_export::workbook_to_csv(
        workbook,
        computed,
        crate::io::csv_export::CsvDialect::SwedishExcel,
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
        let wb = crate::catalog::default_workbook().unwrap();
        let json = to_json_v1(&wb).unwrap();
        let v2 = json.replace("\"version\": 1", "\"version\": 2");
        assert!(from_json_v1(&v2)
            .unwrap_err()
            .to_string()
            .contains("version 2"));
        let other = json.replace(V1_FORMAT_NAME, "annat");
        assert!(from_json_v1(&other)
            .unwrap_err()
            .to_string()
            .contains("annat"));
        let broken = &json[..json.len() / 2];
        assert!(from_json_v1(broken)
            .unwrap_err()
            .to_string()
            .contains("rad "));
    }
}
