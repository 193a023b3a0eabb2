/**
 * One kernel per notebook path: notebooks of the same name in different
 * folders (two labs' starter.ipynb) do not share an interpreter, and a
 * renamed notebook keeps its own.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect, openLab, runCell, test } from './fixtures';
import { currentIdle, open } from './labs-helpers';

/** Save an empty browsergrad notebook at `folder/name` in the browser. */
async function saveNotebook(
  page: IJupyterLabPageFixture,
  folder: string,
  name: string
) {
  await page.evaluate(
    async ({ folder, name }) => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      const made = await contents.newUntitled({ path: '', type: 'directory' });
      await contents.rename(made.path, folder);
      await contents.save(`${folder}/${name}`, {
        type: 'notebook',
        format: 'json',
        content: {
          nbformat: 4,
          nbformat_minor: 5,
          metadata: {
            kernelspec: {
              name: 'browsergrad',
              display_name: 'Python (browsergrad)'
            }
          },
          cells: [
            {
              cell_type: 'code',
              id: 'work',
              metadata: {},
              source: '',
              outputs: [],
              execution_count: null
            }
          ]
        }
      });
    },
    { folder, name }
  );
}

/** The running sessions, as path -> kernel id. */
async function sessionKernels(
  page: IJupyterLabPageFixture
): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const running = [
      ...(window as any).jupyterapp.serviceManager.sessions.running()
    ];
    return Object.fromEntries(
      running.map((session: any) => [session.path, session.kernel.id])
    );
  });
}

test.describe('sessions', () => {
  test('same-name notebooks in two folders get their own kernels @isolated-only', async ({
    page
  }) => {
    await openLab(page);
    await saveNotebook(page, 'lab-a', 'starter.ipynb');
    await saveNotebook(page, 'lab-b', 'starter.ipynb');

    await open(page, 'lab-a/starter.ipynb');
    await currentIdle(page);
    expect(await runCell(page, 0, 'x = "from lab-a"\nprint(x)')).toBe(
      'from lab-a\n'
    );

    await open(page, 'lab-b/starter.ipynb');
    await currentIdle(page);
    expect(await runCell(page, 0, 'print(globals().get("x", "unset"))')).toBe(
      'unset\n'
    );

    const kernels = await sessionKernels(page);
    expect(Object.keys(kernels).sort()).toEqual([
      'lab-a/starter.ipynb',
      'lab-b/starter.ipynb'
    ]);
    expect(kernels['lab-a/starter.ipynb']).not.toBe(
      kernels['lab-b/starter.ipynb']
    );

    // Renamed, lab-a's notebook keeps its session, kernel and variables.
    await page.evaluate(() =>
      (window as any).jupyterapp.serviceManager.contents.rename(
        'lab-a/starter.ipynb',
        'lab-a/moved.ipynb'
      )
    );
    await expect
      .poll(async () => Object.keys(await sessionKernels(page)).sort())
      .toEqual(['lab-a/moved.ipynb', 'lab-b/starter.ipynb']);
    expect((await sessionKernels(page))['lab-a/moved.ipynb']).toBe(
      kernels['lab-a/starter.ipynb']
    );
    await open(page, 'lab-a/moved.ipynb');
    expect(await runCell(page, 0, 'print(x)')).toBe('from lab-a\n');
  });
});
