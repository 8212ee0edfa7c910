//! Browser tests of the Kalkyl UI, run in headless Chromium: `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]
//
// How this runs: `.cargo/config.toml` sets `wasm-bindgen-test-runner` as the wasm32 runner; it
// starts `chromedriver` (from $CHROMEDRIVER or PATH) with the capabilities in `webdriver.json`
// and runs every `#[wasm_bindgen_test]` below, one after another, in the same page.
//
// Writing a test: `let app = mount().await?;` renders a fresh `kalkyl::App` into its own `<div>`,
// then use `find`/`find_all`/`text` to inspect it, `set_input_value`/`set_select_value` to
// edit a field like a user would (dispatches `input` + `change`), `click` for buttons, and
// `wait_for_render().await` after every interaction before asserting. `app.unmount()` at the
// end keeps the page tidy for the following tests. Tests return `TestResult` so helpers can
// use `?` (the workspace lints deny `unwrap`/`expect`/`panic!`).

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// Result type of tests and helpers: `Err` carries a human-readable failure message.
type TestResult<T = ()> = Result<T, String>;

/// A `kalkyl::App` mounted into its own `<div>` under `<body>`.
struct Mounted {
    root: Element,
    handle: AppHandle<kalkyl::App>,
}

impl Mounted {
    /// Destroys the app and removes its `<div>` from the page.
    fn unmount(self) {
        self.handle.destroy();
        self.root.remove();
    }
}

/// Formats a JavaScript exception for a test failure message.
fn js_err(context: &str) -> impl FnOnce(wasm_bindgen::JsValue) -> String + '_ {
    move |err| format!("{context}: {err:?}")
}

fn document() -> TestResult<Document> {
    web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| "no window.document".to_owned())
}

/// Mounts a fresh `kalkyl::App` into a new `<div>` appended to `<body>` and waits for its first render.
async fn mount() -> TestResult<Mounted> {
    // Each test starts from the default scenario, not what the previous test autosaved.
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        storage.clear().map_err(js_err("clear localStorage"))?;
    }
    // Nor in the view a previous test chose (`?vy=` in the address of this one page).
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().map_err(js_err("pathname"))?;
        window
            .history()
            .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path)))
            .map_err(js_err("reset the address"))?;
    }
    mount_keeping_storage().await
}

/// Mounts a fresh `kalkyl::App` that restores whatever the page's localStorage holds.
async fn mount_keeping_storage() -> TestResult<Mounted> {
    let document = document()?;
    let body = document.body().ok_or("document has no <body>")?;
    let root = document
        .create_element("div")
        .map_err(js_err("create <div>"))?;
    body.append_child(&root).map_err(js_err("append <div>"))?;
    let handle = yew::Renderer::<kalkyl::App>::with_root(root.clone()).render();
    wait_for_render().await;
    Ok(Mounted { root, handle })
}

/// Waits until Yew's scheduler has run all pending work (renders, effects, callbacks).
///
/// Event-driven, not a timed sleep: uses `yew::scheduler::flush` (yew's `test` feature, enabled
/// in `[dev-dependencies]`). Call it after mounting and after every simulated user interaction.
async fn wait_for_render() {
    yew::scheduler::flush().await;
}

/// The first element under `root` matching the CSS `selector`, or an error naming the selector.
fn find(root: &Element, selector: &str) -> TestResult<Element> {
    root.query_selector(selector)
        .map_err(js_err("invalid selector"))?
        .ok_or_else(|| format!("no element matches {selector:?}"))
}

/// All elements under `root` matching the CSS `selector` (possibly none).
fn find_all(root: &Element, selector: &str) -> TestResult<Vec<Element>> {
    let list = root
        .query_selector_all(selector)
        .map_err(js_err("invalid selector"))?;
    Ok((0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect())
}

/// The text content of the first element matching `selector` (whitespace-trimmed).
fn text(root: &Element, selector: &str) -> TestResult<String> {
    Ok(find(root, selector)?
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned())
}

/// Dispatches a bubbling DOM event of type `kind` (e.g. "input", "change") on `target`.
fn dispatch(target: &Element, kind: &str) -> TestResult {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).map_err(js_err("create event"))?;
    target
        .dispatch_event(&event)
        .map_err(js_err("dispatch event"))?;
    Ok(())
}

/// Sets the value of the `<input>` matching `selector` and dispatches `input` then `change`,
/// as a user typing and leaving the field would. Call `wait_for_render().await` afterwards.
fn set_input_value(root: &Element, selector: &str, value: &str) -> TestResult {
    let element = find(root, selector)?;
    let input = element
        .dyn_ref::<HtmlInputElement>()
        .ok_or_else(|| format!("{selector:?} is not an <input>"))?;
    input.set_value(value);
    dispatch(&element, "input")?;
    dispatch(&element, "change")
}

