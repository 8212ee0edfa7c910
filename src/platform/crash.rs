//! The crash panel: what the page shows when the app itself fails. The release build aborts on
//! a panic (`panic = "abort"`), so after one the wasm instance is dead and no component can
//! render again; without this the user would look at a frozen page and could lose what they
//! typed since the last autosave.
//!
//! A panic hook, installed once before the app starts, does everything synchronously while the
//! instance still runs: it takes the open work as a scenario file (from the page's core through
//! a weak handle, or, when that is borrowed mid-change, from the last autosave in the browser's
//! storage), puts it in a Blob URL, and adds a fixed panel to the document with a download link
//! and what to do next. The text is in both languages, Swedish first, because the chosen
//! language lives in the dead app's state.
//!
//! This is the second module that touches browser APIs besides `browser`: it cannot go through
//! the app's own paths when the app is what failed. It builds the panel with DOM calls and
//! classes from `styles/app.css` only (no inline style or script: the page's
//! Content-Security-Policy allows neither).
//!
//! `?krasch=1` in the address makes the first edit panic on purpose, for the journey that tests
//! this panel (tests/e2e/safety.test.mjs). It can only stop the tab it is opened in, which then
//! offers the work it holds; nothing is lost.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use budget_core::io::{Library, Scenario, ScenarioMeta};
use wasm_bindgen::JsValue;

use budget_core::session::Live;

thread_local! {
    static CORE: RefCell<Weak<RefCell<Live>>> = const { RefCell::new(Weak::new()) };
}

/// The file name offered for the rescued work.
pub const FILE_NAME: &str = "kalkyl-räddat-arbete.kalkyl.json";
const PANEL_ID: &str = "crash-panel";

/// Installs the panic hook. Through Yew, so its renderer does not replace it with its own.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        // The browser console keeps the developer's view of what happened.
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
        show_panel(rescued_work().as_deref());
    }));
}

/// Lets the hook find the page's core. A weak handle: the hook must never keep it alive.
pub fn watch(core: &Rc<RefCell<Live>>) {
    let _ = CORE.try_with(|c| {
        if let Ok(mut slot) = c.try_borrow_mut() {
            *slot = Rc::downgrade(core);
        }
    });
}

/// Whether `?krasch=1` asked for a deliberate crash on the first edit.
pub fn armed() -> bool {
    crate::platform::query_param("krasch").as_deref() == Some("1")
}

/// The deliberate crash `?krasch=1` asks for.
#[allow(clippy::panic)] // the point: the crash panel's journey needs a real panic
pub fn deliberate() {
    panic!("avsiktlig krasch (?krasch=1) / deliberate crash (?krasch=1)");
}

/// The open work as a scenario file: the page's session if it can be read now, else the last
/// autosave. The stored list also gives the scenario's author and notes.
fn rescued_work() -> Option<String> {
    let stored = crate::platform::storage_get(crate::scenarios::STORAGE_KEY)
        .and_then(|text| Library::from_storage(&text).ok())
        .and_then(|library| library.current().ok().map(|e| e.scenario()));
    let live = CORE
        .try_with(|c| c.try_borrow().ok().and_then(|weak| weak.upgrade()))
        .ok()
        .flatten()
        .and_then(|core| {
            let core = core.try_borrow().ok()?;
            let workbook = core.workbook().clone();
            let meta = match &stored {
                Some(s) => ScenarioMeta {
                    modified: crate::platform::now_iso(),
                    ..s.meta.clone()
                },
                None => ScenarioMeta::for_workbook(&workbook, &crate::platform::now_iso()),
            };
            Some(Scenario { meta, workbook })
        });
    budget_core::io::to_json(&live.or(stored)?).ok()
}

/// Adds the panel (once, however many panics follow).
fn show_panel(work: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(PANEL_ID).is_some() {
        return;
    }
    let _ = build_panel(&document, work);
}

fn build_panel(document: &web_sys::Document, work: Option<&str>) -> Result<(), JsValue> {
    let panel = document.create_element("div")?;
    panel.set_id(PANEL_ID);
    panel.set_class_name("crash-panel");
    panel.set_attribute("role", "alert")?;
    let paragraph = |class: &str, lang: &str, text: &str| -> Result<web_sys::Element, JsValue> {
        let p = document.create_element("p")?;
        p.set_class_name(class);
        p.set_attribute("lang", lang)?;
        p.set_text_content(Some(text));
        Ok(p)
    };
    let heading = document.create_element("h2")?;
    heading.set_text_content(Some("Kalkyl har stannat / Kalkyl has stopped"));
    let url = work.and_then(|json| blob_url(json).ok());
    let (sv, en) = if url.is_some() {
        (
            "Ett fel i programmet stoppade sidan. Ditt arbete finns kvar: ladda ner det som scenariofil innan du gör något annat.",
            "An error in the program stopped the page. Your work is still here: download it as a scenario file before doing anything else.",
        )
    } else {
        (
            "Ett fel i programmet stoppade sidan. Det som senast sparades automatiskt finns kvar i webbläsaren.",
            "An error in the program stopped the page. What was last saved automatically is still in the browser.",
        )
    };
    let mut parts = vec![
        heading,
        paragraph("crash-sv", "sv", sv)?,
        paragraph("crash-en", "en", en)?,
    ];
    if let Some(url) = url {
        let link = document.create_element("a")?;
        link.set_class_name("crash-download");
        link.set_attribute("href", &url)?;
        link.set_attribute("download", FILE_NAME)?;
        link.set_text_content(Some("Ladda ner mitt arbete / Download my work"));
        parts.push(link);
    }
    parts.push(paragraph(
        "crash-reload",
        "sv",
        "Ladda sedan om sidan (F5) och öppna filen med ”Öppna scenariofil…”.",
    )?);
    parts.push(paragraph(
        "crash-reload",
        "en",
        "Then reload the page (F5) and open the file with “Open scenario file…”.",
    )?);
    for part in &parts {
        panel.append_child(part)?;
    }
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.prepend_with_node_1(&panel)?;
    Ok(())
}

/// A `blob:` URL holding the file. Never revoked: the link must work for as long as the page
/// is open.
fn blob_url(json: &str) -> Result<String, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}
