import AxeBuilder from '@axe-core/playwright';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import {
  command,
  counts,
  downloadOf,
  expectCounts,
  openPanel,
  panel,
  newLabPage,
  rowLabels,
  runInApp,
  treeItems,
  waitForKernel
} from './panel-helpers';
import { displayCode, EVENTS, output, run } from './renderers-helpers';

// The Tests panel as a person uses it: jumping to outputs, following runs,
// re-runs, cleared outputs and restarts, the keyboard alone, and its
// accessibility (axe) and settings.

const CHECKS = 'import browsergrad as bg\n';

/** Python that starts a cell without waiting for it to end. */
async function startCell(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
) {
  await page.evaluate(
    ({ index, source }) => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      notebook.widgets[index].model.sharedModel.setSource(source);
      notebook.activeCellIndex = index;
    },
    { index, source }
  );
  await command(page, 'notebook:run-cell');
}

test.describe('Tests panel in use', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('a click on a row shows its output and focuses it', async ({ page }) => {
    await run(page, 0, 'for i in range(300):\n    print(i)');
    await run(
      page,
      1,
      `${CHECKS}bg.assert_fail("far down", "wrong", expected=1, actual=2)`
    );
    await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.content.scrollToItem(
        0,
        'start'
      )
    );
    await openPanel(page);
    const target = output(page, 1);
    await expect(target).not.toBeInViewport();

    await treeItems(page).filter({ hasText: 'far down' }).click();
    await expect(target).toBeFocused();
    await expect(target).toBeInViewport();
    expect(
      await page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex
      )
    ).toBe(1);
  });

  test('updates while a cell runs', async ({ page }) => {
    await openPanel(page);
    await startCell(
      page,
      0,
      `${CHECKS}import time\nfor i in range(8):\n    bg.assert_pass(f"step {i}")\n    time.sleep(0.5)`
    );
    await expect
      .poll(async () => (await counts(page)).pass ?? 0, { intervals: [50] })
      .toBeGreaterThanOrEqual(2);
    // Still running, and not all there yet.
    await expect(
      page.locator('.jp-Cell').first().locator('.jp-InputPrompt')
    ).toHaveText('[*]:');
    expect((await counts(page)).pass).toBeLessThan(8);
    await expectCounts(page, { pass: 8, fail: 0, error: 0 });
  });

  test('a re-run replaces the rows of its cell', async ({ page }) => {
    await run(
      page,
      0,
      `${CHECKS}bg.assert_pass("a")\nbg.assert_fail("b", "wrong")`
    );
    await run(page, 1, `${CHECKS}bg.assert_pass("other cell")`);
    await openPanel(page);
    expect(await rowLabels(page)).toEqual([
      'Cell 1: 1 passed, 1 failed',
      'passed: a',
      'failed: b — wrong',
      'Cell 2: 1 passed',
      'passed: other cell'
    ]);
    await run(
      page,
      0,
      `${CHECKS}bg.assert_error("c", "broke", exc=ValueError("x"))`
    );
    await expect
      .poll(() => rowLabels(page))
      .toEqual([
        'Cell 1: 1 error',
        'error: c — ValueError: broke',
        'Cell 2: 1 passed',
        'passed: other cell'
      ]);
    await expectCounts(page, { pass: 1, fail: 0, error: 1 });
  });

  test('clearing outputs and restarting the kernel update the panel', async ({
    page
  }) => {
    await run(page, 0, `${CHECKS}bg.assert_pass("first")`);
    await run(page, 1, `${CHECKS}bg.assert_fail("second", "wrong")`);
    await openPanel(page);
    await expectCounts(page, { pass: 1, fail: 1, error: 0 });

    await page.evaluate(() => {
      (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex =
        0;
    });
    await command(page, 'notebook:clear-cell-output');
    await expect
      .poll(() => rowLabels(page))
      .toEqual(['Cell 2: 1 failed', 'failed: second — wrong']);
    await expectCounts(page, { pass: 0, fail: 1, error: 0 });

    await command(page, 'kernelmenu:restart');
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(panel(page).locator('.bg-TestRow-stale')).toHaveCount(1);
    await expect(panel(page).locator('.bg-Tests-stale')).toBeVisible();
    expect(await rowLabels(page)).toEqual([
      'Cell 2: 1 failed, from before the kernel restarted',
      'failed: second — wrong'
    ]);
    await waitForKernel(page);
    await run(page, 1, `${CHECKS}bg.assert_pass("second")`);
    await expect
      .poll(() => rowLabels(page))
      .toEqual(['Cell 2: 1 passed', 'passed: second']);
    await expect(panel(page).locator('.bg-Tests-stale')).toBeHidden();

    await command(page, 'notebook:clear-all-cell-outputs');
    await expect(panel(page).locator('.bg-Tests-empty')).toHaveText(
      /No results yet/
    );
    await expect(panel(page).getByRole('tree')).toBeHidden();
  });

  test('works with the keyboard alone', async ({ page }) => {
    await run(
      page,
      0,
      `${CHECKS}bg.assert_pass("fine")\nbg.assert_fail("off by one", "wrong", expected=3, actual=2)`
    );
    await run(
      page,
      1,
      `${CHECKS}bg.assert_error("crash", "boom", exc=RuntimeError("boom"))`
    );
    await page.keyboard.press('Escape');

    const palette = async (label: string) => {
      await page.keyboard.press('Control+Shift+C');
      await page.keyboard.type(label);
      await page.keyboard.press('Enter');
    };
    await palette('Show Tests Panel');
    const tree = panel(page).getByRole('tree');
    await expect(tree).toBeFocused();

    // Back to the actions, and "Failures only" with the space bar.
    const filter = panel(page).getByRole('button', { name: 'Failures only' });
    // (Submit, Export JUnit, Export JSON, Failures only)
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Shift+Tab');
    }
    await expect(filter).toBeFocused();
    await page.keyboard.press(' ');
    await expect(filter).toHaveAttribute('aria-pressed', 'true');
    expect(await rowLabels(page)).toEqual([
      'Cell 1: 1 passed, 1 failed',
      'failed: off by one — wrong',
      'Cell 2: 1 error',
      'error: crash — RuntimeError: boom'
    ]);

    // Into the list: down to the failure, Enter shows its output.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
    }
    await expect(tree).toBeFocused();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    const active = await tree.getAttribute('aria-activedescendant');
    await expect(page.locator(`[id="${active}"]`)).toHaveAttribute(
      'aria-label',
      'failed: off by one — wrong'
    );
    await page.keyboard.press('Enter');
    await expect(output(page, 0)).toBeFocused();

    // Collapse a cell with the arrow keys.
    await palette('Show Tests Panel');
    await expect(tree).toBeFocused();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(treeItems(page).last()).toHaveAttribute(
      'aria-expanded',
      'false'
    );
    await page.keyboard.press('ArrowRight');
    await expect(treeItems(page)).toHaveCount(4);

    // Run all from its button.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
    }
    const runAll = panel(page).getByRole('button', { name: 'Run all' });
    await expect(runAll).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(
      page.locator('.jp-Cell').nth(1).locator('.jp-InputPrompt')
    ).toHaveText('[4]:');
    await expect(panel(page).getByRole('status')).toHaveText(
      'Run finished: 1 passed, 1 failed, 1 error'
    );
    await expect(tree).toBeFocused();

    // And an export from the palette.
    await page.keyboard.press('Escape');
    const file = await downloadOf(page, () =>
      palette('Export Test Results as JSON')
    );
    expect(file.name).toBe('Untitled.results.json');
  });

  test('has no serious or critical axe violations', async ({ page }) => {
    const violations = async () => {
      const report = await new AxeBuilder({ page })
        .include('#browsergrad-tests')
        .analyze();
      return report.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(
          v =>
            `${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`
        );
    };
    await openPanel(page);
    expect(await violations()).toEqual([]); // empty

    await run(
      page,
      0,
      `${CHECKS}bg.assert_pass("fine")\nbg.assert_fail("off", "wrong", expected=[1], actual=[2])`
    );
    await run(
      page,
      1,
      `${CHECKS}bg.assert_error("crash", "boom", exc=RuntimeError("boom"))`
    );
    await run(
      page,
      2,
      displayCode({ [EVENTS]: { events: [{ type: 'assertion' }] } })
    );
    await expectCounts(page, { pass: 1, fail: 1, error: 1, unreadable: 1 });
    await command(page, 'kernelmenu:restart');
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(panel(page).locator('.bg-Tests-stale')).toBeVisible();
    await panel(page).getByRole('tree').focus();
    expect(await violations()).toEqual([]);

    await panel(page).getByRole('button', { name: 'Failures only' }).click();
    expect(await violations()).toEqual([]);

    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('apputils:change-theme', {
        theme: 'JupyterLab Dark'
      })
    );
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    expect(await violations()).toEqual([]);
  });
});

