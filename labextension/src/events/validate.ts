/**
 * Strict reading of one event of schema v1 (docs/events.md): every field the
 * event's type requires must be there with the documented type (a field
 * that may be null may also be left out). Fields it does not know are
 * ignored. The answer is the event, or why it cannot be
 * read.
 */

/** Events bigger than this (in characters of JSON, roughly) are not read. */
export const MAX_EVENT_CHARS = 5_000_000;

export type Checked =
  | { ok: true; event: Readonly<Record<string, unknown>> }
  | { ok: false; reason: string; name: string };

/**
 * A field: its name, its test, what the test wants, and whether the field
 * may be left out for null. (Pyodide turns Python's None into undefined, so
 * a kernel built on it drops null fields from the JSON it publishes.)
 */
type FieldCheck = [string, (value: unknown) => boolean, string, boolean?];

const isString = (value: unknown) => typeof value === 'string';
const isText = (value: unknown) => value === null || typeof value === 'string';
const isCount = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isDuration = (value: unknown) =>
  value === null ||
  (typeof value === 'number' && isFinite(value) && value >= 0);
const isBoolean = (value: unknown) => typeof value === 'boolean';
const isAny = () => true;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const oneOf =
  (...allowed: string[]) =>
  (value: unknown) =>
    typeof value === 'string' && allowed.includes(value);

const COMMON: FieldCheck[] = [
  ['name', isString, 'a string'],
  [
    'timestamp',
    value => typeof value === 'string' && TIMESTAMP.test(value),
    'an ISO 8601 UTC time'
  ],
  ['seq', isCount, 'a whole number ≥ 0']
];

/** The fields of each event type, after `type`, as in docs/events.md. */
const FIELDS: Record<string, FieldCheck[]> = {
  assertion: [
    ...COMMON,
    ['status', oneOf('pass', 'fail', 'error'), '"pass", "fail" or "error"'],
    ['message', isText, 'a string or null', true],
    ['expected', isAny, 'any JSON value', true],
    ['actual', isAny, 'any JSON value', true],
    ['expected_repr', isText, 'a string or null', true],
    ['actual_repr', isText, 'a string or null', true],
    ['exc_type', isText, 'a string or null', true],
    ['duration_ms', isDuration, 'a number ≥ 0 or null', true]
  ],
  log: [
    ...COMMON,
    [
      'level',
      oneOf('debug', 'info', 'warning', 'error'),
      '"debug", "info", "warning" or "error"'
    ],
    ['data', isAny, 'any JSON value', true],
    ['size', isCount, 'a whole number ≥ 0'],
    ['truncated', isBoolean, 'true or false']
  ],
  json: [
    ...COMMON,
    ['data', isAny, 'any JSON value', true],
    ['size', isCount, 'a whole number ≥ 0'],
    ['truncated', isBoolean, 'true or false']
  ],
  image: [
    ...COMMON,
    [
      'mime',
      oneOf(
        'image/png',
        'image/jpeg',
        'image/gif',
        'image/webp',
        'image/svg+xml'
      ),
      'an image type of docs/events.md'
    ],
    ['size', isCount, 'a whole number ≥ 0'],
    ['truncated', isBoolean, 'true or false']
  ]
};

/** A short description of a value's JSON type, for messages. */
export function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Roughly how many characters the value's JSON has, counting no further
 * than `limit` (strings count by length, so a huge one costs nothing).
 */
export function sizeAtMost(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') {
      size += item.length + 2;
    } else if (item !== null && typeof item === 'object') {
      for (const key in item as Record<string, unknown>) {
        size += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
      size += 2;
    } else {
      size += 5;
    }
  }
  return size;
}

/** Check one event of schema v1. */
export function checkEvent(value: unknown): Checked {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      reason: `an event must be an object, not ${typeName(value)}`,
      name: ''
    };
  }
  const event = value as Record<string, unknown>;
  const name = typeof event.name === 'string' ? event.name : '';
  const size = sizeAtMost(event, MAX_EVENT_CHARS);
  if (size > MAX_EVENT_CHARS) {
    return {
      ok: false,
      reason: `too large to read (over ${MAX_EVENT_CHARS.toLocaleString('en-US')} characters)`,
      name
    };
  }
  if (event.type === undefined) {
    return { ok: false, reason: 'type is missing', name };
  }
  const fields =
    typeof event.type === 'string' && Object.hasOwn(FIELDS, event.type)
      ? FIELDS[event.type]
      : null;
  if (!fields) {
    return {
      ok: false,
      reason: `type ${JSON.stringify(event.type)} is not an event type of schema v1`,
      name
    };
  }
  // The event as schema v1 has it: its fields only, in their order.
  const read: Record<string, unknown> = { type: event.type };
  for (const [field, valid, expected, nullable] of fields) {
    if (event[field] === undefined) {
      if (nullable) {
        read[field] = null;
        continue;
      }
      return { ok: false, reason: `${field} is missing`, name };
    }
    if (!valid(event[field])) {
      return {
        ok: false,
        reason: `${field} must be ${expected}, not ${typeName(event[field])}`,
        name
      };
    }
    read[field] = event[field];
  }
  const broken = brokenRule(read);
  return broken
    ? { ok: false, reason: broken, name }
    : { ok: true, event: read };
}

/** The rules of schema v1 that tie fields together; the first one broken. */
function brokenRule(event: Record<string, unknown>): string | null {
  for (const side of ['expected', 'actual']) {
    if (typeof event[`${side}_repr`] === 'string' && event[side] !== null) {
      return `${side} must be null when ${side}_repr is given`;
    }
  }
  if (
    event.type === 'assertion' &&
    event.status !== 'error' &&
    event.exc_type !== null
  ) {
    return 'exc_type must be null unless status is "error"';
  }
  if (event.truncated === true && 'data' in event && event.data !== null) {
    return 'data must be null when truncated is true';
  }
  return null;
}
