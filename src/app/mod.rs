//! The page: the app component (header, navigation, notices and the one view shown), its skip
//! links and locale hooks. `state` holds the page state and its pure reducer, `effects` what
//! the page does in the browser around it, `start` the state it starts from, `view` the views
//! and their addresses, `shell` the header's menus and the navigation, `print` the papers,
//! `display` the formatting
//! every view shares and `embed` the one-table view for articles.

pub mod display;
mod effects;
pub mod embed;
mod print;
mod shell;
mod start;
mod state;
pub mod view;

use std::rc::Rc;

use budget_core::analysis::check;
use budget_core::{Action, Lang, NumberStyle, Text};
use yew::prelude::*;

use crate::app::display::Locale;
use crate::grid::TableView;
use crate::panels::{
    allocation_panel, bridge_panel, checks_panel, lock_switch, AddTableForm, AllocationProps,
    BridgeProps, ChangeLog, Charts, ChecksProps, GoalSeekTool, ImportExport, UpliftTool,
};
use crate::platform;
use crate::scenarios::{self, published, ScenarioMsg};
pub use state::{AppState, CoreRef, JumpAt, Msg};
use view::View;

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

/// Links, shown when they get focus, that take the keyboard past the header and navigation
/// into the view (its table's Tab stop cell, or its first heading), or to the navigation.
fn skip_links(lang: Lang) -> Html {
    let link = |href: &'static str, selectors: &'static [&'static str], label: &'static str| {
        let onclick = Callback::from(move |e: MouseEvent| {
            if selectors.iter().any(|s| platform::focus_first(s)) {
                e.prevent_default();
            }
        });
        html! { <li><a {href} {onclick}>{ label }</a></li> }
    };
    html! {
        <nav class="skip-links" aria-label={lang.pick("Hoppa till", "Skip to")}>
            <ul>
                { link("#main", &["#main table [tabindex=\"0\"]", "#main h2"], lang.pick("Till innehållet", "To the content")) }
                { link("#vyer", &["nav.views a[aria-current]"], lang.pick("Till navigeringen", "To the navigation")) }
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

/// Shows a finding in the checks view, by its element id (a flagged cell's link), for the
/// tables below the page.
#[derive(Clone, PartialEq)]
pub struct ShowFinding(pub Callback<String>);

/// The names the navigation gives the views that are not tables.
fn view_label(view: &View, lang: Lang) -> &'static str {
    match view {
        View::Table(_) => "",
        View::Bridge => lang.pick("Överbryggning", "Bridge"),
        View::Charts => lang.pick("Diagram", "Charts"),
        View::Checks => lang.pick("Kontroller", "Checks"),
        View::Tools => lang.pick("Verktyg", "Tools"),
        View::Scenarios => lang.pick("Scenarier", "Scenarios"),
        View::Log => lang.pick("Logg", "Log"),
        View::Import => lang.pick("Import", "Import"),
        View::Papers => lang.pick("Utskrift", "Print"),
    }
}

#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(start::initial_state);
    let dispatcher = state.dispatcher();
    let dispatch = use_callback(dispatcher.clone(), |action: Action, d| {
        d.dispatch(Msg::Do(action, platform::now_iso()))
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
    let (can_undo, can_redo) = (core.session().can_undo(), core.session().can_redo());
    let view = View::resolve(state.view.clone(), wb.tables.iter().map(|t| t.id.as_str()));
    let show = dispatcher.to_callback().reform(Msg::Show);
    let notify = dispatcher.to_callback().reform(Msg::Notify);
    let tables: Vec<(String, String)> = wb
        .tables
        .iter()
        .map(|t| (t.id.clone(), t.title.clone()))
        .collect();

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
    let menu = shell::FileMenu {
        tables: &tables,
        open_file: {
            let dispatcher = dispatcher.clone();
            Callback::from(move |e: Event| {
                if let Some(file) = platform::picked_file(&e) {
                    scenarios::read_file(file, dispatcher.clone(), scenarios::opened);
                }
            })
        },
        save: {
            let (state, notify) = (state.clone(), notify.clone());
            Callback::from(move |_: MouseEvent| {
                let saved = scenarios::file_json(&state).and_then(|json| {
                    platform::download(&scenarios::file_name(&state), "application/json", &json)
                });
                if let Err(e) = saved {
                    notify.emit(failed(("Exporten misslyckades", "The export failed"), &e));
                }
            })
        },
        export: {
            let (core, notify) = (core_ref.clone(), notify.clone());
            Callback::from(move |kind| {
                shell::export(
                    kind,
                    &platform::select_value("export-scope"),
                    &core,
                    &notify,
                )
            })
        },
        print: dispatcher.to_callback().reform(|_: MouseEvent| Msg::Print),
    };

    // Findings per table, for the navigation; the check status counts them all.
    let problems: Vec<&budget_core::analysis::Finding> =
        findings.iter().filter(|f| f.status.is_problem()).collect();
    let counts = budget_core::analysis::tally(&findings);
    let mut items: Vec<shell::NavItem> = wb
        .tables
        .iter()
        .map(|t| shell::NavItem {
            view: View::Table(t.id.clone()),
            label: t.title.clone(),
            findings: problems.iter().filter(|f| f.table == t.id).count(),
        })
        .collect();
    for v in View::PANELS {
        let findings = if v == View::Checks { problems.len() } else { 0 };
        items.push(shell::NavItem {
            label: view_label(&v, lang).to_owned(),
            view: v,
            findings,
        });
    }
    let scenario_name = scenarios::open_name(&state.scenarios.library);
    let status_class = match (counts.errors, counts.rounding) {
        (0, 0) => "ok",
        (0, _) => "rounding",
        _ => "errors",
    };

    let body = match &view {
        View::Table(id) => {
            let i = wb.tables.iter().position(|t| &t.id == id).unwrap_or(0);
            let jump = state.jump.as_ref().filter(|j| &j.table == id).map(|j| j.at);
            html! {
                <>
                <TableView key={id.clone()} core={core_ref.clone()} index={i}
                    rev={state.table_revisions.get(i).copied().unwrap_or(state.revision)}
                    dispatch={dispatch.clone()} {jump} />
                { scenarios::author_prompt(&state) }
                </>
            }
        }
        View::Bridge => {
            let bridge = budget_core::analysis::bridge(wb, computed);
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
            html! {
                <>
                    if let Some(b) = bridge {
                        { bridge_panel(&BridgeProps { bridge: Rc::new(b) }, locale) }
                    }
                    if let Some(ab) = activity_bridge {
                        { allocation_panel(&AllocationProps { bridge: ab, sources, dispatch: dispatch.clone() }, locale) }
                    }
                </>
            }
        }
        View::Charts => match budget_core::analysis::activity_bridge(wb, computed) {
            Some(ab) => html! { <Charts bridge={Rc::new(ab)} /> },
            None => {
                html! { <p class="note">{ pick!(lang, "Arbetsboken har ingen fördelning per verksamhet att visa i diagram.", "The workbook has no allocation by activity to chart.") }</p> }
            }
        },
        View::Checks => checks_panel(
            &ChecksProps {
                findings: &findings,
                show_cell: dispatcher
                    .to_callback()
                    .reform(|(table, row, column)| Msg::JumpTo { table, row, column }),
            },
            locale,
        ),
        View::Tools => html! {
            <>
                <div class="panels tools">
                    <UpliftTool core={core_ref.clone()} rev={state.revision} dispatch={dispatch.clone()} />
                    <GoalSeekTool core={core_ref.clone()} rev={state.revision} dispatch={dispatch.clone()} />
                </div>
                <AddTableForm core={core_ref.clone()} dispatch={dispatch.clone()} />
                { lock_switch(wb.collab.locked, &dispatch, lang) }
            </>
        },
        View::Scenarios => scenarios::view(&state),
        View::Log => html! {
            <ChangeLog core={core_ref.clone()} rev={state.revision}
                show_cell={dispatcher.to_callback().reform(|(table, row, column)| Msg::JumpTo { table, row, column })} />
        },
        View::Import => html! {
            <ImportExport core={core_ref.clone()} rev={state.revision} dispatch={dispatch.clone()}
                notify={notify.clone()} />
        },
        View::Papers => {
            let bridge = budget_core::analysis::bridge(wb, computed);
            let author = state
                .scenarios
                .library
                .current()
                .map(|e| e.meta.author.clone())
                .unwrap_or_default();
            print::papers(
                print::Papers {
                    workbook: wb,
                    computed,
                    findings: &findings,
                    bridge: bridge.as_ref(),
                    scenario: &scenario_name,
                    author: &author,
                    date: &platform::today(),
                },
                locale,
            )
        }
    };

    html! {
        <ContextProvider<Locale> context={locale}>
        <ContextProvider<ShowFinding> context={ShowFinding(dispatcher.to_callback().reform(Msg::ShowFinding))}>
        <div class="app">
        { skip_links(lang) }
        <header class="app-header">
            <div class="brand">
                <span class="product">{ "Kalkyl" }</span>
                <h1>{ &wb.title }</h1>
                <p class="committee">{ &wb.committee }
                    if !scenario_name.is_empty() {
                        <span class="scenario-name" data-scenario-name="">{ format!(" · {scenario_name}") }</span>
                    }
                </p>
            </div>
            <div class="header-tools">
                <button type="button" onclick={undo} disabled={!can_undo}>{ pick!(lang, "Ångra", "Undo") }</button>
                <button type="button" onclick={redo} disabled={!can_redo}>{ pick!(lang, "Gör om", "Redo") }</button>
                { shell::file_menu(menu, lang) }
                { shell::settings(lang, state.numbers, choose_language, choose_numbers) }
                { shell::view_link(&View::Checks, &show, "check-status", html! {
                    <span class={classes!("check-status", status_class)}>{ shell::status_words(counts, lang) }</span>
                }) }
            </div>
            <div id="vyer" class="nav-row">{ shell::navigation(&items, &view, &show, lang) }</div>
        </header>
        if let Some(text) = &state.notice {
            <div class="notice" role="alert">
                <span>{ text.get(lang) }</span>
                <button type="button" class="link" onclick={dismiss}>{ pick!(lang, "Stäng", "Close") }</button>
            </div>
        }
        { scenarios::confirm_view(state.scenarios.confirm.as_ref(), &dispatcher, locale) }
        if let Some(text) = &state.scenarios.info {
            <p class="info" role="status" data-info="scenarios">{ text.get(lang) }</p>
        }
        if let Some(p) = &state.scenarios.published {
            { published::banner(
                p,
                state.scenarios.library.current().is_ok_and(|e| published::is_copy_of(&e.name, &p.file)),
                dispatcher.to_callback().reform(|_: MouseEvent| scenario(ScenarioMsg::ComparePublished)),
                lang,
            ) }
        }
        <main id="main" data-view={view.code()} class={classes!(matches!(view, View::Papers).then_some("papers-view"))}>
            { body }
        </main>
        <footer class="app-footer">
            <p>{ pick!(
                lang,
                "Belopp i tkr om inget annat anges. Allt räknas exakt i webbläsaren; inget skickas till någon server.",
                "Amounts in tkr unless stated otherwise. Everything is calculated exactly in the browser; nothing is sent to any server.",
            ) }</p>
        </footer>
        </div>
        </ContextProvider<ShowFinding>>
        </ContextProvider<Locale>>
    }
}
