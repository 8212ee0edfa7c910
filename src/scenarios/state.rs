//! The scenario side of the page state and its reducer: the saved list, the question being
//! asked, comparisons, share link and the published file. The rules live in `budget-core`
//! (`file`, `library`, `share`, `compare`).
//!
//! One session, not two: while a scenario is open, its session (workbook and undo history)
//! lives only in the page's `Live` (`AppState::core`); the list's current entry keeps an empty
//! placeholder. Switching puts the open session back into its entry and takes the next one
//! out; the storage text, comparisons and copies read the open one from the `Live`.

use std::rc::Rc;

use budget_core::analysis::{compare, Comparison, Verification};
use budget_core::catalog::default_workbook;
use budget_core::io::{scenario_file_name, Entry, Library, Scenario, ScenarioMeta, FILE_SUFFIX};
use budget_core::session::Live;
use budget_core::{text, tr, Session, Text, Workbook};

use super::published;
use crate::app::AppState;

/// localStorage key of the scenario list (`budget_core::io::Library`'s storage text).
pub const STORAGE_KEY: &str = "kalkyl.scenarier";
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

/// The scenario side of the page state (see the module's first lines for where the open
/// scenario's session is).
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
    /// The page's session changed since the list's current entry was last stamped.
    pub dirty: bool,
    /// The file `?fil=` opened, kept to compare the reader's copy with.
    pub published: Option<super::published::Published>,
    /// The share panel's `<iframe>` codes are shown (their markup is made only then).
    pub embed_codes: bool,
    /// Bumped when a share link in the address has been dealt with (opened, refused or
    /// declined), for the page's effects to clear it from the address.
    pub links_done: u64,
    /// Why the next changes are made, for their change log entries (kept until changed).
    pub reason: String,
    /// The reader chose not to give a name for the change log now: not asked again this visit.
    pub author_declined: bool,
}

