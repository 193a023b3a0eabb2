/**
 * Stop: how long from the Stop click to the cell's KeyboardInterrupt, for each
 * kind of running cell, on a cross-origin isolated page; how long the
 * fallback (a page that is not isolated) takes until the next cell has run;
 * how far a time limit overshoots; and, under Node with real Pyodide, how long
 * from the interrupt-buffer write to the exception at worker level.
 *
 * The stock kernel's Stop does not stop a running cell; its only way back to
 * a usable kernel is a restart, measured here in the same run as the baseline.
 */
import path from 'node:path';

import {
  environment,
  freshContext,
  launchBrowser,
  progress,
  requestFacts,
  serveSite,
  writeGenerated
} from './lib.mjs';

export const STOP_CASES = [
  { key: 'loop', label: '`while True: pass`', body: 'while True: pass' },
  {
    key: 'sleep',
    label: '`time.sleep(60)`',
    body: 'import time\ntime.sleep(60)'
  },
  {
    key: 'asyncio',
    label: '`await asyncio.sleep(60)`',
    body: 'import asyncio\nawait asyncio.sleep(60)'
  },
  {
    key: 'print',
    label: 'tight `print` loop',
    body: 'while True:\n    print("tick")'
  },
  {
    key: 'comprehension',
    label: 'long comprehension',
    body: 'squares = [i * i for i in range(10**9)]'
  },
  {
    key: 'promise',
    label: 'awaited JavaScript promise',
    body: 'import js\nawait js.eval("new Promise(() => {})")'
  }
];

const TIME_LIMIT_S = 1;
/** How long a print flood runs before Stop is clicked. */
const FLOOD_MS = 3000;
const FLOOD_TRIALS = 5;
/** How long after the Stop click a flooded cell is given to end. */
const FLOOD_END_MS = 30000;
const PRINT_LOOP = STOP_CASES.find(c => c.key === 'print').body;
/** How long the stock kernel is given to stop a cell before it is declared not to. */
const STOCK_STOP_WAIT_MS = 5000;
/** The stock kernel can drop a cell run right after it shows idle: wait first. */
const STOCK_SETTLE_MS = 4000;
/** Pause after a restart, so that the kernel's spare worker is warm again. */
const SPARE_WAIT_MS = 12000;

// In-page helpers (run through page.evaluate).

export function pageHelpers() {
  const app = window.jupyterapp;
  const notebook = () => app.shell.currentWidget.content;
  const cellNode = i => notebook().widgets[i].node;
  const outputText = i =>
    [...cellNode(i).querySelectorAll('.jp-OutputArea-output')]
      .map(node => node.textContent)
      .join('\n');
  const until = (test, timeoutMs) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = test();
        if (value) {
          clearInterval(timer);
          clearTimeout(limit);
          resolve(value);
        }
      };
      const timer = setInterval(check, 2);
      const limit = setTimeout(() => {
        clearInterval(timer);
        reject(new Error('timed out'));
      }, timeoutMs);
      check();
    });
  const setSource = (i, source) => {
    const model = notebook().model.sharedModel;
    while (notebook().widgets.length <= i) {
      model.insertCell(notebook().widgets.length, { cell_type: 'code' });
    }
    notebook().widgets[i].model.sharedModel.setSource(source);
    notebook().widgets[i].model.outputs.clear();
    notebook().activeCellIndex = i;
    notebook().deselectAll();
  };
  const runActive = () => void app.commands.execute('notebook:run-cell');
  const idle = () =>
    document.querySelector(
      '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status="idle"]'
    );
  let clickedAt = null;
  document.addEventListener(
    'mousedown',
    event => {
      if (
        /** @type {Element} */ (event.target).closest?.(
          '[data-command="notebook:interrupt-kernel"]'
        )
      ) {
        clickedAt = performance.now();
      }
    },
    true
  );
  window.__stopBench = {
    /** Start `body` in cell 0 and wait until it runs. */
    async start(body) {
      clickedAt = null;
      setSource(0, `print("started", flush=True)\n${body}`);
      runActive();
      await until(() => /^started/.test(outputText(0)), 60000);
    },
    /** After the Stop click: ms from it until `pattern` shows (null: never). */
    async stopped(pattern, timeoutMs) {
      try {
        await until(
          () => clickedAt !== null && new RegExp(pattern).test(outputText(0)),
          timeoutMs
        );
      } catch {
        return null;
      }
      const shown = performance.now() - clickedAt;
      await until(idle, 60000);
      return shown;
    },
    /** Epoch ms when cell 0's last output matches `pattern` (null: never). */
    async shownAt(pattern, timeoutMs) {
      const last = () => {
        const outputs = cellNode(0).querySelectorAll('.jp-OutputArea-output');
        return outputs[outputs.length - 1]?.textContent ?? '';
      };
      try {
        await until(() => new RegExp(pattern).test(last()), timeoutMs);
      } catch {
        return null;
      }
      const at = performance.timeOrigin + performance.now();
      await until(idle, 60000);
      return at;
    },
    /** Run `source` in cell 1 and wait for `expected`: ms. */
    async runNext(source, expected) {
      const started = performance.now();
      setSource(1, source);
      runActive();
      await until(() => outputText(1).includes(expected), 120000);
      return performance.now() - started;
    },
    /** Run a cell with a time limit: ms from running it to its TimeoutError. */
    async timeLimit(seconds) {
      setSource(0, `%%time_limit ${seconds}\nwhile True: pass`);
      const started = performance.now();
      runActive();
      await until(() => /TimeoutError/.test(outputText(0)), 60000);
      const shown = performance.now() - started;
      await until(idle, 60000);
      return shown;
    },
    /** Restart the kernel (no dialog) and run a cell: ms until its output. */
    async restart() {
      const started = performance.now();
      await app.shell.currentWidget.sessionContext.session.kernel.restart();
      setSource(1, 'print("back")');
      runActive();
      await until(() => outputText(1).includes('back'), 120000);
      return performance.now() - started;
    },
    idle: () => until(idle, 120000)
  };
}

