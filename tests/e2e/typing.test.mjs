// No silent wrong figures (issue 13): typing into a clicked cell replaces it as in Excel, text
// that arrives as one insertion is not lost, the keyboard is never trapped in a table, printed
// totals take part in arrow navigation, a refused cell's message keeps the keyboard on the cell,
// undo works wherever focus is, and a share link pasted into an open tab is not ignored.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, serveApp, showTable, showView, waitForAppReady } from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const input = (id) => `${cell(id)} input`;
const ELDERLY = 'drift/vard-och-omsorg-om-aldre/budget-2026';
const active = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      nav: el?.getAttribute('data-nav') ?? null,
      printed: el?.getAttribute('data-printed') ?? null,
      table: el?.closest('section[data-table]')?.getAttribute('data-table') ?? null,
      tag: el?.tagName,
      value: el?.value,
      text: el?.textContent,
    };
  });
/** The cell below `id` in the same column (the next row of its table). */
const cellBelow = (page, id) =>
  page.evaluate((sel) => {
    const td = document.querySelector(sel);
    const column = [...td.parentElement.children].indexOf(td);
    let tr = td.parentElement.nextElementSibling;
    while (tr && !tr.hasAttribute('data-row')) tr = tr.nextElementSibling;
    return tr.children[column].getAttribute('data-cell');
  }, cell(id));
/** A human's pause between two single clicks, longer than a double-click. */
const pause = (page) => page.waitForTimeout(600);

