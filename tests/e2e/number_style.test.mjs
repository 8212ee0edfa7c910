// A reader who prefers English figures: the number-format menu writes every figure the English
// way and reads typed ones the same way, while files stay exact and the choice is remembered.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseNumberStyle,
  downloadFromFileMenu,
  newPage,
  serveApp,
  showTable,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const textIs = (page, selector, text) =>
  page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent === want,
    [selector, text],
  );

describe('number format', () => {
  const app = serveApp();

  test('English figures on screen and in typing; Swedish in files; remembered', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showTable(page, 'drift');
      const total = cell('drift/arets-resultat/budget-2026');
      assert.equal(await page.textContent(total), '1 558 823');
      assert.equal(await page.inputValue('#number-style'), 'sv');

      await chooseNumberStyle(page, 'en');
      await textIs(page, total, '1,558,823');
      assert.equal(await page.textContent(cell('drift/arets-resultat/forandring-procent')), '6.1 %');
      // The language is a separate choice: the interface is still Swedish.
      assert.equal(await page.getAttribute('html', 'lang'), 'sv');

      await showTable(page, 'resultatrakning');
      const personal = page.locator(`${cell('resultatrakning/personal/budget-2026')} input`);
      await personal.fill('-900,000.5');
      await personal.press('Enter');
      await textIs(page, cell('resultatrakning/verksamhetens-kostnader/budget-2026'), '-2,500,356');
      assert.equal(await personal.inputValue(), '-900,000.5');

      // What is no figure in either style is kept as typed, with the reason.
      const premises = page.locator(`${cell('resultatrakning/lokaler/budget-2026')} input`);
      await premises.fill('12a');
      await premises.press('Enter');
      await page.waitForSelector(`${cell('resultatrakning/lokaler/budget-2026')} input[aria-invalid="true"]`);
      await undoButton(page).click();
      await page.waitForSelector(`${cell('resultatrakning/lokaler/budget-2026')} input:not([aria-invalid])`);

      const json = await downloadFromFileMenu(page, '#export-json');
      assert.ok(json.bytes.toString('utf8').includes('"-900000.5"'), 'the file holds the exact figure');

      await page.reload();
      await waitForAppReady(page);
      assert.equal(await page.inputValue('#number-style'), 'en');
      await textIs(page, cell('resultatrakning/verksamhetens-kostnader/budget-2026'), '-2,500,356');

      await chooseNumberStyle(page, 'sv');
      await showTable(page, 'drift');
      await textIs(page, total, '1 558 823');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