impl Default for Scenarios {
    fn default() -> Scenarios {
        Scenarios {
            library: Rc::new(first_library(Workbook::empty(""), "")),
            confirm: None,
            dirty: false,
            info: None,
            link: None,
            compare: None,
            revision: 0,
            published: None,
            embed_codes: false,
            links_done: 0,
            reason: String::new(),
            author_declined: false,
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
    /// The reason given for the next changes.
    SetReason(String),
    /// No name for the change log now.
    DeclineAuthor,
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

/// A list of one scenario, `workbook`, made `now`.
pub fn first_library(workbook: Workbook, now: &str) -> Library {
    Library::new(
        FIRST_NAME,
        Scenario {
            meta: ScenarioMeta::for_workbook(&workbook, now),
            workbook,
        },
    )
}

/// What the list's current entry holds while its session is open in the page.
fn placeholder() -> Session {
    Session::new(Workbook::empty(""))
}

/// The session of entry `e` of the page's list: the page's own for the open one.
fn session_of<'a>(state: &'a AppState, live: &'a Live, e: &'a Entry) -> &'a Session {
    if e.id == state.scenarios.library.current {
        live.session()
    } else {
        &e.session
    }
}

/// Whether the list holds anything a share link would put aside.
fn has_own_work(state: &AppState) -> bool {
    let default = default_workbook().ok();
    let live = state.core.0.borrow();
    let entries = &state.scenarios.library.entries;
    entries.len() > 1
        || entries.iter().any(|e| {
            let session = session_of(state, &live, e);
            session.can_undo() || default.as_ref() != Some(&session.workbook)
        })
}

/// Whether `other` is the page's list as it stands (the open entry's session is the page's).
fn shows(state: &AppState, other: &Library) -> bool {
    let lib = &state.scenarios.library;
    let live = state.core.0.borrow();
    other.version == lib.version
        && other.current == lib.current
        && other.entries.len() == lib.entries.len()
        && other.entries.iter().zip(&lib.entries).all(|(o, e)| {
            o.id == e.id
                && o.name == e.name
                && o.meta == e.meta
                && o.session == *session_of(state, &live, e)
        })
}

/// The page starts on `library` (read from storage, or a fresh one): its current entry opens.
pub fn open_library(state: &mut AppState, library: Library) {
    state.scenarios.library = Rc::new(library);
    load_current(state);
}

fn link_name(s: &Scenario) -> String {
    let title = saved_name(s).unwrap_or_else(|| s.workbook.title.trim());
    if title.is_empty() {
        "Från länk".into()
    } else {
        format!("{title} (länk)")
    }
}

/// The name a file or link saved for its scenario, if any.
fn saved_name(s: &Scenario) -> Option<&str> {
    s.meta
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// A file's or link's scenario as the list keeps it: its name goes into the entry, so the
/// metadata holds none that a rename could leave behind.
fn unnamed(mut s: Scenario) -> Scenario {
    s.meta.name = None;
    s
}

/// Opens the list's current entry: its session moves into the page's `Live`, and the entry
/// keeps a placeholder.
fn load_current(state: &mut AppState) {
    if let Ok(entry) = Rc::make_mut(&mut state.scenarios.library).current_mut() {
        let session = std::mem::replace(&mut entry.session, placeholder());
        let tables = session.workbook.tables.len();
        *state.core.0.borrow_mut() = Live::of(session);
        // Every table view must redraw from the new workbook: a revision no table has had yet.
        state.revision += 1;
        state.table_revisions = Rc::new(vec![state.revision; tables]);
    }
    state.scenarios.link = None;
}

/// Runs a change of the list that may change which entry is open, or copies the open one: the
/// page's session goes back into its entry first, and the entry current afterwards opens (the
/// same one again when the change is refused).
fn with_open_session<T>(state: &mut AppState, change: impl FnOnce(&mut Library) -> T) -> T {
    let open = std::mem::replace(
        &mut *state.core.0.borrow_mut(),
        Live::new(Workbook::empty("")),
    );
    let lib = library(state);
    if let Ok(entry) = lib.current_mut() {
        entry.session = open.into_session();
    }
    let out = change(lib);
    load_current(state);
    out
}

/// Adds `scenario` to the list under `name` (or a fresh variant of it) and opens it.
fn add_and_open(state: &mut AppState, name: &str, scenario: Scenario) {
    with_open_session(state, |lib| {
        let id = lib.add(name, scenario);
        let _ = lib.switch(&id);
    });
}

/// The open scenario's name in the list.
/// The open scenario's name in the list (empty when the list has none open).
pub fn open_name(lib: &Library) -> String {
    lib.current().map(|e| e.name.clone()).unwrap_or_default()
}

/// Who the change log names for a change: the open scenario's author.
pub fn author(lib: &Library) -> String {
    lib.current()
        .map(|e| e.meta.author.clone())
        .unwrap_or_default()
}

/// The open entry's "last changed" becomes `now` if the page's session changed since.
fn stamp_current(state: &mut AppState, now: &str) {
    if state.scenarios.dirty {
        if let Ok(entry) = library(state).current_mut() {
            entry.meta.modified = now.into();
        }
    }
    state.scenarios.dirty = false;
}

/// The list's storage text at `now`: the open entry's session read from the page's `Live`
/// where the list holds its placeholder (neither the list nor the session is copied).
pub fn storage_text(state: &AppState, now: &str) -> Result<String, Text> {
    let library = &state.scenarios.library;
    let written = match library.current() {
        Ok(entry) => {
            let mut meta = entry.meta.clone();
            if state.scenarios.dirty {
                meta.modified = now.into();
            }
            library.to_storage_with(state.core.0.borrow().session(), &meta)
        }
        Err(_) => library.to_storage(),
    };
    written.map_err(|e| e.text())
}

fn library(state: &mut AppState) -> &mut Library {
    Rc::make_mut(&mut state.scenarios.library)
}

/// After every applied action: the change is stamped and autosaved.
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
    budget_core::io::from_json(&text).map_err(|e| e.text())
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

/// Applies a scenario message sent at `now` (ISO 8601, UTC).
pub fn reduce(state: &mut AppState, msg: ScenarioMsg, now: &str) {
    stamp_current(state, now);
    state.scenarios.info = None;
    match msg {
        ScenarioMsg::Opened { name, text } => match text
            .and_then(|t| budget_core::io::open_json(&t).map_err(|e| e.text()))
        {
            Ok((scenario, verification)) => {
                // The name it was saved under, else the file's (older files have none).
                let listed = saved_name(&scenario).map_or_else(|| stem(&name), str::to_string);
                add_and_open(state, &listed, unnamed(scenario));
                let check = verification.notice();
                let opened = text!(
                    "Öppnade ”{name}” som ett eget scenario; det du hade finns kvar i listan.",
                    "Opened “{name}” as a scenario of its own; what you had is still in the list."
                );
                // Totals that differ are a warning, shown until dismissed; a verified (or
                // unverifiable) file is said with the confirmation.
                if matches!(verification, Verification::Differs(_)) {
                    state.notice = Some(check);
                    state.scenarios.info = Some(opened);
                } else {
                    state.notice = None;
                    state.scenarios.info = Some(opened.map(|lang, o| format!("{o} {}", check.get(lang))));
                }
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
                state.scenarios.compare = Some(CompareView {
                    a: open_name(&state.scenarios.library),
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
        ScenarioMsg::LinkOpened(Ok(s)) if has_own_work(state) => {
            state.scenarios.confirm = Some(Confirm::OpenLink(s));
        }
        ScenarioMsg::LinkOpened(Ok(s)) => {
            let name = link_name(&s);
            state.scenarios.library = Rc::new(Library::new(&name, unnamed(Rc::unwrap_or_clone(s))));
            load_current(state);
            state.scenarios.info = Some(text!(
                "Öppnade scenariot ”{name}” från länken.",
                "Opened the scenario “{name}” from the link."
            ));
            state.scenarios.revision += 1;
            state.scenarios.links_done += 1;
        }
        ScenarioMsg::LinkOpened(Err(e)) => {
            state.notice = Some(unchanged(&e));
            state.scenarios.links_done += 1;
        }
        ScenarioMsg::AskReset => state.scenarios.confirm = Some(Confirm::Reset),
        ScenarioMsg::AskDelete(id) => state.scenarios.confirm = Some(Confirm::Delete(id)),
        ScenarioMsg::Cancelled => {
            let sc = &mut state.scenarios;
            if matches!(sc.confirm.take(), Some(Confirm::OpenLink(_))) {
                sc.links_done += 1;
                sc.info = Some(text!(
                    "Länken öppnades inte; ditt arbete är orört.",
                    "The link was not opened; your work is untouched."
                ));
            }
        }
        ScenarioMsg::Confirmed => match state.scenarios.confirm.take() {
            Some(Confirm::Reset) => match default_scenario(now) {
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
            Some(Confirm::Delete(id)) => match with_open_session(state, |lib| lib.delete(&id)) {
                Ok(()) => {
                    state.scenarios.compare = None;
                    state.scenarios.info =
                        Some(text!("Scenariot är borttaget.", "The scenario is removed."));
                    state.scenarios.revision += 1;
                }
                Err(e) => state.notice = Some(e.text()),
            },
            Some(Confirm::OpenLink(s)) => {
                let name = link_name(&s);
                add_and_open(state, &name, unnamed((*s).clone()));
                state.scenarios.links_done += 1;
                let name = open_name(&state.scenarios.library);
                state.scenarios.info = Some(text!(
                    "Öppnade länkens scenario som ”{name}”; ditt tidigare arbete finns kvar i listan.",
                    "Opened the link's scenario as “{name}”; your earlier work is still in the list."
                ));
                state.scenarios.revision += 1;
            }
            None => {}
        },
        ScenarioMsg::Switch(id) => match with_open_session(state, |lib| lib.switch(&id)) {
            Ok(()) => state.scenarios.revision += 1,
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
            let name = state.scenarios.library.copy_name();
            let copied = with_open_session(state, |lib| {
                let copy = lib.duplicate(&id, &name, now)?;
                lib.switch(&copy)
            });
            match copied {
                Ok(()) => {
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
        ScenarioMsg::SetAuthor(text)
        | ScenarioMsg::SetNotes(text)
        | ScenarioMsg::SetReason(text)
            if budget_core::base::text_problem(&text).is_some() =>
        {
            state.notice = budget_core::base::text_problem(&text);
        }
        ScenarioMsg::SetAuthor(text) => {
            if let Ok(entry) = library(state).current_mut() {
                entry.meta.author = text;
            }
            state.scenarios.revision += 1;
        }
        ScenarioMsg::SetReason(text) => state.scenarios.reason = text.trim().to_string(),
        ScenarioMsg::DeclineAuthor => state.scenarios.author_declined = true,
        ScenarioMsg::SetNotes(text) => {
            if let Ok(entry) = library(state).current_mut() {
                entry.meta.notes = text;
            }
            state.scenarios.revision += 1;
        }
        ScenarioMsg::ShowLink(Ok(link)) => {
            state.scenarios.link = Some(link);
            state.notice = None;
        }
        ScenarioMsg::ShowLink(Err(e)) => {
            state.scenarios.link = None;
            state.notice = Some(e);
        }
        ScenarioMsg::Copied(Ok(())) => {
            state.scenarios.info = Some(text!(
                "Länken är kopierad. Scenariot ligger i länkens #-del, som aldrig skickas till någon server.",
                "The link is copied. The scenario is in the link's # part, which is never sent to any server."
            ))
        }
        ScenarioMsg::Copied(Err(_)) => {
            state.scenarios.info = Some(text!(
                "Länken kunde inte kopieras automatiskt: markera den i fältet och kopiera den.",
                "The link could not be copied automatically: select it in the field and copy it."
            ))
        }
        ScenarioMsg::Compare(a, b) => {
            let compared = {
                let (lib, live) = (&state.scenarios.library, state.core.0.borrow());
                match (lib.entry(&a), lib.entry(&b)) {
                    (Ok(ea), Ok(eb)) => Ok(CompareView {
                        a: ea.name.clone(),
                        b: eb.name.clone(),
                        result: Rc::new(compare(
                            &session_of(state, &live, ea).workbook,
                            &session_of(state, &live, eb).workbook,
                        )),
                    }),
                    (Err(e), _) | (_, Err(e)) => Err(e.text()),
                }
            };
            match compared {
                Ok(view) => state.scenarios.compare = Some(view),
                Err(e) => state.notice = Some(e),
            }
        }
        ScenarioMsg::CloseCompare => state.scenarios.compare = None,
        ScenarioMsg::ShowEmbedCodes(shown) => state.scenarios.embed_codes = shown,
        ScenarioMsg::Published {
            file,
            result: Ok(scenario),
        } => {
            let copy = published::copy_name(&file, state.lang);
            let again = with_open_session(state, |lib| {
                let existing = lib
                    .entries
                    .iter()
                    .find(|e| published::is_copy_of(&e.name, &file))
                    .map(|e| e.id.clone());
                let again = existing.is_some();
                let id = existing.unwrap_or_else(|| lib.add(&copy, unnamed((*scenario).clone())));
                let _ = lib.switch(&id);
                again
            });
            state.scenarios.info = Some(published::opened(&file, again));
            state.scenarios.published = Some(published::Published { file, scenario });
            state.scenarios.revision += 1;
        }
        ScenarioMsg::Published {
            file,
            result: Err(e),
        } => state.notice = Some(unchanged(&published::refused(&file, &e))),
        ScenarioMsg::ComparePublished => {
            let sc = &state.scenarios;
            let view = sc.published.as_ref().map(|p| CompareView {
                a: open_name(&sc.library),
                b: tr!(state.lang, "publicerad version ({})", "published version ({})", p.file),
                result: Rc::new(compare(state.core.0.borrow().workbook(), &p.scenario.workbook)),
            });
            if view.is_some() {
                state.scenarios.compare = view;
            }
        }
        ScenarioMsg::StoredElsewhere(text) => {
            if let Ok(mut other) = Library::from_storage(&text) {
                // Each tab stays on the scenario it shows, if the other tab kept it.
                let current = &state.scenarios.library.current;
                if other.entry(current).is_ok() {
                    other.current = current.clone();
                }
                if !shows(state, &other) {
                    // The page's open session gives way to the other tab's list.
                    open_library(state, other);
                }
                // No revision bump: writing it back would only echo the other tab's save.
            }
        }
    }
}

/// The current scenario as it would be saved now, under its name in the list.
pub(super) fn current_scenario(state: &AppState) -> Scenario {
    let meta = state
        .scenarios
        .library
        .current()
        .map(|e| ScenarioMeta {
            name: Some(e.name.clone()),
            ..e.meta.clone()
        })
        .unwrap_or_else(|_| ScenarioMeta::for_workbook(state.core.0.borrow().workbook(), ""));
    Scenario {
        meta,
        workbook: state.core.0.borrow().workbook().clone(),
    }
}

/// The scenario file (`.kalkyl.json`, version 2) of the current scenario.
pub fn file_json(state: &AppState) -> Result<String, Text> {
    budget_core::io::to_json(&current_scenario(state)).map_err(|e| e.text())
}

/// The download name of the current scenario's file: `<slug of its name>.kalkyl.json`
/// (`Scenario B` → `scenario-b.kalkyl.json`), else of the workbook's title.
pub fn file_name(state: &AppState) -> String {
    let named = open_name(&state.scenarios.library);
    let name = if named.trim().is_empty() {
        state.core.0.borrow().workbook().title.clone()
    } else {
        named
    };
    scenario_file_name(&name, "kalkyl-scenario")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::cell::RefCell;

    use super::*;
    use crate::app::CoreRef;
    use budget_core::Lang;

    fn page() -> AppState {
        let mut state = AppState {
            core: CoreRef(Rc::new(RefCell::new(Live::new(Workbook::empty(""))))),
            revision: 0,
            table_revisions: Rc::new(Vec::new()),
            notice: None,
            lang: budget_core::Lang::Sv,
            numbers: Default::default(),
            scenarios: Default::default(),
            crash_on_edit: false,
            view: None,
            views_chosen: 0,
            jump: None,
            finding: None,
            print_requests: 0,
        };
        let workbook = default_workbook().unwrap();
        open_library(
            &mut state,
            first_library(workbook, "2026-12-01T08:00:00.000Z"),
        );
        state
    }

    fn open(state: &mut AppState, file: &str, scenario: &Scenario) {
        let text = Ok(budget_core::io::to_json(scenario).unwrap());
        let msg = ScenarioMsg::Opened {
            name: file.into(),
            text,
        };
        reduce(state, msg, "2026-12-01T09:00:00.000Z");
    }

    #[test]
    fn the_file_carries_the_scenario_name_and_is_named_after_it() {
        let state = page();
        assert_eq!(file_name(&state), "scenario-a.kalkyl.json");
        let json = file_json(&state).unwrap();
        let saved = budget_core::io::from_json(&json).unwrap();
        assert_eq!(saved.meta.name.as_deref(), Some("Scenario A"));
    }

    #[test]
    fn an_opened_file_is_checked_against_the_totals_it_carries() {
        let mut state = page();
        let scenario = current_scenario(&state);
        open(&mut state, "plan.kalkyl.json", &scenario);
        assert_eq!(state.notice, None);
        let info = state.scenarios.info.clone().unwrap();
        assert!(info
            .get(Lang::Sv)
            .ends_with("Siffrorna stämmer med filens kontrollsummor."));
        assert!(info
            .get(Lang::En)
            .ends_with("Figures verified against the file's totals."));
        // One typed figure changed by hand: the totals it moves are named, the file still opens.
        let json = budget_core::io::to_json(&scenario).unwrap();
        let edited = json.replacen("\"number\": \"-888391\"", "\"number\": \"-888327\"", 1);
        let msg = ScenarioMsg::Opened {
            name: "handredigerad.kalkyl.json".into(),
            text: Ok(edited),
        };
        reduce(&mut state, msg, "2026-12-01T10:00:00.000Z");
        let notice = state.notice.clone().unwrap();
        assert!(
            notice.get(Lang::Sv).contains("skiljer sig från filens"),
            "{notice:?}"
        );
        assert!(notice.get(Lang::En).contains("computed"), "{notice:?}");
        assert!(state.scenarios.info.is_some(), "opened all the same");
    }

    #[test]
    fn an_opened_file_keeps_its_scenario_name_and_an_older_one_its_file_name() {
        let mut state = page();
        let mut scenario = current_scenario(&state);
        scenario.meta.name = Some("Besparing 2 %".into());
        open(
            &mut state,
            "kalkyl-verksamhetsplan-2026.kalkyl.json",
            &scenario,
        );
        assert_eq!(state.notice, None);
        let lib = &state.scenarios.library;
        assert_eq!(open_name(lib), "Besparing 2 %");
        // The name lives in the list's entry, not twice.
        assert_eq!(lib.current().unwrap().meta.name, None);
        assert_eq!(file_name(&state), "besparing-2.kalkyl.json");
        let saved = budget_core::io::from_json(&file_json(&state).unwrap()).unwrap();
        assert_eq!(saved.meta.name.as_deref(), Some("Besparing 2 %"));

        scenario.meta.name = None;
        open(&mut state, "plan-2026.kalkyl.json", &scenario);
        assert_eq!(open_name(&state.scenarios.library), "plan-2026");
        assert_eq!(file_name(&state), "plan-2026.kalkyl.json");
    }
}
