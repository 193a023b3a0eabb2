/**
 * The start-up that recovery pays: a restart until the next cell's output,
 * and Stop on a page that is not cross-origin isolated (the fallback that
 * replaces the worker) until the next cell's output, both right after the
 * kernel is ready and with its spare warm; against the stock kernel's
 * restart in the same run. One fresh page load per run.
 */
import { progress, summary } from './lib.mjs';
import { clickStop, openNotebook } from './stop.mjs';

/** How long "with the spare warm" waits after the kernel is ready. */
const WARM_WAIT_MS = 8000;

/** ms from a Stop click on `while True: pass` until the next cell printed. */
async function stopThenNext(page) {
  const shown = await clickStop(
    page,
    'while True: pass',
    'KernelRestarted',
    30000
  );
  if (typeof shown !== 'number') {
    throw new Error(`plain Stop: ${shown}`);
  }
  const next = await page.evaluate(() =>
    window.__stopBench.runNext('print("back")', 'back')
  );
  return shown + next;
}

const restartThenNext = page =>
  page.evaluate(() => window.__stopBench.restart());

async function onePage(browser, url, kernelName, measure) {
  const { page, context } = await openNotebook(browser, url, kernelName, 0);
  try {
    return await measure(page);
  } finally {
    await context.close();
  }
}

/**
 * `servers`: `plain` (the browsergrad site without isolation) and `stock`.
 * Returns { name: summary } of ms.
 */
export async function measureRecovery(browser, servers, runs) {
  const values = {
    stopAfterReady: [],
    stopWarm: [],
    restartWarm: [],
    stockRestart: []
  };
  for (let run = 0; run < runs; run++) {
    await onePage(
      browser,
      servers.plain.url,
      'Python (browsergrad)',
      async page => {
        values.stopAfterReady.push(await stopThenNext(page));
        await page.waitForTimeout(WARM_WAIT_MS);
        values.stopWarm.push(await stopThenNext(page));
        await page.waitForTimeout(WARM_WAIT_MS);
        values.restartWarm.push(await restartThenNext(page));
      }
    );
    await onePage(
      browser,
      servers.stock.url,
      'Python (Pyodide)',
      async page => {
        // the stock kernel can drop a cell sent right after idle
        await page.waitForTimeout(4000);
        values.stockRestart.push(await restartThenNext(page));
      }
    );
    progress(
      `recovery ${run + 1}/${runs}: Stop right after ready ${Math.round(values.stopAfterReady.at(-1))} ms, ` +
        `warm ${Math.round(values.stopWarm.at(-1))} ms, restart ${Math.round(values.restartWarm.at(-1))} ms, ` +
        `stock restart ${Math.round(values.stockRestart.at(-1))} ms`
    );
  }
  return Object.fromEntries(
    Object.entries(values).map(([key, list]) => [key, summary(list)])
  );
}

/** Table rows (seconds) for measureRecovery's figures. */
export function recoveryMarkdown(stats, cell, ratio) {
  const vsStock = stat => ratio(stat, stats.stockRestart);
  return [
    '| recovery (until the next cell printed) | browsergrad | vs stock restart |',
    '| --- | --- | --- |',
    `| plain page: Stop right after the kernel is ready | ${cell(stats.stopAfterReady)} | ${vsStock(stats.stopAfterReady)} |`,
    `| plain page: Stop with the spare warm | ${cell(stats.stopWarm)} | ${vsStock(stats.stopWarm)} |`,
    `| restart with the spare warm | ${cell(stats.restartWarm)} | ${vsStock(stats.restartWarm)} |`,
    `| stock kernel: restart | ${cell(stats.stockRestart)} | 1.00 |`
  ];
}
