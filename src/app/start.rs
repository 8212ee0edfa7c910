//! The page's starting state, read from the browser once, before the first render: the saved
//! work, language and number style, and the address's `?vy=`, `?prestanda=` and `?krasch=`. (The
//! reducer never reads the browser; this runs before there is a reducer.)

use std::cell::RefCell;
use std::rc::Rc;

use budget_core::catalog::default_workbook;
use budget_core::io::Library;
use budget_core::session::Live;
use budget_core::tr;

use super::state::{AppState, CoreRef};
use super::view::View;
use crate::platform::{self, crash};
use crate::scenarios::{self, STORAGE_KEY};

/// Most rows the measuring workbook (`?prestanda=N`) may have.
const MAX_SYNTHETIC_ROWS: usize = 100_000;
/// Where unreadable stored work is moved, so it is set aside rather than overwritten.
const UNREADABLE_KEY: &str = "kalkyl.scenarier.oläsbart";

fn initial_workbook() -> Result<budget_core::Workbook, budget_core::CoreError> {
    if let Some(rows) = platform::query_param("prestanda").and_then(|v| v.parse::<usize>().ok()) {
        return Ok(budget_core::catalog::synthetic(
            rows.clamp(1, MAX_SYNTHETIC_ROWS),
        ));
    }
    default_workbook()
}

fn base_state() -> AppState {
    let (wb, notice) = match initial_workbook() {
        Ok(wb) => (wb, None),
        Err(e) => (
            // The embedded scenario is tested; this only guards against a broken build.
            budget_core::Workbook::empty("Tom arbetsbok"),
            Some(e.text().map(|lang, e| {
                tr!(
                    lang,
                    "Standardscenariot kunde inte läsas: {e}",
                    "The default scenario could not be read: {e}"
                )
            })),
        ),
    };
    let tables = wb.tables.len();
    let core = Rc::new(RefCell::new(Live::new(wb)));
    crash::watch(&core);
    AppState {
        table_revisions: Rc::new(vec![0; tables]),
        core: CoreRef(core),
        revision: 0,
        notice,
        lang: platform::saved_language(),
        numbers: platform::saved_number_style(),
        scenarios: Default::default(),
        crash_on_edit: crash::armed(),
        view: platform::view_in_address().and_then(|code| View::from_code(&code)),
        views_chosen: 0,
        jump: None,
        finding: None,
        print_requests: 0,
    }
}

/// The page state at start: stored work if any, else the default scenario. A share link in the
/// address is unpacked once the page is up (`scenarios::link_handler`), by the lazily loaded
/// module.
pub fn initial_state() -> AppState {
    let mut state = base_state();
    let now = platform::now_iso();
    let fresh = scenarios::first_library(state.core.0.borrow().workbook().clone(), &now);
    let library = match platform::storage_get(STORAGE_KEY) {
        Some(text) => match Library::from_storage(&text) {
            Ok(library) => library,
            Err(e) => {
                let kept = platform::storage_set(UNREADABLE_KEY, &text).is_ok();
                state.notice = Some(e.text().map(|lang, e| {
                    let kept = match (kept, lang) {
                        (false, _) => String::new(),
                        (true, lang) => tr!(
                            lang,
                            "Det är undanlagt i webbläsaren under ”{UNREADABLE_KEY}”. ",
                            "It is set aside in the browser under “{UNREADABLE_KEY}”. "
                        ),
                    };
                    tr!(
                        lang,
                        "Det sparade arbetet kunde inte läsas ({e}). {kept}Standardscenariot visas.",
                        "The saved work could not be read ({e}). {kept}The default scenario is shown."
                    )
                }));
                fresh
            }
        },
        None => fresh,
    };
    scenarios::open_library(&mut state, library);
    state
}
