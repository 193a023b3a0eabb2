/**
 * Shared fixtures: galata set up for a static JupyterLite site, and a request
 * log that fails any test whose page reached a host other than 127.0.0.1.
 */
import {
  expect,
  IJupyterLabPageFixture,
  test as base
} from '@jupyterlab/galata';
import type { BrowserContext } from '@playwright/test';

export const KERNEL_DISPLAY_NAME = 'Python (browsergrad)';

/**
 * An automatic fixture: every request of the test's browser context, and the
 * test fails if any left 127.0.0.1.
 */
export async function offlineRequests(
  { context }: { context: BrowserContext },
  use: (requests: string[]) => Promise<void>
): Promise<void> {
  const requests: string[] = [];
  context.on('request', request => requests.push(request.url()));
  await use(requests);
  const foreign = requests.filter(url => {
    const { protocol, hostname } = new URL(url);
    return !['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1';
  });
  expect(foreign, 'requests that left 127.0.0.1').toEqual([]);
}

export const test = base.extend<{ requests: string[] }>({
  // A Lite site has no server: nothing to mock and no REST contents API.
  mockConfig: false,
  mockSettings: false,
  mockState: false,
  mockUser: false,
  autoGoto: false,
  // Playwright reads a fixture's dependencies from an object pattern.
  // eslint-disable-next-line no-empty-pattern
  tmpPath: async ({}, use) => use(''),
  requests: [offlineRequests, { auto: true }]
});

export { expect };

/** Open the Lab app and wait until it is ready. */
export async function openLab(page: IJupyterLabPageFixture): Promise<void> {
  await page.goto('index.html');
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await page.locator('.jp-LauncherCard').first().waitFor();
}

/** From the launcher, open a new notebook on the browsergrad kernel, idle. */
export async function newBrowsergradNotebook(
  page: IJupyterLabPageFixture
): Promise<void> {
  await page
    .locator('.jp-LauncherCard[data-category="Notebook"]', {
      hasText: KERNEL_DISPLAY_NAME
    })
    .click();
  await page.locator('.jp-NotebookPanel').waitFor();
  await expect(
    page.locator('.jp-NotebookPanel-toolbar .jp-KernelName')
  ).toHaveText(KERNEL_DISPLAY_NAME);
  await waitForIdle(page);
}

export async function waitForIdle(page: IJupyterLabPageFixture): Promise<void> {
  await expect(
    page.locator('.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator')
  ).toHaveAttribute('data-status', 'idle', { timeout: 90000 });
}

/** Put `source` in cell `index`, run it and return its text output. */
export async function runCell(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<string> {
  await page.notebook.setCell(index, 'code', source);
  await page.notebook.runCell(index, true);
  return ((await page.notebook.getCellTextOutput(index)) ?? []).join('');
}

/** The kernel info reply of the current notebook's kernel. */
export async function kernelInfo(page: IJupyterLabPageFixture): Promise<any> {
  return page.evaluate(async () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session.kernel;
    return (await kernel.requestKernelInfo()).content;
  });
}
