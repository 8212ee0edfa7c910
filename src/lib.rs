//! Kalkyl's Yew user interface: renders the workbook held by `budget-core` and dispatches its
//! actions. No arithmetic happens here; every figure shown comes from the core.

mod browser;
mod display;
mod panels;
mod scenarios;
mod table;

use std::rc::Rc;

use budget_core::checks::{check, Computed};
use budget_core::codec::to_csv;
use budget_core::scenario::default_workbook;
use budget_core::{Action, Session};
use yew::prelude::*;

use crate::panels::{BridgePanel, ChecksPanel};
use crate::table::TableView;

/// The page's one state: the session (workbook + undo history), what was computed from it, and
/// the last message for the user.
#[derive(Clone, PartialEq)]
pub struct AppState {
    session: Session,
    computed: Rc<Computed>,
    notice: Option<String>,
    /// Saved scenarios, autosave, share link and comparison (src/scenarios.rs).
    scenarios: scenarios::Scenarios,
}

pub enum Msg {
    Do(Action),
    Notify(String),
    DismissNotice,
    Scenario(scenarios::ScenarioMsg),
}

impl AppState {
    fn new() -> AppState {
        match default_workbook() {
            Ok(wb) => AppState {
                computed: Rc::new(Computed::of(&wb)),
                session: Session::new(wb),
                notice: None,
                scenarios: Default::default(),
            },
            Err(e) => {
                // The embedded scenario is tested; this only guards against a broken build.
                let wb = budget_core::Workbook {
                    title: "Tom arbetsbok".into(),
                    committee: String::new(),
                    tables: Vec::new(),
                    reconciliations: Vec::new(),
                    bridge: None,
                };
                AppState {
                    computed: Rc::new(Computed::of(&wb)),
                    session: Session::new(wb),
                    notice: Some(format!("Standardscenariot kunde inte läsas: {e}")),
                    scenarios: Default::default(),
                }
            }
        }
    }
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match msg {
            Msg::Do(action) => match next.session.apply(action) {
                Ok(()) => {
                    next.computed = Rc::new(Computed::of(&next.session.workbook));
                    next.notice = None;
                    scenarios::edited(&mut next);
                }
                Err(e) => next.notice = Some(e.to_string()),
            },
            Msg::Notify(text) => next.notice = Some(text),
            Msg::DismissNotice => next.notice = None,
            Msg::Scenario(msg) => scenarios::reduce(&mut next, msg),
        }
        Rc::new(next)
    }
}

fn file_stem(title: &str) -> String {
    let slug = budget_core::scenario::slug(title);
    if slug.is_empty() {
        "kalkyl".into()
    } else {
        format!("kalkyl-{slug}")
    }
}

#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(scenarios::initial_state);
    let dispatcher = state.dispatcher();
    let dispatch = use_callback(dispatcher.clone(), |action: Action, d| {
        d.dispatch(Msg::Do(action))
    });
    use_effect_with((), |_| browser::mark_ready());
    // Autosave after every change; page-wide drop of a scenario file; other tabs' saves.
    use_effect_with(state.scenarios.revision, {
        let state = state.clone();
        move |_| {
            if let Err(e) = scenarios::autosave(&state) {
                state.dispatch(Msg::Notify(e));
            }
        }
    });
    use_effect_with((), {
        let on_drop = scenarios::drop_handler(dispatcher.clone());
        let on_stored = scenarios::storage_handler(dispatcher.clone());
        move |_| {
            let listener = browser::listen_for_dropped_files(on_drop);
            let other_tabs = browser::listen_for_storage(scenarios::STORAGE_KEY, on_stored);
            move || drop((listener, other_tabs))
        }
    });

    let wb = &state.session.workbook;
    let findings = check(wb, &state.computed);
    let bridge = budget_core::bridge(wb, &state.computed);

    let export = |kind: &'static str| {
        let state = state.clone();
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            let wb = &state.session.workbook;
            let stem = file_stem(&wb.title);
            let result = match kind {
                "csv" => browser::download(
                    &format!("{stem}.csv"),
                    "text/csv;charset=utf-8",
                    &to_csv(wb, &state.computed),
                ),
                _ => scenarios::file_json(&state).and_then(|json| {
                    browser::download(&format!("{stem}.kalkyl.json"), "application/json", &json)
                }),
            };
            if let Err(e) = result {
                dispatcher.dispatch(Msg::Notify(format!("Exporten misslyckades: {e}")));
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

    html! {
        <>
        <header class="app-header">
            <div class="brand">
                <span class="product">{ "Kalkyl" }</span>
                <h1>{ &wb.title }</h1>
                <p class="committee">{ &wb.committee }</p>
            </div>
            <nav class="toolbar" aria-label="Arbetsbok">
                <button type="button" onclick={undo} disabled={!state.session.can_undo()}>{ "Ångra" }</button>
                <button type="button" onclick={redo} disabled={!state.session.can_redo()}>{ "Gör om" }</button>
                <button type="button" id="export-csv" onclick={export("csv")}>{ "Exportera CSV (Excel)" }</button>
                <button type="button" id="export-json" onclick={export("json")}>{ "Spara scenariofil" }</button>
            </nav>
        </header>
        if let Some(text) = &state.notice {
            <div class="notice" role="alert">
                <span>{ text }</span>
                <button type="button" class="link" onclick={dismiss}>{ "Stäng" }</button>
            </div>
        }
        { scenarios::view(&state) }
        <main>
            { for wb.tables.iter().zip(state.computed.tables.iter()).map(|(t, v)| html! {
                <TableView key={t.id.clone()} table={t.clone()} values={v.clone()} dispatch={dispatch.clone()} />
            }) }
            <div class="panels">
                if let Some(b) = bridge {
                    <BridgePanel bridge={Rc::new(b)} />
                }
                <ChecksPanel findings={Rc::new(findings)} />
            </div>
        </main>
        <footer class="app-footer">
            <p>{ "Belopp i tkr om inget annat anges. Allt räknas exakt i webbläsaren; inget skickas till någon server." }</p>
        </footer>
        </>
    }
}
