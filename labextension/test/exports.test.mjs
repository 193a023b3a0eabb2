// The Tests panel's exports as pure functions (src/panel/exportJson.ts,
// src/results/junit.ts, src/labs/rubricHash.ts), bundled from their TypeScript
// sources: the document the panel builds validates against results.v1 with
// ajv, as the browser would. tests/test_junit.py compares the JUnit writer
// with the Python one and checks both against the JUnit XSD.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';

import { loadSource } from './workerHarness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let resultsDocument, junitXml, rubricSha256, validate;

before(async () => {
  ({ resultsDocument } = await loadSource('panel/exportJson.ts'));
  ({ junitXml } = await loadSource('results/junit.ts'));
  ({ rubricSha256 } = await loadSource('labs/rubricHash.ts'));
  const schema = async name =>
    JSON.parse(
      await readFile(join(root, 'browsergrad', 'schema', name), 'utf8')
    );
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addSchema(await schema('event.v1.schema.json'));
  validate = ajv.compile(await schema('results.v1.schema.json'));
});

const assertion = (name, status, more = {}) => ({
  type: 'assertion',
  name,
  timestamp: '2026-11-22T10:00:00.123Z',
  seq: 0,
  status,
  message: null,
  expected: null,
  actual: null,
  expected_repr: null,
  actual_repr: null,
  exc_type: null,
  duration_ms: null,
  ...more
});

const row = (event, outputIndex = 0) => ({
  status: event.status,
  name: event.name,
  message: event.message ?? '',
  event,
  outputIndex,
  eventIndex: 0
});

/** Results as the panel's model reads them from a lab notebook's outputs. */
function notebookResults() {
  const pass = assertion('sum', 'pass', { duration_ms: 2 });
  const fail = assertion('rows', 'fail', {
    message: 'wrong row count',
    expected: 10,
    actual: 9
  });
  const check = assertion('sigmoid(0) is 0.5', 'pass');
  return {
    path: 'single-neuron/starter.ipynb',
    counts: { pass: 2, fail: 1, error: 0, unreadable: 1 },
    cells: [
      {
        cellId: 'work',
        cellIndex: 1,
        executionCount: 3,
        stale: false,
        events: [pass, fail],
        counts: { pass: 1, fail: 1, error: 0, unreadable: 1 },
        results: [
          row(pass),
          row(fail),
          {
            status: 'unreadable',
            name: 'broken',
            message: 'status is missing',
            event: null,
            outputIndex: 1,
            eventIndex: 0
          }
        ]
      },
      {
        cellId: 'check',
        cellIndex: 4,
        executionCount: 4,
        stale: false,
        events: [check],
        counts: { pass: 1, fail: 0, error: 0, unreadable: 0 },
        results: [row(check)]
      }
    ]
  };
}

const errorsOf = doc => (validate(doc) ? [] : validate.errors);

test('the panel document carries the score of the rubric cell, by question', () => {
  const results = notebookResults();
  const q = { question: 'Q1', all_or_nothing: true };
  const rubric = [
    assertion('a', 'pass', { points: 2, ...q }),
    assertion('b', 'fail', { points: 1, ...q }),
    assertion('c', 'pass', { points: 1.5 })
  ];
  results.cells[1] = {
    ...results.cells[1],
    rubric: true,
    events: rubric,
    results: rubric.map(event => row(event))
  };
  const doc = resultsDocument(results, {});
  assert.deepEqual(errorsOf(doc), []);
  assert.equal(doc.cells[1].kind, 'rubric');
  // only the rubric's checks count; Q1 is all or nothing and one check failed
  assert.deepEqual(
    doc.score.questions.map(q => [q.name, q.points, q.max, q.all_or_nothing]),
    [
      ['Q1', 0, 3, true],
      ['c', 1.5, 1.5, false]
    ]
  );
  assert.deepEqual([doc.score.points, doc.score.max], [1.5, 4.5]);
  // without a rubric cell, every check counts, each worth 1
  const plain = resultsDocument(notebookResults(), {});
  assert.deepEqual([plain.score.points, plain.score.max], [2, 3]);
});

test('the panel document of a lab notebook validates, with lab and runtime', () => {
  const lab = {
    id: 'single-neuron',
    version: '1.0.0',
    rubric_sha256: 'a'.repeat(64)
  };
  const runtime = {
    browsergrad: '0.1.0',
    python: '3.14.0',
    implementation: 'pyodide'
  };
  const now = new Date('2026-11-22T10:00:00.123Z');
  const doc = resultsDocument(
    notebookResults(),
    { lab, runtime, rubricCells: new Set(['check']) },
    now
  );
  assert.deepEqual(errorsOf(doc), []);
  assert.deepEqual(doc.lab, lab);
  assert.deepEqual(doc.runtime, runtime);
  assert.equal(doc.created, '2026-11-22T10:00:00.123Z');
  assert.deepEqual(
    doc.cells.map(cell => [cell.cell_id, cell.cell_index, cell.kind]),
    [
      ['work', 1, 'code'],
      ['check', 4, 'rubric']
    ]
  );
  assert.deepEqual(doc.cells[0].unreadable, [
    {
      output_index: 1,
      event_index: 0,
      reason: 'status is missing',
      name: 'broken'
    }
  ]);
  assert.deepEqual(doc.counts, { pass: 2, fail: 1, error: 0, unreadable: 1 });

  // Its JUnit: the lab as properties, the check cell's cases as the rubric's.
  const xml = junitXml(doc);
  assert.match(
    xml,
    /<property name="browsergrad.lab.id" value="single-neuron"\/>/
  );
  assert.match(
    xml,
    /<property name="browsergrad.runtime.implementation" value="pyodide"\/>/
  );
  const cases = [
    ...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)
  ];
  assert.deepEqual(
    cases.map(match => [match[1], match[2]]),
    [
      ['sum', 'starter.cell2'],
      ['rows', 'starter.cell2'],
      ['broken', 'starter.cell2'],
      ['sigmoid(0) is 0.5', 'starter.rubric']
    ]
  );
  assert.match(xml, /tests="4" failures="1" errors="1"/);
});

test('outside a lab the document has no lab or runtime, and stays valid', () => {
  const doc = resultsDocument(notebookResults());
  assert.deepEqual(errorsOf(doc), []);
  assert.equal('lab' in doc, false);
  assert.equal('runtime' in doc, false);
  assert.deepEqual(
    doc.cells.map(cell => cell.kind),
    ['code', 'code']
  );
  // a bad lab is caught by the schema, as by jsonschema in Python
  const bad = { ...doc, lab: { id: 'x', version: '1', rubric_sha256: 'no' } };
  assert.notDeepEqual(errorsOf(bad), []);
});

test('the rubric hash is sha256 of its code with \\n newlines', async () => {
  const source = await readFile(
    join(root, 'content', 'labs', 'text-stats', 'rubric.py'),
    'utf8'
  );
  const expected = createHash('sha256')
    .update(source.replace(/\r\n?/g, '\n'), 'utf8')
    .digest('hex');
  assert.equal(await rubricSha256(source), expected);
  assert.equal(await rubricSha256(source.replace(/\n/g, '\r\n')), expected);
  assert.notEqual(await rubricSha256(`${source}\n`), expected);
});