test.describe('Tests panel settings', () => {
  test('opens on the first failure and remembers "failures only", as set', async ({
    page,
    baseURL
  }) => {
    await openLab(page);
    await page.evaluate(() =>
      (window as any).jupyterapp.serviceManager.settings.save(
        'browsergrad-kernel:panel',
        JSON.stringify({ openOnFirstFailure: true })
      )
    );
    // A new page of the app reads the saved settings.
    const lab = await newLabPage(page, baseURL);
    await newBrowsergradNotebook(lab as IJupyterLabPageFixture);
    await expect(panel(lab)).toBeHidden();
    await runInApp(lab, 0, `${CHECKS}bg.assert_pass("fine")`);
    await expectCounts(lab, { pass: 1, fail: 0, error: 0 });
    await expect(panel(lab)).toBeHidden();
    await runInApp(lab, 1, `${CHECKS}bg.assert_fail("off", "wrong")`);
    await expect(panel(lab)).toBeVisible();
    // Shown, not focused: the notebook keeps the focus.
    expect(
      await lab.evaluate(
        () => !!document.activeElement?.closest('.jp-NotebookPanel')
      )
    ).toBe(true);

    await panel(lab).getByRole('button', { name: 'Failures only' }).click();
    await expect
      .poll(() =>
        lab.evaluate(async () => {
          const settings = await (
            window as any
          ).jupyterapp.serviceManager.settings.fetch(
            'browsergrad-kernel:panel'
          );
          return settings.raw;
        })
      )
      .toMatch(/"failuresOnly":\s*true/);
    const again = await newLabPage(page, baseURL);
    await openPanel(again);
    await expect(
      panel(again).getByRole('button', { name: 'Failures only' })
    ).toHaveAttribute('aria-pressed', 'true');
    await lab.close();
    await again.close();
  });
});
