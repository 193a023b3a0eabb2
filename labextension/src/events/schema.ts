/**
 * Event schema v1 (docs/events.md): its MIME types, the event fields and image
 * types taken from `browsergrad/schema/event.v1.schema.json` (the one source
 * of the schema), and lenient readers for the renderers.
 *
 * Payloads come from user code, so every field is read defensively: a
 * renderer must never fail (or run anything) because a field is odd. Strict
 * reading is `checkEvent` in `./validate`.
 */
import EVENT_SCHEMA from '../../../browsergrad/schema/event.v1.schema.json';

export { EVENT_SCHEMA };

/** One output per cell: `{"events": [...]}`, updated while the cell runs. */
export const EVENTS_MIME = 'application/vnd.browsergrad.events.v1+json';

/** One output per image; the picture is under its native `image/*` key. */
export const IMAGE_MIME = 'application/vnd.browsergrad.image.v1+json';

/** The image types an image event may carry (the schema's `mime` enum). */
export const IMAGE_TYPES: readonly string[] =
  EVENT_SCHEMA.$defs.image.properties.mime.enum;

type Defs = typeof EVENT_SCHEMA.$defs;

/** The event types: the definitions of the schema that fix `type`. */
export type EventType = {
  [K in keyof Defs]: Defs[K] extends { properties: { type: { const: string } } }
    ? K
    : never;
}[keyof Defs];

/** Every field some event type of the schema has. */
export type EventField = {
  [K in EventType]: keyof Defs[K]['properties'];
}[EventType];

export type Status = 'pass' | 'fail' | 'error';

/** The fields every renderer may look at; all optional, all unchecked. */
export type IEvent = { [F in EventField]?: unknown };

/** Read an event list out of an events payload (anything else: none). */
export function readEvents(payload: unknown): readonly IEvent[] {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const events = (payload as { events?: unknown }).events;
    if (Array.isArray(events)) {
      return events.map(asEvent);
    }
  }
  return [];
}

/** An object as an event; any other value becomes an empty event. */
export function asEvent(value: unknown): IEvent {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as IEvent)
    : {};
}

/** The status of an assertion event, or null for any other event. */
export function statusOf(event: IEvent): Status | null {
  if (event.type !== 'assertion') {
    return null;
  }
  const status = event.status;
  return status === 'pass' || status === 'fail' || status === 'error'
    ? status
    : 'error';
}

/** Whether two events are the same call (events never change once made). */
function sameEvent(a: IEvent, b: IEvent): boolean {
  return (
    a.seq === b.seq &&
    a.type === b.type &&
    a.name === b.name &&
    a.status === b.status &&
    a.timestamp === b.timestamp
  );
}

/**
 * Whether `list` starts with the events of `shown`, so that only its new
 * events need reading (events never change once made). Items that are not
 * objects only match themselves.
 */
export function extendsList(
  shown: readonly unknown[],
  list: readonly unknown[]
): boolean {
  if (list.length < shown.length) {
    return false;
  }
  for (let index = 0; index < shown.length; index++) {
    const a = shown[index];
    const b = list[index];
    if (a === b) {
      continue;
    }
    if (
      a === null ||
      b === null ||
      typeof a !== 'object' ||
      typeof b !== 'object' ||
      !sameEvent(a as IEvent, b as IEvent)
    ) {
      return false;
    }
  }
  return true;
}

/** A field as display text: strings as they are, other values as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value === undefined || value === null) {
    return '';
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A non-negative finite number, or null. */
export function asNumber(value: unknown): number | null {
  return typeof value === 'number' && isFinite(value) && value >= 0
    ? value
    : null;
}
