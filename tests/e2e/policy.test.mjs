// Page policy: the built page carries its Content-Security-Policy (scripts/csp.mjs) as a meta
// tag, a full journey (edit, export CSV and the scenario file, open the import panel, undo, the
// virtualized 10 000-row table) runs without a single CSP violation, console error or request
// outside the page's origin, and the one-file edition runs under its own policy from file://.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIST_DIR,
  captureDownloadFile,
  downloadFromFileMenu,
  newPage,
  serveApp,
  showTable,
  showView,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;

/** The CSP meta tag's policy in `html`, or undefined. */
function metaPolicy(html) {
  return html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
}

/** Records `securitypolicyviolation` events from before any page script runs. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => page.evaluate(() => window.__cspViolations);
}

describe('page policy', () => {
  const app = serveApp();

  test('dist/index.html carries the CSP meta tag, own origin only, loader by hash', async () => {
    const html = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8');
    const policy = metaPolicy(html);
    assert.ok(policy, 'CSP meta tag missing from dist/index.html');
    // Two inline scripts: Trunk's loader and the XLSX module's (index.html).
    assert.match(policy, /^default-src 'none'; script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){2};/);
    assert.match(policy, /; style-src 'self';/);
    assert.doesNotMatch(policy, /https?:|\*|'unsafe-eval'|'unsafe-inline'|style-src-attr/);
    // The meta tag comes before every script it governs.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'));
  });

  test('a full journey runs without CSP violations, console errors or external requests', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    const violations = await recordViolations(page);
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      const total = cell('resultatrakning/verksamhetens-kostnader/budget-2026');
      const totalBefore = await page.textContent(total);
      // Edit two cells.
      const personal = page.locator(`${cell('resultatrakning/personal/budget-2026')} input`);
      await personal.fill('-900 000');
      await personal.press('Enter');
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent === '-2 500 355',
        cell('resultatrakning/verksamhetens-kostnader/budget-2026'),
      );
      const lokaler = page.locator(`${cell('resultatrakning/lokaler/budget-2026')} input`);
      await lokaler.fill('=117205+1');
      await lokaler.press('Enter');
      // Export CSV and the scenario file, from the file menu.
      const csv = await downloadFromFileMenu(page, '#export-csv-sv');
      assert.match(csv.filename, /\.csv$/);
      const json = await downloadFromFileMenu(page, '#export-json');
      assert.equal(JSON.parse(json.bytes.toString('utf8')).format, 'kalkyl-scenario');
      // Every view of the shell is drawn under the policy.
      for (const code of await page.$$eval('nav.views a[data-view]', (as) => as.map((a) => a.dataset.view))) {
        await showView(page, code);
      }
      // Open the import panel with a CSV, then undo the edits.
      await showView(page, 'import');
      await page.setInputFiles('#import-file', {
        name: 'liten.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Liten tabell, tkr;Budget\r\nA;1\r\nB;2\r\n', 'utf8'),
      });
      await page.locator('[data-import="preview"]').waitFor();
      await undoButton(page).click();
      await undoButton(page).click();
      await showTable(page, 'resultatrakning');
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(sel)?.textContent === text,
        [total, totalBefore],
      );
      assert.deepEqual(await violations(), [], 'CSP violations');
      assert.deepEqual(tab.consoleErrors, [], 'console errors');
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('the 10 000-row workbook (virtualized) runs without CSP violations', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    const violations = await recordViolations(page);
    try {
      // A fresh context: the autosaved work of another would be restored instead.
      await page.goto(`${app.server.url}?prestanda=10000`);
      await waitForAppReady(page, { timeout: 60_000 });
      await page.mouse.wheel(0, 4000);

      assert.equal(await page.locator('section[data-table="detaljbudget"] table').getAttribute('aria-rowcount'), '10102');
      // The virtualized table renders spacer rows (sized without style attributes).
      assert.ok(await page.locator('tr.spacer').count() > 0, 'the virtualized table has spacer rows');
      // ...and still has its full scroll height and its viewport's max-height from the stylesheet.
      // Its viewport fills most of the window below the sticky header, and no more.
      const [scrollHeight, clientHeight, room] = await page
        .locator('section[data-table="detaljbudget"] .scroll.virtual')
        .evaluate((el) => [
          el.scrollHeight,
          el.clientHeight,
          innerHeight - document.querySelector('header.app-header').getBoundingClientRect().height,
        ]);
      assert.ok(scrollHeight >= 10_100 * 32, `scroll height ${scrollHeight}`);
      assert.ok(clientHeight > 0.6 * room && clientHeight <= room, `viewport height ${clientHeight} of ${room} px below the header`);

      assert.deepEqual(await violations(), [], 'CSP violations');
      assert.deepEqual(tab.consoleErrors, [], 'console errors');
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
      // The recorder itself works: an injected inline script is refused and reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = 1;';
        document.body.append(s);
      });
      await page.waitForFunction(() => window.__cspViolations.length > 0);
      assert.match((await violations())[0], /^script-src-elem blocked inline/);
      assert.equal(await page.evaluate(() => window.__injected), undefined);
    } finally {
      await tab.close();
    }
  });

  test('the one-file edition has its own policy and runs under it from file://', async () => {
    const file = path.join(DIST_DIR, 'kalkyl-fristaende.html');
    const html = await readFile(file, 'utf8');
    const policy = metaPolicy(html);
    assert.match(
      policy ?? '',
      /^default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-[^']+'; style-src 'sha256-[^']+'; img-src data:; base-uri 'none'; form-action 'none'$/,
    );
    const context = await app.browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const violations = await recordViolations(page);
    try {
      const url = pathToFileURL(file).href;
      await page.goto(url);
      await waitForAppReady(page);
      const personal = page.locator(`${cell('resultatrakning/personal/budget-2026')} input`);
      await personal.fill('-900 000');
      await personal.press('Enter');
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent === '-2 500 355',
        cell('resultatrakning/verksamhetens-kostnader/budget-2026'),
      );
      // The inlined XLSX module works under the same policy, from file://.
      const { bytes } = await downloadFromFileMenu(page, '#export-xlsx');
      assert.equal(bytes.subarray(0, 2).toString(), 'PK');
      // The page's stylesheet applies (its <style> is allowed by hash).
      assert.notEqual(await page.evaluate(() => document.styleSheets[0]?.cssRules.length ?? 0), 0);
      assert.deepEqual(await violations(), [], 'CSP violations');
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(requests.filter((r) => r !== url && !r.startsWith('data:')), []);
    } finally {
      await context.close();
    }
  });
});
