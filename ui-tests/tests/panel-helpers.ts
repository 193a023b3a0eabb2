/**
 * Page helpers for the Tests panel specs (panel*.spec.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Download, Page } from '@playwright/test';

import { expect, waitForIdle } from './fixtures';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DEMO = 'tests-panel-demo.ipynb';
export const SAVED = 'saved-results.ipynb';

/** The panel, in Lab or in the Notebook app. */
export const panel = (page: Pick<Page, 'locator'>) =>
  page.locator('#browsergrad-tests');

/** The rows of the panel's list that are in the DOM (all, for short lists). */
export const treeItems = (page: Pick<Page, 'locator'>) =>
  panel(page).locator('[role="treeitem"]');

/** Run a command of the app; `open` commands that show dialogs are not awaited. */
export async function command(page: Page, id: string): Promise<void> {
  await page.evaluate(id => {
    void (window as any).jupyterapp.commands.execute(id);
  }, id);
}

/** Show the Tests panel through its command and wait until it shows. */
export async function openPanel(page: Page): Promise<void> {
  // With the file browser open too, the notebook's toolbar wraps on the
  // test's 1024 px page and covers the first cell (JupyterLab's layout).
  await page.evaluate(() => (window as any).jupyterapp.shell.collapseLeft?.());
  await command(page, 'browsergrad-kernel:tests-open');
  await expect(panel(page)).toBeVisible();
}

/** The counts the panel shows: { pass, fail, error, unreadable? }. */
export async function counts(
  page: Pick<Page, 'locator'>
): Promise<Record<string, number>> {
  const items = panel(page).locator('.bg-Tests-count');
  const result: Record<string, number> = {};
  for (const item of await items.all()) {
    result[(await item.getAttribute('data-status'))!] = Number(
      await item.getAttribute('data-count')
    );
  }
  return result;
}

/** Wait until the panel shows exactly these counts. */
export async function expectCounts(
  page: Pick<Page, 'locator'>,
  expected: Record<string, number>
): Promise<void> {
  await expect.poll(() => counts(page)).toEqual(expected);
}

/** The accessible names of the rows, in order. */
export async function rowLabels(
  page: Pick<Page, 'locator'>
): Promise<string[]> {
  return treeItems(page).evaluateAll(nodes =>
    nodes
      .sort(
        (a, b) =>
          Number((a as HTMLElement).dataset.index) -
          Number((b as HTMLElement).dataset.index)
      )
      .map(node => node.getAttribute('aria-label') ?? '')
  );
}

/** Put a notebook file of this repository into the site's contents. */
export async function upload(
  page: Page,
  from: string,
  to: string
): Promise<void> {
  const content = JSON.parse(readFileSync(path.join(ROOT, from), 'utf-8'));
  await page.evaluate(
    async ({ to, content }) => {
      await (window as any).jupyterapp.serviceManager.contents.save(to, {
        type: 'notebook',
        format: 'json',
        content
      });
    },
    { to, content }
  );
}

/** Open a notebook of the site in Lab and wait for its kernel to be idle. */
export async function openNotebook(
  page: IJupyterLabPageFixture,
  file: string
): Promise<void> {
  await page.evaluate(file => {
    void (window as any).jupyterapp.commands.execute('docmanager:open', {
      path: file
    });
  }, file);
  await page.locator('.jp-NotebookPanel').waitFor();
  await waitForIdle(page);
}

/** Click `trigger` and return the download it starts, saved to a file. */
export async function downloadOf(
  page: Page,
  trigger: () => Promise<void>
): Promise<{ name: string; file: string }> {
  const started = page.waitForEvent('download');
  await trigger();
  const download: Download = await started;
  const file = await download.path();
  return { name: download.suggestedFilename(), file };
}

/** Validate an export with exports.py (BG_PYTHON) and return what it read. */
export function checkExport(kind: 'json' | 'junit', file: string): any {
  const python = process.env.BG_PYTHON || 'python3';
  const out = execFileSync(
    python,
    [path.join(__dirname, 'exports.py'), kind, file],
    { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] }
  );
  return JSON.parse(out);
}

/** The ids of the active notebook's cells, in order. */
export function cellIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.content.widgets.map(
      (cell: any) => cell.model.id
    )
  );
}

/**
 * Wait until the active notebook's kernel is idle. (The toolbar's indicator
 * that fixtures.ts reads moves into the toolbar's overflow menu when the
 * side panel makes the notebook narrow.)
 */
export async function waitForKernel(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget?.sessionContext
              ?.kernelDisplayStatus
        ),
      { timeout: 90000 }
    )
    .toBe('idle');
}

/** A second Lab page of the same browser context (same storage). */
export async function newLabPage(
  page: Page,
  baseURL: string | undefined
): Promise<Page> {
  const lab = await page.context().newPage();
  await lab.goto(`${baseURL}/lab/index.html`);
  await lab.waitForFunction(() => (window as any).jupyterapp);
  await lab.evaluate(() => (window as any).jupyterapp.restored);
  await lab.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  return lab;
}

/** Run cell `index` (made if missing) with `source`, through the app only. */
export async function runInApp(
  page: Page,
  index: number,
  source: string
): Promise<void> {
  await page.evaluate(
    async ({ index, source }) => {
      const app = (window as any).jupyterapp;
      const notebook = app.shell.currentWidget.content;
      while (notebook.widgets.length <= index) {
        notebook.model.sharedModel.insertCell(notebook.widgets.length, {
          cell_type: 'code',
          source: ''
        });
      }
      notebook.widgets[index].model.sharedModel.setSource(source);
      notebook.activeCellIndex = index;
      // Resolves once the cell has run.
      await app.commands.execute('notebook:run-cell');
    },
    { index, source }
  );
}
