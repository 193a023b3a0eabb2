/**
 * Shared pieces of the benchmark drivers: serving a site, fresh browser
 * contexts with a request log, statistics and the environment line.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from '@playwright/test';

import browserOptions from '../chromium.js';

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..'
);

export const progress = message => process.stderr.write(`${message}\n`);

export function launchBrowser(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: browserOptions.args
  });
}

/**
 * Serve a site on a free port, with COOP/COEP unless `flags` has
 * `--no-isolation`; resolves to { url, stop }.
 */
export function serveSite(python, site, flags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      python,
      ['-m', 'browsergrad_kernel.cli', 'serve', site, '--port', '0', ...flags],
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

export const isForeign = url => {
  const { protocol, hostname } = new URL(url);
  return !['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1';
};

/**
 * A fresh context with a log of every request made by its pages, workers and
 * service worker. JupyterLite's service worker passes fetches on, so most URLs
 * show twice: once as asked for, once as sent on by the service worker.
 */
export async function freshContext(browser) {
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

export function requestFacts(requests) {
  return {
    // each request once: the service worker's own copies left out
    requests: requests.filter(request => !request.bySW).length,
    // every request, service worker's included, must stay on 127.0.0.1
    foreign: requests.map(request => request.url).filter(isForeign),
    // proof that requests made inside workers reach the log
    sawWasm: requests.some(request => request.url.endsWith('/pyodide.asm.wasm'))
  };
}

// statistics and formatting

export const median = values => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const summary = values =>
  values.length
    ? {
        median: median(values),
        min: Math.min(...values),
        max: Math.max(...values)
      }
    : null;

/** Milliseconds as "median (min–max)". */
export const msRange = stat =>
  stat
    ? `${Math.round(stat.median)} (${Math.round(stat.min)}–${Math.round(stat.max)})`
    : '—';

export const seconds = ms => (ms / 1000).toFixed(2);
export const cell = stat =>
  stat
    ? `${seconds(stat.median)} (${seconds(stat.min)}–${seconds(stat.max)})`
    : '—';
export const ratio = (x, y) =>
  x && y ? (x.median / y.median).toFixed(2) : '—';
export const pick = (runs, key) =>
  runs.map(run => run[key]).filter(v => typeof v === 'number');

export function gitDescription() {
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

/** The line of facts every table starts with. */
export function environment(browser, opts) {
  return {
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
}

/** Write a generated docs page (docs/_generated/NAME). */
export function writeGenerated(name, markdown) {
  const out = path.join(ROOT, 'docs', '_generated', name);
  mkdirSync(path.dirname(out), { recursive: true });
  const header = `<!-- Written by \`scripts/bench.sh --write-docs\` (ui-tests/bench/); do not edit. -->\n\n`;
  writeFileSync(out, header + markdown);
  progress(`wrote ${path.relative(ROOT, out)}`);
}

/** An init script: record the main thread's long tasks from the page's start. */
export function longTaskProbe() {
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push([entry.startTime, entry.duration]);
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** The long tasks (over 50 ms) that started between `from` and `to` (page ms). */
export async function longTasksBetween(page, from, to) {
  const tasks = await page.evaluate(
    ([start, end]) =>
      window.__longTasks.filter(([at]) => at >= start && at <= end),
    [from, to]
  );
  return {
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((sum, [, duration]) => sum + duration, 0),
    longestTask: Math.max(0, ...tasks.map(([, duration]) => duration))
  };
}
