/**
 * Follows the active notebook and keeps the results of each open notebook
 * while it is open, so switching back to a notebook costs nothing.
 */
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import type { INotebookResults, ITestResultsTracker } from './tokens';
import { NotebookResults } from './model';

export class TestResultsTracker implements ITestResultsTracker {
  /** With no notebook tracker (apps without notebooks) there is never a current one. */
  constructor(private readonly _notebooks: INotebookTracker | null) {
    _notebooks?.currentChanged.connect(this._follow, this);
    this._follow();
  }

  /** The active notebook's panel, or null. */
  get panel(): NotebookPanel | null {
    return this._active?.panel ?? null;
  }

  get current(): INotebookResults | null {
    return this._active?.current ?? null;
  }

  get currentChanged(): ISignal<this, INotebookResults | null> {
    return this._currentChanged;
  }

  private _follow(): void {
    const panel = this._notebooks?.currentWidget ?? null;
    if (this._active?.panel === panel) {
      return;
    }
    this._active?.changed.disconnect(this._onChanged, this);
    this._active = panel ? this._resultsOf(panel) : null;
    this._active?.changed.connect(this._onChanged, this);
    this._currentChanged.emit(this.current);
  }

  private _resultsOf(panel: NotebookPanel): NotebookResults {
    let results = this._open.get(panel);
    if (!results) {
      const created = new NotebookResults(panel);
      this._open.set(panel, created);
      panel.disposed.connect(() => {
        this._open.delete(panel);
        created.dispose();
        if (this._active === created) {
          this._active = null;
          this._currentChanged.emit(null);
        }
      });
      results = created;
    }
    return results;
  }

  private _onChanged(_: NotebookResults, results: INotebookResults): void {
    this._currentChanged.emit(results);
  }

  private _active: NotebookResults | null = null;
  private _open = new Map<NotebookPanel, NotebookResults>();
  private _currentChanged = new Signal<this, INotebookResults | null>(this);
}
