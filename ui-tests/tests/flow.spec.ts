import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  expect,
  newBrowsergradNotebook,
  openLab,
  test,
  waitForIdle
} from './fixtures';
import { flowIn, transcript, writeSparseZip } from './flow-helpers';
import { output, run } from './renderers-helpers';
import { pressStop } from './stop-helpers';

// Flows (bg.run_flow) in a notebook on both servers: every prompt answered
// with the keyboard or the mouse, a 3.5 GiB file read lazily, Stop and a
// restart in the middle of a flow.

const PROMPTS = `
import json
import browsergrad as bg
from browsergrad.flow import *

def script():
    ok = yield CommandUIRender(PageConfirm("Start?", "A short flow.", ok="Start"))
    pick = yield CommandUIRender(PageRadio("Pick one", [("a", "Apple"), ("b", "Banana")]))
    for pct in (10, 60, 100):
        yield CommandUIRender(PageProgress("Working", percentage=pct))
    kept = yield CommandUIRender(PageConsent("Review", [ConsentTable(
        "rows", "Your rows", ["name", "score"],
        [{"name": "ada", "score": 3}, {"name": "<b>bob</b>", "score": 5}])]))
    answers = yield CommandUIRender(PageQuestionnaire("About you", [
        Question("age", "Age", "number", required=True),
        Question("lang", "Language", "choice", ["py", "js"])]))
    odd = yield CommandUIRender(Page.custom("PageSlider", {"max": 3}))
    sent = yield CommandSystemDonate("results", kept.value)
    yield
    yield CommandUIRender(PageText("Done", "\\n".join([
        f"ok={ok.value} pick={pick.value}", f"kept={kept.value}", f"answers={answers.value}",
        f"odd={odd.value}", f"sent={sent.success} {sent.error}"])))

bg.run_flow(script(), "prompts")
print("cell done")
`;

