//! The page: the app component, its skip links and locale hooks; its state and reducer live in
//! `state`, its browser side effects in `effects`.

pub mod display;
pub mod embed;

use std::cell::RefCell;
use std::rc::Rc;

use budget_core::checks::check;
use budget_core::codec::to_csv;
use budget_core::live::Live;
use budget_core::scenario::default_workbook;
use budget_core::{tr, Action, Lang, NumberStyle, Text};
use yew::prelude::*;

use crate::app::display::Locale;
use crate::grid::TableView;
use crate::panels::{
    AddTableForm, AllocationPanel, BridgePanel, Charts, ChecksPanel, GoalSeekTool, ImportExport,
    UpliftTool,
};
use crate::platform::{self, crash};
use crate::scenarios::{self, published};

/// A handle on the page's one [`Live`] workbook (session + kept values), shared by the views and
/// changed in place by the reducer, so an edit never copies the workbook; equal when it is the
/// same handle, so it never forces a re-render.
#[derive(Clone)]
pub struct CoreRef(pub Rc<RefCell<Live>>);

impl PartialEq for CoreRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The page's one state: the core, a revision per table (so only tables an edit touched
/// re-render), the last message for the user and the interface language.
#[derive(Clone)]
pub struct AppState {
    pub(crate) core: CoreRef,
    pub(crate) revision: u64,
    pub(crate) table_revisions: Rc<Vec<u64>>,
    /// Kept in both languages, so switching language re-words it too.
    pub(crate) notice: Option<Text>,
    pub(crate) lang: Lang,
    pub(crate) numbers: NumberStyle,
    /// Saved scenarios, autosave, share link and comparison (src/scenarios/).
    pub(crate) scenarios: scenarios::Scenarios,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.notice == other.notice
            && self.lang == other.lang
            && self.numbers == other.numbers
            && self.core == other.core
    }
}

pub enum Msg {
    Do(Action),
    Notify(Text),
    SetLang(Lang),
    SetNumbers(NumberStyle),
    DismissNotice,
    Scenario(scenarios::ScenarioMsg),
}

/// How long typing must pause before the work is written to the browser's storage.
const AUTOSAVE_PAUSE_MS: u32 = 400;

/// Most rows the measuring workbook (`?prestanda=N`) may have.
const MAX_SYNTHETIC_ROWS: usize = 100_000;

fn initial_workbook() -> Result<budget_core::Workbook, budget_core::CoreError> {
    if let Some(rows) = platform::query_param("prestanda").and_then(|v| v.parse::<usize>().ok()) {
        return Ok(budget_core::scenario::synthetic(
            rows.clamp(1, MAX_SYNTHETIC_ROWS),
        ));
    }
    default_workbook()
}

impl AppState {
    pub(crate) fn new() -> AppState {
        let (wb, notice) = match initial_workbook() {
            Ok(wb) => (wb, None),
            Err(e) => (
                // The embedded scenario is tested; this only guards against a broken build.
                budget_core::Workbook::empty("Tom arbetsbok"),
                Some(e.text().map(|lang, e| {
                    tr!(
                        lang,
                        "Standardscenariot kunde inte läsas: {e}",
                        "The default scenario could not be read: {e}"
                    )
                })),
            ),
        };
        let tables = wb.tables.len();
        let core = Rc::new(RefCell::new(Live::new(wb)));
        crash::watch(&core);
        AppState {
            table_revisions: Rc::new(vec![0; tables]),
            core: CoreRef(core),
            revision: 0,
            notice,
            lang: platform::saved_language(),
            numbers: platform::saved_number_style(),
            scenarios: Default::default(),
        }
    }
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match msg {
            Msg::Do(action) => {
                let result = {
                    let mut core = next.core.0.borrow_mut();
                    core.apply(action)
                        .map(|changed| (changed.tables, core.workbook().tables.len()))
                };
                // After the edit, with the core free: the crash panel can then offer the edit.
                if result.is_ok() && crash::armed() {
                    crash::deliberate();
                }
                match result {
                    Ok((changed, count)) => {
                        let mut revs = (*next.table_revisions).clone();
                        if revs.len() != count {
                            revs = vec![next.revision + 1; count];
                        }
                        for i in changed {
                            if let Some(r) = revs.get_mut(i) {
                                *r = next.revision + 1;
                            }
                        }
                        next.table_revisions = Rc::new(revs);
                        next.notice = None;
                        scenarios::edited(&mut next);
                    }
                    Err(e) => next.notice = Some(e.text()),
                }
            }
            Msg::Notify(text) => next.notice = Some(text),
            Msg::SetNumbers(numbers) => {
                next.numbers = numbers;
                if let Err(e) = platform::save_number_style(numbers) {
                    next.notice = Some(e.map(|lang, e| {
                        tr!(
                            lang,
                            "Talformatet kunde inte sparas: {e}",
                            "The number format could not be saved: {e}"
                        )
                    }));
                }
            }
            Msg::SetLang(lang) => {
                next.lang = lang;
                if let Err(e) = platform::use_language(lang) {
                    next.notice = Some(e.map(|lang, e| {
                        tr!(
                            lang,
                            "Språkvalet kunde inte sparas: {e}",
                            "The language choice could not be saved: {e}"
                        )
                    }));
                }
            }
            Msg::DismissNotice => next.notice = None,
            Msg::Scenario(msg) => scenarios::reduce(&mut next, msg),
        }
        next.revision += 1;
        Rc::new(next)
    }
}

