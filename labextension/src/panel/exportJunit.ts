/**
 * The JUnit XML export of a notebook's results: one testsuite for the
 * notebook, one testcase per assertion (and per unreadable result), with
 * `failure` and `error` elements that carry the message, and the expected
 * and actual values as their text. The layout is the one of the Jenkins
 * `junit-10.xsd`, against which the tests validate it.
 *
 * Written with the browser's own XML DOM and XMLSerializer, which escape
 * markup. (junit-report-builder, the usual JUnit writer on npm, writes with
 * Node's `fs` and cannot put text in a `failure` element.)
 */
import type { ICellResults, INotebookResults, ITestResult } from './tokens';
import { notebookName, notebookStem } from './names';

/** The `type` of the error element of an unreadable result. */
export const UNREADABLE_TYPE = 'browsergrad.UnreadableResult';

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab and newlines,
 * U+FFFE, U+FFFF, lone surrogates), written as escapes instead.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, char => {
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A value of an assertion as text: its repr, else its JSON. */
function valueText(event: Readonly<Record<string, unknown>>, side: string) {
  const repr = event[`${side}_repr`];
  if (typeof repr === 'string') {
    return repr;
  }
  return JSON.stringify(event[side] ?? null);
}

/** The text of a failure or error element: what was compared, if anything. */
function detailText(result: ITestResult): string {
  const event = result.event;
  if (!event) {
    return '';
  }
  const lines: string[] = [];
  if (result.status === 'error' && result.message) {
    lines.push(result.message);
  }
  const compared = ['expected', 'actual'].some(
    side => event[side] !== null || typeof event[`${side}_repr`] === 'string'
  );
  if (compared) {
    lines.push(`expected: ${valueText(event, 'expected')}`);
    lines.push(`actual: ${valueText(event, 'actual')}`);
  }
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function durationOf(result: ITestResult): number {
  const ms = result.event?.duration_ms;
  return typeof ms === 'number' ? ms : 0;
}

export function junitXml(
  results: INotebookResults,
  now: Date = new Date()
): string {
  const doc = document.implementation.createDocument(null, 'testsuites', null);
  const stem = notebookStem(results.path);
  const counts = results.counts;
  const tests = counts.pass + counts.fail + counts.error + counts.unreadable;
  const errors = counts.error + counts.unreadable;
  let total = 0;
  for (const cell of results.cells) {
    for (const result of cell.results) {
      total += durationOf(result);
    }
  }
  const set = (node: Element, attributes: Record<string, string | number>) => {
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, xmlText(String(value)));
    }
    return node;
  };
  const child = (parent: Element, name: string, depth: number): Element => {
    parent.append(doc.createTextNode(`\n${'  '.repeat(depth)}`));
    return parent.appendChild(doc.createElement(name));
  };
  const close = (parent: Element, depth: number) =>
    parent.append(doc.createTextNode(`\n${'  '.repeat(depth)}`));

  const root = set(doc.documentElement, {
    name: notebookName(results.path),
    tests,
    failures: counts.fail,
    errors,
    time: seconds(total)
  });
  const suite = set(child(root, 'testsuite', 1), {
    name: results.path,
    tests,
    failures: counts.fail,
    errors,
    skipped: 0,
    time: seconds(total),
    timestamp: now.toISOString(),
    file: results.path
  });
  const properties = child(suite, 'properties', 2);
  set(child(properties, 'property', 3), {
    name: 'browsergrad.events_schema',
    value: 'urn:browsergrad:schema:event:v1'
  });
  close(properties, 2);
  for (const cell of results.cells) {
    for (const result of cell.results) {
      addCase(suite, result, cell, stem, child, set);
    }
  }
  close(suite, 1);
  close(root, 0);
  const xml = new XMLSerializer().serializeToString(doc);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

function addCase(
  suite: Element,
  result: ITestResult,
  cell: ICellResults,
  stem: string,
  child: (parent: Element, name: string, depth: number) => Element,
  set: (node: Element, attributes: Record<string, string | number>) => Element
): void {
  const testcase = set(child(suite, 'testcase', 2), {
    name: result.name,
    classname: `${stem}.cell${cell.cellIndex + 1}`,
    time: seconds(durationOf(result))
  });
  if (result.status === 'pass') {
    return;
  }
  const outcome = result.status === 'fail' ? 'failure' : 'error';
  const type =
    result.status === 'unreadable'
      ? UNREADABLE_TYPE
      : result.status === 'fail'
        ? 'AssertionError'
        : typeof result.event?.exc_type === 'string'
          ? result.event.exc_type
          : 'Error';
  const message =
    result.status === 'error'
      ? typeof result.event?.message === 'string'
        ? result.event.message
        : ''
      : result.message;
  const element = set(child(testcase, outcome, 3), { message, type });
  const text = detailText(result);
  if (text) {
    element.textContent = xmlText(text);
  }
  testcase.append(suite.ownerDocument.createTextNode('\n    '));
}
