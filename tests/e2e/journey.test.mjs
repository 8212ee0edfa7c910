// The budget officer's first journey: open the plan, change a cost line, see every dependent
// figure and check move, refuse a typo without losing it, and export for Excel and as JSON.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  downloadFromFileMenu,
  newPage,
  screenshot,
  serveApp,
  showTable,
  showView,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const check = (id) => `tr[data-check="${id}"]`;

describe('plan 2026 journey', () => {
  const app = serveApp();



  test('opens on the published plan with its faults flagged', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      const headings = await page.locator('section[data-table="resultatrakning"] thead th').allTextContents();
      assert.deepEqual(headings.slice(1, 5), ['Bokslut 2024', 'Budget 2025', 'Prognos 2025', 'Budget 2026']);
      assert.equal(await page.inputValue(`${cell('resultatrakning/verksamhetens-intakter/bokslut-2024')} input`), '1 064 236');
      // The header says what the checks found, and links to them.
      assert.equal((await page.textContent('header.app-header a#check-status')).trim(), '2 fel · 5 avrundningar');
      await showTable(page, 'drift');
      assert.equal(await page.textContent(cell('drift/arets-resultat/budget-2026')), '1 558 823');
      assert.equal(await page.textContent(cell('drift/arets-resultat/forandring')), '89 572');
      assert.equal(await page.textContent(cell('drift/arets-resultat/forandring-procent')), '6,1 %');
      await showTable(page, 'ramforandringar');
      assert.equal(await page.textContent(cell('ramforandringar/summa/belopp')), '64 841');
      await showView(page, 'overbryggning');
      assert.equal((await page.textContent('tr[data-bridge="remainder"] td')).trim(), '-39');
      // The check status opens the findings.
      await page.click('header.app-header a#check-status');
      await page.waitForSelector('main#main[data-view="kontroller"]');
      // Bokslut 2024 sign slip and the 1 tkr rounding differences of the published figures.
      const status = async (id) => page.getAttribute(check(id), 'class');
      assert.match(await status('kontrollsumma/resultatrakning/arets-resultat/bokslut-2024'), /\berror\b/);
      assert.match(await status('kontrollsumma/resultatrakning/arets-resultat/budget-2026'), /\brounding\b/);
      assert.match(await status('avstamning-beraknad/resultatrakning/arets-resultat/budget-2025'), /\brounding\b/);
      assert.match(await status('avstamning-tryckt/resultatrakning/arets-resultat/bokslut-2024'), /\berror\b/);
      assert.equal(
        await page.textContent('[data-summary="checks"]'),
        '2 fel, 5 avrundningsdifferenser, 16 stämmer',
      );
      tab.assertNoExternalRequests();
      tab.assertNoPageErrors();
      await screenshot(page, 'plan-2026');
    } finally {
      await tab.close();
    }
  });

  test('edit Personal Budget 2026, see totals and checks move, export CSV and JSON', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      const personal = page.locator(`${cell('resultatrakning/personal/budget-2026')} input`);
      await personal.fill('-900 000,5');
      await personal.press('Enter');

      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent === '-2 500 356',
        cell('resultatrakning/verksamhetens-kostnader/budget-2026'),
      );
      assert.equal(await page.textContent(cell('resultatrakning/arets-resultat/budget-2026')), '-1 562 806');
      assert.equal(await personal.inputValue(), '-900 000,5');
      // Income-statement result no longer equals minus the activity total.
      const rec = check('avstamning-beraknad/resultatrakning/arets-resultat/budget-2026');
      await showView(page, 'kontroller');
      assert.match(await page.getAttribute(rec, 'class'), /\berror\b/);
      // −1 562 805,5 against −1 558 823: shown to whole tkr.
      assert.equal((await page.locator(`${rec} td`).nth(4).textContent()).trim(), '-3 983');

      // One CSV export, for Excel, in the file menu.
      const csv = await downloadFromFileMenu(page, '#export-csv-sv');
      assert.match(csv.filename, /\.csv$/);
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
      const text = csv.bytes.toString('utf8');
      assert.ok(text.includes('Personal;-888391;-845648;-905345;-900000,5;'), text);
      assert.ok(text.includes('Verksamhetens kostnader;-2506883;-2497229;-2568259;-2500355,5;'));
      assert.ok(text.includes('\r\n'), 'CRLF records for Excel');

      const json = await downloadFromFileMenu(page, '#export-json');
      const file = JSON.parse(json.bytes.toString('utf8'));
      assert.equal(file.format, 'kalkyl-scenario');
      const rr = file.workbook.tables.find((t) => t.id === 'resultatrakning');
      const row = rr.rows.find((r) => r.id === 'personal');
      assert.deepEqual(row.cells['budget-2026'], { number: '-900000.5' });

      tab.assertNoExternalRequests();
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a typo is refused inline, kept for correction, and totals show the error state', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      const lokaler = page.locator(`${cell('resultatrakning/lokaler/budget-2026')} input`);
      await lokaler.fill('117 2o5');
      await lokaler.press('Enter');
      const message = page.locator(`${cell('resultatrakning/lokaler/budget-2026')} .cell-error`);
      await message.waitFor();
      assert.match(await message.textContent(), /”o”.*position 6/);
      assert.equal(await lokaler.inputValue(), '117 2o5');
      assert.equal(await lokaler.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.textContent(cell('resultatrakning/arets-resultat/budget-2026')), 'fel');
      assert.equal(await page.textContent(cell('resultatrakning/arets-resultat/forandring-procent')), 'fel');
      await screenshot(page, 'invalid-cell');

      await lokaler.fill('−117 205');
      await lokaler.press('Enter');
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent === '-1 558 822',
        cell('resultatrakning/arets-resultat/budget-2026'),
      );
      assert.equal(await message.count(), 0);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
