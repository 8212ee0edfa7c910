//! One table for an intranet article (`?visa=<table-id>`, with `&fil=` a published file):
//! read-only and compact, for an `<iframe>`. It reads the default plan or the published file and
//! nothing of the reader's own: no saved work is read or written, so an embedded table can never
//! show or overwrite a reader's scenarios.

use std::rc::Rc;

use budget_core::catalog::default_workbook;
use budget_core::engine::Computed;
use budget_core::{text, tr, ColumnKind, Lang, RowKind, Text, Workbook};
use yew::prelude::*;

use crate::app::display::{value_text, Locale};
use crate::platform;

/// The query parameter naming the table to show.
pub const PARAMETER: &str = "visa";

/// The table `?visa=` names, if any.
pub fn requested() -> Option<String> {
    platform::query_param(PARAMETER).filter(|t| !t.trim().is_empty())
}

/// The address of the embedded view of `table` (with the published file, if one is open).
fn embed_address(base: &str, table: &str, published: Option<&str>) -> String {
    let query = platform::encode_uri_component(table);
    let file = published
        .map(|f| {
            format!(
                "&{}={}",
                crate::scenarios::published::PARAMETER,
                platform::encode_uri_component(f)
            )
        })
        .unwrap_or_default();
    format!("{base}?{PARAMETER}={query}{file}")
}

/// The share panel's "show a table in an intranet article": each table's `<iframe>` to copy
/// (with the published file, if one is open), while `tables` are given; closed otherwise.
/// `on_toggle` opens and closes it. A plain view: all tables at once, no state.
pub fn snippets(
    tables: Option<&[(String, String)]>,
    published: Option<&str>,
    on_toggle: Callback<MouseEvent>,
    lang: Lang,
) -> Html {
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            area.select();
        }
    });
    let base = tables.map(|_| platform::page_path());
    html! {
        <details class="embed-snippets" data-embed-snippets="" open={tables.is_some()}>
            <summary onclick={on_toggle.reform(|e: MouseEvent| {
                // The page, not the browser, opens and closes it: the codes are made on opening.
                e.prevent_default();
                e
            })}>{ pick!(lang, "Visa en tabell i en artikel på intranätet", "Show a table in an intranet article") }</summary>
            if let (Some(tables), Some(base)) = (tables, base) {
                <p class="note">{ pick!(lang, "Klistra in koden i artikeln; den visar tabellen skrivskyddad.", "Paste the code into the article; it shows the table read-only.") }</p>
                { for tables.iter().map(|(id, title)| {
                    let markup = base
                        .clone()
                        .and_then(|base| platform::iframe_markup(&embed_address(&base, id, published), title))
                        .unwrap_or_else(|e| e.get(lang).to_string());
                    let field = format!("embed-code-{id}");
                    html! {
                        <>
                            <label for={field.clone()}>{ title }</label>
                            <textarea id={field} data-embed-code={id.clone()} readonly=true rows="2" value={markup} onfocus={select_all.clone()} />
                        </>
                    }
                }) }
            }
        </details>
    }
}

struct Loaded {
    workbook: Workbook,
    computed: Computed,
    source: Option<String>,
}

async fn load() -> Result<Loaded, Text> {
    let source = crate::scenarios::published::requested();
    let workbook = match &source {
        Some(f) => crate::scenarios::published::fetch(f).await?.workbook,
        None => default_workbook().map_err(|e| e.text())?,
    };
    let computed = Computed::of(&workbook);
    Ok(Loaded {
        workbook,
        computed,
        source,
    })
}

/// The embedded view: the chosen table, or why it cannot be shown.
#[component(Embed)]
pub fn embed() -> Html {
    let lang = platform::saved_language();
    let loc = Locale {
        lang,
        ..Locale::default()
    };
    let loaded = use_state(|| None::<Rc<Result<Loaded, Text>>>);
    {
        let loaded = loaded.clone();
        use_effect_with((), move |_| {
            let _ = platform::apply_language(lang);
            wasm_bindgen_futures::spawn_local(async move {
                loaded.set(Some(Rc::new(load().await)));
                platform::mark_ready();
            });
        });
    }
    let wanted = requested().unwrap_or_default();
    let body = match loaded.as_deref() {
        None => html! { <p class="note">{ pick!(lang, "Läser in …", "Loading …") }</p> },
        Some(Err(e)) => refusal(
            &e.map(|lang, e| {
                tr!(
                    lang,
                    "Tabellen kan inte visas: {e}",
                    "The table cannot be shown: {e}"
                )
            }),
            lang,
        ),
        Some(Ok(l)) => match l.workbook.tables.iter().position(|t| t.id == wanted) {
            Some(i) => table(l, i, loc),
            None => {
                let ids: Vec<&str> = l.workbook.tables.iter().map(|t| t.id.as_str()).collect();
                let ids = ids.join(", ");
                refusal(
                    &text!(
                        "Det finns ingen tabell ”{wanted}” att visa. Tabellerna heter: {ids}",
                        "There is no table “{wanted}” to show. The tables are: {ids}"
                    ),
                    lang,
                )
            }
        },
    };
    html! { <main class="embed" data-embed={wanted}>{ body }</main> }
}

fn refusal(why: &Text, lang: Lang) -> Html {
    html! { <p class="notice" role="alert" data-embed-refusal="">{ why.get(lang) }</p> }
}

fn table(l: &Loaded, index: usize, loc: Locale) -> Html {
    let lang = loc.lang;
    let (Some(t), Some(values)) = (l.workbook.tables.get(index), l.computed.tables.get(index))
    else {
        return Html::default();
    };
    let source = match &l.source {
        Some(f) => tr!(lang, "Publicerad fil {}", "Published file {}", f),
        None => l.workbook.title.clone(),
    };
    html! {
        <figure class="embed-table">
            <table class="grid compact">
                <caption>{ format!("{}, {}", t.title, t.unit.label()) }</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{ pick!(lang, "Rad", "Row") }</span></th>
                        { for t.columns.iter().map(|c| html! {
                            <th scope="col" class={(c.kind != ColumnKind::Text).then_some("num")}>{ &c.label }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for t.rows.iter().enumerate().map(|(r, row)| html! {
                        <tr class={matches!(row.kind, RowKind::Sum { .. }).then_some("sum")} data-row={row.id.clone()}>
                            <th scope="row">{ &row.label }</th>
                            { for t.columns.iter().enumerate().map(|(c, column)| {
                                if column.kind == ColumnKind::Text {
                                    let text = row.cells.get(&column.id).map(|c| c.edit_text()).unwrap_or_default();
                                    return html! { <td data-cell={format!("{}/{}/{}", t.id, row.id, column.id)}>{ text }</td> };
                                }
                                let (shown, why) = value_text(values.get(r, c), &column.kind, t.decimals, loc);
                                html! { <td class="num" title={why} data-cell={format!("{}/{}/{}", t.id, row.id, column.id)}>{ shown }</td> }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <figcaption class="note">{ source }{ " · Kalkyl" }</figcaption>
        </figure>
    }
}
