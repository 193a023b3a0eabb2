/**
 * The Tests side panel: the counts of the active notebook's results, the
 * actions, and the list of results grouped by cell. Count changes are
 * announced in a polite live region (at most about once a second while
 * cells run, and always once they settle).
 */
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { element } from '../ui/dom';
import type { INotebookResults, TestStatus } from './tokens';
import { ResultList } from './list';
import { notebookName } from '../results/names';
import { scoreOf, scoreText } from '../results/score';
import { buildRows, countsText, countText, Row, STATUS_ICONS } from './rows';

/** Shortest time between two announcements of the counts. */
const ANNOUNCE_MS = 1000;

/** The panel's actions, by what they do (the plugin binds them to commands). */
export interface IPanelActions {
  runAll(): void;
  exportJson(): void;
  exportJunit(): void;
  /** Failures only, on or off. */
  setFailuresOnly(on: boolean): void;
  /** Show the output of a row's result (or the cell's first) in the notebook. */
  show(row: Row): void;
}

export class TestsPanel extends Widget {
  constructor(private readonly _actions: IPanelActions) {
    super();
    this.id = 'browsergrad-tests';
    this.addClass('bg-Tests');
    this.title.caption = 'Test results of the active notebook';

    const heading = element('h2', 'bg-Tests-title', 'Tests');
    heading.id = `${this.id}-title`;
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-labelledby', heading.id);
    this._counts.setAttribute('aria-label', 'Result counts');

    const actions = element('div', 'bg-Tests-actions');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', 'Test actions');
    this._runAll = this._button(
      'bg-Tests-runAll',
      'Run all',
      'Run all cells and show their results',
      () => this._actions.runAll()
    );
    this._filter = this._button(
      'bg-Tests-filter',
      'Failures only',
      'Show only failures, errors and unreadable results',
      () => this._actions.setFailuresOnly(!this._failuresOnly)
    );
    this._filter.setAttribute('aria-pressed', 'false');
    this._exportJson = this._button(
      'bg-Tests-exportJson',
      'Export JSON',
      'Download the results as JSON',
      () => this._actions.exportJson()
    );
    this._exportJunit = this._button(
      'bg-Tests-exportJunit',
      'Export JUnit',
      'Download the results as JUnit XML',
      () => this._actions.exportJunit()
    );
    actions.append(
      this._runAll,
      this._filter,
      this._exportJson,
      this._exportJunit
    );

    this._live.setAttribute('role', 'status');
    this._live.setAttribute('aria-live', 'polite');
    this._live.setAttribute('aria-atomic', 'true');

    const header = element('div', 'bg-Tests-header');
    header.append(heading, this._notebook, this._counts, this._score);
    this.node.append(
      header,
      actions,
      this._live,
      this._stale,
      this._empty,
      this._list.node
    );
    this.update();
  }

  /** The next activation shows the panel without moving the focus. */
  quietActivation = false;

  /** Whether only failures, errors and unreadable results are listed. */
  get failuresOnly(): boolean {
    return this._failuresOnly;
  }

  set failuresOnly(on: boolean) {
    if (on !== this._failuresOnly) {
      this._failuresOnly = on;
      this._filter.setAttribute('aria-pressed', String(on));
      this._refresh();
    }
  }

  /** Show these results (null: no notebook is active). */
  setResults(results: INotebookResults | null): void {
    const switched =
      results?.path !== this._results?.path || !results !== !this._results;
    this._results = results;
    this._refresh();
    if (switched) {
      this._lastAnnounced = results ? countsText(results.counts, true) : '';
    } else {
      this._announceCounts();
    }
  }

  /** Say something through the live region now (the counts are then known). */
  announceNow(text: string): void {
    if (this._announceTimer !== null) {
      clearTimeout(this._announceTimer);
      this._announceTimer = null;
    }
    this._lastAnnounced = this._results
      ? countsText(this._results.counts, true)
      : '';
    this._say(text);
  }

  /** Make the first failure (else the first row) the active row. */
  selectFirstFailure(): void {
    const found = this._list.activateFirst(
      row => row.kind === 'result' && row.result.status !== 'pass'
    );
    if (!found) {
      this._list.activateFirst(() => true);
    }
  }

  /** Select the first failure and focus the list. */
  focusFirstFailure(): void {
    this.selectFirstFailure();
    if (this._list.rows.length) {
      this._list.node.focus();
    }
  }

  /** Focus the list, or the first action when the list is empty. */
  focusContent(): void {
    if (this.node.contains(document.activeElement)) {
      return;
    }
    if (this._list.rows.length) {
      this._list.node.focus();
    } else {
      this._runAll.focus();
    }
  }

  protected onUpdateRequest(msg: Message): void {
    this._refresh();
  }

