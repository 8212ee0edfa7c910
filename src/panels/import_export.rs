//! The import view: a CSV or XLSX file is read into a preview (how it will be read and every
//! problem, by line and column) before anything changes; accepting adds the table or, after
//! asking, replaces one, as one undoable action. (Exports and print are in the file menu,
//! `app::shell`.)

use std::cell::RefCell;
use std::rc::Rc;

use budget_core::io::{
    file_kind, import_action, ColumnUse, FileKind, ImportChoices, ImportPreview,
};
use budget_core::{tr, Action, Cell, Lang, Table, Text, Workbook};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::display::Locale;
use crate::app::{failed, use_locale, CoreRef};

use crate::platform::{self, xlsx_module};

#[derive(Properties, PartialEq)]
pub struct ImportExportProps {
    pub core: CoreRef,
    /// The workbook's revision: the panel lists tables and previews replacements from it.
    pub rev: u64,
    pub dispatch: Callback<Action>,
    pub notify: Callback<Text>,
}

/// Rows shown in the preview; a 10 000-row file is read whole but not drawn whole.
const PREVIEW_ROWS: usize = 30;

/// A file read into memory, and what the import would make of it. The preview is shared so
/// that accepting can move its rows into the workbook rather than copy 10 000 of them.
#[derive(Clone)]
struct Pending {
    name: String,
    bytes: Rc<Vec<u8>>,
    sheets: Vec<String>,
    sheet: usize,
    /// The sheet as the module read it (its JSON, never read here), kept so a change of the
    /// choices does not read the archive again.
    grid: Option<Rc<str>>,
    choices: ImportChoices,
    preview: Result<Rc<RefCell<ImportPreview>>, Text>,
}

impl Pending {
    /// Reads the file again with other choices (a column as text, a sum declined) and sets it.
    fn rechoose(&self, choices: ImportChoices, pending: UseStateHandle<Option<Pending>>) {
        let current = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let title = stem(&current.name);
            let preview = match &current.grid {
                Some(grid) => xlsx_module::preview_sheet(grid, title, &choices).await,
                None => xlsx_module::preview_csv(&current.bytes, title, &choices).await,
            };
            pending.set(Some(Pending {
                choices,
                preview: preview.map(shared),
                ..current
            }));
        });
    }
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn shared(preview: ImportPreview) -> Rc<RefCell<ImportPreview>> {
    Rc::new(RefCell::new(preview))
}

/// Reads a picked file into a preview and sets it, by the module that reads files (fetched on
/// first use): a text file, or a workbook's `sheet`, listing its sheets too unless they are
/// `known` (another sheet of the same file chosen), since each call checks the whole archive.
fn read_into(
    pending: UseStateHandle<Option<Pending>>,
    name: String,
    bytes: Rc<Vec<u8>>,
    sheet: usize,
    known: Option<Vec<String>>,
) {
    let kind = file_kind(&name, &bytes);
    let (title, data) = (stem(&name).to_string(), Rc::clone(&bytes));
    let done = move |sheets: Vec<String>, grid, preview: Result<ImportPreview, Text>| {
        pending.set(Some(Pending {
            name,
            bytes,
            sheets,
            sheet,
            grid,
            choices: ImportChoices::default(),
            preview: preview.map(shared),
        }))
    };
    let choices = ImportChoices::default();
    match kind {
        Err(e) => done(Vec::new(), None, Err(e.text())),
        Ok(FileKind::Text) => wasm_bindgen_futures::spawn_local(async move {
            let preview = xlsx_module::preview_csv(&data, &title, &choices).await;
            done(Vec::new(), None, preview)
        }),
        Ok(FileKind::Xlsx) => wasm_bindgen_futures::spawn_local(async move {
            let sheets = match known {
                Some(sheets) => sheets,
                None => xlsx_module::sheet_names(&data).await.unwrap_or_default(),
            };
            match xlsx_module::read_sheet(&data, sheet).await {
                Ok(grid) => {
                    let preview = xlsx_module::preview_sheet(&grid, &title, &choices).await;
                    done(sheets, Some(Rc::from(grid)), preview)
                }
                Err(refusal) => done(sheets, None, Err(refusal)),
            }
        }),
    }
}

