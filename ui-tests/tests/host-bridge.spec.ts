/**
 * The host bridge in Chromium: the reference host page on its own origin
 * embeds the really built site (isolated and plain servers), binds a port
 * with live-init and answers donations; the results donation, a silent host
 * then delivery after a reload, a second live-init, a foreign origin, a host
 * error, and no host at all (the drive).
 */
import { expect } from '@playwright/test';

import {
  ACK_TIMEOUT_S,
  allowHost,
  appFrame,
  CHECKS,
  donations,
  driveFile,
  FOREIGN_HOST,
  hostTest as test,
  hostUrl,
  newNotebook,
  openHost,
  outputText,
  received,
  run
} from './host-helpers';

const SUBMITTED =
  'The results were submitted to the hub (a provisional score).';
const KEY = 'browsergrad.submission.v1';

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => allowHost());
test.setTimeout(240000);

test('the results donation is acknowledged by the host', async ({
  page,
  baseURL
}) => {
  const { host, frame } = await openHost(page, baseURL!);
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await run(frame, 1, 'bg.submit_results()');
  await expect.poll(() => outputText(frame, 1)).toBe(SUBMITTED);

  const [ready] = await received(host);
  expect(ready).toMatchObject({ type: 'ready', version: 1, locale: 'en' });
  const [sent] = await donations(host);
  expect(sent.key).toBe(KEY);
  expect(sent.source.notebook).toMatch(/\.ipynb$/);
  const submission = JSON.parse(sent.json);
  expect(submission).toMatchObject({
    schema: 'urn:browsergrad:schema:submission:v1',
    provisional: true,
    notebook: sent.source.notebook,
    lab: null,
    checks: [
      { name: 'adds', status: 'pass' },
      { name: 'sorts', status: 'fail' }
    ],
    score: {
      scoreGiven: 1,
      scoreMaximum: 2,
      activityProgress: 'Submitted',
      gradingProgress: 'Pending'
    }
  });
  expect(submission.results.schema).toBe('urn:browsergrad:schema:results:v1');
  await expect(host.locator('#received li[data-kind="donate"]')).toContainText(
    `donate ${KEY}`
  );
  await expect(host.locator('#received li[data-kind="donate"]')).toContainText(
    'acknowledged'
  );

  // the Tests panel's Submit action donates the same document
  await frame.evaluate(() =>
    (window as any).jupyterapp.commands.execute('browsergrad-kernel:tests-open')
  );
  await frame.locator('.bg-Tests-submit').click();
  await expect.poll(async () => (await donations(host)).length).toBe(2);
  const [, again] = await donations(host);
  expect(JSON.parse(again.json).checks).toEqual(submission.checks);
  await expect(frame.locator('.jp-toast-message').last()).toContainText(
    'The results were submitted to the hub'
  );
});

test('a silent host: the donations wait, then arrive once each, oldest first, after a reload', async ({
  page,
  baseURL
}) => {
  const { host, frame } = await openHost(page, baseURL!, { mode: 'silent' });
  host.on('dialog', dialog => void dialog.accept());
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await run(frame, 1, 'first = bg.submit_results()');
  await run(frame, 2, 'second = bg.submit_results()');
  const waiting =
    `The results were not submitted: the host did not acknowledge it within ${ACK_TIMEOUT_S} s; ` +
    'it is kept and sent again when a host connects.';
  await expect.poll(() => outputText(frame, 1)).toBe(waiting);
  await expect.poll(() => outputText(frame, 2)).toBe(waiting);
  const ids = (await donations(host)).map(d => d.id);
  expect(ids).toHaveLength(2);

  // a new page of the host, acknowledging this time: the same two, in order
  await host.goto(hostUrl(baseURL!, 'ack'));
  await appFrame(host, baseURL!);
  await expect.poll(async () => (await donations(host)).length).toBe(2);
  const [ready] = await received(host);
  expect(ready).toMatchObject({ type: 'ready', queued: 2 });
  expect((await donations(host)).map(d => d.id)).toEqual(ids);
  await expect(host.locator('#received li[data-kind="donate"]')).toHaveCount(2);

  // acknowledged means gone: the next host gets nothing again
  await host.reload();
  await appFrame(host, baseURL!);
  await expect.poll(async () => (await received(host)).length).toBe(1);
  expect((await received(host))[0]).toMatchObject({ type: 'ready', queued: 0 });
});

test('a second live-init rebinds, and a pending donation is answered on the new port', async ({
  page,
  baseURL
}) => {
  const { host, frame } = await openHost(page, baseURL!, { mode: 'silent' });
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await expect.poll(async () => (await received(host)).length).toBe(1);
  await run(frame, 1, 'bg.submit_results()');
  await expect.poll(async () => (await donations(host)).length).toBe(1);
  // while it waits (ACK_TIMEOUT_S), the host hands over a new port
  await host.evaluate(() => {
    const host = (window as any).browsergradHost;
    host.setMode('ack');
    host.connect();
  });
  await expect.poll(() => outputText(frame, 1)).toBe(SUBMITTED);
  const messages = await received(host);
  expect(messages.map(m => m.type)).toEqual([
    'ready',
    'donate',
    'ready',
    'donate'
  ]);
  expect(messages[3].id).toBe(messages[1].id);
  // the new port carries on
  await run(frame, 2, 'bg.submit_results()');
  await expect.poll(() => outputText(frame, 2)).toBe(SUBMITTED);
});

