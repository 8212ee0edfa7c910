// A 10 000-row detail budget stays usable: only the rows in view are in the DOM, the grid still
// announces its full size, the keyboard reaches rows outside the window, and an edit moves the
// pinned grand total.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage,
  serveApp,
  waitForAppReady,
} from './harness.mjs';

describe('large workbook', () => {
  const app = serveApp();



  test('10 000 rows: virtualized, navigable, and edits update the total', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(`${app.server.url}?prestanda=10000`);
      await waitForAppReady(page);
      const table = page.locator('section[data-table="detaljbudget"] table');
      // 10 000 accounts + 100 unit subtotals + the total, plus the header row.
      assert.equal(await table.getAttribute('aria-rowcount'), '10102');
      const rendered = await table.locator('tbody tr[data-row]').count();
      assert.ok(rendered > 10 && rendered < 80, `rendered ${rendered} rows`);
      const total = page.locator('section[data-table="detaljbudget"] tfoot td[data-cell="detaljbudget/totalt/budget-2026"]');
      const before = await total.textContent();

      const first = page.locator('td[data-cell="detaljbudget/konto-1/budget-2026"] input');
      await first.focus();
      const was = await first.inputValue();
      await page.keyboard.type('0');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        ([sel, old]) => document.querySelector(sel)?.textContent !== old,
        ['section[data-table="detaljbudget"] tfoot td[data-cell="detaljbudget/totalt/budget-2026"]', before],
      );
      const parse = (s) => Number(s.replaceAll(' ', '').replace('-', '-'));
      assert.equal(parse(await total.textContent()) - parse(before), -parse(was));

      // Enter has moved the cursor on once the page shows it (the focus lands after the
      // render that shows the total); a user's next key comes after that.
      await page.waitForFunction(() => document.activeElement?.hasAttribute('data-nav'));
      // Ctrl+End reaches the last cell; it is rendered on demand and focused.
      await page.keyboard.press('Control+End');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-nav') === '10100:7');
      // Arrow keys move through rows that were not in the DOM a moment ago.
      await page.keyboard.press('Control+Home');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-nav') === '0:0');
      for (let i = 0; i < 40; i += 1) await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-nav') === '40:0');
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      assert.equal(label, 'Enhet 1, konto 41, Bokslut 2024');

      // Keys that come faster than the rows are drawn. Yew's scheduler gives the browser a turn
      // once its 16 ms slice (by Date.now) is spent, which on a slow machine can fall between
      // the render that draws the cursor's cell and the effect that focuses it, so the key
      // reaches the cell that had focus before. A clock that jumps spends every slice. Forty
      // presses in one task (no render between them; the last ten reach the cell at 29:0 while
      // the cursor is on rows not drawn yet), then one in that turn: each moves on from the
      // cursor, forty-one rows in all.
      await page.keyboard.press('Control+Home');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-nav') === '0:0');
      const focusedAtGap = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const down = () =>
              document.activeElement.dispatchEvent(
                new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }),
              );
            const now = Date.now;
            let t = now();
            Date.now = () => (t += 20);
            for (let i = 0; i < 40; i += 1) down();
            // Queued before the scheduler's own turn is, so it runs first.
            setTimeout(() => {
              const at = document.activeElement?.getAttribute('data-nav');
              down();
              Date.now = now;
              resolve(at);
            }, 0);
          }),
      );
      // Else Yew no longer yields there, and this no longer reaches the race.
      assert.notEqual(focusedAtGap, '40:0', 'the cursor was focused before the last key came');
      // Waited for, then asserted, so a lost or repeated press fails with where the cursor is.
      await page
        .waitForFunction(() => document.activeElement?.getAttribute('data-nav') === '41:0')
        .catch(() => {});
      assert.deepEqual(
        await page.evaluate(() => [
          document.activeElement?.getAttribute('data-nav'),
          document.activeElement?.getAttribute('aria-label'),
        ]),
        ['41:0', 'Enhet 1, konto 42, Bokslut 2024'],
      );
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
