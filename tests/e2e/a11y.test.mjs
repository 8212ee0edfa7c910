// Accessibility: axe-core (pinned in package.json) finds no serious or critical violation on the
// main views: the default page, a table in 'Redigera struktur' mode, the import preview of a CSV
// chosen through #import-file, and the 10 000-row workbook (?prestanda=10000). No rule is
// disabled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { newPage, serveApp, waitForAppReady } from './harness.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core on the page; fails on any serious or critical violation. */
async function assertAccessible(page, view) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe on ${view}: ${JSON.stringify(serious, null, 2)}`);
  return result;
}

describe('accessibility (axe-core)', () => {
  const app = serveApp();

  test('default page, structure mode and import preview: no serious or critical violations', async () => {
    // axe-core is injected as a script the page's own policy (rightly) refuses: bypass it here.
    const tab = await newPage(app.browser, app.server.url, { bypassCSP: true });
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await assertAccessible(page, 'default page');

      await page
        .locator('section[data-table="resultatrakning"]')
        .getByRole('button', { name: 'Redigera struktur' })
        .click();
      await page.locator('section[data-table="resultatrakning"] button[aria-pressed="true"]').waitFor();
      await assertAccessible(page, "'Redigera struktur' on Resultaträkning");

      await page.setInputFiles('#import-file', {
        name: 'liten.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Liten tabell, tkr;Budget;Utfall\r\nA;1;2\r\nB;2;x\r\n', 'utf8'),
      });
      await page.locator('[data-import="preview"]').waitFor();
      await assertAccessible(page, 'import preview');

      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('10 000-row workbook: no serious or critical violations', async () => {
    // A fresh context: the autosaved work of the test above would be restored instead.
    const tab = await newPage(app.browser, app.server.url, { bypassCSP: true });
    const { page } = tab;
    try {
      await page.goto(`${app.server.url}?prestanda=10000`);
      await waitForAppReady(page, { timeout: 60_000 });
      const table = page.locator('section[data-table="detaljbudget"] table');
      assert.equal(await table.getAttribute('aria-rowcount'), '10102');
      await assertAccessible(page, '10 000-row workbook');
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });
});
