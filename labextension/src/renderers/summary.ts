/**
 * The summary line of an events output: how many checks passed, failed and
 * errored, how many other events there are, and the time the checks took.
 * Counts are kept as events arrive, so an update only counts the new ones.
 */
import { asNumber, IEvent, statusOf } from '../events/schema';
import { element } from '../ui/dom';
import { formatCount, formatDuration } from '../ui/format';

export class Summary {
  readonly node = element('div', 'bg-Summary');

  /** Forget all counts (the event list was replaced). */
  reset(): void {
    this._pass = this._fail = this._error = this._other = 0;
    this._milliseconds = 0;
  }

  /** Count one more event. */
  add(event: IEvent): void {
    const status = statusOf(event);
    if (status === null) {
      this._other++;
      return;
    }
    this[`_${status}`]++;
    this._milliseconds += asNumber(event.duration_ms) ?? 0;
  }

  /** Redraw the line from the counts. */
  render(): void {
    const checks = this._pass + this._fail + this._error;
    const parts = [
      this._part('pass', `✓ ${formatCount(this._pass)} passed`, this._pass),
      this._part('fail', `✗ ${formatCount(this._fail)} failed`, this._fail),
      this._part(
        'error',
        `! ${formatCount(this._error)} error${this._error === 1 ? '' : 's'}`,
        this._error
      )
    ];
    if (this._other) {
      const other = `${formatCount(this._other)} other event${this._other === 1 ? '' : 's'}`;
      parts.push(this._part('other', other, this._other));
    }
    if (checks) {
      parts.push(
        this._part(
          'time',
          `total ${formatDuration(this._milliseconds)}`,
          checks
        )
      );
    }
    this.node.replaceChildren(...parts);
    this.node.dataset.outcome =
      this._fail || this._error ? 'fail' : checks ? 'pass' : 'none';
  }

  private _part(kind: string, text: string, count: number): HTMLElement {
    const part = element('span', `bg-Summary-item bg-Summary-${kind}`, text);
    if (count === 0) {
      part.classList.add('bg-mod-zero');
    }
    part.dataset.count = String(count);
    return part;
  }

  private _pass = 0;
  private _fail = 0;
  private _error = 0;
  private _other = 0;
  private _milliseconds = 0;
}
