/**
 * The kernel starts from its memory snapshot in Chromium, on a first and a
 * repeat visit, and a snapshot the server sends damaged still gives a
 * working kernel (a normal start, with the reason in the kernel info).
 * JSPI works in a restored kernel, though Node made the snapshot.
 */
import {
  expect,
  kernelInfo,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test
} from './fixtures';

const SNAPSHOT = /\/kernel\.snapshot\.gz$/;

test.describe('the kernel snapshot', () => {
  test('first and repeat visits start from it, and cells run', async ({
    page,
    requests
  }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
    let info = await kernelInfo(page);
    expect(info.browsergrad.start, info.browsergrad.start_note).toBe(
      'snapshot'
    );
    expect(requests.some(url => SNAPSHOT.test(url))).toBe(true);
    // what the restore must give back: the packages' files, this runtime's
    // name (not the build's Node), fresh randomness
    const draw = 'import random\nprint(random.random())';
    expect(
      await runCell(
        page,
        0,
        'import inspect, IPython.utils.text, os, sys\n' +
          'print(len(inspect.getsource(IPython.utils.text)) > 1000)\n' +
          'print(sys._emscripten_info.runtime, os.environ["_"])'
      )
    ).toMatch(/^True\nMozilla\/5\.0 .*Chrome\/.* \.\/this\.program\n$/);
    await page.notebook.addCell('code', '');
    const first = await runCell(page, 1, draw);
    expect(first).toMatch(/^0\.\d+\n$/);

    // the same browser context (HTTP cache, service worker), a new workspace
    await page.goto('index.html?reset');
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    await page.locator('.jp-LauncherCard').first().waitFor();
    await newBrowsergradNotebook(page);
    info = await kernelInfo(page);
    expect(info.browsergrad.start, info.browsergrad.start_note).toBe(
      'snapshot'
    );
    const again = await runCell(page, 0, draw);
    expect(again).toMatch(/^0\.\d+\n$/);
    expect(again).not.toBe(first);
  });

  test('JSPI works after the restore: run_sync and time.sleep', async ({
    page
  }) => {
    // Node, which makes the snapshot, has no JSPI; the restore re-makes
    // Pyodide's choices for this browser (worker/runtimeChoices.ts)
    await openLab(page);
    await newBrowsergradNotebook(page);
    const info = await kernelInfo(page);
    expect(info.browsergrad.start, info.browsergrad.start_note).toBe(
      'snapshot'
    );
    expect(
      await runCell(
        page,
        0,
        'import js, time\n' +
          'from pyodide.ffi import can_run_sync, run_sync\n' +
          'ready = js.eval("new Promise(r => setTimeout(() => r(7), 50))")\n' +
          't = time.monotonic()\n' +
          'time.sleep(0.3)\n' +
          'print(can_run_sync(), run_sync(ready), time.monotonic() - t >= 0.3)'
      )
    ).toBe('True 7 True\n');
  });

  for (const [damage, body] of [
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 2)],
    [
      'corrupt',
      (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        copy.fill(0x55, copy.length >> 1, (copy.length >> 1) + 4096);
        return copy;
      }
    ]
  ] as const) {
    test(`a ${damage} snapshot from the server: a normal start that works`, async ({
      page,
      context
    }) => {
      // the context's route sees the worker's fetch (passed on by
      // JupyterLite's service worker)
      await context.route(SNAPSHOT, async route => {
        const response = await route.fetch();
        await route.fulfill({ response, body: body(await response.body()) });
      });
      await openLab(page);
      await newBrowsergradNotebook(page);
      const info = await kernelInfo(page);
      expect(info.browsergrad.start).toBe('packages');
      expect(info.browsergrad.start_note).toMatch(
        /not a valid gzip file|truncated/
      );
      expect(await runCell(page, 0, 'print(6 * 7)')).toBe('42\n');
    });
  }
});
