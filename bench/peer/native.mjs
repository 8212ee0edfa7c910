// Secondary: the same generated detail budget (100-row units with SUM subtotals, a grand
// total, 6 periods, Förändring = new − old and Förändring (%) per row) in HyperFormula in Node and
// in Kalkyl's core compiled natively (bench/core's peer-edits): not the same runtime, so only a
// check of the wasm gap. The comparison that counts is run.mjs (one Chromium page, all in wasm/JS).
// Run: bash bench/peer/run.sh native [ROWS] [EDITS]   (defaults 10000 and 1000)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HyperFormula } from 'hyperformula';

const here = path.dirname(fileURLToPath(import.meta.url));
const rows = Number(process.argv[2] ?? 10000);
const edits = Number(process.argv[3] ?? 1000);
const bin = process.env.PEER_EDITS ?? path.join(here, '..', 'core', 'target', 'release', 'peer-edits');

const model = JSON.parse(execFileSync(bin, ['dump', String(rows)], { maxBuffer: 1 << 28 }).toString());
const index = new Map(model.rows.map((r, i) => [r.id, i]));
const col = (c) => String.fromCharCode(65 + c); // A = first period
const BUDGET_2025 = 1;
const BUDGET_2026 = 3;
const sheet = model.rows.map((r, i) => {
  const line = r.values
    ? r.values.map((v) => (v === '' ? null : Number(v)))
    : model.periods.map((_, c) => {
        const terms = r.terms.map((t) => index.get(t));
        const contiguous = terms.every((t, k) => k === 0 || t === terms[k - 1] + 1);
        return contiguous
          ? `=SUM(${col(c)}${terms[0] + 1}:${col(c)}${terms[terms.length - 1] + 1})`
          : `=${terms.map((t) => `${col(c)}${t + 1}`).join('+')}`;
      });
  const n = i + 1;
  line.push(`=${col(BUDGET_2026)}${n}-${col(BUDGET_2025)}${n}`);
  line.push(`=IF(${col(BUDGET_2025)}${n}=0,"–",(${col(BUDGET_2026)}${n}-${col(BUDGET_2025)}${n})/${col(BUDGET_2025)}${n}*100)`);
  return line;
});

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