/// The reader's language and number style, for any component below [`App`] (a change
/// re-renders every component that asked).
#[hook]
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The interface language (see [`use_locale`]).
#[hook]
pub fn use_lang() -> Lang {
    use_locale().lang
}

/// A failure wrapped with what was being done, in both languages.
pub(crate) fn failed(what: (&str, &str), e: &Text) -> Text {
    e.map(|lang, e| format!("{}: {e}", lang.pick(what.0, what.1)))
}

fn file_stem(title: &str) -> String {
    let slug = budget_core::scenario::slug(title);
    if slug.is_empty() {
        "kalkyl".into()
    } else {
        format!("kalkyl-{slug}")
    }
}

#[derive(Properties, PartialEq)]
struct SkipLinksProps {
    /// (id, title) of each table.
    tables: Rc<Vec<(String, String)>>,
}

/// Links, shown when they get focus, that take the keyboard past the page's many controls
/// straight into a table (its Tab stop cell) or a panel.
#[component(SkipLinks)]
fn skip_links(p: &SkipLinksProps) -> Html {
    let lang = use_lang();
    let link = |href: String, selector: String, label: String| {
        let onclick = Callback::from(move |e: MouseEvent| {
            if platform::focus_first(&selector) {
                e.prevent_default();
            }
        });
        html! { <li><a {href} {onclick}>{ label }</a></li> }
    };
    // Every panel, in page order: a read-only one (the bridge) has no Tab stop of its own, so
    // its link is the keyboard's way there.
    let panels = [
        ("scenarios", lang.pick("Scenarier", "Scenarios")),
        (
            "import-export",
            lang.pick("Import och export", "Import and export"),
        ),
        ("bridge", lang.pick("Ramöverbryggning", "Frame bridge")),
        ("checks", lang.pick("Kontroller", "Checks")),
        (
            "allocation",
            lang.pick("Överbryggning per verksamhet", "Bridge per activity"),
        ),
        ("charts", lang.pick("Diagram", "Charts")),
        ("uplift", lang.pick("Uppräkning", "Uplift")),
        ("goal-seek", lang.pick("Målsökning", "Goal seek")),
    ];
    html! {
        <nav class="skip-links" aria-label={lang.pick("Hoppa till", "Skip to")}>
            <ul>
                { for p.tables.iter().map(|(id, title)| link(
                    format!("#tabell-{id}"),
                    format!("section[data-table=\"{id}\"] table [tabindex=\"0\"]"),
                    tr!(lang, "Till tabellen {}", "To the table {}", title),
                )) }
                { for panels.into_iter().map(|(panel, label)| link(
                    format!("#{panel}"),
                    format!("[data-panel=\"{panel}\"] h2"),
                    tr!(lang, "Till {}", "To {}", label),
                )) }
            </ul>
        </nav>
    }
}

/// Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z, ⌘ on a Mac) undo and redo workbook changes wherever focus
/// is, except in a text field of its own (a row name, a note) or a cell being edited, where
/// they undo the typing as the browser does.
fn undo_shortcut(e: &KeyboardEvent) -> Option<Action> {
    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
        return None;
    }
    let action = match (e.key().to_lowercase().as_str(), e.shift_key()) {
        ("z", false) => Action::Undo,
        ("y", _) | ("z", true) => Action::Redo,
        _ => return None,
    };
    if let Some(target) = e.target_dyn_into::<web_sys::HtmlElement>() {
        let field = matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT");
        let grid_cell = target.has_attribute("data-nav") || target.has_attribute("data-printed");
        if (field && !grid_cell) || target.has_attribute("data-editing") {
            return None;
        }
    }
    Some(action)
}

/// The page: one table for an article (`?visa=`, see [`embed`]), or the whole workbook.
#[component(Root)]
pub fn root() -> Html {
    if embed::requested().is_some() {
        html! { <embed::Embed /> }
    } else {
        html! { <App /> }
    }
}

