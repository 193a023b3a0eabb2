/**
 * Print floods: a runaway `print` loop must not take the page. The cell shows
 * its output up to the site's limit (20,000 lines by default), then one notice
 * with what was left out and the latest lines; Stop still works, on both
 * servers, after seconds of flooding.
 */
import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import { run } from './renderers-helpers';
import { cellText, expectError, pressStop, startRunning } from './stop-helpers';

const RESTARTED = /KernelRestarted: Stop restarted the kernel/;

/** Cell `index`'s outputs, as the notebook model holds them. */
async function outputsOf(
  page: import('@jupyterlab/galata').IJupyterLabPageFixture,
  index: number
): Promise<{ type: string; name?: string; text: string }[]> {
  return page.evaluate(index => {
    const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[
      index
    ];
    return cell.model.outputs.toJSON().map((output: any) => ({
      type: output.output_type,
      name: output.name,
      text: [
        output.text ?? output.data?.['text/plain'] ?? output.ename ?? ''
      ].join('')
    }));
  }, index);
}

test.describe('print floods', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('a runaway print loop is cut at the limit, and Stop still works', async ({
    page
  }, info) => {
    await run(page, 0, 'kept = 1');
    await startRunning(page, 1, 'while True:\n    print("tick")');
    // Seconds of flooding: before the limit, such a loop kept the page too
    // busy to take the Stop click.
    await page.waitForTimeout(3000);
    await pressStop(page);
    await expectError(
      page,
      1,
      info.project.name === 'isolated' ? /KeyboardInterrupt/ : RESTARTED
    );

    const [printed, notice, ...rest] = await outputsOf(page, 1);
    expect(printed.type).toBe('stream');
    const lines = printed.text.split('\n');
    expect(lines.length - 1).toBe(20000);
    expect(lines[0]).toBe('started');
    expect(new Set(lines.slice(1, -1))).toEqual(new Set(['tick']));
    expect(notice.type).toBe('display_data');
    expect(notice.text).toMatch(
      /^Output limit: this cell shows at most 20,000 lines or 1,000,000 characters of printed output \(the site's outputLimit\)\. Left out so far: [\d,]+ characters in [\d,]+ lines\. The latest lines:\n(tick\n){19}tick$/
    );
    const leftOut = Number(
      /in ([\d,]+) lines/.exec(notice.text)![1].replace(/,/g, '')
    );
    expect(leftOut).toBeGreaterThan(1000);
    // The cell's ending follows the notice.
    expect(rest.map(output => output.type)).toEqual(['error']);

    // The kernel runs the next cell.
    await run(page, 2, 'print(6 * 7)');
    expect(await cellText(page, 2)).toBe('42\n');
  });

  test('a progress line rewritten 200,000 times is not cut', async ({
    page
  }) => {
    await run(
      page,
      0,
      [
        'for i in range(200_000):',
        '    print(f"\\r{i:>6}", end="")',
        'print(" done")'
      ].join('\n')
    );
    const outputs = await outputsOf(page, 0);
    expect(outputs).toHaveLength(1);
    expect(outputs[0].text.endsWith('199999 done\n')).toBe(true);
  });

  test('output just under the limit is shown whole, in order with the rest', async ({
    page
  }) => {
    await run(
      page,
      0,
      [
        'from IPython.display import display',
        'for i in range(19_999):',
        '    print(i)',
        'display("middle")',
        'print("last line")'
      ].join('\n')
    );
    const outputs = await outputsOf(page, 0);
    expect(outputs.map(output => output.type)).toEqual([
      'stream',
      'display_data',
      'stream'
    ]);
    expect(outputs[0].text.split('\n')).toHaveLength(20000);
    expect(outputs[0].text.endsWith('19998\n')).toBe(true);
    expect(outputs[2].text).toBe('last line\n');
  });
});
