// Issue 13, item 5: the uplift leaves no fractions of a tkr in a whole-tkr table, says what it
// applied, and a double click on apply applies it once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, serveApp, showTable, showView, waitForAppReady } from './harness.mjs';

const TOTAL = 'td[data-cell="drift/arets-resultat/budget-2026"]';

/** Every figure of the Drift per verksamhet table as shown: typed cells' inputs, totals' text. */
async function driftFigures(page) {
  return page.$$eval('td[data-cell^="drift/"]', (cells) =>
    cells.map((td) => ({
      cell: td.dataset.cell,
      text: (td.querySelector('input')?.value ?? td.textContent).trim(),
    })),
  );
}

describe('uplift rounding journey', () => {
  const app = serveApp();

  test('2,3 % on the budget column: whole tkr, a confirmation, and a double click applies once', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showTable(page, 'drift');
      assert.equal(await page.textContent(TOTAL), '1 558 823');
      // Default: Drift per verksamhet, all activities, Budget 2026, 2,3 %: 35 852,929 exactly.
      await showView(page, 'verktyg');
      assert.equal(await page.textContent('[data-preview-total="uplift"]'), '35 853');

      await page.dblclick('#uplift-apply');
      await page.waitForSelector('[data-uplift="applied"]');
      assert.equal(
        (await page.textContent('[data-uplift="applied"]')).trim(),
        'Uppräkning 2,3 % tillämpad på 5 celler: +35 853 tkr. Ångra med Ctrl+Z.',
      );
      assert.equal(await page.isDisabled('#uplift-apply'), true, 'not ready to apply again at once');
      // Asking for a new preview shows the next uplift, from the raised figures.
      await page.click('#uplift-again');
      await page.waitForSelector('#uplift-apply:not([disabled])');
      assert.equal(await page.textContent('[data-preview-total="uplift"]'), '36 678');

      // Applied once: 1 558 823 + 35 853, not raised a second time (1 631 500).
      await showTable(page, 'drift');
      assert.equal(await page.textContent(TOTAL), '1 594 676');
      const figures = await driftFigures(page);
      assert.ok(figures.length >= 20, `${figures.length} cells read`);
      // Percentages (Förändring %) have one decimal by design; amounts none.
      const fractional = figures.filter((f) => /\d,\d/.test(f.text) && !f.text.endsWith('%'));
      assert.deepEqual(fractional, [], 'no figure has a decimal part');
      assert.equal(
        await page.inputValue('td[data-cell="drift/vard-och-omsorg-om-aldre/budget-2026"] input'),
        '840 406',
      );
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
