/**
 * Stream output on its way from the worker to the notebook, paced and limited
 * so that a print flood cannot take the page: JupyterLab re-renders a stream
 * output whole on every append, so without pacing a tight `print` loop keeps
 * the main thread busy until the page no longer takes a click, not even Stop.
 *
 * Pacing: held text goes out in one message once the page has drawn the last
 * one, and after `PACE` times as long as that drawing took, so rendering gets
 * at most a quarter of the main thread however long the output grows.
 *
 * Limit: past the cell's output limit, stream text is left out; a single
 * display output (updated in place) says so and shows the latest lines.
 */
import type { KernelMessage } from '@jupyterlab/services';

import { IOutputLimit, LeftOut, OutputBudget } from './outputLimit';

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;
type StreamName = 'stdout' | 'stderr';
type DisplayContent = KernelMessage.IDisplayDataMsg['content'];

/** Where the gate's messages go: the kernel's iopub. */
export interface IStreamSink {
  stream(content: KernelMessage.IStreamMsg['content'], parent: Header): void;
  displayData(content: DisplayContent, parent: Header): void;
  updateDisplayData(
    content: KernelMessage.IUpdateDisplayDataMsg['content'],
    parent: Header
  ): void;
}

/** Sends wait at least this long after the last one was drawn. */
export const PACE = 3;
export const MIN_GAP_MS = 20;
/** How often the left-out notice is updated, at most. */
export const NOTICE_GAP_MS = 250;

/** The longest wait between two sends, however slow the last drawing was. */
export const MAX_GAP_MS = 2000;

/**
 * Resolves once the page has drawn what was sent: true, or false after a
 * second without a frame (a hidden tab does not draw).
 */
export function drawn(): Promise<boolean> {
  return new Promise(resolve => {
    const fallback = setTimeout(() => resolve(false), 1000);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve(true);
      }, 0)
    );
  });
}

export class StreamGate {
  constructor(
    private readonly _sink: IStreamSink,
    private readonly _limit: IOutputLimit,
    private readonly _drawn: () => Promise<boolean> = drawn
  ) {}

  /** Stream text from the worker for the cell of `parent`. */
  write(name: StreamName, text: string, parent: Header): void {
    if (this._cell?.parent.msg_id !== parent.msg_id) {
      this.flush();
      this._cell = new CellOutput(parent, this._limit);
    }
    this._cell.write(name, text);
    this._schedule();
  }

  /** The cell's outputs were cleared: it starts its output limit afresh. */
  cleared(parent: Header): void {
    if (this._cell?.parent.msg_id === parent.msg_id) {
      this._cell = new CellOutput(parent, this._limit);
    }
  }

  /** Send everything held now: before another output, and when a cell ends. */
  flush(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._cell?.send(this._sink);
  }

  /** Send what is held, and stop. */
  dispose(): void {
    this.flush();
    this._cell = null;
  }

  private _schedule(): void {
    if (this._timer !== undefined || this._drawing) {
      return;
    }
    const gap = Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, this._drawMs * PACE));
    const wait = Math.max(0, this._drawnAt + gap - performance.now());
    this._timer = setTimeout(() => this._sendPaced(), wait);
  }

  private _sendPaced(): void {
    this._timer = undefined;
    const cell = this._cell;
    const sentAt = performance.now();
    if (!cell?.send(this._sink, sentAt)) {
      if (cell?.holds) {
        // only a notice, updated recently: update it later
        this._timer = setTimeout(() => this._sendPaced(), NOTICE_GAP_MS);
      }
      return;
    }
    this._drawing = true;
    void this._drawn().then(painted => {
      this._drawing = false;
      this._drawnAt = performance.now();
      if (painted) {
        this._drawMs = this._drawnAt - sentAt;
      }
      if (this._cell?.holds) {
        this._schedule();
      }
    });
  }

  private _cell: CellOutput | null = null;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _drawing = false;
  private _drawnAt = -Infinity;
  private _drawMs = 0;
}

/** One cell's held stream text, its budget, and what it left out. */
class CellOutput {
  constructor(
    readonly parent: Header,
    private readonly _limit: IOutputLimit
  ) {
    this._budget = new OutputBudget(_limit);
  }

  get holds(): boolean {
    return this._held.length > 0 || this._noticeStale;
  }

  write(name: StreamName, text: string): void {
    if (this._leftOut === null) {
      const fits = this._budget.take(name, text);
      if (fits > 0) {
        this._hold(name, text.slice(0, fits));
      }
      if (fits === text.length) {
        return;
      }
      this._leftOut = new LeftOut(this._limit);
      text = text.slice(fits);
    }
    this._leftOut.add(text);
    this._noticeStale = true;
  }

  /**
   * Send the held text, and the notice if it changed (paced sends update it
   * at most every NOTICE_GAP_MS). Returns whether anything was sent.
   */
  send(sink: IStreamSink, paced?: number): boolean {
    const held = this._held;
    this._held = [];
    for (const { name, chunks } of held) {
      sink.stream({ name, text: chunks.join('') }, this.parent);
    }
    const noticeDue =
      this._noticeStale &&
      (paced === undefined || paced - this._noticeAt >= NOTICE_GAP_MS);
    if (noticeDue) {
      this._sendNotice(sink);
      this._noticeAt = paced ?? performance.now();
    }
    return held.length > 0 || noticeDue;
  }

  private _hold(name: StreamName, text: string): void {
    const last = this._held[this._held.length - 1];
    if (last?.name === name) {
      last.chunks.push(text);
    } else {
      this._held.push({ name, chunks: [text] });
    }
  }

  private _sendNotice(sink: IStreamSink): void {
    const content: KernelMessage.IUpdateDisplayDataMsg['content'] = {
      data: { 'text/plain': this._leftOut!.notice() },
      metadata: {},
      transient: {
        display_id: `browsergrad-output-limit-${this.parent.msg_id}`
      }
    };
    if (this._noticeShown) {
      sink.updateDisplayData(content, this.parent);
    } else {
      sink.displayData(content, this.parent);
      this._noticeShown = true;
    }
    this._noticeStale = false;
  }

  private _budget: OutputBudget;
  private _held: { name: StreamName; chunks: string[] }[] = [];
  private _leftOut: LeftOut | null = null;
  private _noticeStale = false;
  private _noticeShown = false;
  private _noticeAt = -Infinity;
}
