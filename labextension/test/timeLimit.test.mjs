// A cell's time limit (src/stop/timeLimit.ts), bundled from its TypeScript
// source: the magic, the metadata, the default.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

let cellTimeLimit, checkTimeLimit, TimeLimitError;

before(async () => {
  ({ cellTimeLimit, checkTimeLimit, TimeLimitError } =
    await loadSource('stop/timeLimit.ts'));
});

const limited = seconds => ({ browsergrad: { time_limit: seconds } });

test('the magic line sets the limit and becomes an empty line', () => {
  assert.deepEqual(cellTimeLimit('%%time_limit 5\nprint(1)', limited(9), 30), {
    timeLimit: 5,
    code: '\nprint(1)'
  });
  assert.deepEqual(cellTimeLimit('  %%time_limit   0.25s  ', undefined, null), {
    timeLimit: 0.25,
    code: ''
  });
  // "none" or "off" lifts the limit for this cell
  for (const word of ['none', 'OFF']) {
    assert.equal(
      cellTimeLimit(`%%time_limit ${word}\nx`, undefined, 30).timeLimit,
      null
    );
  }
  // only the first line is a magic
  assert.deepEqual(cellTimeLimit('x = 1\n%%time_limit 5', undefined, 30), {
    timeLimit: 30,
    code: 'x = 1\n%%time_limit 5'
  });
});

test('without the magic the metadata decides, then the default', () => {
  assert.deepEqual(cellTimeLimit('x', limited(2), 30), {
    timeLimit: 2,
    code: 'x'
  });
  assert.equal(cellTimeLimit('x', limited('1.5'), 30).timeLimit, 1.5);
  assert.equal(cellTimeLimit('x', limited(null), 30).timeLimit, null);
  assert.equal(cellTimeLimit('x', { browsergrad: {} }, 30).timeLimit, 30);
  assert.equal(
    cellTimeLimit('x', { other: { time_limit: 1 } }, 30).timeLimit,
    30
  );
  assert.equal(cellTimeLimit('x', undefined, null).timeLimit, null);
});

test('a bad value is a ValueError that names its source and the value', () => {
  const fails = (run, pattern) =>
    assert.throws(run, error => {
      assert.ok(error instanceof TimeLimitError);
      assert.equal(error.name, 'ValueError');
      assert.match(error.message, pattern);
      return true;
    });
  fails(
    () => cellTimeLimit('%%time_limit 0\nx', undefined, 30),
    /^%%time_limit must be a positive number of seconds \(or "none"\), got "0"\.$/
  );
  fails(() => cellTimeLimit('%%time_limit -1', undefined, 30), /got "-1"/);
  fails(() => cellTimeLimit('%%time_limit soon', undefined, 30), /got "soon"/);
  fails(
    () => cellTimeLimit('%%time_limit\nx', undefined, 30),
    /takes one value.*got "%%time_limit"/
  );
  fails(
    () => cellTimeLimit('%%time_limit 1 2', undefined, 30),
    /takes one value/
  );
  fails(
    () => cellTimeLimit('x', limited('abc'), 30),
    /^The cell metadata browsergrad\.time_limit must be a positive number/
  );
  for (const value of [0, -3, Infinity, NaN, true, [], {}, '1e999']) {
    fails(
      () => checkTimeLimit(value, 'limit'),
      /^limit must be a positive number/
    );
  }
});

test('numbers may be written as JavaScript reads them, with an "s"', () => {
  for (const [text, seconds] of [
    ['5', 5],
    ['+2', 2],
    ['.5', 0.5],
    ['3.', 3],
    ['1e1', 10],
    ['2s', 2],
    [' 7 ', 7]
  ]) {
    assert.equal(checkTimeLimit(text, 'limit'), seconds, text);
  }
  assert.equal(checkTimeLimit(0.001, 'limit'), 0.001);
});