#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(scenarios::initial_state);
    let dispatcher = state.dispatcher();
    let dispatch = use_callback(dispatcher.clone(), |action: Action, d| {
        d.dispatch(Msg::Do(action))
    });
    use_effect_with((), |_| {
        platform::mark_ready();
        // Once the tables are shown, rehearse an edit, so the user's first one is as quick as
        // the rest (see budget_core::rehearsal).
        platform::after_load(|| {
            budget_core::rehearsal::rehearse_edit();
        });
    });
    // The page's `lang` follows the saved choice from the first render on.
    use_effect_with(state.lang, |lang| {
        let _ = platform::use_language(*lang);
    });
    let lang = state.lang;
    let locale = Locale {
        lang,
        numbers: state.numbers,
    };
    // Autosave after every change; page-wide drop of a scenario file; other tabs' saves.
    use_effect_with(state.scenarios.revision, {
        let state = state.clone();
        move |_| {
            let dispatcher = state.dispatcher();
            platform::save_soon(
                AUTOSAVE_PAUSE_MS,
                Box::new(move || {
                    if let Err(e) = scenarios::autosave(&state) {
                        dispatcher.dispatch(Msg::Notify(e));
                    }
                }),
            );
        }
    });
    // Leaving the app (unmount) saves what is still waiting.
    use_effect_with((), |_| platform::flush_pending_save);
    use_effect_with((), {
        let on_drop = scenarios::drop_handler(dispatcher.clone());
        let on_stored = scenarios::storage_handler(dispatcher.clone());
        let on_link = scenarios::link_handler(dispatcher.clone());
        let published_dispatcher = dispatcher.clone();
        let undo_shortcuts = {
            let dispatcher = dispatcher.clone();
            Callback::from(move |e: KeyboardEvent| {
                if let Some(action) = undo_shortcut(&e) {
                    e.prevent_default();
                    dispatcher.dispatch(Msg::Do(action));
                }
            })
        };
        move |_| {
            let listener = platform::listen_for_dropped_files(on_drop);
            let other_tabs = platform::listen_for_storage(scenarios::STORAGE_KEY, on_stored);
            let keys = platform::listen_for_keys(undo_shortcuts);
            // A link the page was opened with, then any pasted into this tab's address bar.
            on_link.emit(platform::location_hash());
            published::open_from_address(published_dispatcher);
            let links = platform::listen_for_hash(on_link);
            move || drop((listener, other_tabs, keys, links))
        }
    });

    let core_ref = state.core.clone();
    let core = core_ref.0.borrow();
    let wb = &core.workbook();
    let computed = core.computed();
    let findings = check(wb, computed);
    let bridge = budget_core::bridge(wb, computed);
    let (can_undo, can_redo) = (core.session().can_undo(), core.session().can_redo());
    let activity_bridge = budget_core::allocation::activity_bridge(wb, computed).map(Rc::new);
    let sources: Rc<Vec<(String, String)>> = Rc::new(
        wb.allocations
            .iter()
            .flat_map(|a| &a.sources)
            .filter_map(|s| {
                wb.table(&s.table)
                    .ok()
                    .map(|t| (t.id.clone(), t.title.clone()))
            })
            .collect(),
    );

    let export = |kind: &'static str| {
        let core = state.core.clone();
        let state = state.clone();
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            let result = {
                let core = core.0.borrow();
                let wb = &core.workbook();
                let stem = file_stem(&wb.title);
                match kind {
                    "csv" => to_csv(wb, core.computed())
                        .map_err(|e| e.text())
                        .and_then(|csv| {
                            platform::download(
                                &format!("{stem}.csv"),
                                "text/csv;charset=utf-8",
                                &csv,
                            )
                        }),
                    _ => scenarios::file_json(&state).and_then(|json| {
                        platform::download(
                            &format!("{stem}.kalkyl.json"),
                            "application/json",
                            &json,
                        )
                    }),
                }
            };
            if let Err(e) = result {
                dispatcher.dispatch(Msg::Notify(failed(
                    ("Exporten misslyckades", "The export failed"),
                    &e,
                )));
            }
        })
    };
    let undo = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Undo))
    };
    let redo = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Redo))
    };
    let dismiss = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Msg::DismissNotice))
    };
    let choose_numbers = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            let chosen = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|select| NumberStyle::from_code(&select.value()));
            if let Some(numbers) = chosen {
                dispatcher.dispatch(Msg::SetNumbers(numbers));
            }
        })
    };
    let choose_language = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            let chosen = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|select| Lang::from_code(&select.value()));
            if let Some(lang) = chosen {
                dispatcher.dispatch(Msg::SetLang(lang));
            }
        })
    };

    html! {
        <ContextProvider<Locale> context={locale}>
        <div class="app">
        <SkipLinks tables={Rc::new(wb.tables.iter().map(|t| (t.id.clone(), t.title.clone())).collect::<Vec<_>>())} />
        <header class="app-header">
            <div class="brand">
                <span class="product">{ "Kalkyl" }</span>
                <h1>{ &wb.title }</h1>
                <p class="committee">{ &wb.committee }</p>
            </div>
            <nav class="toolbar" aria-label={lang.pick("Arbetsbok", "Workbook")}>
                <button type="button" onclick={undo} disabled={!can_undo}>{ pick!(lang, "Ångra", "Undo") }</button>
                <button type="button" onclick={redo} disabled={!can_redo}>{ pick!(lang, "Gör om", "Redo") }</button>
                <button type="button" id="export-csv" onclick={export("csv")}>{ pick!(lang, "Exportera CSV (Excel)", "Export CSV (Excel)") }</button>
                <button type="button" id="export-json" onclick={export("json")}>{ pick!(lang, "Spara scenariofil", "Save scenario file") }</button>
                // Each option is written in its own language, so a user who cannot read the
                // current one still finds theirs.
                <label class="language">
                    <span class="visually-hidden">{ pick!(lang, "Språk", "Language") }</span>
                    <select id="language" onchange={choose_language}>
                        { for Lang::ALL.iter().map(|l| html! {
                            <option value={l.code()} lang={l.code()} selected={*l == lang}>{ l.native_name() }</option>
                        }) }
                    </select>
                </label>
                <label class="language">
                    <span class="visually-hidden">{ pick!(lang, "Talformat", "Number format") }</span>
                    <select id="number-style" onchange={choose_numbers}>
                        { for [NumberStyle::Swedish, NumberStyle::English].iter().map(|n| html! {
                            <option value={n.code()} selected={*n == state.numbers}>{ match n {
                                NumberStyle::Swedish => lang.pick("1 234,5 (svenska tal)", "1 234,5 (Swedish figures)"),
                                NumberStyle::English => lang.pick("1,234.5 (engelska tal)", "1,234.5 (English figures)"),
                            } }</option>
                        }) }
                    </select>
                </label>
            </nav>
        </header>
        if let Some(text) = &state.notice {
            <div class="notice" role="alert">
                <span>{ text.get(lang) }</span>
                <button type="button" class="link" onclick={dismiss}>{ pick!(lang, "Stäng", "Close") }</button>
            </div>
        }
        if let Some(p) = &state.scenarios.published {
            { published::banner(
                p,
                state.scenarios.library.current().is_ok_and(|e| published::is_copy_of(&e.name, &p.file)),
                dispatcher.to_callback().reform(|_: MouseEvent| Msg::Scenario(scenarios::ScenarioMsg::ComparePublished)),
                lang,
            ) }
        }
        { scenarios::view(&state) }
        <main>
            { for wb.tables.iter().enumerate().map(|(i, t)| html! {
                <TableView key={t.id.clone()} core={core_ref.clone()} index={i}
                    rev={state.table_revisions.get(i).copied().unwrap_or(state.revision)}
                    dispatch={dispatch.clone()} />
            }) }
            <AddTableForm core={core_ref.clone()} dispatch={dispatch.clone()} />
            <ImportExport core={core_ref.clone()} rev={state.revision} dispatch={dispatch.clone()}
                notify={dispatcher.to_callback().reform(Msg::Notify)} />
            <div class="panels">
                if let Some(b) = bridge {
                    <BridgePanel bridge={Rc::new(b)} />
                }
                <ChecksPanel findings={Rc::new(findings)} />
            </div>
            if let Some(ab) = activity_bridge {
                <AllocationPanel bridge={ab.clone()} sources={sources} dispatch={dispatch.clone()} />
                <Charts bridge={ab} />
            }
            <div class="panels tools">
                <UpliftTool core={core_ref.clone()} rev={state.revision} dispatch={dispatch.clone()} />
                <GoalSeekTool core={core_ref.clone()} rev={state.revision} dispatch={dispatch.clone()} />
            </div>
        </main>
        <footer class="app-footer">
            <p>{ pick!(
                lang,
                "Belopp i tkr om inget annat anges. Allt räknas exakt i webbläsaren; inget skickas till någon server.",
                "Amounts in SEK thousand (tkr) unless stated otherwise. Everything is calculated exactly in the browser; nothing is sent to any server.",
            ) }</p>
        </footer>
        </div>
        </ContextProvider<Locale>>
    }
}
