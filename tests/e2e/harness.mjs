// End-to-end test harness for Kalkyl: serves the release build in dist/ and drives the system
// Chromium through playwright-core. Used by the journeys in tests/e2e/*.test.mjs, run with
// `node --test tests/e2e/*.test.mjs` (scripts/test.sh, or `npm run test:e2e`) after
// `trunk build --release` has produced dist/.
//
// Typical journey:
//   const server = await startServer();
//   const browser = await launchBrowser();
//   const { page, assertNoExternalRequests, assertNoPageErrors } = await newPage(browser, server.url);
//   await page.goto(server.url);
//   await waitForAppReady(page);
//   ... interact, assert ...
//   assertNoExternalRequests();
//   await browser.close(); await server.close();

import { after, before } from 'node:test';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { startNginx } from './nginx.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Directory served by startServer(); override with KALKYL_DIST. */
export const DIST_DIR = path.resolve(process.env.KALKYL_DIST ?? path.join(REPO_ROOT, 'dist'));
/** Whether the journeys run against nginx (KALKYL_SERVER=nginx) rather than the node server. */
export const ON_NGINX = process.env.KALKYL_SERVER === 'nginx';
/** Sub-path the app is served under, proving Trunk's `public_url = "./"` (relative asset URLs);
 *  under nginx the one docs/hosting.md deploys to. */
export const BASE_PATH = ON_NGINX ? '/intranet/ekonomi/kalkyl/' : '/intranet/kalkyl/';
/** Screenshots and other test output (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests', 'e2e', 'artifacts');
/** System Chromium (Debian `chromium`); `npx playwright install` is never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
/** System Firefox ESR (Debian `firefox-esr`), driven through geckodriver by firefox.test.mjs. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Default timeout for waits in the journeys (ms). */
export const TIMEOUT_MS = 15_000;

/**
 * Serves `root` (default dist/) under `basePath` on 127.0.0.1 on a free port: with the
 * dependency-free node server (scripts/static-server.mjs), or with Debian's nginx and the
 * deployment's own configuration when KALKYL_SERVER=nginx (tests/e2e/nginx.mjs), so the same
 * journeys run against a real web server.
 * @returns {Promise<{url: string, origin: string, requests: string[], close: () => Promise<void>}>}
 *   `url` is the app URL (origin + basePath); `requests` lists every path requested.
 */
export async function startServer({ root = DIST_DIR, basePath = BASE_PATH } = {}) {
  const index = path.join(path.resolve(root), 'index.html');
  if (!(await isFile(index))) {
    throw new Error(`${index} not found: run \`trunk build --release\` first (scripts/test.sh does)`);
  }
  if (ON_NGINX) return startNginx({ root, basePath });
  return startStaticServer({ root, basePath });
}

async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Launches the system Chromium headless via playwright-core.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * Opens a page in a fresh browser context that records every request it makes.
 * Requests leaving `baseUrl`'s origin are recorded and then aborted, so a journey never reaches
 * the network; `assertNoExternalRequests()` fails the test if there were any.
 * Also collects uncaught page errors and console errors.
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseUrl the app URL from startServer()
 * @param {{ bypassCSP?: boolean }} [options] bypassCSP: ignore the page's Content-Security-Policy
 *   (only to inject test tools such as axe-core)
 */
