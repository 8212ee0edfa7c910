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

/// A parameter of the page's query string, e.g. `prestanda` in `?prestanda=10000`.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
