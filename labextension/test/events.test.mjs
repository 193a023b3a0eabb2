// The strict event reader of the Tests panel (src/events/validate.ts) and the
// list check shared by panel and renderers (src/events/schema.ts), bundled
// from their TypeScript sources and run against the schema file they read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { URL } from 'node:url';

import { loadSource } from './workerHarness.mjs';

const SCHEMA = JSON.parse(
  readFileSync(
    new URL('../../browsergrad/schema/event.v1.schema.json', import.meta.url),
    'utf8'
  )
);

let checkEvent, MAX_EVENT_CHARS, extendsList, IMAGE_TYPES;

before(async () => {
  ({ checkEvent, MAX_EVENT_CHARS } = await loadSource('events/validate.ts'));
  ({ extendsList, IMAGE_TYPES } = await loadSource('events/schema.ts'));
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
const JSON_EVENT = { ...LOG, type: 'json', seq: 2 };
delete JSON_EVENT.level;
const IMAGE = {
  type: 'image',
  name: 'plot',
  timestamp: AT,
  seq: 3,
  mime: 'image/png',
  size: 100,
  truncated: false
};
const GOOD = { assertion: PASS, log: LOG, json: JSON_EVENT, image: IMAGE };

const reason = value => {
  const checked = checkEvent(value);
  assert.equal(checked.ok, false, `read: ${JSON.stringify(value)}`);
  return checked.reason;
};

test('a good event of each type is read with its fields in schema order', () => {
  assert.deepEqual(Object.keys(GOOD), SCHEMA.properties.type.enum);
  for (const [type, event] of Object.entries(GOOD)) {
    const reversed = Object.fromEntries(Object.entries(event).reverse());
    const checked = checkEvent({ ...reversed, extra: 'dropped' });
    assert.equal(checked.ok, true, type);
    assert.deepEqual(checked.event, event);
    // the optional fields (points, question) come only when an event has them
    assert.deepEqual(
      Object.keys(checked.event),
      Object.keys(SCHEMA.$defs[type].properties).filter(key => key in event)
    );
  }
  assert.deepEqual(Object.keys(SCHEMA.$defs.assertion.properties).slice(-3), [
    'points',
    'question',
    'all_or_nothing'
  ]);
});

test('an assertion keeps its points and question; bad ones are unreadable', () => {
  const scored = { ...PASS, points: 2.5, question: 'Q1', all_or_nothing: true };
  const checked = checkEvent(scored);
  assert.equal(checked.ok, true);
  assert.deepEqual(checked.event, scored);
  assert.match(reason({ ...PASS, points: -1 }), /points/);
  assert.match(reason({ ...PASS, points: '2' }), /points/);
  assert.match(reason({ ...PASS, question: '' }), /question/);
});

test('a nullable field left out reads as null; any other is missing', () => {
  const sparse = { type: 'assertion', name: 'n', timestamp: AT, seq: 4 };
  assert.equal(reason(sparse), 'status is missing');
  const checked = checkEvent({ ...sparse, status: 'fail' });
  assert.equal(checked.ok, true);
  assert.deepEqual(checked.event, {
    ...PASS,
    ...sparse,
    status: 'fail',
    duration_ms: null
  });
  const log = { ...LOG };
  delete log.data;
  assert.equal(checkEvent(log).event.data, null);
  const image = { ...IMAGE };
  delete image.size;
  assert.equal(reason(image), 'size is missing');
});

test('each field of the schema is checked, with its wants in words', () => {
  for (const [type, event] of Object.entries(GOOD)) {
    for (const [field, schema] of Object.entries(
      SCHEMA.$defs[type].properties
    )) {
      if (schema === true || field === 'type') {
        continue; // any JSON value, or the type that chose the definition
      }
      assert.match(
        reason({ ...event, [field]: { not: 'this' } }),
        new RegExp(`^${field} must be .+, not an object$`),
        `${type}.${field}`
      );
    }
  }
});

test('the reasons say what is wrong as the panel shows them', () => {
  const cases = [
    [[1], 'an event must be an object, not a list'],
    [42, 'an event must be an object, not a number'],
    [{ name: 'x' }, 'type is missing'],
    [
      { type: 'metric', name: 'm' },
      'type "metric" is not an event type of schema v1'
    ],
    [
      { ...PASS, status: 3 },
      'status must be "pass", "fail" or "error", not a number'
    ],
    [
      { ...PASS, status: 'skipped' },
      'status must be "pass", "fail" or "error", not "skipped"'
    ],
    [{ ...PASS, seq: '3' }, 'seq must be a whole number ≥ 0, not a string'],
    [{ ...PASS, seq: -1 }, 'seq must be a whole number ≥ 0, not -1'],
    [{ ...PASS, seq: 1.5 }, 'seq must be a whole number ≥ 0, not 1.5'],
    [{ ...PASS, name: null }, 'name must be a string, not null'],
    [{ ...PASS, message: 5 }, 'message must be a string or null, not a number'],
    [
      { ...PASS, duration_ms: -2 },
      'duration_ms must be a number ≥ 0 or null, not -2'
    ],
    [
      { ...PASS, timestamp: '2026-11-21 10:00:00' },
      'timestamp must be an ISO 8601 UTC time with milliseconds, not "2026-11-21 10:00:00"'
    ],
    [
      { ...LOG, level: 'fatal' },
      'level must be "debug", "info", "warning" or "error", not "fatal"'
    ],
    [
      { ...LOG, truncated: 'no' },
      'truncated must be true or false, not a string'
    ],
    [
      { ...IMAGE, mime: 'image/bmp' },
      `mime must be ${IMAGE_TYPES.slice(0, -1)
        .map(t => JSON.stringify(t))
        .join(', ')} or "image/svg+xml", not "image/bmp"`
    ],
    [
      { ...PASS, expected: 1, expected_repr: '1' },
      'expected must be null when expected_repr is given'
    ],
    [
      { ...PASS, actual: [1], actual_repr: '[1]' },
      'actual must be null when actual_repr is given'
    ],
    [
      { ...PASS, exc_type: 'ValueError' },
      'exc_type must be null unless status is "error"'
    ],
    [{ ...LOG, truncated: true }, 'data must be null when truncated is true'],
    [
      { ...JSON_EVENT, truncated: true },
      'data must be null when truncated is true'
    ]
  ];
  for (const [event, expected] of cases) {
    assert.equal(reason(event), expected);
  }
  // a long wrong value is cut short
  assert.match(reason({ ...PASS, status: 'x'.repeat(500) }), /not "x{58}…$/);
});

test('a wrong field is told before a broken rule, and the first field first', () => {
  assert.equal(
    reason({ ...PASS, exc_type: 'E', status: 'maybe', seq: -1 }),
    'seq must be a whole number ≥ 0, not -1'
  );
  assert.equal(
    reason({ ...PASS, exc_type: 'E', status: 'maybe' }),
    'status must be "pass", "fail" or "error", not "maybe"'
  );
});

test('rules that hold are no reason', () => {
  for (const event of [
    { ...PASS, status: 'error', exc_type: 'ZeroDivisionError' },
    {
      ...PASS,
      status: 'fail',
      expected: null,
      expected_repr: '<object>',
      actual: 2
    },
    { ...LOG, truncated: true, data: null },
    { ...JSON_EVENT, truncated: true, data: undefined }
  ]) {
    assert.equal(checkEvent(event).ok, true, JSON.stringify(event));
  }
});

test('an event over the size cap is not read, whatever it holds', () => {
  const huge = { ...PASS, message: 'x'.repeat(MAX_EVENT_CHARS) };
  const checked = checkEvent(huge);
  assert.deepEqual(checked, {
    ok: false,
    reason: 'too large to read (over 5,000,000 characters)',
    name: 'sum'
  });
  assert.equal(
    checkEvent({ ...PASS, message: 'x'.repeat(MAX_EVENT_CHARS - 1000) }).ok,
    true
  );
  // the name of an unreadable event is kept for its row
  assert.equal(checkEvent({ ...PASS, seq: -1 }).name, 'sum');
});

test('the image types are the schema enum', () => {
  assert.deepEqual(IMAGE_TYPES, SCHEMA.$defs.image.properties.mime.enum);
});

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
