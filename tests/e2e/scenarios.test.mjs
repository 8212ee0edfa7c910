// Scenario journeys: save a scenario file and open it again, refuse a broken file without
// touching the workbook, survive a reload (autosave, undo position included), keep several
// scenarios, compare, share by link into a fresh browser, and the one-file edition from disk.
// The scenario list, compare and share are in the scenarios view; files are opened and saved
// from the header's file menu (issue 16).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIST_DIR,
  downloadFromFileMenu,
  fromFileMenu,
  newPage,
  screenshot,
  serveApp,
  showTable,
  showView,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const PERSONAL = `${cell('resultatrakning/personal/budget-2026')} input`;
const KOSTNADER = cell('resultatrakning/verksamhetens-kostnader/budget-2026');
const DEFAULT_KOSTNADER = '-2 496 372';
const EDITED_KOSTNADER = '-2 500 356';

async function waitForText(page, selector, text) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent === want,
    [selector, text],
  );
}

/** Shows the income statement and waits for its cost total to read `text`. */
async function waitForKostnader(page, text) {
  await showTable(page, 'resultatrakning');
  await waitForText(page, KOSTNADER, text);
}

/** Shows the scenarios view (list, compare, share). */
const scenariosView = (page) => showView(page, 'scenarier');

/** How many scenarios the list holds (in the scenarios view, which it shows). */
async function listed(page) {
  await scenariosView(page);
  return page.locator('tr[data-scenario]').count();
}

const saveFile = (page) => downloadFromFileMenu(page, '#export-json');

async function editPersonal(page, value, expectedKostnader) {
  await showTable(page, 'resultatrakning');
  const input = page.locator(PERSONAL);
  await input.fill(value);
  await input.press('Enter');
  await waitForText(page, KOSTNADER, expectedKostnader);
}

async function open(tab, url) {
  await tab.page.goto(url);
  await waitForAppReady(tab.page);
}

