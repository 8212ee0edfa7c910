// The generated budget as spreadsheet cells, for the peers (page.js in the browser, native.mjs
// in Node): one sheet, periods in columns A–F, then Förändring and Förändring (%).

export const BUDGET_2025 = 1; // period columns: 0 = Bokslut 2024 … 5 = Plan 2028
export const BUDGET_2026 = 3;
const col = (c) => String.fromCharCode(65 + c);

/** The generated budget as cell contents, row by row: figures as numbers, sums as SUM() (or a
 *  chain of + when a sum's terms are not adjacent), then Förändring and Förändring (%). */
export function cellContents(spec) {
  const index = new Map(spec.rows.map((r, i) => [r.id, i]));
  return spec.rows.map((r, i) => {
    const line = r.values
      ? r.values.map((v) => (v === '' ? null : Number(v)))
      : spec.periods.map((_, c) => {
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
}
