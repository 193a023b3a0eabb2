/**
 * The results of one open notebook, kept up to date from its outputs: a cell
 * whose outputs change is read again, and the notebook's results are put
 * together again shortly after (changes that come close together are
 * handled once). A kernel restart marks every result stale until its cell
 * runs again.
 */
import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import type { ICellResults, INotebookResults, TestStatus } from './tokens';
import { CellReader, ICellRead, zeroCounts } from './read';
import { CHECK_METADATA } from '../labs/check';

/** Whether a cell is the one "Check my work" runs the lab's checks in. */
function isCheckCell(cell: ICellModel): boolean {
  const marker = cell.getMetadata(CHECK_METADATA) as
    { lab_check?: unknown } | undefined;
  return typeof marker?.lab_check === 'string';
}

/** Longest wait between an output change and the results it makes. */
const SETTLE_MS = 30;

/** What is kept for each code cell. */
interface ICellState {
  reader: CellReader;
  read: ICellRead;
  dirty: boolean;
  stale: boolean;
}

export class NotebookResults {
  constructor(readonly panel: NotebookPanel) {
    const model = panel.context.model;
    model.cells.changed.connect(this._onCellsChanged, this);
    panel.context.pathChanged.connect(this._schedule, this);
    panel.sessionContext.statusChanged.connect(this._onStatus, this);
    this._onCellsChanged();
  }

  /** Emitted (at most every few milliseconds) when the results changed. */
  get changed(): ISignal<this, INotebookResults> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** The results as of now (pending changes included). */
  get current(): INotebookResults {
    if (this._timer !== null || !this._current) {
      this._flush();
    }
    return this._current!;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    for (const cell of this._cells.keys()) {
      this._disconnect(cell);
    }
    Signal.clearData(this);
  }

  private _onCellsChanged(): void {
    const seen = new Set<ICellModel>();
    for (const cell of this.panel.context.model.cells) {
      if (cell.type === 'code') {
        seen.add(cell);
        if (!this._cells.has(cell)) {
          this._connect(cell as ICodeCellModel);
        }
      }
    }
    for (const cell of [...this._cells.keys()]) {
      if (!seen.has(cell)) {
        this._disconnect(cell);
      }
    }
    this._schedule();
  }

  private _connect(cell: ICodeCellModel): void {
    this._cells.set(cell, {
      reader: new CellReader(),
      read: { results: [], events: [], counts: zeroCounts() },
      dirty: true,
      stale: false
    });
    cell.outputs.changed.connect(this._onOutputs, this);
    cell.stateChanged.connect(this._onCellState, this);
  }

  private _disconnect(cell: ICellModel): void {
    const code = cell as ICodeCellModel;
    if (!code.isDisposed) {
      code.outputs.changed.disconnect(this._onOutputs, this);
      code.stateChanged.disconnect(this._onCellState, this);
    }
    this._cells.delete(cell);
  }

  private _onOutputs(outputs: ICodeCellModel['outputs']): void {
    for (const [cell, state] of this._cells) {
      if ((cell as ICodeCellModel).outputs === outputs) {
        state.dirty = true;
        state.stale = false;
      }
    }
    this._schedule();
  }

  private _onCellState(cell: ICellModel, change: { name: string }): void {
    if (change.name === 'executionCount') {
      this._schedule();
    }
  }

  private _onStatus(_: unknown, status: Kernel.Status): void {
    if (status === 'restarting' || status === 'autorestarting') {
      for (const state of this._cells.values()) {
        state.stale = state.read.results.length + state.read.events.length > 0;
      }
      this._schedule();
    }
  }

  private _schedule(): void {
    if (this._timer === null && !this._disposed) {
      this._timer = setTimeout(() => {
        this._flush();
        this._changed.emit(this._current!);
      }, SETTLE_MS);
    }
  }

  /** Read the dirty cells and put the notebook's results together. */
  private _flush(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    const cells: ICellResults[] = [];
    const counts = zeroCounts();
    const model = this.panel.context.model;
    for (let index = 0; index < model.cells.length; index++) {
      const cell = model.cells.get(index);
      const state = this._cells.get(cell);
      if (!state) {
        continue;
      }
      if (state.dirty) {
        state.read = state.reader.read((cell as ICodeCellModel).outputs);
        state.dirty = false;
      }
      const { results, events } = state.read;
      if (results.length === 0 && events.length === 0) {
        continue;
      }
      for (const status of Object.keys(counts) as TestStatus[]) {
        counts[status] += state.read.counts[status];
      }
      const executionCount = (cell as ICodeCellModel).executionCount;
      cells.push({
        cellId: cell.id,
        cellIndex: index,
        executionCount:
          typeof executionCount === 'number' ? executionCount : null,
        stale: state.stale,
        rubric: isCheckCell(cell),
        results,
        events,
        counts: state.read.counts
      });
    }
    this._current = { path: this.panel.context.path, cells, counts };
  }

  private _cells = new Map<ICellModel, ICellState>();
  private _current: INotebookResults | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _disposed = false;
  private _changed = new Signal<this, INotebookResults>(this);
}
