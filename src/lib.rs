//! Kalkyl's Yew user interface: renders the workbook held by `budget-core` and dispatches its
//! actions. No arithmetic happens here; every figure shown comes from the core.

mod browser;
mod display;
mod import_view;
mod panels;
mod structure;
mod table;

use std::rc::Rc;

use budget_core::checks::{check, Computed};
use budget_core::codec::{to_csv, to_json};
use budget_core::scenario::default_workbook;
use budget_core::{Action, Session};
use yew::prelude::*;

use crate::import_view::ImportExport;
use crate::panels::{BridgePanel, ChecksPanel};
use crate::structure::AddTableForm;
use crate::table::TableView;

/// The page's one state: the session (workbook + undo history), what was computed from it, and
/// the last message for the user.
#[derive(Clone, PartialEq)]
pub struct AppState {
    session: Session,
    computed: Rc<Computed>,
    notice: Option<String>,
}

pub enum Msg {
    Do(Action),
    Notify(String),
    DismissNotice,
}

impl AppState {
    fn new() -> AppState {
        match default_workbook() {
            Ok(wb) => AppState {
                computed: Rc::new(Computed::of(&wb)),
                session: Session::new(wb),
                notice: None,
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
                }
                Err(e) => next.notice = Some(e.to_string()),
            },
            Msg::Notify(text) => next.notice = Some(text),
            Msg::DismissNotice => next.notice = None,
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
    let state = use_reducer(AppState::new);
    let dispatcher = state.dispatcher();
    let dispatch = use_callback(dispatcher.clone(), |action: Action, d| {
        d.dispatch(Msg::Do(action))
    });
    use_effect_with((), |_| browser::mark_ready());

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
                _ => to_json(wb).map_err(|e| e.to_string()).and_then(|json| {
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
    // Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo workbook changes, except inside a text
    // field being edited, where they belong to the field.
    let onkeydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if !(e.ctrl_key() || e.meta_key()) {
                return;
            }
            let key = e.key().to_lowercase();
            let action = match (key.as_str(), e.shift_key()) {
                ("z", false) => Action::Undo,
                ("y", _) | ("z", true) => Action::Redo,
                _ => return,
            };
            if let Some(target) = e.target_dyn_into::<web_sys::HtmlElement>() {
                let field = matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT");
                let grid_cell = target.has_attribute("data-nav");
                if (field && !grid_cell) || target.has_attribute("data-editing") {
                    return;
                }
            }
            e.prevent_default();
            dispatch.emit(action);
        })
    };
    let dismiss = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Msg::DismissNotice))
    };

    html! {
        <div class="app" {onkeydown}>
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
                <button type="button" id="export-json" onclick={export("json")}>{ "Exportera JSON" }</button>
            </nav>
        </header>
        if let Some(text) = &state.notice {
            <div class="notice" role="alert">
                <span>{ text }</span>
                <button type="button" class="link" onclick={dismiss}>{ "Stäng" }</button>
            </div>
        }
        <main>
            { for wb.tables.iter().zip(state.computed.tables.iter()).map(|(t, v)| html! {
                <TableView key={t.id.clone()} table={t.clone()} values={v.clone()} dispatch={dispatch.clone()} />
            }) }
            <AddTableForm workbook={wb.clone()} dispatch={dispatch.clone()} />
            <ImportExport workbook={wb.clone()} computed={state.computed.clone()} dispatch={dispatch.clone()}
                notify={dispatcher.to_callback().reform(Msg::Notify)} />
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
        </div>
    }
}
