//! The only module that touches browser APIs beyond rendering: file downloads (Blob + object
//! URL) and page-level flags. Everything here returns errors as text for the UI to show.

use wasm_bindgen::{JsCast, JsValue};

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| "okänt fel i webbläsaren".into())
}

/// Offers `contents` as a file download; no server is involved.
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("inget fönster")?;
    let document = window.document().ok_or("inget dokument")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "kunde inte skapa länk".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // The click has started the download synchronously; the URL is no longer needed.
    web_sys::Url::revoke_object_url(&url).map_err(describe)?;
    Ok(())
}

/// Marks the page as rendered, so tests and embedders can wait for it instead of sleeping.
pub fn mark_ready() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-ready", "1");
    }
}

/// Offers `bytes` as a file download (XLSX and other binary files).
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let window = web_sys::window().ok_or("inget fönster")?;
    let document = window.document().ok_or("inget dokument")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "kunde inte skapa länk".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(describe)?;
    Ok(())
}

/// Reads the file chosen in a file input; `done` gets its name and bytes (or why not). The
/// file never leaves the browser.
pub fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    done: impl FnOnce(String, Result<Vec<u8>, String>) + 'static,
) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let name = file.name();
    let reader = match web_sys::FileReader::new() {
        Ok(reader) => reader,
        Err(e) => return done(name, Err(describe(e))),
    };
    let on_load = {
        let reader = reader.clone();
        let name = name.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || {
            let bytes = reader
                .result()
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                .map_err(describe);
            done(name, bytes);
        })
    };
    reader.set_onload(Some(on_load.unchecked_ref()));
    if let Err(e) = reader.read_as_array_buffer(&file) {
        web_sys::console::error_1(&JsValue::from_str(&format!("{name}: {}", describe(e))));
    }
}

/// Opens the browser's print dialog (print or save as PDF with the print stylesheet).
pub fn print() -> Result<(), String> {
    web_sys::window()
        .ok_or("inget fönster")?
        .print()
        .map_err(describe)
}
