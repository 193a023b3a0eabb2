import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect, openLab, test } from './fixtures';
import {
  current,
  currentIdle,
  manifest,
  siteRuntime,
  staleSiteConfig,
  uploadLab
} from './labs-helpers';

// The lab gate has no window: a cell of a lab run before the kernel has said
// its version (as the notebook opens, right after a restart or a kernel
// change) waits for it, then runs once or is refused with the gate's message.
//
// The lab's cell announces every run of it on a BroadcastChannel, from the
// kernel's worker, so a run is seen even when its output would be lost with
// a kernel the gate shuts down.

const CHANNEL = 'browsergrad-gate-test';
const MARKER = [
  'from js import BroadcastChannel',
  `BroadcastChannel.new("${CHANNEL}").postMessage("ran")`,
  'print("ran")'
].join('\n');

/** Record the runs the lab's cell announces, on every page the test loads. */
async function listen(page: IJupyterLabPageFixture) {
  await page.addInitScript(channel => {
    const runs: string[] = [];
    (window as any).bgGateRuns = runs;
    new BroadcastChannel(channel).onmessage = event => runs.push(event.data);
  }, CHANNEL);
}

const runs = (page: IJupyterLabPageFixture) =>
  page.evaluate(() => (window as any).bgGateRuns.length as number);

/** The cell has run `count` times in all, and not once more. */
async function expectRuns(page: IJupyterLabPageFixture, count: number) {
  await expect.poll(() => runs(page)).toBe(count);
  await page.waitForTimeout(500);
  expect(await runs(page)).toBe(count);
}

/**
 * When a test runs the cell, before the kernel is up: as soon as the notebook
 * has loaded (JupyterLab alone drops a cell then), or once the notebook has a
 * kernel connection that has not booted yet (JupyterLab alone sends it then,
 * and it runs before the kernel has said its version).
 */
type When = 'loaded' | 'connecting';

/**
 * Open a notebook and run all its cells at once, before its kernel is up;
 * resolves with the kernel's status at that moment.
 */
async function openAndRun(
  page: IJupyterLabPageFixture,
  path: string,
  when: When = 'loaded'
) {
  return page.evaluate(
    async ({ path, when }) => {
      const app = (window as any).jupyterapp;
      const panel = await app.commands.execute('docmanager:open', { path });
      const tick = () => new Promise(resolve => setTimeout(resolve, 5));
      await panel.context.ready;
      while (app.shell.currentWidget !== panel) {
        await tick();
      }
      while (when === 'connecting' && !panel.sessionContext.session?.kernel) {
        await tick();
      }
      const status = panel.sessionContext.kernelDisplayStatus;
      void app.commands.execute('notebook:run-all-cells');
      return status as string;
    },
    { path, when }
  );
}

/** The output of the notebook's cell (its one output: asserted). */
async function firstOutput(page: IJupyterLabPageFixture) {
  const outputs = (await current(page))
    .locator('.jp-Cell')
    .first()
    .locator('.jp-OutputArea-output');
  await expect(outputs).not.toHaveCount(0, { timeout: 90000 });
  await expect(outputs).toHaveCount(1);
  return outputs;
}

