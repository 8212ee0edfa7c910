//! The scenario panel: file and link tools, the in-page confirmation, the list (switch,
//! rename, copy, delete), the metadata and the comparison form.

use std::rc::Rc;

use budget_core::tr;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::compare::compare_view;
use super::handlers::{compare_file, read_file, share_link};
use super::state::{current_scenario, Confirm, ScenarioMsg};
use crate::app::display::Locale;
use crate::app::{scenario, use_lang, AppState};
use crate::platform;

pub(super) fn scenario_msg(
    dispatcher: &UseReducerDispatcher<AppState>,
    make: impl Fn() -> ScenarioMsg + 'static,
) -> Callback<MouseEvent> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |_: MouseEvent| dispatcher.dispatch(scenario(make())))
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
    let compare_with_file = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = platform::picked_file(&e) {
                read_file(file, dispatcher.clone(), compare_file);
            }
        })
    };
    let share = {
        let (state, dispatcher) = (state.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            let json =
                budget_core::io::to_json_compact(&current_scenario(&state)).map_err(|e| e.text());
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let link = match json {
                    Ok(json) => share_link(&json).await,
                    Err(e) => Err(e),
                };
                if let Ok(text) = &link {
                    let dispatcher = dispatcher.clone();
                    platform::copy_text(
                        text,
                        Callback::from(move |r| {
                            dispatcher.dispatch(scenario(ScenarioMsg::Copied(r)))
                        }),
                    );
                }
                dispatcher.dispatch(scenario(ScenarioMsg::ShowLink(link)));
            });
        })
    };
    let current = lib.current().ok();
    let author = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatcher.dispatch(scenario(ScenarioMsg::SetAuthor(input.value())));
            }
        })
    };
    let reason = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatcher.dispatch(scenario(ScenarioMsg::SetReason(input.value())));
            }
        })
    };
    let notes = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlTextAreaElement>() {
                dispatcher.dispatch(scenario(ScenarioMsg::SetNotes(input.value())));
            }
        })
    };
    let on_compare = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |(a, b): (String, String)| {
            dispatcher.dispatch(scenario(ScenarioMsg::Compare(a, b)))
        })
    };
    let entries: Rc<Vec<(String, String)>> = Rc::new(
        lib.entries
            .iter()
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect(),
    );
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
                                    dispatcher.dispatch(scenario(ScenarioMsg::Rename(id.clone(), input.value())));
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
                                <td class="nowrap">{ platform::local_time(&e.meta.modified) }</td>
                                <td class="actions">
                                    <button type="button" data-action="open" disabled={is_current}
                                        onclick={scenario_msg(&dispatcher, move || ScenarioMsg::Switch(id1.clone()))}>{ pick!(lang, "Öppna", "Open") }</button>
                                    <button type="button" data-action="duplicate"
                                        onclick={scenario_msg(&dispatcher, move || ScenarioMsg::Duplicate(id2.clone()))}>
                                        { pick!(lang, "Kopiera som nytt scenario", "Copy as a new scenario") }</button>
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
                    <label>{ pick!(lang, "Skäl för nästa ändringar (ändringsloggen)", "Reason for the next changes (change log)") }
                        <input id="meta-reason" type="text" value={sc.reason.clone()} onchange={reason} />
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

/// Asks once, under a table, for the name the change log gives the open scenario's changes: while
/// it has none and the reader has not said "not now". The name is the scenario's author
/// (*Upprättad av*), saved with it; the field does not block the table.
pub fn author_prompt(state: &UseReducerHandle<AppState>) -> Html {
    let sc = &state.scenarios;
    if sc.author_declined || !super::state::author(&sc.library).trim().is_empty() {
        return html! {};
    }
    let (lang, dispatcher) = (state.lang, state.dispatcher());
    let onchange = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatcher.dispatch(scenario(ScenarioMsg::SetAuthor(input.value())));
            }
        })
    };
    // Enter and the button commit the field (its `change`); the form itself goes nowhere.
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    html! {
        <form class="author-prompt" data-author-prompt="" {onsubmit}>
            <label>{ pick!(lang, "Ditt namn (för ändringsloggen)", "Your name (for the change log)") }
                <input id="author-name" type="text" autocomplete="name" {onchange} />
            </label>
            <button type="submit">{ pick!(lang, "Spara namn", "Save name") }</button>
            <button type="button" class="link" onclick={scenario_msg(&dispatcher, || ScenarioMsg::DeclineAuthor)}>
                { pick!(lang, "Inte nu", "Not now") }</button>
        </form>
    }
}

/// The in-page question of the scenarios (reset, delete, open a link's scenario), shown above
/// whatever view is open: a link opened or pasted in any view asks where the reader is.
pub fn confirm_view(
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
