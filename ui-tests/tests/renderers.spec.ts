import type { Page } from '@playwright/test';

import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import {
  check,
  contrast,
  displayCode,
  Event,
  EVENTS,
  eventsBundle,
  EVIL_SVG,
  imageBundle,
  json,
  log,
  mixed,
  output,
  PNG_1X1,
  pwned,
  resetSeq,
  run,
  updateCode,
  XSS
} from './renderers-helpers';

// The renderers of the kernel's display data (docs/events.md), fed bundles
// published from a cell with IPython's display(), as the kernel does.

test.describe('browsergrad renderers', () => {
  test.beforeEach(async ({ page }) => {
    resetSeq();
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('render checks, diffs, logs and JSON', async ({ page }) => {
    await run(page, 0, displayCode(eventsBundle(mixed())));
    const out = output(page, 0);
    await expect(out).toHaveCount(1);
    await expect(out.locator('.bg-Summary-pass')).toHaveText('✓ 1 passed');
    await expect(out.locator('.bg-Summary-fail')).toHaveText('✗ 3 failed');
    await expect(out.locator('.bg-Summary-error')).toHaveText('! 1 error');
    await expect(out.locator('.bg-Summary-time')).toHaveText('total 7.5 ms');

    const row = (name: string) =>
      out.locator('.bg-Event', {
        has: page.locator('.bg-Event-name', { hasText: name })
      });
    await expect(row('sum_of_0_to_9').locator('.bg-Event-icon')).toHaveText(
      '✓'
    );
    await expect(row('sum_of_0_to_9').locator('.bg-Event-duration')).toHaveText(
      '1.5 ms'
    );
    await expect(row('greeting').locator('.bg-Event-icon')).toHaveText('✗');
    await expect(row('greeting').locator('.bg-Event-message')).toHaveText(
      'texts differ'
    );
    await expect(row('greeting').locator('.bg-Pane-expected pre')).toHaveText(
      'hello\nworld\nagain'
    );
    await expect(row('greeting').locator('.bg-Pane-actual pre')).toHaveText(
      'hello\nthere\nagain'
    );
    await expect(row('greeting').locator('.bg-LineDiff-removed')).toHaveText(
      '-world'
    );
    await expect(row('greeting').locator('.bg-LineDiff-added')).toHaveText(
      '+there'
    );
    await expect(row('nested').locator('.bg-PathDiff-item')).toHaveText([
      'data["a"][3]: 1 → 2'
    ]);
    await expect(row('arrays').locator('.bg-Pane-expected pre')).toHaveText(
      'array([1, 2])'
    );
    await expect(row('arrays').locator('.bg-Pane-actual pre')).toHaveText(
      'array([1, 3])'
    );
    await expect(row('divide').locator('.bg-Event-icon')).toHaveText('!');
    await expect(row('divide').locator('.bg-Event-excType')).toHaveText(
      'ZeroDivisionError'
    );

    for (const [name, level] of [
      ['step', 'debug'],
      ['loaded', 'info'],
      ['slow', 'warning'],
      ['broken', 'error']
    ]) {
      await expect(row(name)).toHaveClass(new RegExp(`bg-Log-${level}`));
      await expect(row(name).locator('.bg-Log-level')).toHaveText(`[${level}]`);
    }
    await expect(row('loaded').locator('.bg-Log-data')).toHaveText('rows: 3');

    // The JSON tree: first level built, deeper levels built when opened.
    const tree = row('config').locator('.bg-JsonTree').first();
    await expect(tree).toHaveAttribute('open', '');
    const layers = tree.locator('details', {
      has: page.locator('> summary .bg-JsonTree-key', { hasText: 'layers' })
    });
    await expect(layers.locator('.bg-JsonTree-children')).toHaveCount(0);
    await layers.locator('> summary').click();
    await layers.locator('details').first().locator('> summary').click();
    await expect(layers.locator('.bg-JsonTree-leaf').first()).toHaveText(
      'units: 8'
    );
    await expect(row('huge').locator('.bg-Truncated')).toHaveText(
      'truncated (size 2.0 MB)'
    );
  });

  test('render images as pictures, SVG too', async ({ page }) => {
    await run(page, 0, displayCode(imageBundle('dot', 'image/png', PNG_1X1)));
    await run(
      page,
      1,
      displayCode(imageBundle('evil', 'image/svg+xml', EVIL_SVG))
    );
    await run(page, 2, displayCode(imageBundle('big', 'image/png', null)));

    await expect(output(page, 0).locator('.bg-Image-name')).toHaveText('dot');
    const png = output(page, 0).locator('img');
    await expect(png).toHaveAttribute(
      'src',
      `data:image/png;base64,${PNG_1X1}`
    );
    await expect
      .poll(() => png.evaluate(img => (img as HTMLImageElement).naturalWidth))
      .toBe(1);

    const svg = output(page, 1).locator('img');
    await expect(svg).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
    await expect
      .poll(() => svg.evaluate(img => (img as HTMLImageElement).naturalWidth))
      .toBe(40);
    await expect(page.locator('.jp-OutputArea-output svg')).toHaveCount(0);

    await expect(output(page, 2).locator('.bg-Truncated')).toHaveText(
      'truncated (size 2.0 MB)'
    );
    await expect(output(page, 2).locator('img')).toHaveCount(0);
    expect(await pwned(page)).toBeUndefined();
  });

  test('show user strings as text, never as HTML', async ({ page }) => {
    const events = [
      check(XSS, 'fail', {
        message: XSS,
        expected: XSS,
        actual: { [XSS]: XSS }
      }),
      check('repr', 'error', {
        message: XSS,
        exc_type: XSS,
        expected_repr: XSS,
        actual_repr: XSS
      }),
      log(XSS, 'warning', XSS),
      json(XSS, { [XSS]: [XSS] })
    ];
    await run(page, 0, displayCode(eventsBundle(events)));
    await run(page, 1, displayCode(imageBundle(XSS, 'image/png', PNG_1X1)));
    const out = output(page, 0);
    await expect(out.locator('.bg-Event-name').first()).toHaveText(XSS);
    await expect(out.locator('.bg-Event-message').first()).toHaveText(XSS);
    await expect(out.locator('.bg-Pane-expected pre').first()).toHaveText(
      JSON.stringify(XSS)
    );
    await expect(out.locator('.bg-Log-data')).toHaveText(XSS);
    await expect(out.locator('.bg-JsonTree-key').first()).toHaveText(XSS);
    await expect(out.locator('img')).toHaveCount(0);
    await expect(output(page, 1).locator('.bg-Image-name')).toHaveText(XSS);
    await expect(output(page, 1).locator('img')).toHaveCount(1);
    await page.waitForTimeout(500);
    expect(await pwned(page)).toBeUndefined();
  });

  test('update one output as events arrive', async ({ page }) => {
    const first = [check('a', 'pass'), check('b', 'fail', { message: 'no' })];
    const more = [...first, check('c', 'pass'), log('d', 'info', 'hi')];
    await run(page, 0, displayCode(eventsBundle(first), 'live'));
    const out = output(page, 0);
    await expect(out.locator('.bg-Event')).toHaveCount(2);
    await out
      .locator('.bg-Event')
      .first()
      .evaluate(node => ((node as any).__kept = true));

    const update = (events: Event[]) =>
      updateCode(eventsBundle(events), 'live');
    await run(page, 1, update(more));
    await expect(out).toHaveCount(1);
    await expect(out.locator('.bg-Event-name')).toHaveText([
      'a',
      'b',
      'c',
      'd'
    ]);
    await expect(out.locator('.bg-Summary-pass')).toHaveText('✓ 2 passed');
    // Only the new rows were added: the first row is the same node.
    expect(
      await out
        .locator('.bg-Event')
        .first()
        .evaluate(node => (node as any).__kept)
    ).toBe(true);

    // A list that does not extend the shown one is drawn afresh.
    resetSeq(100);
    await run(page, 1, update([check('z', 'error', { message: 'boom' })]));
    await expect(out.locator('.bg-Event-name')).toHaveText(['z']);
    await expect(out.locator('.bg-Summary-error')).toHaveText('! 1 error');
    await expect(out.locator('.bg-Summary-pass')).toHaveText('✓ 0 passed');
  });

  test('render 10,000 checks fast, with "show more"', async ({ page }) => {
    await page.evaluate(() => {
      const tasks: number[] = ((window as any).__longTasks = []);
      new PerformanceObserver(list =>
        list.getEntries().forEach(e => tasks.push(e.duration))
      ).observe({
        type: 'longtask'
      });
    });
    const code = [
      'import json',
      'from IPython.display import display',
      `events = [dict(type="assertion", name=f"check_{i}", timestamp="2026-11-21T10:00:00.123Z", seq=i, status="pass", message=None, expected=None, actual=None, expected_repr=None, actual_repr=None, exc_type=None, duration_ms=0.01) for i in range(10000)]`,
      'events[9000].update(status="fail", message="late failure", expected=1, actual=2)',
      `display({"${EVENTS}": {"events": events}, "text/plain": "10000 events"}, raw=True)`
    ].join('\n');
    await run(page, 0, code);
    const out = output(page, 0);
    await expect(out.locator('.bg-Summary-pass')).toHaveText('✓ 9,999 passed');
    await expect(out.locator('.bg-Summary-fail')).toHaveText('✗ 1 failed');
    // The first 200 rows, and the failure far down, which is never hidden.
    await expect(out.locator('.bg-Event')).toHaveCount(201);
    await expect(
      out.locator('.bg-Event[data-status="fail"] .bg-Event-name')
    ).toHaveText('check_9000');
    await expect(out.locator('.bg-More-count')).toHaveText(
      '9,799 more events not shown'
    );

    // The page stays responsive, and no main-thread task came near a second.
    const started = Date.now();
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    expect(Date.now() - started).toBeLessThan(500);
    const longest = await page.evaluate(() =>
      Math.max(0, ...(window as any).__longTasks)
    );
    expect(longest).toBeLessThan(1000);

    await out.locator('.bg-More-button').click();
    await expect(out.locator('.bg-Event')).toHaveCount(701);
    await expect(out.locator('.bg-Event-name').nth(699)).toHaveText(
      'check_699'
    );
    await expect(out.locator('.bg-Event-name').nth(700)).toHaveText(
      'check_9000'
    );
    await expect(out.locator('.bg-More-count')).toHaveText(
      '9,299 more events not shown'
    );

    // The renderer alone, on the same 10,000 events: well under a second.
    const elapsed = await page.evaluate(async mime => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      const renderer = panel.content.rendermime.createRenderer(mime);
      const events = Array.from({ length: 10000 }, (_, i) => ({
        type: 'assertion',
        name: `check_${i}`,
        seq: i,
        status: i % 1000 === 999 ? 'fail' : 'pass',
        expected: i,
        actual: i + 1,
        duration_ms: 0.01
      }));
      const model = {
        data: { [mime]: { events } },
        metadata: {},
        trusted: false,
        setData() {}
      };
      const t0 = performance.now();
      document.body.append(renderer.node);
      await renderer.renderModel(model);
      void renderer.node.offsetHeight;
      const t1 = performance.now();
      renderer.node.remove();
      return t1 - t0;
    }, EVENTS);
    expect(elapsed).toBeLessThan(300);
  });

  test('read well in the dark theme', async ({ page }) => {
    await run(page, 0, displayCode(eventsBundle(mixed())));
    const out = output(page, 0);
    const name = out.locator('.bg-Event-name').first();
    const failName = out.locator('.bg-mod-fail .bg-Event-name').first();
    const passCount = out.locator('.bg-Summary-pass');
    expect(await contrast(name)).toBeGreaterThan(4.5);
    const lightColor = await name.evaluate(
      node => getComputedStyle(node).color
    );

    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('apputils:change-theme', {
        theme: 'JupyterLab Dark'
      })
    );
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    await expect
      .poll(() => name.evaluate(node => getComputedStyle(node).color))
      .not.toBe(lightColor);
    for (const text of [
      name,
      failName,
      out.locator('.bg-Pane-value').first(),
      out.locator('.bg-LineDiff-removed')
    ]) {
      expect(await contrast(text)).toBeGreaterThan(4.5);
    }
    expect(await contrast(passCount)).toBeGreaterThan(3);
    expect(
      await contrast(out.locator('.bg-Log-error .bg-Log-level'))
    ).toBeGreaterThan(3);
  });

  test('show saved results again, in Lab and in the Notebook app', async ({
    page,
    baseURL
  }) => {
    await run(page, 0, displayCode(eventsBundle(mixed())));
    await run(page, 1, displayCode(imageBundle('dot', 'image/png', PNG_1X1)));
    await page.keyboard.press('Control+s');
    // A first save may ask for a name; the default one will do.
    const dialog = page.locator('.jp-Dialog');
    await expect
      .poll(async () => {
        if (await dialog.isVisible()) {
          await dialog.locator('.jp-mod-accept').click();
        }
        return page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget.context.model.dirty
        );
      })
      .toBe(false);
    const path = await page.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.context.path
    );
    expect(path).toMatch(/\.ipynb$/);

    const assertRendered = async (root: Pick<Page, 'locator'>) => {
      const cells = root.locator('.jp-Cell');
      const events = cells.nth(0).locator('.jp-OutputArea-output');
      await expect(events).toHaveCount(1);
      await expect(events.locator('.bg-Summary-fail')).toHaveText('✗ 3 failed');
      await expect(events.locator('.bg-Event')).toHaveCount(mixed().length);
      await expect(events.locator('.bg-LineDiff-added')).toHaveText('+there');
      await expect(cells.nth(1).locator('.bg-Image img')).toHaveAttribute(
        'src',
        `data:image/png;base64,${PNG_1X1}`
      );
    };

    await page.notebook.close(false);
    await expect(page.locator('.jp-NotebookPanel')).toHaveCount(0);
    await page.filebrowser.open(path);
    await assertRendered(page);

    const notebookApp = await page.context().newPage();
    await notebookApp.goto(
      `${baseURL}/notebooks/index.html?path=${encodeURIComponent(path)}`
    );
    await assertRendered(notebookApp);
    await notebookApp.close();
  });
});
