//! Kalkyl's XLSX module: the exports the page calls (src/xlsx_module.rs) once it has fetched
//! this second wasm module on first use. rust_xlsxwriter and calamine are larger than the rest
//! of the app together, and most sessions never touch XLSX, so they stay out of the first load;
//! so do the other rarely used parts that fit the same call-and-answer shape (share links'
//! deflate and base64, reading a CSV file into an import preview with its encoding detection,
//! writing CSV, merging a colleague's copy (session::merge)), to keep the first load within
//! its budget.
//! Everything crosses as JSON (budget-core's serde types) or bytes; a refusal is a
//! `{"sv": …, "en": …}` text. The domain stays in budget-core; this crate only adapts it.

use budget_core::engine::Computed;
use budget_core::io::{
    preview_csv_with, preview_grid_with, table_to_csv, tables_plan, workbook_plan, workbook_to_csv,
    xlsx_file, CsvDialect, ImportChoices, SheetGrid, XlsxPlan,
};
use budget_core::session::merge;
use budget_core::{CoreError, Workbook};
use wasm_bindgen::prelude::wasm_bindgen;

/// A refusal as the page reads it back.
fn refusal(e: CoreError) -> String {
    serde_json::to_string(&e.text()).unwrap_or_else(|_| String::from(r#"{"sv":"","en":""}"#))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| {
        refusal(CoreError::Write {
            format: "JSON",
            detail: e.to_string(),
        })
    })
}

/// An [`XlsxPlan`] (JSON) as XLSX bytes.
#[wasm_bindgen]
pub fn write_xlsx(plan: &str) -> Result<Vec<u8>, String> {
    let plan: XlsxPlan = serde_json::from_str(plan).map_err(|e| {
        refusal(CoreError::Write {
            format: "XLSX",
            detail: e.to_string(),
        })
    })?;
    xlsx_file::write(&plan).map_err(refusal)
}

/// A workbook (its JSON, as the page holds it) as XLSX bytes: every table, or only the table
/// `table` when it is not empty. The plan is made here, from a full recalculation (which equals
/// the page's incremental one, crates/budget-core/tests/suite/recalc.rs), so the page's first load
/// carries no XLSX code at all.
#[wasm_bindgen]
pub fn write_workbook_xlsx(workbook: &str, table: &str) -> Result<Vec<u8>, String> {
    let workbook: Workbook = serde_json::from_str(workbook).map_err(|e| {
        refusal(CoreError::Write {
            format: "XLSX",
            detail: e.to_string(),
        })
    })?;
    let computed = Computed::of(&workbook);
    let plan = if table.is_empty() {
        workbook_plan(&workbook, &computed)
    } else {
        let one = computed.table(&workbook, table).ok_or_else(|| {
            refusal(CoreError::UnknownTable {
                table: table.into(),
            })
        })?;
        tables_plan(&[one], true)
    };
    xlsx_file::write(&plan).map_err(refusal)
}

/// The sheet names of an XLSX file, as a JSON array.
#[wasm_bindgen]
pub fn xlsx_sheet_names(bytes: &[u8]) -> Result<String, String> {
    to_json(&xlsx_file::sheet_names(bytes).map_err(refusal)?)
}

/// One sheet (0-based) as a [`budget_core::io::SheetGrid`] in JSON.
#[wasm_bindgen]
pub fn read_xlsx_sheet(bytes: &[u8], sheet: usize) -> Result<String, String> {
    to_json(&xlsx_file::read_grid(bytes, sheet).map_err(refusal)?)
}

fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    format: &'static str,
) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| {
        refusal(CoreError::Write {
            format,
            detail: e.to_string(),
        })
    })
}

/// A CSV file read into an import preview (JSON) with the user's choices (JSON
/// [`ImportChoices`]); `title` heads the table when the file has none.
#[wasm_bindgen]
pub fn preview_csv(bytes: &[u8], title: &str, choices: &str) -> Result<String, String> {
    let choices: ImportChoices = from_json(choices, "JSON")?;
    to_json(&preview_csv_with(bytes, "import", title, &choices).map_err(refusal)?)
}

/// A sheet as [`read_xlsx_sheet`] gave it (the page keeps its JSON as it came) read into an
/// import preview, so a change of the choices does not read the archive again.
#[wasm_bindgen]
pub fn preview_sheet(grid: &str, title: &str, choices: &str) -> Result<String, String> {
    let grid: SheetGrid = from_json(grid, "JSON")?;
    let choices: ImportChoices = from_json(choices, "JSON")?;
    to_json(&preview_grid_with(&grid, "import", title, &choices).map_err(refusal)?)
}