  /** Redraw the panel from the results and the filter. */
  private _refresh(): void {
    const results = this._results;
    this._notebook.textContent = results ? notebookName(results.path) : '';
    this._renderCounts();
    this._renderScore();
    const rows = buildRows(results, this._failuresOnly, this._collapsed);
    this._list.setRows(rows);
    this._list.node.hidden = rows.length === 0;
    this._empty.hidden = rows.length > 0;
    this._empty.textContent = this._emptyText();
    const stale = results?.cells.some(cell => cell.stale) ?? false;
    this._stale.hidden = !stale;
    this._stale.textContent = stale
      ? 'Results marked stale are from before the kernel restarted: run their cells again.'
      : '';
    const none = !results;
    this._runAll.disabled = none;
    this._exportJson.disabled = none;
    this._exportJunit.disabled = none;
  }

  protected onAfterShow(msg: Message): void {
    this._list.refresh();
  }

  protected onResize(msg: Widget.ResizeMessage): void {
    this._list.refresh();
  }

  protected onActivateRequest(msg: Message): void {
    const quiet = this.quietActivation;
    this.quietActivation = false;
    if (!quiet && !this.node.contains(document.activeElement)) {
      this.focusContent();
    }
  }

  private _say(text: string): void {
    this._lastAnnouncedAt = performance.now();
    // A change of text is what gets read; clear first so a repeat is read too.
    this._live.textContent = '';
    requestAnimationFrame(() => (this._live.textContent = text));
  }

  private _button(
    className: string,
    text: string,
    title: string,
    onClick: () => void
  ): HTMLButtonElement {
    const button = element('button', `bg-Tests-button ${className}`, text);
    button.type = 'button';
    button.title = title;
    button.addEventListener('click', onClick);
    return button;
  }

  private _renderCounts(): void {
    const counts = this._results?.counts;
    const items: HTMLElement[] = [];
    if (counts) {
      for (const status of [
        'pass',
        'fail',
        'error',
        'unreadable'
      ] as TestStatus[]) {
        if (status === 'unreadable' && counts.unreadable === 0) {
          continue;
        }
        const item = element('li', `bg-Tests-count bg-mod-${status}`);
        item.dataset.status = status;
        item.dataset.count = String(counts[status]);
        const icon = element(
          'span',
          'bg-Tests-countIcon',
          STATUS_ICONS[status]
        );
        icon.setAttribute('aria-hidden', 'true');
        item.append(
          icon,
          element(
            'span',
            'bg-Tests-countText',
            countText(status, counts[status])
          )
        );
        items.push(item);
      }
    }
    this._counts.replaceChildren(...items);
    this._counts.hidden = items.length === 0;
  }

  /** "Score: 3 / 6" of the checks that count (the lab's, once it checked). */
  private _renderScore(): void {
    const cells = (this._results?.cells ?? []).map(cell => ({
      kind: cell.rubric ? 'rubric' : 'code',
      events: cell.events
    }));
    const score = scoreOf({ cells });
    this._score.hidden = score.questions.length === 0;
    this._score.dataset.points = String(score.points);
    this._score.dataset.max = String(score.max);
    this._score.textContent = `Score: ${scoreText(score)}`;
    this._score.title = score.questions
      .map(
        q =>
          `${q.name}: ${scoreText(q)}${q.all_or_nothing ? ' (all or nothing)' : ''}`
      )
      .join('\n');
  }

  private _emptyText(): string {
    const results = this._results;
    if (!results) {
      return 'Open a notebook to see the results of its checks.';
    }
    const total = results.cells.reduce(
      (sum, cell) => sum + cell.results.length,
      0
    );
    if (total === 0) {
      return 'No results yet. Run cells that call browsergrad checks, or choose Run all.';
    }
    return `No failures: all ${countText('pass', results.counts.pass)}.`;
  }

  /** Announce the counts if they changed, at most once per ANNOUNCE_MS. */
  private _announceCounts(): void {
    if (this._announceTimer !== null) {
      return;
    }
    const wait = this._lastAnnouncedAt + ANNOUNCE_MS - performance.now();
    this._announceTimer = setTimeout(
      () => {
        this._announceTimer = null;
        const text = this._results
          ? countsText(this._results.counts, true)
          : '';
        if (text && text !== this._lastAnnounced) {
          this._lastAnnounced = text;
          this._say(text);
        }
      },
      Math.max(0, wait)
    );
  }

  private _results: INotebookResults | null = null;
  private _failuresOnly = false;
  private _collapsed = new Set<string>();
  private _lastAnnounced = '';
  private _lastAnnouncedAt = -Infinity;
  private _announceTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly _notebook = element('p', 'bg-Tests-notebook');
  private readonly _counts = element('ul', 'bg-Tests-counts');
  private readonly _score = element('p', 'bg-Tests-score');
  private readonly _live = element('div', 'bg-Tests-live');
  private readonly _stale = element('p', 'bg-Tests-stale');
  private readonly _empty = element('p', 'bg-Tests-empty');
  private readonly _list = new ResultList({
    activate: row => this._actions.show(row),
    toggle: (cellId, collapsed) => {
      if (collapsed) {
        this._collapsed.add(cellId);
      } else {
        this._collapsed.delete(cellId);
      }
      this._refresh();
    }
  });
  private readonly _runAll: HTMLButtonElement;
  private readonly _filter: HTMLButtonElement;
  private readonly _exportJson: HTMLButtonElement;
  private readonly _exportJunit: HTMLButtonElement;
}
