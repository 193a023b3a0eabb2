#!/usr/bin/env node
/**
 * Benchmark driver (run by scripts/bench.sh, which builds the sites first).
 * Suites: `startup` (startup.mjs), `events` (events.mjs), `panel`
 * (panel.mjs), `stop` (stop.mjs), `flow` (flow.mjs) and `grading`
 * (grading.mjs, not part of `all`). Tables go to
 * stdout, progress to stderr; with --write-docs each suite also writes its
 * table to docs/_generated/.
 *
 * Exit status: 1 if a run failed or a browsergrad page made any request to a
 * host other than 127.0.0.1; 2 for bad arguments.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './lib.mjs';

const BENCH_DIR = path.join(ROOT, 'build', 'bench');
const VENV_PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

const USAGE = `usage: node bench/run.mjs [options]   (scripts/bench.sh builds the sites first)
  --suite S         startup, events, panel, stop, flow, grading or all (default
                    all; all does not include grading)
  --runs N          timed runs per configuration (default 5)
  --trials N        Stop trials per case, for the stop suite (default 20)
  --warmup N        untimed rounds first (default 1)
  --browsergrad-site DIR   default build/bench/browsergrad-site
  --stock-site DIR         default build/bench/stock-site
  --python PY       Python that has browsergrad_kernel, to serve the sites
                    (default .venv/bin/python, else python3)
  --chromium PATH   browser executable (default $BG_CHROMIUM or /usr/bin/chromium)
  --submissions N   submissions graded per runtime, for the grading suite (default 100)
  --timeout S       seconds allowed for one page load to reach its output (default 240)
  --write-docs      also write the tables to docs/_generated/ (needs --runs >= 5)`;

function parseArgs(argv) {
  const opts = {
    suite: 'all',
    runs: 5,
    trials: 20,
    warmup: 1,
    python: existsSync(VENV_PYTHON) ? VENV_PYTHON : 'python3',
    chromium: process.env.BG_CHROMIUM || '/usr/bin/chromium',
    timeout: 240,
    submissions: 100,
    writeDocs: false,
    browsergradSite: path.join(BENCH_DIR, 'browsergrad-site'),
    stockSite: path.join(BENCH_DIR, 'stock-site')
  };
  const numeric = new Set([
    'runs',
    'trials',
    'warmup',
    'timeout',
    'submissions'
  ]);
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
    if (!match || !(key in opts)) {
      usageError(`unknown argument ${arg}`);
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) {
      usageError(`${arg} needs a value`);
    }
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
  // The start-up, Stop and flow suites compare with the stock site; grading
  // needs none.
  const sites =
    opts.suite === 'grading'
      ? []
      : ['startup', 'stop', 'flow', 'all'].includes(opts.suite)
        ? [opts.browsergradSite, opts.stockSite]
        : [opts.browsergradSite];
  for (const site of sites) {
    if (!existsSync(path.join(site, 'index.html'))) {
      usageError(
        `${site} is not a built site: run scripts/bench.sh, which builds it`
      );
    }
  }
  const suites = [
    'startup',
    'events',
    'panel',
    'stop',
    'flow',
    'grading',
    'all'
  ];
  if (!suites.includes(opts.suite)) {
    usageError(
      `--suite must be startup, events, panel, stop, flow, grading or all, not ${opts.suite}`
    );
  }
  // a grading run of 100 submissions takes minutes: one run is the figure
  if (
    opts.writeDocs &&
    opts.suite !== 'grading' &&
    (opts.runs < 5 || opts.trials < 20)
  ) {
    usageError('--write-docs needs --runs 5 and --trials 20 or more');
  }
  return opts;
}

function usageError(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const runs = suite => opts.suite === suite || opts.suite === 'all';
  if (runs('startup')) {
    const { runStartup } = await import('./startup.mjs');
    await runStartup(opts);
  }
  if (runs('events')) {
    const { runEvents } = await import('./events.mjs');
    await runEvents(opts);
  }
  if (runs('panel')) {
    const { runPanel } = await import('./panel.mjs');
    await runPanel(opts);
  }
  if (runs('stop')) {
    const { runStop } = await import('./stop.mjs');
    await runStop(opts);
  }
  if (runs('flow')) {
    const { runFlow } = await import('./flow.mjs');
    await runFlow(opts);
  }
  // not part of `all`: it grades 100 submissions per runtime
  if (opts.suite === 'grading') {
    const { runGrading } = await import('./grading.mjs');
    await runGrading(opts);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
