/**
 * Expected vs actual, side by side, for a failed or errored assertion; under
 * them, a diff when it helps: line by line for multi-line text, path by path
 * for nested JSON.
 */
import { IEvent } from '../events/schema';
import { append, element } from '../ui/dom';
import { compactJson, formatCount, prettyJson } from '../ui/format';
import { diffLines, withContext } from './lineDiff';
import { diffPaths, isContainer, Side } from './pathDiff';

/** Lines shown at most in a line diff. */
const MAX_DIFF_LINES = 400;

/** Characters shown at most in a pane. */
const MAX_PANE_CHARS = 20_000;

/** One side of a comparison: text (a repr or a string) or a JSON value. */
interface IOperand {
  present: boolean;
  /** A `repr()` given by the kernel for a value that is not JSON. */
  repr: string | null;
  value: unknown;
}

function operand(event: IEvent, side: 'expected' | 'actual'): IOperand {
  const repr = event[`${side}_repr`];
  const value = event[side];
  return {
    present:
      typeof repr === 'string' || (value !== undefined && value !== null),
    repr: typeof repr === 'string' ? repr : null,
    value: value === undefined ? null : value
  };
}

/** Text of an operand for line diffs, when it is text at all. */
function textOf(side: IOperand): string | null {
  if (side.repr !== null) {
    return side.repr;
  }
  return typeof side.value === 'string' ? side.value : null;
}

/** The comparison block, or null when the event has neither side. */
export function comparison(event: IEvent): HTMLElement | null {
  const expected = operand(event, 'expected');
  const actual = operand(event, 'actual');
  if (!expected.present && !actual.present) {
    return null;
  }
  const block = element('div', 'bg-Comparison');
  append(
    block,
    append(
      element('div', 'bg-Comparison-panes'),
      pane('expected', expected),
      pane('actual', actual)
    ),
    diff(expected, actual)
  );
  return block;
}

function pane(label: string, side: IOperand): HTMLElement {
  const node = element('div', `bg-Pane bg-Pane-${label}`);
  node.append(element('div', 'bg-Pane-label', label));
  let text: string;
  if (side.repr !== null) {
    text = side.repr;
  } else if (typeof side.value === 'string' && side.value.includes('\n')) {
    // Multi-line text reads best as it is, not as one escaped line.
    text = side.value;
  } else {
    text = prettyJson(side.value);
  }
  if (text.length > MAX_PANE_CHARS) {
    const left = text.length - MAX_PANE_CHARS;
    text = `${text.slice(0, MAX_PANE_CHARS)}\n… ${formatCount(left)} more characters`;
  }
  node.append(element('pre', 'bg-Pane-value', text));
  return node;
}

/** The diff that suits the two sides, or null. */
function diff(expected: IOperand, actual: IOperand): HTMLElement | null {
  const a = textOf(expected);
  const b = textOf(actual);
  if (
    a !== null &&
    b !== null &&
    a !== b &&
    (a.includes('\n') || b.includes('\n'))
  ) {
    return lineDiff(a, b);
  }
  if (
    expected.repr === null &&
    actual.repr === null &&
    isContainer(expected.value) &&
    isContainer(actual.value)
  ) {
    return pathDiff(expected.value, actual.value);
  }
  return null;
}

function lineDiff(expected: string, actual: string): HTMLElement {
  const node = element('div', 'bg-Diff bg-LineDiff');
  node.append(element('div', 'bg-Diff-label', 'diff (- expected, + actual)'));
  const lines = withContext(diffLines(expected, actual));
  const body = element('div', 'bg-LineDiff-lines');
  lines.slice(0, MAX_DIFF_LINES).forEach(line => {
    if (line.kind === 'skipped') {
      const count = formatCount(line.count);
      const text = `⋯ ${count} unchanged line${line.count === 1 ? '' : 's'}`;
      body.append(element('div', 'bg-LineDiff-skipped', text));
      return;
    }
    const sign =
      line.kind === 'removed' ? '-' : line.kind === 'added' ? '+' : ' ';
    const row = element('div', `bg-LineDiff-line bg-LineDiff-${line.kind}`);
    row.append(element('span', 'bg-LineDiff-sign', sign), line.text);
    body.append(row);
  });
  if (lines.length > MAX_DIFF_LINES) {
    const left = formatCount(lines.length - MAX_DIFF_LINES);
    body.append(element('div', 'bg-LineDiff-skipped', `… ${left} more lines`));
  }
  node.append(body);
  return node;
}

function pathDiff(expected: unknown, actual: unknown): HTMLElement | null {
  const { differences, truncated } = diffPaths(expected, actual);
  if (differences.length === 0) {
    return null;
  }
  const node = element('div', 'bg-Diff bg-PathDiff');
  node.append(
    element('div', 'bg-Diff-label', 'differences (expected → actual)')
  );
  const list = element('ul', 'bg-PathDiff-list');
  for (const difference of differences) {
    list.append(
      append(
        element('li', 'bg-PathDiff-item'),
        element('code', 'bg-PathDiff-path', difference.path),
        ': ',
        sideText(difference.expected, 'expected'),
        ' → ',
        sideText(difference.actual, 'actual')
      )
    );
  }
  if (truncated) {
    list.append(element('li', 'bg-PathDiff-more', '… more differences'));
  }
  node.append(list);
  return node;
}

function sideText(side: Side, which: 'expected' | 'actual'): HTMLElement {
  return side === 'missing'
    ? element('span', `bg-PathDiff-${which} bg-PathDiff-missing`, '(missing)')
    : element('code', `bg-PathDiff-${which}`, compactJson(side.value));
}
