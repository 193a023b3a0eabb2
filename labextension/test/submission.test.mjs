// A notebook's submission to a hub (src/bridge/submission.ts): the lab's
// id@version, the rubric hash, every check, and an LTI AGS score block,
// provisional; and the file a donation is saved as (src/bridge/drive.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

let submissionOf, scoreOf, donationFile, donationFileName;

before(async () => {
  ({ submissionOf, scoreOf } = await loadSource('bridge/submission.ts'));
  ({ donationFile, donationFileName } = await loadSource('bridge/drive.ts'));
});

const check = (name, status) => ({ type: 'assertion', name, status });
const DOC = {
  schema: 'urn:browsergrad:schema:results:v1',
  generator: 'browsergrad-kernel tests panel',
  notebook: 'labs/intro/intro.ipynb',
  created: '2026-12-01T10:00:00.000Z',
  lab: { id: 'intro', version: '1.2.0', rubric_sha256: 'ab'.repeat(32) },
  counts: { pass: 2, fail: 1, error: 0, unreadable: 1 },
  cells: [
    {
      cell_id: 'c1',
      cell_index: 0,
      execution_count: 1,
      events: [check('adds', 'pass'), { type: 'log', name: 'note' }],
      unreadable: []
    },
    {
      cell_id: 'c2',
      cell_index: 1,
      execution_count: 2,
      kind: 'rubric',
      events: [check('sorts', 'fail'), check('empty', 'pass')],
      unreadable: [
        { output_index: 0, event_index: 3, reason: 'bad', name: 'lost' }
      ]
    }
  ]
};

test('a submission carries the lab, the rubric hash, every check and the whole document', () => {
  const now = new Date('2026-12-01T11:00:00.000Z');
  const sub = submissionOf(DOC, now);
  assert.equal(sub.schema, 'urn:browsergrad:schema:submission:v1');
  assert.equal(sub.provisional, true);
  assert.equal(sub.notebook, 'labs/intro/intro.ipynb');
  assert.equal(sub.lab, 'intro@1.2.0');
  assert.equal(sub.rubric_sha256, 'ab'.repeat(32));
  assert.deepEqual(sub.checks, [
    { cell_id: 'c1', name: 'adds', status: 'pass' },
    { cell_id: 'c2', name: 'sorts', status: 'fail' },
    { cell_id: 'c2', name: 'empty', status: 'pass' },
    { cell_id: 'c2', name: 'lost', status: 'unreadable' }
  ]);
  assert.deepEqual(sub.score, {
    // the rubric's checks only, one point each: "sorts" failed, "empty" passed
    scoreGiven: 1,
    scoreMaximum: 2,
    comment:
      '1 of 2 points in the browser (provisional: the hub re-grades before posting a grade)',
    activityProgress: 'Submitted',
    gradingProgress: 'Pending',
    timestamp: '2026-12-01T11:00:00.000Z'
  });
  assert.deepEqual(sub.results, DOC);
});

test('a notebook in no lab has no lab and no rubric hash; no checks score 0 of 0', () => {
  const doc = {
    ...DOC,
    lab: undefined,
    cells: [],
    counts: { pass: 0, fail: 0, error: 0, unreadable: 0 }
  };
  const sub = submissionOf(doc);
  assert.equal(sub.lab, null);
  assert.equal(sub.rubric_sha256, null);
  assert.deepEqual(scoreOf(doc), { given: 0, maximum: 0 });
});

test('a donation saved to the drive: a sortable unique name, its data as JSON', () => {
  const donation = {
    id: '0123456789abcdef',
    key: 'browsergrad.submission.v1/../x y',
    json: '{"a": [1, 2]}',
    source: { notebook: 'a.ipynb' },
    created: '2026-12-01T11:00:00.000Z'
  };
  assert.equal(
    donationFileName(donation),
    '2026-12-01T11-00-00-000Z-browsergrad.submission.v1_.._x_y-01234567.json'
  );
  assert.deepEqual(JSON.parse(donationFile(donation)), {
    schema: 'urn:browsergrad:schema:donation-file:v1',
    id: '0123456789abcdef',
    key: 'browsergrad.submission.v1/../x y',
    created: '2026-12-01T11:00:00.000Z',
    source: { notebook: 'a.ipynb' },
    data: { a: [1, 2] }
  });
});
