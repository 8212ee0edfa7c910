//! A scenario file published beside the page (`?fil=plan-2026.kalkyl.json`): fetched from the
//! page's own origin once the page is up, opened as the *published version*, and worked on in
//! the reader's own copy (an entry of their scenario list), so the published file is never
//! changed and stays one click away for comparison. Refusals leave every saved scenario as it was.

use std::rc::Rc;

use budget_core::io::{Scenario, MAX_FILE_BYTES};
use budget_core::{text, tr, Lang, Text};
use yew::prelude::*;

use crate::app::{scenario, AppState};
use crate::platform;
use crate::scenarios::ScenarioMsg;

/// The query parameter naming the published file.
pub const PARAMETER: &str = "fil";

/// The published version the page was opened with, kept in memory only (the address brings it
/// back on every visit).
#[derive(Clone, PartialEq)]
pub struct Published {
    /// As written after `?fil=`.
    pub file: String,
    pub scenario: Rc<Scenario>,
}

/// The file named by `?fil=`, if any.
pub fn requested() -> Option<String> {
    platform::query_param(PARAMETER).filter(|f| !f.trim().is_empty())
}

/// The scenario file `file` beside the page, fetched and checked as any opened file is.
pub async fn fetch(file: &str) -> Result<Scenario, Text> {
    let json = platform::fetch_beside_page(file, MAX_FILE_BYTES).await?;
    budget_core::io::from_json(&json).map_err(|e| e.text())
}

/// Fetches and checks the file `?fil=` names, then hands it to the reducer.
pub fn open_from_address(dispatcher: UseReducerDispatcher<AppState>) {
    let Some(file) = requested() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch(&file).await.map(Rc::new);
        dispatcher.dispatch(scenario(ScenarioMsg::Published { file, result }));
    });
}

/// The name of the reader's own copy of `file` in their scenario list: the same on every visit,
/// so their changes are found again.
pub fn copy_name(file: &str, lang: Lang) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name
        .strip_suffix(".kalkyl.json")
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(name);
    format!("{stem} ({})", lang.pick("egen kopia", "own copy"))
}

/// Whether `name` is the reader's copy of `file`, named in either language (the language may
/// have changed since the copy was made).
pub fn is_copy_of(name: &str, file: &str) -> bool {
    Lang::ALL.iter().any(|lang| copy_name(file, *lang) == name)
}

/// What the page says when the published file was opened, the first time or again.
pub fn opened(file: &str, again: bool) -> Text {
    if again {
        text!(
            "Du arbetar vidare i din egen kopia av den publicerade versionen ”{file}”; dina ändringar från förra gången finns kvar.",
            "You are working on in your own copy of the published version “{file}”; your changes from last time are still there."
        )
    } else {
        text!(
            "Öppnade den publicerade versionen ”{file}” i en egen kopia: det du ändrar sparas i kopian, den publicerade filen ändras inte.",
            "Opened the published version “{file}” in a copy of your own: what you change is saved in the copy, the published file does not change."
        )
    }
}

/// Why the published file was not opened.
pub fn refused(file: &str, why: &Text) -> Text {
    why.map(|lang, why| {
        tr!(
            lang,
            "Den publicerade filen ”{file}” öppnades inte: {why}",
            "The published file “{file}” was not opened: {why}"
        )
    })
}

/// The line under the header while a published version is open (a plain view, not a
/// component: it has no state and is drawn once per page render).
pub fn banner(p: &Published, in_copy: bool, on_compare: Callback<MouseEvent>, lang: Lang) -> Html {
    html! {
        <div class="published" role="region" aria-label={lang.pick("Publicerad version", "Published version")} data-published={p.file.clone()}>
            <span>
                <strong>{ pick!(lang, "Publicerad version: ", "Published version: ") }</strong>{ &p.file }
                { if in_copy {
                    pick!(lang, " · du arbetar i en egen kopia; den publicerade filen ändras inte.", " · you are working in a copy of your own; the published file does not change.")
                } else {
                    pick!(lang, " · du har ett annat scenario öppet.", " · you have another scenario open.")
                } }
            </span>
            <button type="button" id="compare-published" onclick={on_compare}>
                { pick!(lang, "Jämför med den publicerade versionen", "Compare with the published version") }
            </button>
        </div>
    }
}
