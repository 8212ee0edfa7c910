//! The page's state and its reducer. The reducer is pure: it changes the one `Live` workbook
//! through `Live::apply` (one call per edit) and the rest of the state, and nothing else. What
//! it needs from the browser comes in the message (the time a scenario message was sent,
//! whether a language or number style choice could be saved); what the browser must do after
//! a change (autosave, clearing a handled link from the address) is done by `effects`, which
//! watch the state.

use std::cell::RefCell;
use std::rc::Rc;

use budget_core::session::{Live, Stamp};
use budget_core::{tr, Action, Lang, NumberStyle, Text};
use yew::prelude::*;

use super::view::View;
use crate::platform::crash;
use crate::scenarios::{self, ScenarioMsg};

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
    /// `?krasch=1`: the first edit panics on purpose, for the crash panel's journey.
    pub(crate) crash_on_edit: bool,
    /// The view asked for, by a link in the page or the address. None (no or an unknown code)
    /// and a table no longer in the workbook show the first table: the page resolves it against
    /// the workbook as it renders ([`View::resolve`]).
    pub(crate) view: Option<View>,
    /// Counts views chosen in the page (not by the back button), each a new history entry.
    pub(crate) views_chosen: u64,
    /// The cell a finding asked to show, and a count so asking twice shows it twice.
    pub(crate) jump: Option<Jump>,
    /// The finding a flagged cell asked to show (its element id), with a count as for `jump`.
    pub(crate) finding: Option<(String, u64)>,
    /// Counts print requests; the papers are printed after the render that shows them.
    pub(crate) print_requests: u64,
}

/// A cell to show and mark in its table: row and column index, and which request it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JumpAt {
    pub row: usize,
    pub column: usize,
    pub request: u64,
}

/// A finding's cell to show: the table it is in, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jump {
    pub table: String,
    pub at: JumpAt,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.notice == other.notice
            && self.lang == other.lang
            && self.numbers == other.numbers
            && self.core == other.core
            && self.view == other.view
    }
}

pub enum Msg {
    /// An edit and when it was made (RFC 3339), for its change log entry.
    Do(Action, String),
    Notify(Text),
    /// The language chosen, and whether the choice could be remembered.
    SetLang(Lang, Result<(), Text>),
    /// The number style chosen, and whether the choice could be remembered.
    SetNumbers(NumberStyle, Result<(), Text>),
    DismissNotice,
    /// A scenario message and when it was sent (ISO 8601, UTC): the list's timestamps.
    Scenario(ScenarioMsg, String),
    /// A view chosen in the page: shown, and added to the history.
    Show(View),
    /// The address changed by the back or forward button: its `?vy=` code, if any.
    Address(Option<String>),
    /// Show a finding's cell (table, row and column ids) in its table, marked.
    JumpTo {
        table: String,
        row: String,
        column: String,
    },
    /// Show a finding (its element id) in the checks view.
    ShowFinding(String),
    /// Show the papers and print them.
    Print,
}

/// What a row removal removed, in words, before it is applied (afterwards the row is gone).
fn removal_notice(core: &Live, action: &Action) -> Option<Text> {
    let Action::RemoveRow { table, row } = action else {
        return None;
    };
    let t = core.workbook().table(table).ok()?;
    let label = t.row(row).ok()?.label.clone();
    let title = t.title.clone();
    Some(Text::new(
        format!("Raden ”{label}” togs bort ur {title}. Ångra (Ctrl+Z) tar tillbaka den."),
        format!("The row “{label}” was removed from {title}. Undo (Ctrl+Z) brings it back."),
    ))
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match msg {
            Msg::Do(action, at) => {
                let removed = removal_notice(&next.core.0.borrow(), &action);
                let stamp = Stamp {
                    at,
                    author: scenarios::author(&next.scenarios.library),
                    reason: next.scenarios.reason.clone(),
                };
                let result = {
                    let mut core = next.core.0.borrow_mut();
                    core.apply_as(action, &stamp)
                        .map(|changed| (changed.tables, core.workbook().tables.len()))
                };
                // After the edit, with the core free: the crash panel can then offer the edit.
                if result.is_ok() && next.crash_on_edit {
                    crash::deliberate();
                }
                match result {
                    Ok((changed, count)) => {
                        let mut revs = (*next.table_revisions).clone();
                        // A step that changed no table's values (a note, the lock, a printed
                        // figure) is drawn from the workbook as it is now: all are redrawn, which
                        // is the one table shown.
                        if revs.len() != count || changed.is_empty() {
                            revs = vec![next.revision + 1; count];
                        }
                        for i in changed {
                            if let Some(r) = revs.get_mut(i) {
                                *r = next.revision + 1;
                            }
                        }
                        next.table_revisions = Rc::new(revs);
                        next.notice = removed;
                        scenarios::edited(&mut next);
                    }
                    Err(e) => next.notice = Some(e.text()),
                }
            }
            Msg::Notify(text) => next.notice = Some(text),
            Msg::SetNumbers(numbers, saved) => {
                next.numbers = numbers;
                if let Err(e) = saved {
                    next.notice = Some(e.map(|lang, e| {
                        tr!(
                            lang,
                            "Talformatet kunde inte sparas: {e}",
                            "The number format could not be saved: {e}"
                        )
                    }));
                }
            }
            Msg::SetLang(lang, saved) => {
                next.lang = lang;
                if let Err(e) = saved {
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
            Msg::Scenario(msg, now) => scenarios::reduce(&mut next, msg, &now),
            Msg::Show(view) => {
                next.view = Some(view);
                next.views_chosen += 1;
            }
            Msg::Address(code) => {
                next.view = code.as_deref().and_then(View::from_code);
            }
            Msg::JumpTo { table, row, column } => {
                let found = next
                    .core
                    .0
                    .borrow()
                    .workbook()
                    .table(&table)
                    .ok()
                    .and_then(|t| Some((t.row_index(&row).ok()?, t.column_index(&column).ok()?)));
                if let Some((row, column)) = found {
                    let request = next.jump.as_ref().map_or(0, |j| j.at.request) + 1;
                    next.jump = Some(Jump {
                        table: table.clone(),
                        at: JumpAt {
                            row,
                            column,
                            request,
                        },
                    });
                    next.view = Some(View::Table(table));
                    next.views_chosen += 1;
                }
            }
            Msg::ShowFinding(id) => {
                let request = next.finding.as_ref().map_or(0, |f| f.1) + 1;
                next.finding = Some((id, request));
                next.view = Some(View::Checks);
                next.views_chosen += 1;
            }
            Msg::Print => {
                if next.view != Some(View::Papers) {
                    next.view = Some(View::Papers);
                    next.views_chosen += 1;
                }
                next.print_requests += 1;
            }
        }
        next.revision += 1;
        Rc::new(next)
    }
}
