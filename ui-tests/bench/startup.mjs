/**
 * Start-up: page load -> kernel idle -> first output, for (a) the browsergrad
 * kernel, (b) the stock jupyterlite-pyodide-kernel on a site built the same
 * way, and (c) a bare loadPyodide() in a module worker. Each page load is a
 * fresh browser context (cold HTTP cache); times are read in the page with
 * performance.now(), i.e. from navigation start. Rounds are interleaved
 * (a, b, c, then b, c, a, ...) so that slow spells spread over all
 * configurations; untimed warm-up rounds go first.
 */
import path from 'node:path';

import {
  cell,
  environment,
  freshContext,
  launchBrowser,
  pick,
  progress,
  ratio,
  requestFacts,
  seconds,
  serveSite,
  summary,
  writeGenerated
} from './lib.mjs';

/**
 * Injected into every Lab page before its own scripts. Watches the DOM and
 * stamps, on the page's clock, when the launcher card shows (and clicks it at
 * once), when the notebook's kernel is idle under the expected name, when
 * Shift+Enter is pressed and when the output `2` shows.
 */
export function labProbe(kernelName) {
  const marks = { launcher: null, idle: null, submitted: null, output: null };
  window.__bench = marks;
  const launcherCard = () =>
    [
      ...document.querySelectorAll('.jp-LauncherCard[data-category="Notebook"]')
    ].find(card => card.textContent.includes(kernelName));
  // The toolbar can show the kernel's name while the indicator still shows
  // the "No Kernel" idle: idle counts once the kernel was seen starting.
  let seenStarting = false;
  const isIdle = () => {
    const name = document.querySelector(
      '.jp-NotebookPanel-toolbar .jp-KernelName'
    );
    const status = document
      .querySelector(
        '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator'
      )
      ?.getAttribute('data-status');
    if (name === null || name.textContent.trim() !== kernelName) {
      return false;
    }
    if (status !== 'idle') {
      seenStarting ||= Boolean(status);
      return false;
    }
    return seenStarting;
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
        /** @type {HTMLElement} */ (card).click();
      }
    } else if (marks.idle === null) {
      if (isIdle()) {
        marks.idle = now;
      }
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
    if (bare.error) {
      throw new Error(`bare loadPyodide failed: ${bare.error}`);
    }
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

export async function runStartup(opts) {
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

    browser = await launchBrowser(opts.chromium);
    const env = environment(browser, opts);
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
        /** @type {Record<string, any>} */
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
        if (result.version) {
          env.pyodide = result.version;
        }
        if (!warm) {
          results[config.key].push(result);
        }
      }
    }

    const { markdown, stats } = renderMarkdown(configs, results, foreign, env);
    process.stdout.write(markdown);
    for (const { key, label } of configs) {
      const hosts = [...new Set(foreign[key].map(url => new URL(url).host))];
      if (hosts.length) {
        progress(`${label}: requests to ${hosts.join(', ')}`);
      }
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
      writeGenerated('startup.md', markdown);
    }
  } finally {
    if (browser) {
      await browser.close();
    }
    for (const server of servers) {
      server.stop();
    }
  }
}