test('a live-init from an origin the site does not allow is refused: nothing bound', async ({
  page,
  baseURL
}) => {
  const { host, frame } = await openHost(page, baseURL!, {
    host: FOREIGN_HOST
  });
  const refusals: string[] = [];
  host.on('console', message => {
    if (message.text().includes('refused live-init')) {
      refusals.push(message.text());
    }
  });
  // the site never told this origin it is ready; the host tries anyway
  await host.evaluate(() => (window as any).browsergradHost.connect());
  await expect.poll(() => refusals.length).toBe(1);
  expect(refusals[0]).toContain(
    `refused live-init from ${FOREIGN_HOST}: that origin is not in the site settings`
  );
  // unbound, a donation goes to the drive (and waits for an allowed host)
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await run(frame, 1, 'bg.submit_results()');
  await expect
    .poll(() => outputText(frame, 1))
    .toMatch(
      /^No hub is connected: the results were saved to donations\/.*\.json\.$/
    );
  expect(await received(host)).toEqual([]);
});

test('a host that answers with an error: the reason, and the results in the drive', async ({
  page,
  baseURL
}) => {
  const { frame } = await openHost(page, baseURL!, { mode: 'error' });
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await run(frame, 1, 'bg.submit_results()');
  await expect
    .poll(() => outputText(frame, 1))
    .toMatch(
      /^The results were not submitted: the reference host was set to answer with an error\. They were saved to (donations\/.*\.json)\.$/
    );
  const saved = (await outputText(frame, 1)).match(/saved to (\S+)\.$/)![1];
  const file = await driveFile(frame, saved);
  expect(file.key).toBe(KEY);
  expect(file.data.score.scoreMaximum).toBe(2);
});

test('with no host the results are saved to the drive, and the user is told where', async ({
  page,
  baseURL
}) => {
  const lab = await page.context().newPage();
  await lab.goto(`${baseURL}/lab/index.html`);
  const frame = lab.mainFrame();
  await frame.waitForFunction(() => (window as any).jupyterapp);
  await frame.evaluate(() => (window as any).jupyterapp.restored);
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await run(frame, 1, 'bg.submit_results()');
  await expect
    .poll(() => outputText(frame, 1))
    .toMatch(
      /^No hub is connected: the results were saved to donations\/.*\.json\.$/
    );
  const saved = (await outputText(frame, 1)).match(/saved to (\S+)\.$/)![1];
  const file = await driveFile(frame, saved);
  expect(file).toMatchObject({
    schema: 'urn:browsergrad:schema:donation-file:v1',
    key: KEY,
    data: { provisional: true, score: { scoreGiven: 1, scoreMaximum: 2 } }
  });
  await expect(lab.locator('.jp-toast-message').last()).toContainText(
    `was saved to ${saved}`
  );
});

test('a notebook closed with its donation pending: the donation is kept and delivered later', async ({
  page,
  baseURL
}) => {
  const { host, frame } = await openHost(page, baseURL!, { mode: 'silent' });
  const errors: string[] = [];
  host.on('pageerror', error => errors.push(error.message));
  await newNotebook(frame);
  await run(frame, 0, CHECKS);
  await run(frame, 1, 'pending = bg.submit_results()');
  await expect.poll(async () => (await donations(host)).length).toBe(1);
  const [sent] = await donations(host);
  // closed (saved first, so no dialog asks) before the host could answer
  await frame.evaluate(async () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    await panel.context.save();
    panel.close();
  });
  await expect
    .poll(() =>
      frame.evaluate(() =>
        Boolean(
          (window as any).jupyterapp.shell.currentWidget?.content?.widgets
        )
      )
    )
    .toBe(false);
  // past the acknowledgement's time limit the app and its kernels still work
  await frame.waitForTimeout((ACK_TIMEOUT_S + 1) * 1000);
  await newNotebook(frame);
  await run(frame, 0, 'print(6 * 7)');
  await expect.poll(() => outputText(frame, 0)).toBe('42\n');

  // the next host that binds gets the same donation, and acknowledges it
  await host.goto(hostUrl(baseURL!, 'ack'));
  await appFrame(host, baseURL!);
  await expect.poll(async () => (await donations(host)).length).toBe(1);
  expect((await donations(host))[0].id).toBe(sent.id);
  await expect(host.locator('#received li[data-kind="donate"]')).toContainText(
    'acknowledged'
  );
  expect(errors).toEqual([]);
});
