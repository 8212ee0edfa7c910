//! The page's state and its reducer. The reducer is pure: it changes the one `Live` workbook
//! through `Live::apply` (one call per edit) and the rest of the state, and nothing else. What
//! it needs from the browser comes in the message (the time a scenario message was sent,
//! whether a language or number style choice could be saved); what the browser must do after
//! a change (autosave, clearing a handled link from the address) is done by `effects`, which
//! watch the state.

use std::cell::RefCell;
use std::rc::Rc;

use budget_core::session::Live;
use budget_core::{tr, Action, Lang, NumberStyle, Text};
use yew::prelude::*;

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
    /// The language chosen, and whether the choice could be remembered.
    SetLang(Lang, Result<(), Text>),
    /// The number style chosen, and whether the choice could be remembered.
    SetNumbers(NumberStyle, Result<(), Text>),
    DismissNotice,
    /// A scenario message and when it was sent (ISO 8601, UTC): the list's timestamps.
    Scenario(ScenarioMsg, String),
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
                if result.is_ok() && next.crash_on_edit {
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
        }
        next.revision += 1;
        Rc::new(next)
    }
}
