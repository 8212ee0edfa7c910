//! Scenarios in the page: opening scenario files (picker and drag-and-drop), autosave of every
//! scenario with its undo history, the list (switch, rename, copy, delete), share links,
//! reset with an in-page confirmation, and the comparison view. The rules live in
//! `budget-core` (`file`, `library`, `share`, `compare`); browser calls go through `browser`.

use std::rc::Rc;

use budget_core::compare::{compare, CellDiff, CellKind, Comparison};
use budget_core::file::{self, Scenario, ScenarioMeta, FILE_SUFFIX, MAX_FILE_BYTES};
use budget_core::library::Library;
use budget_core::live::Live;
use budget_core::scenario::default_workbook;
use budget_core::{format_amount, share, text, tr, Lang, Session, Text};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::display::{column_headings, value_text, Locale};
use crate::app::{use_lang, AppState, Msg};
use crate::platform::{self as browser, xlsx_module};

/// localStorage key of the scenario list (`budget_core::library`'s storage text).
pub const STORAGE_KEY: &str = "kalkyl.scenarier";
/// Where unreadable stored work is moved, so it is set aside rather than overwritten.
const UNREADABLE_KEY: &str = "kalkyl.scenarier.oläsbart";
const FIRST_NAME: &str = "Scenario A";

/// A question the page asks before discarding or replacing work.
#[derive(Clone, PartialEq)]
pub enum Confirm {
    Reset,
    Delete(String),
    OpenLink(Rc<Scenario>),
}

#[derive(Clone, PartialEq)]
pub struct CompareView {
    pub a: String,
    pub b: String,
    pub result: Rc<Comparison>,
}

/// The scenario side of the page state. The current entry's session in `library` is kept in
/// step with `AppState::session` after every change.
#[derive(Clone, PartialEq)]
pub struct Scenarios {
    pub library: Rc<Library>,
    pub confirm: Option<Confirm>,
    /// Confirmations of what just happened (not errors; those go to `AppState::notice`).
    pub info: Option<Text>,
    pub link: Option<String>,
    pub compare: Option<CompareView>,
    /// Bumped on every change worth autosaving.
    pub revision: u64,
    /// The page's session changed since the list's current entry was last brought up to date.
    pub dirty: bool,
    /// The file `?fil=` opened, kept to compare the reader's copy with.
    pub published: Option<crate::scenarios::published::Published>,
    /// The share panel's `<iframe>` codes are shown (their markup is made only then).
    pub embed_codes: bool,
}

impl Default for Scenarios {
    fn default() -> Scenarios {
        let workbook = budget_core::Workbook::empty("");
        Scenarios {
            library: Rc::new(Library::new(
                FIRST_NAME,
                Scenario {
                    meta: ScenarioMeta::for_workbook(&workbook, ""),
                    workbook,
                },
            )),
            confirm: None,
            dirty: false,
            info: None,
            link: None,
            compare: None,
            revision: 0,
            published: None,
            embed_codes: false,
        }
    }
}

pub enum ScenarioMsg {
    Opened {
        name: String,
        text: Result<String, Text>,
    },
    CompareFile {
        name: String,
        text: Result<String, Text>,
    },
    AskReset,
    AskDelete(String),
    Confirmed,
    Cancelled,
    Switch(String),
    Rename(String, String),
    Duplicate(String),
    SetAuthor(String),
    SetNotes(String),
    ShowLink(Result<String, Text>),
    Copied(Result<(), Text>),
    /// A share link's scenario, unpacked and checked (at start, or pasted into the open tab).
    LinkOpened(Result<Rc<Scenario>, Text>),
    Compare(String, String),
    CloseCompare,
    /// Another tab saved the list: adopt it, so neither tab overwrites the other's work.
    StoredElsewhere(String),
    /// The file `?fil=` names, fetched and checked.
    Published {
        file: String,
        result: Result<Rc<Scenario>, Text>,
    },
    ComparePublished,
    /// The share panel's `<iframe>` codes opened or closed.
    ShowEmbedCodes(bool),
}

fn default_scenario(now: &str) -> Result<Scenario, Text> {
    let workbook = default_workbook().map_err(|e| e.text())?;
    Ok(Scenario {
        meta: ScenarioMeta::for_workbook(&workbook, now),
        workbook,
    })
}

/// Whether the stored list holds anything a share link would put aside.
fn has_own_work(library: &Library) -> bool {
    let default = default_workbook().ok();
    library.entries.len() > 1
        || library
            .entries
            .iter()
            .any(|e| e.session.can_undo() || default.as_ref() != Some(&e.session.workbook))
}

