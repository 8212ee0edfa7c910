//! Kalkyl's engine for the peer benchmark's page (bench/peer/page.js): the generated detail
//! budget, built and edited the way the app does it (`Live::apply` of a typed cell), with only numbers crossing to JavaScript on an edit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use budget_core::engine::Computed;
use budget_core::session::Live;
use budget_core::catalog::synthetic;
use budget_core::{Action, Value, Workbook};
use rust_decimal::prelude::ToPrimitive;
use wasm_bindgen::prelude::*;

/// The wasm memory only grows, so its size says what was ever needed; this counts what the
/// engine holds now.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes unchanged to the system allocator; the wrapper only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = System.realloc(p, layout, new_size);
        if !q.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes allocated on the Rust heap and not yet freed.
#[wasm_bindgen(js_name = liveBytes)]
pub fn live_bytes() -> f64 {
    LIVE.load(Ordering::Relaxed) as f64
}

const TABLE: &str = "detaljbudget";
const EDITED: &str = "budget-2026";

/// The generated budget before the engine has seen it, so that building can be timed apart
/// from generating (the peers' sheets are made, untimed, from [`sheet`]).
#[wasm_bindgen]
pub struct Generated {
    workbook: Workbook,
}

#[wasm_bindgen]
impl Generated {
    #[wasm_bindgen(constructor)]
    pub fn new(rows: usize) -> Generated {
        Generated {
            workbook: synthetic(rows),
        }
    }
}

/// The generated budget as the peers rebuild it (bench/core's `sheet`, as `peer-edits dump`
/// prints it), with the column the edits go to.
#[wasm_bindgen]
pub fn sheet(rows: usize) -> Result<String, JsError> {
    let mut sheet = kalkyl_bench::sheet(rows)
        .ok_or_else(|| JsError::new("the generated workbook has no table"))?;
    sheet["edited"] = serde_json::Value::from(EDITED);
    Ok(sheet.to_string())
}

/// The engine with a loaded budget, as the app keeps it (a `Live`).
#[wasm_bindgen]
pub struct Kalkyl {
    live: Live,
    total_row: usize,
    edited: usize,
}

#[wasm_bindgen]
impl Kalkyl {
    /// What the app does on load (src/lib.rs: `AppState::new`): a full recalculation, the
    /// dependency index, an empty history.
    pub fn build(generated: Generated) -> Result<Kalkyl, JsError> {
        let workbook = generated.workbook;
        let table = workbook
            .tables
            .first()
            .ok_or_else(|| JsError::new("the generated workbook has no table"))?;
        let total_row = table
            .rows
            .len()
            .checked_sub(1)
            .ok_or_else(|| JsError::new("the generated table has no rows"))?;
        let edited = table
            .column_index(EDITED)
            .map_err(|e| JsError::new(&format!("{e:?}")))?;
        Ok(Kalkyl {
            live: Live::new(workbook),
            total_row,
            edited,
        })
    }

    /// Types `value` into Budget 2026 of account `account` (0-based) as the app's reducer does
    /// (`Msg::Do`), then reads the grand total; NaN when the edit was refused or the total is
    /// not a number, so the page notices.
    pub fn edit(&mut self, account: usize, value: u32) -> f64 {
        let action = Action::SetCell {
            table: TABLE.into(),
            row: format!("konto-{}", account + 1),
            column: EDITED.into(),
            input: value.to_string(),
        };
        if self.live.apply(action).is_err() {
            return f64::NAN;
        }
        self.total()
    }

    /// The grand total of Budget 2026 as the engine now holds it.
    pub fn total(&self) -> f64 {
        number(self.total_value())
    }

    /// The same total as exact decimal text, for comparing engines without rounding.
    #[wasm_bindgen(js_name = totalText)]
    pub fn total_text(&self) -> String {
        match self.total_value() {
            Value::Number(d) => d.to_string(),
            other => format!("{other:?}"),
        }
    }

    /// Recomputes every value from the workbook, as on load, and returns the grand total so
    /// the work cannot be skipped; the kept values are left as they are.
    pub fn full(&self) -> f64 {
        let computed = Computed::of(self.live.workbook());
        number(
            computed
                .tables
                .first()
                .map_or(Value::Blank, |t| t.get(self.total_row, self.edited)),
        )
    }

    fn total_value(&self) -> Value {
        self.live
            .computed()
            .tables
            .first()
            .map_or(Value::Blank, |t| t.get(self.total_row, self.edited))
    }
}

fn number(value: Value) -> f64 {
    match value {
        Value::Number(d) => d.to_f64().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}
