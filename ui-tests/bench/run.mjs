#!/usr/bin/env node
/**
 * Start-up benchmark driver (run by scripts/bench.sh, which builds the sites).
 *
 * In one headless Chromium, and each time in a fresh browser context (so with a
 * cold HTTP cache), it measures:
 *   (a) the browsergrad kernel: page load -> kernel idle -> first output `2`;
 *   (b) the stock jupyterlite-pyodide-kernel, on a site built the same way;
 *   (c) a bare loadPyodide() in a module worker, from the browsergrad site.
 * Times are read in the page with performance.now(), i.e. from navigation start.
 * Rounds are interleaved (a, b, c, then b, c, a, ...) so that slow spells of
 * the machine spread over all configurations; one untimed round goes first.
 *
 * The markdown table goes to stdout (progress to stderr); with --write-docs it
 * is also written to docs/_generated/startup.md.
 *
 * Exit status: 1 if a run failed or the browsergrad site made any request to a
 * host other than 127.0.0.1; 2 for bad arguments.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from '@playwright/test';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const DOCS_OUT = path.join(ROOT, 'docs', '_generated', 'startup.md');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

const BENCH_DIR = path.join(ROOT, 'build', 'bench');
const VENV_PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

const USAGE = `usage: node bench/run.mjs [options]   (scripts/bench.sh builds the sites first)
  --runs N          timed page loads per configuration (default 5)
  --warmup N        untimed rounds first (default 1)
  --browsergrad-site DIR   default build/bench/browsergrad-site
  --stock-site DIR         default build/bench/stock-site
  --python PY       Python that has browsergrad_kernel, to serve the sites
                    (default .venv/bin/python, else python3)
  --chromium PATH   browser executable (default $BG_CHROMIUM or /usr/bin/chromium)
  --timeout S       seconds allowed for one page load to reach its output (default 240)
  --write-docs      also write the table to docs/_generated/startup.md (needs --runs >= 5)`;

function parseArgs(argv) {
  const opts = {
    runs: 5,
    warmup: 1,
    python: existsSync(VENV_PYTHON) ? VENV_PYTHON : 'python3',
    chromium: process.env.BG_CHROMIUM || '/usr/bin/chromium',
    timeout: 240,
    writeDocs: false,
    browsergradSite: path.join(BENCH_DIR, 'browsergrad-site'),
    stockSite: path.join(BENCH_DIR, 'stock-site')
  };
  const numeric = new Set(['runs', 'warmup', 'timeout']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--write-docs') {
      opts.writeDocs = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const key =
      match && match[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!match || !(key in opts)) usageError(`unknown argument ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) usageError(`${arg} needs a value`);
    if (numeric.has(key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (key === 'warmup' ? 0 : 1)) {
        usageError(`${arg} needs a whole number, not ${value}`);
      }
      opts[key] = n;
    } else {
      opts[key] = value;
    }
  }
  for (const site of [opts.browsergradSite, opts.stockSite]) {
    if (!existsSync(path.join(site, 'index.html'))) {
      usageError(
        `${site} is not a built site: run scripts/bench.sh, which builds it`
      );
    }
  }
  if (opts.writeDocs && opts.runs < 5) {
    usageError('--write-docs needs --runs 5 or more');
  }
  return opts;
}

function usageError(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const progress = message => process.stderr.write(`${message}\n`);

/** Serve a site with COOP/COEP on a free port; resolves to { url, stop }. */
function serveSite(python, site) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      python,
      ['-m', 'browsergrad_kernel.cli', 'serve', site, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server for ${site} did not start: ${output}`));
    }, 30000);
    const onData = chunk => {
      output += chunk;
      const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1], stop: () => child.kill() });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the server for ${site} exited (${code}): ${output}`));
    });
  });
}

/**
 * Injected into every Lab page before its own scripts. Watches the DOM and
 * stamps, on the page's clock, when the launcher card shows (and clicks it at
 * once), when the notebook's kernel is idle under the expected name, when
 * Shift+Enter is pressed and when the output `2` shows.
 */