/// The page state at start: stored work if any, else the default scenario. A share link in the
/// address is unpacked once the page is up (`link_handler`), by the lazily loaded module.
pub fn initial_state() -> AppState {
    let mut state = AppState::new();
    let now = browser::now_iso();
    let workbook = state.core.0.borrow().workbook().clone();
    let fresh = Library::new(
        FIRST_NAME,
        Scenario {
            meta: ScenarioMeta::for_workbook(&workbook, &now),
            workbook,
        },
    );
    let library = match browser::storage_get(STORAGE_KEY) {
        Some(text) => match Library::from_storage(&text) {
            Ok(library) => library,
            Err(e) => {
                let kept = browser::storage_set(UNREADABLE_KEY, &text).is_ok();
                state.notice = Some(e.text().map(|lang, e| {
                    let kept = match (kept, lang) {
                        (false, _) => String::new(),
                        (true, lang) => tr!(
                            lang,
                            "Det är undanlagt i webbläsaren under ”{UNREADABLE_KEY}”. ",
                            "It is set aside in the browser under “{UNREADABLE_KEY}”. "
                        ),
                    };
                    tr!(
                        lang,
                        "Det sparade arbetet kunde inte läsas ({e}). {kept}Standardscenariot visas.",
                        "The saved work could not be read ({e}). {kept}The default scenario is shown."
                    )
                }));
                fresh
            }
        },
        None => fresh,
    };
    state.scenarios.library = Rc::new(library);
    load_current(&mut state);
    state
}

fn link_name(s: &Scenario) -> String {
    let title = s.workbook.title.trim();
    if title.is_empty() {
        "Från länk".into()
    } else {
        format!("{title} (länk)")
    }
}

/// Shows the library's current entry: its session becomes the page's.
fn load_current(state: &mut AppState) {
    if let Ok(entry) = state.scenarios.library.current() {
        let session = entry.session.clone();
        let tables = session.workbook.tables.len();
        {
            let mut core = state.core.0.borrow_mut();
            *core = Live::of(session);
        }
        // Every table view must redraw from the new workbook: a revision no table has had yet.
        state.revision += 1;
        state.table_revisions = Rc::new(vec![state.revision; tables]);
    }
    state.scenarios.link = None;
}

/// The page's session lives in the core and is edited in place; the list's current entry is
/// brought up to date from it only when the list is used or saved, so an edit never copies the
/// workbook (a 10 000-row detail budget would make every keystroke cost a copy).
fn sync_current(state: &mut AppState) {
    let session = state.core.0.borrow().session().clone();
    let modified = state.scenarios.dirty;
    if let Ok(entry) = library(state).current_mut() {
        entry.session = session;
        if modified {
            entry.meta.modified = browser::now_iso();
        }
    }
    state.scenarios.dirty = false;
}

/// The list as it should be stored: the current entry taken from the page's session.
fn library_now(state: &AppState) -> Library {
    let mut library = (*state.scenarios.library).clone();
    let session = state.core.0.borrow().session().clone();
    if let Ok(entry) = library.current_mut() {
        entry.session = session;
        if state.scenarios.dirty {
            entry.meta.modified = browser::now_iso();
        }
    }
    library
}

fn library(state: &mut AppState) -> &mut Library {
    Rc::make_mut(&mut state.scenarios.library)
}

/// After every applied action: the list keeps the new session (history included) and the
/// change is autosaved.
pub fn edited(state: &mut AppState) {
    state.scenarios.dirty = true;
    state.scenarios.link = None;
    state.scenarios.revision += 1;
}

fn stem(file_name: &str) -> String {
    let name = file_name
        .strip_suffix(FILE_SUFFIX)
        .or_else(|| file_name.strip_suffix(".json"))
        .unwrap_or(file_name)
        .trim();
    if name.is_empty() {
        "Öppnad fil".into()
    } else {
        name.into()
    }
}

fn parse(text: Result<String, Text>) -> Result<Scenario, Text> {
    let text = text?;
    file::from_json(&text).map_err(|e| e.text())
}

/// A refusal that left the workbook as it was, saying so.
fn unchanged(e: &Text) -> Text {
    e.map(|lang, e| {
        tr!(
            lang,
            "{e}. Arbetsboken är oförändrad.",
            "{e}. The workbook is unchanged."
        )
    })
}

