/**
 * Payloads as in docs/events.md, the Python that publishes them from a cell,
 * and page helpers for renderers.spec.ts.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { expect } from './fixtures';

export const EVENTS = 'application/vnd.browsergrad.events.v1+json';
export const IMAGE = 'application/vnd.browsergrad.image.v1+json';
export const XSS = '<img src=x onerror=window.__pwned=1>';
export const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
export const EVIL_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="window.__pwned=1">' +
  '<script>window.__pwned=1</script><rect width="40" height="20" fill="green"/></svg>';

/** An event of schema v1, built by the helpers below. */
export type Event = Record<string, unknown>;
let seq = 0;

/** Number the next events from `start` (each test starts at 0). */
export function resetSeq(start = 0): void {
  seq = start;
}

/** The fields every event has. */
const base = (type: string, name: string) => ({
  type,
  name,
  timestamp: '2026-11-21T10:00:00.123Z',
  seq: seq++
});
export const check = (
  name: string,
  status: string,
  extra: Event = {}
): Event => ({
  ...base('assertion', name),
  status,
  message: null,
  expected: null,
  actual: null,
  expected_repr: null,
  actual_repr: null,
  exc_type: null,
  duration_ms: 1.5,
  ...extra
});
export const log = (name: string, level: string, data: unknown): Event => ({
  ...base('log', name),
  level,
  data,
  size: JSON.stringify(data).length,
  truncated: false
});
export const json = (
  name: string,
  data: unknown,
  extra: Event = {}
): Event => ({
  ...base('json', name),
  data,
  size: JSON.stringify(data).length,
  truncated: false,
  ...extra
});
export const eventsBundle = (events: Event[]) => ({
  [EVENTS]: { events },
  'text/plain': events.map(e => `${e.status ?? e.type} ${e.name}`).join('\n')
});
export const imageBundle = (
  name: string,
  mime: string,
  data: string | null
) => ({
  [IMAGE]: {
    ...base('image', name),
    mime,
    size: data?.length ?? 2_000_000,
    truncated: data === null
  },
  ...(data === null ? {} : { [mime]: data }),
  'text/plain': `[image ${name}: ${mime}]`
});

/** Python that publishes `bundle` as display data. */
export function displayCode(bundle: object, displayId?: string): string {
  const literal = JSON.stringify(JSON.stringify(bundle));
  const id = displayId ? `, display_id=${JSON.stringify(displayId)}` : '';
  return [
    'import json',
    'from IPython.display import display',
    `_ = display(json.loads(${literal}), raw=True${id})`
  ].join('\n');
}

/** Python that replaces the data of every output shown with `displayId`. */
export function updateCode(bundle: object, displayId: string): string {
  const literal = JSON.stringify(JSON.stringify(bundle));
  return [
    'import json',
    'from IPython.display import update_display',
    `update_display(json.loads(${literal}), raw=True, display_id=${JSON.stringify(displayId)})`
  ].join('\n');
}

/**
 * Put `source` in cell `index` and run it. The source goes in through the
 * model: typing long payloads key by key is slow, and the editor re-indents.
 */
export async function run(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
) {
  await page.evaluate(
    ({ index, source }) => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      while (notebook.widgets.length <= index) {
        notebook.model.sharedModel.insertCell(notebook.widgets.length, {
          cell_type: 'code',
          source: ''
        });
      }
      notebook.widgets[index].model.sharedModel.setSource(source);
    },
    { index, source }
  );
  expect(await page.notebook.runCell(index, true)).toBe(true);
}

export const output = (page: IJupyterLabPageFixture, index: number) =>
  page
    .locator('.jp-Notebook .jp-Cell')
    .nth(index)
    .locator('.jp-OutputArea-output');

export const pwned = (page: IJupyterLabPageFixture) =>
  page.evaluate(() => (window as any).__pwned);

/** WCAG contrast of an element's text against what is painted behind it. */
export function contrast(node: Locator): Promise<number> {
  return node.evaluate(element => {
    const parse = (color: string): number[] => {
      const rgb = color.match(/^rgba?\(([^)]*)\)$/);
      const srgb = color.match(/^color\(srgb ([^)]*)\)$/);
      const parts = (rgb ?? srgb)?.[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      if (!parts) {
        return [0, 0, 0, 0];
      }
      const scale = srgb ? 255 : 1;
      return [
        parts[0] * scale,
        parts[1] * scale,
        parts[2] * scale,
        parts[3] ?? 1
      ];
    };
    const over = (top: number[], bottom: number[]) =>
      [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const layers: number[][] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const color = parse(getComputedStyle(node).backgroundColor);
      if (color[3] > 0) {
        layers.push(color);
      }
      if (color[3] >= 1) {
        break;
      }
    }
    let background = [255, 255, 255, 1];
    for (const layer of layers.reverse()) {
      background = over(layer, background);
    }
    const text = over(parse(getComputedStyle(element).color), background);
    const luminance = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map(v => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(text), luminance(background)].sort(
      (a, b) => b - a
    );
    return (light + 0.05) / (dark + 0.05);
  });
}

/** One of each: a pass, fails with each kind of diff, an error, logs, JSON. */
export const mixed = () => [
  check('sum_of_0_to_9', 'pass'),
  check('greeting', 'fail', {
    message: 'texts differ',
    expected: 'hello\nworld\nagain',
    actual: 'hello\nthere\nagain'
  }),
  check('nested', 'fail', {
    message: 'data differs',
    expected: { a: [1, 2, 3, 1], b: 'same' },
    actual: { a: [1, 2, 3, 2], b: 'same' }
  }),
  check('arrays', 'fail', {
    message: 'arrays differ',
    expected_repr: 'array([1, 2])',
    actual_repr: 'array([1, 3])'
  }),
  check('divide', 'error', {
    message: 'division by zero',
    exc_type: 'ZeroDivisionError'
  }),
  log('step', 'debug', 'details'),
  log('loaded', 'info', 'rows: 3'),
  log('slow', 'warning', 'took long'),
  log('broken', 'error', { code: 7 }),
  json('config', { lr: 0.1, layers: [{ units: 8 }, { units: 4 }] }),
  json('huge', null, { size: 2_000_000, truncated: true })
];
