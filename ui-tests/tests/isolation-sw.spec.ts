/**
 * A site built with the isolation service worker, served by a plain server
 * that sends no COOP/COEP headers (as GitHub Pages does): the service worker
 * makes the page cross-origin isolated, so Stop keeps state. The site's
 * settings (in its jupyter-lite.json) apply to every cell: a default time
 * limit of 3 s, and an output limit of 50 lines.
 */
import {
  expect,
  kernelInfo,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test
} from './fixtures';
import { run } from './renderers-helpers';
import { cellText, expectError, pressStop, startRunning } from './stop-helpers';

test.describe('the isolation service worker', () => {
  // Galata would load the app before the first visit below installs the
  // service worker, which then takes that page over and reloads it mid-test.
  test.use({ autoGoto: false });

  test.beforeEach(async ({ page, baseURL }) => {
    // A first visit, in a plain Playwright page (Galata's own navigation does
    // not expect a reload): it reloads once, when the service worker takes
    // over; JupyterLite then registers its worker again. Wait for both, or
    // the next page may load while no worker is registered.
    const first = await page.context().newPage();
    await first.goto(`${baseURL}/lab/index.html`);
    await expect
      .poll(
        () =>
          first
            .evaluate(async () => {
              const container = navigator.serviceWorker;
              const registration = await container.getRegistration();
              const controller = container.controller;
              const versioned =
                controller &&
                localStorage.getItem(`${controller.scriptURL}-version`);
              return (
                self.crossOriginIsolated &&
                !!versioned &&
                !!registration?.active &&
                !registration.installing &&
                !registration.waiting &&
                controller === registration.active
              );
            })
            .catch(() => 'reloading'),
        { timeout: 60000 }
      )
      .toBe(true);
    await first.close();
    await openLab(page);
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

  test("the site's output limit applies", async ({ page }) => {
    await run(page, 0, 'for i in range(80):\n    print(i)');
    const text = await cellText(page, 0);
    expect(text).toMatch(/^0\n1\n[\s\S]*\n49\n\nOutput limit: /);
    expect(text).toMatch(/at most 50 lines or 1,000,000 characters/);
    expect(text).toMatch(/Left out so far: 90 characters in 30 lines\./);
    expect(text).toMatch(/The latest lines:\n60\n[\s\S]*\n79$/);
    const info = await kernelInfo(page);
    expect(info.browsergrad.output_limit).toEqual({
      lines: 50,
      characters: 1000000
    });
  });
});