pub fn reduce(state: &mut AppState, msg: ScenarioMsg) {
    sync_current(state);
    let sc = &mut state.scenarios;
    sc.info = None;
    match msg {
        ScenarioMsg::Opened { name, text } => match parse(text) {
            Ok(scenario) => {
                let lib = library(state);
                let id = lib.add(&stem(&name), scenario);
                let _ = lib.switch(&id);
                load_current(state);
                state.notice = None;
                state.scenarios.info = Some(text!(
                    "Öppnade ”{name}” som ett eget scenario; det du hade finns kvar i listan.",
                    "Opened “{name}” as a scenario of its own; what you had is still in the list."
                ));
                state.scenarios.revision += 1;
            }
            Err(e) => {
                state.notice = Some(unchanged(&e.map(|lang, e| {
                    tr!(
                        lang,
                        "Filen ”{name}” öppnades inte: {e}",
                        "The file “{name}” was not opened: {e}"
                    )
                })))
            }
        },
        ScenarioMsg::CompareFile { name, text } => match parse(text) {
            Ok(other) => {
                let a = state
                    .scenarios
                    .library
                    .current()
                    .map(|e| e.name.clone())
                    .unwrap_or_default();
                state.scenarios.compare = Some(CompareView {
                    a,
                    b: name,
                    result: Rc::new(compare(state.core.0.borrow().workbook(), &other.workbook)),
                });
                state.notice = None;
            }
            Err(e) => {
                state.notice = Some(e.map(|lang, e| {
                    tr!(
                        lang,
                        "Filen ”{name}” kan inte jämföras: {e}.",
                        "The file “{name}” cannot be compared: {e}."
                    )
                }));
            }
        },
        // A link's scenario opens directly into a browser without work of its own, else after
        // asking; a refused link leaves everything as it was.
        ScenarioMsg::LinkOpened(Ok(s)) if has_own_work(&sc.library) => {
            sc.confirm = Some(Confirm::OpenLink(s));
        }
        ScenarioMsg::LinkOpened(Ok(s)) => {
            let name = link_name(&s);
            sc.library = Rc::new(Library::new(&name, Rc::unwrap_or_clone(s)));
            load_current(state);
            state.scenarios.info = Some(text!(
                "Öppnade scenariot ”{name}” från länken.",
                "Opened the scenario “{name}” from the link."
            ));
            state.scenarios.revision += 1;
            let _ = browser::clear_hash();
        }
        ScenarioMsg::LinkOpened(Err(e)) => {
            state.notice = Some(unchanged(&e));
            let _ = browser::clear_hash();
        }
        ScenarioMsg::AskReset => sc.confirm = Some(Confirm::Reset),
        ScenarioMsg::AskDelete(id) => sc.confirm = Some(Confirm::Delete(id)),
        ScenarioMsg::Cancelled => {
            if matches!(sc.confirm.take(), Some(Confirm::OpenLink(_))) {
                let _ = browser::clear_hash();
                sc.info = Some(text!(
                    "Länken öppnades inte; ditt arbete är orört.",
                    "The link was not opened; your work is untouched."
                ));
            }
        }
        ScenarioMsg::Confirmed => match sc.confirm.take() {
            Some(Confirm::Reset) => match default_scenario(&browser::now_iso()) {
                Ok(s) => {
                    if let Ok(entry) = library(state).current_mut() {
                        entry.meta = s.meta;
                        entry.session = Session::new(s.workbook);
                    }
                    load_current(state);
                    state.scenarios.info = Some(text!(
                        "Standardscenariot är återställt.",
                        "The default scenario is restored."
                    ));
                    state.scenarios.revision += 1;
                }
                Err(e) => state.notice = Some(e),
            },
            Some(Confirm::Delete(id)) => match library(state).delete(&id) {
                Ok(()) => {
                    load_current(state);
                    state.scenarios.compare = None;
                    state.scenarios.info =
                        Some(text!("Scenariot är borttaget.", "The scenario is removed."));
                    state.scenarios.revision += 1;
                }
                Err(e) => state.notice = Some(e.text()),
            },
            Some(Confirm::OpenLink(s)) => {
                let name = link_name(&s);
                let lib = library(state);
                let id = lib.add(&name, (*s).clone());
                let _ = lib.switch(&id);
                load_current(state);
                let _ = browser::clear_hash();
                let name = state
                    .scenarios
                    .library
                    .current()
                    .map(|e| e.name.clone())
                    .unwrap_or_default();
                state.scenarios.info = Some(text!(
                    "Öppnade länkens scenario som ”{name}”; ditt tidigare arbete finns kvar i listan.",
                    "Opened the link's scenario as “{name}”; your earlier work is still in the list."
                ));
                state.scenarios.revision += 1;
            }
            None => {}
        },
        ScenarioMsg::Switch(id) => match library(state).switch(&id) {
            Ok(()) => {
                load_current(state);
                state.scenarios.revision += 1;
            }
            Err(e) => state.notice = Some(e.text()),
        },
        ScenarioMsg::Rename(id, name) => match library(state).rename(&id, &name) {
            Ok(()) => state.scenarios.revision += 1,
            Err(e) => {
                state.notice = Some(e.text().map(|lang, e| {
                    tr!(
                        lang,
                        "Scenariot kan inte byta namn: {e}",
                        "The scenario cannot be renamed: {e}"
                    )
                }))
            }
        },
        ScenarioMsg::Duplicate(id) => {
            let lib = library(state);
            let name = lib.copy_name();
            match lib.duplicate(&id, &name, &browser::now_iso()) {
                Ok(copy) => {
                    let _ = lib.switch(&copy);
                    load_current(state);
                    state.scenarios.info = Some(text!(
                        "Kopierat som ”{name}”, som du nu arbetar i.",
                        "Copied as “{name}”, which you now work in."
                    ));
                    state.scenarios.revision += 1;
                }
                Err(e) => state.notice = Some(e.text()),
            }
        }
        // What the scenario file would refuse is refused here, so the file opens again.
        ScenarioMsg::SetAuthor(text) | ScenarioMsg::SetNotes(text)
            if budget_core::intake::text_problem(&text).is_some() =>
        {
            state.notice = budget_core::intake::text_problem(&text);
        }
        ScenarioMsg::SetAuthor(text) => {
            if let Ok(entry) = library(state).current_mut() {
                entry.meta.author = text;
            }
            state.scenarios.revision += 1;
        }
        ScenarioMsg::SetNotes(text) => {
            if let Ok(entry) = library(state).current_mut() {
                entry.meta.notes = text;
            }
            state.scenarios.revision += 1;
        }
        ScenarioMsg::ShowLink(Ok(link)) => {
            sc.link = Some(link);
            state.notice = None;
        }
        ScenarioMsg::ShowLink(Err(e)) => {
            sc.link = None;
            state.notice = Some(e);
        }
        ScenarioMsg::Copied(Ok(())) => {
            sc.info = Some(text!(
                "Länken är kopierad. Scenariot ligger i länkens #-del, som aldrig skickas till någon server.",
                "The link is copied. The scenario is in the link's # part, which is never sent to any server."
            ))
        }
        ScenarioMsg::Copied(Err(_)) => {
            sc.info = Some(text!(
                "Länken kunde inte kopieras automatiskt: markera den i fältet och kopiera den.",
                "The link could not be copied automatically: select it in the field and copy it."
            ))
        }
        ScenarioMsg::Compare(a, b) => {
            let lib = &state.scenarios.library;
            match (lib.entry(&a), lib.entry(&b)) {
                (Ok(ea), Ok(eb)) => {
                    // The current entry is in step with the page after every change.
                    let result = compare(&ea.session.workbook, &eb.session.workbook);
                    state.scenarios.compare = Some(CompareView {
                        a: ea.name.clone(),
                        b: eb.name.clone(),
                        result: Rc::new(result),
                    });
                }
                (Err(e), _) | (_, Err(e)) => state.notice = Some(e.text()),
            }
        }
        ScenarioMsg::CloseCompare => sc.compare = None,
        ScenarioMsg::ShowEmbedCodes(shown) => sc.embed_codes = shown,
        ScenarioMsg::Published {
            file,
            result: Ok(scenario),
        } => {
            let copy = crate::scenarios::published::copy_name(&file, state.lang);
            let lib = library(state);
            let existing = lib
                .entries
                .iter()
                .find(|e| crate::scenarios::published::is_copy_of(&e.name, &file))
                .map(|e| e.id.clone());
            let again = existing.is_some();
            let id = existing.unwrap_or_else(|| lib.add(&copy, (*scenario).clone()));
            let _ = lib.switch(&id);
            load_current(state);
            state.scenarios.info = Some(crate::scenarios::published::opened(&file, again));
            state.scenarios.published = Some(crate::scenarios::published::Published { file, scenario });
            state.scenarios.revision += 1;
        }
        ScenarioMsg::Published {
            file,
            result: Err(e),
        } => state.notice = Some(unchanged(&crate::scenarios::published::refused(&file, &e))),
        ScenarioMsg::ComparePublished => {
            if let Some(p) = &sc.published {
                let a = sc.library.current().map(|e| e.name.clone()).unwrap_or_default();
                let result = compare(state.core.0.borrow().workbook(), &p.scenario.workbook);
                let b = tr!(state.lang, "publicerad version ({})", "published version ({})", p.file);
                state.scenarios.compare = Some(CompareView {
                    a,
                    b,
                    result: Rc::new(result),
                });
            }
        }
        ScenarioMsg::StoredElsewhere(text) => {
            if let Ok(mut other) = Library::from_storage(&text) {
                // Each tab stays on the scenario it shows, if the other tab kept it.
                if other.entry(&sc.library.current).is_ok() {
                    other.current = sc.library.current.clone();
                }
                if other != *sc.library {
                    sc.library = Rc::new(other);
                    load_current(state);
                }
                // No revision bump: writing it back would only echo the other tab's save.
            }
        }
    }
}

