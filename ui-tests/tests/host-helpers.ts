/**
 * The reference host page (browsergrad_kernel/host/) driving a site in its
 * iframe, for host-bridge.spec.ts: the host on its own origin (another port
 * of 127.0.0.1), the site's settings allowing it, and the app in the frame.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import type { Frame, Page } from '@playwright/test';

import { expect, test as playwrightTest } from '@playwright/test';

import { offlineRequests } from './fixtures';

const base = Number(process.env.BG_PORT || 8765);
/** The host page's origin, which the test site allows. */
export const HOST = `http://127.0.0.1:${base + 4}`;
/** The same page on an origin the site does not allow. */
export const FOREIGN_HOST = `http://127.0.0.1:${base + 5}`;
/** How long the test site waits for an acknowledgement. */
export const ACK_TIMEOUT_S = 3;

/**
 * Allow HOST in the built test site's settings (its origin depends on
 * BG_PORT, so it is written here rather than in ui-tests/lite/).
 */
export function allowHost(): void {
  const site = process.env.BG_SITE || 'sites/lite';
  const file = path.join(__dirname, '..', site, 'jupyter-lite.json');
  const config = JSON.parse(readFileSync(file, 'utf-8'));
  const settings =
    config['jupyter-config-data'].litePluginSettings[
      'browsergrad-kernel:kernel'
    ];
  settings.hostBridge = { origins: [HOST], ackTimeoutSeconds: ACK_TIMEOUT_S };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** The host page's URL for `site`. */
export function hostUrl(
  site: string,
  mode: 'ack' | 'silent' | 'error' = 'ack',
  origin = HOST
): string {
  const query = new URLSearchParams({ site: `${site}/lab/index.html`, mode });
  return `${origin}/?${query}`;
}

/**
 * Open the host page on `site` in a new page of the test's browser context
 * (galata's own page waits for its helper on every page it opens), and wait
 * for the app in its frame.
 */
export async function openHost(
  page: Page,
  site: string,
  options: { mode?: 'ack' | 'silent' | 'error'; host?: string } = {}
): Promise<{ host: Page; frame: Frame }> {
  const host = await page.context().newPage();
  await host.goto(hostUrl(site, options.mode, options.host));
  return { host, frame: await appFrame(host, site) };
}

/** The site's frame once its app is restored. */
export async function appFrame(page: Page, site: string): Promise<Frame> {
  await page.bringToFront();
  let frame: Frame | undefined;
  await expect
    .poll(() => (frame = page.frames().find(f => f.url().startsWith(site))))
    .toBeTruthy();
  await frame!.waitForFunction(() => (window as any).jupyterapp, null, {
    timeout: 60000
  });
  await frame!.evaluate(() => (window as any).jupyterapp.restored);
  return frame!;
}

/** A new notebook on the browsergrad kernel, its kernel idle. */
export async function newNotebook(frame: Frame): Promise<void> {
  await frame.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const panel = await app.commands.execute('notebook:create-new', {
      kernelName: 'browsergrad'
    });
    await panel.context.ready;
    await panel.sessionContext.ready;
  });
  await expect
    .poll(
      () =>
        frame.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget?.sessionContext
              ?.kernelDisplayStatus
        ),
      { timeout: 90000 }
    )
    .toBe('idle');
}

/** Run cell `index` (made if missing) with `source`; resolves once it ran. */
export async function run(
  frame: Frame,
  index: number,
  source: string
): Promise<void> {
  await frame.evaluate(
    async ({ index, source }) => {
      const app = (window as any).jupyterapp;
      const notebook = app.shell.currentWidget.content;
      while (notebook.widgets.length <= index) {
        notebook.model.sharedModel.insertCell(notebook.widgets.length, {
          cell_type: 'code',
          source: ''
        });
      }
      notebook.widgets[index].model.sharedModel.setSource(source);
      notebook.activeCellIndex = index;
      await app.commands.execute('notebook:run-cell');
    },
    { index, source }
  );
}

/** The text of cell `index`'s outputs. */
export function outputText(frame: Frame, index: number): Promise<string> {
  return frame.evaluate(
    index =>
      (window as any).jupyterapp.shell.currentWidget.content.widgets[
        index
      ].node.querySelector('.jp-OutputArea')?.textContent ?? '',
    index
  );
}

/** What the host received on its port, in order. */
export function received(page: Page): Promise<any[]> {
  return page.evaluate(() =>
    (window as any).browsergradHost.received.map((m: any) => ({ ...m }))
  );
}

export async function donations(page: Page): Promise<any[]> {
  return (await received(page)).filter(message => message.type === 'donate');
}

/** Read a file of the site's drive from the app. */
export function driveFile(frame: Frame | Page, file: string): Promise<any> {
  return frame.evaluate(async file => {
    const model = await (window as any).jupyterapp.serviceManager.contents.get(
      file,
      { content: true, format: 'text' }
    );
    return JSON.parse(model.content);
  }, file);
}

export const CHECKS =
  'import browsergrad as bg\n' +
  "bg.check_equal('adds', 1 + 1, 2)\n" +
  "bg.check_equal('sorts', sorted([2, 1]), [2, 1])";

/**
 * Plain Playwright pages (galata's page waits for its Launcher on every
 * navigation), with the same rule as fixtures.ts: no request leaves 127.0.0.1.
 */
export const hostTest = playwrightTest.extend<{ requests: string[] }>({
  requests: [offlineRequests, { auto: true }]
});