export async function openNotebook(
  browser,
  url,
  kernelName,
  spareWaitMs = SPARE_WAIT_MS
) {
  const { context, requests } = await freshContext(browser);
  const page = await context.newPage();
  await page.goto(`${url}lab/index.html`);
  await page
    .locator('.jp-LauncherCard[data-category="Notebook"]', {
      hasText: kernelName
    })
    .click();
  await page
    .locator(
      '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status="idle"]'
    )
    .waitFor({ timeout: 240000 });
  await page.evaluate(pageHelpers);
  // Let the spare worker boot before the first trial.
  await page.waitForTimeout(spareWaitMs);
  return { context, page, requests };
}

const STOP_BUTTON =
  '.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]';

/** Run `body`, click Stop, and return ms until `pattern` shows (or null). */
export async function clickStop(
  page,
  body,
  pattern,
  timeoutMs,
  clickTimeoutMs = 30000
) {
  const started = await within(
    page.evaluate(b => window.__stopBench.start(b), body).then(() => true),
    60000
  ).catch(() => false);
  if (started !== true) {
    return 'cell did not start';
  }
  try {
    await page.click(STOP_BUTTON, { timeout: clickTimeoutMs });
  } catch {
    return 'page unresponsive';
  }
  return page.evaluate(
    ([p, t]) => window.__stopBench.stopped(p, t),
    [pattern, timeoutMs]
  );
}

/**
 * Flood the cell with prints for FLOOD_MS, then click Stop: ms from issuing
 * the click until `pattern` shows, so a page too busy to take the click pays
 * for it.
 */
async function floodStop(page, pattern, clickTimeoutMs = 30000) {
  await page.evaluate(b => window.__stopBench.start(b), PRINT_LOOP);
  await page.waitForTimeout(FLOOD_MS);
  const issued = Date.now();
  try {
    await page.click(STOP_BUTTON, { timeout: clickTimeoutMs });
  } catch {
    return 'page unresponsive';
  }
  const shownAt = await within(
    page.evaluate(
      ([p, t]) => window.__stopBench.shownAt(p, t),
      [pattern, FLOOD_END_MS]
    ),
    90000
  );
  return typeof shownAt === 'number' ? shownAt - issued : null;
}

// statistics

const quantile = (values, q) => {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return (
    sorted[low] +
    (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low)
  );
};
const stats = values =>
  values.length
    ? {
        median: quantile(values, 0.5),
        p95: quantile(values, 0.95),
        n: values.length
      }
    : null;
const ms = value =>
  value === null || value === undefined ? '—' : `${Math.round(value)}`;
const ratio = (x, y) => (x && y ? (x.median / y.median).toFixed(3) : '—');

export async function trials(count, label, measure) {
  const values = [];
  for (let i = 0; i < count; i++) {
    const value = await measure(i);
    if (typeof value !== 'number') {
      throw new Error(`${label}: trial ${i + 1} did not finish`);
    }
    values.push(value);
  }
  const stat = stats(values);
  progress(`${label}: median ${ms(stat.median)} ms, p95 ${ms(stat.p95)} ms`);
  return stat;
}

