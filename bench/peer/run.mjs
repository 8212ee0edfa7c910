// Drives the peer benchmark (page.js) in one headless Chromium page: serves bench/peer/ on
// 127.0.0.1, cross-origin isolated so performance.now() steps by 5 µs instead of 100 µs, runs
// every engine and size, prints the table with Kalkyl's ratios, and exits non-zero when the
// engines' grand totals differ (per edit or at the end) or an edit was refused.
// Run: bash bench/peer/run.sh
//   env: SIZES=1000,10000,100000 EDITS=300 WARMUP=50 IRONCALC_EDITS_100000=50
import { createServer } from 'node:http';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = (process.env.SIZES ?? '1000,10000,100000').split(',').map(Number);
const edits = Number(process.env.EDITS ?? 300);
const warmup = Number(process.env.WARMUP ?? 50);
// IronCalc evaluates the whole workbook on every edit: at 100 000 rows that is over a second
// each, so only the first edits of the sequence are timed there (the rest are still applied).
const ironcalcEdits = { 100000: Number(process.env.IRONCALC_EDITS_100000 ?? 50) };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

function serve() {
  const server = createServer(async (req, res) => {
    const relative = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(here, relative);
    const type = TYPES[path.extname(file)];
    const inside = file.startsWith(here + path.sep);
    if (!inside || !type || !(await stat(file).then((s) => s.isFile(), () => false))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    res.end(await readFile(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const wall = performance.now();
const server = await serve();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  timeout: 60_000,
});
let result;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => console.error(`  [page] ${m.text()}`));
  const cdp = await page.context().newCDPSession(page);
  await page.exposeFunction('benchHeap', async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForFunction(() => typeof window.runBench === 'function' && typeof window.HyperFormula === 'function');
  result = await page.evaluate((config) => window.runBench(config), { sizes, edits, warmup, ironcalcEdits });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  result.chromium = browser.version();
} finally {
  await browser.close();
  server.close();
}
await writeFile(path.join(here, 'last-run.json'), JSON.stringify(result, null, 1));

const ENGINES = [
  ['kalkyl', 'Kalkyl (wasm)'],
  ['hyperformula', `HyperFormula ${result.sizes[0]?.hyperformula.version ?? ''}`],
  ['ironcalc', 'IronCalc 0.8.4'],
];
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const memory = (e) => (e.heapBytes + (e.wasmBytes ?? 0)) / (1024 * 1024);
const pad = (s, n) => String(s).padStart(n);
let failed = false;

console.log(`Kalkyl built with opt-level ${process.env.KALKYL_OPT ?? 'z'} (the app's profile is z), wasm-opt -O${process.env.KALKYL_OPT ?? 'z'}`);
console.log(`Chromium ${result.chromium}; crossOriginIsolated ${result.crossOriginIsolated}, performance.now() step ${fmt(result.timerStepUs)} µs`);
console.log(`a first pass at ${Math.min(...sizes)} rows warms every engine's code and is not reported;`);
console.log('build: engine ready with every value computed; 1st: the first edit after the build, alone;');
console.log(`edit: type one Budget 2026 figure, read the grand total (after ${warmup} untimed warm-up edits; Kalkyl's each`);
console.log(`  timed over ${result.replicas} identical engines in turn and divided, its edit being about one clock step);`);
console.log('full: recompute everything (Kalkyl Computed::of, HyperFormula rebuildAndRecalculate, IronCalc evaluate);');
console.log('memory: JS heap growth over the build (after GC) + the wasm memory buffer after the build.');
for (const s of result.sizes) {
  console.log('');
  console.log(`${s.rows} rows (${s.edits} timed edits, full recalculation median of ${s.fullReps})`);
  console.log(
    `${'engine'.padEnd(20)}${pad('build ms', 10)}${pad('1st ms', 9)}${pad('edit med µs', 13)}${pad('p95 µs', 10)}${pad('mean µs', 10)}${pad('edits', 7)}${pad('full ms', 10)}${pad('heap MB', 9)}${pad('wasm MB', 9)}${pad('mem MB', 9)}  final total`,
  );
  for (const [key, name] of ENGINES) {
    const e = s[key];
    console.log(
      `${name.padEnd(20)}${pad(fmt(e.buildMs), 10)}${pad(fmt(e.first.ms, 2), 9)}${pad(fmt(e.edits.median), 13)}${pad(fmt(e.edits.p95), 10)}${pad(fmt(e.edits.mean), 10)}${pad(e.edits.n, 7)}${pad(fmt(e.full.ms, 2), 10)}${pad(fmt(e.heapBytes / 1048576), 9)}${pad(fmt((e.wasmBytes ?? 0) / 1048576), 9)}${pad(fmt(memory(e)), 9)}  ${e.total}`,
    );
  }
  const k = s.kalkyl;
  for (const [key, name] of ENGINES.slice(1)) {
    const p = s[key];
    const r = (a, b) => `${fmt(a / b)}×`;
    console.log(
      `  ${name} / Kalkyl: build ${r(p.buildMs, k.buildMs)}, edit median ${r(p.edits.median, k.edits.median)}, p95 ${r(p.edits.p95, k.edits.p95)}, mean ${r(p.edits.mean, k.edits.mean)}, full ${r(p.full.ms, k.full.ms)}, memory ${r(memory(p), memory(k))}`,
    );
  }
  if (s.ironcalc.edits.n < s.edits) {
    console.log(`  IronCalc: only the first ${s.ironcalc.edits.n} of the ${s.edits} edits timed (the rest applied untimed, evaluated once)`);
  }
  console.log(`  Kalkyl alone, one timed loop of ${s.edits} further edits: ${fmt(k.edits.singleMean, 2)} µs per edit (blocks' mean ${fmt(k.edits.mean, 2)} µs)`);
  console.log(`  Kalkyl's Rust heap in use after the build: ${fmt(k.liveBytes / 1048576)} MB (after the edits ${fmt(k.liveBytesEnd / 1048576)} MB)`);
  // Every engine read the grand total after each edit: the same sequence must give the same.
  for (const [key, name] of ENGINES.slice(1)) {
    const theirs = s[key].edits.totals;
    const wrong = theirs.filter((t, i) => t !== s.kalkyl.edits.totals[i]).length;
    if (wrong) {
      console.log(`  MISMATCH: ${name} read a different grand total than Kalkyl after ${wrong} of ${theirs.length} edits`);
      failed = true;
    }
  }
  if (s.kalkyl.edits.totals.some((t) => !Number.isFinite(t))) {
    console.log('  Kalkyl refused an edit or its total is not a number');
    failed = true;
  }
  const finals = ENGINES.map(([key]) => Number(s[key].total));
  const fulls = ENGINES.map(([key]) => Number(s[key].full.total));
  const firsts = ENGINES.map(([key]) => s[key].first.total);
  if (firsts.some((t) => t !== firsts[0])) {
    console.log(`  MISMATCH after the first edit: ${firsts.join(' / ')}`);
    failed = true;
  }
  const same = finals.every((t) => Number.isFinite(t) && t === finals[0]) && fulls.every((t) => t === finals[0]);
  console.log(`  same final grand total from all three: ${same ? 'yes' : 'NO'}`);
  if (!same) failed = true;
}

const at10k = result.sizes.find((s) => s.rows === 10000);
if (at10k) {
  const hf = at10k.hyperformula.edits.median / at10k.kalkyl.edits.median;
  const ic = at10k.ironcalc.edits.median / at10k.kalkyl.edits.median;
  console.log('');
  console.log(`goals at 10 000 rows, per edit (median): ≥ 20× HyperFormula: ${fmt(hf)}× ${hf >= 20 ? 'met' : 'NOT met'}; ≥ 1 000× IronCalc: ${fmt(ic)}× ${ic >= 1000 ? 'met' : 'NOT met'}`);
}
console.log(`run took ${fmt((performance.now() - wall) / 1000, 0)} s in the browser; raw figures in bench/peer/last-run.json`);
if (failed) process.exitCode = 1;
