// The peer benchmark itself, in one page (index.html, driven by run.mjs): Kalkyl's engine
// compiled to wasm (kalkyl-wasm/), HyperFormula and IronCalc's wasm build on the same
// generated detail budget, at each size: build, the same single edits (each read back as the
// grand total), a full recalculation, memory, and the final grand total of each.
//
// Each wasm engine gets a fresh module instance per size and pass (the import's query makes a
// new module record), so its memory buffer, which only grows, tells that size's need alone.

import { BUDGET_2026, cellContents } from './sheet.js';
const MB = 1024 * 1024;

/** Edit k (1-based) of every engine: account (k × 7919) mod rows gets Budget 2026 = k. */
function editSequence(rows, edits) {
  return Array.from({ length: edits }, (_, i) => ({ account: ((i + 1) * 7919) % rows, value: i + 1 }));
}

function stats(micros) {
  const s = [...micros].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}


/** JS heap in use after a full collection (run.mjs: CDP HeapProfiler.collectGarbage, then
 *  Runtime.getHeapUsage); wasm memories are outside it. */
const heap = () => window.benchHeap();

/** Times `edit` over the sequence, each call alone; `edit` returns the grand total it read. */
function timeEdits(sequence, edit) {
  const micros = [];
  const totals = [];
  for (const e of sequence) {
    const start = performance.now();
    totals.push(edit(e));
    micros.push((performance.now() - start) * 1000);
  }
  return { ...stats(micros), totals, micros };
}

function timeOne(edit) {
  const start = performance.now();
  const total = edit();
  return { ms: performance.now() - start, total };
}

function timeFull(reps, full) {
  const ms = [];
  let total;
  for (let i = 0; i < reps; i += 1) {
    const start = performance.now();
    total = full();
    ms.push(performance.now() - start);
  }
  return { ms: median(ms), reps, total };
}

/** One Kalkyl edit takes about one step of the page's clock (5 µs), so each edit of the
 *  sequence is applied to REPLICAS identical engines in turn and timed together: edit k's time
 *  is the block's over REPLICAS. Replica 0 is the one measured for memory and totals; replica
 *  1 afterwards runs further edits alone in one timed loop, a check that the blocks are fair. */
const REPLICAS = 10;

async function kalkyl(rows, run) {
  const k = await import(`./kalkyl-wasm/pkg/kalkyl_wasm.js?size=${rows}&pass=${run.pass}`);
  const wasm = await k.default();
  const heap0 = await heap();
  const generated = new k.Generated(rows);
  const start = performance.now();
  const engine = k.Kalkyl.build(generated);
  const buildMs = performance.now() - start;
  const heap1 = await heap();
  const wasmBytes = wasm.memory.buffer.byteLength;
  const liveBytes = k.liveBytes();
  const replicas = [engine];
  for (let i = 1; i < REPLICAS; i += 1) replicas.push(k.Kalkyl.build(new k.Generated(rows)));
  const first = timeOne(() => engine.edit(run.first.account, run.first.value));
  for (const r of replicas.slice(1)) r.edit(run.first.account, run.first.value);
  for (const e of run.warmup) for (const r of replicas) r.edit(e.account, e.value);
  const micros = [];
  const totals = [];
  for (const e of run.timed) {
    const begun = performance.now();
    for (const r of replicas) r.edit(e.account, e.value);
    micros.push(((performance.now() - begun) * 1000) / replicas.length);
    totals.push(engine.total());
  }
  const edits = { ...stats(micros), totals, micros, replicas: replicas.length };
  const begun = performance.now();
  for (const e of run.check) replicas[1].edit(e.account, e.value);
  edits.singleMean = ((performance.now() - begun) * 1000) / run.check.length;
  const full = timeFull(run.fullReps, () => engine.full());
  const result = { buildMs, first, edits, full, heapBytes: heap1 - heap0, wasmBytes, liveBytes, liveBytesEnd: k.liveBytes() / replicas.length, total: engine.totalText() };
  for (const r of replicas) r.free();
  return result;
}

async function hyperformula(rows, spec, run) {
  const { HyperFormula } = window;
  const heap0 = await heap();
  let contents = cellContents(spec);
  const totalRow = contents.length - 1;
  const accountRows = spec.rows.map((r, i) => (r.values ? i : -1)).filter((i) => i >= 0);
  const start = performance.now();
  // Its default sheet holds 40 000 rows; Excel's limit instead, so 100 000 fit.
  const hf = HyperFormula.buildFromArray(contents, { licenseKey: 'gpl-v3', precisionRounding: 10, maxRows: 1048576 });
  const buildMs = performance.now() - start;
  contents = null;
  const heap1 = await heap();
  const at = { sheet: 0, row: totalRow, col: BUDGET_2026 };
  const edit = (e) => {
    hf.setCellContents({ sheet: 0, row: accountRows[e.account], col: BUDGET_2026 }, [[e.value]]);
    return hf.getCellValue(at);
  };
  const first = timeOne(() => edit(run.first));
  run.warmup.forEach(edit);
  const edits = timeEdits(run.timed, edit);
  // HyperFormula has no recalculation of everything but this, which also rebuilds the graph.
  const full = timeFull(run.fullReps, () => {
    hf.rebuildAndRecalculate();
    return hf.getCellValue(at);
  });
  const result = { buildMs, first, edits, full, heapBytes: heap1 - heap0, total: String(hf.getCellValue(at)), version: HyperFormula.version };
  hf.destroy();
  return result;
}

