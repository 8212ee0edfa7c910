//! The only module that touches browser APIs beyond rendering: file downloads (Blob + object
//! URL) and page-level flags; and for scenarios: localStorage, the address fragment, the
//! clipboard, reading picked or dropped files. Everything here returns errors as text for the UI
//! to show, in both interface languages (`Text`).
//!
//! gloo does the work where it has the API: storage (gloo-storage), Blob, object URLs and file
//! reading (gloo-file), the autosave timer (gloo-timers) and event listeners that stop when
//! dropped (gloo-events). web-sys remains for what gloo has nothing for: the download anchor,
//! history, the clipboard, performance marks and print.

use budget_core::{text, Lang, NumberStyle, Text};
use gloo_events::{EventListener, EventListenerOptions};
use gloo_storage::Storage as _;
use wasm_bindgen::{JsCast, JsValue};

/// The browser's own wording of an error (in the browser's language, so the same in both).
fn describe(e: JsValue) -> Text {
    // A DOMException (storage full, security) stringifies as `{}`: name it by what it says.
    if let Some(error) = e.dyn_ref::<js_sys::Error>() {
        let name: String = error.name().into();
        if name == "QuotaExceededError" {
            return text!(
                "lagringen i webbläsaren är full",
                "the browser's storage is full"
            );
        }
        return Text::same(format!("{name}: {}", String::from(error.message())));
    }
    e.as_string()
        .or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()))
        .map(Text::same)
        .unwrap_or_else(|| text!("okänt fel i webbläsaren", "unknown error in the browser"))
}

fn no_window() -> Text {
    text!("inget fönster", "no window")
}

/// Offers `contents` as a file download; no server is involved. A Blob made from a string is
/// its UTF-8 bytes, so this is the byte download.
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), Text> {
    download_bytes(filename, mime, contents.as_bytes())
}

/// Marks the page as rendered, so tests and embedders can wait for it instead of sleeping.
pub fn mark_ready() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(body) = window.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-ready", "1");
    }
    // Cold-load measurements read this mark: navigation start to the first rendered tables.
    if let Some(perf) = window.performance() {
        let _ = perf.mark("kalkyl-ready");
    }
}

/// A parameter of the page's query string, decoded (`?fil=plan%202026.kalkyl.json`), e.g.
/// `prestanda` in `?prestanda=10000`.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

// ---- Scenario files, autosave and share links (src/scenarios/) ----

fn window() -> Result<web_sys::Window, Text> {
    web_sys::window().ok_or_else(no_window)
}

/// The page's clock as RFC 3339 (`2026-11-24T07:00:00.000Z`), for scenario timestamps.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// localStorage through gloo, once the browser has said it allows it: gloo's accessor throws
/// where storage is switched off (some locked-down intranet browsers), which would stop the app.
fn local_storage() -> Result<web_sys::Storage, Text> {
    match window()?.local_storage() {
        Ok(Some(_)) => Ok(gloo_storage::LocalStorage::raw()),
        Ok(None) => Err(text!(
            "webbläsaren tillåter inte lokal lagring",
            "the browser does not allow local storage"
        )),
        Err(e) => Err(describe(e)),
    }
}

/// Reads a localStorage entry; `None` when absent or storage is unavailable.
pub fn storage_get(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Writes a localStorage entry; fails when storage is off or full (the quota is about 5 MB).
pub fn storage_set(key: &str, value: &str) -> Result<(), Text> {
    local_storage()?.set_item(key, value).map_err(describe)
}

/// The fragment of the page address, with its `#` (empty when there is none).
pub fn location_hash() -> String {
    window()
        .ok()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page address without its fragment, the base of share links.
pub fn page_address() -> Result<String, Text> {
    let href = window()?.location().href().map_err(describe)?;
    Ok(href
        .split_once('#')
        .map_or(href.clone(), |(b, _)| b.to_string()))
}

/// Removes the fragment without reloading or adding a history entry, so a reload does not
/// open a share link again.
pub fn clear_hash() -> Result<(), Text> {
    let address = page_address()?;
    window()?
        .history()
        .map_err(describe)?
        .replace_state_with_url(&JsValue::NULL, "", Some(&address))
        .map_err(describe)
}

/// Copies text to the clipboard and reports whether it worked (it often may not: file://,
/// no permission, old browsers); `done` gets `Err` with the reason.
pub fn copy_text(text: &str, done: yew::Callback<Result<(), Text>>) {
    let Ok(window) = window() else {
        done.emit(Err(no_window()));
        return;
    };
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        done.emit(Err(text!("urklipp saknas", "no clipboard")));
        return;
    }
    let promise = clipboard.write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(describe);
        done.emit(result);
    });
}

