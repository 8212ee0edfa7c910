// The run command a newcomer types (issue 18): `bash scripts/run.sh` builds, says where the app
// is, and serves a page that loads with no console error, no policy violation and no failed
// request (the favicon included).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO_ROOT, launchBrowser, newPage, waitForAppReady } from './harness.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

describe('bash scripts/run.sh', () => {
  test('serves the release build cleanly and says where', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const child = spawn('bash', ['scripts/run.sh'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const browser = await launchBrowser();
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          const at = out.match(/Kalkyl is at (http:\/\/127\.0\.0\.1:\d+\/)/);
          if (at) { clearInterval(timer); resolve(at[1]); }
          if (child.exitCode !== null) { clearInterval(timer); reject(new Error(`run.sh exited ${child.exitCode}:\n${out}`)); }
        }, 100);
      });
      assert.equal(url, `http://127.0.0.1:${port}/`);
      const tab = await newPage(browser, url);
      const { page } = tab;
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const failed = [];
      page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
      page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
      await page.goto(url);
      await waitForAppReady(page);
      await page.waitForTimeout(500); // the favicon is requested after load
      assert.deepEqual(failed, []);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(tab.consoleErrors, []);
      tab.assertNoPageErrors();
      assert.ok(tab.requests.some((r) => /favicon-[0-9a-f]+\.svg$/.test(r)), `no favicon request: ${tab.requests.join(', ')}`);
      await tab.close();
    } finally {
      await browser.close();
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  });
});