describe('scenario journeys', () => {
  const app = serveApp();
  let tmp;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'kalkyl-e2e-'));
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('save, reload (autosave with undo position), reset, open the saved file: identical figures', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await open(tab, app.server.url);
      assert.equal(await page.textContent(KOSTNADER), DEFAULT_KOSTNADER);
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);

      const saved = await saveFile(page);
      assert.match(saved.filename, /\.kalkyl\.json$/);
      const file = JSON.parse(saved.bytes.toString('utf8'));
      assert.equal(file.format, 'kalkyl-scenario');
      assert.equal(file.version, 2);
      assert.equal(file.meta.unit, 'tkr');
      const savedPath = path.join(tmp, saved.filename);
      await writeFile(savedPath, saved.bytes);

      // Reload: the edit is still there, and so is its undo step.
      await page.reload();
      await waitForAppReady(page);
      assert.equal(await page.textContent(KOSTNADER), EDITED_KOSTNADER);
      assert.equal(await page.inputValue(PERSONAL), '-900 000,5');
      await undoButton(page).click();
      await waitForText(page, KOSTNADER, DEFAULT_KOSTNADER);
      await undoButton(page, 'Gör om').click();
      await waitForText(page, KOSTNADER, EDITED_KOSTNADER);

      // Reset asks first; cancelling keeps the work.
      await scenariosView(page);
      await page.click('#reset');
      await page.waitForSelector('[role="alertdialog"]');
      // The question takes the focus, on the answer that keeps the work.
      await page.waitForFunction(() => document.activeElement?.id === 'confirm-no');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[role="alertdialog"]', { state: 'detached' });
      await waitForKostnader(page, EDITED_KOSTNADER);
      await scenariosView(page);
      await page.click('#reset');
      await page.click('#confirm-yes');
      await waitForKostnader(page, DEFAULT_KOSTNADER);

      // Opened from the file menu: the message says so in any view.
      await fromFileMenu(page, null, { click: false });
      await page.setInputFiles('#open-file', savedPath);
      await waitForText(page, KOSTNADER, EDITED_KOSTNADER);
      assert.match(await page.textContent('[data-info="scenarios"]'), /^Öppnade ”/);
      // The file's digest of its totals matches the figures it holds.
      assert.match(await page.textContent('[data-info="scenarios"]'), /Siffrorna stämmer med filens kontrollsummor\.$/);
      assert.equal(await page.inputValue(PERSONAL), '-900 000,5');
      assert.equal(await listed(page), 2);
      tab.assertNoExternalRequests();
      tab.assertNoPageErrors();
      await screenshot(page, 'scenarios-opened');
    } finally {
      await tab.close();
    }
  });

  test('a broken or hostile file is refused with its place named; the workbook is unchanged', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await open(tab, app.server.url);
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);
      const good = JSON.parse((await saveFile(page)).bytes.toString('utf8'));
      const cases = [
        { name: 'trasig.kalkyl.json', text: '{"format": "kalkyl-scenario",\n "version": 2,,', expect: /rad 2, kolumn/ },
        {
          name: 'skript.kalkyl.json',
          text: JSON.stringify({
            ...good,
            workbook: {
              ...good.workbook,
              tables: good.workbook.tables.map((t, i) =>
                i === 0 ? { ...t, rows: [{ ...t.rows[0], label: '<img src=x onerror=alert(1)>' }, ...t.rows.slice(1)] } : t,
              ),
            },
          }),
          expect: /\$\.workbook\.tables\[0\]\.rows\[0\]\.label.*HTML/,
        },
        { name: 'framtid.kalkyl.json', text: JSON.stringify({ ...good, version: 99 }), expect: /version 99/ },
        {
          name: 'text.kalkyl.json',
          text: JSON.stringify(good).replace('"-900000.5"', '"tolv"'),
          expect: /”tolv” är inget tal/,
        },
      ];
      for (const c of cases) {
        await page.setInputFiles('#open-file', { name: c.name, mimeType: 'application/json', buffer: Buffer.from(c.text) });
        const notice = page.locator('.notice[role="alert"]');
        await page.waitForFunction((n) => document.querySelector('.notice')?.textContent.includes(n), c.name);
        const text = await notice.textContent();
        assert.match(text, c.expect, text);
        assert.match(text, /Arbetsboken är oförändrad/);
        await showTable(page, 'resultatrakning');
        assert.equal(await page.textContent(KOSTNADER), EDITED_KOSTNADER);
        assert.equal(await page.inputValue(PERSONAL), '-900 000,5');
        assert.equal(await listed(page), 1);
      }
      await screenshot(page, 'scenarios-refused');
      // A version 1 file (the first JSON export) is migrated, not refused.
      const v1 = { format: 'kalkyl-scenario', version: 1, workbook: good.workbook };
      await page.setInputFiles('#open-file', { name: 'v1.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(v1)) });
      await page.waitForSelector('tr[data-scenario="s2"].current');
      await waitForKostnader(page, EDITED_KOSTNADER);
      assert.equal(await page.locator('.notice').count(), 0);
      // Nothing in the hostile label ran: no image element was ever created from it.
      assert.equal(await page.locator('img').count(), 0);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a file whose figure was edited by hand opens and names the totals that differ', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await open(tab, app.server.url);
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);
      const saved = (await saveFile(page)).bytes.toString('utf8');
      assert.match(saved, /"totals": \{/);
      // Personal costs made 100 larger in an editor; the digest still has the old totals.
      const edited = saved.replace('"-900000.5"', '"-899900.5"');
      assert.notEqual(edited, saved);
      await page.setInputFiles('#open-file', { name: 'handredigerad.kalkyl.json', mimeType: 'application/json', buffer: Buffer.from(edited) });
      await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('skiljer sig'));
      const notice = await page.locator('.notice[role="alert"]').textContent();
      assert.match(notice, /summor? skiljer sig från filens: /, notice);
      assert.match(notice, /Resultaträkning › Verksamhetens kostnader › Budget 2026: filen -2 500 356, beräknat -2 500 256/, notice);
      // It opened all the same, with the figures it holds.
      await waitForKostnader(page, '-2 500 256');
      assert.equal(await listed(page), 2);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('drop a scenario file on the page; several scenarios: copy, rename, compare, delete', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await open(tab, app.server.url);
      // Copy as Scenario B, change a cell in the copy, compare A with B.
      await scenariosView(page);
      await page.click('tr[data-scenario="s1"] button[data-action="duplicate"]');
      await page.waitForSelector('tr[data-scenario="s2"].current');
      assert.equal(await page.inputValue('tr[data-scenario="s2"] input.scenario-name'), 'Scenario B');
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);
      await scenariosView(page);
      await page.fill('tr[data-scenario="s2"] input.scenario-name', 'Sparbeting');
      await page.press('tr[data-scenario="s2"] input.scenario-name', 'Enter');
      await page.selectOption('#compare-a', 's1');
      await page.selectOption('#compare-b', 's2');
      await page.click('#compare-run');
      const diff = page.locator('tr[data-diff="resultatrakning/personal/budget-2026"]').first();
      await diff.waitFor();
      const cells = (await diff.locator('td').allTextContents()).map((s) => s.trim());
      assert.deepEqual(cells.slice(1), ['Personal', 'Budget 2026', '-896 017', '-900 000,5', '-3 983,5']);
      assert.match(await page.textContent('[data-panel="compare"] h3'), /Scenario A.*Sparbeting/);
      assert.ok(await page.locator('tr[data-diff="resultatrakning/verksamhetens-kostnader/budget-2026"]').count());
      await screenshot(page, 'scenarios-compare');

      // Compare the open scenario with a file: the default scenario saved from A.
      await page.click('tr[data-scenario="s1"] button[data-action="open"]');
      await waitForKostnader(page, DEFAULT_KOSTNADER);
      const fileA = (await saveFile(page)).bytes;
      await scenariosView(page);
      await page.click('tr[data-scenario="s2"] button[data-action="open"]');
      await waitForKostnader(page, EDITED_KOSTNADER);
      await scenariosView(page);
      await page.setInputFiles('#compare-file', { name: 'a.kalkyl.json', mimeType: 'application/json', buffer: fileA });
      await page.waitForFunction(() => document.querySelector('[data-panel="compare"] h3')?.textContent.includes('a.kalkyl.json'));
      assert.equal(await page.locator('[data-panel="compare"] tr[data-diff="resultatrakning/personal/budget-2026"]').count(), 1);

      // Drop the file on the page: it opens as a third scenario.
      await page.evaluate((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'släppt.kalkyl.json', { type: 'application/json' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, fileA.toString('utf8'));
      await page.waitForSelector('tr[data-scenario="s3"].current');
      await waitForKostnader(page, DEFAULT_KOSTNADER);
      await scenariosView(page);
      // The file keeps the name it was saved under (A's, so a fresh variant of it), not its file name.
      assert.equal(await page.inputValue('tr[data-scenario="s3"] input.scenario-name'), 'Scenario A (2)');

      // Delete asks first.
      await page.click('tr[data-scenario="s2"] button[data-action="delete"]');
      await page.click('#confirm-no');
      assert.equal(await page.locator('tr[data-scenario]').count(), 3);
      await page.click('tr[data-scenario="s2"] button[data-action="delete"]');
      await page.click('#confirm-yes');
      await page.waitForFunction(() => document.querySelectorAll('tr[data-scenario]').length === 2);
      await page.reload();
      await waitForAppReady(page);
      assert.equal(await listed(page), 2);
      assert.equal(await page.inputValue('tr[data-scenario="s3"] input.scenario-name'), 'Scenario A (2)');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('two tabs of the page keep each other\'s work instead of overwriting it', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await open(tab, app.server.url);
      const other = await tab.context.newPage();
      await other.goto(app.server.url);
      await waitForAppReady(other);
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);
      // The other tab adopts the save (storage event), then adds its own edit on top.
      await waitForText(other, KOSTNADER, EDITED_KOSTNADER);
      const lokaler = other.locator(`${cell('resultatrakning/lokaler/budget-2026')} input`);
      await lokaler.fill('-117 206');
      await lokaler.press('Enter');
      await waitForText(other, KOSTNADER, '-2 500 357');
      await waitForText(page, KOSTNADER, '-2 500 357');
      await page.reload();
      await waitForAppReady(page);
      assert.equal(await page.textContent(KOSTNADER), '-2 500 357');
      await other.close();
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('share link opens the same figures in a fresh app.browser; asks first where there is work', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    let link;
    try {
      await open(tab, app.server.url);
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);
      await scenariosView(page);
      await page.click('#share-link');
      await page.waitForSelector('#share-url');
      link = await page.inputValue('#share-url');
      // The link is the page's address (without the view it was made in) and the scenario.
      assert.ok(link.startsWith(app.server.url), link.slice(0, 80));
      assert.match(new URL(link).hash, /^#s=/, link.slice(0, 80));
      assert.ok(!new URL(link).searchParams.has('vy'), 'the link opens on the figures, not the view it was made in');
      assert.ok(link.length <= 8000, `link is ${link.length} characters`);
      console.log(`    share link for the edited default scenario: ${link.length} characters`);
      await screenshot(page, 'scenarios-share');

      // A scenario too big for a link: the page says so and points to the file instead.
      const saved = JSON.parse((await saveFile(page)).bytes.toString('utf8'));
      const rr = saved.workbook.tables[0];
      for (let n = 0; n < 400; n += 1) {
        rr.rows.push({
          id: `extra-${n}`,
          label: `Kostnadsställe ${n}`,
          kind: { type: 'input' },
          cells: { 'budget-2026': { number: String(((n + 7) * 7919) % 1000003) } },
        });
      }
      await page.setInputFiles('#open-file', {
        name: 'stor.kalkyl.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(saved)),
      });
      await scenariosView(page);
      await page.waitForSelector('tr[data-scenario="s2"].current');
      await page.click('#share-link');
      await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Länken skulle bli'));
      assert.match(await page.textContent('.notice'), /Länken skulle bli [\d\s]+ tecken\. Längre länkar än 8\s000 tecken.*som fil i stället/);
      assert.equal(await page.locator('#share-url').count(), 0);
      await page.click('tr[data-scenario="s1"] button[data-action="open"]');
      await waitForKostnader(page, EDITED_KOSTNADER);

      // Same browser, with work: asks, then adds the linked scenario to the list. The question
      // shows in the view the link opens (the first table), not only in the scenarios view.
      const second = await tab.context.newPage();
      await second.goto(link);
      await waitForAppReady(second);
      await second.waitForSelector('[role="alertdialog"]');
      assert.match(await second.textContent('#confirm-text'), /Länken innehåller/);
      await second.click('#confirm-yes');
      await waitForKostnader(second, EDITED_KOSTNADER);
      assert.equal(new URL(second.url()).hash, '');
      await second.close();
    } finally {
      await tab.close();
    }

    const fresh = await newPage(app.browser, app.server.url);
    try {
      await open(fresh, link);
      await waitForKostnader(fresh.page, EDITED_KOSTNADER);
      assert.equal(await fresh.page.inputValue(PERSONAL), '-900 000,5');
      assert.equal(await fresh.page.locator('[role="alertdialog"]').count(), 0);
      // A damaged link is refused and the default scenario stays.
      // (By way of a blank page: from the app, a new fragment alone is a `hashchange`, which
      // typing.test.mjs covers.)
      await fresh.page.goto('about:blank');
      await fresh.page.goto(link.slice(0, link.length / 2));
      await waitForAppReady(fresh.page);
      assert.match(await fresh.page.textContent('.notice'), /länken kunde inte läsas: länken är avklippt/);
      await waitForKostnader(fresh.page, EDITED_KOSTNADER);
      fresh.assertNoExternalRequests();
      fresh.assertNoPageErrors();
    } finally {
      await fresh.close();
    }
  });

  test('the one-file edition works from file:// and exports CSV', async () => {
    const url = pathToFileURL(path.join(DIST_DIR, 'kalkyl-fristaende.html')).href;
    const tab = await newPage(app.browser, url);
    const { page } = tab;
    try {
      await open(tab, url);
      assert.equal(await page.textContent(KOSTNADER), DEFAULT_KOSTNADER);
      await showTable(page, 'drift');
      assert.equal(await page.textContent(cell('drift/arets-resultat/budget-2026')), '1 558 823');
      await editPersonal(page, '-900 000,5', EDITED_KOSTNADER);
      const csv = (await downloadFromFileMenu(page, '#export-csv-sv')).bytes.toString('utf8');
      // A link made from disk only works where the same file lies: the page says so.
      await scenariosView(page);
      await page.click('#share-link');
      await page.waitForSelector('#share-url');
      const made = await page.inputValue('#share-url');
      assert.ok(made.startsWith(url) && /^#s=/.test(new URL(made).hash), made.slice(0, 120));
      assert.equal(await page.locator('[data-note="file-link"]').count(), 1);
      const fileLink = await page.inputValue('#share-url');
      const fresh = await newPage(app.browser, url);
      try {
        await open(fresh, fileLink);
        await waitForKostnader(fresh.page, EDITED_KOSTNADER);
        fresh.assertNoPageErrors();
      } finally {
        await fresh.close();
      }
      assert.ok(csv.includes('Personal;-888391;-845648;-905345;-900000,5;'), csv.slice(0, 400));
      // Only the page itself was loaded: no separate .wasm, .js or .css.
      assert.deepEqual(tab.requests.filter((r) => !r.startsWith('data:') && !r.startsWith('blob:')), [url]);
      tab.assertNoPageErrors();
      await screenshot(page, 'one-file-edition');
    } finally {
      await tab.close();
    }
  });
});
