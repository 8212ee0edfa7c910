//! The XLSX module seen from the page: fetched on the first XLSX export or import, CSV import
//! or export, or share link made or opened, then kept.
//! rust_xlsxwriter and calamine (crates/kalkyl-xlsx) are larger than the rest of the app, so
//! they are a second wasm module rather than part of the first load. index.html defines
//! `kalkylXlsx(attempt)`, which imports `xlsx/kalkyl_xlsx.js` and instantiates it (the one-file
//! edition replaces it with one that instantiates the inlined bytes). Plans, grids and refusals
//! cross as JSON; a trap inside the module (a crate panicking on a hostile file) becomes a
//! refusal, and the next use loads a fresh instance, since a trapped one may be left broken.

use std::cell::{Cell, RefCell};

use budget_core::io::{CsvDialect, ImportChoices, ImportPreview};
use budget_core::{text, Text};
use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// Instances loaded so far; a new one gets its own URL, hence its own wasm instance.
    static ATTEMPT: Cell<u32> = const { Cell::new(0) };
}

fn unavailable() -> Text {
    text!(
        "Kalkyls del för Excel-filer och länkar kunde inte hämtas (xlsx/kalkyl_xlsx.js bredvid sidan); ladda om sidan och försök igen",
        "Kalkyl's part for Excel files and links could not be fetched (xlsx/kalkyl_xlsx.js beside the page); reload the page and try again"
    )
}

fn stopped() -> Text {
    text!(
        "Kalkyls del för Excel-filer och länkar stannade (filen eller länken är skadad, eller utanför Excels gränser); inget har ändrats, och nästa försök börjar om",
        "Kalkyl's part for Excel files and links stopped (the file or link is damaged, or beyond Excel's limits); nothing has changed, and the next attempt starts afresh"
    )
}

async fn module() -> Result<JsValue, Text> {
    if let Some(module) = MODULE.with(|m| m.borrow().clone()) {
        return Ok(module);
    }
    let loader: Function = Reflect::get(&js_sys::global(), &JsValue::from_str("kalkylXlsx"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(unavailable)?;
    let attempt = ATTEMPT.with(Cell::get);
    let promise: Promise = loader
        .call1(&JsValue::NULL, &JsValue::from(attempt))
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or_else(unavailable)?;
    let module = JsFuture::from(promise).await.map_err(|_| unavailable())?;
    MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
    Ok(module)
}

/// Calls an export of the module. Its refusals are thrown as `{"sv", "en"}` JSON strings;
/// anything else thrown is a trap.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, Text> {
    let module = module().await?;
    let export: Function = Reflect::get(&module, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(unavailable)?;
    let args: Array = args.iter().collect();
    export.apply(&module, &args).map_err(|thrown| {
        match thrown
            .as_string()
            .and_then(|s| serde_json::from_str(&s).ok())
        {
            Some(refusal) => refusal,
            None => {
                MODULE.with(|m| *m.borrow_mut() = None);
                ATTEMPT.with(|a| a.set(a.get() + 1));
                stopped()
            }
        }
    })
}

fn from_json<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, Text> {
    value
        .as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or_else(stopped)
}

/// The workbook as the XLSX module reads it (made before the module is awaited, so no copy of
/// the workbook waits with it).
pub fn workbook_json(workbook: &budget_core::Workbook) -> Result<String, Text> {
    serde_json::to_string(workbook).map_err(|e| {
        budget_core::CoreError::Write {
            format: "JSON",
            detail: e.to_string(),
        }
        .text()
    })
}

/// XLSX bytes of the workbook (its [`workbook_json`]): every table, or only `table`. The module
/// plans the sheets itself, so the page carries no XLSX code.
pub async fn write(workbook_json: String, table: Option<String>) -> Result<Vec<u8>, Text> {
    let args = [
        JsValue::from_str(&workbook_json),
        JsValue::from_str(table.as_deref().unwrap_or_default()),
    ];
    let bytes = call("write_workbook_xlsx", &args).await?;
    bytes
        .dyn_into::<Uint8Array>()
        .map(|b| b.to_vec())
        .map_err(|_| stopped())
}

/// The sheet names of an XLSX file.
pub async fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, Text> {
    from_json(call("xlsx_sheet_names", &[Uint8Array::from(bytes).into()]).await?)
}

/// One sheet (0-based) of an XLSX file, as the module's JSON: the page only hands it back to
/// [`preview_sheet`], so it never reads it.
pub async fn read_sheet(bytes: &[u8], sheet: usize) -> Result<String, Text> {
    let args = [Uint8Array::from(bytes).into(), JsValue::from(sheet as u32)];
    call("read_xlsx_sheet", &args)
        .await?
        .as_string()
        .ok_or_else(stopped)
}

fn choices_json(choices: &ImportChoices) -> JsValue {
    // A list of ids and line numbers always serializes; an empty object would only lose the
    // user's choices, not the file.
    JsValue::from_str(&serde_json::to_string(choices).unwrap_or_else(|_| "{}".into()))
}

/// A CSV file read into an import preview with `choices`; `title` heads a table without one.
pub async fn preview_csv(
    bytes: &[u8],
    title: &str,
    choices: &ImportChoices,
) -> Result<ImportPreview, Text> {
    let args = [
        Uint8Array::from(bytes).into(),
        JsValue::from_str(title),
        choices_json(choices),
    ];
    from_json(call("preview_csv", &args).await?)
}

/// A sheet read by [`read_sheet`] as an import preview with `choices`.
pub async fn preview_sheet(
    grid: &str,
    title: &str,
    choices: &ImportChoices,
) -> Result<ImportPreview, Text> {
    let args = [
        JsValue::from_str(grid),
        JsValue::from_str(title),
        choices_json(choices),
    ];
    from_json(call("preview_sheet", &args).await?)
}

/// CSV text of the workbook (its [`workbook_json`]) in `dialect`: every table, or only `table`.
pub async fn write_csv(
    workbook_json: String,
    table: Option<String>,
    dialect: CsvDialect,
) -> Result<String, Text> {
    let dialect = serde_json::to_string(&dialect).map_err(|_| stopped())?;
    let args = [
        JsValue::from_str(&workbook_json),
        JsValue::from_str(table.as_deref().unwrap_or_default()),
        JsValue::from_str(&dialect),
    ];
    call("workbook_csv", &args)
        .await?
        .as_string()
        .ok_or_else(stopped)
}

/// A scenario file's compact JSON packed as a share link's payload.
pub async fn pack_link(json: &str) -> Result<String, Text> {
    call("pack_link", &[JsValue::from_str(json)])
        .await?
        .as_string()
        .ok_or_else(stopped)
}

/// A share link's payload unpacked to the scenario file's JSON text.
pub async fn unpack_link(payload: &str) -> Result<String, Text> {
    call("unpack_link", &[JsValue::from_str(payload)])
        .await?
        .as_string()
        .ok_or_else(stopped)
}
