/**
 * Page helpers for the lab specs (labs.spec.ts, results-agree.spec.ts).
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { expect } from './fixtures';

export const CHECK = '[data-command="browsergrad-kernel:labs-check-my-work"]';

/** The current notebook panel. */
export async function current(page: IJupyterLabPageFixture) {
  const id = await page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.id
  );
  return page.locator(`[id="${id}"]`);
}

export async function lastCell(page: IJupyterLabPageFixture) {
  return (await current(page)).locator('.jp-Cell').last();
}

/** Open a notebook of the site; wait until it is the current one, loaded. */
export async function open(page: IJupyterLabPageFixture, path: string) {
  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute('docmanager:open', { path }),
    path
  );
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as any).jupyterapp.shell.currentWidget?.context?.path
      )
    )
    .toBe(path);
  // loaded: a cell added before would be replaced by the file's cells
  await page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.context.ready
  );
}

/** Wait until the current notebook's kernel is idle. */
export async function currentIdle(page: IJupyterLabPageFixture) {
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget.sessionContext
              .kernelDisplayStatus
        ),
      { timeout: 90000 }
    )
    .toBe('idle');
}

/** Run every cell, then "Check my work"; resolves when the rubric has run. */
export async function runAndCheck(page: IJupyterLabPageFixture) {
  await currentIdle(page);
  expect(await page.notebook.run()).toBe(true);
  const check = (await current(page)).locator(CHECK);
  await expect(check).toBeEnabled();
  await check.click();
  await expect((await lastCell(page)).locator('.jp-InputPrompt')).toHaveText(
    /^\[\d+\]:$/
  );
}

/** The browsergrad version the site's runtime has. */
export async function siteRuntime(
  page: IJupyterLabPageFixture
): Promise<string> {
  return page.evaluate(
    async () =>
      (await (await fetch('/static/browsergrad/labs.json')).json()).browsergrad
  );
}

/**
 * Save a lab folder into the browser's contents, as a student who uploads one
 * does; its notebooks have one code cell, `source`.
 */
export async function uploadLab(
  page: IJupyterLabPageFixture,
  folder: string,
  manifest: object,
  source = 'print("ran")'
) {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'browsergrad', display_name: 'Python (browsergrad)' }
    },
    cells: [
      {
        cell_type: 'code',
        id: 'work',
        metadata: {},
        source,
        outputs: [],
        execution_count: null
      }
    ]
  };
  await page.evaluate(
    async ({ folder, manifest, notebook }) => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      const made = await contents.newUntitled({ path: '', type: 'directory' });
      await contents.rename(made.path, folder);
      const file = (name: string, content: string) =>
        contents.save(`${folder}/${name}`, {
          type: 'file',
          format: 'text',
          content
        });
      await file('manifest.json', JSON.stringify(manifest));
      await file(
        'rubric.py',
        'import browsergrad as bg\nbg.assert_pass("ran")\n'
      );
      for (const name of ['starter.ipynb', 'reference.ipynb']) {
        await contents.save(`${folder}/${name}`, {
          type: 'notebook',
          format: 'json',
          content: notebook
        });
      }
    },
    { folder, manifest, notebook }
  );
}

export const manifest = (id: string, range: string) => ({
  id,
  version: '1.0.0',
  requires_browsergrad: range,
  required_ops: [],
  rubric_path: 'rubric.py',
  starter_path: 'starter.ipynb',
  reference_path: 'reference.ipynb'
});

/**
 * Make the site's config claim a runtime the kernel does not have (9.0.0), as
 * a cached jupyter-lite.json from another deployment would: a lab for ^9.0.0
 * then passes the check when it opens, and only the kernel's own report can
 * stop it.
 */
export async function staleSiteConfig(page: IJupyterLabPageFixture) {
  await page.route('**/jupyter-lite.json', async route => {
    const response = await route.fetch();
    const config = await response.json();
    const settings =
      config['jupyter-config-data']?.litePluginSettings?.[
        'browsergrad-kernel:kernel'
      ];
    if (settings) {
      settings.browsergradVersion = '9.0.0';
    }
    await route.fulfill({ response, json: config });
  });
}
