// No data loss: a full browser storage never destroys the previous autosave (the page says the
// work could not be saved and asks for a scenario file; the stored work is unchanged and loads
// after a reload), and a crash of the app shows a panel that downloads the open work as a
// valid scenario file (`?krasch=1` makes the first edit panic on purpose, see src/platform/crash.rs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  captureDownloadFile,
  newPage,
  screenshot,
  serveApp,
  waitForAppReady,
} from './harness.mjs';

const STORAGE_KEY = 'kalkyl.scenarier';
const cell = (id) => `td[data-cell="${id}"]`;
const PERSONAL = `${cell('resultatrakning/personal/budget-2026')} input`;
const LOKALER = `${cell('resultatrakning/lokaler/budget-2026')} input`;
const KOSTNADER = cell('resultatrakning/verksamhetens-kostnader/budget-2026');

async function edit(page, selector, value) {
  const input = page.locator(selector);
  await input.fill(value);
  await input.press('Enter');
}

describe('no data loss', () => {
  const app = serveApp();

  test('a full browser storage keeps the previous autosave whole; it loads after a reload', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await edit(page, PERSONAL, '-900 000,5');
      // Autosave runs once typing pauses.
      await page.waitForFunction((key) => localStorage.getItem(key)?.includes('"-900000.5"'), STORAGE_KEY);
      const saved = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
      const savedKostnader = await page.textContent(KOSTNADER);

      // Fill the origin's storage to the last character: big strings, then ever smaller ones.
      const filled = await page.evaluate(() => {
        let n = 0;
        let chunk = 1 << 22;
        while (chunk >= 1) {
          try {
            localStorage.setItem(`kalkyl.test.fyllnad.${n}`, 'x'.repeat(chunk));
            n += 1;
          } catch {
            chunk = Math.floor(chunk / 2);
          }
        }
        return n;
      });
      assert.ok(filled > 0);

      // The next edit cannot be stored: the page says so and asks for a scenario file.
      await edit(page, LOKALER, '-117 206');
      await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('kunde inte sparas i webbläsaren'));
      const notice = await page.textContent('.notice');
      assert.match(notice, /Arbetet kunde inte sparas i webbläsaren .*Spara scenariofil för att inte förlora det\./, notice);
      await screenshot(page, 'safety-storage-full');
      // The failed write left the previous save exactly as it was.
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), saved);

      // Room again, then reload: the stored work (the first edit, not the second) comes back.
      await page.evaluate(() => {
        for (const key of Object.keys(localStorage)) {
          if (key.startsWith('kalkyl.test.fyllnad.')) localStorage.removeItem(key);
        }
      });
      await page.reload();
      await waitForAppReady(page);
      assert.equal(await page.inputValue(PERSONAL), '-900 000,5');
      assert.equal(await page.textContent(KOSTNADER), savedKostnader);
      assert.equal(await page.locator('.notice').count(), 0, 'the stored work loads without complaint');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a crash shows a panel that downloads the open work as a scenario file', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(`${app.server.url}?krasch=1`);
      await waitForAppReady(page);
      await edit(page, PERSONAL, '-900 000,5');
      const panel = page.locator('#crash-panel.crash-panel[role="alert"]');
      await panel.waitFor();
      const text = await panel.textContent();
      assert.match(text, /Kalkyl har stannat/);
      assert.match(text, /Ditt arbete finns kvar/);
      assert.match(text, /Your work is still here/);
      assert.match(text, /Ladda sedan om sidan \(F5\)/);
      assert.match(text, /Then reload the page \(F5\)/);
      // Styled by the stylesheet (no inline style is allowed): fixed over the page.
      assert.equal(await panel.evaluate((el) => getComputedStyle(el).position), 'fixed');
      assert.equal(await panel.evaluate((el) => el.hasAttribute('style')), false);
      await screenshot(page, 'safety-crash-panel');

      const link = panel.locator('a.crash-download');
      assert.equal(await link.textContent(), 'Ladda ner mitt arbete / Download my work');
      assert.match(await link.getAttribute('href'), /^blob:/);
      const file = await captureDownloadFile(page, () => link.click());
      assert.equal(file.filename, 'kalkyl-räddat-arbete.kalkyl.json');
      const scenario = JSON.parse(file.bytes.toString('utf8'));
      assert.equal(scenario.format, 'kalkyl-scenario');
      assert.equal(scenario.version, 2);
      const personal = scenario.workbook.tables
        .find((t) => t.id === 'resultatrakning')
        .rows.find((r) => r.id === 'personal');
      // The edit that was being made when the app stopped is in the file.
      assert.deepEqual(personal.cells['budget-2026'], { number: '-900000.5' });
      // The panic reached the page as an error: that is the crash, and the only one.
      assert.ok(tab.pageErrors.length >= 1);
    } finally {
      await tab.close();
    }
  });
});
