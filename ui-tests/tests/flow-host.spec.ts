/**
 * A flow and a hub together: the reference host page on its own origin embeds
 * the really built site; a flow reads a chosen CSV file lazily, shows its rows
 * for consent, one row is removed, and the kept rows are donated to the host,
 * which acknowledges them; the flow gets the host's response.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { expect } from '@playwright/test';

import {
  allowHost,
  donations,
  hostTest as test,
  newNotebook,
  openHost,
  run
} from './host-helpers';

const FLOW = `
import csv, io
import browsergrad as bg
from browsergrad.flow import *

def script():
    chosen = yield CommandUIRender(PageFileInput("Your export", extensions=[".csv"]))
    rows = list(csv.DictReader(io.TextIOWrapper(chosen.value, encoding="utf-8")))
    kept = yield CommandUIRender(PageConsent("Review", [ConsentTable(
        "rows", "Your rows", ["name", "score"], rows)]))
    sent = yield CommandSystemDonate("survey", kept.value)
    yield CommandUIRender(PageText("Sent", f"sent={sent.success} status={sent.status} error={sent.error}"))

bg.run_flow(script(), "donate")
`;

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => allowHost());
test.setTimeout(240000);

test('file, consent with a row removed, donation acknowledged by the host', async ({
  page,
  baseURL
}) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'bg-flow-host-'));
  const file = path.join(folder, 'export.csv');
  writeFileSync(file, 'name,score\nada,3\nbob,5\n');
  const { host, frame } = await openHost(page, baseURL!);
  await newNotebook(frame);
  await run(frame, 0, FLOW);
  const flow = frame
    .locator('.jp-Notebook .jp-Cell')
    .nth(0)
    .locator('.bg-Flow');
  await flow.getByLabel('Choose a file (.csv)').setInputFiles(file);
  await flow.getByRole('button', { name: 'Continue' }).click();
  await expect(flow.getByRole('cell', { name: 'ada' })).toBeVisible();
  await flow.getByRole('button', { name: 'Remove row 1 of Your rows' }).click();
  await flow.getByRole('button', { name: 'Donate' }).click();

  const sent = flow.getByRole('region', { name: 'Sent' });
  await expect(sent).toContainText('sent=True status=200 error=None');
  const [donation] = (await donations(host)).filter(d => d.key === 'survey');
  expect(JSON.parse(donation.json)).toEqual({
    rows: [{ name: 'bob', score: '5' }]
  });
  expect(donation.source.notebook).toMatch(/\.ipynb$/);
  await expect(
    host.locator('#received li[data-kind="donate"]', { hasText: 'survey' })
  ).toContainText('acknowledged');
});
