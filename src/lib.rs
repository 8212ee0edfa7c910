//! Kalkyl's Yew user interface: renders the workbook held by `budget-core` and dispatches its
//! actions. No arithmetic happens here; every figure shown comes from the core.

/// One of two fixed texts as a text node: `<th>{ pick!(lang, "Rad", "Row") }</th>`.
///
/// What `{ lang.pick("Rad", "Row") }` shows, for less: that copies the chosen text into a new
/// string (twice: `String`, then `Rc<str>`) with the copying code at each call site; this is
/// one shared call that keeps a pointer to the text (`AttrValue::Static`).
macro_rules! pick {
    ($lang:expr, $sv:literal, $en:literal $(,)?) => {
        $crate::app::display::fixed_text($lang, $sv, $en)
    };
}

mod app;
mod grid;
mod panels;
mod platform;
mod scenarios;

pub use app::{App, Root};
pub use platform::crash::install as install_crash_panel;
