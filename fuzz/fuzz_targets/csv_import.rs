//! Fuzz target `csv_import`: any bytes through `import::preview_file`, the path a dropped or
//! picked import file takes (encoding detection, separator and decimal mark detection, RFC 4180
//! splitting, figures; and the XLSX reader when the bytes start like a zip). A preview that is
//! offered must also be importable.
#![no_main]

use budget_core::model::MAX_DECIMALS;
use budget_core::io::{import_action, preview_file};
use budget_core::engine::Computed;
use budget_core::{Session, Workbook};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if bytes.starts_with(b"PK") {
        // The sheet picker lists the sheets before the first preview.
        let _ = budget_core::io::xlsx_file::sheet_names(bytes);
    }
    let Ok(preview) = preview_file(bytes, 0, "import", "Fil") else {
        return;
    };
    let table = &preview.table;
    assert!(
        table.decimals <= MAX_DECIMALS,
        "{} decimals",
        table.decimals
    );
    for problem in &preview.problems {
        assert!(problem.column >= 1, "{problem:?}");
    }
    // Accepting the preview into an empty workbook adds the table (ids unique, sums resolve).
    let mut session = Session::new(Workbook::empty("Fuzz"));
    let action = import_action(&session.workbook, preview.table, None);
    let applied = action.and_then(|a| session.apply(a));
    assert!(applied.is_ok(), "{applied:?}");
    // The preview then shows the table recalculated.
    let computed = Computed::of(&session.workbook);
    let _ = budget_core::analysis::check(&session.workbook, &computed);
});
