// A published scenario file and an embedded table (issue 18): `?fil=plan-2026.kalkyl.json`
// opens the file published beside the page as the published version, in the reader's own copy
// (kept across visits), one click from a comparison; a missing file, one that is no scenario,
// one too big, or one on another origin is refused in plain words, in both languages, and no
// saved work is touched. `?visa=<table>` shows one table read-only for an article's <iframe>,
// reads and writes no saved work, prints, and passes axe; the share panel gives the <iframe>.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DIST_DIR,
  captureDownload,
  chooseLanguage,
  fromFileMenu,
  launchBrowser,
  newPage,
  showTable,
  showView,
  startServer,
  waitForAppReady,
} from './harness.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const cell = (id) => `td[data-cell="${id}"]`;
const PERSONAL = `${cell('resultatrakning/personal/budget-2026')} input`;
const PLAN = 'plan-2026.kalkyl.json';

describe('a published file (?fil=) and an embedded table (?visa=)', () => {
  let site;
  let server;
  let browser;

  before(async () => {
    browser = await launchBrowser();
    // The published plan: the default scenario with Personal at -900 000, saved by the app.
    const plain = await startServer();
    const tab = await newPage(browser, plain.url);
    await tab.page.goto(plain.url);
    await waitForAppReady(tab.page);
    await tab.page.fill(PERSONAL, '-900 000');
    await tab.page.press(PERSONAL, 'Enter');
    const saved = await captureDownload(tab.page, () => fromFileMenu(tab.page, '#export-json'));
    await tab.close();
    await plain.close();

    // The intranet folder: the build, the plan beside it, and what must be refused.
    site = await mkdtemp(path.join(tmpdir(), 'kalkyl-site-'));
    for (const entry of await readdir(DIST_DIR)) await symlink(path.join(DIST_DIR, entry), path.join(site, entry));
    await writeFile(path.join(site, PLAN), saved);
    await writeFile(path.join(site, 'inte-scenario.kalkyl.json'), '{"hej": 1}');
    await writeFile(path.join(site, 'for-stor.kalkyl.json'), Buffer.alloc(10 * 1024 * 1024 + 1, 32));
    server = await startServer({ root: site });
    await writeFile(
      path.join(site, 'artikel.html'),
      '<!doctype html><html lang="sv"><title>Artikel</title><h1>Vår budget</h1><p>ARTICLE</p></html>',
    );
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  async function fresh() {
    const tab = await newPage(browser, server.url);
    await tab.page.setViewportSize({ width: 1366, height: 768 });
    return tab;
  }
  const visit = async (page, query) => {
    await page.goto(`${server.url}${query}`);
    await waitForAppReady(page);
  };
  /** The names in the scenario list (in the scenarios view, which it shows). */
  const scenarioNames = async (page) => {
    await showView(page, 'scenarier');
    return page.$$eval('input.scenario-name', (xs) => xs.map((x) => x.value));
  };

  test('opens as the published version in an own copy, kept across visits, one click to compare', async () => {
    const tab = await fresh();
    const { page } = tab;
    try {
      await visit(page, `?fil=${PLAN}`);
      const banner = page.locator(`[data-published="${PLAN}"]`);
      await banner.waitFor();
      assert.match(await banner.textContent(), /Publicerad version: plan-2026\.kalkyl\.json · du arbetar i en egen kopia/);
      await page.waitForFunction((sel) => document.querySelector(sel)?.value === '-900 000', PERSONAL);
      assert.ok((await scenarioNames(page)).includes('plan-2026 (egen kopia)'));
      assert.match(await page.textContent('[data-info="scenarios"]'), /i en egen kopia/);

      // Edits go to the copy; the comparison is one click away and shows them.
      await showTable(page, 'resultatrakning');
      await page.fill(PERSONAL, '-901 000');
      await page.press(PERSONAL, 'Enter');
      await page.click('#compare-published');
      await showView(page, 'scenarier');
      const compare = page.locator('[data-panel="compare"]');
      await compare.waitFor();
      assert.match(await compare.textContent(), /publicerad version \(plan-2026\.kalkyl\.json\)/);
      assert.match((await compare.textContent()).replace(/\s/g, ' '), /Personal/);

      // The next visit finds the copy with its change; no second copy is made.
      await page.waitForTimeout(1200); // autosave waits for a pause
      await visit(page, `?fil=${PLAN}`);
      await banner.waitFor();
      await page.waitForFunction((sel) => document.querySelector(sel)?.value === '-901 000', PERSONAL);
      assert.equal((await scenarioNames(page)).filter((n) => n.startsWith('plan-2026')).length, 1);
      assert.match(await page.textContent('[data-info="scenarios"]'), /dina ändringar från förra gången finns kvar/);
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('refusals say why in Swedish and English and touch no saved work', async () => {
    const tab = await fresh();
    const { page } = tab;
    try {
      await visit(page, '');
      await page.fill(PERSONAL, '-123 456');
      await page.press(PERSONAL, 'Enter');
      await page.waitForTimeout(1200);
      const stored = await page.evaluate(() => localStorage.getItem('kalkyl.scenarier'));
      const cases = [
        ['finns-inte.kalkyl.json', /finns inte på servern/, /is not on the server/],
        ['inte-scenario.kalkyl.json', /öppnades inte/, /was not opened/],
        ['for-stor.kalkyl.json', /största tillåtna storlek är 10 MB/, /the largest allowed is 10 MB/],
        ['http://example.com/plan.kalkyl.json', /ingen fil bredvid sidan/, /not a file beside the page/],
        ['//example.com/plan.kalkyl.json', /ingen fil bredvid sidan/, /not a file beside the page/],
        ['../../plan.kalkyl.json', /finns inte på servern|ingen fil bredvid sidan/, /not on the server|not a file beside/],
      ];
      for (const [lang, index] of [['sv', 1], ['en', 2]]) {
        if (lang === 'en') {
          await chooseLanguage(page, 'en');
          await page.waitForTimeout(600);
        }
        for (const c of cases) {
          await visit(page, `?fil=${encodeURIComponent(c[0])}`);
          const notice = page.locator('.notice[role="alert"]');
          await notice.waitFor();
          const said = await notice.textContent();
          assert.match(said, c[index], `${c[0]} (${lang}): ${said}`);
          assert.match(said, lang === 'sv' ? /Arbetsboken är oförändrad/ : /The workbook is unchanged/);
          assert.equal(await page.inputValue(PERSONAL), '-123 456');
          assert.equal(await page.locator('[data-published]').count(), 0);
        }
      }
      await page.waitForTimeout(1200);
      const after = JSON.parse(await page.evaluate(() => localStorage.getItem('kalkyl.scenarier')));
      const before = JSON.parse(stored);
      assert.deepEqual(after.entries.map((e) => e.name), before.entries.map((e) => e.name));
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('?visa= shows one table read-only, touches no saved work, prints and passes axe', async () => {
    const tab = await newPage(browser, server.url, { bypassCSP: true });
    const { page } = tab;
    try {
      await page.setViewportSize({ width: 700, height: 420 });
      await visit(page, '');
      await page.fill(PERSONAL, '-555 555');
      await page.press(PERSONAL, 'Enter');
      await page.waitForTimeout(1200);
      const stored = await page.evaluate(() => JSON.stringify(localStorage));

      await visit(page, '?visa=resultatrakning');
      const embed = page.locator('main.embed[data-embed="resultatrakning"] table');
      await embed.waitFor();
      assert.equal(await page.locator('input, button, select, textarea').count(), 0, 'nothing to edit');
      assert.equal(await page.locator('section[data-table]').count(), 0, 'only the one table');
      assert.equal((await page.textContent(cell('resultatrakning/personal/budget-2026'))).trim(), '-896 017', 'the default plan, not the saved work');
      assert.match(await page.textContent('main.embed caption'), /Resultaträkning/);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 700, `${width} px wide in a 700 px frame`);

      // With the published file.
      await visit(page, `?visa=resultatrakning&fil=${PLAN}`);
      await embed.waitFor();
      assert.equal((await page.textContent(cell('resultatrakning/personal/budget-2026'))).trim(), '-900 000');
      assert.match(await page.textContent('main.embed figcaption'), /Publicerad fil plan-2026\.kalkyl\.json/);

      // Accessible and printable.
      await page.addScriptTag({ path: AXE_PATH });
      const violations = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
      assert.deepEqual(violations, []);
      const pdf = path.join(site, 'embed.pdf');
      await page.pdf({ path: pdf });
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
      assert.match(text, /Personal\s+.*-900 000/);

      // An unknown table is named, with the ones there are.
      await visit(page, '?visa=finns-inte');
      assert.match(await page.textContent('[data-embed-refusal]'), /ingen tabell ”finns-inte”.*resultatrakning/);

      assert.equal(await page.evaluate(() => JSON.stringify(localStorage)), stored, 'saved work untouched');
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('the share panel gives the <iframe> an article embeds, and it shows the table', async () => {
    const tab = await fresh();
    const { page } = tab;
    try {
      await visit(page, '');
      // The share panel is in the scenarios view.
      await showView(page, 'scenarier');
      await page.click('[data-embed-snippets] summary');
      const code = await page.inputValue('[data-embed-code="drift"]');
      assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/intranet\/[a-z/]*kalkyl\/\?visa=drift" title="Drift per verksamhet" width="100%" height="420" loading="lazy"><\/iframe>$/);
      // In an article on the same intranet.
      await writeFile(
        path.join(site, 'artikel.html'),
        `<!doctype html><html lang="sv"><title>Artikel</title><h1>Vår budget</h1>${code}</html>`,
      );
      await page.goto(`${server.url}artikel.html`);
      const frame = page.frameLocator('iframe');
      await frame.locator('main.embed[data-embed="drift"] table').waitFor();
      assert.match(await frame.locator('main.embed caption').textContent(), /Drift per verksamhet/);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
