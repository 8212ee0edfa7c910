// The officer's "what if" journey: give särskilt boende 20 000 instead of 25 000 and see where the
// frame lands; the bridge by activity, the waterfall and undo all follow. Also the uplift tool and
// goal seek, each previewed and applied as one undo step. Screenshots of the charts land in
// tests/e2e/artifacts/ for a human to look at.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS_DIR,
  newPage,
  screenshot,
  serveApp,
  showTable,
  showView,
  undoButton,
  waitForAppReady,
} from './harness.mjs';

const LOV = 'hojd-lov-ersattning-inom-sarskilt-boende';
const ELDERLY = 'vard-och-omsorg-om-aldre';
const cell = (id) => `td[data-cell="${id}"]`;
const ab = (id) => `td[data-ab="${id}"]`;
const lovBar = `svg[data-chart="waterfall"] g[data-bar="${LOV}"]`;

/** Waits until the element matching `sel` has exactly `text` as its trimmed text. */
async function waitText(page, sel, text) {
  await page.waitForFunction(
    ([s, t]) => document.querySelector(s)?.textContent.trim() === t,
    [sel, text],
  );
}

async function undo(page) {
  await undoButton(page).click();
}

describe('allocation journey', () => {
  const app = serveApp();



  test('LOV 25 000 → 20 000 moves elderly care, the frame and the waterfall; undo restores', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(app.server.url);
      await waitForAppReady(page);

      // The default scenario's bridge by activity, in the bridge view.
      await showView(page, 'overbryggning');
      assert.equal(await page.textContent(ab(`${ELDERLY}/forra`)), '781 341');
      assert.equal(await page.textContent(ab(`${ELDERLY}/fordelat`)), '35 100');
      assert.equal(await page.textContent(ab(`${ELDERLY}/foreslaget`)), '821 511');
      assert.equal(await page.textContent(ab(`${ELDERLY}/oforklarat`)), '5 070');
      assert.equal(await page.textContent(ab('ej-fordelat/fordelat')), '25 211');
      assert.equal(await page.textContent(ab('summa/overbryggt')), '1 558 862');
      assert.equal(await page.textContent(ab('summa/foreslaget')), '1 558 823');
      assert.equal(await page.textContent(ab('rest/oforklarat')), '-39');
      assert.equal(await page.textContent(ab('volymer/volymmedel/ej-fordelat')), '-6 300');
      assert.match(await page.getAttribute(ab('volymer/volymmedel/ej-fordelat'), 'class'), /\bover\b/);
      assert.doesNotMatch(await page.getAttribute(ab('ramforandringar/po-forandring/ej-fordelat'), 'class'), /\bover\b/);
      assert.equal(await page.inputValue(`td[data-alloc="ramforandringar/${LOV}/${ELDERLY}"] input`), '100 %');
      await page.locator('section[data-panel="allocation"]').screenshot({ path: path.join(ARTIFACTS_DIR, 'allocation.png') });

      await showView(page, 'diagram');
      assert.equal(await page.getAttribute(lovBar, 'data-value'), '25000');
      const widthBefore = Number(await page.getAttribute(`${lovBar} rect`, 'width'));
      const scaleBefore = Number(await page.getAttribute('svg[data-chart="waterfall"]', 'data-px-per-unit'));
      assert.ok(Math.abs(widthBefore - 25000 * scaleBefore) < 0.01, `${widthBefore} = 25 000 × ${scaleBefore}`);
      assert.equal((await page.textContent(`${lovBar} text.value`)).trim(), '+25 000');
      await page.locator('section[data-panel="charts"]').screenshot({ path: path.join(ARTIFACTS_DIR, 'charts.png') });
      await screenshot(page, 'allocation-page');

      // Budget follows the bridge (the default): the activity and the frame move by 5 000.
      await showTable(page, 'ramforandringar');
      const lov = page.locator(`${cell(`ramforandringar/${LOV}/belopp`)} input`);
      await lov.fill('20 000');
      await lov.press('Enter');
      await showView(page, 'overbryggning');
      await waitText(page, ab(`${ELDERLY}/foreslaget`), '816 511');
      assert.equal(await page.textContent(ab('summa/foreslaget')), '1 553 823');
      assert.equal(await page.textContent(ab('rest/oforklarat')), '-39');
      await showTable(page, 'drift');
      assert.equal(await page.inputValue(`${cell(`drift/${ELDERLY}/budget-2026`)} input`), '816 511');
      assert.equal(await page.textContent(cell('drift/arets-resultat/budget-2026')), '1 553 823');
      await showView(page, 'diagram');
      assert.equal(await page.getAttribute(lovBar, 'data-value'), '20000');
      assert.equal((await page.textContent(`${lovBar} text.value`)).trim(), '+20 000');
      // The axis may rescale; the bar is drawn to the chart's own scale: 20 000 units wide.
      const widthAfter = Number(await page.getAttribute(`${lovBar} rect`, 'width'));
      const scaleAfter = Number(await page.getAttribute('svg[data-chart="waterfall"]', 'data-px-per-unit'));
      assert.ok(Math.abs(widthAfter - 20000 * scaleAfter) < 0.01, `${widthAfter} = 20 000 × ${scaleAfter}`);
      assert.notEqual(widthAfter, widthBefore);
      assert.equal(
        await page.getAttribute(`svg[data-chart="change"] g[data-bar="${ELDERLY}"]`, 'data-value'),
        '35170',
      );
      await page.locator('section[data-panel="charts"]').screenshot({ path: path.join(ARTIFACTS_DIR, 'charts-lov-20000.png') });

      // One undo step (from the header, in any view) restores the line, the budget, the frame
      // and the chart.
      await undo(page);
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-value') === '25000', lovBar);
      assert.equal(Number(await page.getAttribute(`${lovBar} rect`, 'width')), widthBefore);
      await showView(page, 'overbryggning');
      await waitText(page, ab(`${ELDERLY}/foreslaget`), '821 511');
      await showTable(page, 'drift');
      assert.equal(await page.textContent(cell('drift/arets-resultat/budget-2026')), '1 558 823');
      await showTable(page, 'ramforandringar');
      assert.equal(await lov.inputValue(), '25 000');

      // Typed budget: the same change moves the remainder instead.
      await showView(page, 'overbryggning');
      await page.check('#mode-typed');
      await showTable(page, 'ramforandringar');
      await lov.fill('20 000');
      await lov.press('Enter');
      await showView(page, 'overbryggning');
      await waitText(page, ab('rest/oforklarat'), '4 961');
      assert.equal(await page.textContent(ab(`${ELDERLY}/foreslaget`)), '821 511');
      assert.equal(await page.textContent(ab(`${ELDERLY}/oforklarat`)), '10 070');

      // Splitting the line by percentage shows the computed amount; the waterfall by activity.
      const toLss = page.locator(`td[data-alloc="ramforandringar/${LOV}/insatser-enligt-lss-sfb"] input`);
      await toLss.fill('10 %');
      await toLss.press('Enter');
      await waitText(page, ab(`ramforandringar/${LOV}/ej-fordelat`), '-2 000');
      await showView(page, 'diagram');
      await page.check('#waterfall-activities');
      await page.waitForSelector(`svg[data-chart="waterfall"][data-by="verksamhet"] g[data-bar="${ELDERLY}"]`);
      assert.equal(
        await page.getAttribute(`svg[data-chart="waterfall"] g[data-bar="${ELDERLY}"]`, 'data-value'),
        '40170',
      );
      await page.locator('section[data-panel="charts"]').screenshot({ path: path.join(ARTIFACTS_DIR, 'charts-by-activity.png') });
      // How the charts print (black on white, no controls).
      await page.emulateMedia({ media: 'print' });
      await page.locator('section[data-panel="charts"]').screenshot({ path: path.join(ARTIFACTS_DIR, 'charts-print.png') });
      await page.emulateMedia({ media: 'screen' });
      tab.assertNoExternalRequests();
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });

  test('uplift 2,3 % and goal seek are previewed, applied as one step and undone', async () => {
    const tab = await newPage(app.browser, app.server.url);
    const { page } = tab;
    try {
      await page.goto(app.server.url);
      await waitForAppReady(page);
      await showView(page, 'verktyg');
      await page.locator('main#main').screenshot({ path: path.join(ARTIFACTS_DIR, 'tools.png') });
      // Uplift: default table Drift per verksamhet, all activities, Budget 2026, 2,3 %.
      assert.equal(await page.textContent('[data-preview-total="uplift"]'), '35 853');
      assert.equal(
        (await page.textContent(`tr[data-preview-cell="${ELDERLY}/budget-2026"] td:nth-of-type(3)`)).trim(),
        '840 406',
      );
      await page.click('#uplift-apply');
      await page.waitForSelector('[data-uplift="applied"]');
      await showTable(page, 'drift');
      await waitText(page, cell('drift/arets-resultat/budget-2026'), '1 594 676');
      assert.equal(await page.inputValue(`${cell(`drift/${ELDERLY}/budget-2026`)} input`), '840 406');
      await undo(page);
      await waitText(page, cell('drift/arets-resultat/budget-2026'), '1 558 823');

      // Goal seek to a 1 550 000 frame over all activities: exactly on target.
      await showView(page, 'verktyg');
      const target = page.locator('#goal-target');
      await target.fill('1 550 000');
      await target.press('Enter');
      await waitText(page, '[data-goal="gap"]', 'Behöver minskas med 8 823 tkr');
      await page.locator('section[data-panel="goal-seek"]').screenshot({ path: path.join(ARTIFACTS_DIR, 'goal-seek.png') });
      await page.click('#goal-apply');
      await showTable(page, 'drift');
      await waitText(page, cell('drift/arets-resultat/budget-2026'), '1 550 000');
      await screenshot(page, 'after-goal-seek');
      await undo(page);
      await waitText(page, cell('drift/arets-resultat/budget-2026'), '1 558 823');
      tab.assertNoPageErrors();
    } finally {
      await tab.close();
    }
  });
});
