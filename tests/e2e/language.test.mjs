// Interface language: Swedish by default, English by choice and remembered across a reload.
// Only the interface changes: the workbook's figures stay in Swedish number format and its
// labels stay as written. A guard scans every view of the shell (and its header, navigation and
// menus) for common Swedish interface words, so a string left untranslated shows up here rather
// than in front of an English-speaking user.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseLanguage,
  newPage,
  screenshot,
  serveApp,
  showTable,
  showView,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const LOKALER = `${cell('resultatrakning/lokaler/budget-2026')} input`;
const RESULT = cell('drift/arets-resultat/budget-2026');

/** What is on show in every view of the workbook shell (issue 16). */
const EVERY_VIEW = ['.skip-links', 'header.app-header', 'nav.views', 'footer.app-footer'];

/** The parts of the view `code` whose interface must be all English. */
function viewParts(code) {
  if (code.startsWith('tabell-')) return [`section[data-table="${code.slice('tabell-'.length)}"]`];
  const parts = {
    overbryggning: ['section[data-panel="bridge"]', 'section[data-panel="allocation"]'],
    diagram: ['section[data-panel="charts"]'],
    kontroller: ['section[data-panel="checks"]'],
    verktyg: ['section[data-panel="uplift"]', 'section[data-panel="goal-seek"]', 'form.add-table'],
    scenarier: ['section[data-panel="scenarios"]'],
    import: ['section[data-panel="import-export"]'],
    utskrift: ['main#main'],
  }[code];
  return parts ?? ['main#main'];
}

/** The codes of every view, as the views navigation lists them. */
const viewCodes = (page) => page.$$eval('nav.views a[data-view]', (as) => as.map((a) => a.dataset.view));

/** Common Swedish interface words, none of which appears in the workbook's own content. */
const SWEDISH_WORDS = [
  'Spara',
  'Stäng',
  'Jämför',
  'Lägg till',
  'Kontroller',
  'Importera',
  'Exportera',
  'Avbryt',
  'Öppna',
  'Ta bort',
  'Ångra',
  'Verkställ',
  'Rubrik',
  'Decimaler',
  'Kolumner',
  'Anteckningar',
  'Senast ändrat',
  'Målsökning',
  'Överbryggningen',
  'Diagrammet',
];

/** The words of `words` found in every view but those in `skip`, each view shown in turn. */
async function findWordsInEveryView(page, words, skip = []) {
  const hits = [];
  for (const code of await viewCodes(page)) {
    if (skip.includes(code)) continue;
    await showView(page, code);
    hits.push(...(await findWords(page, [...EVERY_VIEW, ...viewParts(code)], words)).map((h) => `${code}: ${h}`));
  }
  return hits;
}

/** Every text and labelling attribute in `selectors` that contains one of `words` as a word. */
async function findWords(page, selectors, words) {
  return page.evaluate(
    ([selectors, words]) => {
      const patterns = words.map((w) => [w, new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'u')]);
      const hits = [];
      const check = (where, text) => {
        for (const [word, pattern] of patterns) {
          if (text && pattern.test(text)) hits.push(`${where}: “${text.trim()}” (${word})`);
        }
      };
      for (const selector of selectors) {
        const root = document.querySelector(selector);
        if (!root) {
          hits.push(`${selector}: not found`);
          continue;
        }
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          check(`${selector} text`, node.textContent);
        }
        for (const el of [root, ...root.querySelectorAll('*')]) {
          for (const attr of ['aria-label', 'placeholder', 'title']) {
            check(`${selector} <${el.localName} ${attr}>`, el.getAttribute(attr));
          }
        }
      }
      return hits;
    },
    [selectors, words],
  );
}

