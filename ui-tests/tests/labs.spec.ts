import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect, openLab, test } from './fixtures';
import {
  CHECK,
  current,
  lastCell,
  manifest,
  open,
  runAndCheck,
  siteRuntime,
  staleSiteConfig,
  uploadLab
} from './labs-helpers';

// Labs in the browser: the demo labs (single-neuron, text-stats) are in the
// site's contents; a lab for another runtime cannot be built into a site, so
// those tests put one into the browser's storage, as a student who uploads a
// lab folder (or keeps one from an older deployment) does.

/** The lab is stopped: the message, no kernel, and its cells do not run. */
async function expectStopped(page: IJupyterLabPageFixture, message: string) {
  const panel = await current(page);
  const banner = panel.locator('.bg-LabBlocked');
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner.locator('.bg-LabBlocked-message')).toHaveText(message);
  await expect(banner).toBeVisible();
  const noKernel = () =>
    page.evaluate(() => {
      const session = (window as any).jupyterapp.shell.currentWidget
        .sessionContext;
      return [session.hasNoKernel, session.kernelDisplayName];
    });
  await expect.poll(noKernel).toEqual([true, 'No Kernel']);
  await expect(panel.locator(CHECK)).toHaveAttribute('aria-disabled', 'true');
  await page.notebook.selectCells(0);
  await page.keyboard.press('Shift+Enter');
  // The cell is refused: it says why, starts no kernel and asks for none.
  await expect(panel.locator('.jp-OutputArea-output')).toHaveText(
    `This cell did not run: ${message}`
  );
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  await expect(panel.locator('.jp-InputPrompt').first()).toHaveText('[ ]:');
  expect(await noKernel()).toEqual([true, 'No Kernel']);
}

test.describe('labs', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
  });

  test('the launcher opens a starter; Check my work shows why it fails', async ({
    page
  }) => {
    await page
      .locator('.jp-LauncherCard[data-category="Labs"]', {
        hasText: 'Lab: single-neuron'
      })
      .click();
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as any).jupyterapp.shell.currentWidget?.context?.path
        )
      )
      .toBe('single-neuron/starter.ipynb');
    await runAndCheck(page);
    const check = await lastCell(page);
    const results = check.locator('.jp-OutputArea-output');
    await expect(results.locator('.bg-Summary-fail')).toHaveText('✗ 6 failed');
    await expect(results.locator('.bg-Summary-pass')).toHaveAttribute(
      'data-count',
      '0'
    );
    await expect(results.locator('.bg-Event-message').first()).toHaveText(
      'sigmoid(0) returned None: did you forget `return`?'
    );
    // The check cell is the notebook's own: it says what it is.
    await expect(check.locator('.jp-InputArea')).toContainText('Check my work');
  });

  // One lab per test: JupyterLite matches sessions by file name, so two open
  // reference.ipynb would share one kernel.
  for (const lab of ['single-neuron', 'text-stats']) {
    test(`the reference solution of ${lab} passes; checking again reuses the cell`, async ({
      page
    }) => {
      await open(page, `${lab}/reference.ipynb`);
      await runAndCheck(page);
      const panel = await current(page);
      const results = panel
        .locator('.jp-Cell')
        .last()
        .locator('.jp-OutputArea-output');
      await expect(results.locator('.bg-Summary-pass')).toHaveText(
        '✓ 6 passed'
      );
      for (const kind of ['fail', 'error']) {
        await expect(results.locator(`.bg-Summary-${kind}`)).toHaveAttribute(
          'data-count',
          '0'
        );
      }
      const cells = await panel.locator('.jp-Cell').count();
      await panel.locator(CHECK).click();
      await expect(panel.locator('.jp-Cell')).toHaveCount(cells);
      await expect(results.locator('.bg-Summary-pass')).toHaveText(
        '✓ 6 passed'
      );
    });
  }

  test('a lab for another runtime is stopped when it opens', async ({
    page
  }) => {
    const runtime = await siteRuntime(page);
    await uploadLab(page, 'old-lab', manifest('old-lab', '^9.0.0'));
    await open(page, 'old-lab/starter.ipynb');
    await expectStopped(
      page,
      `lab old-lab@1.0.0 requires browsergrad ^9.0.0, runtime is ${runtime}`
    );
  });

  test('a lab whose manifest is invalid is stopped', async ({ page }) => {
    await uploadLab(page, 'bad-lab', {
      ...manifest('Bad Lab', '^0'),
      version: 'one'
    });
    await open(page, 'bad-lab/starter.ipynb');
    const message = page.locator('.bg-LabBlocked-message');
    await expect(message).toContainText(
      'lab manifest bad-lab/manifest.json is invalid'
    );
    await expect(message).toContainText('id: must be a kebab-case name');
    await expect(message).toContainText('version: must be a semantic version');
    await expect(message).toContainText(
      'requires_browsergrad: must be a range'
    );
  });
});

test.describe('labs on a stale site config', () => {
  // The site's config claims a runtime the kernel does not have (as a cached
  // jupyter-lite.json from another deployment would): the first check lets
  // the lab through, and the kernel's own report stops it.
  test('the version the kernel reports is what counts', async ({ page }) => {
    await staleSiteConfig(page);
    await openLab(page);
    const runtime = await siteRuntime(page);
    await uploadLab(page, 'new-lab', manifest('new-lab', '^9.0.0'));
    await open(page, 'new-lab/starter.ipynb');
    await expectStopped(
      page,
      `lab new-lab@1.0.0 requires browsergrad ^9.0.0, runtime is ${runtime}`
    );
  });
});