/// The current scenario as it would be saved now.
fn current_scenario(state: &AppState) -> Scenario {
    let meta = state
        .scenarios
        .library
        .current()
        .map(|e| e.meta.clone())
        .unwrap_or_else(|_| ScenarioMeta::for_workbook(state.core.0.borrow().workbook(), ""));
    Scenario {
        meta,
        workbook: state.core.0.borrow().workbook().clone(),
    }
}

/// The scenario file (`.kalkyl.json`, version 2) of the current scenario.
pub fn file_json(state: &AppState) -> Result<String, Text> {
    file::to_json(&current_scenario(state)).map_err(|e| e.text())
}

/// Writes the list to localStorage; run after every change (see `App`).
pub fn autosave(state: &AppState) -> Result<(), Text> {
    let text = library_now(state).to_storage().map_err(|e| e.text())?;
    browser::storage_set(STORAGE_KEY, &text).map_err(|e| {
        e.map(|lang, e| {
            tr!(
                lang,
                "Arbetet kunde inte sparas i webbläsaren ({e}). Spara scenariofil för att inte förlora det.",
                "The work could not be saved in the browser ({e}). Save a scenario file so as not to lose it."
            )
        })
    })
}

/// Reads a picked or dropped file within the size limit, then dispatches `make(name, text)`.
pub fn read_file(
    file: web_sys::File,
    dispatcher: UseReducerDispatcher<AppState>,
    make: fn(String, Result<String, Text>) -> ScenarioMsg,
) {
    let picked = browser::PickedFile::new(file);
    let name = picked.name.clone();
    if picked.bytes > MAX_FILE_BYTES as f64 {
        let refusal = budget_core::CoreError::FileTooLarge {
            bytes: picked.bytes as usize,
            limit: MAX_FILE_BYTES,
        };
        dispatcher.dispatch(Msg::Scenario(make(name, Err(refusal.text()))));
        return;
    }
    picked.read_text(Callback::from(move |text| {
        dispatcher.dispatch(Msg::Scenario(make(name.clone(), text)))
    }));
}

