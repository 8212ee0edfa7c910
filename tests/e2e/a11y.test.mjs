// Accessibility: axe-core (pinned in package.json) finds no serious or critical violation on the
// main views: the default page, a table in 'Redigera struktur' mode, the import preview of a CSV
// chosen through #import-file, and the 10 000-row workbook (?prestanda=10000). No rule is
// disabled. And the keyboard alone gets through the whole page: Tab from load visits every
// table and panel and comes round to the start, Shift+Tab goes back the same way, and no
// element is reached twice on the way (a trap would repeat; WCAG 2.1.2).
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

  test('keyboard only: Tab visits every table and panel and comes back round, no trap', async () => {
    const tab = await newPage(app.browser, app.server.url, { bypassCSP: true });
    const { page } = tab;
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(app.server.url);
      await waitForAppReady(page);
      const regions = await page.evaluate(() => ({
        tables: [...document.querySelectorAll('section[data-table]')].map((s) => s.dataset.table),
        panels: [...document.querySelectorAll('[data-panel]')].map((s) => s.dataset.panel),
        interactive: [...document.querySelectorAll('[data-panel]')]
          .filter((s) => s.querySelector('a[href], button, input, select, textarea, summary, [tabindex="0"]'))
          .map((s) => s.dataset.panel),
      }));
      assert.ok(regions.tables.length >= 5 && regions.panels.length >= 5, JSON.stringify(regions));
      // Where focus is: a key naming the element, and the table and panel it is in.
      const where = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return { key: 'body' };
          const path = [];
          for (let e = el; e && e !== document.body; e = e.parentElement) {
            path.unshift(`${e.tagName}:${[...(e.parentElement?.children ?? [])].indexOf(e)}`);
          }
          return {
            key: path.join('/'),
            table: el.closest('section[data-table]')?.dataset.table ?? null,
            panel: el.closest('[data-panel]')?.dataset.panel ?? null,
          };
        });
      /** Presses `key` until focus is back where it started; fails on any repeat before that. */
      async function round(key) {
        const start = await where();
        const seen = new Set([start.key]);
        const tables = new Set([start.table]);
        const panels = new Set([start.panel]);
        for (let presses = 1; presses <= 1500; presses += 1) {
          await page.keyboard.press(key);
          const at = await where();
          if (at.key === start.key) return { presses, tables, panels };
          if (at.key !== 'body') {
            assert.ok(!seen.has(at.key), `${key} came back to ${at.key} before the round ended (a trap)`);
          }
          seen.add(at.key);
          tables.add(at.table);
          panels.add(at.panel);
        }
        assert.fail(`${key} did not come round in 1 500 presses`);
      }
      await page.keyboard.press('Tab'); // the first skip link: where the round starts and ends
      for (const key of ['Tab', 'Shift+Tab']) {
        const { presses, tables, panels } = await round(key);
        for (const t of regions.tables) assert.ok(tables.has(t), `${key} never reached the table ${t}`);
        for (const p of regions.interactive) assert.ok(panels.has(p), `${key} never reached the panel ${p}`);
        assert.ok(presses < 400, `${presses} presses of ${key} for one round of the page`);
      }
      // Every table and panel (a read-only one too) has a skip link that takes focus into it,
      // and Tab goes on from there.
      for (const [kind, id] of [
        ...regions.tables.map((t) => ['table', t]),
        ...regions.panels.map((p) => ['panel', p]),
      ]) {
        await page.focus('.skip-links a');
        for (let i = 0; i < 40; i += 1) {
          const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
          if (href === (kind === 'table' ? `#tabell-${id}` : `#${id}`)) break;
          await page.keyboard.press('Tab');
        }
        await page.keyboard.press('Enter');
        const at = await where();
        assert.equal(kind === 'table' ? at.table : at.panel, id, `the skip link to ${id} lands in it`);
        await page.keyboard.press('Tab');
        assert.notEqual((await where()).key, at.key, `Tab goes on from ${id}`);
      }
      await assertAccessible(page, 'the page after a keyboard round');
      tab.assertNoPageErrors();
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
