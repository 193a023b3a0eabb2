import {
  expect,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test,
  waitForIdle
} from './fixtures';
import { output, run } from './renderers-helpers';

test.describe('the browsergrad kernel', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('runs print(1+1) from the launcher', async ({ page, requests }) => {
    expect(await runCell(page, 0, 'print(1+1)')).toBe('2\n');
    // Pyodide's own files were fetched (by the worker), from this server.
    expect(requests.some(url => url.endsWith('/pyodide.asm.wasm'))).toBe(true);
    // the kernel's memory snapshot (or, without one, its wheels) too
    expect(
      requests.some(url =>
        /\/(kernel\.snapshot\.gz|ipython-[^/]+\.whl)$/.test(url)
      )
    ).toBe(true);
  });

  test('imports browsergrad with no setup', async ({ page }) => {
    const out = await runCell(
      page,
      0,
      'import browsergrad as bg\nprint(bg.__version__)'
    );
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('renders an IntSlider whose moves reach Python', async ({ page }) => {
    await runCell(
      page,
      0,
      'import ipywidgets as w\ns = w.IntSlider(value=3, max=10)\ns'
    );
    const handle = page.locator('.jp-OutputArea .widget-slider .noUi-handle');
    await handle.waitFor();
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.jp-OutputArea .widget-readout')).toHaveText(
      '5'
    );
    await page.notebook.addCell('code', '');
    expect(await runCell(page, 1, 'print(s.value)')).toBe('5\n');
  });

  test('streams 10,000 prints in order with other outputs', async ({
    page
  }) => {
    // Set through the model: typing would re-indent the loop body.
    await run(
      page,
      0,
      [
        'from IPython.display import display',
        'for i in range(10000):',
        '    print(i)',
        'display("middle")',
        'print("end")'
      ].join('\n')
    );
    const outputs = output(page, 0);
    await expect(outputs).toHaveCount(3);
    const first = (await outputs.nth(0).textContent()) ?? '';
    expect(first.split('\n').filter(Boolean)).toHaveLength(10000);
    expect(first.trim().endsWith('9999')).toBe(true);
    await expect(outputs.nth(1)).toHaveText("'middle'");
    await expect(outputs.nth(2)).toHaveText('end');
  });

  test('shows a print before a long computation at once', async ({ page }) => {
    await page.notebook.setCell(
      0,
      'code',
      'import time; print("working"); t = time.time()\nwhile time.time() - t < 4: pass'
    );
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+Enter');
    await expect(output(page, 0)).toHaveText('working', { timeout: 2000 });
    await expect(page.locator('.jp-Cell .jp-InputPrompt').first()).toHaveText(
      '[*]:'
    );
  });

  test('restarts into a fresh kernel', async ({ page }) => {
    expect(await runCell(page, 0, 'x = 41\nprint(x + 1)')).toBe('42\n');
    // Not awaited in the page: the command resolves once the dialog closes.
    await page.evaluate(() => {
      void (window as any).jupyterapp.commands.execute('kernelmenu:restart');
    });
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await waitForIdle(page);
    await page.notebook.addCell('code', '');
    const out = await runCell(page, 1, 'print("x" in globals(), 6 * 7)');
    expect(out).toBe('False 42\n');
  });

  test('completes with Tab', async ({ page }) => {
    await page.notebook.setCell(0, 'code', 'import o');
    await page.notebook.enterCellEditingMode(0);
    const match = page.locator('.jp-Completer-item .jp-Completer-match', {
      hasText: /^os$/
    });
    // JupyterLab drops a completion that takes over 1 s (the completer's
    // providerTimeout); the kernel's first one imports jedi, which can take
    // that long on a busy machine, so a second Tab is allowed.
    await expect(async () => {
      await page.keyboard.press('End');
      await page.keyboard.press('Tab');
      await expect(match).toBeVisible({ timeout: 10000 });
    }).toPass({ intervals: [1000], timeout: 60000 });
  });

  test('reports cross-origin isolation as served', async ({ page }, info) => {
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    expect(isolated).toBe(info.project.name === 'isolated');
    const out = await runCell(
      page,
      0,
      'import js\nprint(js.crossOriginIsolated)'
    );
    expect(out.trim()).toBe(isolated ? 'True' : 'False');
  });
});

test('a cell run the moment the notebook opens runs once its kernel is up', async ({
  page
}) => {
  await openLab(page);
  await page
    .locator('.jp-LauncherCard[data-category="Notebook"]', {
      hasText: 'Python (browsergrad)'
    })
    .click();
  // no wait for the kernel: run as soon as the notebook's document is loaded
  // (a cell edited before that is replaced by the loaded one)
  await page.waitForFunction(
    () => (window as any).jupyterapp.shell.currentWidget?.context?.isReady
  );
  const before = await page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    panel.content.widgets[0].model.sharedModel.setSource('print(6 * 7)');
    panel.content.activeCellIndex = 0;
    void (window as any).jupyterapp.commands.execute('notebook:run-cell');
    return panel.sessionContext.session?.kernel?.status ?? 'no session';
  });
  // the run did come before the kernel was up
  expect(before).not.toBe('idle');
  await expect(output(page, 0).first()).toHaveText('42');
});
