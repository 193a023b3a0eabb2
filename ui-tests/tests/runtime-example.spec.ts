/**
 * The runtime library's example page (`/runtime-example/`), in a plain
 * Playwright page: it runs Python from the site itself (the `requests`
 * fixture fails any request off 127.0.0.1), draws the `bg` events with the
 * kernel's renderers, and Stop keeps state where the page is cross-origin
 * isolated, and restarts from the warm spare elsewhere.
 */
import type { Page } from '@playwright/test';

import { expect, test } from './fixtures';

/** Run the editor's code and wait for the run to end. */
async function runCode(page: Page, code: string, stopAfterMs?: number) {
  const ran = Number(
    (await page.locator('#status').getAttribute('data-ran')) ?? 0
  );
  await page.locator('#code').fill(code);
  await page.locator('#run').click();
  if (stopAfterMs !== undefined) {
    await page.waitForTimeout(stopAfterMs);
    await page.locator('#stop').click();
  }
  await expect(page.locator('#status')).toHaveAttribute(
    'data-ran',
    String(ran + 1)
  );
}

test('the runtime example page runs, shows events, stops and times out', async ({
  context,
  baseURL
}, testInfo) => {
  const isolated = testInfo.project.name === 'isolated';
  const page = await context.newPage();
  await page.goto(`${baseURL}/runtime-example/index.html`);
  const status = page.locator('#status');
  await expect(status).toHaveAttribute(
    'data-mode',
    isolated ? 'interrupt' : 'restart'
  );
  await expect(page.locator('#run')).toBeEnabled();

  // The page's own example: output, one passed check, one JSON artifact.
  const example = await page.locator('#code').inputValue();
  await runCode(page, example);
  await expect(page.locator('#stdout')).toHaveText('total: 45');
  await expect(page.locator('#error')).toBeEmpty();
  await expect(page.locator('.bg-Summary')).toContainText('1 passed');
  await expect(page.locator('.bg-Event.bg-Assertion')).toHaveText(
    /sum_of_0_to_9/
  );
  await expect(page.locator('.bg-Event.bg-Json')).toHaveText(/series/);

  // User text is text: markup in output is not rendered.
  await runCode(page, 'kept = 7\nprint("<b>bold</b>")');
  await expect(page.locator('#stdout')).toHaveText('<b>bold</b>');
  await expect(page.locator('#stdout b')).toHaveCount(0);

  if (!isolated) {
    // Give the warm spare time to boot, as a reader would take.
    await page.waitForTimeout(15000);
  }
  await runCode(page, 'while True: pass', 1000);
  const error = page.locator('#error');
  await expect(error).toHaveAttribute('data-kind', 'abort');
  if (isolated) {
    await expect(error).not.toContainText('(restarted)');
  } else {
    await expect(error).toContainText('(restarted)');
  }
  const started = Date.now();
  await runCode(page, 'print("kept" in globals())');
  await expect(page.locator('#stdout')).toHaveText(isolated ? 'True' : 'False');
  // The next run does not wait for a new Pyodide.
  expect(Date.now() - started).toBeLessThan(isolated ? 3000 : 5000);

  await page.locator('#limit').fill('1');
  await runCode(page, 'while True: pass');
  await expect(error).toHaveAttribute('data-kind', 'timeout');
});
