/**
 * Page helpers for stop.spec.ts: start a cell without waiting for it, press
 * Stop in each of the ways a user can, and read a cell's outputs.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect, waitForIdle } from './fixtures';
import { output } from './renderers-helpers';

/** Put `source` into cell `index` (through the model) and start it. */
export async function startCell(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  await page.evaluate(
    ({ index, source }) => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      const notebook = panel.content;
      while (notebook.widgets.length <= index) {
        notebook.model.sharedModel.insertCell(notebook.widgets.length, {
          cell_type: 'code',
          source: ''
        });
      }
      notebook.widgets[index].model.sharedModel.setSource(source);
      notebook.activeCellIndex = index;
      notebook.deselectAll();
      // Not awaited: it resolves when the cell ends.
      void (window as any).jupyterapp.commands.execute('notebook:run-cell');
    },
    { index, source }
  );
}

/** Start a cell that prints `started` and then runs `body`; wait for it. */
export async function startRunning(
  page: IJupyterLabPageFixture,
  index: number,
  body: string
): Promise<void> {
  await startCell(page, index, `print("started", flush=True)\n${body}`);
  await expect(output(page, index).first()).toContainText(/^started/);
}

export type StopWay = 'toolbar' | 'menu' | 'keys';

/** Press Stop as a user does. */
export async function pressStop(
  page: IJupyterLabPageFixture,
  way: StopWay = 'toolbar'
): Promise<void> {
  if (way === 'toolbar') {
    await page
      .locator(
        '.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]'
      )
      .click();
  } else if (way === 'menu') {
    await page.menu.clickMenuItem('Kernel>Interrupt Kernel');
  } else {
    await page.locator('.jp-Notebook').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('i');
    await page.keyboard.press('i');
  }
}

/** All text of cell `index`'s outputs. */
export async function cellText(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return (await output(page, index).allTextContents()).join('\n');
}

/** Wait until cell `index` shows an error containing `pattern`. */
export async function expectError(
  page: IJupyterLabPageFixture,
  index: number,
  pattern: RegExp
): Promise<void> {
  await expect(
    page
      .locator('.jp-Notebook .jp-Cell')
      .nth(index)
      .locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
      )
      // the error's output (a warning may come before it)
      .filter({ hasText: pattern })
  ).toContainText(pattern);
  await waitForIdle(page);
}