export async function newPage(browser, baseUrl, { bypassCSP = false } = {}) {
  const { origin } = new URL(baseUrl);
  const context = await browser.newContext({ acceptDownloads: true, locale: 'sv-SE', bypassCSP });
  context.setDefaultTimeout(TIMEOUT_MS);
  await context.route(
    (url) => !isLocalUrl(url.href, origin),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();

  const requests = [];
  const pageErrors = [];
  const consoleErrors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(String(error?.stack ?? error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  return {
    context,
    page,
    /** Every URL the page requested, in order. */
    requests,
    /** Uncaught exceptions thrown in the page. */
    pageErrors,
    /** Messages logged with console.error in the page. */
    consoleErrors,
    /** URLs requested outside the page's origin (data: and same-origin blob: URLs are local). */
    externalRequests: () => requests.filter((url) => !isLocalUrl(url, origin)),
    /** Throws if any request left the page's origin. */
    assertNoExternalRequests() {
      const external = requests.filter((url) => !isLocalUrl(url, origin));
      if (external.length > 0) {
        throw new Error(`requests left ${origin}:\n  ${external.join('\n  ')}`);
      }
    },
    /** Throws if the page threw uncaught errors (a wasm panic surfaces as one). */
    assertNoPageErrors() {
      if (pageErrors.length > 0) {
        throw new Error(`uncaught page errors:\n  ${pageErrors.join('\n  ')}`);
      }
    },
    close: () => context.close(),
  };
}

/**
 * Whether `url` stays on the page's `origin`: data: URLs, about:blank and same-origin URLs
 * (blob: URLs count as their creator's origin) are local.
 */
export function isLocalUrl(url, origin) {
  if (url.startsWith('data:') || url === 'about:blank') return true;
  try {
    // `new URL('blob:http://host/uuid').origin` is the blob creator's origin.
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Waits until the app has rendered: it sets `document.body.dataset.ready = "1"` after its
 * first render, so journeys wait for that instead of sleeping.
 * @param {import('playwright-core').Page} page
 */
export async function waitForAppReady(page, { timeout = TIMEOUT_MS } = {}) {
  await page.waitForFunction(() => document.body?.dataset.ready === '1', null, { timeout });
  // The shell draws the view of the address (`?vy=`, else the first table) with the app; an
  // embedded table (`?visa=`) has its own `main.embed` instead.
  await page.waitForSelector('main#main[data-view], main.embed', { timeout, state: 'attached' });
}

// The workbook shell (issue 16) shows one view at a time in `<main id="main" data-view=…>`,
// chosen in `<nav class="views">` (links `a[data-view=<code>]`, `href="?vy=<code>"`): one per
// table (`tabell-<id>`, the first is the default view), `overbryggning` (frame bridge and
// allocation), `diagram`, `kontroller`, `verktyg` (uplift, goal seek, add a table),
// `scenarier`, `import` and `utskrift` (the papers). The file menu and the settings menu in the
// header are <details>: a control inside a closed one cannot be clicked, so open it first.

/** The code of the view on show (`main[data-view]`), or null before the app has rendered. */
export async function currentView(page) {
  return page.evaluate(() => document.querySelector('main#main')?.getAttribute('data-view') ?? null);
}

/**
 * Shows the view `code` as a user does, by its link in the views navigation, and waits until
 * `main` holds it. Nothing happens when it is already on show (so a journey can call it before
 * every use of something in that view).
 * @param {import('playwright-core').Page} page
 * @param {string} code e.g. 'kontroller', 'tabell-drift'
 */
export async function showView(page, code, { timeout = TIMEOUT_MS } = {}) {
  if ((await currentView(page)) === code) return;
  // An open header menu lies over the navigation: close it first, as a user would.
  await closeMenus(page);
  await page.click(`nav.views a[data-view="${code}"]`, { timeout });
  await page.waitForSelector(`main#main[data-view="${code}"]`, { timeout });
}

/** Shows the view of the table `id` (`tabell-<id>`). */
export const showTable = (page, id, options) => showView(page, `tabell-${id}`, options);

/** Shows the view of the table a cell id (`<table>/<row>/<column>`) belongs to. */
export const showCell = (page, cellId, options) => showTable(page, cellId.split('/')[0], options);

/** The ids of the workbook's tables, in the order the views navigation lists them. */
export async function tableIds(page) {
  return page.$$eval('nav.views a[data-view^="tabell-"]', (as) =>
    as.map((a) => a.getAttribute('data-view').slice('tabell-'.length)),
  );
}

/** Opens the header menu `details.<which>` (file-menu or settings-menu) unless it is open. */
export async function openMenu(page, which) {
  const details = `header.app-header details.${which}`;
  await page.waitForSelector(details, { state: 'attached' });
  if (!(await page.$eval(details, (d) => d.open))) {
    await page.click(`${details} > summary`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.open, details);
  }
}

/** Closes every open header menu (by its summary, as a user does). */
export async function closeMenus(page) {
  for (const which of ['file-menu', 'settings-menu']) {
    const details = `header.app-header details.${which}`;
    if (await page.evaluate((sel) => document.querySelector(sel)?.open === true, details)) {
      await page.click(`${details} > summary`);
      await page.waitForFunction((sel) => !document.querySelector(sel)?.open, details);
    }
  }
}

/**
 * Opens the file menu ("Arkiv") and clicks `selector` in it (e.g. '#export-csv-sv'); with
 * `{ click: false }` only opens it (to choose in `#export-scope`, say).
 */
export async function fromFileMenu(page, selector, { click = true } = {}) {
  await openMenu(page, 'file-menu');
  if (selector && click) await page.click(selector);
}

/** Opens the settings menu ("Inställningar"), where `#language` and `#number-style` are. */
export const fromSettings = (page) => openMenu(page, 'settings-menu');

/** Chooses the interface language (`sv`, `en`) in the settings menu, waits for it, closes the menu. */
export async function chooseLanguage(page, code) {
  await fromSettings(page);
  await page.selectOption('#language', code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code);
  await closeMenus(page);
}

/** Chooses the number style (`sv`, `en`) in the settings menu, and closes it. */
export async function chooseNumberStyle(page, code) {
  await fromSettings(page);
  await page.selectOption('#number-style', code);
  await closeMenus(page);
}

/** Chooses what the exports cover (`#export-scope`: the workbook or a table id) in the file menu. */
export async function chooseExportScope(page, scope) {
  await fromFileMenu(page, null, { click: false });
  await page.selectOption('#export-scope', scope);
}
// (The file menu stays open after the scope is chosen: the export button is next.)

/** Clicks `selector` in the file menu and returns the download it starts. */
export const downloadFromFileMenu = (page, selector, options) =>
  captureDownloadFile(page, () => fromFileMenu(page, selector), options);

/** The header's Undo button ("Ångra"/"Undo"). */
export const undoButton = (page, name = 'Ångra') =>
  page.locator('header.app-header').getByRole('button', { name, exact: true });

/**
 * Runs `trigger` (e.g. `() => fromFileMenu(page, '#export-csv-sv')`) and captures the download it starts.
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<unknown>} trigger
 * @returns {Promise<{bytes: Buffer, filename: string}>} contents and the suggested file name
 */
export async function captureDownloadFile(page, trigger, { timeout = TIMEOUT_MS } = {}) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), trigger()]);
  const failure = await download.failure();
  if (failure) throw new Error(`download ${download.suggestedFilename()} failed: ${failure}`);
  const file = await download.path();
  const bytes = await readFile(file);
  await download.delete();
  return { bytes, filename: download.suggestedFilename() };
}

/**
 * Runs `trigger` and returns the bytes of the download it starts (e.g. the exported CSV).
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<unknown>} trigger
 * @returns {Promise<Buffer>}
 */
export async function captureDownload(page, trigger, options) {
  return (await captureDownloadFile(page, trigger, options)).bytes;
}

/**
 * Saves a full-page screenshot to tests/e2e/artifacts/<name>.png and returns its path.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Fires a paste of `tsv` on the focused element, as Excel's clipboard would deliver it.
 * @param {import('playwright-core').Page} page
 * @param {string} tsv
 */
export const paste = (page, tsv) =>
  page.evaluate((data) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', data);
    document.activeElement.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
  }, tsv);

/**
 * Serves dist/ and launches Chromium once for the enclosing `describe`, closing both after it.
 * Returns an object whose `server` and `browser` are set once the suite's `before` has run.
 * @returns {{ server: Awaited<ReturnType<typeof startServer>>, browser: import('playwright-core').Browser }}
 */
export function serveApp() {
  const app = {};
  before(async () => {
    app.server = await startServer();
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