/// Selects `value` in the `<select>` matching `selector` and dispatches `change`.
fn set_select_value(root: &Element, selector: &str, value: &str) -> TestResult {
    let element = find(root, selector)?;
    let select = element
        .dyn_ref::<HtmlSelectElement>()
        .ok_or_else(|| format!("{selector:?} is not a <select>"))?;
    select.set_value(value);
    dispatch(&element, "change")
}

/// Clicks the element matching `selector` (e.g. a button). Call `wait_for_render().await` afterwards.
fn click(root: &Element, selector: &str) -> TestResult {
    find(root, selector)?
        .dyn_into::<HtmlElement>()
        .map_err(|_| format!("{selector:?} is not an HTML element"))?
        .click();
    Ok(())
}

/// Shows the view `code` by its link in the navigation, as a user's click does.
async fn show(root: &Element, code: &str) -> TestResult {
    click(root, &format!("nav.views a[data-view=\"{code}\"]"))?;
    wait_for_render().await;
    Ok(())
}

/// The header's Ångra and Gör om buttons.
const UNDO: &str = ".header-tools button:first-child";
const REDO: &str = ".header-tools button:nth-child(2)";

#[wasm_bindgen_test]
async fn app_renders_its_title() -> TestResult {
    let app = mount().await?;

    let content = app.root.text_content().unwrap_or_default();
    assert!(
        content.contains("Kalkyl"),
        "rendered text should contain \"Kalkyl\", was {content:?}"
    );
    assert!(
        !text(&app.root, "h1")?.is_empty(),
        "<h1> should not be empty"
    );

    app.unmount();
    Ok(())
}

fn cell(id: &str) -> String {
    format!("td[data-cell=\"{id}\"]")
}

fn cell_input(id: &str) -> String {
    format!("td[data-cell=\"{id}\"] input")
}

fn input_value(root: &Element, selector: &str) -> TestResult<String> {
    Ok(find(root, selector)?
        .dyn_into::<HtmlInputElement>()
        .map_err(|_| format!("{selector:?} is not an <input>"))?
        .value())
}

#[wasm_bindgen_test]
async fn editing_a_cell_updates_the_totals_in_the_dom() -> TestResult {
    let app = mount().await?;
    let r = &app.root;
    assert_eq!(
        text(
            r,
            &cell("resultatrakning/verksamhetens-kostnader/budget-2026")
        )?,
        "-2 496 372"
    );

    set_input_value(
        r,
        &cell_input("resultatrakning/personal/budget-2026"),
        "-900\u{a0}000",
    )?;
    wait_for_render().await;

    assert_eq!(
        text(
            r,
            &cell("resultatrakning/verksamhetens-kostnader/budget-2026")
        )?,
        "-2 500 355"
    );
    assert_eq!(
        text(r, &cell("resultatrakning/arets-resultat/budget-2026"))?,
        "-1 562 805"
    );
    assert_eq!(
        text(r, &cell("resultatrakning/arets-resultat/forandring"))?,
        "-93 553"
    );
    assert_eq!(
        text(
            r,
            &cell("resultatrakning/arets-resultat/forandring-procent")
        )?,
        "-6,4 %"
    );
    // The typed figure is shown back in Swedish format.
    assert_eq!(
        input_value(r, &cell_input("resultatrakning/personal/budget-2026"))?,
        "-900 000"
    );
    // The reconciliation with the activity table now fails for Budget 2026.
    show(r, "kontroller").await?;
    let check = find(
        r,
        "tr[data-check=\"avstamning-beraknad/resultatrakning/arets-resultat/budget-2026\"]",
    )?;
    assert!(
        check.class_name().split_whitespace().any(|c| c == "error"),
        "{:?}",
        check.class_name()
    );

    click(r, UNDO)?;
    show(r, "tabell-resultatrakning").await?;
    assert_eq!(
        text(
            r,
            &cell("resultatrakning/verksamhetens-kostnader/budget-2026")
        )?,
        "-2 496 372"
    );
    app.unmount();
    Ok(())
}

