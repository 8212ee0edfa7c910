// Scenario files, stored work and share links at a chosen size along one dimension each, for
// the limits journey (tests/e2e/limits.test.mjs) and the measuring tool (bench/limits.mjs).
// Each generator makes the costliest shape of its dimension that stays within the other
// limits: tables of up to 200 rows are drawn whole (longer ones only the rows in view), so the
// cells and columns shapes use tables the page draws whole.
import { deflateRawSync } from 'node:zlib';

const meta = { unit: 'tkr', author: '', created: '', modified: '', notes: '' };

const inputColumns = (n) =>
  Array.from({ length: n }, (_, c) => ({ id: `k${c + 1}`, label: `Period ${c + 1}`, kind: { type: 'input' } }));

/** A table of `rows` input rows over `columns` input columns, figures in every cell. */
function table(id, rows, columns, extra = {}) {
  const cols = inputColumns(columns);
  return {
    id,
    title: `Tabell ${id}`,
    unit: 'tkr',
    decimals: 0,
    columns: cols,
    rows: Array.from({ length: rows }, (_, r) => ({
      id: `r${r + 1}`,
      label: `Rad ${r + 1}`,
      kind: { type: 'input' },
      cells: Object.fromEntries(cols.map((c, k) => [c.id, { number: String((r * 7 + k * 13) % 1000) }])),
    })),
    deviation: 'budget_minus_actual',
    ...extra,
  };
}

export function scenarioFile(tables, { notes = '' } = {}) {
  return JSON.stringify({
    format: 'kalkyl-scenario',
    version: 2,
    meta: { ...meta, notes },
    workbook: { title: 'Gränsprov', committee: '', tables, reconciliations: [], bridge: null },
  });
}

/** A lean table of `rows` × `columns` (short ids, empty labels), for the dimensions that
 *  would otherwise reach the 10 MB file limit first. */
function leanTable(id, rows, columns) {
  const cols = inputColumns(columns);
  return {
    id,
    title: id,
    unit: 'tkr',
    decimals: 0,
    columns: cols,
    rows: Array.from({ length: rows }, (_, r) => ({
      id: `r${r + 1}`,
      label: '',
      kind: { type: 'input' },
      cells: Object.fromEntries(cols.map((c) => [c.id, { number: String(r % 10) }])),
    })),
  };
}

/** `n` cells as whole tables of `rows` × `columns`, the last one smaller. */
function cellsIn(n, rows, columns) {
  const tables = [];
  for (let left = n, i = 1; left > 0; i += 1) {
    const r = Math.min(rows, Math.floor(left / columns));
    if (r > 0) {
      tables.push(leanTable(`t${i}`, r, columns));
      left -= r * columns;
    } else {
      tables.push(leanTable(`t${i}`, 1, left));
      left = 0;
    }
  }
  return tables;
}

/** The scenario file text with `n` of the dimension. */
export const generators = {
  // n tables of 1 row × 1 column, as the file.
  tables: (n) => scenarioFile(Array.from({ length: n }, (_, i) => leanTable(`t${i + 1}`, 1, 1))),
  // One table of n rows × 1 column (long tables draw only the rows in view).
  rows: (n) => scenarioFile([leanTable('t1', n, 1)]),
  // One table of 20 rows × n columns, drawn whole.
  columns: (n) => scenarioFile([table('t1', 20, n)]),
  // n cells in long tables of 20 000 rows × 10 columns (drawn 40 rows at a time).
  cells: (n) => scenarioFile(cellsIn(n, 20_000, 10)),
  // n cells drawn at once: tables of 200 rows × 10 columns, drawn whole.
  drawn: (n) => scenarioFile(cellsIn(n, 200, 10)),
  // n formula operands: 100 typed rows, then rows of `=[r1]+[r2]+…+[r100]` (100 operands each)
  // and one last shorter formula.
  terms: (n) => {
    const t = table('t1', 100, 1);
    for (let left = n, k = 1; left > 0; left -= 100, k += 1) {
      const m = Math.min(100, left);
      const formula = '=' + Array.from({ length: m }, (_, j) => `[r${j + 1}]`).join('+');
      t.rows.push({ id: `f${k}`, label: `Formel ${k}`, kind: { type: 'input' }, cells: { k1: { formula } } });
    }
    return scenarioFile([t]);
  },
  // One row label of n characters.
  text: (n) => {
    const t = table('t1', 3, 2);
    t.rows[0].label = 'Lång etikett '.repeat(Math.ceil(n / 13)).slice(0, n);
    return scenarioFile([t]);
  },
};

/** What a dimension counts, in words for the reports. */
export const counts = {
  tables: 'tables',
  rows: 'rows in one table',
  columns: 'columns in one table',
  cells: 'cells in the workbook',
  drawn: 'cells drawn at once',
  terms: 'formula operands in the workbook',
  text: 'characters in one text',
  undo: 'undo steps in stored work',
  link: 'characters in a share link',
};

/** The browser's stored work (localStorage `kalkyl.scenarier`) with `n` undo steps, each a typed
 *  figure of the 20 × 10 table, as the page saves it. */
export function storedWork(n) {
  const t = table('t1', 20, 10);
  const undo = Array.from({ length: n }, (_, i) => ({
    put_cell: {
      table: 't1',
      row: `r${(i % 20) + 1}`,
      column: `k${(i % 10) + 1}`,
      control: false,
      cell: { number: String(i) },
    },
  }));
  const workbook = { title: 'Historik', committee: '', tables: [t], reconciliations: [], bridge: null };
  return JSON.stringify({
    version: 2,
    current: 's1',
    entries: [{ id: 's1', name: 'Historik', meta, session: { workbook, undo, redo: [], revision: n } }],
  });
}

/** A share link's fragment payload (after `#s=`) of about `chars` characters: the scenario's
 *  compact file deflated (raw, as miniz_oxide writes it) in URL-safe base64 without padding.
 *  Figures drawn from a fixed pseudo-random sequence so deflate cannot shrink them much. */
export function linkPayload(chars) {
  let seed = 20;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const payload = (rows) => {
    const t = table('t1', rows, 10);
    for (const r of t.rows) for (const c of Object.values(r.cells)) c.number = String(next() % 10000000);
    return deflateRawSync(Buffer.from(scenarioFile([t]))).toString('base64url');
  };
  // About 60 payload characters per row of 10 random figures; refine once.
  let rows = Math.max(1, Math.round(chars / 60));
  const first = payload(rows).length;
  rows = Math.max(1, Math.round((rows * chars) / first));
  seed = 20;
  return payload(rows);
}
