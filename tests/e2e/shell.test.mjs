// The workbook shell (issue 16): one view at a time, chosen in the views navigation by click or
// keyboard, addressed by `?vy=` (the back button returns to the view before, a reload keeps it,
// a share link still opens); the landmarks a screen reader lists; a sticky header and sticky
// column headings; every table fits 1366 px without horizontal scroll, 'Redigera struktur'
// included; a finding jumps to its cell and a flagged cell links to its finding; the status line
// sums, counts and averages the selected cells; removing a row says what it removed and undo
// brings it back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIMEOUT_MS,
  currentView,
  newPage,
  screenshot,
  serveApp,
  showTable,
  showView,
  tableIds,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const cell = (id) => `td[data-cell="${id}"]`;
const PERSONAL = `${cell('resultatrakning/personal/budget-2026')} input`;
const KOSTNADER = cell('resultatrakning/verksamhetens-kostnader/budget-2026');
const VIEWS = ['overbryggning', 'diagram', 'kontroller', 'verktyg', 'scenarier', 'logg', 'import', 'utskrift'];
/** Spaces of every kind as one plain space, trimmed. */
const plain = (s) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
/** The view's query parameter in the page's address. */
const vy = (page) => new URL(page.url()).searchParams.get('vy');

describe('workbook shell', () => {
  const app = serveApp();

  async function open(query = '', { width = 1366, height = 768 } = {}) {
    const tab = await newPage(app.browser, app.server.url);
    await tab.page.setViewportSize({ width, height });
    await tab.page.goto(`${app.server.url}${query}`);
    await waitForAppReady(tab.page);
    return tab;
  }

  /** Which link of the views navigation says it is the current page. */
  const currentLinks = (page) =>
    page.$$eval('nav.views a[aria-current="page"]', (as) => as.map((a) => a.dataset.view));

  test('views by click and by keyboard; the back button, a reload and the address keep the view', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      // The default view is the first table, the income statement.
      const ids = await tableIds(page);
      assert.equal(ids[0], 'resultatrakning');
      assert.ok(ids.length >= 5, `${ids.length} tables`);
      assert.equal(await currentView(page), 'tabell-resultatrakning');
      assert.deepEqual(await currentLinks(page), ['tabell-resultatrakning']);
      assert.equal(await page.locator('main#main section[data-table]').count(), 1, 'one table at a time');
      // Every view has its link, to its address; a table's link shows its finding count.
      for (const code of [...ids.map((id) => `tabell-${id}`), ...VIEWS]) {
        assert.equal(await page.getAttribute(`nav.views a[data-view="${code}"]`, 'href'), `?vy=${code}`);
      }
      assert.match(await page.textContent('nav.views a[data-view="tabell-resultatrakning"]'), /\d/, 'the income statement has findings');

      // By click: each view in turn, alone in main, its link current, its address shown.
      const holds = {
        overbryggning: ['[data-panel="bridge"]', '[data-panel="allocation"]'],
        diagram: ['[data-panel="charts"]'],
        kontroller: ['[data-panel="checks"]'],
        verktyg: ['[data-panel="uplift"]', '[data-panel="goal-seek"]', 'form.add-table'],
        scenarier: ['[data-panel="scenarios"]'],
        logg: ['[data-panel="log"]'],
        import: ['[data-panel="import-export"]'],
        utskrift: ['section.papers', 'section.papers-checks'],
      };
      for (const code of [...ids.slice(1).map((id) => `tabell-${id}`), ...VIEWS]) {
        await showView(page, code);
        assert.equal(vy(page), code);
        assert.deepEqual(await currentLinks(page), [code]);
        for (const sel of holds[code] ?? [`section[data-table="${code.slice('tabell-'.length)}"]`]) {
          assert.equal(await page.locator(`main#main ${sel}`).count(), 1, `${code} holds ${sel}`);
        }
        // One table in a table's view, none in the others; the papers hold every table.
        const want = code === 'utskrift' ? ids.length : code.startsWith('tabell-') ? 1 : 0;
        assert.equal(await page.locator('main#main section[data-table]').count(), want, `tables in ${code}`);
      }

      // Back returns to the view before, forward again.
      await showView(page, 'kontroller');
      await showTable(page, 'drift');
      await page.goBack();
      await page.waitForSelector('main#main[data-view="kontroller"]');
      assert.deepEqual(await currentLinks(page), ['kontroller']);
      await page.goBack();
      await page.waitForSelector('main#main[data-view="utskrift"]');
      await page.goForward();
      await page.waitForSelector('main#main[data-view="kontroller"]');
      // A reload keeps the view; so does its address typed or bookmarked.
      await page.reload();
      await waitForAppReady(page);
      assert.equal(await currentView(page), 'kontroller');
      await page.goto(`${app.server.url}?vy=diagram`);
      await waitForAppReady(page);
      assert.equal(await currentView(page), 'diagram');
      await page.locator('main#main [data-panel="charts"]').waitFor();

      // By keyboard: the skip link to the navigation, Tab to a link, Enter.
      await page.focus('.skip-links a');
      await page.locator('.skip-links a', { hasText: 'Till navigeringen' }).focus();
      await page.keyboard.press('Enter');
      assert.ok(await page.evaluate(() => !!document.activeElement.closest('nav.views')), 'focus in the navigation');
      let found = false;
      for (let i = 0; i < 40 && !found; i += 1) {
        found = await page.evaluate(() => document.activeElement?.dataset?.view === 'scenarier');
        if (!found) await page.keyboard.press('Tab');
      }
      assert.ok(found, 'Tab reaches the link to the scenarios');
      await page.keyboard.press('Enter');
      await page.waitForSelector('main#main[data-view="scenarier"]');
      assert.equal(vy(page), 'scenarier');
      await page.goBack();
      await page.waitForSelector('main#main[data-view="diagram"]');
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });

  test('landmarks: one banner, the views navigation and one main; skip links come first', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      assert.equal(await page.getByRole('banner').count(), 1);
      assert.equal(await page.getByRole('main').count(), 1);
      assert.equal(await page.getByRole('navigation', { name: 'Vyer', exact: true }).count(), 1);
      assert.equal(await page.evaluate(() => !!document.querySelector('header.app-header')?.closest('main, section, article, aside')), false, 'the header is a banner (not inside a section)');
      // The skip links are the first thing Tab reaches.
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement.closest('.skip-links')));
      assert.match(plain(await page.evaluate(() => document.activeElement.textContent)), /^Till innehållet/);
      await page.keyboard.press('Enter');
      assert.ok(await page.evaluate(() => !!document.activeElement.closest('main#main')), 'the content skip link lands in main');
      // The header: title, scenario name, undo/redo, the menus and the check status.
      const header = page.locator('header.app-header');
      assert.ok(plain(await header.locator('h1').textContent()).length > 0);
      assert.match(plain(await header.textContent()), /Scenario A/);
      await undoButton(page).waitFor();
      await undoButton(page, 'Gör om').waitFor();
      assert.equal(plain(await header.locator('details.file-menu > summary').textContent()), 'Arkiv');
      assert.equal(plain(await header.locator('details.settings-menu > summary').textContent()), 'Inställningar');
      const status = header.locator('a#check-status');
      assert.equal(plain(await status.textContent()), '2 fel · 5 avrundningar');
      assert.equal(await status.getAttribute('href'), '?vy=kontroller');
      await status.click();
      await page.waitForSelector('main#main[data-view="kontroller"]');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a share link still opens, also into a view named in the address', async () => {
    const tab = await open();
    const { page } = tab;
    let link;
    try {
      await page.fill(PERSONAL, '-900 000,5');
      await page.press(PERSONAL, 'Enter');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '-2 500 356', KOSTNADER);
      await showView(page, 'scenarier');
      await page.click('#share-link');
      await page.waitForSelector('#share-url');
      link = await page.inputValue('#share-url');
    } finally {
      await tab.close();
    }
    const url = new URL(link);
    const fresh = await open(`?vy=kontroller${url.hash}`);
    try {
      const { page } = fresh;
      await page.waitForFunction(() => location.hash === '');
      assert.equal(await currentView(page), 'kontroller');
      // The shared edit breaks the reconciliation of the income statement with the activities.
      await page.waitForFunction(() =>
        document.querySelector('tr[data-check="avstamning-beraknad/resultatrakning/arets-resultat/budget-2026"], [data-check="avstamning-beraknad/resultatrakning/arets-resultat/budget-2026"]')?.className.includes('error'),
      );
      await showTable(page, 'resultatrakning');
      assert.equal(await page.inputValue(PERSONAL), '-900 000,5');
      assert.equal(await page.textContent(KOSTNADER), '-2 500 356');
      assert.equal(await page.locator('.notice').count(), 0);
      fresh.assertNoPageErrors();
      fresh.assertNoExternalRequests();
    } finally {
      await fresh.close();
    }
  });

  test('the header and the column headings stay in sight while the page and a long table scroll', async () => {
    // 200 rows are drawn whole (the page scrolls); 10 000 are drawn by window (the table scrolls).
    for (const rows of [200, 10000]) {
      const tab = await open(`?prestanda=${rows}`);
      const { page } = tab;
      try {
        const section = 'section[data-table="detaljbudget"]';
        await page.locator(section).waitFor();
        // Scroll what scrolls: the page, and the table's own viewport where it has one.
        await page.evaluate((sel) => {
          window.scrollTo(0, 3000);
          for (const el of document.querySelectorAll(`${sel} .scroll`)) el.scrollTop = 3000;
        }, section);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const seen = await page.evaluate((sel) => {
          /** Whether the element is what is drawn at its own middle (nothing covers it). */
          const inSight = (el) => {
            if (!el) return 'missing';
            const r = el.getBoundingClientRect();
            if (r.bottom <= 0 || r.top >= innerHeight || r.height === 0) return `off screen (${Math.round(r.top)}–${Math.round(r.bottom)})`;
            const x = Math.min(Math.max(r.left + 4, 0), innerWidth - 1);
            const y = Math.min(Math.max((r.top + r.bottom) / 2, 0), innerHeight - 1);
            const hit = document.elementFromPoint(x, y);
            return hit && (el === hit || el.contains(hit)) ? 'ok' : `covered by ${hit?.outerHTML.slice(0, 80)}`;
          };
          const scrolled = window.scrollY + Math.max(0, ...[...document.querySelectorAll(`${sel} .scroll`)].map((e) => e.scrollTop));
          return {
            scrolled,
            header: inSight(document.querySelector('header.app-header')),
            heading: inSight(document.querySelector(`${sel} thead th:nth-child(2)`)),
            rowsBelow: [...document.querySelectorAll(`${sel} tbody tr[data-row]`)].some((tr) => tr.getBoundingClientRect().top > 0),
          };
        }, section);
        assert.ok(seen.scrolled > 500, `${rows} rows: nothing scrolled (${JSON.stringify(seen)})`);
        assert.equal(seen.header, 'ok', `${rows} rows: the header`);
        assert.equal(seen.heading, 'ok', `${rows} rows: the column heading`);
        assert.ok(seen.rowsBelow);
        await screenshot(page, `shell-sticky-${rows}`);
        tab.assertNoPageErrors();
      } finally {
        await tab.close();
      }
    }
  });

  test('every table fits 1366 px without horizontal scroll, in structure mode too', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      /** What sticks out to the right: the page itself, or a scroll container inside the view. */
      const overflow = () =>
        page.evaluate(() => {
          const out = [];
          const doc = document.documentElement;
          if (doc.scrollWidth > doc.clientWidth) out.push(`the page is ${doc.scrollWidth} px wide`);
          for (const el of document.querySelectorAll('main#main *')) {
            const style = getComputedStyle(el);
            if (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
              out.push(`${el.className || el.tagName} scrolls ${el.scrollWidth} > ${el.clientWidth}`);
            }
          }
          for (const b of document.querySelectorAll('main#main button, main#main input, main#main select')) {
            const r = b.getBoundingClientRect();
            if (r.width > 0 && r.right > innerWidth) out.push(`${b.getAttribute('aria-label') ?? b.textContent} ends at ${Math.round(r.right)}`);
          }
          return out;
        });
      for (const id of await tableIds(page)) {
        await showTable(page, id);
        assert.deepEqual(await overflow(), [], `the table ${id}`);
        const section = page.locator(`section[data-table="${id}"]`);
        await section.getByRole('button', { name: 'Redigera struktur' }).click();
        await section.locator('button[aria-pressed="true"]').waitFor();
        assert.deepEqual(await overflow(), [], `the table ${id} in structure mode`);
        if (id === 'resultatrakning') await screenshot(page, 'shell-structure-resultatrakning');
        await section.getByRole('button', { name: 'Redigera struktur' }).click();
      }
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('a finding shows its cell; a flagged cell links to its finding', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      // The sign slip in Bokslut 2024: the printed result disagrees with its parts.
      const CHECK = '[data-check="kontrollsumma/resultatrakning/arets-resultat/bokslut-2024"]';
      await showView(page, 'kontroller');
      await page.locator(`${CHECK} button.show-cell`).click();
      await page.waitForSelector('main#main[data-view="tabell-resultatrakning"]');
      await page.waitForSelector('main#main .jumped');
      const jumped = await page.evaluate(() => {
        const el = document.querySelector('main#main .jumped');
        const r = el.getBoundingClientRect();
        return {
          tag: el.tagName,
          cell: el.getAttribute('data-cell'),
          focused: el === document.activeElement || el.contains(document.activeElement),
          inView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth,
          count: document.querySelectorAll('.jumped').length,
        };
      });
      assert.ok(['TD', 'TH'].includes(jumped.tag), JSON.stringify(jumped));
      assert.match(jumped.cell ?? '', /^resultatrakning\/arets-resultat\/bokslut-2024/, JSON.stringify(jumped));
      assert.ok(jumped.focused, `the cell has the focus: ${JSON.stringify(jumped)}`);
      assert.ok(jumped.inView, `the cell is in sight: ${JSON.stringify(jumped)}`);
      assert.equal(jumped.count, 1);
      assert.equal(vy(page), 'tabell-resultatrakning');
      await screenshot(page, 'shell-jumped');
      // Back to the findings with the back button.
      await page.goBack();
      await page.waitForSelector('main#main[data-view="kontroller"]');

      // From the table: the flagged printed total links to its finding (the rounding of the
      // printed Budget 2026 result).
      await showTable(page, 'resultatrakning');
      const links = page.locator('section[data-table="resultatrakning"] a.finding-link');
      assert.ok((await links.count()) >= 1, 'a flagged cell has a link to its finding');
      const target = 'fynd-resultatrakning-arets-resultat-budget-2026';
      // The link by its href's fragment, else by the cell it is in.
      const index = await links.evaluateAll((as, t) => as.findIndex((a) =>
        (a.getAttribute('href') ?? '').endsWith(`#${t}`) ||
        (a.closest('[data-cell]')?.getAttribute('data-cell') ?? '').startsWith('resultatrakning/arets-resultat/budget-2026')), target);
      assert.ok(index >= 0, `no link to ${target}: ${await links.evaluateAll((as) => as.map((a) => `${a.getAttribute('href')} in ${a.closest('[data-cell]')?.dataset.cell}`))}`);
      const link = links.nth(index);
      assert.match(await link.getAttribute('href'), /^\?vy=kontroller/);
      // (Dispatched rather than clicked with the mouse: whether the mouse reaches the link is
      // asserted on its own below.)
      await link.dispatchEvent('click');
      await page.waitForSelector('main#main[data-view="kontroller"]');
      const finding = await page.waitForFunction((id) => {
        const el = document.getElementById(id);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return {
          inView: r.top >= 0 && r.top < innerHeight,
          focused: el === document.activeElement || el.contains(document.activeElement),
          text: el.textContent,
        };
      }, target, { timeout: TIMEOUT_MS });
      const seen = await finding.jsonValue();
      assert.ok(seen.inView, `the finding is in sight: ${JSON.stringify(seen)}`);
      assert.ok(seen.focused, `the finding has the focus: ${JSON.stringify(seen)}`);
      assert.match(plain(seen.text), /Årets resultat/);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('.notice').count(), 0, 'a notice about the link');

      // Every flagged cell's link can be clicked where it is drawn: inside its own cell, not
      // under the next cell's figure.
      await showTable(page, 'resultatrakning');
      const covered = await links.evaluateAll((as) => as.flatMap((a) => {
        const r = a.getBoundingClientRect();
        const td = a.closest('td, th').getBoundingClientRect();
        const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        const where = `${a.textContent} in ${a.closest('[data-cell]')?.dataset.cell}`;
        const out = [];
        if (r.right > td.right + 0.5 || r.left < td.left - 0.5) out.push(`${where}: drawn at ${Math.round(r.left)}–${Math.round(r.right)} px, its cell ${Math.round(td.left)}–${Math.round(td.right)} px`);
        if (!(hit === a || a.contains(hit))) out.push(`${where}: a click at its middle reaches ${hit?.outerHTML.slice(0, 90)}`);
        return out;
      }));
      assert.deepEqual(covered, []);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('the status line sums, counts and averages the selected cells', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      const status = page.locator('main#main p.status-line[role="status"]');
      await status.waitFor({ state: 'attached' });
      // Personal, Lokaler and Bidrag kostnader of Budget 2026, selected with Shift+arrows.
      await page.focus(PERSONAL);
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      // −896 017 − 117 205 − 56 695 = −1 069 917; three cells; −356 639 on average.
      await page.waitForFunction(() => /Antal\s*3/.test(document.querySelector('p.status-line')?.textContent ?? ''));
      const text = plain(await status.textContent()).replace(/−/g, '-');
      assert.match(text, /Summa:? -1 069 917/, text);
      assert.match(text, /Antal:? 3/, text);
      assert.match(text, /Medel:? -356 639/, text);
      // A block two columns wide: Budget 2026 and Förändring of Personal and Lokaler.
      await page.focus(`${cell('resultatrakning/personal/budget-2026')} input`);
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Shift+ArrowDown');
      await page.waitForFunction(() => /Antal\s*4/.test(document.querySelector('p.status-line')?.textContent ?? ''));
      const block = plain(await status.textContent()).replace(/−/g, '-');
      assert.match(block, /Summa:? -?[\d ]+ · Antal:? 4 · Medel:? -?[\d ]+/, block);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('removing a row says what it removed; undo brings it back', async () => {
    const tab = await open();
    const { page } = tab;
    try {
      const section = page.locator('section[data-table="resultatrakning"]');
      const before = await page.textContent(KOSTNADER);
      const other = await page.inputValue(`${cell('resultatrakning/ovrigt/budget-2026')} input`);
      await section.getByRole('button', { name: 'Redigera struktur' }).click();
      await section.getByRole('button', { name: 'Ta bort Övrigt', exact: true }).click();
      // "Raden ”Övrigt” togs bort ur Resultaträkning. Ångra (Ctrl+Z) tar tillbaka den."
      const REMOVED = /(Tog bort raden|Raden) [”«"]?Övrigt[”»"]?/;
      await page.waitForFunction((re) => new RegExp(re).test(document.body.textContent), REMOVED.source);
      const said = await page.evaluate((re) =>
        [...document.querySelectorAll('[role="alert"], [role="status"]')].map((el) => el.textContent).find((t) => new RegExp(re).test(t)),
      REMOVED.source);
      assert.ok(said, 'the message is announced (role alert or status)');
      assert.match(plain(said), /Resultaträkning/, said);
      assert.match(plain(said), /Ångra|Ctrl\+Z/, `the message says how to undo: ${said}`);
      assert.equal(await page.locator('tr[data-row="ovrigt"]').count(), 0);
      assert.notEqual(await page.textContent(KOSTNADER), before);
      await screenshot(page, 'shell-row-removed');
      await undoButton(page).click();
      await page.locator(`${cell('resultatrakning/ovrigt/budget-2026')}`).waitFor();
      assert.equal(await page.inputValue(`${cell('resultatrakning/ovrigt/budget-2026')} input`), other);
      assert.equal(await page.textContent(KOSTNADER), before);
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
