// Screenshots of every view of the workbook shell (issue 16) at 1366×768, the laptop the issue
// measures against, into docs/screens/<code>.png (`tabell-<table>.png` for each table of the
// default scenario, then `overbryggning.png`, `diagram.png`, `kontroller.png`, `verktyg.png`,
// `scenarier.png`, `import.png`, `utskrift.png`). Each is the viewport a user sees on opening
// the view's address (`?vy=<code>`), not the full page: what fits on one screen is the point.
// Also `docs/screens/redigera-struktur.png` (the income statement in 'Redigera struktur' mode)
// and `docs/screens/arkiv.png` (the file menu open).
//
// Run after a release build: `trunk build --release && node scripts/screenshots.mjs`
// (KALKYL_DIST=<dir> for another build, SCREENS_DIR=<dir> for another output folder).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  REPO_ROOT,
  fromFileMenu,
  launchBrowser,
  newPage,
  startServer,
  waitForAppReady,
} from '../tests/e2e/harness.mjs';

const OUT = path.resolve(process.env.SCREENS_DIR ?? path.join(REPO_ROOT, 'docs', 'screens'));
const VIEWPORT = { width: 1366, height: 768 };

const settle = (page) =>
  page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
const written = [];
try {
  const tab = await newPage(browser, server.url);
  const { page } = tab;
  await page.setViewportSize(VIEWPORT);
  await page.goto(server.url);
  await waitForAppReady(page);
  const codes = await page.$$eval('nav.views a[data-view]', (as) => as.map((a) => a.dataset.view));
  if (codes.length === 0) throw new Error('no views navigation (nav.views a[data-view]): is this a build of the shell?');
  const shoot = async (name) => {
    await settle(page);
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    written.push(path.relative(REPO_ROOT, file));
  };
  for (const code of codes) {
    // Opened by its address, as a bookmark or a shared link would (a fresh load each time, so
    // no view is scrolled or left with a focus ring by the one before).
    await page.goto(`${server.url}?vy=${encodeURIComponent(code)}`);
    await waitForAppReady(page);
    await page.waitForSelector(`main#main[data-view="${code}"]`);
    await shoot(code);
  }

  await page.goto(`${server.url}?vy=tabell-resultatrakning`);
  await waitForAppReady(page);
  await page
    .locator('section[data-table="resultatrakning"]')
    .getByRole('button', { name: 'Redigera struktur' })
    .click();
  await page.locator('section[data-table="resultatrakning"] button[aria-pressed="true"]').waitFor();
  await page.mouse.move(0, 0);
  await shoot('redigera-struktur');

  await page.goto(server.url);
  await waitForAppReady(page);
  await fromFileMenu(page, null, { click: false });
  await shoot('arkiv');

  tab.assertNoPageErrors();
  tab.assertNoExternalRequests();
  await tab.close();
} finally {
  await browser.close();
  await server.close();
}
console.log(`${written.length} screenshots at ${VIEWPORT.width}×${VIEWPORT.height}:\n  ${written.join('\n  ')}`);
