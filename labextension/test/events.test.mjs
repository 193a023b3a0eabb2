// The list check shared by panel and renderers (src/events/schema.ts),
// bundled from its TypeScript source.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

let extendsList;

before(async () => {
  ({ extendsList } = await loadSource('events/schema.ts'));
});

const AT = '2026-11-21T10:00:00.123Z';
const PASS = {
  type: 'assertion',
  name: 'sum',
  timestamp: AT,
  seq: 0,
  status: 'pass',
  message: null,
  expected: null,
  actual: null,
  expected_repr: null,
  actual_repr: null,
  exc_type: null,
  duration_ms: 1.5
};
const LOG = {
  type: 'log',
  name: 'note',
  timestamp: AT,
  seq: 1,
  level: 'info',
  data: { any: ['json', 1, null] },
  size: 24,
  truncated: false
};

test('a list extends another when it starts with the same events', () => {
  const a = { ...PASS };
  const b = { ...LOG };
  assert.equal(extendsList([], [a]), true);
  assert.equal(extendsList([a], [a, b]), true);
  // republished: equal events, new objects
  assert.equal(extendsList([a], [{ ...a }, b]), true);
  assert.equal(extendsList([a, b], [a]), false);
  assert.equal(extendsList([a], [b, a]), false);
  // the same call again after a restart: same seq and name, a later time
  assert.equal(
    extendsList([a], [{ ...a, timestamp: '2026-11-21T10:00:01.000Z' }]),
    false
  );
  assert.equal(extendsList([a], [{ ...a, status: 'fail' }]), false);
  // items that are not objects only match themselves
  assert.equal(extendsList([42, null], [42, null, a]), true);
  assert.equal(extendsList([null], [{}]), false);
  assert.equal(extendsList(['x'], [{}]), false);
});
