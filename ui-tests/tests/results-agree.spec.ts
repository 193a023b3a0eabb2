import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, openLab, test } from './fixtures';
import { open, runAndCheck } from './labs-helpers';
import {
  checkExport,
  counts,
  downloadOf,
  openPanel,
  panel,
  ROOT
} from './panel-helpers';

// One results document: a lab notebook run in the browser (its cells, then
// "Check my work") is exported from the Tests panel, and the same notebook is
// graded headless by `browsergrad-kernel grade`. Both documents validate
// against results.v1 and hold the same checks, cell by cell, and the same
// score; the grader also runs the lab's hidden rubric, which the browser
// never has.

const LAB = 'text-stats';
/** A cell of the student's own checks, added to the starter. */
const STUDENT = [
  'import browsergrad as bg',
  '',
  'bg.check_equal("mine: the text has words", len(TEXT.split()) > 10, True)',
  'bg.check_equal("mine: no words in nothing", len(words("")), 0)'
].join('\n');

interface ICheck {
  cell: string;
  name: string;
  status: string;
  message: string | null;
}

/**
 * The assertions of a document; the rubric's cell is named by its kind. The
 * hidden rubric's are left out unless `hidden`.
 */
function checks(doc: any, hidden = false): ICheck[] {
  return doc.cells
    .filter((cell: any) => hidden || !cell.hidden)
    .flatMap((cell: any) =>
      cell.events
        .filter((event: any) => event.type === 'assertion')
        .map((event: any) => ({
          cell: cell.hidden
            ? 'hidden-rubric'
            : cell.kind === 'rubric'
              ? 'rubric'
              : cell.cell_id,
          name: event.name,
          status: event.status,
          message: event.message
        }))
    );
}

/** `browsergrad-kernel grade` on a notebook: its document, validated. */
function gradeHeadless(notebook: object): any {
  const folder = mkdtempSync(path.join(tmpdir(), 'bg-results-agree-'));
  const file = path.join(folder, 'starter.ipynb');
  writeFileSync(file, JSON.stringify(notebook));
  const lab = path.join(ROOT, 'content', 'labs', LAB);
  const out = path.join(folder, 'out');
  const run = spawnSync(
    process.env.BG_PYTHON || 'python3',
    ['-m', 'browsergrad_kernel.cli', 'grade', lab, file, '-o', out],
    { encoding: 'utf-8', timeout: 120000 }
  );
  // 1: the starter fails the rubric, as it should
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(1);
  return checkExport('json', path.join(out, 'starter.json'));
}

test('the Tests panel and headless grading give the same document', async ({
  page
}) => {
  await openLab(page);
  await open(page, `${LAB}/starter.ipynb`);
  await page.evaluate(source => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    notebook.model.sharedModel.insertCell(notebook.widgets.length, {
      cell_type: 'code',
      source
    });
  }, STUDENT);
  await runAndCheck(page);
  await openPanel(page);
  const total = async () =>
    Object.values(await counts(page)).reduce((sum, n) => sum + n, 0);
  // the student's 2 checks and the rubric's 6
  await expect.poll(total).toBe(8);

  const json = await downloadOf(page, () =>
    panel(page).getByRole('button', { name: 'Export JSON' }).click()
  );
  const browser = checkExport('json', json.file);
  const notebook = await page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.context.model.toJSON()
  );
  const headless = gradeHeadless(notebook);

  expect(browser.generator).toBe('browsergrad-kernel tests panel');
  expect(headless.generator).toBe('browsergrad-kernel grade');
  const found = checks(browser);
  expect(found).toHaveLength(8);
  expect(found.filter(check => check.cell === 'rubric')).toHaveLength(6);
  expect(found).toEqual(checks(headless));
  const hidden = checks(headless, true).filter(
    check => check.cell === 'hidden-rubric'
  );
  expect(hidden).toHaveLength(2);
  // the counts: the grader's include its hidden checks
  const count = (status: string) =>
    found.filter(check => check.status === status).length;
  expect(browser.counts).toEqual({
    pass: count('pass'),
    fail: count('fail'),
    error: count('error'),
    unreadable: 0
  });
  expect(headless.counts.pass + headless.counts.fail).toBe(
    count('pass') + count('fail') + hidden.length
  );
  // the score: the rubric's questions alike; the grader's has the hidden one too
  const visible = headless.score.questions.filter((q: any) => !q.hidden);
  expect(browser.score.questions).toEqual(visible);
  expect(browser.score.max).toBe(
    visible.reduce((sum: number, q: any) => sum + q.max, 0)
  );
  expect(headless.score.questions.filter((q: any) => q.hidden)).toHaveLength(1);
  // the lab by id@version, and the same hash of its rubric on both sides
  expect(browser.lab).toEqual(headless.lab);
  expect(browser.lab.id).toBe(LAB);
  expect(browser.lab.rubric_sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(browser.runtime).toMatchObject({
    browsergrad: headless.runtime.browsergrad,
    implementation: 'pyodide'
  });
  expect(headless.runtime.implementation).toBe('cpython');
});