/// A workbook (its JSON) as CSV text in `dialect` (JSON [`CsvDialect`]): every table with the
/// frame bridge, or only the table `table` when it is not empty; recalculated here in full, as
/// for XLSX.
#[wasm_bindgen]
pub fn workbook_csv(workbook: &str, table: &str, dialect: &str) -> Result<String, String> {
    let workbook: Workbook = from_json(workbook, "CSV")?;
    let dialect: CsvDialect = from_json(dialect, "CSV")?;
    let computed = Computed::of(&workbook);
    if table.is_empty() {
        return workbook_to_csv(&workbook, &computed, dialect).map_err(refusal);
    }
    let (one, values) = workbook
        .tables
        .iter()
        .zip(&computed.tables)
        .find(|(t, _)| t.id == table)
        .ok_or_else(|| {
            refusal(CoreError::UnknownTable {
                table: table.into(),
            })
        })?;
    table_to_csv(one, values, dialect).map_err(refusal)
}

/// A scenario file's compact JSON packed as a share link's payload (deflate, base64).
#[wasm_bindgen]
pub fn pack_link(json: &str) -> String {
    budget_core::io::share::pack(json)
}

/// A share link's payload unpacked to the scenario file's JSON text, which the page checks as
/// it checks an opened file.
#[wasm_bindgen]
pub fn unpack_link(payload: &str) -> Result<String, String> {
    budget_core::io::share::unpack(payload).map_err(refusal)
}

/// A workbook from the page's JSON, or a refusal naming the merge.
fn workbook(json: &str) -> Result<Workbook, String> {
    serde_json::from_str(json).map_err(|e| {
        refusal(CoreError::Write {
            format: "JSON",
            detail: e.to_string(),
        })
    })
}

/// The colleague's copy: a scenario file's text, read with every check of an opened file.
fn their_copy(file: &str) -> Result<Workbook, String> {
    budget_core::io::from_json(file)
        .map(|s| s.workbook)
        .map_err(refusal)
}

/// What merging the scenario file `theirs` (its text) into the open workbook `ours` (JSON)
/// would do: a [`merge::MergePlan`] in JSON, for the page to show.
#[wasm_bindgen]
pub fn merge_plan(ours: &str, theirs: &str) -> Result<String, String> {
    to_json(&merge::plan(&workbook(ours)?, &their_copy(theirs)?))
}