/// The first file chosen in a file `<input>` whose change event this is; the input is reset
/// so choosing the same file again fires another change.
pub fn picked_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    input.set_value("");
    file
}

/// A file to read: its name and size in bytes, and the file itself.
pub struct PickedFile {
    pub name: String,
    pub bytes: f64,
    file: web_sys::File,
}

impl PickedFile {
    pub fn new(file: web_sys::File) -> PickedFile {
        PickedFile {
            name: file.name(),
            bytes: file.size(),
            file,
        }
    }

    /// Reads the file as text, then calls `done` (asynchronously). The bytes are decoded by
    /// the core (`budget_core::base::decode`): UTF-8, UTF-16 with its BOM, else
    /// Windows-1252, and a binary file is refused by what it is rather than read as garbage
    /// (the browser's own `File.text()` would turn any bytes into replacement characters).
    pub fn read_text(self, done: yew::Callback<Result<String, Text>>) {
        let blob = gloo_file::Blob::from(self.file);
        wasm_bindgen_futures::spawn_local(async move {
            let result = gloo_file::futures::read_as_bytes(&blob)
                .await
                .map_err(unreadable)
                .and_then(|bytes| budget_core::base::decode(&bytes).map(|(text, _)| text));
            done.emit(result);
        });
    }
}

/// Why a file could not be read, in the browser's words (the same in both languages).
fn unreadable(e: gloo_file::FileReadError) -> Text {
    let reason = e.to_string();
    text!(
        "filen kunde inte läsas: {reason}",
        "the file could not be read: {reason}"
    )
}

/// Page-wide drag-and-drop of files; listening stops when this is dropped.
pub struct DropListener {
    _over: EventListener,
    _drop: EventListener,
}

/// Calls `on_file` with the first file dropped anywhere on the page. Without the `dragover`
/// handler the browser would open the file itself and the page would be gone.
pub fn listen_for_dropped_files(on_file: yew::Callback<web_sys::File>) -> Option<DropListener> {
    let target: web_sys::EventTarget = window().ok()?.document()?.into();
    let options = EventListenerOptions::enable_prevent_default;
    let over = EventListener::new_with_options(&target, "dragover", options(), |e| {
        e.prevent_default();
    });
    let drop = EventListener::new_with_options(&target, "drop", options(), move |e| {
        e.prevent_default();
        if let Some(file) = e
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(web_sys::DragEvent::data_transfer)
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            on_file.emit(file);
        }
    });
    Some(DropListener {
        _over: over,
        _drop: drop,
    })
}

/// Another tab of the same page wrote `key`: calls `on_change` with the new text. Listening
/// stops when this is dropped.
pub struct StorageListener {
    _listener: EventListener,
}

pub fn listen_for_storage(
    key: &'static str,
    on_change: yew::Callback<String>,
) -> Option<StorageListener> {
    let window = window().ok()?;
    let listener = EventListener::new(&window, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if e.key().as_deref() == Some(key) {
            if let Some(text) = e.new_value() {
                on_change.emit(text);
            }
        }
    });
    Some(StorageListener {
        _listener: listener,
    })
}

/// Moves keyboard focus to the first element matching `selector` (a skip link's target). A
/// heading is made focusable by script only (`tabindex="-1"`), so it is no extra Tab stop.
pub fn focus_first(selector: &str) -> bool {
    let Some(el) = window()
        .ok()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if !el.has_attribute("tabindex") && el.tab_index() < 0 {
        let _ = el.set_attribute("tabindex", "-1");
    }
    el.focus().is_ok()
}

/// Runs `work` once the browser has painted what is on the page (a zero timeout after the
/// first render), without holding up the first interactive view.
pub fn after_load(work: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, work).forget();
}

/// Keeps a page-wide listener alive; dropping it removes the listener.
pub struct PageListener {
    _listener: EventListener,
}

impl PageListener {
    pub(super) fn new(listener: EventListener) -> Self {
        PageListener {
            _listener: listener,
        }
    }
}

