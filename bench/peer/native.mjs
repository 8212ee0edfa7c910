// Secondary: the same generated detail budget (100-row units with SUM subtotals, a grand
// total, 6 periods, Förändring = new − old and Förändring (%) per row) in HyperFormula in Node and
// in Kalkyl's core compiled natively (bench/core's peer-edits): not the same runtime, so only a
// check of the wasm gap. The comparison that counts is run.mjs (one Chromium page, all in wasm/JS).
// Run: bash bench/peer/run.sh native [ROWS] [EDITS]   (defaults 10000 and 1000)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HyperFormula } from 'hyperformula';
import { BUDGET_2026, cellContents } from './sheet.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rows = Number(process.argv[2] ?? 10000);
const edits = Number(process.argv[3] ?? 1000);
const bin = process.env.PEER_EDITS ?? path.join(here, '..', 'core', 'target', 'release', 'peer-edits');

const model = JSON.parse(execFileSync(bin, ['dump', String(rows)], { maxBuffer: 1 << 28 }).toString());
const sheet = cellContents(model);

const built = performance.now();
const hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3', precisionRounding: 10 });
const buildMs = performance.now() - built;
const totalRow = model.rows.length - 1;
const accountRows = model.rows.map((r, i) => (r.values ? i : -1)).filter((i) => i >= 0);
const times = [];
let total;
for (let k = 1; k <= edits; k += 1) {
  const row = accountRows[(k * 7919) % rows];
  const start = performance.now();
  hf.setCellContents({ sheet: 0, row, col: BUDGET_2026 }, [[k]]);
  total = hf.getCellValue({ sheet: 0, row: totalRow, col: BUDGET_2026 });
  times.push((performance.now() - start) * 1000);
}
times.sort((a, b) => a - b);
const hfMedian = times[Math.floor(times.length / 2)];

const ours = JSON.parse(execFileSync(bin, ['edits', String(rows), String(edits)]).toString());
const same = ours.total === `Number(${total})`;
console.log(`rows ${rows}, edits ${edits}`);
console.log(`HyperFormula ${HyperFormula.version}: build ${buildMs.toFixed(0)} ms, median ${hfMedian.toFixed(1)} µs per edit, total ${total}`);
console.log(`Kalkyl core: median ${ours.median_us.toFixed(1)} µs per edit, total ${ours.total}`);
console.log(`same final total: ${same}`);
console.log(`ratio (HyperFormula / Kalkyl): ${(hfMedian / ours.median_us).toFixed(1)}×`);
if (!same) process.exitCode = 1;
