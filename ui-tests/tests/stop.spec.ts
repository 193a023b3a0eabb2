/**
 * Stop, time limits and faults, in both servers: cross-origin isolated
 * (Stop interrupts and keeps state) and plain (Stop restarts the kernel,
 * except for a cell that awaits, which still stops in place).
 */
import {
  expect,
  kernelInfo,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test,
  waitForIdle
} from './fixtures';
import { run } from './renderers-helpers';
import {
  cellText,
  expectError,
  pressStop,
  startCell,
  startRunning,
  StopWay
} from './stop-helpers';

const RESTARTED = /KernelRestarted: Stop restarted the kernel/;

/**
 * Each kind of running cell, how Stop is pressed, and whether it waits (an
 * await, or `time.sleep`, which suspends with JSPI), so that a page without
 * the shared buffer can stop it in place.
 */
const CASES: { name: string; body: string; way: StopWay; waits?: boolean }[] = [
  { name: 'a busy loop', body: 'while True: pass', way: 'toolbar' },
  {
    name: 'time.sleep',
    body: 'import time\ntime.sleep(60)',
    way: 'menu',
    waits: true
  },
  {
    name: 'asyncio.sleep',
    body: 'import asyncio\nawait asyncio.sleep(60)',
    way: 'keys',
    waits: true
  },
  {
    name: 'a print loop',
    body: 'while True:\n    print("tick")',
    way: 'toolbar'
  },
  {
    name: 'a long comprehension',
    body: 'squares = [i * i for i in range(10**9)]',
    way: 'toolbar'
  },
  {
    name: 'a JavaScript promise',
    body: 'import js\nawait js.eval("new Promise(() => {})")',
    way: 'toolbar',
    waits: true
  }
];

test.describe('Stop', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('stops every kind of running cell', async ({ page }, info) => {
    let index = 0;
    for (const { name, body, way, waits } of CASES) {
      await test.step(`${name} (${way})`, async () => {
        const keeps = info.project.name === 'isolated' || waits === true;
        await run(page, index, `kept = "${name}"`);
        await startRunning(page, index + 1, body);
        await pressStop(page, way);
        await expectError(
          page,
          index + 1,
          keeps ? /KeyboardInterrupt/ : RESTARTED
        );
        if (!keeps) {
          expect(await cellText(page, index + 1)).toMatch(
            /Cross-Origin-Opener-Policy/
          );
        }
        // The next cell runs; variables survive when Stop kept state.
        await run(page, index + 2, 'print(globals().get("kept"))');
        expect(await cellText(page, index + 2)).toBe(
          keeps ? `${name}\n` : 'None\n'
        );
        index += 3;
      });
    }
  });

  test('gives up a cell blocked in JavaScript and restarts', async ({
    page
  }, info) => {
    // Imported first, so that Stop comes while JavaScript runs, not Python.
    expect(await runCell(page, 0, 'import js')).toBe('');
    await startRunning(page, 1, 'js.eval("for (;;) {}")');
    await pressStop(page);
    await expectError(page, 1, RESTARTED);
    const text = await cellText(page, 1);
    if (info.project.name === 'isolated') {
      expect(text).toMatch(/did not answer the interrupt within 500 ms/);
    }
    await run(page, 2, 'print(6 * 7)');
    expect(await cellText(page, 2)).toBe('42\n');
  });

  test('cancels the queued cells', async ({ page }) => {
    await page.evaluate(() => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      const sources = [
        'print("started", flush=True)\nwhile True: pass',
        'print("second")',
        'print("third")'
      ];
      notebook.model.sharedModel.deleteCell(0);
      sources.forEach((source, i) =>
        notebook.model.sharedModel.insertCell(i, {
          cell_type: 'code',
          source
        })
      );
      void (window as any).jupyterapp.commands.execute(
        'notebook:run-all-cells'
      );
    });
    await expect(
      page
        .locator('.jp-Notebook .jp-Cell')
        .first()
        .locator('.jp-OutputArea-output')
        .first()
    ).toHaveText('started');
    await pressStop(page);
    await waitForIdle(page);
    expect(await cellText(page, 1)).not.toContain('second');
    expect(await cellText(page, 2)).not.toContain('third');
  });

  test('is harmless while no cell runs', async ({ page }) => {
    expect(await runCell(page, 0, 'kept = 1')).toBe('');
    await pressStop(page);
    await pressStop(page, 'keys');
    await waitForIdle(page);
    await run(page, 1, 'print(kept + 1)');
    expect(await cellText(page, 1)).toBe('2\n');
  });

  test('pressed many times gives one clear ending', async ({ page }, info) => {
    expect(await runCell(page, 0, 'kept = 1')).toBe('');
    await startRunning(page, 1, 'while True: pass');
    const stop = page.locator(
      '.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]'
    );
    for (let i = 0; i < 10; i++) {
      await stop.click();
    }
    const isolated = info.project.name === 'isolated';
    await expectError(page, 1, isolated ? /KeyboardInterrupt/ : RESTARTED);
    if (isolated) {
      const text = await cellText(page, 1);
      expect(text).not.toMatch(/During handling of the above exception/);
    }
    await run(page, 2, 'print(1 + 1)');
    expect(await cellText(page, 2)).toBe('2\n');
  });

  test('stops a widget callback', async ({ page }, info) => {
    await run(
      page,
      0,
      [
        'import ipywidgets as w',
        'clicks = []',
        'def busy(_):',
        '    clicks.append(1)',
        '    while True: pass',
        'button = w.Button(description="spin")',
        'button.on_click(busy)',
        'button'
      ].join('\n')
    );
    await page.locator('.jp-OutputArea .widget-button').click();
    await expect(
      page.locator('.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator')
    ).toHaveAttribute('data-status', 'busy');
    await pressStop(page);
    await waitForIdle(page);
    await run(page, 1, 'print(len(clicks))');
    // Isolated: the callback was interrupted and its state is kept.
    const expected = info.project.name === 'isolated' ? '1\n' : '';
    if (expected) {
      expect(await cellText(page, 1)).toBe(expected);
    } else {
      await expectError(page, 1, /NameError/);
    }
  });
});