#[wasm_bindgen_test]
async fn text_that_is_not_a_number_is_kept_and_blocks_the_totals() -> TestResult {
    let app = mount().await?;
    let r = &app.root;
    let lokaler = cell_input("resultatrakning/lokaler/budget-2026");
    set_input_value(r, &lokaler, "117 2o5")?;
    wait_for_render().await;

    assert_eq!(input_value(r, &lokaler)?, "117 2o5");
    let message = text(
        r,
        &format!(
            "{} .cell-error",
            cell("resultatrakning/lokaler/budget-2026")
        ),
    )?;
    assert!(
        message.contains("”o”") && message.contains("position 6"),
        "{message}"
    );
    for row in ["verksamhetens-kostnader", "arets-resultat"] {
        assert_eq!(
            text(r, &cell(&format!("resultatrakning/{row}/budget-2026")))?,
            "fel"
        );
    }
    // Other periods still compute.
    assert_eq!(
        text(r, &cell("resultatrakning/arets-resultat/budget-2025"))?,
        "-1 469 252"
    );

    set_input_value(r, &lokaler, "\u{2212}117 205")?;
    wait_for_render().await;
    assert_eq!(
        text(
            r,
            &cell("resultatrakning/verksamhetens-kostnader/budget-2026")
        )?,
        "-2 496 372"
    );
    assert!(find_all(r, ".cell-error")?.is_empty());
    app.unmount();
    Ok(())
}

#[wasm_bindgen_test]
async fn the_compared_periods_can_be_chosen() -> TestResult {
    let app = mount().await?;
    let r = &app.root;
    show(r, "tabell-drift").await?;
    assert_eq!(text(r, &cell("drift/arets-resultat/forandring"))?, "89 572");
    assert_eq!(
        text(r, &cell("drift/arets-resultat/forandring-procent"))?,
        "6,1 %"
    );
    set_select_value(
        r,
        "section[data-table=\"drift\"] .comparison select",
        "prognos-2025",
    )?;
    wait_for_render().await;
    // Prognos 2025 against Budget 2025: 1 522 327 − 1 469 251.
    assert_eq!(text(r, &cell("drift/arets-resultat/forandring"))?, "53 076");
    assert_eq!(
        text(r, &cell("drift/arets-resultat/forandring-procent"))?,
        "3,6 %"
    );
    app.unmount();
    Ok(())
}

#[wasm_bindgen_test]
async fn a_volume_line_can_be_added_and_moves_the_bridge() -> TestResult {
    let app = mount().await?;
    let r = &app.root;
    show(r, "overbryggning").await?;
    assert_eq!(text(r, "tr[data-bridge=\"remainder\"] td")?, "-39");
    show(r, "tabell-volymer").await?;
    set_input_value(
        r,
        "section[data-table=\"volymer\"] form.add-row input",
        "Nya platser",
    )?;
    let form = find(r, "section[data-table=\"volymer\"] form.add-row")?;
    dispatch(&form, "submit")?;
    wait_for_render().await;
    let rows = find_all(r, "section[data-table=\"volymer\"] tbody tr")?;
    assert_eq!(rows.len(), 5, "three lines, the new one and the sum");
    set_input_value(r, &cell_input("volymer/rad-1/belopp"), "-1 000")?;
    wait_for_render().await;
    assert_eq!(text(r, &cell("volymer/summa/belopp"))?, "23 770");
    show(r, "overbryggning").await?;
    assert_eq!(text(r, "tr[data-bridge=\"remainder\"] td")?, "961");
    app.unmount();
    Ok(())
}

#[wasm_bindgen_test]
async fn autosave_restores_the_workbook_and_its_undo_position() -> TestResult {
    let app = mount().await?;
    let personal = cell_input("resultatrakning/personal/budget-2026");
    let kostnader = cell("resultatrakning/verksamhetens-kostnader/budget-2026");
    set_input_value(&app.root, &personal, "-900 000,5")?;
    wait_for_render().await;
    set_input_value(&app.root, &personal, "-1")?;
    wait_for_render().await;
    click(&app.root, UNDO)?; // back to -900 000,5
    wait_for_render().await;
    assert_eq!(text(&app.root, &kostnader)?, "-2 500 356");
    app.unmount();

    // A new page load: the same figures, one step to undo and one to redo.
    let app = mount_keeping_storage().await?;
    let r = &app.root;
    assert_eq!(input_value(r, &personal)?, "-900 000,5");
    assert_eq!(text(r, &kostnader)?, "-2 500 356");
    click(r, REDO)?;
    wait_for_render().await;
    assert_eq!(input_value(r, &personal)?, "-1");
    click(r, UNDO)?;
    wait_for_render().await;
    click(r, UNDO)?;
    wait_for_render().await;
    assert_eq!(text(r, &kostnader)?, "-2 496 372");
    app.unmount();
    Ok(())
}