describe('interface language', () => {
  const app = serveApp();

  test('Swedish by default; English by choice, remembered; figures stay Swedish', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      assert.equal(await page.getAttribute('html', 'lang'), 'sv');
      await undoButton(page).waitFor();
      assert.equal(await page.getAttribute('nav.views', 'aria-label'), 'Vyer');
      await showView(page, 'kontroller');
      assert.equal(
        await page.textContent('[data-summary="checks"]'),
        '2 fel, 5 avrundningsdifferenser, 16 stämmer',
      );
      // The guard below sees the Swedish words while the interface is Swedish.
      const swedish = await findWordsInEveryView(page, SWEDISH_WORDS);
      for (const word of ['Spara', 'Jämför', 'Lägg till', 'Kontroller', 'Importera']) {
        assert.ok(swedish.some((hit) => hit.endsWith(`(${word})`)), `${word} not seen in Swedish:\n${swedish.join('\n')}`);
      }

      await chooseLanguage(page, 'en');
      await undoButton(page, 'Undo').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Ångra', exact: true }).count(), 0);
      assert.equal(await page.getAttribute('nav.views', 'aria-label'), 'Views');
      assert.equal((await page.textContent('header.app-header details.file-menu > summary')).trim(), 'File');
      assert.equal((await page.textContent('header.app-header details.settings-menu > summary')).trim(), 'Settings');
      await showView(page, 'kontroller');
      assert.equal(
        await page.textContent('[data-summary="checks"]'),
        '2 errors, 5 rounding differences, 16 agree',
      );
      // The workbook's figures keep the Swedish number format in English.
      await showTable(page, 'drift');
      assert.equal(await page.textContent(RESULT), '1 558 823');
      await showTable(page, 'resultatrakning');
      assert.equal(await page.inputValue(cell('resultatrakning/verksamhetens-intakter/bokslut-2024') + ' input'), '1 064 236');

      // A mistyped figure is refused with the English reason; the total shows the error state.
      const lokaler = page.locator(LOKALER);
      await lokaler.fill('117 2o5');
      await lokaler.press('Enter');
      const reason = page.locator(`${cell('resultatrakning/lokaler/budget-2026')} .cell-error`);
      await reason.waitFor();
      assert.match(await reason.textContent(), /“117 2o5” is not a number: the character “o” \(position 6\)/);
      assert.equal(await page.textContent(cell('resultatrakning/arets-resultat/budget-2026')), 'error');
      await undoButton(page, 'Undo').click();
      await page.waitForFunction((sel) => document.querySelector(sel) === null, `${cell('resultatrakning/lokaler/budget-2026')} .cell-error`);

      // A broken scenario file is refused in English, the workbook untouched.
      await page.setInputFiles('#open-file', {
        name: 'trasig.kalkyl.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format": "kalkyl-scenario",\n "version": 2,,'),
      });
      await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('trasig.kalkyl.json'));
      const notice = await page.textContent('.notice[role="alert"]');
      assert.match(notice, /The file “trasig\.kalkyl\.json” was not opened: .*line 2, column/, notice);
      assert.match(notice, /The workbook is unchanged/, notice);
      await showView(page, 'scenarier');
      assert.equal(await page.locator('tr[data-scenario]').count(), 1);
      await page.locator('.notice').getByRole('button', { name: 'Close', exact: true }).click();
      await page.locator('.notice').waitFor({ state: 'detached' });

      // No Swedish interface word left in any view, structure mode included.
      const english = await findWordsInEveryView(page, SWEDISH_WORDS, ['tabell-resultatrakning', 'scenarier']);
      await showTable(page, 'resultatrakning');
      await page
        .locator('section[data-table="resultatrakning"]')
        .getByRole('button', { name: 'Edit structure' })
        .click();
      await page.locator('div.settings[data-settings="resultatrakning"]').waitFor();
      english.push(...await findWords(page, [...EVERY_VIEW, ...viewParts('tabell-resultatrakning')], SWEDISH_WORDS));
      // A comparison and a confirmation open in the scenario panel too.
      await showView(page, 'scenarier');
      await page.click('#compare-run');
      await page.locator('section[data-panel="compare"]').waitFor();
      await page.click('#reset');
      await page.locator('#confirm-no').waitFor();
      english.push(...await findWords(page, [...EVERY_VIEW, ...viewParts('scenarier')], SWEDISH_WORDS));
      assert.deepEqual(english, []);
      await screenshot(page, 'language-en');
      await page.click('#confirm-no');
      await page.locator('#confirm-no').waitFor({ state: 'detached' });

      // Remembered: a reload opens in English.
      await page.reload();
      await waitForAppReady(page);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.inputValue('#language'), 'en');
      await undoButton(page, 'Undo').waitFor();
      await showView(page, 'kontroller');
      assert.equal(
        await page.textContent('[data-summary="checks"]'),
        '2 errors, 5 rounding differences, 16 agree',
      );

      // And back to Swedish.
      await chooseLanguage(page, 'sv');
      await undoButton(page).waitFor();
      assert.equal(
        await page.textContent('[data-summary="checks"]'),
        '2 fel, 5 avrundningsdifferenser, 16 stämmer',
      );
      await showTable(page, 'drift');
      assert.equal(await page.textContent(RESULT), '1 558 823');

      tab.assertNoExternalRequests();
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