async function measureIsolated(browser, url, opts) {
  const { context, page, requests } = await openNotebook(
    browser,
    url,
    'Python (browsergrad)'
  );
  try {
    const results = {};
    for (const c of STOP_CASES) {
      results[c.key] = await trials(opts.trials, `isolated ${c.key}`, () =>
        clickStop(page, c.body, 'KeyboardInterrupt', 30000)
      );
    }
    results.flood = await trials(
      Math.min(opts.trials, FLOOD_TRIALS),
      'isolated print flood',
      () => floodStop(page, 'KeyboardInterrupt')
    );
    results.timeLimit = await trials(
      opts.trials,
      'isolated time limit',
      async () =>
        (await page.evaluate(
          s => window.__stopBench.timeLimit(s),
          TIME_LIMIT_S
        )) -
        TIME_LIMIT_S * 1000
    );
    return { results, foreign: requestFacts(requests).foreign };
  } finally {
    await context.close();
  }
}

async function measurePlain(browser, url, opts) {
  const { context, page, requests } = await openNotebook(
    browser,
    url,
    'Python (browsergrad)'
  );
  try {
    const shown = [];
    const usable = await trials(
      opts.trials,
      'plain Stop -> next cell ran',
      async () => {
        const error = await clickStop(
          page,
          'while True: pass',
          'KernelRestarted',
          30000
        );
        shown.push(error);
        const next = await page.evaluate(() =>
          window.__stopBench.runNext('print("back")', 'back')
        );
        await page.waitForTimeout(SPARE_WAIT_MS);
        return error + next;
      }
    );
    const timeLimit = await trials(
      Math.min(opts.trials, 5),
      'plain time limit',
      async () => {
        const value =
          (await page.evaluate(
            s => window.__stopBench.timeLimit(s),
            TIME_LIMIT_S
          )) -
          TIME_LIMIT_S * 1000;
        await page.waitForTimeout(SPARE_WAIT_MS);
        return value;
      }
    );
    const flood = await trials(
      Math.min(opts.trials, FLOOD_TRIALS),
      'plain print flood',
      async () => {
        const value = await floodStop(page, 'KernelRestarted');
        await page.waitForTimeout(SPARE_WAIT_MS);
        return value;
      }
    );
    return {
      results: { shown: stats(shown), usable, timeLimit, flood },
      foreign: requestFacts(requests).foreign
    };
  } finally {
    await context.close();
  }
}

/** Resolves with `promise`'s value, or with 'timeout' after `ms`. */
const within = (promise, ms) =>
  Promise.race([
    promise,
    new Promise(resolve => setTimeout(() => resolve('timeout'), ms))
  ]);

/** Run `measure(page)` in a fresh page with a stock kernel notebook. */
async function inStockNotebook(browser, url, measure) {
  const { context, page } = await openNotebook(
    browser,
    url,
    'Python (Pyodide)',
    STOCK_SETTLE_MS
  );
  try {
    return await measure(page);
  } finally {
    await context.close();
  }
}

async function measureStock(browser, url, opts) {
  // One try per case, each in a fresh page: does the stock Stop end the cell?
  // A page flooded with output may not even take the click.
  const stops = {};
  for (const c of STOP_CASES) {
    stops[c.key] = await inStockNotebook(browser, url, page =>
      within(
        clickStop(
          page,
          c.body,
          'KeyboardInterrupt|Error',
          STOCK_STOP_WAIT_MS,
          10000
        ),
        STOCK_STOP_WAIT_MS + 20000
      ).catch(() => 'timeout')
    );
    progress(`stock ${c.key}: ${stockStop(stops[c.key])}`);
  }
  const flood = await inStockNotebook(browser, url, page =>
    within(
      floodStop(page, 'KeyboardInterrupt|Error', 10000),
      STOCK_STOP_WAIT_MS + 120000
    )
  );
  progress(
    `stock print flood: ${flood === null ? 'still running' : stockStop(flood)}`
  );
  const restart = await inStockNotebook(browser, url, page =>
    trials(opts.trials, 'stock restart -> next cell ran', () =>
      page.evaluate(() => window.__stopBench.restart())
    )
  );
  return { stops, flood, restart };
}

async function measureNode(opts) {
  const { startWorker, sleep } =
    await import('../../labextension/test/workerHarness.mjs');
  const worker = await startWorker();
  const results = {};
  try {
    for (const c of STOP_CASES) {
      results[c.key] = await trials(opts.trials, `node ${c.key}`, async () => {
        // Once in many runs, the comprehension's list hits a MemoryError
        // before Stop: that try is reported and made again.
        for (let attempt = 1; ; attempt++) {
          const run = worker.execute(c.body);
          await sleep(200);
          const written = performance.now();
          void worker.signal(run, 2);
          const reply = await run.reply;
          if (reply.ename === 'KeyboardInterrupt') {
            return performance.now() - written;
          }
          if (attempt === 2 || reply.ename !== 'MemoryError') {
            throw new Error(`node ${c.key}: ${reply.ename}`);
          }
          progress(`node ${c.key}: MemoryError before Stop; trying again`);
        }
      });
    }
  } finally {
    await worker.close();
  }
  return results;
}

