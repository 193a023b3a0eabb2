import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import { output, PNG_1X1, pwned, run, XSS } from './renderers-helpers';

// End to end: `import browsergrad as bg` in the real kernel, through the
// display data it publishes, to the renderers.

test.describe('the browsergrad API in the kernel', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('each call shows in one output per cell', async ({ page }) => {
    await run(
      page,
      0,
      [
        'import browsergrad as bg',
        'bg.assert_pass("sum", duration_ms=1.5)',
        'bg.assert_fail("mean", "wrong mean", expected=4.5, actual=4)',
        'bg.assert_error("load", "no file", exc=FileNotFoundError("x.csv"))',
        'with bg.check("shape"):',
        '    bg.assert_equal([1, 2], [1, 3])',
        'bg.log("progress", {"step": 3}, level="warning")',
        'bg.emit_json("series", {"x": [1, 2, 3]})',
        `bg.emit_image("dot", "image/png", "${PNG_1X1}")`
      ].join('\n')
    );
    const events = output(page, 0).first();
    await expect(output(page, 0)).toHaveCount(2);
    await expect(events.locator('.bg-Event-name')).toHaveText([
      'sum',
      'mean',
      'load',
      'shape',
      'progress',
      'series'
    ]);
    await expect(events.locator('.bg-Summary-pass')).toHaveText('✓ 1 passed');
    await expect(events.locator('.bg-Summary-fail')).toHaveText('✗ 2 failed');
    await expect(events.locator('.bg-Summary-error')).toHaveText('! 1 error');
    await expect(events.locator('.bg-Event-excType')).toHaveText(
      'FileNotFoundError'
    );
    await expect(events.locator('.bg-Log-warning .bg-Log-level')).toBeVisible();
    const image = output(page, 0).nth(1).locator('img.bg-Image-picture');
    await expect(image).toHaveAttribute('src', /^data:image\/png;base64,/);
  });

  test('user strings stay text', async ({ page }) => {
    const xss = JSON.stringify(XSS);
    await run(
      page,
      0,
      [
        'import browsergrad as bg',
        `bg.assert_fail(${xss}, ${xss}, expected=${xss}, actual=${xss})`,
        `bg.log(${xss}, ${xss}, level="error")`
      ].join('\n')
    );
    const events = output(page, 0);
    await expect(events.locator('.bg-Event-name').first()).toHaveText(XSS);
    await expect(events.locator('.bg-Log-data')).toContainText(XSS);
    await expect(events.locator('img')).toHaveCount(0);
    expect(await pwned(page)).toBeUndefined();
  });

  test('a bad call is an error at the call site; the kernel goes on', async ({
    page
  }) => {
    await run(
      page,
      0,
      'import browsergrad as bg\nbg.emit_json("bad", {"a": [1, 2, 3, {1, 2}]})'
    );
    await expect(output(page, 0).last()).toContainText('TypeError');
    await expect(output(page, 0).last()).toContainText('data["a"][3]');
    await run(page, 1, 'bg.assert_pass("after")\nprint(len(bg.events()))');
    await expect(output(page, 1).last()).toHaveText('1\n');
  });

  test('10,000 checks in one cell stay one output', async ({ page }) => {
    await run(
      page,
      0,
      'import browsergrad as bg\nfor i in range(10000):\n    bg.assert_pass(f"check {i}")'
    );
    await expect(output(page, 0)).toHaveCount(1);
    await expect(output(page, 0).locator('.bg-Summary-pass')).toHaveText(
      '✓ 10,000 passed'
    );
    await expect(output(page, 0).locator('.bg-More-button')).toBeVisible();
  });
});
