import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import {
  cellIds,
  checkExport,
  downloadOf,
  expectCounts,
  openPanel,
  panel
} from './panel-helpers';
import {
  check,
  displayCode,
  Event,
  eventsBundle,
  imageBundle,
  IMAGE,
  log,
  PNG_1X1,
  resetSeq,
  run
} from './renderers-helpers';

// Both exports of the Tests panel, downloaded, validated (results.v1 JSON
// Schema; Jenkins' junit-10.xsd) and read back field by field. (JUnit is
// written from the results.v1 document; tests/test_junit.py checks that the
// Python writer gives the same XML.)

const NAME = 'tricky <b>name</b> & "quotes" \u001b[31m';

test.describe('Tests panel exports', () => {
  test('JSON and JUnit XML, named after the notebook', async ({ page }) => {
    resetSeq();
    await openLab(page);
    await newBrowsergradNotebook(page);
    await run(page, 0, 'print("no checks here")');
    const first: Event[] = [
      check('sum', 'pass', { duration_ms: 250 }),
      check('greeting', 'fail', {
        message: 'texts differ',
        expected: 'hello',
        actual: 'help',
        duration_ms: 1000
      }),
      check('arrays', 'fail', {
        message: 'arrays differ',
        expected_repr: 'array([1, 2])',
        actual_repr: 'array([1, 3])',
        duration_ms: null
      }),
      check('divide', 'error', {
        message: 'division by zero',
        exc_type: 'ZeroDivisionError'
      }),
      log('note', 'info', { rows: 3 }),
      check(NAME, 'pass', { message: null })
    ];
    await run(page, 1, displayCode(eventsBundle(first)));
    const picture = imageBundle('dot', 'image/png', PNG_1X1);
    const last = check('plot drawn', 'pass');
    await run(
      page,
      2,
      [displayCode(picture), displayCode(eventsBundle([last]))].join('\n')
    );
    const good = check('kept', 'pass');
    const broken = { ...check('broken', 'pass') };
    delete broken.status;
    await run(page, 3, displayCode(eventsBundle([good, broken])));
    await openPanel(page);
    await expectCounts(page, { pass: 4, fail: 2, error: 1, unreadable: 1 });
    const ids = await cellIds(page);

    // JSON: the events as published, by cell, and what could not be read.
    const before = new Date();
    const json = await downloadOf(page, () =>
      panel(page).getByRole('button', { name: 'Export JSON' }).click()
    );
    expect(json.name).toBe('Untitled.results.json');
    const doc = checkExport('json', json.file);
    expect(doc.schema).toBe('urn:browsergrad:schema:results:v1');
    expect(doc.generator).toBe('browsergrad-kernel tests panel');
    expect(doc.notebook).toBe('Untitled.ipynb');
    const created = new Date(doc.created).getTime();
    expect(created).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(created).toBeLessThanOrEqual(Date.now() + 1000);
    expect(doc.counts).toEqual({ pass: 4, fail: 2, error: 1, unreadable: 1 });
    // not a lab notebook; its kernel is browsergrad's, in Pyodide
    expect(doc.lab).toBeUndefined();
    expect(doc.runtime).toEqual({
      browsergrad: expect.stringMatching(/^\d+\.\d+\.\d+/),
      python: expect.stringMatching(/^3\.\d+/),
      implementation: 'pyodide'
    });
    expect(doc.cells.map((cell: any) => cell.kind)).toEqual([
      'code',
      'code',
      'code'
    ]);
    expect(doc.cells.map((cell: any) => cell.cell_id)).toEqual(ids.slice(1, 4));
    expect(doc.cells.map((cell: any) => cell.cell_index)).toEqual([1, 2, 3]);
    expect(doc.cells.map((cell: any) => cell.execution_count)).toEqual([
      2, 3, 4
    ]);
    expect(doc.cells[0].events).toEqual(first);
    expect(doc.cells[0].unreadable).toEqual([]);
    expect(doc.cells[1].events).toEqual([picture[IMAGE], last]);
    expect(doc.cells[2].events).toEqual([good]);
    expect(doc.cells[2].unreadable).toEqual([
      {
        output_index: 0,
        event_index: 1,
        reason: 'status is missing',
        name: 'broken'
      }
    ]);

    // JUnit: one suite, one case per assertion and unreadable result.
    const xml = await downloadOf(page, () =>
      panel(page).getByRole('button', { name: 'Export JUnit' }).click()
    );
    expect(xml.name).toBe('Untitled.junit.xml');
    const root = checkExport('junit', xml.file);
    expect(root.tag).toBe('testsuites');
    expect(root.attributes).toEqual({
      name: 'Untitled.ipynb',
      tests: '8',
      failures: '2',
      errors: '2',
      time: '1.256'
    });
    expect(root.children).toHaveLength(1);
    const suite = root.children[0];
    expect(suite.tag).toBe('testsuite');
    expect(suite.attributes).toMatchObject({
      name: 'Untitled.ipynb',
      tests: '8',
      failures: '2',
      errors: '2',
      skipped: '0',
      time: '1.256',
      file: 'Untitled.ipynb'
    });
    expect(
      new Date(suite.attributes.timestamp).getTime()
    ).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(suite.children[0].tag).toBe('properties');
    // the document's fields, browsergrad.<field>
    const properties = Object.fromEntries(
      suite.children[0].children.map((p: any) => [
        p.attributes.name,
        p.attributes.value
      ])
    );
    expect(properties).toEqual({
      'browsergrad.schema': 'urn:browsergrad:schema:results:v1',
      'browsergrad.generator': 'browsergrad-kernel tests panel',
      'browsergrad.runtime.browsergrad': doc.runtime.browsergrad,
      'browsergrad.runtime.python': doc.runtime.python,
      'browsergrad.runtime.implementation': 'pyodide',
      // the score, from the same document
      'browsergrad.score.points': String(doc.score.points),
      'browsergrad.score.max': String(doc.score.max)
    });
    const cases = suite.children.slice(1);
    expect(cases.map((c: any) => c.tag)).toEqual(Array(8).fill('testcase'));
    expect(cases.map((c: any) => c.attributes)).toEqual([
      { name: 'sum', classname: 'Untitled.cell2', time: '0.250' },
      { name: 'greeting', classname: 'Untitled.cell2', time: '1.000' },
      { name: 'arrays', classname: 'Untitled.cell2', time: '0.000' },
      { name: 'divide', classname: 'Untitled.cell2', time: '0.002' },
      // XML cannot hold the escape character: it is written as text.
      {
        name: NAME.replace('\u001b', '\\x1b'),
        classname: 'Untitled.cell2',
        time: '0.002'
      },
      { name: 'plot drawn', classname: 'Untitled.cell3', time: '0.002' },
      { name: 'kept', classname: 'Untitled.cell4', time: '0.002' },
      { name: 'broken', classname: 'Untitled.cell4', time: '0.000' }
    ]);
    const outcome = (index: number) => cases[index].children;
    for (const passed of [0, 4, 5, 6]) {
      expect(outcome(passed)).toEqual([]);
    }
    expect(outcome(1)).toEqual([
      {
        tag: 'failure',
        attributes: { message: 'texts differ', type: 'AssertionError' },
        text: 'expected: "hello"\nactual: "help"',
        children: []
      }
    ]);
    expect(outcome(2)).toEqual([
      {
        tag: 'failure',
        attributes: { message: 'arrays differ', type: 'AssertionError' },
        text: 'expected: array([1, 2])\nactual: array([1, 3])',
        children: []
      }
    ]);
    expect(outcome(3)).toEqual([
      {
        tag: 'error',
        attributes: { message: 'division by zero', type: 'ZeroDivisionError' },
        text: 'ZeroDivisionError: division by zero',
        children: []
      }
    ]);
    expect(outcome(7)).toEqual([
      {
        tag: 'error',
        attributes: {
          message: 'status is missing',
          type: 'browsergrad.UnreadableResult'
        },
        text: '',
        children: []
      }
    ]);
  });
});
