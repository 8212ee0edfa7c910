//! The page: the app component (toolbar, notice, tables and panels in page order), its skip
//! links and locale hooks. `state` holds the page state and its pure reducer, `effects` what
//! the page does in the browser around it, `start` the state it starts from, `display` the
//! formatting every view shares and `embed` the one-table view for articles.

pub mod display;
mod effects;
pub mod embed;
pub(crate) mod print;
mod start;
mod state;

use std::rc::Rc;

use budget_core::analysis::check;
use budget_core::io::to_csv;
use budget_core::{tr, Action, Lang, NumberStyle, Text};
use yew::prelude::*;

use crate::app::display::Locale;
use crate::grid::TableView;
use crate::panels::{
    AddTableForm, AllocationPanel, BridgePanel, Charts, ChecksPanel, GoalSeekTool, ImportExport,
    UpliftTool,
};
use crate::platform;
use crate::scenarios::{self, published, ScenarioMsg};
pub use state::{AppState, CoreRef, Msg};

/// A scenario message stamped with the time it is sent: the reducer reads no clock.
pub fn scenario(msg: ScenarioMsg) -> Msg {
    Msg::Scenario(msg, platform::now_iso())
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
    let slug = budget_core::model::slug(title);
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
    let state = use_reducer(start::initial_state);
    let dispatcher = state.dispatcher();
    let dispatch = use_callback(dispatcher.clone(), |action: Action, d| {
        d.dispatch(Msg::Do(action))
    });
    effects::use_page_effects(&state);
    let lang = state.lang;
    let locale = Locale {
        lang,
        numbers: state.numbers,
    };
    let core_ref = state.core.clone();
    let core = core_ref.0.borrow();
    let wb = &core.workbook();
    let computed = core.computed();
    let findings = check(wb, computed);
    let bridge = budget_core::analysis::bridge(wb, computed);
    let (can_undo, can_redo) = (core.session().can_undo(), core.session().can_redo());
    let activity_bridge = budget_core::analysis::activity_bridge(wb, computed).map(Rc::new);
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
                let saved = platform::save_number_style(numbers);
                dispatcher.dispatch(Msg::SetNumbers(numbers, saved));
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
                let saved = platform::apply_language(lang);
                dispatcher.dispatch(Msg::SetLang(lang, saved));
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
                dispatcher.to_callback().reform(|_: MouseEvent| scenario(ScenarioMsg::ComparePublished)),
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
