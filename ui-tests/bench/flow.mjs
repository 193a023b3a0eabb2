/**
 * The run cycle's round trip: a flow of PageConfirm pages, each answered by a
 * click as soon as it is drawn; one cycle is click -> Python's next yield ->
 * the next page drawn (after a frame). For comparison, the bare transport on
 * both kernels in the same run: a comm message echoed by Python (send ->
 * echo received), on the browsergrad kernel and on the stock
 * jupyterlite-pyodide-kernel. Each run is a fresh page with a new kernel.
 */
import path from 'node:path';

import {
  environment,
  freshContext,
  launchBrowser,
  msRange,
  progress,
  requestFacts,
  serveSite,
  summary,
  writeGenerated
} from './lib.mjs';
import { flowMemoryMarkdown, measureFlowMemory } from './flowMemory.mjs';
import { labProbe } from './pageLoad.mjs';

const CYCLES = 40;
const WARM = 5;

const ECHO_CODE = [
  'import comm',
  '_echo = comm.create_comm(target_name="bench.echo")',
  '_echo.on_msg(lambda msg: _echo.send(msg["content"]["data"]))'
].join('\n');

const FLOW_CODE = [
  'import browsergrad as bg',
  'from browsergrad.flow import CommandUIRender, PageConfirm',
  'def _bench(n):',
  '    for i in range(n):',
  '        yield CommandUIRender(PageConfirm(f"step {i}"))',
  `bg.run_flow(_bench(${CYCLES + WARM}), "bench")`
].join('\n');

/** In the page: echo `n` comm messages; returns each round trip in ms. */
function echoRounds({ n, code }) {
  const kernel =
    window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const times = [];
  return new Promise(resolve => {
    kernel.registerCommTarget('bench.echo', comm => {
      let t0 = 0;
      const next = () => {
        if (times.length >= n) {
          resolve(times);
          return;
        }
        t0 = performance.now();
        comm.send({ i: times.length });
      };
      comm.onMsg = () => {
        times.push(performance.now() - t0);
        next();
      };
      next();
    });
    kernel.requestExecute({ code });
  });
}

/** In the page: run the flow in cell 0, click each page once drawn. */
function flowRounds({ n, code }) {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  const times = [];
  let clicked = 0;
  let seen = -1;
  return new Promise(resolve => {
    const check = () => {
      const heading = document.querySelector('.bg-Flow .bg-Flow-title');
      const step = Number(/^step (\d+)$/.exec(heading?.textContent ?? '')?.[1]);
      if (!Number.isInteger(step) || step === seen) {
        return;
      }
      seen = step;
      requestAnimationFrame(() => {
        const drawn = performance.now();
        if (step > 0) {
          times.push(drawn - clicked);
        }
        if (step + 1 >= n) {
          observer.disconnect();
          resolve(times);
          return;
        }
        clicked = performance.now();
        /** @type {HTMLElement} */ (
          document.querySelector('.bg-Flow .jp-mod-accept')
        ).click();
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true });
    notebook.widgets[0].model.sharedModel.setSource(code);
    notebook.activeCellIndex = 0;
    void app.commands.execute('notebook:run-cell');
  });
}

async function measure(browser, url, kernelName, flow, timeoutMs) {
  const { context, requests } = await freshContext(browser);
  try {
    await context.addInitScript(labProbe, [kernelName, true]);
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`${url}lab/index.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.idle !== null, null, {
      timeout: timeoutMs,
      polling: 50
    });
    const echo = (
      await page.evaluate(echoRounds, { n: CYCLES + WARM, code: ECHO_CODE })
    ).slice(WARM);
    const cycle = flow
      ? (
          await page.evaluate(flowRounds, { n: CYCLES + WARM, code: FLOW_CODE })
        ).slice(WARM - 1)
      : null;
    return { echo, cycle, ...requestFacts(requests) };
  } finally {
    await context.close();
  }
}

const p95 = values => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)
  ];
};

const row = (label, values, stock) => {
  const stat = summary(values);
  const ratio = stock ? (stat.median / summary(stock).median).toFixed(2) : '—';
  return `| ${label} | ${stat.median.toFixed(1)} | ${p95(values).toFixed(1)} | ${msRange(stat)} | ${ratio} |`;
};

export async function runFlow(opts) {
  const ours = await serveSite(opts.python, path.resolve(opts.browsergradSite));
  const stock = await serveSite(opts.python, path.resolve(opts.stockSite));
  const browser = await launchBrowser(opts.chromium);
  const all = { echo: [], cycle: [], stockEcho: [] };
  const failures = [];
  try {
    const env = environment(browser, opts);
    for (let run = 0; run < opts.runs; run++) {
      try {
        const mine = await measure(
          browser,
          ours.url,
          'Python (browsergrad)',
          true,
          opts.timeout * 1000
        );
        const theirs = await measure(
          browser,
          stock.url,
          'Python (Pyodide)',
          false,
          opts.timeout * 1000
        );
        for (const result of [mine, theirs]) {
          if (result.foreign.length) {
            failures.push(
              `run ${run + 1}: ${result.foreign.length} request(s) to other hosts`
            );
          }
        }
        all.echo.push(...mine.echo);
        all.cycle.push(...mine.cycle);
        all.stockEcho.push(...theirs.echo);
        progress(
          `run ${run + 1}/${opts.runs}: cycle median ${summary(mine.cycle).median.toFixed(1)} ms, ` +
            `echo ${summary(mine.echo).median.toFixed(1)} ms, stock echo ${summary(theirs.echo).median.toFixed(1)} ms`
        );
      } catch (error) {
        const message = String(error.message || error).split('\n')[0];
        failures.push(`run ${run + 1}: ${message}`);
        progress(`run ${run + 1}: FAILED ${message}`);
      }
    }
    let memory = [];
    try {
      memory = flowMemoryMarkdown(
        await measureFlowMemory(browser, ours.url, opts)
      );
    } catch (error) {
      failures.push(`memory: ${String(error.message || error).split('\n')[0]}`);
    }
    const markdown = [
      `Measured ${env.date} with \`scripts/bench.sh --suite flow --runs ${env.runs}\` on ${env.cores} cores ` +
        `(${env.cpu}; load average ${env.load} at the start), headless Chromium ${env.chromium}, ` +
        `browsergrad-kernel at ${env.commit}. Milliseconds over ${CYCLES} cycles per run ` +
        `(${WARM} warm-up cycles left out), each run a fresh page with a new kernel.`,
      '',
      '| round trip | median | p95 | median (min–max) | vs the stock comm echo |',
      '| --- | --- | --- | --- | --- |',
      all.cycle.length
        ? row(
            'flow cycle: click → next yield → next page drawn (browsergrad)',
            all.cycle,
            all.stockEcho
          )
        : '| flow cycle | — | — | — | — |',
      all.echo.length
        ? row('comm echo (browsergrad)', all.echo, all.stockEcho)
        : '| comm echo (browsergrad) | — | — | — | — |',
      all.stockEcho.length
        ? row(
            'comm echo (stock jupyterlite-pyodide-kernel)',
            all.stockEcho,
            all.stockEcho
          )
        : '| comm echo (stock) | — | — | — | — |',
      '',
      ...memory,
      ''
    ].join('\n');
    process.stdout.write(`\n${markdown}`);
    if (failures.length) {
      progress(`\nFAILED:\n- ${failures.join('\n- ')}`);
      process.exitCode = 1;
    } else if (opts.writeDocs) {
      writeGenerated('flow.md', markdown);
    }
  } finally {
    await browser.close();
    ours.stop();
    stock.stop();
  }
}