function stockStop(value) {
  if (typeof value === 'number') {
    return `${ms(value)} ms`;
  }
  if (value === null) {
    return `still running after ${STOCK_STOP_WAIT_MS / 1000} s`;
  }
  if (value === 'timeout') {
    return 'page did not answer';
  }
  return value;
}

function renderMarkdown(all, env, opts) {
  const { isolated, plain, stock, node } = all;
  const stockRestart = stock.restart;
  const lines = [
    `Measured ${env.date} with \`scripts/bench.sh --suite stop --trials ${opts.trials}\` on ` +
      `${env.cores} cores (${env.cpu}; load average ${env.load} at the start), headless ` +
      `Chromium ${env.chromium}, browsergrad-kernel at ${env.commit}. Milliseconds, median ` +
      `and p95 of ${opts.trials} trials in one page per server. "vs stock" divides by the ` +
      `stock kernel's only way back to a usable kernel, a restart until the next cell ran ` +
      `(median ${ms(stockRestart.median)} ms, p95 ${ms(stockRestart.p95)} ms, same run).`,
    '',
    '| running cell | Stop → KeyboardInterrupt shown (isolated) | p95 | vs stock restart | stock Stop | Node: buffer write → exception | p95 |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ];
  for (const c of STOP_CASES) {
    const s = stock.stops[c.key];
    lines.push(
      `| ${c.label} | ${ms(isolated.results[c.key].median)} | ${ms(isolated.results[c.key].p95)} | ` +
        `${ratio(isolated.results[c.key], stockRestart)} | ` +
        `${stockStop(s)} | ` +
        `${ms(node[c.key].median)} | ${ms(node[c.key].p95)} |`
    );
  }
  lines.push(
    '',
    '| fallback (page not isolated) | median | p95 | vs stock restart |',
    '| --- | --- | --- | --- |',
    `| Stop → \`KernelRestarted\` shown | ${ms(plain.results.shown.median)} | ${ms(plain.results.shown.p95)} | ${ratio(plain.results.shown, stockRestart)} |`,
    `| Stop → next cell ran (kernel usable again) | ${ms(plain.results.usable.median)} | ${ms(plain.results.usable.p95)} | ${ratio(plain.results.usable, stockRestart)} |`,
    '',
    `| ${FLOOD_MS / 1000} s of \`while True: print("tick")\`, then Stop: from the click until the ending shows | median | p95 |`,
    '| --- | --- | --- |',
    `| isolated, \`KeyboardInterrupt\` (${isolated.results.flood.n} trials) | ${ms(isolated.results.flood.median)} | ${ms(isolated.results.flood.p95)} |`,
    `| not isolated, \`KernelRestarted\` (${plain.results.flood.n} trials) | ${ms(plain.results.flood.median)} | ${ms(plain.results.flood.p95)} |`,
    `| stock kernel (1 try) | ${stock.flood === null ? `still running ${FLOOD_END_MS / 1000} s after the click` : stockStop(stock.flood)} | |`,
    '',
    `| time limit of ${TIME_LIMIT_S} s: overshoot until \`TimeoutError\` shown | median | p95 |`,
    '| --- | --- | --- |',
    `| isolated (${isolated.results.timeLimit.n} trials) | ${ms(isolated.results.timeLimit.median)} | ${ms(isolated.results.timeLimit.p95)} |`,
    `| not isolated, restarts (${plain.results.timeLimit.n} trials) | ${ms(plain.results.timeLimit.median)} | ${ms(plain.results.timeLimit.p95)} |`
  );
  return `${lines.join('\n')}\n`;
}

export async function runStop(opts) {
  const sites = {
    isolated: await serveSite(opts.python, path.resolve(opts.browsergradSite)),
    plain: await serveSite(opts.python, path.resolve(opts.browsergradSite), [
      '--no-isolation'
    ]),
    stock: await serveSite(opts.python, path.resolve(opts.stockSite), [
      '--no-isolation'
    ])
  };
  const browser = await launchBrowser(opts.chromium);
  try {
    const env = environment(browser, opts);
    const all = {
      node: await measureNode(opts),
      isolated: await measureIsolated(browser, sites.isolated.url, opts),
      plain: await measurePlain(browser, sites.plain.url, opts),
      stock: await measureStock(browser, sites.stock.url, opts)
    };
    const foreign = [...all.isolated.foreign, ...all.plain.foreign];
    const markdown = renderMarkdown(all, env, opts);
    process.stdout.write(`\n${markdown}`);
    if (foreign.length) {
      progress(`\nFAILED: ${foreign.length} request(s) left 127.0.0.1`);
      process.exitCode = 1;
    } else if (opts.writeDocs) {
      writeGenerated('stop.md', markdown);
    }
  } finally {
    await browser.close();
    for (const site of Object.values(sites)) {
      site.stop();
    }
  }
}
