/**
 * The rows of the Tests panel's list: a heading row per cell, then a row per
 * result. Rows are plain data here; list.ts turns the visible ones into DOM.
 */
import { UNREADABLE_NAME } from '../results/document';
import { element } from '../ui/dom';
import { formatCount } from '../ui/format';
import type {
  ICellResults,
  INotebookResults,
  ITestResult,
  TestCounts,
  TestStatus
} from './tokens';

export type Row =
  | {
      kind: 'cell';
      key: string;
      cell: ICellResults;
      collapsed: boolean;
      position: number;
      setSize: number;
    }
  | {
      kind: 'result';
      key: string;
      cell: ICellResults;
      result: ITestResult;
      position: number;
      setSize: number;
    };

/** Longest name or message put in a row (the output has the rest). */
const MAX_TEXT = 300;

export const STATUS_ICONS: Record<TestStatus, string> = {
  pass: '✓',
  fail: '✗',
  error: '!',
  unreadable: '?'
};

const STATUS_WORDS: Record<TestStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  error: 'error',
  unreadable: 'unreadable'
};

/**
 * `3 passed, 2 errors`: the statuses that have results; with `withZeros`,
 * passes, failures and errors always (`3 passed, 0 failed, 2 errors`).
 */
export function countsText(counts: TestCounts, withZeros = false): string {
  const parts: string[] = [];
  for (const status of ['pass', 'fail', 'error', 'unreadable'] as const) {
    const count = counts[status];
    if (count || (withZeros && status !== 'unreadable')) {
      parts.push(countText(status, count));
    }
  }
  return parts.join(', ') || 'no results';
}

export function countText(status: TestStatus, count: number): string {
  const plural = count === 1 ? '' : 's';
  switch (status) {
    case 'pass':
      return `${formatCount(count)} passed`;
    case 'fail':
      return `${formatCount(count)} failed`;
    case 'error':
      return `${formatCount(count)} error${plural}`;
    default:
      return `${formatCount(count)} unreadable`;
  }
}

/** The flat list of rows for `results`. */
export function buildRows(
  results: INotebookResults | null,
  failuresOnly: boolean,
  collapsed: ReadonlySet<string>
): Row[] {
  const rows: Row[] = [];
  if (!results) {
    return rows;
  }
  const shownCells = results.cells.filter(
    cell =>
      cell.results.length > 0 &&
      (!failuresOnly || cell.counts.pass < cell.results.length)
  );
  shownCells.forEach((cell, cellPosition) => {
    const children = failuresOnly
      ? cell.results.filter(result => result.status !== 'pass')
      : cell.results;
    const isCollapsed = collapsed.has(cell.cellId);
    rows.push({
      kind: 'cell',
      key: `cell:${cell.cellId}`,
      cell,
      collapsed: isCollapsed,
      position: cellPosition + 1,
      setSize: shownCells.length
    });
    if (isCollapsed) {
      return;
    }
    children.forEach((result, index) =>
      rows.push({
        kind: 'result',
        key: `result:${cell.cellId}:${result.outputIndex}:${result.eventIndex}:${index}`,
        cell,
        result,
        position: index + 1,
        setSize: children.length
      })
    );
  });
  return rows;
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** The name and the message a result row shows. */
function resultTexts(result: ITestResult): [string, string] {
  if (result.status !== 'unreadable') {
    return [result.name, result.message];
  }
  const known = result.name !== UNREADABLE_NAME ? `${result.name}: ` : '';
  return [UNREADABLE_NAME, `${known}${result.message}`];
}

/** What a screen reader says for a row. */
export function rowLabel(row: Row): string {
  if (row.kind === 'cell') {
    const stale = row.cell.stale ? ', from before the kernel restarted' : '';
    return `Cell ${row.cell.cellIndex + 1}: ${countsText(row.cell.counts)}${stale}`;
  }
  const [name, message] = resultTexts(row.result);
  const word = STATUS_WORDS[row.result.status];
  return clip(
    row.result.status === 'unreadable'
      ? `${name}: ${message}`
      : `${word}: ${name}${message ? ` — ${message}` : ''}`
  );
}

/** The DOM of one row (id and position are set by the list). */
export function rowNode(row: Row): HTMLElement {
  const node = element('div', `bg-TestRow bg-TestRow-${row.kind}`);
  node.setAttribute('role', 'treeitem');
  node.setAttribute('aria-label', rowLabel(row));
  node.setAttribute('aria-setsize', String(row.setSize));
  node.setAttribute('aria-posinset', String(row.position));
  if (row.kind === 'cell') {
    const cell = row.cell;
    node.setAttribute('aria-level', '1');
    node.setAttribute('aria-expanded', String(!row.collapsed));
    node.dataset.cellIndex = String(cell.cellIndex);
    const twisty = element(
      'span',
      'bg-TestRow-twisty',
      row.collapsed ? '▸' : '▾'
    );
    const title = element(
      'span',
      'bg-TestRow-cellName',
      `Cell ${cell.cellIndex + 1}`
    );
    const count =
      cell.executionCount === null
        ? null
        : element('span', 'bg-TestRow-execution', `[${cell.executionCount}]`);
    const summary = element('span', 'bg-TestRow-summary');
    for (const status of ['pass', 'fail', 'error', 'unreadable'] as const) {
      if (cell.counts[status]) {
        const part = element(
          'span',
          `bg-TestRow-tally bg-mod-${status}`,
          `${STATUS_ICONS[status]} ${formatCount(cell.counts[status])}`
        );
        summary.append(part);
      }
    }
    node.append(twisty, title);
    if (count) {
      node.append(count);
    }
    if (cell.stale) {
      node.append(element('span', 'bg-TestRow-stale', 'stale'));
    }
    node.append(summary);
    node.title = rowLabel(row);
    for (const child of Array.from(node.children)) {
      child.setAttribute('aria-hidden', 'true');
    }
    return node;
  }
  const status = row.result.status;
  const [name, message] = resultTexts(row.result);
  node.setAttribute('aria-level', '2');
  node.dataset.status = status;
  node.classList.add(`bg-mod-${status}`);
  const icon = element('span', 'bg-TestRow-icon', STATUS_ICONS[status]);
  const label = element('span', 'bg-TestRow-name', clip(name));
  node.append(icon, label);
  if (message) {
    node.append(element('span', 'bg-TestRow-message', clip(message)));
  }
  node.title = rowLabel(row);
  for (const child of Array.from(node.children)) {
    child.setAttribute('aria-hidden', 'true');
  }
  return node;
}
