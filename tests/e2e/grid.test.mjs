// Spreadsheet ergonomics: keyboard-only editing, block paste and copy with one-step undo, and a
// follow-up table built from the interim-report template.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage,
  paste,
  screenshot,
  serveApp,
  showTable,
  showView,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const text = (page, id) => page.textContent(cell(id));
const waitText = (page, id, expected) =>
  page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent === want,
    [cell(id), expected],
  );
const active = (page) =>
  page.evaluate(() => ({
    nav: document.activeElement?.getAttribute('data-nav'),
    label: document.activeElement?.getAttribute('aria-label'),
    value: document.activeElement?.value,
  }));

describe('spreadsheet grid', () => {
  const app = serveApp();



  test('keyboard only: edit three cells, cancel one, undo, and check the total', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      assert.equal(await page.getAttribute('section[data-table="resultatrakning"] table', 'role'), 'grid');
      await page.focus(`${cell('resultatrakning/personal/budget-2026')} input`);
      assert.deepEqual(await active(page), { nav: '1:3', label: 'Personal, Budget 2026', value: '-896 017' });

      await page.keyboard.type('-900 000');
      await page.keyboard.press('Enter'); // commits and moves down to Lokaler
      assert.equal((await active(page)).label, 'Lokaler, Budget 2026');
      await page.keyboard.type('-120 000');
      await page.keyboard.press('Tab'); // commits and moves right, onto the computed change
      assert.equal((await active(page)).nav, '2:4');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowDown');
      assert.equal((await active(page)).label, 'Bidrag kostnader, Budget 2026');
      await page.keyboard.type('-1');
      await page.keyboard.press('Escape'); // cancels the typing
      assert.equal((await active(page)).value, '-56 695');
      await page.keyboard.press('F2');
      await page.keyboard.press('Backspace'); // while editing, Backspace edits the text
      await page.keyboard.press('Backspace');
      await page.keyboard.type('00');
      await page.keyboard.press('Enter');
      // −900 000 − 120 000 − 56 600 − 676 783 − 749 672
      await waitText(page, 'resultatrakning/verksamhetens-kostnader/budget-2026', '-2 503 055');
      assert.equal(await page.inputValue(`${cell('resultatrakning/bidrag-kostnader/budget-2026')} input`), '-56 600');

      await page.keyboard.press('Control+z');
      await waitText(page, 'resultatrakning/verksamhetens-kostnader/budget-2026', '-2 503 150');
      await page.keyboard.press('Control+y');
      await waitText(page, 'resultatrakning/verksamhetens-kostnader/budget-2026', '-2 503 055');

      assert.equal((await active(page)).label, 'Köp av verksamhet, Budget 2026');
      await page.keyboard.press('Delete'); // clears the cell: no figure, not zero
      await waitText(page, 'resultatrakning/verksamhetens-kostnader/budget-2026', '-1 826 272');
      await page.keyboard.press('Control+Home');
      assert.equal((await active(page)).nav, '0:0');
      await page.keyboard.press('End');
      assert.equal((await active(page)).nav, '0:5');
      tab.assertNoPageErrors();
      await screenshot(page, 'grid-keyboard');
    } finally {
      await tab.close();
    }
  });

  test('paste a 3×4 block from Excel, copy a block back, undo the paste in one step', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await page.focus(`${cell('resultatrakning/personal/bokslut-2024')} input`);
      await paste(page, '-1 000\t-2 000\t−3 000\t-4 000,5\r\n-10\t-20\t-30\t-40\r\n1 064\t12,5\t-\t7\r\n');
      await waitText(page, 'resultatrakning/personal/forandring', '-2 001');
      assert.equal(await page.inputValue(`${cell('resultatrakning/personal/budget-2026')} input`), '-4 000,5');
      assert.equal(await page.inputValue(`${cell('resultatrakning/lokaler/prognos-2025')} input`), '-30');
      assert.equal(await page.inputValue(`${cell('resultatrakning/bidrag-kostnader/prognos-2025')} input`), '');
      // Bokslut 2024 costs: −1 000 − 10 + 1 064 − 572 142 − 868 799
      assert.equal(await text(page, 'resultatrakning/verksamhetens-kostnader/bokslut-2024'), '-1 440 887');

      // Shift+arrows select a block; copy gives TSV for Swedish Excel.
      await page.focus(`${cell('resultatrakning/personal/budget-2026')} input`);
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowRight');
      const copied = await page.evaluate(() => {
        const dt = new DataTransfer();
        document.activeElement.dispatchEvent(
          new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }),
        );
        return dt.getData('text/plain');
      });
      // Budget 2026 and Förändring (new − old) of Personal and Lokaler.
      assert.equal(copied, '-4000,5\t-2000,5\r\n-40\t-20\r\n');

      await undoButton(page).click(); // Ångra: the whole paste at once
      await waitText(page, 'resultatrakning/verksamhetens-kostnader/bokslut-2024', '-2 506 883');
      assert.equal(await page.inputValue(`${cell('resultatrakning/personal/budget-2026')} input`), '-896 017');
      assert.equal(await page.inputValue(`${cell('resultatrakning/bidrag-kostnader/prognos-2025')} input`), '-61 254');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a paste beyond the last row asks before adding rows', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showTable(page, 'volymer');
      await page.focus(`${cell('volymer/lokalvardskostnader-redan-i-budget-2025/belopp')} input`);
      await paste(page, '-2 530\n1 000\n2 000\n');
      const dialog = page.locator('section[data-table="volymer"] .confirm');
      await dialog.waitFor();
      assert.match(await dialog.textContent(), /behöver 2 rader/);
      await dialog.locator('button', { hasText: 'Lägg till rader' }).click();
      await waitText(page, 'volymer/summa/belopp', '27 770');
      assert.equal(await page.locator('section[data-table="volymer"] tbody tr').count(), 6);
    } finally {
      await tab.close();
    }
  });

  test('an interim report from its template computes deviations per column group', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      // A table is added in the tools view; it gets a view of its own.
      await showView(page, 'verktyg');
      await page.selectOption('form.add-table select', 'delarsrapport');
      await page.click('form.add-table button');
      await page.waitForSelector('nav.views a[data-view="tabell-delarsrapport"]');
      await showTable(page, 'delarsrapport');
      const section = page.locator('section[data-table="delarsrapport"]');
      await section.waitFor();
      assert.deepEqual(
        (await section.locator('tr.groups th.group').allTextContents()),
        ['HELÅR', 'PERIOD JANUARI–MARS'],
      );
      assert.match(await section.locator('h2').textContent(), /mnkr/);
      const type = async (row, column, value) => {
        await page.fill(`${cell(`delarsrapport/${row}/${column}`)} input`, value);
        await page.press(`${cell(`delarsrapport/${row}/${column}`)} input`, 'Enter');
      };
      await type('personal', 'helar-budget', '-850');
      await type('personal', 'helar-prognos', '-862,5');
      await type('taxor-och-avgifter', 'helar-budget', '40');
      await type('taxor-och-avgifter', 'helar-prognos', '=40*1,05');
      await type('personal', 'period-januari-mars-budget', '-210');
      await type('personal', 'period-januari-mars-utfall', '-214,5');
      await waitText(page, 'delarsrapport/personal/period-januari-mars-avvikelse', '-4,5');
      // Signed income statement: Prognos − Budget; overspending is negative.
      assert.equal(await text(page, 'delarsrapport/personal/helar-avvikelse'), '-12,5');
      assert.equal(await text(page, 'delarsrapport/taxor-och-avgifter/helar-avvikelse'), '2,0');
      assert.equal(await text(page, 'delarsrapport/resultat/helar-avvikelse'), '-10,5');
      assert.equal(await text(page, 'delarsrapport/resultat/helar-prognos'), '-820,5');
      // Typed figures show the table's one decimal, like the sums beside them.
      assert.equal(await page.inputValue(`${cell('delarsrapport/personal/helar-budget')} input`), '-850,0');
      // The formula shows its value and keeps its text for editing.
      const formula = page.locator(`${cell('delarsrapport/taxor-och-avgifter/helar-prognos')} input`);
      assert.equal(await formula.inputValue(), '42,0');
      await formula.focus();
      assert.equal(await formula.inputValue(), '=40*1,05');
      tab.assertNoPageErrors();
      await screenshot(page, 'interim-report');
    } finally {
      await tab.close();
    }
  });
});
