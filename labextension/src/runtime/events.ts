/**
 * One run's outputs as the runtime library reports them: stdout and stderr
 * chunks and the `bg` events (read back from the display outputs the
 * kernel's Python side publishes).
 */
import { EVENTS_MIME, IMAGE_MIME } from '../events/schema';
import type { WorkerEvent } from '../worker/protocol';
import type { Artifact, IAssertion, IExecOptions } from './types';

export interface IPythonError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Call a user callback; one that throws must not break the run. */
function safely<T>(callback: ((value: T) => void) | undefined, value: T) {
  try {
    callback?.(value);
  } catch (error) {
    console.error('browsergrad: an exec callback threw', error);
  }
}

/** Events by their `seq` (call order); one without a seq keeps its place. */
function bySeq(a: { seq: unknown }, b: { seq: unknown }): number {
  return typeof a.seq === 'number' && typeof b.seq === 'number'
    ? a.seq - b.seq
    : 0;
}

export class RunOutputs {
  constructor(private readonly _options: IExecOptions) {}

  readonly assertions: IAssertion[] = [];
  readonly artifacts: Artifact[] = [];

  handle(event: WorkerEvent): void {
    switch (event.type) {
      case 'stream':
        safely(
          event.content.name === 'stderr'
            ? this._options.onStderr
            : this._options.onStdout,
          event.content.text
        );
        break;
      case 'display_data':
      case 'update_display_data':
        this._display(
          event.content.data as Record<string, unknown>,
          (event.content.transient as { display_id?: unknown })?.display_id
        );
        break;
    }
  }

  private _display(data: Record<string, unknown>, displayId: unknown): void {
    const payload = data?.[EVENTS_MIME] as { events?: unknown } | undefined;
    if (Array.isArray(payload?.events)) {
      // The output is updated with the cell's whole list: take what is new.
      const key = String(displayId ?? '');
      const seen = this._seen.get(key) ?? 0;
      this._seen.set(key, payload.events.length);
      for (const event of payload.events.slice(seen)) {
        this._add(event as Artifact | IAssertion);
      }
    }
    const image = data?.[IMAGE_MIME] as Record<string, unknown> | undefined;
    if (image && typeof image === 'object') {
      const picture = data[String(image.mime)];
      this._add({
        ...image,
        ...(typeof picture === 'string' ? { data: picture } : {})
      } as Artifact);
    }
  }

  private _add(event: Artifact | IAssertion): void {
    if (!event || typeof event !== 'object') {
      return;
    }
    if (event.type === 'assertion') {
      this.assertions.push(event as IAssertion);
      safely(this._options.onAssertion, event as IAssertion);
    } else {
      this.artifacts.push(event as Artifact);
      safely(this._options.onArtifact, event as Artifact);
    }
  }

  /**
   * The events in call order: a cell's event list is published in batches
   * while an image is shown at once, so arrival order can differ.
   */
  sorted(): { assertions: IAssertion[]; artifacts: Artifact[] } {
    return {
      assertions: [...this.assertions].sort(bySeq),
      artifacts: [...this.artifacts].sort(bySeq)
    };
  }

  private _seen = new Map<string, number>();
}
