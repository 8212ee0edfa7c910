//! The workbook's frame around the current view: the check status, the file menu (open, save,
//! export, print), the settings menu, the navigation between views and the exports the file
//! menu starts. Plain functions rather than components: they keep no state of their own, and a
//! Yew component costs the first load about 4 KB.

use budget_core::analysis::Tally;
use budget_core::io::CsvDialect;
use budget_core::{tr, Lang, NumberStyle, Text};
use yew::prelude::*;

use super::view::View;
use super::{failed, CoreRef};
use crate::platform::{self, xlsx_module};

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The check status in words: "2 fel · 5 avrundningar", or that nothing differs.
pub fn status_words(
    Tally {
        errors, rounding, ..
    }: Tally,
    lang: Lang,
) -> String {
    let errors_text = match errors {
        0 => None,
        1 => Some(lang.pick("1 fel", "1 error").to_owned()),
        n => Some(tr!(lang, "{n} fel", "{n} errors")),
    };
    let rounding_text = match rounding {
        0 => None,
        1 => Some(
            lang.pick("1 avrundning", "1 rounding difference")
                .to_owned(),
        ),
        n => Some(tr!(lang, "{n} avrundningar", "{n} rounding differences")),
    };
    match (errors_text, rounding_text) {
        (None, None) => lang.pick("Inga avvikelser", "No findings").to_owned(),
        (Some(e), None) => e,
        (None, Some(r)) => r,
        (Some(e), Some(r)) => format!("{e} · {r}"),
    }
}

/// What the file menu offers to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// `;`-separated with decimal comma, as Excel on a Swedish machine reads it.
    CsvExcel,
    CsvRfc,
    Xlsx,
}

/// Writes the workbook, or the one table `scope` names (the file menu's choice), as `kind`, and
/// offers it as a download; a failure is told through `notify`.
pub fn export(kind: Export, scope: &str, core: &CoreRef, notify: &Callback<Text>) {
    let (json, table, name) = {
        let core = core.0.borrow();
        let wb = &core.workbook();
        let one = wb.tables.iter().find(|t| t.id == scope);
        let name = match one {
            Some(t) => format!("kalkyl-{}", t.id),
            None => match budget_core::model::slug(&wb.title) {
                s if s.is_empty() => "kalkyl".to_string(),
                s => format!("kalkyl-{s}"),
            },
        };
        // The workbook as it is now, made before the module is awaited so no borrow waits.
        (
            xlsx_module::workbook_json(wb),
            one.map(|t| t.id.clone()),
            name,
        )
    };
    let dialect = match kind {
        Export::Xlsx => None,
        Export::CsvExcel => Some(CsvDialect::SwedishExcel),
        Export::CsvRfc => Some(CsvDialect::Rfc4180),
    };
    // The XLSX module recalculates and writes the file, CSV too: its writer, like the import's
    // readers, is rarely used, so neither is in the first load.
    let notify = notify.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let written = match (json, dialect) {
            (Err(e), _) => Err(e),
            (Ok(json), None) => xlsx_module::write(json, table).await.and_then(|bytes| {
                platform::download_bytes(&format!("{name}.xlsx"), XLSX_MIME, &bytes)
            }),
            (Ok(json), Some(dialect)) => {
                let file = format!("{name}{}.csv", dialect.file_suffix());
                xlsx_module::write_csv(json, table, dialect)
                    .await
                    .and_then(|text| platform::download(&file, "text/csv;charset=utf-8", &text))
            }
        };
        if let Err(e) = written {
            notify.emit(failed(("Exporten misslyckades", "The export failed"), &e));
        }
    });
}

/// What the file menu needs: the tables (id, title) to offer as export scope, and what each
/// entry does.
pub struct FileMenu<'a> {
    pub tables: &'a [(String, String)],
    pub open_file: Callback<Event>,
    pub save: Callback<MouseEvent>,
    pub export: Callback<Export>,
    pub print: Callback<MouseEvent>,
}