function labProbe(kernelName) {
  const marks = { launcher: null, idle: null, submitted: null, output: null };
  window.__bench = marks;
  const launcherCard = () =>
    [
      ...document.querySelectorAll('.jp-LauncherCard[data-category="Notebook"]')
    ].find(card => card.textContent.includes(kernelName));
  const isIdle = () => {
    const name = document.querySelector(
      '.jp-NotebookPanel-toolbar .jp-KernelName'
    );
    return (
      name !== null &&
      name.textContent.trim() === kernelName &&
      document.querySelector(
        '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status="idle"]'
      ) !== null
    );
  };
  const hasOutput = () =>
    [
      ...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output')
    ].some(output => output.textContent.trim() === '2');
  const check = () => {
    const now = performance.now();
    if (marks.launcher === null) {
      const card = launcherCard();
      if (card) {
        marks.launcher = now;
        card.click();
      }
    } else if (marks.idle === null) {
      if (isIdle()) marks.idle = now;
    } else if (
      marks.output === null &&
      marks.submitted !== null &&
      hasOutput()
    ) {
      marks.output = now;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-status']
  });
  document.addEventListener(
    'keydown',
    event => {
      if (event.key === 'Enter' && event.shiftKey && marks.submitted === null) {
        marks.submitted = performance.now();
      }
    },
    true
  );
}

const isForeign = url => {
  const { protocol, hostname } = new URL(url);
  return !['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1';
};

/**
 * A fresh context with a log of every request made by its pages, workers and
 * service worker. JupyterLite's service worker passes fetches on, so most URLs
 * show twice: once as asked for, once as sent on by the service worker.
 */
async function freshContext(browser) {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', request =>
    requests.push({
      url: request.url(),
      bySW: request.serviceWorker() !== null
    })
  );
  return { context, requests };
}

function requestFacts(requests) {
  return {
    // each request once: the service worker's own copies left out
    requests: requests.filter(request => !request.bySW).length,
    // every request, service worker's included, must stay on 127.0.0.1
    foreign: requests.map(request => request.url).filter(isForeign),
    // proof that requests made inside workers reach the log
    sawWasm: requests.some(request => request.url.endsWith('/pyodide.asm.wasm'))
  };
}

async function measureLab(browser, url, kernelName, timeoutMs) {
  const { context, requests } = await freshContext(browser);
  try {
    await context.addInitScript(labProbe, kernelName);
    const page = await context.newPage();
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());
    await page.goto(`${url}lab/index.html`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => window.__bench && window.__bench.idle !== null,
      null,
      {
        timeout: left(),
        polling: 50
      }
    );
    await page
      .locator('.jp-NotebookPanel .jp-Cell .cm-content')
      .first()
      .click();
    await page.keyboard.insertText('print(2)');
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(() => window.__bench.output !== null, null, {
      timeout: left(),
      polling: 50
    });
    const marks = await page.evaluate(() => ({ ...window.__bench }));
    return {
      ready: marks.idle,
      output: marks.output,
      launcher: marks.launcher,
      roundTrip: marks.output - marks.submitted,
      ...requestFacts(requests)
    };
  } finally {
    await context.close();
  }
}

