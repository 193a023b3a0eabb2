import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@jupyterlab/galata';

import { CHECK, current, currentIdle, lastCell } from './labs-helpers';
import {
  checkExport,
  command,
  downloadOf,
  expectCounts,
  openPanel,
  panel,
  rowLabels,
  ROOT,
  runInApp
} from './panel-helpers';
import { output } from './renderers-helpers';
import { pressStop, startRunning } from './stop-helpers';

// browsergrad-kernel in JupyterLab 4 with a real server and ipykernel
// (the `jupyterlab` project of playwright.config.js): the shared extension
// loads, the JupyterLite-only one does not, and `import browsergrad` in
// ipykernel gives the same outputs, Tests panel, exports and labs.

test.use({ autoGoto: false });

/** The browsergrad version ipykernel imports: this checkout's. */
const VERSION = /__version__ = "([^"]+)"/.exec(
  readFileSync(path.join(ROOT, 'browsergrad', '__init__.py'), 'utf-8')
)![1];

/** Open JupyterLab on the test's folder; returns the console errors seen. */
async function openLab(page: any, tmpPath: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (message: any) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error: Error) => errors.push(error.message));
  await page.goto(`tree/${tmpPath}`);
  return errors;
}

/** A new notebook on ipykernel, idle. */
async function newIpykernelNotebook(page: any, name: string): Promise<void> {
  await page.notebook.createNew(name, { kernel: 'python3' });
  await currentIdle(page);
}

const CHECKS = [
  'import browsergrad as bg',
  'bg.assert_pass("adds")',
  'bg.check_equal("doubles", 2 * 2, 5)',
  'with bg.check("divides"):',
  '    1 / 0'
].join('\n');

test('JupyterLab loads the shared extension, and not the JupyterLite one', async ({
  page,
  tmpPath
}) => {
  const errors = await openLab(page, tmpPath);
  const plugins = await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    const active = (id: string) => app.isPluginActivated(id);
    return {
      panel: active('browsergrad-kernel:panel'),
      labs: active('browsergrad-kernel:labs'),
      executor: active('browsergrad-kernel:cell-executor'),
      lite: ['kernel', 'session-manager', 'stop-mode'].filter(name =>
        app.hasPlugin(`browsergrad-kernel:${name}`)
      )
    };
  });
  expect(plugins).toEqual({
    panel: true,
    labs: true,
    executor: true,
    lite: []
  });
  const ours = errors.filter(text =>
    /browsergrad|shared module|shared scope/i.test(text)
  );
  expect(ours).toEqual([]);
});

test('bg checks in ipykernel render, fill the Tests panel and export', async ({
  page,
  tmpPath
}) => {
  await openLab(page, tmpPath);
  await newIpykernelNotebook(page, 'checks.ipynb');
  await page.notebook.setCell(0, 'code', CHECKS);
  await page.notebook.runCell(0, true);
  const rendered = output(page, 0);
  await expect(rendered.locator('.bg-Event')).toHaveCount(3);
  await expect(rendered.locator('.bg-Summary-fail')).toHaveText('✗ 1 failed');

  await openPanel(page);
  await expectCounts(page, { pass: 1, fail: 1, error: 1 });
  expect(await rowLabels(page)).toEqual([
    'Cell 1: 1 passed, 1 failed, 1 error',
    'passed: adds',
    'failed: doubles — not equal',
    'error: divides — ZeroDivisionError: division by zero'
  ]);
  const json = await downloadOf(page, () =>
    panel(page).getByRole('button', { name: 'Export JSON' }).click()
  );
  expect(json.name).toBe('checks.results.json');
  const doc = checkExport('json', json.file);
  expect(doc.counts).toEqual({ pass: 1, fail: 1, error: 1, unreadable: 0 });
  // the kernel's runtime, learnt from ipykernel itself
  expect(doc.runtime).toEqual({
    browsergrad: VERSION,
    python: expect.stringMatching(/^3\.\d+/),
    implementation: 'cpython'
  });
  expect(doc.cells[0].events.map((event: any) => event.name)).toEqual([
    'adds',
    'doubles',
    'divides'
  ]);
});

test('Notebook 7: bg checks in ipykernel render and fill the Tests panel', async ({
  page,
  tmpPath,
  baseURL
}) => {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: [
      {
        cell_type: 'code',
        id: 'checks',
        source: CHECKS,
        metadata: {},
        outputs: [],
        execution_count: null
      }
    ]
  };
  await page.contents.uploadContent(
    JSON.stringify(notebook),
    'text',
    `${tmpPath}/nb7.ipynb`
  );
  // a page of its own: galata's page fixture drives the Lab app
  const app = await page.context().newPage();
  const errors: string[] = [];
  app.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  app.on('pageerror', error => errors.push(error.message));
  await app.goto(`${baseURL}/notebooks/${tmpPath}/nb7.ipynb`);
  await app.locator('.jp-NotebookPanel').waitFor();
  await expect
    .poll(
      () =>
        app.evaluate(
          () =>
            (window as any).jupyterapp?.shell.currentWidget?.sessionContext
              ?.kernelDisplayStatus
        ),
      { timeout: 60000 }
    )
    .toBe('idle');
  await command(app, 'browsergrad-kernel:tests-run-all');
  await expect(panel(app)).toBeVisible();
  await expectCounts(app, { pass: 1, fail: 1, error: 1 });
  await expect(app.locator('.jp-OutputArea-output .bg-Event')).toHaveCount(3);
  expect(
    errors.filter(text => /browsergrad|shared module/i.test(text))
  ).toEqual([]);
  await app.close();
});

