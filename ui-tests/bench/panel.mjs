/**
 * The Tests panel with many results: a notebook of 50 cells, each making 200
 * checks (10,000 in all, 2% of them failures), run with the panel's "Run all"
 * while the panel is open. Timed on the page's clock from the click:
 *
 * - the last cell ended (its execution count shows);
 * - every output rendered (all 50 summaries show their counts);
 * - the panel complete (its counts show all 10,000 results, and the list
 *   is built);
 * - after that, scrolling the panel's list to its end until the last row is
 *   drawn, and how many rows are in the DOM then.
 *
 * The stock kernel has no such panel, so the comparison is with the same
 * notebook's own outputs: the ratio is panel complete / outputs rendered.
 * Each run is a fresh page with a new, idle kernel; the notebook is uploaded
 * through the file browser as a user would.
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

const CELLS = 50;
const PER_CELL = 200;
const FAILS_PER_CELL = 4;
const NOTEBOOK = 'panel-bench.ipynb';
const KERNEL = 'Python (browsergrad)';

/** The notebook: cell c makes PER_CELL checks, FAILS_PER_CELL of them failing. */
function notebook() {
  const every = PER_CELL / FAILS_PER_CELL;
  const cells = Array.from({ length: CELLS }, (_, c) => ({
    cell_type: 'code',
    id: `cell-${c}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source: [
      'import browsergrad as bg\n',
      `for i in range(${PER_CELL}):\n`,
      `    if i % ${every} == ${every - 1}:\n`,
      `        bg.assert_fail(f"cell ${c} check {i}", "off by one", expected=i, actual=i + 1)\n`,
      '    else:\n',
      `        bg.assert_pass(f"cell ${c} check {i}")`
    ]
  }));
  return {
    cells,
    metadata: {
      kernelspec: {
        name: 'browsergrad',
        display_name: KERNEL,
        language: 'python'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
}

/** Injected into the page: stamps the three moments once "Run all" is clicked. */
function panelProbe(spec) {
  const marks = { start: null, cellsEnded: null, outputs: null, panel: null };
  window.__panelBench = marks;
  const allEnded = () => {
    const prompts = document.querySelectorAll(
      '.jp-NotebookPanel .jp-Cell .jp-InputPrompt'
    );
    return (
      prompts.length === spec.cells &&
      [...prompts].every(prompt => /\[\d+\]/.test(prompt.textContent))
    );
  };
  const outputsDone = () =>
    document.querySelectorAll(
      `.jp-NotebookPanel .bg-Summary-pass[data-count="${spec.passes}"]`
    ).length === spec.cells;
  const panelDone = () =>
    document.querySelector(
      `#browsergrad-tests .bg-Tests-count[data-status="pass"][data-count="${spec.totalPasses}"]`
    ) !== null &&
    document.querySelector(
      `#browsergrad-tests .bg-Tests-count[data-status="fail"][data-count="${spec.totalFails}"]`
    ) !== null;
  new MutationObserver(() => {
    if (marks.start === null) {
      return;
    }
    const now = performance.now();
    if (marks.cellsEnded === null && allEnded()) {
      marks.cellsEnded = now;
    }
    if (marks.outputs === null && outputsDone()) {
      marks.outputs = now;
    }
    if (marks.panel === null && panelDone()) {
      marks.panel = now;
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true
  });
}

async function measureRun(browser, url, timeoutMs) {
  const { context, requests } = await freshContext(browser);
  const spec = {
    cells: CELLS,
    passes: PER_CELL - FAILS_PER_CELL,
    totalPasses: CELLS * (PER_CELL - FAILS_PER_CELL),
    totalFails: CELLS * FAILS_PER_CELL
  };
  try {
    await context.addInitScript(panelProbe, spec);
    await context.addInitScript(longTaskProbe);
    const page = await context.newPage();
    const wait = { timeout: timeoutMs };
    await page.goto(`${url}lab/index.html`);
    await page.locator('.jp-LauncherCard').first().waitFor(wait);

    // Upload the notebook through the file browser, and open it.
    const chooser = page.waitForEvent('filechooser');
    await page
      .locator(
        '.jp-FileBrowser [data-command="filebrowser:upload"], .jp-FileBrowser .jp-id-upload'
      )
      .first()
      .click();
    await (
      await chooser
    ).setFiles({
      name: NOTEBOOK,
      mimeType: 'application/x-ipynb+json',
      buffer: Buffer.from(JSON.stringify(notebook()))
    });
    await page
      .locator(`.jp-DirListing-item[title^="Name: ${NOTEBOOK}"]`)
      .dblclick(wait);
    await page
      .locator(
        '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status="idle"]'
      )
      .waitFor(wait);
    await page.locator('.jp-SideBar [data-id="browsergrad-tests"]').click();
    const panel = page.locator('#browsergrad-tests');
    await panel.waitFor({ state: 'visible', ...wait });

    // Run all from the panel, and wait for the three moments.
    await page.evaluate(() => (window.__panelBench.start = performance.now()));
    await panel.getByRole('button', { name: 'Run all' }).click();
    await page.waitForFunction(
      () => Object.values(window.__panelBench).every(value => value !== null),
      null,
      { ...wait, polling: 50 }
    );
    const marks = await page.evaluate(() => window.__panelBench);

    // Scroll the list to its end: how long until the last row is drawn.
    const scroll = await page.evaluate(
      async last => {
        const list = document.querySelector('#browsergrad-tests .bg-TestList');
        const start = performance.now();
        list.scrollTop = list.scrollHeight;
        for (;;) {
          await new Promise(resolve => requestAnimationFrame(resolve));
          const rows = list.querySelectorAll('[role="treeitem"]');
          const shown = [...rows].some(
            row => row.getAttribute('aria-label') === last
          );
          if (shown || performance.now() - start > 5000) {
            return {
              ms: shown ? performance.now() - start : null,
              rows: rows.length
            };
          }
        }
      },
      `failed: cell ${CELLS - 1} check ${PER_CELL - 1} — off by one`
    );

    const { longTaskMs, longestTask } = await longTasksBetween(
      page,
      marks.start,
      Math.max(marks.panel, marks.outputs)
    );
    return {
      cellsEnded: marks.cellsEnded - marks.start,
      outputs: marks.outputs - marks.start,
      panel: marks.panel - marks.start,
      outputsAfterEnd: marks.outputs - marks.cellsEnded,
      panelAfterEnd: marks.panel - marks.cellsEnded,
      scroll: scroll.ms,
      domRows: scroll.rows,
      longTaskMs,
      longestTask,
      ...requestFacts(requests)
    };
  } finally {
    await context.close();
  }
}

const ms = msRange;

function renderMarkdown(runs, env) {
  const stat = key =>
    summary(runs.map(run => run[key]).filter(v => typeof v === 'number'));
  const ratio = (a, b) => (a && b ? (a.median / b.median).toFixed(2) : '—');
  const lines = [
    `Measured ${env.date} with \`scripts/bench.sh --suite panel --runs ${env.runs}\` on ${env.cores} cores ` +
      `(${env.cpu}; load average ${env.load} at the start), headless Chromium ${env.chromium}, ` +
      `browsergrad-kernel at ${env.commit}. Milliseconds: median (min–max) of ${env.runs} runs, ` +
      `each in a fresh page with a new kernel, timed from the click on **Run all** in the panel. ` +
      `The notebook: ${CELLS} cells of ${PER_CELL} checks (${(CELLS * PER_CELL).toLocaleString('en')} in all, ` +
      `${(CELLS * FAILS_PER_CELL).toLocaleString('en')} failing).`,
    '',
    '| what | from Run all | after the last cell ended |',
    '| --- | --- | --- |',
    `| last cell ended | ${ms(stat('cellsEnded'))} | — |`,
    `| (a) every output rendered | ${ms(stat('outputs'))} | ${ms(stat('outputsAfterEnd'))} |`,
    `| (b) Tests panel complete | ${ms(stat('panel'))} | ${ms(stat('panelAfterEnd'))} |`,
    `| ratio b/a (of medians) | ${ratio(stat('panel'), stat('outputs'))} | ${ratio(stat('panelAfterEnd'), stat('outputsAfterEnd'))} |`,
    '',
    "The stock kernel has no test panel, so (a), the same notebook's own outputs, is the comparison.",
    '',
    '| detail | figure |',
    '| --- | --- |',
    `| scroll the panel's list to its end → last row drawn | ${ms(stat('scroll'))} |`,
    `| rows in the DOM at the end (of ${(CELLS * (PER_CELL + 1)).toLocaleString('en')}) | ${stat('domRows')?.median ?? '—'} |`,
    `| main-thread long tasks from Run all to complete: total | ${ms(stat('longTaskMs'))} |`,
    `| longest of them | ${ms(stat('longestTask'))} |`
  ];
  return `${lines.join('\n')}\n`;
}

export async function runPanel(opts) {
  const server = await serveSite(
    opts.python,
    path.resolve(opts.browsergradSite)
  );
  const browser = await launchBrowser(opts.chromium);
  const failures = [];
  try {
    const env = environment(browser, opts);
    const runs = [];
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      const warm = round < opts.warmup;
      const tag = warm
        ? `warm-up ${round + 1}`
        : `run ${round - opts.warmup + 1}/${opts.runs}`;
      try {
        const result = await measureRun(
          browser,
          server.url,
          opts.timeout * 1000
        );
        progress(
          `${tag} panel: cells ended ${Math.round(result.cellsEnded)} ms, outputs +${Math.round(result.outputsAfterEnd)} ms, ` +
            `panel +${Math.round(result.panelAfterEnd)} ms, scroll ${Math.round(result.scroll ?? -1)} ms, ${result.domRows} rows in the DOM`
        );
        if (result.foreign.length) {
          failures.push(
            `${tag}: ${result.foreign.length} request(s) to other hosts`
          );
        }
        if (result.scroll === null) {
          failures.push(
            `${tag}: the last row did not show after scrolling to the end`
          );
        }
        if (!warm) {
          runs.push(result);
        }
      } catch (error) {
        const message = String(error.message || error).split('\n')[0];
        failures.push(`${tag}: ${message}`);
        progress(`${tag} panel: FAILED ${message}`);
      }
    }
    const markdown = renderMarkdown(runs, env);
    process.stdout.write(`\n${markdown}`);
    if (failures.length) {
      progress(`\nFAILED:\n- ${failures.join('\n- ')}`);
      process.exitCode = 1;
    } else if (opts.writeDocs) {
      writeGenerated('panel.md', markdown);
    }
  } finally {
    await browser.close();
    server.stop();
  }
}