/// The file menu: open and save the scenario file, export (the whole workbook or one table)
/// as CSV for Excel, CSV RFC 4180 or XLSX, and print.
pub fn file_menu(m: FileMenu<'_>, lang: Lang) -> Html {
    let export = |kind: Export| {
        let export = m.export.clone();
        Callback::from(move |e: MouseEvent| {
            platform::close_menu_of(&e);
            export.emit(kind);
        })
    };
    let then_close = |cb: &Callback<MouseEvent>| {
        let cb = cb.clone();
        Callback::from(move |e: MouseEvent| {
            platform::close_menu_of(&e);
            cb.emit(e);
        })
    };
    html! {
        <details class="menu file-menu" name="header-menu">
            <summary>{ pick!(lang, "Arkiv", "File") }</summary>
            <div class="menu-body">
                <label class="button">{ pick!(lang, "Öppna scenariofil…", "Open scenario file…") }
                    <input id="open-file" class="visually-hidden" type="file"
                        accept=".json,application/json" onchange={m.open_file} />
                </label>
                <button type="button" id="export-json" onclick={then_close(&m.save)}>{ pick!(lang, "Spara scenariofil", "Save scenario file") }</button>
                <hr />
                <label class="scope">{ pick!(lang, "Exportera ", "Export ") }
                    <select id="export-scope" aria-label={lang.pick("Vad som exporteras", "What to export")}>
                        <option value="" selected=true>{ pick!(lang, "hela arbetsboken", "the whole workbook") }</option>
                        { for m.tables.iter().map(|(id, title)| html! { <option value={id.clone()}>{ title }</option> }) }
                    </select>
                </label>
                <button type="button" id="export-csv-sv" onclick={export(Export::CsvExcel)}>{ pick!(lang, "CSV för Excel (;)", "CSV for Excel (;)") }</button>
                <button type="button" id="export-csv-rfc" onclick={export(Export::CsvRfc)}>{ "CSV RFC 4180 (,)" }</button>
                <button type="button" id="export-xlsx" onclick={export(Export::Xlsx)}>{ "Excel (xlsx)" }</button>
                <hr />
                <button type="button" id="print" onclick={then_close(&m.print)}>{ pick!(lang, "Skriv ut / PDF", "Print / PDF") }</button>
            </div>
        </details>
    }
}

/// The settings menu: interface language and number format.
pub fn settings(
    lang: Lang,
    numbers: NumberStyle,
    choose_language: Callback<Event>,
    choose_numbers: Callback<Event>,
) -> Html {
    let then_close = |cb: Callback<Event>| {
        Callback::from(move |e: Event| {
            platform::close_menu_of(&e);
            cb.emit(e);
        })
    };
    let (choose_language, choose_numbers) =
        (then_close(choose_language), then_close(choose_numbers));
    html! {
        <details class="menu settings-menu" name="header-menu">
            <summary>{ pick!(lang, "Inställningar", "Settings") }</summary>
            <div class="menu-body">
                // Each option is written in its own language, so a user who cannot read the
                // current one still finds theirs.
                <label>{ pick!(lang, "Språk", "Language") }
                    <select id="language" onchange={choose_language}>
                        { for Lang::ALL.iter().map(|l| html! {
                            <option value={l.code()} lang={l.code()} selected={*l == lang}>{ l.native_name() }</option>
                        }) }
                    </select>
                </label>
                <label>{ pick!(lang, "Talformat", "Number format") }
                    <select id="number-style" onchange={choose_numbers}>
                        { for [NumberStyle::Swedish, NumberStyle::English].iter().map(|n| html! {
                            <option value={n.code()} selected={*n == numbers}>{ match n {
                                NumberStyle::Swedish => lang.pick("1 234,5 (svenska tal)", "1 234,5 (Swedish figures)"),
                                NumberStyle::English => lang.pick("1,234.5 (engelska tal)", "1,234.5 (English figures)"),
                            } }</option>
                        }) }
                    </select>
                </label>
            </div>
        </details>
    }
}

/// One entry of the navigation: the view, its name and how many findings it has.
pub struct NavItem {
    pub view: View,
    pub label: String,
    pub findings: usize,
}

/// Shows `view` in place of following its link (one history entry); with a modifier key held
/// the browser opens the address in a new tab as for any link.
fn show_on_click(view: &View, show: &Callback<View>) -> Callback<MouseEvent> {
    let (view, show) = (view.clone(), show.clone());
    Callback::from(move |e: MouseEvent| {
        if !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
            e.prevent_default();
            show.emit(view.clone());
        }
    })
}

/// A link to `view` (see [`show_on_click`]).
pub fn view_link(view: &View, show: &Callback<View>, id: &'static str, body: Html) -> Html {
    html! {
        <a href={format!("?vy={}", view.code())} {id} onclick={show_on_click(view, show)}>{ body }</a>
    }
}

/// The navigation between views, the current one marked for screen readers too.
pub fn navigation(items: &[NavItem], current: &View, show: &Callback<View>, lang: Lang) -> Html {
    html! {
        <nav class="views" aria-label={lang.pick("Vyer", "Views")}>
            <ul>
                { for items.iter().map(|item| {
                    let onclick = show_on_click(&item.view, show);
                    let here = item.view == *current;
                    html! {
                        <li>
                            <a href={format!("?vy={}", item.view.code())} data-view={item.view.code()}
                                aria-current={here.then_some("page")} {onclick}>
                                { &item.label }
                                if item.findings > 0 {
                                    <span class="count" aria-hidden="true">{ item.findings }</span>
                                    <span class="visually-hidden">{ tr!(lang, ", {} avvikelser", ", {} findings", item.findings) }</span>
                                }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_names_errors_and_rounding() {
        let t = |errors, rounding| Tally {
            errors,
            rounding,
            ..Tally::default()
        };
        assert_eq!(status_words(t(2, 5), Lang::Sv), "2 fel · 5 avrundningar");
        assert_eq!(status_words(t(1, 0), Lang::En), "1 error");
        assert_eq!(status_words(t(0, 1), Lang::Sv), "1 avrundning");
        assert_eq!(status_words(t(0, 0), Lang::Sv), "Inga avvikelser");
    }
}
