import {
  expect,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test
} from './fixtures';
import { output, run } from './renderers-helpers';
import { cellText, expectError, pressStop, startCell } from './stop-helpers';

// Stop, or a time limit, while a cell waits in input(): the prompt is
// cancelled from the main thread, Python raises at the prompt, and the kernel
// keeps its variables, on isolated and plain pages alike (no restart).
test.describe('Stop during input()', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
    expect(await runCell(page, 0, 'kept = 41\nprint("set")')).toBe('set\n');
  });

  test('cancels the prompt and keeps the variables', async ({ page }) => {
    await startCell(page, 1, 'answer = input("name? ")');
    await expect(page.locator('.jp-Stdin input')).toBeVisible();
    await pressStop(page);
    await expectError(page, 1, /KeyboardInterrupt/);
    // at the cell's line, as a terminal shows it: no frames of the kernel's
    expect(await cellText(page, 1)).toContain('answer = input("name? ")');
    expect(await cellText(page, 1)).not.toMatch(/prompts\.py|interpreter\.py/);
    // the cancelled prompt's box is gone
    await expect(page.locator('.jp-Stdin')).toHaveCount(0);
    await run(page, 2, 'print(kept + 1, "answer" in globals())');
    expect(await cellText(page, 2)).toBe('42 False\n');

    // and the next prompt is answered as usual
    await startCell(page, 3, 'print("hi", input("again? "))');
    const box = page.locator('.jp-Stdin input');
    await box.fill('Ada');
    await box.press('Enter');
    await expect(output(page, 3).last()).toHaveText('hi Ada');
  });

  test('a time limit cancels the prompt with its TimeoutError', async ({
    page
  }) => {
    await startCell(page, 1, '%%time_limit 1\nkept += 1\ninput("wait? ")');
    await expectError(page, 1, /TimeoutError: .*time limit of 1 s/);
    await expect(page.locator('.jp-Stdin')).toHaveCount(0);
    // no "pending input" guard: the next cell runs
    await run(page, 2, 'print(kept)');
    expect(await cellText(page, 2)).toBe('42\n');
  });
});