test.describe('time limits', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('a %%time_limit cell ends with TimeoutError naming it', async ({
    page
  }, info) => {
    expect(await runCell(page, 0, 'kept = 1')).toBe('');
    await startCell(page, 1, '%%time_limit 0.5\nwhile True: pass');
    await expectError(page, 1, /TimeoutError.*time limit of 0\.5 s/);
    await run(page, 2, 'print("kept" in globals())');
    expect(await cellText(page, 2)).toBe(
      info.project.name === 'isolated' ? 'True\n' : 'False\n'
    );
  });

  test('cell metadata sets a time limit @isolated-only', async ({ page }) => {
    await page.evaluate(() => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      notebook.widgets[0].model.setMetadata('browsergrad', { time_limit: 0.5 });
    });
    await startCell(page, 0, 'import time\ntime.sleep(60)');
    await expectError(page, 0, /TimeoutError.*time limit of 0\.5 s/);
  });

  test('rejects limits that are not positive numbers @isolated-only', async ({
    page
  }) => {
    const bad = [
      [
        '%%time_limit 0\nprint("ran")',
        /%%time_limit must be a positive number/
      ],
      ['%%time_limit -1\nprint("ran")', /got "-1"/],
      ['%%time_limit soon\nprint("ran")', /got "soon"/],
      ['%%time_limit\nprint("ran")', /takes one value/]
    ] as const;
    for (const [i, [source, message]] of bad.entries()) {
      await run(page, i, source);
      await expectError(page, i, /ValueError/);
      const text = await cellText(page, i);
      expect(text).toMatch(message);
      expect(text).not.toContain('ran');
    }
    await page.evaluate(() => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      notebook.model.sharedModel.insertCell(4, { cell_type: 'code' });
      notebook.widgets[4].model.setMetadata('browsergrad', {
        time_limit: 'abc'
      });
    });
    await run(page, 4, 'print("ran")');
    await expectError(page, 4, /browsergrad\.time_limit must be a positive/);
    await run(page, 5, 'print("still fine")');
    expect(await cellText(page, 5)).toBe('still fine\n');
  });
});

test.describe('faults', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
  });

  test('Stop while the kernel starts is harmless @isolated-only', async ({
    page
  }) => {
    await page
      .locator('.jp-LauncherCard[data-category="Notebook"]', {
        hasText: 'Python (browsergrad)'
      })
      .click();
    const stop = page.locator(
      '.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]'
    );
    await stop.waitFor();
    await stop.click();
    await waitForIdle(page);
    expect(await runCell(page, 0, 'print("up")')).toBe('up\n');
  });

  test('a crashed worker is replaced', async ({ page }) => {
    await newBrowsergradNotebook(page);
    // Pyodide's own fatal-error path, as a wasm trap would take it.
    await startCell(
      page,
      0,
      'import js, pyodide_js\npyodide_js._api.fatal_error(js.Error.new("boom"))'
    );
    await expectError(page, 0, /KernelCrashed/);
    await run(page, 1, 'print("back")');
    expect(await cellText(page, 1)).toBe('back\n');
  });

  test('running out of memory is an error, not a dead kernel @isolated-only', async ({
    page
  }) => {
    await newBrowsergradNotebook(page);
    expect(await runCell(page, 0, 'kept = 1')).toBe('');
    await run(page, 1, 'big = bytearray(8 * 2**30)');
    await expectError(page, 1, /MemoryError|OverflowError/);
    await run(page, 2, 'print(kept)');
    expect(await cellText(page, 2)).toBe('1\n');
  });
});

test.describe('typed errors', () => {
  test('each ending has its own ename in the execute reply', async ({
    page
  }, info) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
    const enames = await page.evaluate(async () => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      const kernel = panel.sessionContext.session.kernel;
      const ename = async (code: string, stopAfterMs?: number) => {
        const future = kernel.requestExecute({ code });
        if (stopAfterMs !== undefined) {
          setTimeout(() => void kernel.interrupt(), stopAfterMs);
        }
        return (await future.done).content.ename ?? 'ok';
      };
      return {
        syntax: await ename('def broken(:'),
        runtime: await ename('1 / 0'),
        stop: await ename('while True: pass', 1000),
        timeLimit: await ename('%%time_limit 0.3\nwhile True: pass'),
        fine: await ename('print("fine")')
      };
    });
    expect(enames).toEqual({
      syntax: 'SyntaxError',
      runtime: 'ZeroDivisionError',
      stop:
        info.project.name === 'isolated'
          ? 'KeyboardInterrupt'
          : 'KernelRestarted',
      timeLimit: 'TimeoutError',
      fine: 'ok'
    });
  });
});

test.describe('the Stop mode', () => {
  test('is shown in the status bar and the kernel info', async ({
    page
  }, info) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
    const isolated = info.project.name === 'isolated';
    const item = page.locator('.bg-stop-mode');
    await expect(item).toHaveText(
      isolated ? 'Stop keeps state' : 'Stop restarts the kernel'
    );
    expect(await item.getAttribute('title')).toMatch(
      isolated ? /variables survive/ : /Cross-Origin-Embedder-Policy/
    );
    const reply = await kernelInfo(page);
    expect(reply.browsergrad.stop).toBe(isolated ? 'interrupt' : 'restart');
    expect(reply.browsergrad.can_interrupt).toBe(isolated);
  });
});
