// Open time and memory of generated scenario files, stored work and share links, along one
// dimension at a time (tests/e2e/limits-files.mjs), in headless Chromium on the release build:
//   node bench/limits.mjs <dimension> <n> [<n> …]      e.g. node bench/limits.mjs tables 100 300
// Open time: a file is chosen in "Öppna scenariofil…" (from disk, as a user does) → the opened
// scenario's notice is shown and a frame after it has been drawn (the page answers again).
// Stored work (undo) and links are timed from navigation to the app's ready mark and the
// scenario shown. Memory: the wasm instance's linear memory and the JS heap after opening.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, startServer, waitForAppReady } from '../tests/e2e/harness.mjs';
import { generators, linkPayload, storedWork } from '../tests/e2e/limits-files.mjs';

/** Records the wasm memory when Trunk's loader reports the instance (index.html dispatches
 *  `TrunkApplicationStarted` with the exports). */
export const MEMORY_PROBE = () => {
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__kalkylMemory = e.detail?.wasm?.memory;
  });
};

export async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
  const wasm = await page.evaluate(() => window.__kalkylMemory?.buffer.byteLength ?? 0);
  await cdp.detach();
  return { wasmMB: wasm / 2 ** 20, heapMB: heap / 2 ** 20, nodes };
}

const frame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** Chooses `file` in the scenario picker; resolves with the milliseconds until the outcome
 *  (opened or refused) is on screen and the page has drawn a frame, and the notice text. */
export async function openFile(page, file) {
  const start = Date.now();
  await page.setInputFiles('#open-file', file);
  await page.waitForFunction(
    () => /Öppnade|Opened|öppnades inte|was not opened/.test(document.body.textContent),
    null,
    { timeout: 120_000, polling: 50 },
  );
  await frame(page);
  const ms = Date.now() - start;
  const text = await page.evaluate(() => document.querySelector('.notice, .info, [role="status"]')?.textContent ?? '');
  return { ms, text };
}

async function measureFile(browser, url, dir, dimension, n) {
  const file = path.join(dir, `${dimension}-${n}.kalkyl.json`);
  const text = generators[dimension](n);
  await writeFile(file, text);
  const tab = await newPage(browser, url);
  await tab.page.addInitScript(MEMORY_PROBE);
  await tab.page.goto(url);
  await waitForAppReady(tab.page);
  const { ms, text: notice } = await openFile(tab.page, file);
  const mem = await memory(tab.page);
  const errors = tab.pageErrors.length;
  await tab.close();
  return { bytes: text.length, ms, ...mem, errors, notice: notice.slice(0, 160) };
}

async function measureStored(browser, url, n) {
  const text = storedWork(n);
  const tab = await newPage(browser, url);
  await tab.page.addInitScript(MEMORY_PROBE);
  await tab.page.addInitScript((t) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('kalkyl.scenarier', t);
      sessionStorage.setItem('seeded', '1');
    }
  }, text);
  const start = Date.now();
  await tab.page.goto(url);
  await waitForAppReady(tab.page, { timeout: 120_000 });
  await tab.page.waitForSelector('section[data-table="t1"]', { timeout: 120_000 });
  await frame(tab.page);
  const ms = Date.now() - start;
  const mem = await memory(tab.page);
  const errors = tab.pageErrors.length;
  await tab.close();
  return { bytes: text.length, ms, ...mem, errors };
}

async function measureLink(browser, url, n) {
  const payload = linkPayload(n);
  const tab = await newPage(browser, url);
  await tab.page.addInitScript(MEMORY_PROBE);
  const start = Date.now();
  await tab.page.goto(`${url}#s=${payload}`);
  await waitForAppReady(tab.page, { timeout: 120_000 });
  await tab.page.waitForFunction(
    () => document.querySelector('section[data-table="t1"]') || /länk|link/i.test(document.querySelector('.notice')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  await frame(tab.page);
  const ms = Date.now() - start;
  const mem = await memory(tab.page);
  const notice = await tab.page.evaluate(() => document.querySelector('.notice')?.textContent ?? '');
  const errors = tab.pageErrors.length;
  await tab.close();
  return { chars: payload.length, ms, ...mem, errors, notice: notice.slice(0, 160) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dimension, ...sizes] = process.argv.slice(2);
  const server = await startServer();
  const browser = await launchBrowser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kalkyl-limits-'));
  try {
    for (const n of sizes.map(Number)) {
      let r;
      if (dimension === 'undo') r = await measureStored(browser, server.url, n);
      else if (dimension === 'link') r = await measureLink(browser, server.url, n);
      else r = await measureFile(browser, server.url, dir, dimension, n);
      const f = (x) => x.toFixed(1);
      console.log(
        `${dimension} ${n}: ${r.ms} ms, wasm ${f(r.wasmMB)} MB, JS heap ${f(r.heapMB)} MB, ${r.nodes} DOM nodes, ` +
          `${r.bytes ?? r.chars} ${r.bytes ? 'bytes' : 'chars'}, page errors ${r.errors}${r.notice ? `, notice: ${r.notice}` : ''}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await browser.close();
    await server.close();
  }
}
