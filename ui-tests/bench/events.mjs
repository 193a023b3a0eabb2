/**
 * Many events: one cell with 10,000 `bg.assert_pass` calls, and for comparison
 * one with 10,000 `print` lines, on the browsergrad kernel. For each: the cell
 * time (Shift+Enter -> execution count shown), the time until everything is
 * rendered, and the main thread's long tasks (over 50 ms) from Shift+Enter until
 * then. Each run is a fresh page with a new, idle kernel.
 */
import path from 'node:path';

import {
  environment,
  freshContext,
  launchBrowser,
  longTaskProbe,
  longTasksBetween,
  msRange,
  progress,
  requestFacts,
  serveSite,
  summary,
  writeGenerated
} from './lib.mjs';
import { labProbe } from './pageLoad.mjs';

const COUNT = 10000;

const CELLS = [
  {
    key: 'bg',
    label: `${COUNT.toLocaleString('en')} \`bg.assert_pass\``,
    code: `import browsergrad as bg\nfor i in range(${COUNT}):\n    bg.assert_pass(f"check {i}")`,
    // the grouped output's summary reports every pass
    done: `${COUNT.toLocaleString('en')} passed`
  },
  {
    key: 'print',
    label: `${COUNT.toLocaleString('en')} \`print\` lines`,
    code: `for i in range(${COUNT}):\n    print(i)`,
    done: `\n${COUNT - 1}`
  }
];

async function measureCell(browser, url, cell, timeoutMs) {
  const { context, requests } = await freshContext(browser);
  try {
    await context.addInitScript(labProbe, ['Python (browsergrad)', true]);
    await context.addInitScript(longTaskProbe);
    const page = await context.newPage();
    await page.goto(`${url}lab/index.html`, { waitUntil: 'commit' });
    const wait = { timeout: timeoutMs, polling: 20 };
    await page.waitForFunction(() => window.__bench?.idle !== null, null, wait);
    await page
      .locator('.jp-NotebookPanel .jp-Cell .cm-content')
      .first()
      .click();
    await page.keyboard.insertText(cell.code);
    await page.keyboard.press('Shift+Enter');
    const ended = await page.waitForFunction(
      () =>
        document
          .querySelector('.jp-NotebookPanel .jp-Cell .jp-InputPrompt')
          ?.textContent?.includes('[1]') && performance.now(),
      null,
      wait
    );
    const rendered = await page.waitForFunction(
      done =>
        document
          .querySelector('.jp-NotebookPanel .jp-Cell .jp-OutputArea')
          ?.textContent?.includes(done) && performance.now(),
      cell.done,
      wait
    );
    const start = await page.evaluate(() => window.__bench.submitted);
    const end = await rendered.jsonValue();
    return {
      cell: (await ended.jsonValue()) - start,
      rendered: end - start,
      ...(await longTasksBetween(page, start, end)),
      ...requestFacts(requests)
    };
  } finally {
    await context.close();
  }
}

const ms = msRange;

function renderMarkdown(results, env) {
  const lines = [
    `Measured ${env.date} with \`scripts/bench.sh --runs ${env.runs}\` on ${env.cores} cores ` +
      `(${env.cpu}; load average ${env.load} at the start), headless Chromium ${env.chromium}, ` +
      `browsergrad-kernel at ${env.commit}. Milliseconds: median (min–max) of ${env.runs} runs, ` +
      'each in a fresh page with a new kernel, timed from Shift+Enter.',
    '',
    '| cell | cell time | everything rendered | rendered after the cell ended | long tasks | long-task time | longest task |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ];
  for (const cell of CELLS) {
    const runs = results[cell.key];
    const stat = key => summary(runs.map(run => run[key]));
    const after = summary(runs.map(run => run.rendered - run.cell));
    lines.push(
      `| ${cell.label} | ${ms(stat('cell'))} | ${ms(stat('rendered'))} | ${ms(after)} | ` +
        `${stat('longTasks')?.median ?? '—'} | ${ms(stat('longTaskMs'))} | ${ms(stat('longestTask'))} |`
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function runEvents(opts) {
  const server = await serveSite(
    opts.python,
    path.resolve(opts.browsergradSite)
  );
  const browser = await launchBrowser(opts.chromium);
  const failures = [];
  try {
    const env = environment(browser, opts);
    const results = Object.fromEntries(CELLS.map(({ key }) => [key, []]));
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      const warm = round < opts.warmup;
      for (const cell of round % 2 ? [...CELLS].reverse() : CELLS) {
        const tag = warm
          ? `warm-up ${round + 1}`
          : `run ${round - opts.warmup + 1}/${opts.runs}`;
        try {
          const result = await measureCell(
            browser,
            server.url,
            cell,
            opts.timeout * 1000
          );
          progress(
            `${tag} ${cell.key}: cell ${Math.round(result.cell)} ms, rendered ` +
              `${Math.round(result.rendered)} ms, ${result.longTasks} long tasks`
          );
          if (result.foreign.length) {
            failures.push(
              `${cell.key}, ${tag}: ${result.foreign.length} request(s) to other hosts`
            );
          }
          if (!warm) {
            results[cell.key].push(result);
          }
        } catch (error) {
          const message = String(error.message || error).split('\n')[0];
          failures.push(`${cell.key}, ${tag}: ${message}`);
          progress(`${tag} ${cell.key}: FAILED ${message}`);
        }
      }
    }
    const markdown = renderMarkdown(results, env);
    process.stdout.write(`\n${markdown}`);
    if (failures.length) {
      progress(`\nFAILED:\n- ${failures.join('\n- ')}`);
      process.exitCode = 1;
    } else if (opts.writeDocs) {
      writeGenerated('events.md', markdown);
    }
  } finally {
    await browser.close();
    server.stop();
  }
}