fn opened(name: String, text: Result<String, Text>) -> ScenarioMsg {
    ScenarioMsg::Opened { name, text }
}

fn compare_file(name: String, text: Result<String, Text>) -> ScenarioMsg {
    ScenarioMsg::CompareFile { name, text }
}

/// Adopts what other tabs of the page autosave (see `App`).
pub fn storage_handler(dispatcher: UseReducerDispatcher<AppState>) -> Callback<String> {
    Callback::from(move |text| {
        // What is stored now is the other tab's work, or equal to this one's: either way a save
        // still waiting here holds nothing newer (adopting replaces this tab's work), and
        // letting it run would put older work back over the other tab's.
        browser::cancel_pending_save();
        dispatcher.dispatch(Msg::Scenario(ScenarioMsg::StoredElsewhere(text)))
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
            dispatcher.dispatch(Msg::Scenario(ScenarioMsg::LinkOpened(Err(refusal))));
            return;
        }
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let opened = match xlsx_module::unpack_link(&payload).await {
                Ok(json) => file::from_json(&json).map(Rc::new).map_err(|e| e.text()),
                Err(e) => Err(e),
            };
            dispatcher.dispatch(Msg::Scenario(ScenarioMsg::LinkOpened(opened)));
        });
    })
}

pub fn drop_handler(dispatcher: UseReducerDispatcher<AppState>) -> Callback<web_sys::File> {
    Callback::from(move |file| read_file(file, dispatcher.clone(), opened))
}

/// A link to the scenario file `json`, or why it is not offered.
async fn share_link(json: &str) -> Result<String, Text> {
    let base = browser::page_address()?;
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

fn scenario_msg(
    dispatcher: &UseReducerDispatcher<AppState>,
    make: impl Fn() -> ScenarioMsg + 'static,
) -> Callback<MouseEvent> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |_: MouseEvent| dispatcher.dispatch(Msg::Scenario(make())))
}

