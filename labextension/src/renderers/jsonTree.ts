/**
 * A collapsible JSON tree on native <details>/<summary> elements. A node's
 * children are built when it is first opened, and long lists and objects
 * show their entries in chunks, so big data costs nothing until explored.
 */
import { button, element } from '../ui/dom';
import { compactJson, formatCount, jsonPrefix } from '../ui/format';
import { isContainer } from './pathDiff';

/** Entries built per chunk when a node opens or "show more" is clicked. */
const CHUNK_ENTRIES = 100;

/**
 * The tree of `value`, labelled with `key` (none for a root). Containers
 * start closed unless `open`; other values are a single line.
 */
export function jsonTree(
  value: unknown,
  key?: string,
  open = false
): HTMLElement {
  if (!isContainer(value)) {
    const leaf = element('div', 'bg-JsonTree-leaf');
    appendKey(leaf, key);
    leaf.append(scalar(value));
    return leaf;
  }
  const size = Array.isArray(value)
    ? value.length
    : Object.keys(value as object).length;
  const node = element('details', 'bg-JsonTree');
  const summary = element('summary', 'bg-JsonTree-summary');
  appendKey(summary, key);
  summary.append(preview(value, size));
  node.append(summary);

  let built = false;
  const build = () => {
    if (!built) {
      built = true;
      const children = element('div', 'bg-JsonTree-children');
      node.append(children);
      appendEntries(children, entriesOf(value), 0);
    }
  };
  if (open) {
    node.open = true;
    build();
  } else {
    node.addEventListener('toggle', () => node.open && build());
  }
  return node;
}

/** Append entries from `start`, one chunk, then a "show more" if any left. */
function appendEntries(
  children: HTMLElement,
  entries: [string, unknown][],
  start: number
): void {
  const end = Math.min(entries.length, start + CHUNK_ENTRIES);
  const fragment = document.createDocumentFragment();
  for (let index = start; index < end; index++) {
    const [key, item] = entries[index];
    fragment.append(jsonTree(item, key));
  }
  if (end < entries.length) {
    const left = entries.length - end;
    const more = button(
      'bg-JsonTree-more',
      `Show ${formatCount(Math.min(left, CHUNK_ENTRIES))} more of ${formatCount(left)}`,
      () => {
        more.remove();
        appendEntries(children, entries, end);
      }
    );
    fragment.append(more);
  }
  children.append(fragment);
}

function entriesOf(value: unknown): [string, unknown][] {
  return Array.isArray(value)
    ? value.map((item, index): [string, unknown] => [String(index), item])
    : Object.entries(value as Record<string, unknown>);
}

function appendKey(parent: HTMLElement, key: string | undefined): void {
  if (key !== undefined) {
    parent.append(element('span', 'bg-JsonTree-key', key), ': ');
  }
}

/** A scalar value, typed by class for its colour. */
function scalar(value: unknown): HTMLElement {
  const kind =
    value === null
      ? 'null'
      : typeof value === 'string'
        ? 'string'
        : typeof value;
  return element(
    'span',
    `bg-JsonTree-value bg-JsonTree-${kind}`,
    compactJson(value, 10_000)
  );
}

/** What a closed container shows: its brackets, size and first entries. */
function preview(value: unknown, size: number): HTMLElement {
  const list = Array.isArray(value);
  const count = `${formatCount(size)} ${list ? 'item' : 'key'}${size === 1 ? '' : 's'}`;
  const text = jsonPrefix(value, 60);
  return element('span', 'bg-JsonTree-preview', `${text} (${count})`);
}
