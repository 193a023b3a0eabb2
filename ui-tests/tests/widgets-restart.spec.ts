import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import {
  expect,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test,
  waitForIdle
} from './fixtures';
import { output, run } from './renderers-helpers';
import { cellText, expectError, pressStop, startCell } from './stop-helpers';

// Widgets across restarts: after a restart, whether asked for or made by
// Stop to end a cell, the views of the old interpreter's widgets show they
// are disconnected, and re-running their cell gives working widgets.

const BUTTON = [
  'import ipywidgets as w',
  'clicks = []',
  'button = w.Button(description="press")',
  'button.on_click(lambda _: clicks.append(1))',
  'button'
].join('\n');

const buttons = (page: IJupyterLabPageFixture) =>
  output(page, 0).locator('.widget-button');

async function showButton(page: IJupyterLabPageFixture) {
  await runCell(page, 0, BUTTON);
  await expect(buttons(page)).toHaveCount(1);
  await expect(buttons(page)).not.toHaveClass(/jupyter-widgets-disconnected/);
}

/** Re-run the button's cell: its new button works. */
async function expectWorkingAgain(page: IJupyterLabPageFixture, at: number) {
  await runCell(page, 0, BUTTON);
  await expect(buttons(page)).toHaveCount(1);
  await expect(buttons(page)).not.toHaveClass(/jupyter-widgets-disconnected/);
  await buttons(page).click();
  // the click's comm message reaches the kernel before the next cell
  await run(page, at, 'print(len(clicks))');
  expect(await cellText(page, at)).toBe('1\n');
}

test.describe('widgets across restarts', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('a restart of the kernel disconnects the old views', async ({
    page
  }) => {
    await showButton(page);
    await page.evaluate(() =>
      (
        window as any
      ).jupyterapp.shell.currentWidget.sessionContext.restartKernel()
    );
    await expect(buttons(page)).toHaveClass(/jupyter-widgets-disconnected/);
    await waitForIdle(page);
    await expectWorkingAgain(page, 1);
  });

  test('a restart made by Stop disconnects the old views', async ({ page }) => {
    await showButton(page);
    // A cell that swallows KeyboardInterrupt: Stop ends it with a restart on
    // any page.
    await startCell(
      page,
      1,
      [
        'print("started", flush=True)',
        'while True:',
        '    try:',
        '        while True: pass',
        '    except KeyboardInterrupt:',
        '        pass'
      ].join('\n')
    );
    await expect(output(page, 1).first()).toContainText('started');
    await pressStop(page);
    await expectError(page, 1, /KernelRestarted/);
    await expect(buttons(page)).toHaveClass(/jupyter-widgets-disconnected/);
    await expectWorkingAgain(page, 2);
  });
});
