// The line diff of the comparison view (src/renderers/lineDiff.ts), bundled
// from its TypeScript source.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

let diffLines, withContext;

before(async () => {
  ({ diffLines, withContext } = await loadSource('renderers/lineDiff.ts'));
});

/** A diff as short strings: ' same', '-removed', '+added'. */
const marks = lines =>
  lines.map(line =>
    line.kind === 'skipped'
      ? `…${line.count}`
      : `${{ same: ' ', removed: '-', added: '+' }[line.kind]}${line.text}`
  );

test('equal texts are all unchanged lines', () => {
  assert.deepEqual(marks(diffLines('a\nb', 'a\nb')), [' a', ' b']);
  assert.deepEqual(marks(diffLines('', '')), [' ']);
});

test('a changed line is removed then added, between the common lines', () => {
  assert.deepEqual(marks(diffLines('a\nb\nc', 'a\nB\nc')), [
    ' a',
    '-b',
    '+B',
    ' c'
  ]);
});

test('insertions and deletions keep the longest common lines', () => {
  assert.deepEqual(marks(diffLines('a\nc', 'a\nb\nc')), [' a', '+b', ' c']);
  assert.deepEqual(marks(diffLines('x\na\ny\nb', 'a\nb\nz')), [
    '-x',
    ' a',
    '-y',
    ' b',
    '+z'
  ]);
  // every line of both sides is there once, in order
  const expected = 'one\ntwo\nthree\nfour\nfive';
  const actual = 'zero\none\nthree\nfour!\nfive\nsix';
  const lines = diffLines(expected, actual);
  const side = kind =>
    lines
      .filter(line => line.kind !== kind)
      .map(line => line.text)
      .join('\n');
  assert.equal(side('added'), expected);
  assert.equal(side('removed'), actual);
  assert.equal(lines.filter(line => line.kind === 'same').length, 3);
});

test('past the size cap the middle is all removed, then all added', () => {
  const a = Array.from({ length: 1200 }, (_, i) => `a${i}`);
  // odd lines are common, but the first and last lines of the middle differ
  const b = a.map((line, i) => (i % 2 && i < 1199 ? line : `b${i}`));
  const lines = diffLines(
    ['head', ...a, 'tail'].join('\n'),
    ['head', ...b, 'tail'].join('\n')
  );
  const kinds = lines.map(line => line.kind);
  assert.equal(kinds[0], 'same');
  assert.equal(kinds.at(-1), 'same');
  assert.deepEqual(kinds.slice(1, 1201), Array(1200).fill('removed'));
  assert.deepEqual(kinds.slice(1201, 2401), Array(1200).fill('added'));
  // under the cap the same lists are aligned
  const small = diffLines(
    a.slice(0, 100).join('\n'),
    b.slice(0, 100).join('\n')
  );
  assert.equal(small.filter(line => line.kind === 'same').length, 50);
});

test('context keeps lines around changes and folds long unchanged runs', () => {
  const expected = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join(
    '\n'
  );
  const actual = expected.replace('5', 'five');
  assert.deepEqual(marks(withContext(diffLines(expected, actual), 1)), [
    '…3',
    ' 4',
    '-5',
    '+five',
    ' 6',
    '…4'
  ]);
  // a run of one unchanged line is shown, not folded
  assert.deepEqual(marks(withContext(diffLines('a\nb\nc', 'a\nb\nC'), 1)), [
    ' a',
    ' b',
    '-c',
    '+C'
  ]);
  assert.deepEqual(
    marks(withContext(diffLines('a\nb\nc\nd', 'a\nb\nc\nD'), 1)),
    ['…2', ' c', '-d', '+D']
  );
  // with no change nothing is worth showing but the fold
  assert.deepEqual(marks(withContext(diffLines('a\nb\nc', 'a\nb\nc'))), ['…3']);
});