/// Every key press on the page, wherever focus is (the page body after a click on a heading
/// too), for shortcuts that work everywhere: undo and redo.
pub fn listen_for_keys(on_key: yew::Callback<web_sys::KeyboardEvent>) -> Option<PageListener> {
    let document = window().ok()?.document()?;
    let listener = EventListener::new_with_options(
        &document,
        "keydown",
        gloo_events::EventListenerOptions::enable_prevent_default(),
        move |e| {
            if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                on_key.emit(e.clone());
            }
        },
    );
    Some(PageListener {
        _listener: listener,
    })
}

/// The address's fragment each time it changes while the page is open: a share link pasted
/// into the address bar of a tab where Kalkyl already runs loads no new page.
pub fn listen_for_hash(on_hash: yew::Callback<String>) -> Option<PageListener> {
    let window = window().ok()?;
    let listener = EventListener::new(&window, "hashchange", move |_| {
        on_hash.emit(location_hash());
    });
    Some(PageListener {
        _listener: listener,
    })
}

/// A save waiting for typing to pause, with its timer (dropping it cancels the timer).
type PendingSave = Option<(gloo_timers::callback::Timeout, Box<dyn FnOnce()>)>;

thread_local! {
    static PENDING_SAVE: std::cell::RefCell<PendingSave> = std::cell::RefCell::new(None);
    static FLUSH_ON_HIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `save` once changes pause for `delay_ms`, replacing a save still waiting. Serializing a
/// large workbook on every keystroke would make typing lag; a pending save is never lost: it
/// runs when the page is hidden or left (`pagehide`, tab switch) and when the app unmounts.
pub fn save_soon(delay_ms: u32, save: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else {
        save();
        return;
    };
    if !FLUSH_ON_HIDE.with(|f| f.replace(true)) {
        // Live as long as the page: the listeners are never removed.
        EventListener::new(&window, "pagehide", |_| flush_pending_save()).forget();
        if let Some(doc) = window.document() {
            EventListener::new(&doc, "visibilitychange", |_| flush_pending_save()).forget();
        }
    }
    let timer = gloo_timers::callback::Timeout::new(delay_ms, flush_pending_save);
    // The save it replaces is dropped with its timer: only the latest state is written.
    let previous = PENDING_SAVE.with(|p| p.borrow_mut().replace((timer, save)));
    drop(previous);
}

/// Drops the waiting save, if there is one: another tab's save has just arrived, and a save of
/// this tab's state from before it would write the older work over it (a tab's first save is
/// scheduled when it opens, so a tab opened just before another tab's edit did exactly that).
pub fn cancel_pending_save() {
    drop(PENDING_SAVE.with(|p| p.borrow_mut().take()));
}

/// Runs the waiting save now, if there is one.
pub fn flush_pending_save() {
    let pending = PENDING_SAVE.with(|p| p.borrow_mut().take());
    if let Some((timer, save)) = pending {
        // Cancels the timer if this runs before it (a tab switch); harmless if it fired.
        drop(timer);
        save();
    }
}

/// Offers `bytes` as a file download (XLSX and other binary files).
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), Text> {
    let window = web_sys::window().ok_or_else(no_window)?;
    let document = window
        .document()
        .ok_or_else(|| text!("inget dokument", "no document"))?;
    // Revoked when dropped at the end of this function: the click has started the download.
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(bytes, Some(mime)));
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| text!("kunde inte skapa länk", "could not create a link"))?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    Ok(())
}

/// Reads the file chosen in a file input; `done` gets its name and bytes (or why not). The
/// file never leaves the browser.
pub fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    done: impl FnOnce(String, Result<Vec<u8>, Text>) + 'static,
) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let name = file.name();
    // Checked before a byte is read: a stray multi-gigabyte file would otherwise be copied into
    // the page's memory first.
    if file.size() > budget_core::base::MAX_IMPORT_BYTES as f64 {
        let refusal = budget_core::io::check_size(file.size() as usize)
            .err()
            .map(|e| e.text())
            .unwrap_or_default();
        return done(name, Err(refusal));
    }
    let blob = gloo_file::Blob::from(file);
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = gloo_file::futures::read_as_bytes(&blob)
            .await
            .map_err(unreadable);
        done(name, bytes);
    });
}

