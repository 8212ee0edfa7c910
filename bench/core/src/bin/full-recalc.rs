//! A full recalculation of the generated detail budget, alone, for a profiler:
//! `full-recalc ROWS [REPEATS]` builds the workbook, then times `Computed::of` REPEATS times
//! and prints the median in milliseconds. Under callgrind (`valgrind --tool=callgrind`) the
//! instruction counts of 10 000 and 100 000 rows show whether the work itself is linear.

use std::time::Instant;

use budget_core::engine::Computed;
use budget_core::catalog::synthetic;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let repeats: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let workbook = synthetic(rows);
    let mut times = Vec::with_capacity(repeats);
    let mut cells = 0;
    for _ in 0..repeats {
        let started = Instant::now();
        let computed = Computed::of(&workbook);
        times.push(started.elapsed().as_secs_f64() * 1e3);
        cells = computed.tables.len();
        drop(computed);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!("{rows} rows: full recalculation median {median:.2} ms of {repeats} ({cells} tables)");
}