/// The scenario panel: file and link tools, confirmations, the list, metadata and comparison.
pub fn view(state: &UseReducerHandle<AppState>) -> Html {
    let loc = Locale {
        lang: state.lang,
        numbers: state.numbers,
    };
    let lang = loc.lang;
    let dispatcher = state.dispatcher();
    let sc = &state.scenarios;
    let lib = &sc.library;
    let open_file = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = browser::picked_file(&e) {
                read_file(file, dispatcher.clone(), opened);
            }
        })
    };
    let compare_with_file = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = browser::picked_file(&e) {
                read_file(file, dispatcher.clone(), compare_file);
            }
        })
    };
    let share = {
        let (state, dispatcher) = (state.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            let json = file::to_json_compact(&current_scenario(&state)).map_err(|e| e.text());
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let link = match json {
                    Ok(json) => share_link(&json).await,
                    Err(e) => Err(e),
                };
                if let Ok(text) = &link {
                    let dispatcher = dispatcher.clone();
                    browser::copy_text(
                        text,
                        Callback::from(move |r| {
                            dispatcher.dispatch(Msg::Scenario(ScenarioMsg::Copied(r)))
                        }),
                    );
                }
                dispatcher.dispatch(Msg::Scenario(ScenarioMsg::ShowLink(link)));
            });
        })
    };
    let current = lib.current().ok();
    let author = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatcher.dispatch(Msg::Scenario(ScenarioMsg::SetAuthor(input.value())));
            }
        })
    };
    let notes = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlTextAreaElement>() {
                dispatcher.dispatch(Msg::Scenario(ScenarioMsg::SetNotes(input.value())));
            }
        })
    };
    let on_compare = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |(a, b): (String, String)| {
            dispatcher.dispatch(Msg::Scenario(ScenarioMsg::Compare(a, b)))
        })
    };
    let entries: Rc<Vec<(String, String)>> = Rc::new(
        lib.entries
            .iter()
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect(),
    );
    let copy_name = lib.copy_name();
    // Each table's `<iframe>` code is made by the browser, so only while the codes are shown,
    // not on every render of the page.
    let embed_tables: Option<Vec<(String, String)>> = sc.embed_codes.then(|| {
        state
            .core
            .0
            .borrow()
            .workbook()
            .tables
            .iter()
            .map(|t| (t.id.clone(), t.title.clone()))
            .collect()
    });
    let show_embed_codes = {
        let shown = sc.embed_codes;
        scenario_msg(&dispatcher, move || ScenarioMsg::ShowEmbedCodes(!shown))
    };
    // The whole link at once, for copying by hand when the clipboard is unavailable.
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            input.select();
        }
    });
    html! {
        <section class="panel scenarios" aria-labelledby="scenarios-title" data-panel="scenarios">
            <h2 id="scenarios-title">{ pick!(lang, "Scenarier", "Scenarios") }</h2>
            <div class="toolbar">
                <label class="button">{ pick!(lang, "Öppna scenariofil…", "Open scenario file…") }
                    <input id="open-file" class="visually-hidden" type="file"
                        accept=".json,application/json" onchange={open_file} />
                </label>
                <button type="button" id="share-link" onclick={share}>{ pick!(lang, "Kopiera länk", "Copy link") }</button>
                <button type="button" id="reset" onclick={scenario_msg(&dispatcher, || ScenarioMsg::AskReset)}>
                    { pick!(lang, "Nytt / återställ standardscenariot…", "New / restore the default scenario…") }
                </button>
            </div>
            <p class="note">{ pick!(
                lang,
                "Allt du ändrar sparas automatiskt i den här webbläsaren. Du kan också släppa en scenariofil (.kalkyl.json) var som helst på sidan.",
                "Everything you change is saved automatically in this browser. You can also drop a scenario file (.kalkyl.json) anywhere on the page.",
            ) }</p>
            { confirm_view(sc.confirm.as_ref(), &dispatcher, loc) }
            if let Some(text) = &sc.info {
                <p class="info" role="status" data-info="scenarios">{ text.get(lang) }</p>
            }
            if let Some(link) = &sc.link {
                <div class="share">
                    <label for="share-url">{ tr!(lang, "Länk till scenariot ({} tecken):", "Link to the scenario ({} characters):", link.chars().count()) }</label>
                    <input id="share-url" type="text" readonly=true value={link.clone()} onfocus={select_all} />
                </div>
                if link.starts_with("file:") {
                    <p class="note" data-note="file-link">{ pick!(
                        lang,
                        "Sidan är öppnad från en fil på din dator, så länken fungerar bara där Kalkyl-filen ligger på samma plats. Skicka hellre scenariofilen.",
                        "The page is opened from a file on your computer, so the link only works where the Kalkyl file is in the same place. Send the scenario file instead.",
                    ) }</p>
                }
            }
            { crate::app::embed::snippets(embed_tables.as_deref(), sc.published.as_ref().map(|p| p.file.as_str()), show_embed_codes, lang) }
            <table class="grid compact scenario-list">
                <thead>
                    <tr>
                        <th scope="col">{ "Scenario" }</th>
                        <th scope="col">{ pick!(lang, "Senast ändrat", "Last changed") }</th>
                        <th scope="col"><span class="visually-hidden">{ pick!(lang, "Åtgärder", "Actions") }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for lib.entries.iter().map(|e| {
                        let is_current = e.id == lib.current;
                        let rename = {
                            let (dispatcher, id) = (dispatcher.clone(), e.id.clone());
                            Callback::from(move |ev: Event| {
                                if let Some(input) = ev.target_dyn_into::<HtmlInputElement>() {
                                    dispatcher.dispatch(Msg::Scenario(ScenarioMsg::Rename(id.clone(), input.value())));
                                }
                            })
                        };
                        let (id1, id2, id3) = (e.id.clone(), e.id.clone(), e.id.clone());
                        html! {
                            <tr key={e.id.clone()} data-scenario={e.id.clone()} class={classes!(is_current.then_some("current"))}>
                                <td>
                                    <input class="scenario-name" type="text" aria-label={lang.pick("Scenariots namn", "Scenario name")}
                                        value={e.name.clone()} onchange={rename} />
                                    if is_current { <span class="badge ok">{ pick!(lang, "öppet", "open") }</span> }
                                </td>
                                <td class="nowrap">{ short_time(&e.meta.modified) }</td>
                                <td class="actions">
                                    <button type="button" data-action="open" disabled={is_current}
                                        onclick={scenario_msg(&dispatcher, move || ScenarioMsg::Switch(id1.clone()))}>{ pick!(lang, "Öppna", "Open") }</button>
                                    <button type="button" data-action="duplicate"
                                        onclick={scenario_msg(&dispatcher, move || ScenarioMsg::Duplicate(id2.clone()))}>
                                        { tr!(lang, "Kopiera som {copy_name}", "Copy as {copy_name}") }</button>
                                    <button type="button" data-action="delete" disabled={lib.entries.len() == 1}
                                        onclick={scenario_msg(&dispatcher, move || ScenarioMsg::AskDelete(id3.clone()))}>{ pick!(lang, "Ta bort…", "Delete…") }</button>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if let Some(entry) = current {
                <div class="meta">
                    <label>{ pick!(lang, "Upprättad av", "Prepared by") }
                        <input id="meta-author" type="text" value={entry.meta.author.clone()} onchange={author} />
                    </label>
                    <label>{ pick!(lang, "Anteckningar (antaganden, källor)", "Notes (assumptions, sources)") }
                        <textarea id="meta-notes" rows="2" value={entry.meta.notes.clone()} onchange={notes} />
                    </label>
                </div>
            }
            <CompareForm entries={entries} on_compare={on_compare} />
            <div class="toolbar">
                <label class="button">{ pick!(lang, "Jämför det öppna scenariot med en fil…", "Compare the open scenario with a file…") }
                    <input id="compare-file" class="visually-hidden" type="file"
                        accept=".json,application/json" onchange={compare_with_file} />
                </label>
            </div>
            if let Some(view) = &sc.compare {
                { compare_view(view, &dispatcher, loc) }
            }
        </section>
    }
}

fn short_time(iso: &str) -> String {
    // `2026-11-24T07:00:00.000Z` → `2026-11-24 07:00 UTC`; unknown stays empty.
    match (iso.get(..10), iso.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => String::new(),
    }
}

fn confirm_view(
    confirm: Option<&Confirm>,
    dispatcher: &UseReducerDispatcher<AppState>,
    loc: Locale,
) -> Html {
    let lang = loc.lang;
    let Some(confirm) = confirm else {
        return html! {};
    };
    let (topic, question, yes) = match confirm {
        Confirm::Reset => (
            "reset",
            lang.pick(
                "Återställa det öppna scenariot till standardscenariot? Dina ändringar i det och dess ångra-historik försvinner.",
                "Restore the open scenario to the default scenario? Your changes to it and its undo history are lost.",
            )
            .to_string(),
            lang.pick("Ja, återställ", "Yes, restore"),
        ),
        Confirm::Delete(_) => (
            "delete",
            lang.pick(
                "Ta bort scenariot ur listan? Det går inte att ångra.",
                "Delete the scenario from the list? This cannot be undone.",
            )
            .to_string(),
            lang.pick("Ja, ta bort", "Yes, delete"),
        ),
        Confirm::OpenLink(s) => (
            "link",
            tr!(
                lang,
                "Länken innehåller scenariot ”{}”. Öppna det? Det läggs till som ett nytt scenario; ditt arbete finns kvar i listan.",
                "The link contains the scenario “{}”. Open it? It is added as a new scenario; your work stays in the list.",
                s.workbook.title
            ),
            lang.pick("Öppna länkens scenario", "Open the link's scenario"),
        ),
    };
    html! {
        <ConfirmBox topic={topic} question={question} yes={yes.to_string()}
            on_yes={scenario_msg(dispatcher, || ScenarioMsg::Confirmed)}
            on_no={scenario_msg(dispatcher, || ScenarioMsg::Cancelled)} />
    }
}

#[derive(Properties, PartialEq)]
struct ConfirmProps {
    /// What is asked (not its wording): the focus moves to the box when this changes, not
    /// when the language does.
    topic: AttrValue,
    question: AttrValue,
    yes: AttrValue,
    on_yes: Callback<MouseEvent>,
    on_no: Callback<MouseEvent>,
}

/// The in-page question. It takes the keyboard focus when it appears, on the safe answer
/// (Avbryt), so Enter never discards work by accident and screen readers announce it.
#[component(ConfirmBox)]
fn confirm_box(p: &ConfirmProps) -> Html {
    let lang = use_lang();
    let no_ref = use_node_ref();
    use_effect_with(p.topic.clone(), {
        let no_ref = no_ref.clone();
        move |_| {
            if let Some(button) = no_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    });
    html! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text" aria-modal="false">
            <p id="confirm-text">{ p.question.clone() }</p>
            <button type="button" id="confirm-yes" onclick={p.on_yes.clone()}>{ p.yes.clone() }</button>
            <button type="button" id="confirm-no" ref={no_ref} onclick={p.on_no.clone()}>{ pick!(lang, "Avbryt", "Cancel") }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CompareFormProps {
    entries: Rc<Vec<(String, String)>>,
    on_compare: Callback<(String, String)>,
}

#[component(CompareForm)]
fn compare_form(p: &CompareFormProps) -> Html {
    let lang = use_lang();
    let (a_ref, b_ref) = (use_node_ref(), use_node_ref());
    let run = {
        let (a_ref, b_ref, on_compare) = (a_ref.clone(), b_ref.clone(), p.on_compare.clone());
        Callback::from(move |_: MouseEvent| {
            let value = |r: &NodeRef| r.cast::<HtmlSelectElement>().map(|s| s.value());
            if let (Some(a), Some(b)) = (value(&a_ref), value(&b_ref)) {
                on_compare.emit((a, b));
            }
        })
    };
    let options = |selected: usize| {
        html! { <>{ for p.entries.iter().enumerate().map(|(i, (id, name))| html! {
            <option value={id.clone()} selected={i == selected}>{ name }</option>
        }) }</> }
    };
    html! {
        <div class="toolbar compare-form">
            <label>{ pick!(lang, "Jämför A ", "Compare A ") }<select id="compare-a" ref={a_ref}>{ options(0) }</select></label>
            <label>{ pick!(lang, " med B ", " with B ") }<select id="compare-b" ref={b_ref}>{ options(p.entries.len().min(2).saturating_sub(1)) }</select></label>
            <button type="button" id="compare-run" onclick={run}>{ pick!(lang, "Jämför", "Compare") }</button>
        </div>
    }
}

fn amount(d: &CellDiff, value: budget_core::Value, loc: Locale) -> String {
    let kind = if d.percent {
        budget_core::ColumnKind::PercentChange {
            new: String::new(),
            old: String::new(),
        }
    } else {
        budget_core::ColumnKind::Input
    };
    match value {
        // A typed figure is shown exactly, as in its cell.
        budget_core::Value::Number(x) if d.kind != CellKind::Total => {
            loc.amount(x, x.scale().max(d.decimals))
        }
        _ => value_text(value, &kind, d.decimals, loc).0,
    }
}

/// B − A: in the table's unit, or in percentage points for a percentage column.
fn difference(d: &CellDiff, loc: Locale) -> String {
    match d.difference {
        Some(x) if d.percent => format!("{} {}", loc.amount(x, 1), loc.lang.pick("p.e.", "pp")),
        Some(x) => loc.amount(x, d.decimals.max(x.scale().min(2))),
        None => String::new(),
    }
}

fn diff_table(caption: &str, diffs: &[CellDiff], loc: Locale) -> Html {
    let lang = loc.lang;
    html! {
        <table class="grid compact diff">
            <caption>{ caption }</caption>
            <thead>{ column_headings(lang, &[
                ("Tabell", "Table", false),
                ("Rad", "Row", false),
                ("Kolumn", "Column", false),
                ("A", "A", true),
                ("B", "B", true),
                ("Skillnad (B − A)", "Difference (B − A)", true),
            ]) }</thead>
            <tbody>
                { for diffs.iter().map(|d| html! {
                    <tr data-diff={format!("{}/{}/{}", d.table, d.row, d.column)}>
                        <td>{ &d.table_title }</td>
                        <td>{ &d.row_label }</td>
                        <td class="nowrap">{ &d.column_label }</td>
                        <td class="num">{ amount(d, d.left, loc) }</td>
                        <td class="num">{ amount(d, d.right, loc) }</td>
                        <td class="num">{ difference(d, loc) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// `n` and the noun in its number, in the interface language: `(one, many)` per language.
fn count(n: usize, lang: Lang, sv: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

fn compare_view(
    view: &CompareView,
    dispatcher: &UseReducerDispatcher<AppState>,
    loc: Locale,
) -> Html {
    let lang = loc.lang;
    let r = &view.result;
    // English puts the verb in each count, to agree with its number.
    let cells = count(
        r.cells.len(),
        lang,
        ("inmatad cell", "inmatade celler"),
        ("input cell differs", "input cells differ"),
    );
    let totals = count(
        r.totals.len(),
        lang,
        ("summa eller jämförelse", "summor och jämförelser"),
        (
            "total or comparison is affected",
            "totals and comparisons are affected",
        ),
    );
    let summary = tr!(
        lang,
        "{cells} skiljer sig; {totals} påverkas.",
        "{cells}; {totals}."
    );
    html! {
        <section class="compare" aria-labelledby="compare-title" data-panel="compare">
            <h3 id="compare-title">{ tr!(lang, "Jämförelse: A ”{}” mot B ”{}”", "Comparison: A “{}” against B “{}”", view.a, view.b) }</h3>
            if r.is_empty() {
                <p class="all-ok" data-summary="compare">{ pick!(
                    lang,
                    "Scenarierna är lika: inga celler skiljer sig.",
                    "The scenarios are the same: no cells differ.",
                ) }</p>
            } else {
                <p data-summary="compare">{ summary }</p>
                if !r.structure.is_empty() {
                    <ul class="structure">{ for r.structure.iter().map(|s| html! { <li>{ s.get(lang) }</li> }) }</ul>
                }
                if !r.cells.is_empty() { { diff_table(lang.pick("Celler som skiljer sig", "Cells that differ"), &r.cells, loc) } }
                if !r.totals.is_empty() { { diff_table(lang.pick("Effekt på summor och jämförelser", "Effect on totals and comparisons"), &r.totals, loc) } }
            }
            <button type="button" id="compare-close" onclick={scenario_msg(dispatcher, || ScenarioMsg::CloseCompare)}>{ pick!(lang, "Stäng jämförelsen", "Close the comparison") }</button>
        </section>
    }
}
