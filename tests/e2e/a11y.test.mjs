// Accessibility: axe-core (pinned in package.json) finds no violation at all, of any impact, on
// every view of the workbook shell (issue 16): each table, the bridge and allocation, charts,
// checks, tools, scenarios, import and the papers; and in the states a user opens: a table in
// 'Redigera struktur' mode, the import preview of a CSV chosen through #import-file, the open
// file and settings menus, the English interface, and the 10 000-row workbook
// (?prestanda=10000). No rule is disabled. And the keyboard alone gets through every view: Tab
// from load visits the skip links, the header, every view's link and the view itself and comes
// round to the start, Shift+Tab goes back the same way, and no element is reached twice on the
// way (a trap would repeat; WCAG 2.1.2); the skip links land in the view and in the navigation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  chooseLanguage,
  fromFileMenu,
  fromSettings,
  newPage,
  serveApp,
  showTable,
  showView,
  waitForAppReady,
} from './harness.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core on the page; fails on any violation, whatever its impact. */
async function assertAccessible(page, view) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
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
  assert.deepEqual(result, [], `axe on ${view}: ${JSON.stringify(result, null, 2)}`);
}

/** The codes of every view, as the views navigation lists them. */
const viewCodes = (page) => page.$$eval('nav.views a[data-view]', (as) => as.map((a) => a.dataset.view));

describe('accessibility (axe-core)', () => {
  const app = serveApp();

  test('every view, structure mode, the import preview and the menus: no violations', async () => {
    // axe-core is injected as a script the page's own policy (rightly) refuses: bypass it here.
    const tab = await newPage(app.browser, app.server.url, { bypassCSP: true });
    const { page } = tab;
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await assertAccessible(page, 'the default view');
      const codes = await viewCodes(page);
      for (const code of ['overbryggning', 'diagram', 'kontroller', 'verktyg', 'scenarier', 'import', 'utskrift']) {
        assert.ok(codes.includes(code), `no link to the view ${code} in ${codes}`);
      }
      for (const code of codes) {
        await showView(page, code);
        await assertAccessible(page, `the view ${code}`);
      }

      await showTable(page, 'resultatrakning');
      await page
        .locator('section[data-table="resultatrakning"]')
        .getByRole('button', { name: 'Redigera struktur' })
        .click();
      await page.locator('section[data-table="resultatrakning"] button[aria-pressed="true"]').waitFor();
      await assertAccessible(page, "'Redigera struktur' on Resultaträkning");

      await fromFileMenu(page, null, { click: false });
      await assertAccessible(page, 'the open file menu');
      await fromSettings(page);
      await assertAccessible(page, 'the open settings menu');

      await showView(page, 'import');
      await page.setInputFiles('#import-file', {
        name: 'liten.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Liten tabell, tkr;Budget;Utfall\r\nA;1;2\r\nB;2;x\r\n', 'utf8'),
      });
      await page.locator('[data-import="preview"]').waitFor();
      await assertAccessible(page, 'import preview');

      // In English, every view again (the labels change length and language).
      await chooseLanguage(page, 'en');
      for (const code of codes) {
        await showView(page, code);
        await assertAccessible(page, `the view ${code} in English`);
      }

      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('keyboard only: in every view Tab comes back round with no trap; skip links land', async () => {
    const tab = await newPage(app.browser, app.server.url, { bypassCSP: true });
    const { page } = tab;
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(app.server.url);
      await waitForAppReady(page);
      // Where focus is: a key naming the element, and the region, table, panel and view link it
      // is in.
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
            // (The views navigation may sit in the header: it counts as the navigation.)
            region: el.closest('.skip-links')
              ? 'skip-links'
              : el.closest('nav.views')
                ? 'nav'
                : el.closest('header.app-header')
                  ? 'header'
                  : el.closest('main#main')
                    ? 'main'
                    : 'other',
            table: el.closest('section[data-table]')?.dataset.table ?? null,
            panel: el.closest('[data-panel]')?.dataset.panel ?? null,
            view: el.closest('nav.views a[data-view]')?.dataset.view ?? null,
          };
        });
      /** Presses `key` until focus is back where it started; fails on any repeat before that. */
      async function round(key) {
        const start = await where();
        const seen = new Set([start.key]);
        const visited = { regions: new Set(), tables: new Set(), panels: new Set(), views: new Set() };
        const note = (at) => {
          visited.regions.add(at.region);
          visited.tables.add(at.table);
          visited.panels.add(at.panel);
          visited.views.add(at.view);
        };
        note(start);
        for (let presses = 1; presses <= 1500; presses += 1) {
          await page.keyboard.press(key);
          const at = await where();
          if (at.key === start.key) return { presses, ...visited };
          if (at.key !== 'body') {
            assert.ok(!seen.has(at.key), `${key} came back to ${at.key} before the round ended (a trap)`);
          }
          seen.add(at.key);
          note(at);
        }
        assert.fail(`${key} did not come round in 1 500 presses`);
      }

      const codes = await viewCodes(page);
      for (const code of codes) {
        await showView(page, code);
        // What the view holds: its tables and the panels with something to press.
        const holds = await page.evaluate(() => ({
          tables: [...document.querySelectorAll('main#main section[data-table]')]
            .filter((s) => s.querySelector('[tabindex="0"], input, button'))
            .map((s) => s.dataset.table),
          panels: [...document.querySelectorAll('main#main [data-panel]')]
            .filter((s) => s.querySelector('a[href], button, input, select, textarea, summary, [tabindex="0"]'))
            .map((s) => s.dataset.panel),
          // The papers are to read and print: nothing in them takes Tab (the skip link still
          // lands on their first heading).
          controls: !!document.querySelector('main#main :is(a[href], button, input, select, textarea, summary, [tabindex="0"])'),
        }));
        await page.focus('.skip-links a'); // the first skip link: where the round starts and ends
        for (const key of ['Tab', 'Shift+Tab']) {
          const visited = await round(key);
          for (const region of ['skip-links', 'header', 'nav', ...(holds.controls ? ['main'] : [])]) {
            assert.ok(visited.regions.has(region), `${code}: ${key} never reached the ${region}`);
          }
          for (const c of codes) assert.ok(visited.views.has(c), `${code}: ${key} never reached the link to ${c}`);
          for (const t of holds.tables) assert.ok(visited.tables.has(t), `${code}: ${key} never reached the table ${t}`);
          for (const p of holds.panels) assert.ok(visited.panels.has(p), `${code}: ${key} never reached the panel ${p}`);
          assert.ok(visited.presses < 400, `${code}: ${visited.presses} presses of ${key} for one round`);
        }

        // "Till innehållet" lands in the view, and Tab goes on from there; "Till navigeringen"
        // lands in the views navigation.
        await page.focus('.skip-links a');
        assert.match(await page.evaluate(() => document.activeElement.textContent), /^Till innehållet/);
        await page.keyboard.press('Enter');
        const into = await where();
        assert.equal(into.region, 'main', `${code}: the skip link to the content lands in it (${into.key})`);
        await page.keyboard.press('Tab');
        assert.notEqual((await where()).key, into.key, `${code}: Tab goes on from the content`);
        const toNav = page.locator('.skip-links a', { hasText: 'Till navigeringen' });
        await toNav.focus();
        await page.keyboard.press('Enter');
        assert.equal((await where()).region, 'nav', `${code}: the skip link to the navigation lands in it`);
      }
      await assertAccessible(page, 'the page after the keyboard rounds');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('10 000-row workbook: no violations', async () => {
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
