// Issue 13, item 7: a CSV with a comment column and Summa rows. The comments are text, not
// errors; each Summa row is the sum of the rows above it with the file's figure kept as the
// printed total, so a wrong total in the file is flagged by the checks; the preview lets the
// user keep a Summa row as typed figures and read any column as text or skip it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, serveApp, showTable, showView, waitForAppReady } from './harness.mjs';

const CSV = [
  'Import test, tkr;Budget 2026;Kommentar',
  'Äldreomsorg;1 200,5;Ny enhet från mars',
  'Skola;800;',
  'Summa;2 000,5;',
  'Kultur;300;Oförändrat mot i år',
  'Fritid;200;',
  // 300 + 200 is 500: the file's total is wrong.
  'Summa fritid och kultur;550;',
  '',
].join('\r\n');

const TABLE = 'section[data-table="import-test"]';
const check = (row) => `tr[data-check="kontrollsumma/import-test/${row}/k1"]`;

describe('CSV import with comments and sum rows', () => {
  const app = serveApp();

  test('comments are text, Summa rows are sums with printed totals, a wrong total is flagged', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showView(page, 'import');
      await page.setInputFiles('#import-file', {
        name: 'import-test.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(CSV, 'utf8'),
      });
      const preview = page.locator('[data-import="preview"]');
      await preview.waitFor();
      assert.equal(await preview.locator('[data-import="problems"]').textContent(), 'Inga problem hittades.');
      assert.equal(await page.inputValue('select[data-import-use="k2"]'), 'text');
      assert.equal(await page.inputValue('select[data-import-use="k1"]'), 'figures');
      assert.equal(await page.isChecked('input[data-import-sum="r3"]'), true);
      assert.equal(await page.isChecked('input[data-import-sum="r6"]'), true);

      // Declining a sum keeps the row typed; the comment column read as figures gives errors.
      await page.uncheck('input[data-import-sum="r3"]');
      await page.waitForFunction(() => !document.querySelector('input[data-import-sum="r3"]')?.checked);
      await page.selectOption('select[data-import-use="k2"]', 'figures');
      await preview.locator('[data-import="problems"] .summary').waitFor();
      assert.match(await preview.locator('[data-import="problems"] .summary').textContent(), /^2 problem/);
      // Skipping it leaves it out without errors; back to text, and the sum taken again.
      await page.selectOption('select[data-import-use="k2"]', 'skip');
      await page.waitForFunction(() => document.querySelector('[data-import="problems"]')?.textContent === 'Inga problem hittades.');
      await page.selectOption('select[data-import-use="k2"]', 'text');
      await page.check('input[data-import-sum="r3"]');
      await page.waitForFunction(() => document.querySelector('input[data-import-sum="r3"]')?.checked);

      await page.click('#import-accept');
      await page.locator('nav.views a[data-view="tabell-import-test"]').waitFor();
      await showTable(page, 'import-test');
      await page.locator(TABLE).waitFor();
      // The comment is text in the table, the Summa rows are computed sums.
      assert.equal(await page.inputValue(`${TABLE} td[data-cell="import-test/r1/k2"] input`), 'Ny enhet från mars');
      assert.equal((await page.textContent(`${TABLE} td[data-cell="import-test/r3/k1"]`)).trim(), '2 000,5');
      assert.equal((await page.textContent(`${TABLE} td[data-cell="import-test/r6/k1"]`)).trim(), '500,0');
      // The file's figures are kept as the printed totals.
      assert.equal(await page.inputValue(`${TABLE} td[data-cell="import-test/r6/k1/tryckt"] input`), '550,0');
      // The checks compare them: the first agrees, the second is flagged.
      await showView(page, 'kontroller');
      assert.match(await page.getAttribute(check('r6'), 'class'), /\berror\b/);
      assert.match(await page.getAttribute(check('r3'), 'class'), /\bok\b/);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
