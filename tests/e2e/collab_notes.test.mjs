// Collaboration by file, in the page (issue 19): a note written on a cell under its table is
// marked on the cell and read by screen readers as its description, survives a reload and goes
// with one undo; the change log names the author asked for once; a scenario locked as a baseline
// refuses typing with the core's reason and still takes notes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  downloadFromFileMenu,
  newPage,
  screenshot,
  serveApp,
  showTable,
  showView,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const PERSONAL_ID = 'resultatrakning/personal/budget-2026';
const PERSONAL = `${cell(PERSONAL_ID)} input`;
const KOSTNADER_ID = 'resultatrakning/verksamhetens-kostnader/budget-2026';
const EDITOR = 'section[data-table="resultatrakning"] form[data-note-editor]';
const NOTE = 'Källa: lönerevisionen 2026, 3,1 %';

/** The text of the element the focusable part of a cell is described by. */
const description = (page, selector) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const ids = (el?.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent ?? `(no #${id})`).join(' | ');
  }, selector);

const isNoted = (page, id) => page.evaluate((sel) => document.querySelector(sel)?.classList.contains('noted') ?? false, cell(id));

/** Writes `text` as the note of the focused cell, in the editor under the table. */
async function writeNote(page, text) {
  const field = page.locator(`${EDITOR} input[type="text"]`);
  await field.fill(text);
  await page.locator(EDITOR).getByRole('button', { name: 'Spara anteckning' }).click();
}

describe('cell notes, author and lock', () => {
  const app = serveApp();

  test('a note on a cell: marked, described, named in the log, survives a reload, undone', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showTable(page, 'resultatrakning');
      // No author yet: asked once, under the table, without blocking it.
      const prompt = page.locator('form[data-author-prompt]');
      await prompt.waitFor();
      await prompt.getByLabel('Ditt namn (för ändringsloggen)').fill('Anna Andersson');
      await prompt.getByLabel('Ditt namn (för ändringsloggen)').press('Enter');
      await prompt.waitFor({ state: 'detached' });
      // A reason for the next changes goes into their log entries.
      await showView(page, 'scenarier');
      await page.fill('#meta-reason', 'Lönerevision');
      await page.press('#meta-reason', 'Tab');
      await showTable(page, 'resultatrakning');

      // A cell without a note is not described by one.
      assert.equal(await isNoted(page, PERSONAL_ID), false);
      assert.equal(await page.getAttribute(PERSONAL, 'aria-describedby'), null);
      await page.click(PERSONAL);
      const label = await page.locator(`${EDITOR} label`).textContent();
      assert.equal(label, 'Anteckning, Personal, Budget 2026');
      await writeNote(page, NOTE);
      await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('noted'), cell(PERSONAL_ID));
      assert.equal(await description(page, PERSONAL), NOTE);
      await screenshot(page, 'cell-note');

      // The change log names the author and the note.
      const saved = JSON.parse((await downloadFromFileMenu(page, '#export-json')).bytes.toString('utf8'));
      const last = saved.workbook.collab.log.at(-1);
      assert.equal(last.author, 'Anna Andersson');
      assert.equal(last.reason, 'Lönerevision');
      assert.equal(last.changes[0].part, 'note');
      assert.deepEqual(last.changes[0].after, { text: NOTE });

      // A reload brings the note back from the browser's storage, and its undo step.
      await page.reload();
      await waitForAppReady(page);
      await showTable(page, 'resultatrakning');
      assert.equal(await isNoted(page, PERSONAL_ID), true);
      assert.equal(await description(page, PERSONAL), NOTE);
      assert.equal(await page.locator('form[data-author-prompt]').count(), 0, 'asked once: the name was kept');
      await page.click(PERSONAL);
      assert.equal(await page.inputValue(`${EDITOR} input[type="text"]`), NOTE);
      await undoButton(page).click();
      await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('noted'), cell(PERSONAL_ID));
      assert.equal(await page.getAttribute(PERSONAL, 'aria-describedby'), null);
      // Written again, and removed with "Ta bort".
      await page.click(PERSONAL);
      await writeNote(page, 'Preliminärt');
      await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('noted'), cell(PERSONAL_ID));
      await page.locator(EDITOR).getByRole('button', { name: 'Ta bort' }).click();
      await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('noted'), cell(PERSONAL_ID));
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a locked baseline refuses typing with the reason and still takes notes', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showTable(page, 'resultatrakning');
      const before = await page.inputValue(PERSONAL);
      await showView(page, 'verktyg');
      await page.check('#lock-baseline');
      await showTable(page, 'resultatrakning');
      await page.locator('[data-locked]').waitFor();
      assert.equal(await page.$eval(PERSONAL, (el) => el.readOnly), true);

      // Typing is refused, and the core says why.
      await page.click(PERSONAL);
      await page.keyboard.type('5');
      await page.waitForFunction(() => document.querySelector('.notice[role="alert"]')?.textContent.includes('låst som utgångsläge'));
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue(PERSONAL), before);

      // A note on a total (a computed cell) is still allowed; its cell is described by it.
      await page.click(cell(KOSTNADER_ID));
      assert.equal(await page.locator(`${EDITOR} label`).textContent(), 'Anteckning, Verksamhetens kostnader, Budget 2026');
      await writeNote(page, 'Låst utgångsläge enligt nämndens beslut');
      await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('noted'), cell(KOSTNADER_ID));
      assert.equal(await description(page, cell(KOSTNADER_ID)), 'Låst utgångsläge enligt nämndens beslut');
      assert.equal(await page.textContent(cell(KOSTNADER_ID)), '-2 496 372');

      // Unlocked again, the cell takes figures.
      await showView(page, 'verktyg');
      await page.uncheck('#lock-baseline');
      await showTable(page, 'resultatrakning');
      assert.equal(await page.locator('[data-locked]').count(), 0);
      assert.equal(await page.$eval(PERSONAL, (el) => el.readOnly), false);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