#[component(ImportExport)]
pub fn import_export(p: &ImportExportProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    let shared = p.core.0.borrow();
    let wb = &shared.workbook();
    let pending = use_state(|| None::<Pending>);
    // Table to replace (None: import as a new table) and whether the user was asked.
    let target = use_state(|| None::<String>);
    let asking = use_state(|| false);
    // Table to export (empty: the whole workbook). Kept in state and rendered as `selected`:
    // a select whose options are re-rendered otherwise ends on its last option.
    let file_input = use_node_ref();

    let on_file = {
        let pending = pending.clone();
        let target = target.clone();
        let asking = asking.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let pending = pending.clone();
            target.set(None);
            asking.set(false);
            platform::read_chosen_file(&input, move |name, bytes| match bytes {
                Ok(bytes) => read_into(pending, name, Rc::new(bytes), 0, None),
                Err(e) => pending.set(Some(Pending {
                    name,
                    bytes: Rc::new(Vec::new()),
                    sheets: Vec::new(),
                    sheet: 0,
                    grid: None,
                    choices: ImportChoices::default(),
                    preview: Err(e.map(|lang, e| {
                        tr!(
                            lang,
                            "filen kunde inte läsas: {e}",
                            "the file could not be read: {e}"
                        )
                    })),
                })),
            });
        })
    };
    let on_sheet = {
        let pending = pending.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(current) = (*pending).clone() {
                let sheet = select.value().parse().unwrap_or(0);
                let known = Some(current.sheets);
                read_into(pending.clone(), current.name, current.bytes, sheet, known);
            }
        })
    };
    let rechoose = {
        let pending = pending.clone();
        Callback::from(move |choices: ImportChoices| {
            if let Some(current) = &*pending {
                current.rechoose(choices, pending.clone());
            }
        })
    };
    let on_target = {
        let target = target.clone();
        let asking = asking.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = select.value();
                target.set((!v.is_empty()).then_some(v));
                asking.set(false);
            }
        })
    };
    let clear = {
        let pending = pending.clone();
        let asking = asking.clone();
        let file_input = file_input.clone();
        move || {
            pending.set(None);
            asking.set(false);
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.set_value("");
            }
        }
    };
    let cancel = {
        let clear = clear.clone();
        Callback::from(move |_: MouseEvent| clear())
    };
    let accept = {
        let pending = pending.clone();
        let target = target.clone();
        let asking = asking.clone();
        let dispatch = p.dispatch.clone();
        let notify = p.notify.clone();
        let core = p.core.clone();
        let clear = clear.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Pending {
                preview: Ok(preview),
                ..
            }) = &*pending
            else {
                return;
            };
            // Replacing throws the old figures away: ask once before doing it.
            if target.is_some() && !*asking {
                asking.set(true);
                return;
            }
            // A new table takes the rows over (the panel closes after it); a replacement may
            // be refused, and then the preview must still be there, so it imports a copy.
            let table = match target.as_deref() {
                None => {
                    let mut preview = preview.borrow_mut();
                    let rows = std::mem::take(&mut preview.table.rows);
                    Table {
                        rows,
                        ..preview.table.clone()
                    }
                }
                Some(_) => preview.borrow().table.clone(),
            };
            // The borrow ends before dispatching: the reducer borrows the core mutably.
            let action = {
                let core = core.0.borrow();
                import_action(core.workbook(), table, target.as_deref())
            };
            match action {
                Ok(action) => {
                    dispatch.emit(action);
                    clear();
                }
                Err(e) => notify.emit(failed(
                    (
                        "Importen kan inte ersätta tabellen",
                        "The import cannot replace the table",
                    ),
                    &e.text(),
                )),
            }
        })
    };

    let preview_html = match &*pending {
        None => Html::default(),
        Some(pend) => {
            let sheet_choice = if pend.sheets.len() > 1 {
                html! {
                    <label>{ pick!(lang, "Blad ", "Sheet ") }
                        <select id="import-sheet" onchange={on_sheet}>
                            { for pend.sheets.iter().enumerate().map(|(i, s)| html! {
                                <option value={i.to_string()} selected={i == pend.sheet}>{ s }</option>
                            }) }
                        </select>
                    </label>
                }
            } else {
                Html::default()
            };
            match &pend.preview {
                Err(e) => html! {
                    <div class="import-preview" data-import="error">
                        <p class="import-error" role="alert">{ format!("{}: {}", pend.name, e.get(lang)) }</p>
                        { sheet_choice }
                        <button type="button" id="import-cancel" onclick={cancel.clone()}>{ pick!(lang, "Avbryt", "Cancel") }</button>
                    </div>
                },
                Ok(preview) => preview_view(
                    &preview.borrow(),
                    (&pend.choices, rechoose),
                    &pend.name,
                    sheet_choice,
                    wb,
                    target.as_deref(),
                    *asking,
                    on_target,
                    accept,
                    cancel,
                    loc,
                ),
            }
        }
    };

    html! {
        <section class="panel import-export" aria-labelledby="import-export-title" data-panel="import-export">
            <h2 id="import-export-title">{ pick!(lang, "Importera en tabell", "Import a table") }</h2>
            <p class="note">{ pick!(
                lang,
                "En CSV-fil (från Excel eller ett ekonomisystem) eller ett Excel-blad läses först in till en förhandsvisning; inget ändras förrän du godkänner den. Export och utskrift finns i menyn Arkiv.",
                "A CSV file (from Excel or a finance system) or an Excel sheet is first read into a preview; nothing changes until you accept it. Export and printing are in the File menu.",
            ) }</p>
            <div class="io-row">
                // The browser words a file input's button in its own language; this label, in
                // the interface's, is the button instead.
                <label class="button">{ pick!(lang, "Välj en CSV- eller Excel-fil…", "Choose a CSV or Excel file…") }
                    <input type="file" id="import-file" class="visually-hidden" ref={file_input}
                        accept=".csv,.txt,.tsv,.xlsx,text/csv" onchange={on_file} />
                </label>
            </div>
            { preview_html }
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn preview_view(
    preview: &ImportPreview,
    (choices, rechoose): (&ImportChoices, Callback<ImportChoices>),
    file: &str,
    sheet_choice: Html,
    wb: &Workbook,
    target: Option<&str>,
    asking: bool,
    on_target: Callback<Event>,
    accept: Callback<MouseEvent>,
    cancel: Callback<MouseEvent>,
    loc: Locale,
) -> Html {
    let lang = loc.lang;
    let t = &preview.table;
    let problems = &preview.problems;
    let replaced = target.and_then(|id| wb.table(id).ok());
    // Each column's use, and each offered sum, re-read the file with the choice changed.
    let use_of = |id: &str| {
        let (choices, rechoose, id) = (choices.clone(), rechoose.clone(), id.to_string());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let used = match select.value().as_str() {
                "text" => ColumnUse::Text,
                "skip" => ColumnUse::Skip,
                _ => ColumnUse::Figures,
            };
            let mut next = choices.clone();
            next.columns.push((id.clone(), used));
            rechoose.emit(next);
        })
    };
    let sum_toggle = |line: usize| {
        let (choices, rechoose) = (choices.clone(), rechoose.clone());
        Callback::from(move |_: Event| {
            let mut next = choices.clone();
            next.toggle_sum(line);
            rechoose.emit(next);
        })
    };
    html! {
        <div class="import-preview" data-import="preview">
            <h3>{ tr!(lang, "Förhandsvisning: {file}", "Preview: {file}") }</h3>
            <p class="note" data-import="detected">{ tr!(lang, "Läses som {}.", "Read as {}.", preview.detected.get(lang)) }</p>
            { sheet_choice }
            <p data-import="title"><strong>{ &t.title }</strong>{ tr!(lang, ", {} – {} rader, {} kolumner", ", {} – {} rows, {} columns", t.unit.label(), t.rows.len(), t.columns.len()) }</p>
            <div class="scroll">
            <table class="grid compact" data-import="table">
                <thead><tr>
                    <th scope="col" class="label-col">{ t.unit.label() }</th>
                    { for preview.columns.iter().map(|c| html! { <th scope="col" class="num">{ &c.label }<br />
                        <select data-import-use={c.id.clone()} onchange={use_of(&c.id)} aria-label={c.label.clone()}>
                            <option value="figures" selected={c.used == ColumnUse::Figures}>{ pick!(lang, "tal", "figures") }</option>
                            <option value="text" selected={c.used == ColumnUse::Text}>{ pick!(lang, "text", "text") }</option>
                            <option value="skip" selected={c.used == ColumnUse::Skip}>{ pick!(lang, "hoppa över", "skip") }</option>
                        </select>
                    </th> }) }
                </tr></thead>
                <tbody>
                { for t.rows.iter().take(PREVIEW_ROWS).map(|r| {
                    let offered = preview.sums.iter().find(|s| s.row == r.id);
                    html! {
                    <tr class={classes!(offered.filter(|s| s.accepted).map(|_| "total"))}>
                        <th scope="row" class="label-col">{ &r.label }
                            if let Some(s) = offered {
                                <label class="note">{ " " }<input type="checkbox" data-import-sum={r.id.clone()} checked={s.accepted} onchange={sum_toggle(s.line)} />{ pick!(lang, " summa (filens tal som tryckt)", " sum (the file's figures as printed)") }</label>
                            }
                        </th>
                        // A skipped column is shown, empty, so it can be taken back.
                        { for preview.columns.iter().map(|c| match r.cells.get(&c.id).or(r.control.get(&c.id)) {
                            Some(Cell::Number(d)) => html! { <td class="num">{ loc.amount(*d, t.decimals) }</td> },
                            Some(Cell::Text(x)) => html! { <td>{ x }</td> },
                            Some(other) => html! { <td class="num error" title={lang.pick("kan inte läsas som tal", "cannot be read as a number")}>{ other.edit_text() }</td> },
                            None => html! { <td class="num"></td> },
                        }) }
                    </tr>
                }}) }
                if t.rows.len() > PREVIEW_ROWS {
                    <tr><td colspan={(preview.columns.len() + 1).to_string()} class="note" data-import="more">
                        { tr!(lang, "… och {} rader till, som också importeras.", "… and {} more rows, which are imported too.", loc.amount((t.rows.len() - PREVIEW_ROWS).into(), 0)) }
                    </td></tr>
                }
                </tbody>
            </table>
            </div>
            if problems.is_empty() {
                <p class="all-ok" data-import="problems">{ pick!(lang, "Inga problem hittades.", "No problems found.") }</p>
            } else {
                <div data-import="problems">
                    <p class="summary">{ problem_summary(problems.len(), lang) }</p>
                    <ul class="problems">
                        { for problems.iter().take(PREVIEW_ROWS * 2).map(|pr| html! {
                            <li>{ tr!(lang, "Rad {}, kolumn {}: {}", "Line {}, column {}: {}", pr.line, pr.column, pr.message.get(lang)) }</li>
                        }) }
                        if problems.len() > PREVIEW_ROWS * 2 {
                            <li>{ tr!(lang, "… och {} problem till.", "… and {} more problems.", loc.amount((problems.len() - PREVIEW_ROWS * 2).into(), 0)) }</li>
                        }
                    </ul>
                </div>
            }
            <div class="io-row">
                <label>{ pick!(lang, "Importera som ", "Import as ") }
                    <select id="import-target" onchange={on_target}>
                        <option value="" selected={target.is_none()}>{ pick!(lang, "ny tabell", "a new table") }</option>
                        { for wb.tables.iter().map(|x| html! {
                            <option value={x.id.clone()} selected={target == Some(x.id.as_str())}>{ tr!(lang, "ersättning för ”{}”", "replacement for “{}”", x.title) }</option>
                        }) }
                    </select>
                </label>
                if !asking {
                    <button type="button" id="import-accept" onclick={accept.clone()}>{ pick!(lang, "Importera", "Import") }</button>
                }
                <button type="button" id="import-cancel" onclick={cancel}>{ pick!(lang, "Avbryt", "Cancel") }</button>
            </div>
            if let (true, Some(old)) = (asking, replaced) {
                <div class="confirm" role="alertdialog" aria-label={lang.pick("Ersätt tabell", "Replace table")}>
                    <span>{ tr!(
                        lang,
                        "Ersätta ”{}” med den importerade tabellen? Alla dess siffror byts ut (det går att ångra).",
                        "Replace “{}” with the imported table? All its figures are replaced (this can be undone).",
                        old.title
                    ) }</span>
                    <button type="button" id="import-confirm" class="danger" onclick={accept}>{ pick!(lang, "Ja, ersätt", "Yes, replace") }</button>
                </div>
            }
        </div>
    }
}

/// "N problems – …": Swedish says "problem" for one and many, English does not.
fn problem_summary(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Sv, _) => format!(
            "{n} problem – cellerna importeras som text och markeras som fel tills de rättas:"
        ),
        (Lang::En, 1) => {
            "1 problem – the cell is imported as text and marked as an error until corrected:"
                .to_string()
        }
        (Lang::En, _) => format!(
            "{n} problems – the cells are imported as text and marked as errors until corrected:"
        ),
    }
}
