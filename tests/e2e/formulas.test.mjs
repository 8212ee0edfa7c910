// Formulas an Excel user types, and the sign of a change in percent (issue 13, items 8 and 9):
// a change in percent has the sign of the change on a cost row; `=SUMMA(…;…)` adds; a cell
// address, a label without brackets or a misspelt label is answered with the row syntax and the
// row the user most likely meant, never with "a row that does not exist" or "character a".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, serveApp, waitForAppReady } from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const input = (id) => `${cell(id)} input`;
const OTHER = 'resultatrakning/ovrigt/budget-2026';
const text = (page, id) => page.textContent(cell(id));

describe('formulas and changes read as an Excel user expects', () => {
  const app = serveApp();

  async function open() {
    const tab = await newPage(app.browser, app.server.url);
    await tab.page.setViewportSize({ width: 1366, height: 768 });
    await tab.page.goto(app.server.url);
    await waitForAppReady(tab.page);
    return tab;
  }

  /** Types `typed` into a cell as a user would, and leaves it with Enter. */
  async function enter(page, id, typed) {
    await page.click(input(id));
    await page.keyboard.type(typed, { delay: 20 });
    await page.keyboard.press('Enter');
  }

  /** The message under a refused formula. */
  async function message(page, id) {
    const error = `${cell(id)} .cell-error`;
    await page.waitForSelector(error);
    return page.textContent(error);
  }

  test('a change in percent has the sign of the change, on cost and income rows alike', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      for (const row of ['personal', 'lokaler', 'verksamhetens-intakter', 'arets-resultat']) {
        const change = (await text(page, `resultatrakning/${row}/forandring`)).trim();
        const percent = (await text(page, `resultatrakning/${row}/forandring-procent`)).trim();
        const negative = (s) => /^[-−]/.test(s);
        assert.ok(change && percent, `${row}: ${change} / ${percent}`);
        assert.equal(negative(percent), negative(change), `${row}: ${change} and ${percent}`);
      }
      // Personal: −50 369 tkr on a cost base of −835 776 tkr is a 6,0 % larger cost.
      assert.equal((await text(page, 'resultatrakning/personal/forandring')).trim(), '-50 369');
      assert.match((await text(page, 'resultatrakning/personal/forandring-procent')).trim(), /^[-−]6,0\s%$/);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('SUMMA adds rows and numbers; mistakes are answered with the row syntax', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      await enter(page, OTHER, '=SUMMA(1;2)');
      assert.equal(await page.inputValue(input(OTHER)), '3');

      await enter(page, OTHER, '=B3*2');
      let said = await message(page, OTHER);
      assert.match(said, /formeln/);
      assert.match(said, /celladress/);
      assert.match(said, /\[Köp av verksamhet\]/, said);
      assert.doesNotMatch(said, /rad som inte finns/);

      await enter(page, OTHER, '=Köp av verksamhet*0,1');
      said = await message(page, OTHER);
      assert.match(said, /hakparenteser: \[Köp av verksamhet\]/, said);
      assert.doesNotMatch(said, /oväntat tecken/);

      await enter(page, OTHER, '=[Köp av verksamhe]*0,1');
      said = await message(page, OTHER);
      assert.match(said, /menade du \[Köp av verksamhet\]\?/, said);

      // The row syntax and SUMMA over named rows give the figure (Personal + Lokaler).
      const personal = 'resultatrakning/personal/budget-2026';
      const premises = 'resultatrakning/lokaler/budget-2026';
      const sum = [await page.inputValue(input(personal)), await page.inputValue(input(premises))]
        .map((s) => Number(s.replace(/\s/g, '').replace('−', '-')))
        .reduce((a, b) => a + b);
      await enter(page, OTHER, '=SUMMA([Personal];[Lokaler])');
      await page.waitForSelector(`${cell(OTHER)} .cell-error`, { state: 'detached' });
      assert.equal(Number((await page.inputValue(input(OTHER))).replace(/\s/g, '').replace('−', '-')), sum);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
