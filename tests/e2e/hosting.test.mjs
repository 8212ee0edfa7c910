// On a real web server (issue 18): Debian's nginx with the deployment's own location block
// (scripts/nginx-conf.mjs, docs/hosting.md) serves dist/ under /intranet/ekonomi/kalkyl/ with
// the page's policy as a response header (plus frame-ancestors), application/wasm, gzip,
// a year's caching for hashed files and revalidation for the rest; the app runs there without a
// policy violation or console error, and its favicon is served. The smoke, policy and scale
// journeys also run against nginx (scripts/test.sh, KALKYL_SERVER=nginx).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { builtPolicy } from '../../scripts/nginx-conf.mjs';
import { DIST_DIR, launchBrowser, newPage, waitForAppReady } from './harness.mjs';
import { startNginx } from './nginx.mjs';

const BASE = '/intranet/ekonomi/kalkyl/';

describe('served by nginx', () => {
  let server;
  let browser;
  before(async () => {
    server = await startNginx({ root: DIST_DIR, basePath: BASE });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const get = (file, headers = {}) => fetch(`${server.url}${file}`, { headers, redirect: 'manual' });

  test('headers: policy with frame-ancestors, wasm type, gzip, caching by name', async () => {
    const files = await readdir(DIST_DIR);
    const wasm = files.find((f) => f.endsWith('_bg.wasm'));
    const js = files.find((f) => /^kalkyl-[0-9a-f]{8,16}\.js$/.test(f));
    const policy = await builtPolicy(DIST_DIR);

    const index = await get('');
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-security-policy'), `${policy}; frame-ancestors 'self'`);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');

    const module = await get(wasm, { 'Accept-Encoding': 'gzip' });
    assert.equal(module.status, 200);
    assert.equal(module.headers.get('content-type'), 'application/wasm');
    assert.equal(module.headers.get('content-encoding'), 'gzip');
    assert.equal(module.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(module.headers.get('content-security-policy'), `${policy}; frame-ancestors 'self'`);
    const glue = await get(js, { 'Accept-Encoding': 'gzip' });
    assert.match(glue.headers.get('content-type'), /^application\/javascript/);
    assert.equal(glue.headers.get('content-encoding'), 'gzip');
    assert.equal(glue.headers.get('cache-control'), 'public, max-age=31536000, immutable');

    // The XLSX module's names carry no hash: it revalidates, so a deploy never mixes versions.
    const xlsx = await get('xlsx/kalkyl_xlsx_bg.wasm');
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get('cache-control'), 'no-cache');

    const bare = await fetch(`${server.origin}${BASE.slice(0, -1)}`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(new URL(bare.headers.get('location'), server.origin).pathname, BASE);
    assert.equal((await fetch(`${server.origin}/annat/`)).status, 404);
  });

  test('the app runs under the header policy: no violation, no console error, a favicon', async () => {
    const tab = await newPage(browser, server.url);
    const { page } = tab;
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      const failed = [];
      page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
      await page.goto(server.url);
      await waitForAppReady(page);
      const personal = 'td[data-cell="resultatrakning/personal/budget-2026"] input';
      await page.click(personal);
      await page.keyboard.type('-900 000');
      await page.keyboard.press('Enter');
      assert.equal(await page.textContent('td[data-cell="resultatrakning/verksamhetens-kostnader/budget-2026"]'), '-2 500 355');
      const icon = await page.getAttribute('link[rel="icon"]', 'href');
      assert.ok(icon, 'the page names a favicon');
      assert.equal((await get(icon.replace(/^\.\//, ''))).status, 200);
      assert.deepEqual(failed, []);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(tab.consoleErrors, []);
      tab.assertNoPageErrors();
      tab.assertNoExternalRequests();
      assert.ok(server.requests.some((p) => p.endsWith('.wasm')), 'the access log records the wasm');
    } finally {
      await tab.close();
    }
  });
});
