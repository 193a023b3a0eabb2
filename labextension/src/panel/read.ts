/**
 * The results of one cell, read from its outputs of browsergrad's MIME types
 * (docs/events.md). Anything that cannot be read becomes an "unreadable"
 * row at its place; nothing around it is dropped.
 *
 * A cell's events output grows while the cell runs and is republished whole
 * each time, so each output remembers what it read: a list that extends the
 * previous one only has its new events read.
 */
import type { ICodeCellModel } from '@jupyterlab/cells';

import { extendsList } from '../events/schema';
import { checkEvent, typeName } from '../events/validate';
import { UNREADABLE_NAME } from '../results/document';
import type { ITestResult, TestCounts, TestStatus } from './tokens';

/** The MIME types browsergrad writes, any version: [kind, version]. */
const BROWSERGRAD_MIME =
  /^application\/vnd\.browsergrad\.(events|image)\.v(\d+)\+json$/;

/** What one output gave. */
interface IOutputRead {
  mime: string;
  /** The events list last read (for the events kind), to spot extensions. */
  raw: readonly unknown[] | null;
  results: ITestResult[];
  events: Readonly<Record<string, unknown>>[];
}

/** What one cell's outputs gave. */
export interface ICellRead {
  results: readonly ITestResult[];
  events: readonly Readonly<Record<string, unknown>>[];
  counts: TestCounts;
}

export function zeroCounts(): TestCounts {
  return { pass: 0, fail: 0, error: 0, unreadable: 0 };
}

function unreadable(
  reason: string,
  outputIndex: number,
  eventIndex: number | null,
  name = ''
): ITestResult {
  return {
    status: 'unreadable',
    name: name || UNREADABLE_NAME,
    message: reason,
    event: null,
    outputIndex,
    eventIndex
  };
}

/** Reads the outputs of one cell, reusing what it read before. */
export class CellReader {
  /** Read `outputs` now. */
  read(outputs: ICodeCellModel['outputs']): ICellRead {
    const previous = this._outputs;
    const next: IOutputRead[] = [];
    for (let index = 0; index < outputs.length; index++) {
      const read = this._readOutput(outputs.get(index).data, index, previous);
      if (read) {
        next.push(read);
      }
    }
    this._outputs = next;
    const results: ITestResult[] = [];
    const events: Readonly<Record<string, unknown>>[] = [];
    const counts = zeroCounts();
    for (const read of next) {
      for (const result of read.results) {
        results.push(result);
        counts[result.status]++;
      }
      for (const event of read.events) {
        events.push(event);
      }
    }
    return { results, events, counts };
  }

  private _readOutput(
    bundle: Readonly<Record<string, unknown>>,
    outputIndex: number,
    previous: readonly IOutputRead[]
  ): IOutputRead | null {
    // A bundle may carry several versions: version 1 is read when present.
    const mimes = Object.keys(bundle).filter(key => BROWSERGRAD_MIME.test(key));
    const mime = mimes.find(key => key.includes('.v1+')) ?? mimes[0];
    if (mime === undefined) {
      return null;
    }
    const [, kind, version] = BROWSERGRAD_MIME.exec(mime)!;
    const payload = bundle[mime];
    if (version !== '1') {
      return {
        mime,
        raw: null,
        results: [
          unreadable(
            `schema version ${version} is not known here (this panel reads version 1)`,
            outputIndex,
            null
          )
        ],
        events: []
      };
    }
    if (kind === 'image') {
      return readImage(mime, payload, outputIndex);
    }
    const list =
      payload !== null && typeof payload === 'object' && !Array.isArray(payload)
        ? (payload as { events?: unknown }).events
        : undefined;
    if (!Array.isArray(list)) {
      const reason =
        list === undefined
          ? `the output must be an object with a list of events, not ${typeName(payload)}`
          : `events must be a list, not ${typeName(list)}`;
      return {
        mime,
        raw: null,
        results: [unreadable(reason, outputIndex, null)],
        events: []
      };
    }
    const before = previous.find(read => read.mime === mime && read.raw);
    const start = before && extendsList(before.raw!, list) ? before : null;
    const read: IOutputRead = {
      mime,
      raw: list,
      results: start ? retarget(start.results, outputIndex) : [],
      events: start ? start.events.slice() : []
    };
    for (
      let index = start ? start.raw!.length : 0;
      index < list.length;
      index++
    ) {
      addEvent(read, list[index], outputIndex, index);
    }
    return read;
  }

  private _outputs: IOutputRead[] = [];
}

/** Add one event of an events output to what the output gave. */
function addEvent(
  read: IOutputRead,
  value: unknown,
  outputIndex: number,
  eventIndex: number
): void {
  const checked = checkEvent(value);
  if (!checked.ok) {
    read.results.push(
      unreadable(checked.reason, outputIndex, eventIndex, checked.name)
    );
    return;
  }
  const event = checked.event;
  read.events.push(event);
  if (event.type === 'assertion') {
    const status = event.status as TestStatus;
    const message = [
      status === 'error' && typeof event.exc_type === 'string'
        ? event.exc_type
        : '',
      typeof event.message === 'string' ? event.message : ''
    ]
      .filter(Boolean)
      .join(': ');
    read.results.push({
      status,
      name: event.name as string,
      message,
      event,
      outputIndex,
      eventIndex
    });
  }
}

/** An image output: its payload is the image event itself. */
function readImage(
  mime: string,
  payload: unknown,
  outputIndex: number
): IOutputRead {
  const checked = checkEvent(payload);
  if (!checked.ok) {
    return {
      mime,
      raw: null,
      results: [unreadable(checked.reason, outputIndex, null, checked.name)],
      events: []
    };
  }
  if (checked.event.type !== 'image') {
    return {
      mime,
      raw: null,
      results: [
        unreadable(
          `an image output must hold an image event, not ${JSON.stringify(checked.event.type)}`,
          outputIndex,
          null,
          String(checked.event.name)
        )
      ],
      events: []
    };
  }
  return { mime, raw: null, results: [], events: [checked.event] };
}

/** The same results, moved to another output position when it changed. */
function retarget(
  results: readonly ITestResult[],
  outputIndex: number
): ITestResult[] {
  return results.map(result =>
    result.outputIndex === outputIndex ? result : { ...result, outputIndex }
  );
}
