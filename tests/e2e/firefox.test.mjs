// The budget officer's journey in Firefox ESR (issue 18 item 2), the other browsers' engine on
// the intranet: Debian's firefox-esr, headless, driven through geckodriver (WebDriver classic for
// clicks, typing and file inputs; WebDriver BiDi to record every request and page error) by npm
// selenium-webdriver. Edit a cost line like a user and see the totals and the check move, export
// CSV, save the scenario file and open it again, and use the one-file edition from file://,
// going between the workbook shell's views (issue 16) as a user does, by the views navigation.
// The browser tests of tests/web.rs run in Firefox too, by wasm-pack in scripts/test.sh.
//
// firefox-esr and geckodriver are part of the toolchain (scripts/setup.sh installs both): when
// either is missing the journey fails, it is never skipped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import webdriver from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import {
  ARTIFACTS_DIR,
  BASE_PATH,
  DIST_DIR,
  FIREFOX_PATH,
  TIMEOUT_MS,
  isLocalUrl,
  startServer,
} from './harness.mjs';

const { Builder, By, Key } = webdriver;

const cell = (id) => `td[data-cell="${id}"]`;
const PERSONAL = `${cell('resultatrakning/personal/budget-2026')} input`;
const KOSTNADER = cell('resultatrakning/verksamhetens-kostnader/budget-2026');
const RESULTAT = cell('resultatrakning/arets-resultat/budget-2026');
const DEFAULT_KOSTNADER = '-2 496 372';
const EDITED_KOSTNADER = '-2 500 356'; // −2 500 355,5 shown to whole tkr, half away from zero
const RECONCILIATION = 'tr[data-check="avstamning-beraknad/resultatrakning/arets-resultat/budget-2026"]';

async function isExecutable(file) {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && (await isExecutable(path.join(dir, name)))) return path.join(dir, name);
  }
  return null;
}

/** geckodriver's path; throws, naming what is missing, when geckodriver or Firefox ESR is. */
async function toolchain() {
  const missing = [];
  const geckodriver = await findOnPath('geckodriver');
  if (!geckodriver) {
    missing.push(
      'geckodriver is not on PATH: it is part of the toolchain, `bash scripts/setup.sh` installs it ' +
        '(cargo install geckodriver, into ~/.cargo/bin, which scripts/setup.sh puts on PATH)',
    );
  }
  if (!(await isExecutable(FIREFOX_PATH))) {
    missing.push(
      `Firefox ESR is not at ${FIREFOX_PATH}: it is part of the toolchain, \`bash scripts/setup.sh\` ` +
        "installs Debian's firefox-esr (or set FIREFOX_PATH)",
    );
  }
  if (missing.length > 0) throw new Error(`the Firefox journey cannot run:\n  ${missing.join('\n  ')}`);
  return geckodriver;
}

/** Preferences of the journey's profile, on top of those geckodriver sets for automation. */
function firefoxPrefs(downloadDir) {
  return {
    // Downloads are saved at once into the test's folder, without asking.
    'browser.download.folderList': 2,
    'browser.download.dir': downloadDir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.manager.showWhenStarting': false,
    'browser.download.alwaysOpenPanel': false,
    'browser.helperApps.neverAsk.saveToDisk': 'text/csv,application/json',
    'browser.safebrowsing.downloads.enabled': false,
    'intl.accept_languages': 'sv-SE, sv',
    // Nothing leaves the machine: every request that would go through a proxy goes to a closed
    // port on 127.0.0.1 (the journey's server on 127.0.0.1 itself is never proxied), and the
    // browser's own background services are off.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': 9,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': 9,
    'network.proxy.allow_hijacking_localhost': false,
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.update.enabled': false,
    'app.update.auto': false,
  };
}

