/**
 * Strict reading of one event of schema v1, validated with the schema itself
 * (`browsergrad/schema/event.v1.schema.json`, through ajv): every field the
 * event's type requires must be there as the schema says (a field that may
 * be null may also be left out). Fields it does not know are ignored. The
 * answer is the event, or why it cannot be read, in words taken from the
 * schema: a new field or rule is added there only.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';

import { EVENT_SCHEMA } from './schema';

/** Events bigger than this (in characters of JSON, roughly) are not read. */
export const MAX_EVENT_CHARS = 5_000_000;

export type Checked =
  | { ok: true; event: Readonly<Record<string, unknown>> }
  | { ok: false; reason: string; name: string };

/** A part of the schema (a JSON Schema is an object or a boolean). */
type SchemaNode = boolean | { readonly [key: string]: unknown };

/** One field of an event type, as the schema defines it. */
interface IField {
  name: string;
  schema: SchemaNode;
  /**
   * Whether it may be null, and so left out. (Pyodide turns Python's None
   * into undefined, so a kernel built on it drops null fields from the JSON
   * it publishes.)
   */
  nullable: boolean;
}

interface IEventType {
  /** Its fields, in the order events carry them. */
  fields: IField[];
  validate: ValidateFunction;
}

const DEFS = EVENT_SCHEMA.$defs as Record<string, SchemaNode>;

/** The event types of the schema, compiled on first use. */
let eventTypes: Map<string, IEventType> | null = null;

function typesOfSchema(): Map<string, IEventType> {
  if (eventTypes) {
    return eventTypes;
  }
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
  ajv.addSchema(EVENT_SCHEMA);
  const at = (pointer: string) =>
    ajv.getSchema(`${EVENT_SCHEMA.$id}#${pointer}`)!;
  eventTypes = new Map();
  for (const type of EVENT_SCHEMA.properties.type.enum) {
    const definition = DEFS[type] as { properties: Record<string, SchemaNode> };
    const fields = Object.entries(definition.properties).map(
      ([name, schema]) => ({
        name,
        schema,
        nullable: at(`/$defs/${type}/properties/${name}`)(null) as boolean
      })
    );
    eventTypes.set(type, { fields, validate: at(`/$defs/${type}`) });
  }
  return eventTypes;
}

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
  const known = typeof event.type === 'string' ? event.type : null;
  const type = known === null ? undefined : typesOfSchema().get(known);
  if (!type) {
    return {
      ok: false,
      reason: `type ${JSON.stringify(event.type)} is not an event type of schema v1`,
      name
    };
  }
  // The event as schema v1 has it: its fields only, in their order.
  const read: Record<string, unknown> = {};
  for (const field of type.fields) {
    const given = event[field.name];
    if (given !== undefined) {
      read[field.name] = given;
    } else if (field.nullable) {
      read[field.name] = null;
    }
  }
  if (type.validate(read)) {
    return { ok: true, event: read };
  }
  return {
    ok: false,
    reason: reasonOf(type, read, type.validate.errors),
    name
  };
}

/** The first field that is wrong, in field order, else the first broken rule. */
function reasonOf(
  type: IEventType,
  event: Record<string, unknown>,
  errors: ErrorObject[] | null | undefined
): string {
  let rule: string | null = null;
  let first: IField | null = null;
  let index = Infinity;
  for (const error of errors ?? []) {
    if (error.keyword === 'if') {
      rule ??=
        String(error.parentSchema?.description ?? '') ||
        `the event breaks the rule at ${error.schemaPath}`;
      continue;
    }
    if (/\/(then|else)\//.test(error.schemaPath)) {
      continue; // a part of a rule: said by the rule's "if" error
    }
    const name =
      error.keyword === 'required'
        ? String(error.params.missingProperty)
        : error.instancePath.split('/')[1];
    const at = type.fields.findIndex(field => field.name === name);
    if (at >= 0 && at < index) {
      index = at;
      first = type.fields[at];
    }
  }
  if (first) {
    const value = event[first.name];
    return value === undefined
      ? `${first.name} is missing`
      : `${first.name} must be ${wanted(first.schema)}, not ${shown(value, first.schema)}`;
  }
  return rule ?? 'the event does not match schema v1';
}

/** A schema part with its `$ref` (to `#/$defs/...`) merged in. */
function resolved(node: SchemaNode): SchemaNode {
  if (typeof node === 'boolean' || typeof node.$ref !== 'string') {
    return node;
  }
  const { $ref, ...rest } = node;
  const target = resolved(DEFS[($ref as string).replace('#/$defs/', '')]);
  return typeof target === 'boolean' ? target : { ...target, ...rest };
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list'
};

/** `a, b or c`. */
function alternatives(words: string[]): string {
  return words.length < 2
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** What a field's schema wants, in words: "a whole number ≥ 0". */
function wanted(node: SchemaNode): string {
  const schema = resolved(node);
  if (typeof schema === 'boolean') {
    return schema ? 'any JSON value' : 'left out';
  }
  if (typeof schema.description === 'string') {
    return schema.description;
  }
  if (Array.isArray(schema.enum)) {
    return alternatives(schema.enum.map(item => JSON.stringify(item)));
  }
  const types = [schema.type ?? []].flat() as string[];
  const words = types
    .filter(type => type !== 'null')
    .map(type => {
      const word = TYPE_WORDS[type] ?? type;
      return typeof schema.minimum === 'number'
        ? `${word} ≥ ${schema.minimum}`
        : word;
    });
  if (types.includes('null')) {
    words.push('null');
  }
  return alternatives(words);
}

function jsonType(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value;
}

/**
 * The wrong value, for a message: itself when it has a type the field takes
 * (it is its value that is wrong), else its type.
 */
function shown(value: unknown, node: SchemaNode): string {
  const schema = resolved(node);
  const types =
    typeof schema === 'boolean'
      ? []
      : Array.isArray(schema.enum)
        ? schema.enum.map(jsonType)
        : ([schema.type ?? []].flat() as string[]);
  const type = jsonType(value);
  const typeFits =
    types.includes(type) || (type === 'number' && types.includes('integer'));
  if (!typeFits || !['string', 'number', 'boolean'].includes(type)) {
    return typeName(value);
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
