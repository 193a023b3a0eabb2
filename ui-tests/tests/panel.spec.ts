import { expect, openLab, test } from './fixtures';
import {
  command,
  DEMO,
  expectCounts,
  openNotebook,
  openPanel,
  panel,
  rowLabels,
  SAVED,
  upload
} from './panel-helpers';

// The Tests panel reads a notebook's outputs of browsergrad's MIME types:
// the demo notebook of the site's content, run from the panel, and a saved
// notebook whose outputs came from an earlier run, in Lab and Notebook apps.

const DEMO_ROWS = [
  'Cell 3: 2 passed, 1 failed',
  'passed: mean can be called',
  'passed: mean of 2 and 4',
  'failed: mean of 1 and 2 — not equal',
  'Cell 4: 1 error',
  'error: mean of an empty list — ZeroDivisionError: division by zero',
  'Cell 6: 1 passed, 1 failed',
  'passed: words are counted',
  'failed: greeting — not equal'
];

test.describe('Tests panel', () => {
  test('counts the demo notebook run with "Run all"', async ({ page }) => {
    await openLab(page);
    await upload(page, `content/${DEMO}`, DEMO);
    await openNotebook(page, DEMO);
    await openPanel(page);
    await expect(panel(page).locator('.bg-Tests-empty')).toHaveText(
      /No results yet/
    );

    await panel(page).getByRole('button', { name: 'Run all' }).click();
    await expectCounts(page, { pass: 3, fail: 2, error: 1 });
    await expect(panel(page).locator('.bg-Tests-count')).toHaveText([
      '✓3 passed',
      '✗2 failed',
      '!1 error'
    ]);
    expect(await rowLabels(page)).toEqual(DEMO_ROWS);
    // The run ends on the first failure, said out loud.
    await expect(panel(page).getByRole('status')).toHaveText(
      'Run finished: 3 passed, 2 failed, 1 error'
    );
    const tree = panel(page).getByRole('tree');
    await expect(tree).toBeFocused();
    const active = await tree.getAttribute('aria-activedescendant');
    await expect(page.locator(`[id="${active}"]`)).toHaveAttribute(
      'aria-label',
      'failed: mean of 1 and 2 — not equal'
    );
  });

  test('shows the results of a saved notebook at once, in Lab and the Notebook app', async ({
    page,
    baseURL
  }) => {
    await openLab(page);
    await page.evaluate(path => {
      void (window as any).jupyterapp.commands.execute('docmanager:open', {
        path
      });
    }, SAVED);
    await openPanel(page);
    // No cell has run: these come from the saved outputs.
    await expectCounts(page, { pass: 3, fail: 1, error: 1 });
    expect(await rowLabels(page)).toEqual([
      'Cell 2: 1 passed, 1 failed',
      'passed: loads data',
      'failed: row count — wrong row count',
      'Cell 3: 1 passed, 1 error',
      'error: parse dates — KeyError: no such column: day',
      'passed: columns named',
      'Cell 4: 1 passed',
      'passed: plot drawn'
    ]);
    await expect(panel(page).locator('.bg-TestRow-execution')).toHaveText([
      '[1]',
      '[2]',
      '[3]'
    ]);

    const app = await page.context().newPage();
    await app.goto(`${baseURL}/notebooks/index.html?path=${SAVED}`);
    await app.locator('.jp-NotebookPanel').waitFor();
    await openPanel(app);
    await expectCounts(app, { pass: 3, fail: 1, error: 1 });
    expect(await rowLabels(app)).toHaveLength(8);
    await app.close();
  });

  test('runs all and shows the results in the Notebook app', async ({
    page,
    baseURL
  }) => {
    await openLab(page);
    await upload(page, `content/${DEMO}`, DEMO);
    const app = await page.context().newPage();
    await app.goto(`${baseURL}/notebooks/index.html?path=${DEMO}`);
    await app.locator('.jp-NotebookPanel').waitFor();
    await command(app, 'browsergrad-kernel:tests-run-all');
    await expect(panel(app)).toBeVisible();
    await expectCounts(app, { pass: 3, fail: 2, error: 1 });
    expect(await rowLabels(app)).toEqual(DEMO_ROWS);
    await app.screenshot({ path: test.info().outputPath('notebook-app.png') });
    await app.close();
  });
});
