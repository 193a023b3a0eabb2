import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';

import {
  expect,
  KERNEL_DISPLAY_NAME,
  newBrowsergradNotebook,
  openLab,
  test,
  waitForIdle
} from './fixtures';
import { open } from './labs-helpers';
import { output, run } from './renderers-helpers';
import { cellText, pressStop, startCell } from './stop-helpers';

// Hostile input, on each server: every case ends with a clear message and a
// kernel that runs the next cell, and records what it showed and whether the
// kernel kept its variables. `node robustness-table.mjs` turns the records
// into the table of docs/robustness.md.

interface IRecord {
  case: string;
  message: string;
  kept: boolean;
}

const records: IRecord[] = [];
let at = 0;

/** An exception's line in a traceback: `RecursionError: ...`. */
const ERROR_LINE = /^[\w.]*(Error|Exception|Interrupt|Restarted|Crashed)\b/;

/**
 * The gist of what a cell showed: its error line and any notes after it,
 * else its last line; shortened.
 */
function gist(text: string): string {
  const lines = text
    .split('\n')
    .map(line => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const errorAt = lines.map(line => ERROR_LINE.test(line)).lastIndexOf(true);
  const shown =
    errorAt >= 0
      ? lines.slice(errorAt).join(' ')
      : (lines[lines.length - 1] ?? '(nothing)');
  return shown.length > 200 ? `${shown.slice(0, 197)}...` : shown;
}

/** Set a variable, run `hostile`, then check that the next cell runs. */
async function hostileCase(
  page: IJupyterLabPageFixture,
  name: string,
  hostile: (index: number) => Promise<string>,
  expected: { message: RegExp; kept: boolean }
) {
  await test.step(name, async () => {
    await run(page, at, 'kept = "yes"');
    const index = ++at;
    const message = await hostile(index);
    await waitForIdle(page);
    const after = ++at;
    await run(page, after, 'print("kept" in globals(), 6 * 7)');
    const state = await cellText(page, after);
    expect(state, 'the next cell runs').toMatch(/^(True|False) 42\n$/);
    at++;
    const kept = state.startsWith('True');
    records.push({ case: name, message, kept });
    expect(message).toMatch(expected.message);
    expect(kept, 'kept its variables').toBe(expected.kept);
  });
}

/** Run a cell to its end; what it showed. */
async function ran(page: IJupyterLabPageFixture, index: number, code: string) {
  await run(page, index, code);
  return gist(await cellText(page, index));
}

/** Start a cell, wait for its first output, press Stop; what it showed. */
async function stopped(
  page: IJupyterLabPageFixture,
  index: number,
  code: string,
  started: (page: IJupyterLabPageFixture) => Promise<void>
) {
  await startCell(page, index, code);
  await started(page);
  await pressStop(page);
  await waitForIdle(page);
  return gist(await cellText(page, index));
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">' +
  '<script>top.bgPwned = true</script><rect width="24" height="24"/></svg>';

/** A new notebook in a tab: run a cell, save, start a loop, close the tab. */
async function closeTabDuringCell(tab: Page) {
  await tab.goto('index.html');
  await tab
    .locator('.jp-LauncherCard[data-category="Notebook"]', {
      hasText: KERNEL_DISPLAY_NAME
    })
    .click();
  await tab.locator('.jp-NotebookPanel .jp-Cell').first().waitFor();
  const notebook: string = await tab.evaluate(async () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    // loaded: an edit before would be replaced by the file's cells
    await panel.context.ready;
    const content = panel.content;
    content.model.sharedModel.insertCell(1, { cell_type: 'code' });
    content.widgets[0].model.sharedModel.setSource(
      'kept = "yes"\nprint("saved")'
    );
    content.widgets[1].model.sharedModel.setSource('while True: pass');
    return panel.context.path;
  });
  // the notebook in view
  const shown = tab.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
  await expect(shown.locator('.jp-Notebook')).toHaveCount(1);
  // as a person runs a cell: select it, then Ctrl+Enter
  const runAt = async (index: number) => {
    await shown
      .locator('.jp-Cell')
      .nth(index)
      .locator('.jp-InputPrompt')
      .click();
    await tab.keyboard.press('Control+Enter');
  };
  await expect(
    shown.locator('.jp-Notebook-ExecutionIndicator')
  ).toHaveAttribute('data-status', 'idle', { timeout: 90000 });
  await runAt(0);
  await expect(shown.locator('.jp-OutputArea-output').first()).toHaveText(
    'saved'
  );
  // (the context's save: the command asks to name an untitled notebook)
  await tab.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.context.save()
  );
  await runAt(1);
  await expect(
    shown.locator('.jp-Notebook-ExecutionIndicator')
  ).toHaveAttribute('data-status', 'busy');
  // (browsers ask before leaving only a page a person has used: runAt clicked)
  let asked = '';
  tab.on('dialog', dialog => {
    asked = dialog.type();
    void dialog.accept();
  });
  await tab.close({ runBeforeUnload: true });
  await expect.poll(() => tab.isClosed()).toBe(true);
  return { asked, notebook };
}

