/**
 * The rows of an events output, built incrementally for big and growing
 * lists.
 *
 * The DOM holds, in order: every event before the `frontier` (all shown),
 * then, when some are hidden, a "show more" bar, then the events after the
 * frontier that are shown anyway ("promoted": anything but a passed check,
 * so failures are never buried under thousands of passes).
 *
 * - Until `INITIAL_ROWS` rows are shown, every event gets its row.
 * - Past that, passes are hidden; other events are promoted, up to
 *   `MAX_PROMOTED` of them, so that even ten thousand failures stay cheap.
 * - "Show N more" moves the frontier on by `CHUNK_ROWS` rows, building
 *   the hidden rows and moving promoted ones into place before the bar.
 * - An update whose list extends the shown one only adds the new events;
 *   any other list is rendered afresh.
 */
import { extendsList, IEvent } from '../events/schema';
import { button, element } from '../ui/dom';
import { eventRow, isPass } from './eventRows';
import { formatCount } from '../ui/format';

export const INITIAL_ROWS = 200;
export const CHUNK_ROWS = 500;
export const MAX_PROMOTED = 500;

export class EventList {
  readonly node = element('div', 'bg-EventList');

  /**
   * Show `events`. Returns the events that are new since the last call, or
   * null when the list did not extend the shown one and was redrawn whole.
   */
  update(events: readonly IEvent[]): readonly IEvent[] | null {
    const extendsShown = extendsList(this._events, events);
    if (!extendsShown) {
      this._reset();
    }
    const start = this._events.length;
    this._events = events;
    for (let index = start; index < events.length; index++) {
      this._add(index);
    }
    this._updateBar();
    return extendsShown ? events.slice(start) : null;
  }

  /** Number of events whose rows are not in the DOM. */
  get hiddenCount(): number {
    return this._events.length - this._frontier - this._promoted.length;
  }

  private _reset(): void {
    this.node.replaceChildren();
    this._events = [];
    this._frontier = 0;
    this._limit = INITIAL_ROWS;
    this._promoted = [];
    this._promotedEver = 0;
    this._bar = null;
  }

  /** Place the row of a newly arrived event, or leave it hidden. */
  private _add(index: number): void {
    const event = this._events[index];
    const inOrder = index === this._frontier;
    if (inOrder && this._frontier < this._limit) {
      this.node.append(eventRow(event));
      this._frontier++;
      return;
    }
    if (!isPass(event) && this._promotedEver < MAX_PROMOTED) {
      this._promotedEver++;
      const row = eventRow(event);
      this.node.append(row);
      if (inOrder) {
        this._frontier++;
      } else {
        this._promoted.push({ index, row });
      }
    }
  }

  /** Show up to `CHUNK_ROWS` more hidden rows, in order, before the bar. */
  private _showMore(): void {
    const bar = this._bar;
    if (!bar) {
      return;
    }
    const fragment = document.createDocumentFragment();
    let built = 0;
    while (this._frontier < this._events.length) {
      const next = this._promoted[0];
      if (next && next.index === this._frontier) {
        fragment.append(next.row);
        this._promoted.shift();
      } else if (built < CHUNK_ROWS) {
        fragment.append(eventRow(this._events[this._frontier]));
        built++;
      } else {
        break;
      }
      this._frontier++;
    }
    this.node.insertBefore(fragment, bar);
    this._limit = Math.max(this._limit, this._frontier + CHUNK_ROWS);
    this._updateBar();
  }

  /** Add, refresh or remove the "show more" bar after the frontier. */
  private _updateBar(): void {
    const hidden = this.hiddenCount;
    if (hidden === 0) {
      this._bar?.remove();
      this._bar = null;
      return;
    }
    if (!this._bar) {
      this._bar = element('div', 'bg-More');
      this.node.insertBefore(this._bar, this._promoted[0]?.row ?? null);
    } else if (this._bar.dataset.hidden === String(hidden)) {
      return;
    }
    this._bar.dataset.hidden = String(hidden);
    const next = Math.min(hidden, CHUNK_ROWS);
    this._bar.replaceChildren(
      element(
        'span',
        'bg-More-count',
        `${formatCount(hidden)} more event${hidden === 1 ? '' : 's'} not shown`
      ),
      button('bg-More-button', `Show ${formatCount(next)} more`, () =>
        this._showMore()
      )
    );
  }

  private _events: readonly IEvent[] = [];
  /** Events before this index all have their rows in the DOM, in order. */
  private _frontier = 0;
  /** How far the frontier may move as events arrive. */
  private _limit = INITIAL_ROWS;
  /** Rows shown past the frontier, in index order. */
  private _promoted: { index: number; row: HTMLElement }[] = [];
  private _promotedEver = 0;
  private _bar: HTMLElement | null = null;
}
