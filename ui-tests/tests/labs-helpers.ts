/**
 * Page helpers for the lab specs (labs.spec.ts, results-agree.spec.ts).
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect } from './fixtures';

export const CHECK = '[data-command="browsergrad-kernel:labs-check-my-work"]';

/** The current notebook panel. */
export async function current(page: IJupyterLabPageFixture) {
  const id = await page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.id
  );
  return page.locator(`[id="${id}"]`);
}

export async function lastCell(page: IJupyterLabPageFixture) {
  return (await current(page)).locator('.jp-Cell').last();
}

/** Open a notebook of the site and wait until it is the current one. */
export async function open(page: IJupyterLabPageFixture, path: string) {
  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute('docmanager:open', { path }),
    path
  );
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as any).jupyterapp.shell.currentWidget?.context?.path
      )
    )
    .toBe(path);
}

/** Wait until the current notebook's kernel is idle. */
export async function currentIdle(page: IJupyterLabPageFixture) {
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget.sessionContext
              .kernelDisplayStatus
        ),
      { timeout: 90000 }
    )
    .toBe('idle');
}

/** Run every cell, then "Check my work"; resolves when the rubric has run. */
export async function runAndCheck(page: IJupyterLabPageFixture) {
  await currentIdle(page);
  expect(await page.notebook.run()).toBe(true);
  const check = (await current(page)).locator(CHECK);
  await expect(check).toBeEnabled();
  await check.click();
  await expect((await lastCell(page)).locator('.jp-InputPrompt')).toHaveText(
    /^\[\d+\]:$/
  );
}