test('hostile input: a clear message, and a kernel that runs the next cell', async ({
  page
}, info) => {
  test.setTimeout(900000);
  const isolated = info.project.name === 'isolated';
  await openLab(page);
  await newBrowsergradNotebook(page);

  await hostileCase(
    page,
    'a 10 MB emit_json',
    async index => {
      await ran(
        page,
        index,
        'import browsergrad as bg\nbg.emit_json("big", {"blob": "x" * 10_000_000})'
      );
      // the artifact's row: its name and the truncation marker
      const marker = output(page, index).locator('.bg-Truncated');
      return `JSON artifact "big", ${await marker.textContent()}`;
    },
    {
      message: /^JSON artifact "big", truncated \(size 10(\.0)? MB\)$/,
      kept: true
    }
  );
  await hostileCase(
    page,
    'a 6 GiB allocation',
    // in 1 GiB blocks: one 6 GiB object is past wasm32's index range
    // (OverflowError), and WebAssembly has 4 GiB of memory in all
    index =>
      ran(page, index, 'blocks = [bytearray(1024**3) for _ in range(6)]'),
    { message: /^MemoryError/, kept: true }
  );
  await hostileCase(
    page,
    'runaway recursion',
    index => ran(page, index, 'def down(n):\n    return down(n + 1)\ndown(0)'),
    { message: /^RecursionError: maximum recursion depth exceeded/, kept: true }
  );
  await hostileCase(
    page,
    'a print flood, then Stop',
    index =>
      stopped(page, index, 'while True:\n    print("flood " * 20)', page =>
        expect(output(page, index).first()).toContainText('flood')
      ),
    isolated
      ? { message: /^KeyboardInterrupt/, kept: true }
      : { message: /^KernelRestarted: Stop restarted the kernel/, kept: false }
  );
  await hostileCase(
    page,
    'Stop during input()',
    index =>
      stopped(page, index, 'answer = input("name? ")', page =>
        expect(page.locator('.jp-Stdin input')).toBeVisible()
      ),
    { message: /^KeyboardInterrupt/, kept: true }
  );
  await hostileCase(
    page,
    'an SVG with a script, to emit_image',
    async index => {
      const shown = await ran(
        page,
        index,
        [
          // imported again: a plain page's Stop above restarted the kernel
          'import base64, browsergrad as bg',
          `svg = ${JSON.stringify(SVG)}`,
          'bg.emit_image("drawing", "image/svg+xml", base64.b64encode(svg.encode()).decode())'
        ].join('\n')
      );
      await expect(output(page, index).locator('img')).toHaveAttribute(
        'src',
        /^data:image\/svg\+xml/
      );
      expect(await page.evaluate(() => (window as any).bgPwned)).toBe(
        undefined
      );
      return `${shown} (shown as an <img>; its script did not run)`;
    },
    { message: /drawing.*image\/svg\+xml/, kept: true }
  );
  await hostileCase(
    page,
    'restart while a loop runs',
    async index => {
      await startCell(
        page,
        index,
        'print("looping", flush=True)\nwhile True: pass'
      );
      await expect(output(page, index).first()).toContainText('looping');
      await page.evaluate(() =>
        (
          window as any
        ).jupyterapp.shell.currentWidget.sessionContext.restartKernel()
      );
      await waitForIdle(page);
      return gist(await cellText(page, index));
    },
    {
      message:
        /^KernelRestarted: This cell did not finish: the kernel was restarted/,
      kept: false
    }
  );
  await hostileCase(
    page,
    'a worker crash mid-cell',
    index =>
      ran(
        page,
        index,
        // Pyodide's own fatal-error path, as a wasm trap takes it
        'import js, pyodide_js\npyodide_js._api.fatal_error(js.Error.new("simulated crash"))'
      ),
    {
      message: /^KernelCrashed: The kernel crashed while running this cell/,
      kept: false
    }
  );
});

test('hostile input: a tab closed during a cell', async ({ browser }, info) => {
  test.setTimeout(300000);
  // A context of its own: the tabs of one share their workspace and files.
  const context = await browser.newContext({
    baseURL: info.project.use.baseURL
  });
  try {
    const { asked, notebook } = await closeTabDuringCell(
      await context.newPage()
    );
    const again = (await context.newPage()) as IJupyterLabPageFixture;
    await again.bringToFront();
    await again.goto('index.html');
    await again.waitForFunction(() => (window as any).jupyterapp !== undefined);
    await again.evaluate(() => (window as any).jupyterapp.restored);
    await open(again, notebook);
    await waitForIdle(again);
    // what was saved is there; the new kernel runs the next cell
    await expect(output(again, 0)).toHaveText('saved');
    await again.evaluate(source => {
      const app = (window as any).jupyterapp;
      const content = app.shell.currentWidget.content;
      content.model.sharedModel.insertCell(2, { cell_type: 'code', source });
      content.activeCellIndex = 2;
      void app.commands.execute('notebook:run-cell');
    }, 'print("kept" in globals(), 6 * 7)');
    await expect(output(again, 2)).toHaveText('False 42');
    const message = asked
      ? 'the browser asked to confirm leaving the page; reopened, the notebook has what was saved'
      : 'no question on closing; reopened, the notebook has what was saved';
    records.push({ case: 'a closed tab during a cell', message, kept: false });
    expect(asked).toBe('beforeunload');
  } finally {
    await context.close();
  }
});

// Playwright wants a fixtures object first, even an empty one.
// eslint-disable-next-line no-empty-pattern
test.afterAll(({}, info) => {
  const out = path.join(__dirname, '..', 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, `robustness-${info.project.name}.json`),
    JSON.stringify(records, null, 2)
  );
});
