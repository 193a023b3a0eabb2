/**
 * Coalescing stdout/stderr writes: a loop of 10,000 `print` calls becomes a
 * few stream messages instead of 10,000, so the notebook keeps up.
 *
 * A write goes out at once when nothing was sent in the last `FLUSH_MS`
 * (so `print("working…")` before a long computation shows). Writes that follow
 * quickly are held and sent when the stream changes, when another event must
 * go out first (order is kept), when `FLUSH_MS` has passed since the first held
 * write (checked on each write, as Python may never yield), on
 * `sys.stdout.flush()`, or from a timer when Python awaits.
 */
import type { KernelMessage } from '@jupyterlab/services';

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;
type StreamName = 'stdout' | 'stderr';

export const FLUSH_MS = 50;
export const FLUSH_BYTES = 1 << 20;

export class StreamBuffer {
  constructor(
    private readonly _send: (
      name: StreamName,
      text: string,
      parentHeader: Header
    ) => void
  ) {}

  write(name: StreamName, text: string, parentHeader: Header): void {
    if (
      this._name !== null &&
      (this._name !== name || this._header !== parentHeader)
    ) {
      this.flush();
    }
    if (this._name === null) {
      this._name = name;
      this._header = parentHeader;
      this._since = performance.now();
      this._timer = setTimeout(() => this.flush(), FLUSH_MS);
    }
    this._chunks.push(text);
    this._size += text.length;
    const now = performance.now();
    if (
      this._size >= FLUSH_BYTES ||
      now - this._since >= FLUSH_MS ||
      now - this._sent >= FLUSH_MS
    ) {
      this.flush();
    }
  }

  /** Send whatever is held. */
  flush(): void {
    if (this._name === null) {
      return;
    }
    clearTimeout(this._timer);
    const text = this._chunks.join('');
    const name = this._name;
    const header = this._header!;
    this._name = null;
    this._header = null;
    this._chunks = [];
    this._size = 0;
    this._sent = performance.now();
    this._send(name, text, header);
  }

  private _name: StreamName | null = null;
  private _header: Header | null = null;
  private _chunks: string[] = [];
  private _size = 0;
  private _since = 0;
  private _sent = -Infinity;
  private _timer: ReturnType<typeof setTimeout> | undefined;
}