async function measureBare(browser, url, timeoutMs) {
  const { context, requests } = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${url}bench-bare/index.html`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () =>
        window.__bare &&
        (window.__bare.loaded !== null || window.__bare.error) &&
        window.__bare,
      null,
      { timeout: timeoutMs, polling: 50 }
    );
    const bare = await handle.jsonValue();
    if (bare.error) throw new Error(`bare loadPyodide failed: ${bare.error}`);
    return {
      ready: bare.loaded,
      workerToLoaded: bare.loaded - bare.workerStart,
      version: bare.version,
      ...requestFacts(requests)
    };
  } finally {
    await context.close();
  }
}

// statistics and formatting

const median = values => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const summary = values =>
  values.length
    ? {
        median: median(values),
        min: Math.min(...values),
        max: Math.max(...values)
      }
    : null;

const seconds = ms => (ms / 1000).toFixed(2);
const cell = stat =>
  stat
    ? `${seconds(stat.median)} (${seconds(stat.min)}–${seconds(stat.max)})`
    : '—';
const ratio = (x, y) => (x && y ? (x.median / y.median).toFixed(2) : '—');
const pick = (runs, key) =>
  runs.map(run => run[key]).filter(v => typeof v === 'number');

function gitDescription() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT
    })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT })
      .toString()
      .trim();
    return dirty ? `${commit} plus uncommitted changes` : commit;
  } catch {
    return 'unknown commit';
  }
}

function renderMarkdown(configs, results, foreign, env) {
  const stats = {};
  for (const { key } of configs) {
    const runs = results[key];
    stats[key] = {
      ready: summary(pick(runs, 'ready')),
      output: summary(pick(runs, 'output')),
      launcher: summary(pick(runs, 'launcher')),
      roundTrip: summary(pick(runs, 'roundTrip')),
      workerToLoaded: summary(pick(runs, 'workerToLoaded')),
      requests: summary(pick(runs, 'requests')),
      foreign: foreign[key].length
    };
  }
  const { a, b, c } = stats;
  const lines = [
    `Measured ${env.date} with \`scripts/bench.sh --runs ${env.runs}\` on ${env.cores} cores ` +
      `(${env.cpu}; load average ${env.load} at the start), ${env.os}, ` +
      `headless Chromium ${env.chromium}, Pyodide ${env.pyodide}, ` +
      `browsergrad-kernel at ${env.commit}. ` +
      `Seconds: median (min–max) of ${env.runs} page loads per configuration, ` +
      `each in a fresh browser context, after ${env.warmup} untimed round(s).`,
    '',
    '| configuration | page load → ready | page load → first output `2` | requests to other hosts (all runs) |',
    '| --- | --- | --- | --- |'
  ];
  for (const { key, label } of configs) {
    lines.push(
      `| ${label} | ${cell(stats[key].ready)} | ${cell(stats[key].output)} | ${stats[key].foreign} |`
    );
  }
  lines.push(
    `| ratio a/b (of medians) | ${ratio(a.ready, b.ready)} | ${ratio(a.output, b.output)} | |`,
    `| ratio a/c (of medians; c = page load → loaded) | ${ratio(a.ready, c.ready)} | ${ratio(a.output, c.ready)} | |`,
    '',
    '"Ready" is the notebook toolbar showing the kernel idle under its own name for (a) and',
    '(b), and `loadPyodide()` resolved in the worker for (c).',
    '',
    '| detail | (a) | (b) | (c) |',
    '| --- | --- | --- | --- |',
    `| page load → launcher card shown (and clicked) | ${cell(a.launcher)} | ${cell(b.launcher)} | — |`,
    `| Shift+Enter → output \`2\` shown | ${cell(a.roundTrip)} | ${cell(b.roundTrip)} | — |`,
    `| worker start → \`loadPyodide()\` resolved | — | — | ${cell(c.workerToLoaded)} |`,
    `| requests per page load (median) | ${a.requests?.median ?? '—'} | ${b.requests?.median ?? '—'} | ${c.requests?.median ?? '—'} |`
  );
  return { markdown: `${lines.join('\n')}\n`, stats };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const servers = [];
  let browser;
  const failures = [];
  try {
    const bgServer = await serveSite(
      opts.python,
      path.resolve(opts.browsergradSite)
    );
    servers.push(bgServer);
    const stockServer = await serveSite(
      opts.python,
      path.resolve(opts.stockSite)
    );
    servers.push(stockServer);
    const timeoutMs = opts.timeout * 1000;
    const configs = [
      {
        key: 'a',
        label: '(a) browsergrad kernel',
        run: () =>
          measureLab(browser, bgServer.url, 'Python (browsergrad)', timeoutMs)
      },
      {
        key: 'b',
        label: '(b) stock jupyterlite-pyodide-kernel 0.8.6',
        run: () =>
          measureLab(browser, stockServer.url, 'Python (Pyodide)', timeoutMs)
      },
      {
        key: 'c',
        label: '(c) bare `loadPyodide()` in a module worker',
        run: () => measureBare(browser, bgServer.url, timeoutMs)
      }
    ];

    browser = await chromium.launch({
      executablePath: opts.chromium,
      headless: true,
      args: CHROMIUM_ARGS
    });
    const env = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      runs: opts.runs,
      warmup: opts.warmup,
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model?.replace(/\s+/g, ' ').trim() || 'unknown CPU',
      load: os.loadavg()[0].toFixed(2),
      os: `${os.type()} ${os.release()}`,
      chromium: browser.version(),
      pyodide: 'unknown',
      commit: gitDescription()
    };
    progress(`Chromium ${env.chromium}, ${env.cores} cores, load ${env.load}`);
    progress(
      `browsergrad site at ${bgServer.url}, stock site at ${stockServer.url}`
    );

    const results = Object.fromEntries(configs.map(({ key }) => [key, []]));
    // foreign URLs of every run, warm-up included
    const foreign = Object.fromEntries(configs.map(({ key }) => [key, []]));
    const rounds = opts.warmup + opts.runs;
    for (let round = 0; round < rounds; round++) {
      const warm = round < opts.warmup;
      // rotate the order each round: a b c, b c a, c a b, ...
      const order = configs.map(
        (_, i) => configs[(i + round) % configs.length]
      );
      for (const config of order) {
        const tag = warm
          ? `warm-up ${round + 1}`
          : `run ${round - opts.warmup + 1}/${opts.runs}`;
        let result;
        try {
          result = await config.run();
        } catch (error) {
          const message = String(error.message || error).split('\n')[0];
          failures.push(`${config.label}, ${tag}: ${message}`);
          progress(`${tag} ${config.key}: FAILED ${message}`);
          continue;
        }
        const shown = [
          `ready ${seconds(result.ready)} s`,
          result.output !== undefined
            ? `output ${seconds(result.output)} s`
            : null,
          `${result.requests} requests`,
          result.foreign.length ? `${result.foreign.length} FOREIGN` : null
        ].filter(Boolean);
        progress(`${tag} ${config.key}: ${shown.join(', ')}`);
        if (!result.sawWasm) {
          failures.push(
            `${config.label}, ${tag}: the Pyodide wasm request was not seen`
          );
        }
        foreign[config.key].push(...result.foreign);
        if (result.version) env.pyodide = result.version;
        if (!warm) results[config.key].push(result);
      }
    }

    const { markdown, stats } = renderMarkdown(configs, results, foreign, env);
    process.stdout.write(markdown);
    for (const { key, label } of configs) {
      const hosts = [...new Set(foreign[key].map(url => new URL(url).host))];
      if (hosts.length) progress(`${label}: requests to ${hosts.join(', ')}`);
    }
    if (stats.a.foreign > 0) {
      failures.push(
        `the browsergrad site made ${stats.a.foreign} request(s) to other hosts`
      );
    }
    if (stats.c.foreign > 0) {
      failures.push(
        `the bare page made ${stats.c.foreign} request(s) to other hosts`
      );
    }
    if (failures.length) {
      progress(`\nFAILED:\n- ${failures.join('\n- ')}`);
      process.exitCode = 1;
    } else if (opts.writeDocs) {
      mkdirSync(path.dirname(DOCS_OUT), { recursive: true });
      const header =
        '<!-- Written by `scripts/bench.sh --write-docs` (ui-tests/bench/run.mjs); do not edit. -->\n\n';
      writeFileSync(DOCS_OUT, header + markdown);
      progress(`wrote ${path.relative(ROOT, DOCS_OUT)}`);
    }
  } finally {
    if (browser) await browser.close();
    for (const server of servers) server.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