describe('Firefox ESR journey (geckodriver, WebDriver)', () => {
  let tmp;
  let downloadDir;
  let server;
  let driver;
  /** Every URL the browser requested for its pages (WebDriver BiDi network.beforeRequestSent). */
  const requests = [];
  /** Uncaught exceptions in the pages (a wasm panic surfaces as one). */
  const pageErrors = [];
  const consoleErrors = [];

  before(async () => {
    const geckodriver = await toolchain();
    tmp = await mkdtemp(path.join(tmpdir(), 'kalkyl-firefox-'));
    downloadDir = path.join(tmp, 'downloads');
    const profileDir = path.join(tmp, 'profile');
    await mkdir(downloadDir);
    await mkdir(profileDir);
    server = await startServer();

    const options = new firefox.Options()
      .setBinary(FIREFOX_PATH)
      .addArguments('-headless', '-profile', profileDir)
      .windowSize({ width: 1366, height: 900 });
    for (const [name, value] of Object.entries(firefoxPrefs(downloadDir))) options.setPreference(name, value);
    options.set('webSocketUrl', true); // WebDriver BiDi, for the request and error logs below
    // The driver is given by path, so selenium-webdriver never runs Selenium Manager (which
    // would look for drivers online).
    const service = new firefox.ServiceBuilder(geckodriver);
    driver = await new Builder()
      .forBrowser('firefox')
      .setFirefoxOptions(options)
      .setFirefoxService(service)
      .build();
    await driver.manage().setTimeouts({ implicit: 0, pageLoad: 30_000, script: TIMEOUT_MS });

    // WebDriver BiDi, read directly: selenium-webdriver's wrappers expect event fields this
    // Firefox no longer sends, and a wrapper that throws stops the other listeners.
    const bidi = await driver.getBidi();
    (await bidi.socket).on('message', (data) => {
      const { type, method, params } = JSON.parse(data.toString());
      if (type !== 'event') return;
      if (method === 'network.beforeRequestSent') requests.push(params.request.url);
      if (method === 'log.entryAdded' && params.level === 'error') {
        (params.type === 'javascript' ? pageErrors : consoleErrors).push(params.text);
      }
    });
    await bidi.subscribe(['network.beforeRequestSent', 'log.entryAdded']);
    // The logs are live: a page's request, console error and exception reach them (else the
    // checks below would pass by default).
    const probe = "data:text/html,<script>console.error('kalkyl-probe'); throw new Error('kalkyl-probe')</script>";
    await driver.get(probe);
    await waitFor(
      'the probe page in the BiDi logs',
      () =>
        requests.includes(probe) &&
        pageErrors.some((e) => e.includes('kalkyl-probe')) &&
        consoleErrors.includes('kalkyl-probe'),
    );
    requests.length = 0;
    pageErrors.length = 0;
    consoleErrors.length = 0;
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 5 });
  });

  const evaluate = (script, ...args) => driver.executeScript(script, ...args);
  const text = (selector) => evaluate('return document.querySelector(arguments[0])?.textContent ?? null', selector);
  const value = (selector) => evaluate('return document.querySelector(arguments[0])?.value ?? null', selector);

  /** Polls `probe` until it returns something truthy; fails with `what` and the last value seen. */
  async function waitFor(what, probe, { timeout = TIMEOUT_MS } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      last = await probe();
      if (last) return last;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
      }
      await sleep(50);
    }
  }

  const waitForText = async (selector, want) => {
    let seen;
    await waitFor(`${selector} to read ${JSON.stringify(want)}`, async () => {
      seen = await text(selector);
      return seen === want;
    }).catch((err) => {
      throw new Error(`${err.message}; it reads ${JSON.stringify(seen)}`);
    });
  };

  async function open(url) {
    await driver.get(url);
    await waitFor('document.body.dataset.ready === "1" and a view in main', () =>
      evaluate("return document.body?.dataset.ready === '1' && !!document.querySelector('main#main[data-view]')"),
    );
  }

  /** As a user: click the cell, type over its figure, press Enter. */
  async function typeInCell(selector, typed) {
    await driver.findElement(By.css(selector)).click();
    await driver.actions().sendKeys(typed).sendKeys(Key.ENTER).perform();
  }

  /**
   * Clicks `selector` and returns the file the click saved into the download folder, once it is
   * complete (no .part file left, size unchanged between two looks).
   */
  async function download(selector) {
    const before = new Set(await readdir(downloadDir));
    await driver.findElement(By.css(selector)).click();
    let size = -1;
    return waitFor(`a download from ${selector} in ${downloadDir}`, async () => {
      const names = await readdir(downloadDir);
      const fresh = names.filter((n) => !before.has(n) && !n.endsWith('.part'));
      if (fresh.length > 1) throw new Error(`one click saved several files: ${fresh.join(', ')}`);
      if (fresh.length === 0 || names.some((n) => n.endsWith('.part'))) return null;
      const file = path.join(downloadDir, fresh[0]);
      const bytes = await readFile(file);
      const done = bytes.length > 0 && bytes.length === size;
      size = bytes.length;
      return done && { filename: fresh[0], file, bytes };
    });
  }

  /** Shows the view `code` by its link in the views navigation (see harness.mjs showView). */
  async function showView(code) {
    const current = () => evaluate("return document.querySelector('main#main')?.getAttribute('data-view') ?? null");
    if ((await current()) === code) return;
    await driver.findElement(By.css(`nav.views a[data-view="${code}"]`)).click();
    await waitFor(`the view ${code}`, async () => (await current()) === code);
  }

  /** Opens the header menu `details.<which>` (file-menu, settings-menu) unless it is open. */
  async function openMenu(which) {
    const details = `header.app-header details.${which}`;
    if (!(await evaluate('return document.querySelector(arguments[0])?.open === true', details))) {
      await driver.findElement(By.css(`${details} > summary`)).click();
      await waitFor(`${details} open`, () => evaluate('return document.querySelector(arguments[0])?.open === true', details));
    }
  }

  /** Opens the file menu and saves what `selector` in it downloads. */
  async function downloadFromFileMenu(selector) {
    await openMenu('file-menu');
    return download(selector);
  }

  async function screenshot(name) {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(path.join(ARTIFACTS_DIR, `${name}.png`), await driver.takeScreenshot(), 'base64');
  }

  /** Fails if a request since `requests[from]` left `origin`, a page threw or logged an error. */
  function assertClean(origin, from = 0) {
    const external = requests.slice(from).filter((url) => !isLocalUrl(url, origin));
    assert.deepEqual(external, [], `requests left ${origin}`);
    assert.deepEqual(pageErrors, [], 'uncaught page errors');
    assert.deepEqual(consoleErrors, [], 'console errors');
  }

  test('edit Personal Budget 2026 by click, typing and Enter: totals and the reconciliation move', async (t) => {
    const capabilities = await driver.getCapabilities();
    t.diagnostic(`${capabilities.getBrowserName()} ${capabilities.getBrowserVersion()}`);
    await open(server.url);
    assert.ok((await driver.findElements(By.css('nav.views a[data-view^="tabell-"]'))).length >= 3, 'tables listed');
    assert.equal(await evaluate("return document.querySelector('main#main')?.getAttribute('data-view')"), 'tabell-resultatrakning');
    assert.equal(await text(KOSTNADER), DEFAULT_KOSTNADER);
    assert.equal(await text(RESULTAT), '-1 558 822');

    await typeInCell(PERSONAL, '-900 000,5');
    await waitForText(KOSTNADER, EDITED_KOSTNADER);
    assert.equal(await text(RESULTAT), '-1 562 806');
    assert.equal(await value(PERSONAL), '-900 000,5');
    // The income statement's result no longer equals minus the activity total: −3 983 tkr apart.
    await showView('kontroller');
    assert.match(await driver.findElement(By.css(RECONCILIATION)).getAttribute('class'), /\berror\b/);
    const cells = await driver.findElements(By.css(`${RECONCILIATION} td`));
    assert.equal((await cells[4].getText()).trim(), '-3 983');
    assertClean(server.origin);
  });

  test('export CSV: the saved file is Swedish Excel CSV with the edited figure', async () => {
    const csv = await downloadFromFileMenu('#export-csv-sv');
    assert.match(csv.filename, /\.csv$/);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const body = csv.bytes.toString('utf8');
    assert.ok(body.includes('Personal;-888391;-845648;-905345;-900000,5;'), body.slice(0, 400));
    assert.ok(body.includes('Verksamhetens kostnader;-2506883;-2497229;-2568259;-2500355,5;'), body.slice(0, 400));
    assert.ok(body.includes('\r\n'), 'CRLF records for Excel');
  });

  test('save the scenario file, reset, open the file again: the figure is back', async () => {
    const saved = await downloadFromFileMenu('#export-json');
    assert.match(saved.filename, /\.kalkyl\.json$/);
    const file = JSON.parse(saved.bytes.toString('utf8'));
    assert.equal(file.format, 'kalkyl-scenario');
    assert.equal(file.version, 2);
    const rr = file.workbook.tables.find((t) => t.id === 'resultatrakning');
    const personal = rr.rows.find((r) => r.id === 'personal');
    assert.deepEqual(personal.cells['budget-2026'], { number: '-900000.5' });

    await showView('scenarier');
    await driver.findElement(By.css('#reset')).click();
    await waitFor('the reset question', async () => (await driver.findElements(By.css('[role="alertdialog"]'))).length);
    await driver.findElement(By.css('#confirm-yes')).click();
    await showView('tabell-resultatrakning');
    await waitForText(KOSTNADER, DEFAULT_KOSTNADER);
    assert.equal(await value(PERSONAL), '-896 017');

    // The hidden file input in the file menu takes the path, as the file chooser would give it.
    await openMenu('file-menu');
    await driver.findElement(By.css('#open-file')).sendKeys(saved.file);
    await showView('tabell-resultatrakning');
    await waitForText(KOSTNADER, EDITED_KOSTNADER);
    assert.equal(await value(PERSONAL), '-900 000,5');
    assert.equal(await text(RESULTAT), '-1 562 806');
    assert.equal(
      await text('[data-info="scenarios"]'),
      // A file the page saved carries its totals, and they are checked on opening.
      `Öppnade ”${saved.filename}” som ett eget scenario; det du hade finns kvar i listan. Siffrorna stämmer med filens kontrollsummor.`,
    );
    await showView('scenarier');
    const listed = await driver.findElements(By.css('tr[data-scenario]'));
    assert.equal(listed.length, 2, 'the work from before the reset is still listed');
    await screenshot('firefox-scenario-opened');
    assertClean(server.origin);
    // The app's files came from under the sub-path. (Firefox also asks for /favicon.ico, a 404
    // until the page declares an icon: issue 18 item 5.)
    const wasm = (p) => p.startsWith(BASE_PATH) && p.endsWith('.wasm');
    assert.ok(server.requests.some(wasm), server.requests.join(' '));
    assert.ok(requests.some((url) => wasm(new URL(url).pathname)), 'BiDi saw the page load the app');
  });

  test('the one-file edition from file:// renders its tables, takes an edit and exports CSV', async () => {
    const url = pathToFileURL(path.join(DIST_DIR, 'kalkyl-fristaende.html')).href;
    const seen = requests.length;
    await open(url);
    assert.ok((await driver.findElements(By.css('nav.views a[data-view^="tabell-"]'))).length >= 3, 'tables listed');
    assert.equal(await text(KOSTNADER), DEFAULT_KOSTNADER);
    await showView('tabell-drift');
    assert.equal(await text(cell('drift/arets-resultat/budget-2026')), '1 558 823');

    await showView('tabell-resultatrakning');
    await typeInCell(PERSONAL, '-900 000');
    await waitForText(KOSTNADER, '-2 500 355');
    assert.equal(await value(PERSONAL), '-900 000');
    const csv = (await downloadFromFileMenu('#export-csv-sv')).bytes.toString('utf8');
    assert.ok(csv.includes('Personal;-888391;-845648;-905345;-900000;'), csv.slice(0, 400));

    // Only the page itself was loaded: no separate .wasm, .js or .css, nothing from a server.
    const loaded = requests.slice(seen).filter((r) => !r.startsWith('data:') && !r.startsWith('blob:'));
    assert.ok(loaded.every((r) => r === url), loaded.join('\n'));
    const resources = await evaluate(
      "return performance.getEntriesByType('resource').map((e) => e.name)" +
        ".filter((n) => !n.startsWith('data:') && !n.startsWith('blob:'))",
    );
    assert.deepEqual(resources, []);
    assertClean('null', seen); // a file: URL's origin is opaque
    await screenshot('firefox-one-file-edition');
  });
});
