/**
 * Start-up: page load -> kernel idle -> first output, for (a) the browsergrad
 * kernel and (b) the stock jupyterlite-pyodide-kernel on a site built the same
 * way, through the launcher and through a direct link to a notebook, on a
 * first visit (a fresh browser context) and a repeat one; a bare loadPyodide()
 * in a module worker; then recovery (recovery.mjs): restart and the plain-page
 * Stop until the next output. Rounds are interleaved (the order rotates each
 * round) so that slow spells spread over all configurations; untimed warm-up
 * rounds go first.
 */
import path from 'node:path';

import {
  cell,
  environment,
  launchBrowser,
  pick,
  progress,
  ratio,
  seconds,
  serveSite,
  summary,
  writeGenerated
} from './lib.mjs';
import { measureBare, measureLab } from './pageLoad.mjs';
import { measureRecovery, recoveryMarkdown } from './recovery.mjs';

/** The paths a user takes: how the page is opened, and which visit. */
const PATHS = [
  { entry: 'launcher', visit: 'first', label: 'launcher, first visit' },
  { entry: 'launcher', visit: 'repeat', label: 'launcher, repeat visit' },
  { entry: 'direct', visit: 'first', label: 'direct link, first visit' },
  { entry: 'direct', visit: 'repeat', label: 'direct link, repeat visit' }
];

function renderMarkdown(configs, results, foreign, env) {
  const stats = {};
  for (const { key } of configs) {
    const runs = results[key];
    stats[key] = {
      ready: summary(pick(runs, 'ready')),
      output: summary(pick(runs, 'output')),
      roundTrip: summary(pick(runs, 'roundTrip')),
      workerToLoaded: summary(pick(runs, 'workerToLoaded')),
      requests: summary(pick(runs, 'requests')),
      snapshotBytes: summary(pick(runs, 'snapshotBytes')),
      foreign: foreign[key].length
    };
  }
  const bare = stats.bare;
  const lines = [
    `Measured ${env.date} with \`scripts/bench.sh --suite startup --runs ${env.runs}\` on ${env.cores} cores ` +
      `(${env.cpu}; load average ${env.load} at the start), ${env.os}, ` +
      `headless Chromium ${env.chromium}, Pyodide ${env.pyodide}, ` +
      `browsergrad-kernel at ${env.commit}. ` +
      `Seconds: median (min–max) of ${env.runs} page loads per configuration, ` +
      `each in a fresh browser context (a repeat visit: the second page load in it), ` +
      `after ${env.warmup} untimed round(s), configurations interleaved.`,
    '',
    '| path | page load → ready: browsergrad | stock | ratio | page load → first output `2`: browsergrad | stock | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ];
  for (const { entry, visit, label } of PATHS) {
    const a = stats[`a:${entry}:${visit}`];
    const b = stats[`b:${entry}:${visit}`];
    lines.push(
      `| ${label} | ${cell(a.ready)} | ${cell(b.ready)} | ${ratio(a.ready, b.ready)} | ` +
        `${cell(a.output)} | ${cell(b.output)} | ${ratio(a.output, b.output)} |`
    );
  }
  const first = stats['a:launcher:first'];
  lines.push(
    '',
    '"Ready" is the notebook toolbar showing the kernel idle under its own name.',
    `A bare \`loadPyodide()\` in a module worker on the same site, page load → loaded: ${cell(bare.ready)} ` +
      `(worker start → loaded ${cell(bare.workerToLoaded)}); browsergrad on a first visit through ` +
      `the launcher is ${ratio(first.ready, bare.ready)} of it.`,
    '',
    '| detail (launcher, first visit) | browsergrad | stock |',
    '| --- | --- | --- |',
    `| Shift+Enter → output \`2\` shown | ${cell(first.roundTrip)} | ${cell(stats['b:launcher:first'].roundTrip)} | `,
    `| requests per page load (median) | ${first.requests?.median ?? '—'} | ${stats['b:launcher:first'].requests?.median ?? '—'} |`,
    `| kernel snapshot files fetched (gzipped bytes, each file once, median) | ${first.snapshotBytes?.median ?? '—'} | — |`,
    `| requests to other hosts (all runs, all paths) | ${configs.filter(c => c.key.startsWith('a')).reduce((n, c) => n + stats[c.key].foreign, 0)} | ${configs.filter(c => c.key.startsWith('b:')).reduce((n, c) => n + stats[c.key].foreign, 0)} |`
  );
  return { markdown: `${lines.join('\n')}\n`, stats };
}

export async function runStartup(opts) {
  const servers = [];
  let browser;
  const failures = [];
  /** @type {string[]} */
  const stockMisses = [];
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
      ...PATHS.flatMap(how => [
        {
          key: `a:${how.entry}:${how.visit}`,
          label: `browsergrad, ${how.label}`,
          run: () =>
            measureLab(
              browser,
              bgServer.url,
              'Python (browsergrad)',
              timeoutMs,
              how
            )
        },
        {
          key: `b:${how.entry}:${how.visit}`,
          label: `stock, ${how.label}`,
          run: () =>
            measureLab(
              browser,
              stockServer.url,
              'Python (Pyodide)',
              timeoutMs,
              how
            )
        }
      ]),
      {
        key: 'bare',
        label: 'bare `loadPyodide()` in a module worker',
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
          // a stock load that never got ready is reported, not fatal
          (config.key.startsWith('b:') ? stockMisses : failures).push(
            `${config.label}, ${tag}: ${message}`
          );
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

    const plainServer = await serveSite(
      opts.python,
      path.resolve(opts.browsergradSite),
      ['--no-isolation']
    );
    servers.push(plainServer);
    let recovery = null;
    try {
      recovery = await measureRecovery(
        browser,
        { plain: plainServer, stock: stockServer },
        opts.runs
      );
    } catch (error) {
      failures.push(
        `recovery: ${String(error.message || error).split('\n')[0]}`
      );
    }
    const { markdown: loads, stats } = renderMarkdown(
      configs,
      results,
      foreign,
      env
    );
    const misses = stockMisses.length
      ? `\nThe stock kernel's page loads that never got ready (left out of its figures):\n${stockMisses.map(miss => `- ${miss}`).join('\n')}\n`
      : '';
    const markdown = recovery
      ? `${loads}\n${recoveryMarkdown(recovery, cell, ratio).join('\n')}\n${misses}`
      : `${loads}${misses}`;
    process.stdout.write(markdown);
    for (const { key, label } of configs) {
      const hosts = [...new Set(foreign[key].map(url => new URL(url).host))];
      if (hosts.length) {
        progress(`${label}: requests to ${hosts.join(', ')}`);
      }
    }
    for (const { key, label } of configs) {
      if (!key.startsWith('b:') && stats[key].foreign > 0) {
        failures.push(
          `${label} made ${stats[key].foreign} request(s) to other hosts`
        );
      }
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