test("a lab's Check my work runs its rubric in ipykernel", async ({
  page,
  tmpPath
}) => {
  const lab = path.join(ROOT, 'content', 'labs', 'text-stats');
  await page.contents.uploadDirectory(lab, `${tmpPath}/text-stats`);
  await openLab(page, tmpPath);
  await page.notebook.openByPath(`${tmpPath}/text-stats/reference.ipynb`);
  await currentIdle(page);
  expect(await page.notebook.run()).toBe(true);
  const check = (await current(page)).locator(CHECK);
  await expect(check).toBeEnabled();
  await check.click();
  const checked = await lastCell(page);
  await expect(checked.locator('.jp-InputPrompt')).toHaveText(/^\[\d+\]:$/);
  // the same results as the browser kernel's (labs.spec.ts)
  const results = checked.locator('.jp-OutputArea-output');
  await expect(results.locator('.bg-Summary-pass')).toHaveText('✓ 6 passed');
  await openPanel(page);
  await expectCounts(page, { pass: 6, fail: 0, error: 0 });
});

test('a lab for another browsergrad is stopped with the version ipykernel has', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/future`;
  await page.contents.uploadDirectory(
    path.join(ROOT, 'content', 'labs', 'text-stats'),
    folder
  );
  const manifest = JSON.parse(
    readFileSync(
      path.join(ROOT, 'content/labs/text-stats/manifest.json'),
      'utf-8'
    )
  );
  manifest.requires_browsergrad = '^99.0.0';
  await page.contents.uploadContent(
    JSON.stringify(manifest),
    'text',
    `${folder}/manifest.json`
  );
  await openLab(page, tmpPath);
  await page.notebook.openByPath(`${folder}/starter.ipynb`);
  await expect(page.locator('.bg-LabBlocked-message')).toHaveText(
    `lab text-stats@1.0.0 requires browsergrad ^99.0.0, runtime is ${VERSION}`
  );
});

test('a lab on a kernel without browsergrad says it is not installed there', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/elsewhere`;
  const lab = path.join(ROOT, 'content', 'labs', 'text-stats');
  await page.contents.uploadDirectory(lab, folder);
  // the starter, on the server's kernel that cannot import browsergrad
  // (jupyter_server_test_config.py)
  const starter = JSON.parse(
    readFileSync(path.join(lab, 'starter.ipynb'), 'utf-8')
  );
  starter.metadata.kernelspec = {
    name: 'no-browsergrad',
    display_name: 'Python without browsergrad',
    language: 'python-without-browsergrad'
  };
  await page.contents.uploadContent(
    JSON.stringify(starter),
    'text',
    `${folder}/starter.ipynb`
  );
  await openLab(page, tmpPath);
  await page.notebook.openByPath(`${folder}/starter.ipynb`);
  await expect(page.locator('.bg-LabBlocked-message')).toHaveText(
    'lab text-stats@1.0.0 requires browsergrad ^0.1.0, runtime is not ' +
      'installed in kernel no-browsergrad (ModuleNotFoundError: import of ' +
      'browsergrad halted; None in sys.modules); install browsergrad-kernel ' +
      'in the environment of that kernel'
  );
});

// Galata's tracking of kernels proxies their REST calls and reads each reply
// as JSON, which the interrupt's empty 204 is not: talk to the server directly.
const untracked = test.extend({
  // eslint-disable-next-line no-empty-pattern
  kernels: async ({}, use) => use(null),
  // eslint-disable-next-line no-empty-pattern
  sessions: async ({}, use) => use(null)
});

untracked(
  'Stop interrupts ipykernel, which keeps its variables',
  async ({ page, tmpPath }) => {
    await openLab(page, tmpPath);
    await newIpykernelNotebook(page, 'stop.ipynb');
    await page.notebook.setCell(0, 'code', 'kept = 41');
    await page.notebook.runCell(0, true);
    await startRunning(page, 1, 'while True: pass');
    await pressStop(page);
    await expect(output(page, 1).last()).toContainText('KeyboardInterrupt');
    await currentIdle(page);
    await runInApp(page, 2, 'print(kept + 1)');
    expect((await page.notebook.getCellTextOutput(2))?.join('')).toBe('42\n');
    await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.sessionContext.shutdown()
    );
  }
);