/// The merge of `theirs` into `ours` with the conflicts settled by `choices` (JSON
/// `[[spot, "ours" | "theirs"], …]`, chosen on a plan shown earlier), as the parts of the one
/// `Action::Merge` the page applies: `{"workbook": …, "taken": […]}`. The plan is made again
/// here, so an edit made since it was shown is kept, and a conflict it brings is refused.
#[wasm_bindgen]
pub fn merge_apply(ours: &str, theirs: &str, choices: &str) -> Result<String, String> {
    let (ours, theirs) = (workbook(ours)?, their_copy(theirs)?);
    let chosen: Vec<(merge::Spot, merge::Side)> = serde_json::from_str(choices).map_err(|e| {
        refusal(CoreError::Write {
            format: "JSON",
            detail: e.to_string(),
        })
    })?;
    let plan = merge::plan(&ours, &theirs);
    let sides = merge::choices_by_spot(&plan, &chosen).map_err(refusal)?;
    let (workbook, taken) = merge::merge(&ours, &theirs, &plan, &sides).map_err(refusal)?;
    to_json(&serde_json::json!({ "workbook": workbook, "taken": taken }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use budget_core::Text;

    #[test]
    fn the_default_workbook_goes_out_and_comes_back_through_json() {
        let wb = budget_core::catalog::default_workbook().unwrap();
        let computed = budget_core::engine::Computed::of(&wb);
        let plan = serde_json::to_string(&budget_core::io::workbook_plan(&wb, &computed)).unwrap();
        let bytes = write_xlsx(&plan).unwrap();
        let names: Vec<String> = serde_json::from_str(&xlsx_sheet_names(&bytes).unwrap()).unwrap();
        // One sheet per table, then the frame bridge.
        assert_eq!(names.len(), wb.tables.len() + 1);
        let grid: budget_core::io::SheetGrid =
            serde_json::from_str(&read_xlsx_sheet(&bytes, 0).unwrap()).unwrap();
        let preview = budget_core::io::preview_grid(&grid, "x", "x").unwrap();
        assert_eq!(preview.table.rows.len(), wb.tables[0].rows.len());
    }

    #[test]
    fn a_share_link_payload_unpacks_to_the_json_it_packed() {
        let wb = budget_core::catalog::default_workbook().unwrap();
        let json = budget_core::io::to_json_compact(&budget_core::io::Scenario {
            meta: budget_core::io::ScenarioMeta::for_workbook(&wb, "2026-12-06T10:00:00Z"),
            workbook: wb,
        })
        .unwrap();
        let payload = pack_link(&json);
        assert_eq!(unpack_link(&payload).unwrap(), json);
        let err = unpack_link(&payload[..payload.len() / 2]).unwrap_err();
        let text: Text = serde_json::from_str(&err).unwrap();
        assert!(
            text.get(budget_core::Lang::Sv).contains("avklippt"),
            "{err}"
        );
        assert!(
            text.get(budget_core::Lang::En).contains("cut short"),
            "{err}"
        );
    }

    #[test]
    fn a_csv_preview_and_export_cross_as_json_unchanged() {
        let wb = budget_core::catalog::default_workbook().unwrap();
        let computed = budget_core::engine::Computed::of(&wb);
        let json = serde_json::to_string(&wb).unwrap();
        let dialect = serde_json::to_string(&CsvDialect::SwedishExcel).unwrap();
        let whole = workbook_csv(&json, "", &dialect).unwrap();
        assert_eq!(
            whole,
            workbook_to_csv(&wb, &computed, CsvDialect::SwedishExcel).unwrap()
        );
        let first = &wb.tables[0];
        let one = workbook_csv(&json, &first.id, &dialect).unwrap();
        let direct = table_to_csv(first, &computed.tables[0], CsvDialect::SwedishExcel).unwrap();
        assert_eq!(one, direct);

        let mut choices = ImportChoices::default();
        choices.toggle_sum(2);
        let choices_json = serde_json::to_string(&choices).unwrap();
        let crossed: budget_core::io::ImportPreview =
            serde_json::from_str(&preview_csv(direct.as_bytes(), "x", &choices_json).unwrap())
                .unwrap();
        let here = preview_csv_with(direct.as_bytes(), "import", "x", &choices).unwrap();
        assert_eq!(crossed, here);
        assert_eq!(crossed.table.rows.len(), first.rows.len());

        let err = workbook_csv(&json, "ingen-sadan", &dialect).unwrap_err();
        assert!(serde_json::from_str::<Text>(&err).is_ok(), "{err}");
    }

    #[test]
    fn a_sheet_is_previewed_from_the_json_the_page_kept() {
        let wb = budget_core::catalog::default_workbook().unwrap();
        let computed = budget_core::engine::Computed::of(&wb);
        let plan = serde_json::to_string(&budget_core::io::workbook_plan(&wb, &computed)).unwrap();
        let bytes = write_xlsx(&plan).unwrap();
        let grid = read_xlsx_sheet(&bytes, 0).unwrap();
        let preview: budget_core::io::ImportPreview = serde_json::from_str(
            &preview_sheet(&grid, "x", "{\"columns\":[],\"typed\":[]}").unwrap(),
        )
        .unwrap();
        assert_eq!(preview.table.rows.len(), wb.tables[0].rows.len());
    }

    #[test]
    fn a_copy_merges_through_json_and_an_unseen_conflict_is_refused() {
        use budget_core::session::{Session, Stamp};
        let stamp = |who: &str| Stamp {
            at: "2026-12-07T10:00:00.000Z".into(),
            author: who.into(),
            reason: String::new(),
        };
        let set = |input: &str| budget_core::Action::SetCell {
            table: "resultatrakning".into(),
            row: "personal".into(),
            column: "budget-2026".into(),
            input: input.into(),
        };
        let mut sent = Session::new(budget_core::catalog::default_workbook().unwrap());
        sent.apply_as(set("1"), &stamp("A")).unwrap();
        let (mut ours, mut theirs) = (sent.clone(), sent);
        ours.apply_as(set("2"), &stamp("A")).unwrap();
        theirs.apply_as(set("3"), &stamp("B")).unwrap();
        let file = budget_core::io::to_json(&budget_core::io::Scenario {
            meta: budget_core::io::ScenarioMeta::for_workbook(&theirs.workbook, "2026-12-07"),
            workbook: theirs.workbook.clone(),
        })
        .unwrap();
        let ours_json = serde_json::to_string(&ours.workbook).unwrap();
        let plan: merge::MergePlan =
            serde_json::from_str(&merge_plan(&ours_json, &file).unwrap()).unwrap();
        assert!(plan.related);
        let spot = plan.conflicts().next().unwrap().spot.clone();
        let choices = serde_json::to_string(&[(spot, merge::Side::Theirs)]).unwrap();
        let out: serde_json::Value =
            serde_json::from_str(&merge_apply(&ours_json, &file, &choices).unwrap()).unwrap();
        let merged: Workbook = serde_json::from_value(out["workbook"].clone()).unwrap();
        let personal = merged
            .table("resultatrakning")
            .unwrap()
            .row("personal")
            .unwrap();
        assert_eq!(
            personal.cells.get("budget-2026"),
            Some(&budget_core::Cell::Number(3.into()))
        );
        assert_eq!(out["taken"].as_array().unwrap().len(), 1);
        let err = merge_apply(&ours_json, &file, "[]").unwrap_err();
        assert!(serde_json::from_str::<Text>(&err).is_ok(), "{err}");
    }

    #[test]
    fn refusals_are_texts_in_both_languages() {
        let err = read_xlsx_sheet(b"PK\x03\x04 not a zip", 0).unwrap_err();
        let text: Text = serde_json::from_str(&err).unwrap();
        assert!(
            text.get(budget_core::Lang::Sv).contains("zip-arkivets"),
            "{err}"
        );
        assert!(
            text.get(budget_core::Lang::En).contains("zip archive"),
            "{err}"
        );
        let err = write_xlsx("{").unwrap_err();
        assert!(serde_json::from_str::<Text>(&err).is_ok(), "{err}");
    }
}
