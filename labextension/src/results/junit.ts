/**
 * The JUnit XML of a `results.v1` document: one testsuite for the notebook;
 * one testcase per assertion (a `failure` or an `error` element with the
 * message, and expected and actual as text), per unreadable result and per
 * problem. The layout is the one of `junit-10.xsd`, which the tests validate
 * it against. browsergrad_kernel/results/junit.py writes the same bytes from
 * the same document (tests/test_junit.py compares the two).
 *
 * Written as text, so it runs in the browser and under Node alike.
 */
import type {
  IResultsCell,
  IResultsDocument,
  IResultsProblem
} from './document';
import { UNREADABLE_NAME } from './document';
import { notebookName, notebookStem } from './names';

/** The `type` of the error element of an unreadable result. */
export const UNREADABLE_TYPE = 'browsergrad.UnreadableResult';

/** The document's fields that become suite properties (`browsergrad.<path>`). */
const PROPERTIES = [
  ['schema'],
  ['generator'],
  ['lab', 'id'],
  ['lab', 'version'],
  ['lab', 'rubric_sha256'],
  ['runtime', 'browsergrad'],
  ['runtime', 'python'],
  ['runtime', 'implementation'],
  ['limits', 'cell_s'],
  ['limits', 'total_s'],
  ['score', 'points'],
  ['score', 'max']
];

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

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;'
};
const escapeAttribute = (text: string) =>
  text.replace(/[&<>"\t\n\r]/g, char => ENTITIES[char]);
const escapeText = (text: string) =>
  text.replace(/[&<>]/g, char => ENTITIES[char]);

interface INode {
  tag: string;
  attributes: [string, string][];
  children: INode[];
  text: string;
}

function node(
  tag: string,
  attributes: Record<string, string | number>,
  children: INode[] = [],
  text = ''
): INode {
  return {
    tag,
    attributes: Object.entries(attributes).map(([key, value]) => [
      key,
      xmlText(String(value))
    ]),
    children,
    text: xmlText(text)
  };
}

function serialize(item: INode, depth: number): string {
  const pad = '  '.repeat(depth);
  const attributes = item.attributes
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  const open = `${pad}<${item.tag}${attributes}`;
  if (item.children.length) {
    const inner = item.children.map(child => serialize(child, depth + 1));
    return `${open}>\n${inner.join('')}${pad}</${item.tag}>\n`;
  }
  if (item.text) {
    return `${open}>${escapeText(item.text)}</${item.tag}>\n`;
  }
  return `${open}/>\n`;
}

/** Milliseconds as seconds with three decimals (0 when unknown). */
export function seconds(ms: unknown): string {
  const whole = typeof ms === 'number' && ms > 0 ? Math.round(ms) : 0;
  const fraction = String(whole % 1000).padStart(3, '0');
  return `${Math.floor(whole / 1000)}.${fraction}`;
}

type IEvent = Readonly<Record<string, unknown>>;

/** A value of an assertion as text: its repr, else its JSON. */
function valueText(event: IEvent, side: string): string {
  const repr = event[`${side}_repr`];
  return typeof repr === 'string' ? repr : JSON.stringify(event[side] ?? null);
}

function assertionCase(event: IEvent, classname: string): INode {
  const attributes = {
    name: String(event.name),
    classname,
    time: seconds(event.duration_ms)
  };
  if (event.status === 'pass') {
    return node('testcase', attributes);
  }
  const error = event.status === 'error';
  const excType = typeof event.exc_type === 'string' ? event.exc_type : null;
  const message = typeof event.message === 'string' ? event.message : '';
  const lines: string[] = [];
  const said = [error ? excType : null, message].filter(Boolean).join(': ');
  if (error && said) {
    lines.push(said);
  }
  const compared = ['expected', 'actual'].some(
    side =>
      (event[side] ?? null) !== null ||
      typeof event[`${side}_repr`] === 'string'
  );
  if (compared) {
    lines.push(`expected: ${valueText(event, 'expected')}`);
    lines.push(`actual: ${valueText(event, 'actual')}`);
  }
  const outcome = node(
    error ? 'error' : 'failure',
    { message, type: error ? (excType ?? 'Error') : 'AssertionError' },
    [],
    lines.join('\n')
  );
  return node('testcase', attributes, [outcome]);
}

function problemCase(problem: IResultsProblem, classname: string): INode {
  const error = node(
    'error',
    { message: problem.message, type: problem.exc_type ?? problem.kind },
    [],
    problem.traceback ?? ''
  );
  const name = `${problem.cell_id ?? 'notebook'}: ${problem.kind}`;
  return node('testcase', { name, classname, time: seconds(0) }, [error]);
}

function classnameOf(cell: IResultsCell, stem: string): string {
  if (cell.kind === 'rubric') {
    return `${stem}.rubric`;
  }
  return cell.cell_index === null
    ? `${stem}.${cell.cell_id}`
    : `${stem}.cell${cell.cell_index + 1}`;
}

function propertyNodes(doc: IResultsDocument): INode[] {
  const nodes: INode[] = [];
  for (const path of PROPERTIES) {
    let value: unknown = doc;
    for (const key of path) {
      value = (value as Record<string, unknown> | undefined)?.[key];
    }
    if (value !== undefined && value !== null) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      nodes.push(
        node('property', { name: `browsergrad.${path.join('.')}`, value: text })
      );
    }
  }
  return nodes;
}

/** The test cases of a document, in cell order, each cell's problems last. */
function testCases(doc: IResultsDocument): INode[] {
  const stem = notebookStem(doc.notebook);
  const problems = [...(doc.problems ?? [])];
  const cases: INode[] = [];
  for (const cell of doc.cells) {
    const classname = classnameOf(cell, stem);
    for (const event of cell.events) {
      if (event.type === 'assertion') {
        cases.push(assertionCase(event, classname));
      }
    }
    for (const entry of cell.unreadable) {
      const reason = node('error', {
        message: entry.reason,
        type: UNREADABLE_TYPE
      });
      const name = entry.name ?? UNREADABLE_NAME;
      const attributes = { name, classname, time: seconds(0) };
      cases.push(node('testcase', attributes, [reason]));
    }
    for (let i = 0; i < problems.length; i++) {
      if (problems[i].cell_id === cell.cell_id) {
        cases.push(problemCase(problems.splice(i--, 1)[0], classname));
      }
    }
  }
  for (const problem of problems) {
    cases.push(problemCase(problem, stem));
  }
  return cases;
}

export function junitXml(doc: IResultsDocument): string {
  const cases = testCases(doc);
  const outcomes = cases.map(item => item.children[0]?.tag);
  const failures = outcomes.filter(tag => tag === 'failure').length;
  const errors = outcomes.filter(tag => tag === 'error').length;
  let total = doc.duration_ms;
  if (typeof total !== 'number') {
    total = 0;
    for (const cell of doc.cells) {
      for (const event of cell.events) {
        if (
          event.type === 'assertion' &&
          typeof event.duration_ms === 'number'
        ) {
          total += event.duration_ms;
        }
      }
    }
  }
  const counts = { tests: cases.length, failures, errors };
  const suite = node(
    'testsuite',
    {
      name: doc.notebook,
      ...counts,
      skipped: 0,
      time: seconds(total),
      timestamp: doc.created,
      file: doc.notebook
    },
    [node('properties', {}, propertyNodes(doc)), ...cases]
  );
  const root = node(
    'testsuites',
    { name: notebookName(doc.notebook), ...counts, time: seconds(total) },
    [suite]
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root, 0)}`;
}
