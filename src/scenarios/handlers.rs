//! What reaches the scenarios from outside the panel: picked and dropped files, share links
//! in the address, other tabs' saves, and the share link made for the clipboard.

use std::rc::Rc;

use budget_core::io::{share, MAX_FILE_BYTES};
use budget_core::{format_amount, text, Text};
use yew::prelude::*;

use super::state::ScenarioMsg;
use crate::app::{scenario, AppState};
use crate::platform::{self, xlsx_module};

/// Reads a picked or dropped file within the size limit, then dispatches `make(name, text)`.
pub fn read_file(
    file: web_sys::File,
    dispatcher: UseReducerDispatcher<AppState>,
    make: fn(String, Result<String, Text>) -> ScenarioMsg,
) {
    let picked = platform::PickedFile::new(file);
    let name = picked.name.clone();
    if picked.bytes > MAX_FILE_BYTES as f64 {
        let refusal = budget_core::CoreError::FileTooLarge {
            bytes: picked.bytes as usize,
            limit: MAX_FILE_BYTES,
        };
        dispatcher.dispatch(scenario(make(name, Err(refusal.text()))));
        return;
    }
    picked.read_text(Callback::from(move |text| {
        dispatcher.dispatch(scenario(make(name.clone(), text)))
    }));
}

pub fn opened(name: String, text: Result<String, Text>) -> ScenarioMsg {
    ScenarioMsg::Opened { name, text }
}

pub(super) fn compare_file(name: String, text: Result<String, Text>) -> ScenarioMsg {
    ScenarioMsg::CompareFile { name, text }
}

/// Adopts what other tabs of the page autosave (see `App`).
pub fn storage_handler(dispatcher: UseReducerDispatcher<AppState>) -> Callback<String> {
    Callback::from(move |text| {
        // What is stored now is the other tab's work, or equal to this one's: either way a save
        // still waiting here holds nothing newer (adopting replaces this tab's work), and
        // letting it run would put older work back over the other tab's.
        platform::cancel_pending_save();
        dispatcher.dispatch(scenario(ScenarioMsg::StoredElsewhere(text)))
    })
}

/// Page-wide drop of a scenario file opens it (see `App`).
/// A share link in the address, at start or pasted into the address bar of the open tab (a
/// `hashchange`, no new page): unpacked by the lazily loaded module, then checked as a file.
pub fn link_handler(dispatcher: UseReducerDispatcher<AppState>) -> Callback<String> {
    Callback::from(move |hash: String| {
        let Some(payload) = share::payload(&hash).map(str::to_string) else {
            return;
        };
        // Refused by its length before the packing module is fetched or anything inflated.
        if let Some(message) = share::too_long(&payload) {
            let refusal = budget_core::CoreError::Link { message }.text();
            dispatcher.dispatch(scenario(ScenarioMsg::LinkOpened(Err(refusal))));
            return;
        }
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let opened = match xlsx_module::unpack_link(&payload).await {
                Ok(json) => budget_core::io::from_json(&json)
                    .map(Rc::new)
                    .map_err(|e| e.text()),
                Err(e) => Err(e),
            };
            dispatcher.dispatch(scenario(ScenarioMsg::LinkOpened(opened)));
        });
    })
}

pub fn drop_handler(dispatcher: UseReducerDispatcher<AppState>) -> Callback<web_sys::File> {
    Callback::from(move |file| read_file(file, dispatcher.clone(), opened))
}

/// A link to the scenario file `json`, or why it is not offered.
pub(super) async fn share_link(json: &str) -> Result<String, Text> {
    let base = platform::share_base().map_or_else(platform::page_address, Ok)?;
    let link = share::link_to(&base, &xlsx_module::pack_link(json).await?);
    if share::is_practical(&link) {
        Ok(link)
    } else {
        let length = format_amount(link.chars().count().into(), 0);
        let limit = format_amount(share::MAX_PRACTICAL_LINK_CHARS.into(), 0);
        Err(text!(
            "Länken skulle bli {length} tecken. Längre länkar än {limit} tecken klipps av i e-post och Teams, \
             så dela scenariot som fil i stället: ”Spara scenariofil” och bifoga filen.",
            "The link would be {length} characters. Links longer than {limit} characters are cut off in \
             e-mail and Teams, so share the scenario as a file instead: “Save scenario file” and attach it."
        ))
    }
}
