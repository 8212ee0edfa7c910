//! The core's side of the secondary, native peer comparison (bench/peer/native.mjs; the main one,
//! all in one browser page, is bench/peer/run.mjs):
//! `peer-edits dump ROWS` prints the generated workbook as JSON for HyperFormula to rebuild;
//! `peer-edits edits ROWS EDITS` applies the same single edits the peer applies (row
//! `(k × 7919) mod ROWS`, Budget 2026, value k) and prints per-edit timings in microseconds.

use std::time::Instant;

use budget_core::session::Live;
use budget_core::catalog::synthetic;
use budget_core::{Action, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    match args.get(1).map(String::as_str) {
        Some("dump") => dump(rows),
        Some("edits") => edits(
            rows,
            args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1_000),
        ),
        _ => eprintln!("usage: peer-edits dump ROWS | peer-edits edits ROWS EDITS"),
    }
}

fn dump(rows: usize) {
    if let Some(sheet) = kalkyl_bench::sheet(rows) {
        println!("{sheet}");
    }
}

fn edits(rows: usize, count: usize) {
    let mut live = Live::new(synthetic(rows));
    let total_row = live.workbook().tables[0].rows.len() - 1;
    let mut micros = Vec::with_capacity(count);
    let mut last = Value::Blank;
    for k in 1..=count {
        let row = format!("konto-{}", (k * 7_919) % rows + 1);
        let start = Instant::now();
        let _ = live.apply(Action::SetCell {
            table: "detaljbudget".into(),
            row,
            column: "budget-2026".into(),
            input: k.to_string(),
        });
        // Read the grand total, as the peer does, so both sides do the same work.
        last = live.computed().tables[0].get(total_row, 3);
        micros.push(start.elapsed().as_secs_f64() * 1e6);
    }
    micros.sort_by(f64::total_cmp);
    let median = micros[micros.len() / 2];
    let mean = micros.iter().sum::<f64>() / micros.len() as f64;
    println!(
        "{}",
        serde_json::json!({ "median_us": median, "mean_us": mean, "total": format!("{last:?}") })
    );
}
