//! Fuzz target `scenario`: any bytes, read as the browser reads an opened `.kalkyl.json` (lossy
//! UTF-8), through `file::from_json`; a scenario that loads is recalculated, checked and shown
//! as the app does on opening, and must survive save-and-reopen unchanged. The same text packed
//! into a share link must give the same result, and the text itself is also tried as a link.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use budget_core::io::{from_json, to_json, to_json_compact, share};
use budget_core::analysis::check;
use budget_core::engine::Computed;
use budget_core::{format_amount, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let opened = from_json(&text);

    // A link carries the same file deflated and in base64; opening it runs the same checks.
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 1);
    let linked = share::decode(&URL_SAFE_NO_PAD.encode(packed));
    assert_eq!(linked, opened);
    // A hand-edited or cut link: the text as the payload itself.
    let _ = share::decode(&text);

    let Ok(scenario) = opened else {
        return;
    };
    let workbook = &scenario.workbook;
    let computed = Computed::of(workbook);
    let _ = check(workbook, &computed);
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        for r in 0..table.rows.len() {
            for c in 0..table.columns.len() {
                if let Value::Number(d) = values.get(r, c) {
                    let _ = format_amount(d, table.decimals);
                }
            }
        }
    }
    // What was opened is what gets saved (and autosaved); it must open again as it was.
    for saved in [to_json(&scenario), to_json_compact(&scenario)] {
        let saved = saved.map(|json| from_json(&json));
        assert_eq!(saved, Ok(Ok(scenario.clone())));
    }
});
