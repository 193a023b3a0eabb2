/**
 * Stop always ends the cell (issue 15): a runaway recursion under
 * `sys.setrecursionlimit(10**6)`, stopped as a new user would, ends (in place
 * with its error, or by a restart that says so) and the next cell runs. On
 * both servers.
 */
import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import { output, run } from './renderers-helpers';
import { cellText, expectError, pressStop, startRunning } from './stop-helpers';

const DEEP = [
  'import sys',
  'sys.setrecursionlimit(10**6)',
  'def down(n):',
  '    return down(n + 1)',
  'down(0)'
].join('\n');

const ENDED = /KeyboardInterrupt|RecursionError|KernelRestarted/;

test.describe('Stop in a deep recursion', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('ends the cell, and the next cell runs', async ({ page }, info) => {
    await run(page, 0, 'kept = 41');
    await startRunning(page, 1, DEEP);
    // A million calls take about a second: Stop lands in the recursion or in
    // its error (or, on a slow machine, just after the cell ended).
    await page.waitForTimeout(300);
    await pressStop(page, 'toolbar');
    await expectError(page, 1, ENDED);
    const stopped = await cellText(page, 1);
    // The traceback of up to a million frames is cut short.
    expect(stopped.length).toBeLessThan(20_000);
    const restarted = /KernelRestarted/.test(stopped);
    if (!restarted && info.project.name === 'plain') {
      // Plain pages cannot interrupt in place: the cell had ended by itself.
      expect(stopped).toMatch(/RecursionError[\s\S]*more frames left out/);
    }
    await run(page, 2, 'print("next", globals().get("kept"))');
    await expect(output(page, 2).first()).toContainText(
      restarted ? 'next None' : 'next 41'
    );
  });
});