/// Opens the browser's print dialog (print or save as PDF with the print stylesheet).
pub fn print() -> Result<(), Text> {
    web_sys::window()
        .ok_or_else(no_window)?
        .print()
        .map_err(describe)
}

// ---- Interface language ----

const LANGUAGE_KEY: &str = "kalkyl.sprak";

/// The language the user chose last time on this browser; Swedish when none was chosen.
pub fn saved_language() -> Lang {
    storage_get(LANGUAGE_KEY)
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

/// Remembers the choice and tells the page (`<html lang>`: screen readers pronounce by it).
pub fn apply_language(lang: Lang) -> Result<(), Text> {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        root.set_attribute("lang", lang.code()).map_err(describe)?;
    }
    storage_set(LANGUAGE_KEY, lang.code())
}

const NUMBER_STYLE_KEY: &str = "kalkyl.talformat";

/// How figures were written last time on this browser; Swedish when never chosen.
pub fn saved_number_style() -> NumberStyle {
    storage_get(NUMBER_STYLE_KEY)
        .and_then(|code| NumberStyle::from_code(&code))
        .unwrap_or_default()
}

pub fn save_number_style(style: NumberStyle) -> Result<(), Text> {
    storage_set(NUMBER_STYLE_KEY, style.code())
}

/// `text` escaped for a URL's query (JavaScript's `encodeURIComponent`).
pub fn encode_uri_component(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// Why a `?fil=` address is not fetched: only a relative path to a file beside the page.
fn not_beside_the_page(path: &str) -> Text {
    text!(
        "”{path}” är ingen fil bredvid sidan; ?fil= tar bara en relativ sökväg på samma server, t.ex. ?fil=plan-2026.kalkyl.json",
        "“{path}” is not a file beside the page; ?fil= only takes a relative path on the same server, e.g. ?fil=plan-2026.kalkyl.json"
    )
}

/// The text of the file at `path` relative to the page, from the page's own origin only, and
/// at most `max_bytes` long (refused by its announced length before its body is read, and by
/// what arrived otherwise). Anything else is refused before a request is made.
pub async fn fetch_beside_page(path: &str, max_bytes: usize) -> Result<String, Text> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or_else(no_window)?;
    let looks_relative = !path.is_empty()
        && !path.starts_with(['/', '\\'])
        && !path.contains(':')
        && !path.contains('\\');
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or_else(no_window)?;
    let url = web_sys::Url::new_with_base(path, &base).map_err(|_| not_beside_the_page(path))?;
    let origin = window.location().origin().map_err(describe)?;
    if !looks_relative || url.origin() != origin {
        return Err(not_beside_the_page(path));
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url.href()))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    let status = response.status();
    if status == 404 {
        return Err(text!(
            "filen ”{path}” finns inte på servern",
            "the file “{path}” is not on the server"
        ));
    }
    if !response.ok() {
        return Err(text!(
            "servern svarade {status} på ”{path}”",
            "the server answered {status} for “{path}”"
        ));
    }
    let too_large = |bytes: usize| {
        budget_core::CoreError::FileTooLarge {
            bytes,
            limit: max_bytes,
        }
        .text()
    };
    let announced = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(bytes) = announced.filter(|b| *b > max_bytes) {
        return Err(too_large(bytes));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?
        .as_string()
        .unwrap_or_default();
    if text.len() > max_bytes {
        return Err(too_large(text.len()));
    }
    Ok(text)
}

/// The markup of an `<iframe>` showing `src`, serialized by the browser (so every attribute is
/// escaped as HTML requires), for an intranet article to embed.
pub fn iframe_markup(src: &str, title: &str) -> Result<String, Text> {
    let document = window()?.document().ok_or_else(no_window)?;
    let frame = document.create_element("iframe").map_err(describe)?;
    for (name, value) in [
        ("src", src),
        ("title", title),
        ("width", "100%"),
        ("height", "420"),
        ("loading", "lazy"),
    ] {
        frame.set_attribute(name, value).map_err(describe)?;
    }
    Ok(frame.outer_html())
}

/// The page's address without query or fragment: where an embedded table's `?visa=` goes.
pub fn page_path() -> Result<String, Text> {
    let location = window()?.location();
    Ok(format!(
        "{}{}",
        location.origin().map_err(describe)?,
        location.pathname().map_err(describe)?
    ))
}
