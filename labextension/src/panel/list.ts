/**
 * The list of the Tests panel: an ARIA tree (cells, then their results)
 * that only puts the rows in view into the DOM, so ten thousand results
 * scroll as easily as ten.
 *
 * Focus stays on the tree; the active row is named by
 * `aria-activedescendant`. Keys: Up/Down, Home/End, PageUp/PageDown move;
 * Left/Right collapse, expand or go to the parent; Enter or Space shows the
 * row's output in the notebook.
 */
import { element } from '../ui/dom';
import { Row, rowNode } from './rows';

/** Height of every row, in pixels (the CSS uses the same). */
export const ROW_HEIGHT = 26;
/** Rows built beyond each edge of the view. */
const OVERSCAN = 10;

let lists = 0;

export class ResultList {
  /** The scrolling tree; show it only when it has rows. */
  readonly node = element('div', 'bg-TestList');

  constructor(
    private readonly _options: {
      /** Show a row's output in the notebook. */
      activate: (row: Row) => void;
      /** Collapse or expand the rows of a cell. */
      toggle: (cellId: string, collapsed: boolean) => void;
    }
  ) {
    this._prefix = `bg-TestList-${++lists}-row-`;
    this.node.setAttribute('role', 'tree');
    this.node.setAttribute('aria-label', 'Test results by cell');
    this.node.tabIndex = 0;
    this._content.setAttribute('role', 'none');
    this.node.append(this._content);
    this.node.addEventListener('scroll', () => this._scheduleRender());
    this.node.addEventListener('keydown', event => this._onKey(event));
    this.node.addEventListener('click', event => this._onClick(event));
    this.node.addEventListener('focus', () => {
      if (this._active < 0 && this._rows.length) {
        this._setActive(0);
      }
      this._render();
    });
  }

  get rows(): readonly Row[] {
    return this._rows;
  }

  /** The row that keys act on, or null. */
  get activeRow(): Row | null {
    return this._rows[this._active] ?? null;
  }

  /** Show new rows, keeping the active row (by key) where it still is. */
  setRows(rows: Row[]): void {
    const key = this.activeRow?.key;
    this._rows = rows;
    this._active =
      key === undefined ? -1 : rows.findIndex(row => row.key === key);
    this._content.style.height = `${rows.length * ROW_HEIGHT}px`;
    this._render();
  }

  /** Make the first row for which `test` holds the active one, in view. */
  activateFirst(test: (row: Row) => boolean): boolean {
    const index = this._rows.findIndex(test);
    if (index >= 0) {
      this._setActive(index);
    }
    return index >= 0;
  }

  /** Draw the rows in view (call when the list is shown or resized). */
  refresh(): void {
    this._render();
  }

  private _scheduleRender(): void {
    if (this._frame === null) {
      this._frame = requestAnimationFrame(() => {
        this._frame = null;
        this._render();
      });
    }
  }

  private _render(): void {
    const height = this.node.clientHeight;
    const top = this.node.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(
      this._rows.length,
      Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN
    );
    const nodes: HTMLElement[] = [];
    for (let index = first; index < last; index++) {
      const node = rowNode(this._rows[index]);
      node.id = this._prefix + index;
      node.dataset.index = String(index);
      node.style.top = `${index * ROW_HEIGHT}px`;
      const active = index === this._active;
      node.setAttribute('aria-selected', String(active));
      node.classList.toggle('bg-mod-active', active);
      nodes.push(node);
    }
    this._content.replaceChildren(...nodes);
    if (this._active >= first && this._active < last) {
      this.node.setAttribute(
        'aria-activedescendant',
        this._prefix + this._active
      );
    } else {
      this.node.removeAttribute('aria-activedescendant');
    }
  }

  private _setActive(index: number): void {
    if (this._rows.length === 0) {
      this._active = -1;
      return;
    }
    this._active = Math.max(0, Math.min(this._rows.length - 1, index));
    const top = this._active * ROW_HEIGHT;
    const view = this.node.clientHeight;
    if (top < this.node.scrollTop) {
      this.node.scrollTop = top;
    } else if (top + ROW_HEIGHT > this.node.scrollTop + view) {
      this.node.scrollTop = top + ROW_HEIGHT - view;
    }
    this._render();
  }

  private _onClick(event: MouseEvent): void {
    const node = (event.target as HTMLElement).closest<HTMLElement>(
      '.bg-TestRow'
    );
    if (!node || !this._content.contains(node)) {
      return;
    }
    const index = Number(node.dataset.index);
    this._setActive(index);
    const row = this._rows[index];
    if (
      row.kind === 'cell' &&
      (event.target as HTMLElement).closest('.bg-TestRow-twisty')
    ) {
      this._options.toggle(row.cell.cellId, !row.collapsed);
    } else {
      this._options.activate(row);
    }
  }

  private _onKey(event: KeyboardEvent): void {
    const row = this.activeRow;
    const page = Math.max(
      1,
      Math.floor(this.node.clientHeight / ROW_HEIGHT) - 1
    );
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        this._setActive(this._active + 1);
        break;
      case 'ArrowUp':
        this._setActive(this._active - 1);
        break;
      case 'Home':
        this._setActive(0);
        break;
      case 'End':
        this._setActive(this._rows.length - 1);
        break;
      case 'PageDown':
        this._setActive(this._active + page);
        break;
      case 'PageUp':
        this._setActive(this._active - page);
        break;
      case 'ArrowRight':
        if (row?.kind === 'cell') {
          if (row.collapsed) {
            this._options.toggle(row.cell.cellId, false);
          } else {
            this._setActive(this._active + 1);
          }
        }
        break;
      case 'ArrowLeft':
        if (row?.kind === 'cell' && !row.collapsed) {
          this._options.toggle(row.cell.cellId, true);
        } else if (row?.kind === 'result') {
          this._setActive(this._active - row.position);
        }
        break;
      case 'Enter':
      case ' ':
        if (row) {
          this._options.activate(row);
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  private readonly _content = element('div', 'bg-TestList-content');
  private readonly _prefix: string;
  private _rows: Row[] = [];
  private _active = -1;
  private _frame: number | null = null;
}
