// Hostile files through the real file pickers: representative files of the corpus
// (crates/budget-core/tests/hostile/, see docs/security.md) opened as scenario files and
// imported as CSV/XLSX, and files over the size limits, which are refused before they are read.
// Each refusal shows its specific message in Swedish (one also in English after switching the
// language), and the scenario file exported before and after is byte-identical.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  REPO_ROOT,
  captureDownload,
  chooseLanguage,
  fromFileMenu,
  newPage,
  screenshot,
  serveApp,
  showView,
  waitForAppReady,
} from './harness.mjs';

const CORPUS = path.join(REPO_ROOT, 'crates', 'budget-core', 'tests', 'hostile');

/** A file of `bytes` bytes (sparse: nothing is written but its end). */
async function bigFile(dir, name, bytes) {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  await handle.truncate(bytes);
  await handle.close();
  return file;
}

describe('hostile files', () => {
  const app = serveApp();
  let tmp;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'kalkyl-hostile-'));
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('refused with what is wrong, in Swedish and English; the workbook is byte-identical', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      const exported = () => captureDownload(page, () => fromFileMenu(page, '#export-json'));
      const before = await exported();

      const notice = page.locator('.notice[role="alert"]');
      const openScenario = async (name, buffer, expect) => {
        await page.setInputFiles('#open-file', typeof buffer === 'string' ? buffer : { name, mimeType: 'application/json', buffer });
        await page.waitForFunction((n) => document.querySelector('.notice')?.textContent.includes(n), name);
        const text = await notice.textContent();
        assert.match(text, expect, text);
        assert.match(text, /Arbetsboken är oförändrad/, text);
      };
      const corpus = async (name) => readFile(path.join(CORPUS, name));

      await openScenario('s-binary.kalkyl.json', await corpus('s-binary.kalkyl.json'),
        /filen är ingen textfil: den innehåller binära data \(en nollbyte vid byte 9\)/);
      await openScenario('s-script-label.kalkyl.json', await corpus('s-script-label.kalkyl.json'),
        /\$\.workbook\.tables\[0\]\.rows\[0\]\.label: texten innehåller HTML\/skript/);
      await openScenario('s-rlo-label.kalkyl.json', await corpus('s-rlo-label.kalkyl.json'),
        /riktningstecknet U\+202E \(RLO\)/);
      await openScenario('s-deep-nesting.kalkyl.json', await corpus('s-deep-nesting.kalkyl.json'),
        /för djupt nästlad \(mer än 128 nivåer\)/);
      // The same refusal in English once the language is switched, and back.
      await chooseLanguage(page, 'en');
      const english = await notice.textContent();
      assert.match(english, /The file “s-deep-nesting\.kalkyl\.json” was not opened: .*nested too deeply \(more than 128 levels\)\. The workbook is unchanged\./, english);
      await screenshot(page, 'hostile-refused-en');
      await chooseLanguage(page, 'sv');
      // Over the size limit: refused by the file's size, before it is read.
      await openScenario('stor.kalkyl.json', await bigFile(tmp, 'stor.kalkyl.json', 11 * 1024 * 1024),
        /största tillåtna storlek är 10 MB/);

      await showView(page, 'import');
      const importError = page.locator('[data-import="error"] .import-error');
      const importFile = async (file, expect) => {
        await page.setInputFiles('#import-file', file);
        await importError.waitFor();
        const text = await importError.textContent();
        assert.match(text, expect, text);
        await page.click('#import-cancel');
        await importError.waitFor({ state: 'detached' });
      };
      await importFile(path.join(CORPUS, 'c-script-label.csv'),
        /rad 2, kolumn 1: texten innehåller HTML\/skript/);
      await importFile(path.join(CORPUS, 'x-zip-bomb-declared.xlsx'),
        /packas upp till 1 073 741 824 byte.*högst 64 MB per del/);
      await importFile(path.join(CORPUS, 'x-not-a-zip.xlsx'),
        /filen heter ”x-not-a-zip\.xlsx” men är ingen Excel-arbetsbok/);
      await importFile(await bigFile(tmp, 'stor.csv', 21 * 1024 * 1024),
        /största fil som kan importeras är 20 MB/);

      // Nothing was added, imported or changed.
      await showView(page, 'scenarier');
      assert.equal(await page.locator('tr[data-scenario]').count(), 1);
      const after = await exported();
      assert.ok(after.equals(before), 'the exported scenario file changed');
      // No markup from any file became an element.
      assert.equal(await page.locator('main script, main img').count(), 0);
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });
});
