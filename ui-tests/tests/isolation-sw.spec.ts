/**
 * A site built with the isolation service worker, served by a plain server
 * that sends no COOP/COEP headers (as GitHub Pages does): the service worker
 * makes the page cross-origin isolated, so Stop keeps state. The site's
 * default time limit (3 s, in its jupyter-lite.json) applies to every cell.
 */
import {
  expect,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test
} from './fixtures';
import { run } from './renderers-helpers';
import { cellText, expectError, pressStop, startRunning } from './stop-helpers';

test.describe('the isolation service worker', () => {
  test.beforeEach(async ({ page, baseURL }) => {
    // A first visit (in a plain Playwright page: Galata's own navigation
    // does not expect it) reloads once, when the service worker takes over;
    // a look during the reload fails and is retried.
    const first = await page.context().newPage();
    await first.goto(`${baseURL}/lab/index.html`);
    await expect
      .poll(
        () =>
          first
            .evaluate(() => self.crossOriginIsolated)
            .catch(() => 'reloading'),
        { timeout: 60000 }
      )
      .toBe(true);
    await first.close();
    // The service worker may still take over this page once: then open again.
    await openLab(page).catch(() => openLab(page));
    await newBrowsergradNotebook(page);
  });

  test('isolates the page served without headers', async ({ page }) => {
    const response = await page.request.get('index.html');
    expect(response.headers()['cross-origin-opener-policy']).toBeUndefined();
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await expect(page.locator('.bg-stop-mode')).toHaveText('Stop keeps state');
    // The service worker still serves the drive.
    expect(
      await runCell(page, 0, 'print(open("greeting.txt").read().strip())')
    ).toMatch(/\S/);
  });

  test('Stop keeps state', async ({ page }) => {
    expect(await runCell(page, 0, 'kept = 41')).toBe('');
    await startRunning(page, 1, 'import time\ntime.sleep(60)');
    await pressStop(page);
    await expectError(page, 1, /KeyboardInterrupt/);
    await run(page, 2, 'print(kept + 1)');
    expect(await cellText(page, 2)).toBe('42\n');
  });

  test('the default time limit applies', async ({ page }) => {
    expect(await runCell(page, 0, 'kept = 1')).toBe('');
    await startRunning(page, 1, 'while True: pass');
    await expectError(page, 1, /TimeoutError.*time limit of 3 s/);
    await run(
      page,
      2,
      '%%time_limit none\nimport time\ntime.sleep(4)\nprint(kept)'
    );
    expect(await cellText(page, 2)).toBe('1\n');
  });
});