describe('typing and the keyboard behave like Excel', () => {
  const app = serveApp();

  /** A fresh page at 1366×768, showing the table `table` (default: Drift per verksamhet). */
  async function open(table = 'drift') {
    const tab = await newPage(app.browser, app.server.url);
    await tab.page.setViewportSize({ width: 1366, height: 768 });
    await tab.page.goto(app.server.url);
    await waitForAppReady(tab.page);
    if (table) await showTable(tab.page, table);
    return tab;
  }

  test('a single click then typing replaces the figure, also on the cell Enter moved to', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      const next = await cellBelow(page, ELDERLY);
      await page.click(input(ELDERLY));
      await page.keyboard.type('816 511', { delay: 30 });
      await page.keyboard.press('Enter');
      assert.equal((await active(page)).nav, await page.getAttribute(input(next), 'data-nav'));
      await pause(page);
      await page.click(input(next)); // already has focus: the click puts a caret in the text
      await page.keyboard.type('620 614', { delay: 30 });
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(input(ELDERLY)), '816 511');
      assert.equal(await page.inputValue(input(next)), '620 614');

      // A formula typed after a second click is the whole content, not appended to the figure.
      await page.click(input(next));
      await pause(page);
      await page.click(input(next));
      await page.keyboard.type('=1200*1,023', { delay: 30 });
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(input(next)), '1 228');
      await page.focus(input(next));
      assert.equal(await page.inputValue(input(next)), '=1200*1,023');

      // A double-click edits in place, with the caret at the end.
      await page.keyboard.press('Escape');
      await page.click(input(ELDERLY), { clickCount: 2 });
      await page.keyboard.press('Backspace');
      await page.keyboard.type('0', { delay: 30 });
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(input(ELDERLY)), '816 510');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('text that arrives as one insertion (AltGr, IME, automation) replaces the figure', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      await page.click(input(ELDERLY));
      await page.keyboard.insertText('\u22124 482');
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(input(ELDERLY)), '-4 482');
      // The first character inserted, the rest typed.
      await page.click(input(ELDERLY));
      await page.keyboard.insertText('\u2212');
      await page.keyboard.type('117 205', { delay: 30 });
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(input(ELDERLY)), '-117 205');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('skip links lead into a table, Tab leaves it, printed totals take arrows', async () => {
    const tab = await open(null); // the default view: the income statement
    const { page } = tab;
    try {
      await page.keyboard.press('Tab');
      let at = await active(page);
      assert.equal(at.tag, 'A');
      assert.match(at.text, /^Till innehållet/);
      await page.keyboard.press('Enter');
      at = await active(page);
      assert.equal(at.table, 'resultatrakning');
      assert.ok(at.nav, 'the skip link lands on a cell');

      // Tab moves along the row, then out of the table (no keyboard trap).
      let presses = 0;
      while ((await active(page)).table === 'resultatrakning' && presses < 20) {
        await page.keyboard.press('Tab');
        presses += 1;
      }
      assert.notEqual((await active(page)).table, 'resultatrakning', 'Tab never left the table');
      assert.ok(presses <= 8, `${presses} Tabs to leave the table`);
      await page.keyboard.press('Shift+Tab');
      assert.equal((await active(page)).table, 'resultatrakning', 'Shift+Tab comes back');

      // Printed totals: reachable with the arrows, and the arrows work there.
      const printed = await page.getAttribute('[data-printed]', 'data-printed');
      assert.ok(printed, 'the default scenario has a printed total');
      const [r, c] = printed.split(':').map(Number);
      const table = await page.evaluate(
        (p) => document.querySelector(`[data-printed="${p}"]`).closest('section').dataset.table,
        printed,
      );
      await page.focus(`section[data-table="${table}"] [data-nav="${r}:${c}"]`);
      await page.keyboard.press('ArrowDown');
      assert.equal((await active(page)).printed, printed, 'down from a total reaches its printed figure');
      await page.keyboard.press('ArrowUp');
      assert.equal((await active(page)).nav, `${r}:${c}`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      at = await active(page);
      assert.equal(at.nav, `${r + 1}:${c}`, 'down from a printed figure reaches the next row');
      assert.equal(at.table, table);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a refused figure: its message keeps the keyboard on the cell; undo works anywhere', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      const before = await page.inputValue(input(ELDERLY));
      await page.click(input(ELDERLY));
      await page.keyboard.type('12 3x4', { delay: 30 });
      await page.keyboard.press('Enter');
      const error = `${cell(ELDERLY)} .cell-error`;
      await page.waitForSelector(error);
      await page.click(error);
      assert.equal((await active(page)).value, '12 3x4', 'focus is on the refused cell');
      await page.keyboard.type('1 234', { delay: 30 });
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(input(ELDERLY)), '1 234');

      // Ctrl+Z after a click on a heading (focus on the page body).
      await page.click('h1');
      await page.keyboard.press('Control+z');
      assert.equal(await page.inputValue(input(ELDERLY)), '12 3x4');
      await page.keyboard.press('Control+z');
      assert.equal(await page.inputValue(input(ELDERLY)), before);
      await page.keyboard.press('Control+y');
      assert.equal(await page.inputValue(input(ELDERLY)), '12 3x4');

      // After a reload the history is still there and Ctrl+Z still works without a cell.
      await page.waitForTimeout(1500); // autosave waits for typing to pause
      await page.reload();
      await waitForAppReady(page);
      await page.keyboard.press('Control+z');
      assert.equal(await page.inputValue(input(ELDERLY)), before);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a share link pasted into the open tab asks before it opens; cut links say so plainly', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      await showView(page, 'scenarier');
      await page.click('#share-link');
      await page.waitForSelector('#share-url');
      const link = await page.inputValue('#share-url');
      const fragment = new URL(link).hash;
      await showTable(page, 'drift');
      await page.click(input(ELDERLY));
      await page.keyboard.type('1', { delay: 30 });
      await page.keyboard.press('Enter');

      // Pasted while a table is on show: the question must show there, not only in the
      // scenarios view (where the user is not).
      await page.evaluate((h) => { location.hash = h; }, fragment);
      await page.waitForSelector('[role="alertdialog"]');
      assert.match(await page.textContent('#confirm-text'), /Länken innehåller/);
      await page.click('#confirm-yes');
      await showTable(page, 'drift');
      await page.waitForFunction(
        ([sel, v]) => { const el = document.querySelector(sel); return el && el.value !== v; },
        [input(ELDERLY), '1'],
      );
      assert.equal(new URL(page.url()).hash, '');

      for (const cut of [0.25, 0.5, 0.75, 0.99]) {
        const short = fragment.slice(0, Math.max(4, Math.floor(fragment.length * cut)));
        await page.evaluate((h) => { location.hash = h; }, short);
        await page.waitForSelector('.notice');
        const notice = await page.textContent('.notice');
        assert.match(notice, /länk/i, notice);
        assert.doesNotMatch(notice, /[a-z][A-Z]|Failed|Error|EOF|line \d/, `internal words in: ${notice}`);
        await page.click('.notice button');
      }
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