test.describe('flows', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('a flow with every prompt: the cell ends at once, the transcript is kept', async ({
    page
  }) => {
    await run(page, 0, PROMPTS);
    await expect(output(page, 0)).toHaveCount(2); // the flow, then the print
    await expect(output(page, 0).last()).toHaveText('cell done\n');
    const flow = flowIn(page, 0);
    await expect(flow.getByRole('heading', { name: 'Start?' })).toBeVisible();
    // the kernel is free while the flow waits
    await run(page, 1, 'print(6 * 7)');
    await expect(output(page, 1)).toHaveText('42\n');

    await flow.getByRole('button', { name: 'Start' }).click();
    // radio, by keyboard
    const banana = flow.getByRole('radio', { name: 'Banana' });
    await banana.focus();
    await page.keyboard.press('Space');
    await expect(banana).toBeChecked();
    await flow.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');

    // progress went by in place; the consent table, axe-clean, a row removed
    await expect(flow.getByRole('table')).toBeVisible();
    await expect(flow.getByRole('cell', { name: '<b>bob</b>' })).toBeVisible();
    const report = await new AxeBuilder({ page }).include('.bg-Flow').analyze();
    expect(
      report.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id)
    ).toEqual([]);
    await flow
      .getByRole('button', { name: 'Remove row 1 of Your rows' })
      .click();
    await expect(flow.getByRole('table')).toContainText('1 of 2 rows kept');
    await flow.getByRole('button', { name: 'Donate' }).click();

    // questionnaire: a required field is asked for
    await flow.getByRole('button', { name: 'Submit' }).click();
    await expect(flow.getByRole('alert')).toHaveText('Please answer: Age.');
    await flow.getByLabel('Age (required)').fill('33');
    await flow.getByRole('radio', { name: 'py' }).check();
    await flow.getByRole('button', { name: 'Submit' }).click();

    // the unknown page answered PayloadVoid with its reason; with no host,
    // the bridge saved the donation to the drive; the flow went on
    const done = flow.getByRole('region', { name: 'Done' });
    await expect(done).toContainText('ok=True pick=b');
    await expect(done).toContainText(
      'kept={"rows":[{"name":"<b>bob</b>","score":5}]}'
    );
    await expect(done).toContainText('answers={"age":33,"lang":"py"}');
    await expect(done).toContainText('odd=unknown page type "PageSlider"');
    await expect(done).toContainText('sent=True None');
    const saved = await page.evaluate(async () => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      const folder = await contents.get('donations', { content: true });
      const names = folder.content.map((item: any) => item.name);
      const file = names.find((name: string) => name.includes('results'));
      return file
        ? JSON.parse(
            (await contents.get(`donations/${file}`, { content: true })).content
          )
        : null;
    });
    expect(saved.data).toEqual({
      rows: [{ name: '<b>bob</b>', score: 5 }]
    });
    await expect(page.locator('b', { hasText: 'bob' })).toHaveCount(0);
    await done.getByRole('button', { name: 'Continue' }).click();
    await expect(flow.getByRole('status')).toHaveText(
      'Flow ended: End of script (exit code 0)'
    );
    const text = await transcript(page, 0);
    expect(text).toContain('1. Confirm: Start?\n   -> True');
    expect(text).toContain('3. Progress: Working\n4. Consent: Review');
    expect(text).toContain("7. Donate 'results'");
    expect(text).toContain('Ended: End of script (exit code 0)');
  });

  test('a 3.5 GiB file is read lazily, and not after its flow ended', async ({
    page
  }) => {
    const folder = mkdtempSync(join(tmpdir(), 'bg-flow-'));
    const path = join(folder, 'takeout.zip');
    const size = writeSparseZip(path, 3.5 * 1024 ** 3, {
      'data/rows.csv': 'name,score\nada,3\nbob,5\n'
    });
    try {
      await run(
        page,
        0,
        `
import csv, io, zipfile
import pyodide_js
import browsergrad as bg
from browsergrad.flow import *
held = []
def heap():
    return pyodide_js._module.HEAP8.length

def script():
    chosen = yield CommandUIRender(PageFileInput("Your takeout", extensions=[".zip"]))
    f = chosen.value
    held.append(f)
    before = heap()
    archive = zipfile.ZipFile(f)
    with archive.open("data/rows.csv") as m:
        rows = list(csv.DictReader(io.TextIOWrapper(m, encoding="utf-8")))
    grown = heap() - before
    yield CommandUIRender(PageText("Read", f"{f.name} {f.size} {archive.namelist()} {len(rows)} rows; heap grew {grown}"))

bg.run_flow(script(), "big file")
`
      );
      const flow = flowIn(page, 0);
      const jsBefore = await page.evaluate(
        () => (performance as any).memory.usedJSHeapSize
      );
      await flow.getByLabel('Choose a file (.zip)').setInputFiles(path);
      await flow.getByRole('button', { name: 'Continue' }).click();
      const read = flow.getByRole('region', { name: 'Read' });
      await expect(read).toContainText(
        `takeout.zip ${size} ['data/rows.csv'] 2 rows`
      );
      const grown = Number(
        /heap grew (\d+)/.exec((await read.textContent()) ?? '')?.[1]
      );
      const jsGrown =
        (await page.evaluate(
          () => (performance as any).memory.usedJSHeapSize
        )) - jsBefore;
      // 3.5 GiB read lazily: the worker's heap and the page's grow by far less
      expect(grown).toBeLessThan(64 * 1024 ** 2);
      expect(jsGrown).toBeLessThan(64 * 1024 ** 2);
      await read.getByRole('button', { name: 'Continue' }).click();
      await expect(flow.getByRole('status')).toContainText('End of script');
      await run(
        page,
        1,
        'try:\n    held[0].read(4)\nexcept Exception as e:\n    print(type(e).__name__, e)'
      );
      await expect(output(page, 1)).toContainText(
        "FlowFileClosedError 'takeout.zip' can no longer be read: its flow ended (End of script)"
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('Stop and a restart in the middle of a flow end it and say so', async ({
    page
  }) => {
    const WAIT = `
import browsergrad as bg
from browsergrad.flow import *
cleaned = []
def script():
    try:
        yield CommandUIRender(PageConfirm("Wait here"))
    finally:
        cleaned.append(True)
bg.run_flow(script(), "waiting")
`;
    await run(page, 0, WAIT);
    const flow = flowIn(page, 0);
    await expect(
      flow.getByRole('heading', { name: 'Wait here' })
    ).toBeVisible();
    await pressStop(page, 'toolbar');
    await expect(flow.getByRole('status')).toHaveText(
      'Flow ended: Stopped by the user. (exit code 2)'
    );
    await expect(flow.getByRole('button', { name: 'OK' })).toBeDisabled();
    expect(await transcript(page, 0)).toContain(
      'Ended: Stopped by the user. (exit code 2)'
    );
    await run(page, 1, 'print(cleaned)');
    await expect(output(page, 1)).toHaveText('[True]\n');

    await run(page, 0, WAIT);
    await expect(
      flow.getByRole('heading', { name: 'Wait here' })
    ).toBeVisible();
    await page.evaluate(() =>
      (
        window as any
      ).jupyterapp.shell.currentWidget.sessionContext.restartKernel()
    );
    await expect(flow.getByRole('status')).toHaveText(
      'Flow ended: The kernel restarted.'
    );
    expect(await transcript(page, 0)).toContain('Ended: The kernel restarted.');
    await waitForIdle(page);
  });

  test('a failing flow shows its traceback; a closed notebook ends its flow', async ({
    page
  }) => {
    await run(
      page,
      0,
      `
import browsergrad as bg
from browsergrad.flow import *
cleaned = []
def broken():
    yield CommandUIRender(PageConfirm("Go on?"))
    raise ValueError("bad row 7")
bg.run_flow(broken(), "broken")
`
    );
    const flow = flowIn(page, 0);
    await flow.getByRole('button', { name: 'OK' }).click();
    const failed = flow.getByRole('alert', { name: 'The flow failed' });
    await expect(failed).toContainText('ValueError: bad row 7');
    await expect(failed.locator('pre')).toContainText(
      'raise ValueError("bad row 7")'
    );
    await expect(flow.getByRole('status')).toHaveText(
      'Flow ended: ValueError: bad row 7 (exit code 1)'
    );

    await run(
      page,
      1,
      `
def waiting():
    try:
        yield CommandUIRender(PageConfirm("Still here?"))
    finally:
        cleaned.append(True)
bg.run_flow(waiting(), "waiting")
`
    );
    await expect(
      flowIn(page, 1).getByRole('heading', { name: 'Still here?' })
    ).toBeVisible();
    const name = await page.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.context.path
    );
    await page.notebook.save();
    await page.notebook.close(true);
    await page.notebook.open(name);
    await waitForIdle(page);
    // the notebook as saved (read again from the drive) has the transcripts
    expect(await transcript(page, 0)).toContain(
      'Ended: ValueError: bad row 7 (exit code 1)'
    );
    expect(await transcript(page, 1)).toContain('1. Confirm: Still here?');
    await expect(flowIn(page, 1).getByRole('status')).toHaveText(
      'Flow ended: The notebook was closed.'
    );
    // the same kernel: the closed notebook's flow was closed, its finally ran
    await run(page, 2, 'print(cleaned)');
    await expect(output(page, 2)).toHaveText('[True]\n');
  });
});