async function ironcalc(rows, spec, run, timedEdits) {
  const ic = await import(`./node_modules/@ironcalc/wasm/wasm.js?size=${rows}&pass=${run.pass}`);
  const wasm = await ic.default();
  const heap0 = await heap();
  let inputs = cellContents(spec).map((line) => line.map((v) => (v === null ? '' : String(v))));
  const totalRow = inputs.length; // IronCalc counts rows and columns from 1
  const accountRows = spec.rows.map((r, i) => (r.values ? i + 1 : -1)).filter((i) => i >= 0);
  const column = BUDGET_2026 + 1;
  const start = performance.now();
  const model = new ic.Model('Kalkyl peer', 'en', 'UTC', 'en');
  // Typing each cell would evaluate the whole sheet each time: load first, evaluate once.
  model.pauseEvaluation();
  inputs.forEach((line, r) => line.forEach((v, c) => v !== '' && model.setUserInput(0, r + 1, c + 1, v)));
  // Its general format shows 11 digits at most; the totals are compared in full.
  model.updateRangeStyle({ sheet: 0, row: totalRow, column, width: 1, height: 1 }, 'num_fmt', '0');
  model.resumeEvaluation();
  model.evaluate();
  const buildMs = performance.now() - start;
  inputs = null;
  const heap1 = await heap();
  const wasmBytes = wasm.memory.buffer.byteLength;
  const read = () => Number(model.getFormattedCellValue(0, totalRow, column));
  const set = (e) => model.setUserInput(0, accountRows[e.account], column, String(e.value));
  // Applied with evaluation paused, then evaluated once: same cells, same final state.
  const untimed = (sequence) => {
    model.pauseEvaluation();
    sequence.forEach(set);
    model.resumeEvaluation();
    model.evaluate();
  };
  const first = timeOne(() => {
    set(run.first);
    return read();
  });
  // Every IronCalc edit evaluates the whole workbook, which its build has already run hot.
  untimed(run.warmup);
  const edits = timeEdits(run.timed.slice(0, timedEdits), (e) => {
    set(e);
    return read();
  });
  if (timedEdits < run.timed.length) untimed(run.timed.slice(timedEdits));
  const full = timeFull(run.fullReps, () => {
    model.evaluate();
    return read();
  });
  const result = {
    buildMs,
    first,
    edits,
    full,
    heapBytes: heap1 - heap0,
    wasmBytes,
    wasmBytesEnd: wasm.memory.buffer.byteLength,
    total: model.getFormattedCellValue(0, totalRow, column),
  };
  model.free();
  return result;
}

/** Smallest non-zero step of performance.now() seen, in µs. */
function timerStep() {
  let step = Infinity;
  let last = performance.now();
  for (let i = 0; i < 200000; i += 1) {
    const now = performance.now();
    if (now > last) step = Math.min(step, (now - last) * 1000);
    last = now;
  }
  return step;
}

window.runBench = async ({ sizes, edits, warmup, ironcalcEdits }) => {
  const log = (s) => console.log(s);
  const gen = await import('./kalkyl-wasm/pkg/kalkyl_wasm.js?sheet');
  await gen.default();
  const out = { crossOriginIsolated: window.crossOriginIsolated, timerStepUs: timerStep(), userAgent: navigator.userAgent, replicas: REPLICAS, sizes: [] };
  // A first, unreported pass at the smallest size: V8 compiles wasm and JS in tiers, and
  // the size measured first would otherwise carry every engine's compilation.
  for (const [pass, rows] of [[0, Math.min(...sizes)], ...sizes.map((r) => [1, r])]) {
    const spec = JSON.parse(gen.sheet(rows));
    // One sequence for every engine: the first edit (timed alone: what a user's first edit
    // after loading costs), warm-up edits (untimed), the timed edits; `check` continues it
    // for Kalkyl's single-engine loop only.
    const all = editSequence(rows, 1 + warmup + edits * 2);
    const run = {
      first: all[0],
      warmup: all.slice(1, 1 + warmup),
      timed: all.slice(1 + warmup, 1 + warmup + edits),
      check: all.slice(1 + warmup + edits),
      fullReps: rows >= 100000 ? 3 : 5,
      pass,
    };
    const capped = Math.min(edits, ironcalcEdits[rows] ?? edits);
    const entry = { rows, edits, warmup, fullReps: run.fullReps };
    log(`${rows} rows${pass ? '' : ' (warm-up pass, not reported)'}: Kalkyl`);
    entry.kalkyl = await kalkyl(rows, run);
    log(`${rows} rows: HyperFormula`);
    entry.hyperformula = await hyperformula(rows, spec, run);
    log(`${rows} rows: IronCalc (${capped} timed edits)`);
    entry.ironcalc = await ironcalc(rows, spec, run, capped);
    if (pass) out.sizes.push(entry);
  }
  return out;
};