test.describe('the lab gate, on a kernel the lab refuses', () => {
  // The site's config claims 9.0.0, so only the kernel's own report can stop
  // a lab for ^9.0.0: before it comes, the cell must wait.
  test.beforeEach(async ({ page }) => {
    await listen(page);
    await staleSiteConfig(page);
    await openLab(page);
    await uploadLab(page, 'new-lab', manifest('new-lab', '^9.0.0'), MARKER);
  });

  const refusal = (runtime: string) =>
    `lab new-lab@1.0.0 requires browsergrad ^9.0.0, runtime is ${runtime}`;

  for (const when of ['loaded', 'connecting'] as When[]) {
    test(`a cell run as the notebook opens (${when}) waits, then is refused and never runs`, async ({
      page
    }) => {
      const runtime = await siteRuntime(page);
      const status = await openAndRun(page, 'new-lab/starter.ipynb', when);
      expect(status).not.toBe('idle');
      const panel = await current(page);
      await expect(panel.locator('.bg-LabBlocked-message')).toHaveText(
        refusal(runtime),
        { timeout: 90000 }
      );
      await expect(await firstOutput(page)).toHaveText(
        `This cell did not run: ${refusal(runtime)}`
      );
      await expect(panel.locator('.jp-InputPrompt').first()).toHaveText('[ ]:');
      await page.waitForTimeout(1000);
      expect(await runs(page)).toBe(0);
    });
  }

  test('Shift+Enter on a notebook opened by a direct link is refused and never runs', async ({
    page
  }) => {
    const runtime = await siteRuntime(page);
    // Not galata's goto: it waits for a launcher, which this page has not.
    await page.evaluate(() =>
      window.location.assign('/lab/index.html?path=new-lab/starter.ipynb')
    );
    await page.waitForURL(/path=new-lab/);
    const editor = page.locator('.jp-NotebookPanel .jp-Cell .cm-content');
    await editor.first().click();
    const status = await page.evaluate(
      () =>
        (window as any).jupyterapp.shell.currentWidget.sessionContext
          .kernelDisplayStatus
    );
    await page.keyboard.press('Shift+Enter');
    expect(status).not.toBe('idle');
    await expect(await firstOutput(page)).toHaveText(
      `This cell did not run: ${refusal(runtime)}`,
      { timeout: 90000 }
    );
    await page.waitForTimeout(1000);
    expect(await runs(page)).toBe(0);
  });
});

test.describe('the lab gate, on a kernel the lab accepts', () => {
  test.beforeEach(async ({ page }) => {
    await listen(page);
    await openLab(page);
    const runtime = await siteRuntime(page);
    await uploadLab(page, 'ok-lab', manifest('ok-lab', runtime), MARKER);
  });

  test('a cell run as the notebook opens waits for the kernel, then runs once', async ({
    page
  }) => {
    const status = await openAndRun(page, 'ok-lab/starter.ipynb');
    expect(status).not.toBe('idle');
    const panel = await current(page);
    // queued while the kernel starts, as JupyterLab shows a queued cell
    await expect(panel.locator('.jp-InputPrompt').first()).toHaveText('[*]:');
    await expect(await firstOutput(page)).toHaveText('ran', {
      timeout: 90000
    });
    await expect(panel.locator('.jp-InputPrompt').first()).toHaveText('[1]:');
    await expect(panel.locator('.bg-LabBlocked')).toHaveCount(0);
    await expectRuns(page, 1);
  });

  test('run all right after a restart, and after a kernel change, runs once on the new kernel', async ({
    page
  }) => {
    await openAndRun(page, 'ok-lab/starter.ipynb');
    await expect(await firstOutput(page)).toHaveText('ran', {
      timeout: 90000
    });
    await currentIdle(page);
    const panel = await current(page);
    const prompt = panel.locator('.jp-InputPrompt').first();
    await expect(prompt).toHaveText('[1]:');
    // Run a second time, so that the restarted kernel's count tells them apart.
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('notebook:run-all-cells')
    );
    await expect(prompt).toHaveText('[2]:');

    // restart, and run all before the kernel is back
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      void app.shell.currentWidget.sessionContext.restartKernel();
      void app.commands.execute('notebook:run-all-cells');
    });
    await expect(prompt).toHaveText('[1]:', { timeout: 90000 });
    await expect(await firstOutput(page)).toHaveText('ran');
    await expectRuns(page, 3);

    // a new kernel, and run all as soon as it is the notebook's, before it is up
    const before = await page.evaluate(
      () =>
        (window as any).jupyterapp.shell.currentWidget.sessionContext.session
          .kernel.id
    );
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const session = app.shell.currentWidget.sessionContext;
      const run = () => {
        session.kernelChanged.disconnect(run);
        void app.commands.execute('notebook:run-all-cells');
      };
      session.kernelChanged.connect(run);
      void session.changeKernel({ name: 'browsergrad' });
    });
    await expect(prompt).toHaveText('[1]:', { timeout: 90000 });
    await currentIdle(page);
    const after = await page.evaluate(
      () =>
        (window as any).jupyterapp.shell.currentWidget.sessionContext.session
          .kernel.id
    );
    expect(after).not.toBe(before);
    await expect(await firstOutput(page)).toHaveText('ran');
    await expectRuns(page, 4);
    await expect(panel.locator('.bg-LabBlocked')).toHaveCount(0);
  });
});
