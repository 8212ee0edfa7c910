// Smoke journey: the release build loads under a sub-path, renders, and stays on its own origin.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_PATH,
  captureDownloadFile,
  newPage,
  screenshot,
  serveApp,
  waitForAppReady,
} from './harness.mjs';

describe('smoke', () => {
  const app = serveApp();



  test('app loads under a sub-path, renders its title and makes no external requests', async () => {
    const tab = await newPage(app.browser, app.server.url);
    try {
      const response = await tab.page.goto(app.server.url);
      assert.equal(response?.status(), 200);
      await waitForAppReady(tab.page);

      assert.match(await tab.page.title(), /Kalkyl/);
      const h1 = tab.page.locator('h1').first();
      assert.ok(await h1.isVisible(), '<h1> should be visible');
      assert.notEqual((await h1.textContent())?.trim() ?? '', '', '<h1> should not be empty');
      assert.ok(
        await tab.page.evaluate(() => document.body.textContent?.includes('Kalkyl')),
        'page text should mention "Kalkyl"',
      );

      // The .wasm and its JS glue were fetched relative to the sub-path (public_url = "./").
      const wasm = tab.requests.filter((url) => url.endsWith('.wasm'));
      assert.equal(wasm.length, 1, `expected one .wasm request, got ${JSON.stringify(tab.requests)}`);
      assert.ok(new URL(wasm[0]).pathname.startsWith(BASE_PATH), `wasm not under ${BASE_PATH}: ${wasm[0]}`);

      tab.assertNoExternalRequests();
      tab.assertNoPageErrors();
      assert.deepEqual(tab.consoleErrors, []);

      await screenshot(tab.page, 'smoke');
    } finally {
      await tab.close();
    }
  });

  test('download helper captures a blob: download as bytes', async () => {
    // Exercises captureDownloadFile the way the app's exports work (Blob + object URL +
    // <a download>, URL revoked right after the click), so export tests can rely on it.
    const tab = await newPage(app.browser, app.server.url);
    try {
      await tab.page.goto(app.server.url);
      await waitForAppReady(tab.page);
      const csv = 'Konto;Belopp\n4010;1 234,50\n';
      const { bytes, filename } = await captureDownloadFile(tab.page, () =>
        tab.page.evaluate((text) => {
          const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
          const a = Object.assign(document.createElement('a'), { href: url, download: 'budget.csv' });
          document.body.append(a);
          a.click();
          a.remove();
          URL.revokeObjectURL(url); // right after click(), as src/platform/browser.rs does
        }, csv),
      );
      assert.equal(filename, 'budget.csv');
      assert.ok(Buffer.isBuffer(bytes));
      assert.equal(bytes.toString('utf8'), csv);
      tab.assertNoExternalRequests();
    } finally {
      await tab.close();
    }
  });
});
