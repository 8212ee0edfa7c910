//! Criterion benchmarks of recalculation on generated detail budgets (100 rows per unit with a
//! subtotal, a grand total, 6 periods + Förändring + Förändring (%)): a full load, and one typed
//! edit followed by the incremental update the app performs.

use budget_core::engine::Computed;
use budget_core::session::Live;
use budget_core::catalog::synthetic;
use budget_core::Action;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 4] = [100, 1_000, 10_000, 100_000];

fn full_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("full_recalc");
    g.sample_size(10);
    for n in SIZES {
        let wb = synthetic(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &wb, |b, wb| {
            b.iter(|| Computed::of(wb))
        });
    }
    g.finish();
}

fn one_edit(c: &mut Criterion) {
    let mut g = c.benchmark_group("one_edit");
    for n in SIZES {
        let mut live = Live::new(synthetic(n));
        let mut k: usize = 0;
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                k += 1;
                let row = format!("konto-{}", (k * 7_919) % n + 1);
                let _ = live.apply(Action::SetCell {
                    table: "detaljbudget".into(),
                    row,
                    column: "budget-2026".into(),
                    input: k.to_string(),
                });
            })
        });
    }
    g.finish();
}

criterion_group!(benches, full_load, one_edit);
criterion_main!(benches);
