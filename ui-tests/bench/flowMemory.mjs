/**
 * Memory while a flow reads a 3 GiB file: a sparse file (no disk used) with a
 * small zip at its end is chosen in a PageFileInput; Python opens the zip
 * directory and reads one member through the lazy file object. Measured per
 * run in a fresh page: the worker's wasm heap (Python reports it) and the
 * page's JS heap (Chrome DevTools Protocol) before and after, and the time
 * from choosing the file to the member read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freshContext, progress, summary } from './lib.mjs';
import { labProbe } from './pageLoad.mjs';

const PREFIX = 3 * 1024 ** 3;

const READ_CODE = `
import csv, io, time, zipfile
import pyodide_js
import browsergrad as bg
from browsergrad.flow import CommandUIRender, PageFileInput, PageText

def _read():
    chosen = yield CommandUIRender(PageFileInput("Your takeout", extensions=[".zip"]))
    before, started = pyodide_js._module.HEAP8.length, time.perf_counter()
    with zipfile.ZipFile(chosen.value).open("data/rows.csv") as member:
        rows = list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))
    took = time.perf_counter() - started
    grown = pyodide_js._module.HEAP8.length - before
    yield CommandUIRender(PageText("Read", f"rows={len(rows)} grown={grown} took={took:.4f}"))

bg.run_flow(_read(), "memory")
`;

/** A sparse file of PREFIX zero bytes, then a zip made by Python's zipfile. */
function sparseZip(python, folder) {
  const file = path.join(folder, 'takeout.zip');
  const zip = execFileSync(python, [
    '-c',
    'import io, sys, zipfile\n' +
      'buf = io.BytesIO()\n' +
      'with zipfile.ZipFile(buf, "w") as z:\n' +
      '    z.writestr("data/rows.csv", "name,score\\nada,3\\nbob,5\\n")\n' +
      'sys.stdout.buffer.write(buf.getvalue())'
  ]);
  writeFileSync(file, '');
  truncateSync(file, PREFIX);
  writeFileSync(file, zip, { flag: 'a' });
  return file;
}

async function jsHeap(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find(m => m.name === 'JSHeapUsedSize').value;
}

async function onePage(browser, url, file, timeoutMs) {
  const { context } = await freshContext(browser);
  try {
    await context.addInitScript(labProbe, ['Python (browsergrad)', true]);
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`${url}lab/index.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.idle !== null, null, {
      polling: 50
    });
    await page.evaluate(code => {
      const app = window.jupyterapp;
      const notebook = app.shell.currentWidget.content;
      notebook.widgets[0].model.sharedModel.setSource(code);
      notebook.activeCellIndex = 0;
      void app.commands.execute('notebook:run-cell');
    }, READ_CODE);
    const flow = page.locator('.bg-Flow');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await flow.getByLabel('Choose a file (.zip)').setInputFiles(file);
    const before = await jsHeap(cdp);
    const chosen = Date.now();
    await flow.getByRole('button', { name: 'Continue' }).click();
    const read = flow.getByRole('region', { name: 'Read' });
    await read.waitFor();
    const wall = Date.now() - chosen;
    const text = (await read.textContent()) ?? '';
    const found = /rows=2 grown=(\d+) took=([\d.]+)/.exec(text);
    if (!found) {
      throw new Error(`the flow did not read the file: ${text}`);
    }
    return {
      wasmGrown: Number(found[1]),
      pageGrown: Math.max(0, (await jsHeap(cdp)) - before),
      readMs: Number(found[2]) * 1000,
      wallMs: wall
    };
  } finally {
    await context.close();
  }
}

/** N runs; returns summaries (bytes and ms) and the file's size. */
export async function measureFlowMemory(browser, url, opts) {
  const folder = mkdtempSync(path.join(tmpdir(), 'bg-bench-flow-'));
  try {
    const file = sparseZip(opts.python, folder);
    const runs = [];
    for (let run = 0; run < opts.runs; run++) {
      const result = await onePage(browser, url, file, opts.timeout * 1000);
      runs.push(result);
      progress(
        `memory ${run + 1}/${opts.runs}: wasm heap +${result.wasmGrown} B, ` +
          `page JS heap +${result.pageGrown} B, read ${result.readMs.toFixed(1)} ms`
      );
    }
    const pick = key => summary(runs.map(r => r[key]));
    return {
      fileBytes: PREFIX,
      wasmGrown: pick('wasmGrown'),
      pageGrown: pick('pageGrown'),
      readMs: pick('readMs'),
      wallMs: pick('wallMs')
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const mib = bytes => (bytes / 1024 ** 2).toFixed(1);

/** Table rows for measureFlowMemory's figures. */
export function flowMemoryMarkdown(stats) {
  const share = stat => (stat.median / stats.fileBytes).toExponential(1);
  return [
    `Reading a ${mib(stats.fileBytes)} MiB file (a sparse prefix and a zip at its end) through a flow: ` +
      'median (min–max) over the runs. The stock kernel has no way to hand Python a chosen file but ' +
      'uploading it whole to the drive, which is limited to what the page can hold.',
    '',
    '| while the zip directory and one member are read | median | min–max | share of the file |',
    '| --- | --- | --- | --- |',
    `| worker wasm heap growth (MiB) | ${mib(stats.wasmGrown.median)} | ${mib(stats.wasmGrown.min)}–${mib(stats.wasmGrown.max)} | ${share(stats.wasmGrown)} |`,
    `| page JS heap growth (MiB) | ${mib(stats.pageGrown.median)} | ${mib(stats.pageGrown.min)}–${mib(stats.pageGrown.max)} | ${share(stats.pageGrown)} |`,
    `| Python's read (ms) | ${stats.readMs.median.toFixed(1)} | ${stats.readMs.min.toFixed(1)}–${stats.readMs.max.toFixed(1)} | |`,
    `| Continue clicked → result shown (ms) | ${stats.wallMs.median.toFixed(0)} | ${stats.wallMs.min.toFixed(0)}–${stats.wallMs.max.toFixed(0)} | |`
  ];
}
