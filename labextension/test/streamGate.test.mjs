// The output limit and the stream gate of the main thread
// (src/output/outputLimit.ts, src/output/streamGate.ts), bundled from their
// TypeScript sources; the sink records what the kernel would publish.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource, sleep } from './workerHarness.mjs';

let OutputBudget, LeftOut, StreamGate, PACE, NOTICE_GAP_MS;

/** A site's default limit (the settings schema's; test/settings.test.mjs). */
const DEFAULT_LIMIT = { lines: 20000, characters: 1000000 };
const NO_LIMIT = { lines: null, characters: null };

before(async () => {
  ({ OutputBudget, LeftOut } = await loadSource('output/outputLimit.ts'));
  ({ StreamGate, PACE, NOTICE_GAP_MS } = await loadSource(
    'output/streamGate.ts'
  ));
});

const lines = (n, text = 'tick') => `${text}\n`.repeat(n);

test('the budget counts lines and characters, and cuts where the limit is', () => {
  const budget = new OutputBudget({ lines: 3, characters: null });
  assert.equal(budget.take('stdout', lines(2)), 10);
  // the third line fits, the fourth does not: the cut is after the third
  assert.equal(budget.take('stdout', 'one\ntwo\n'), 4);
  assert.equal(budget.take('stderr', 'more\n'), 0);

  const chars = new OutputBudget({ lines: null, characters: 10 });
  assert.equal(chars.take('stdout', 'abcd\n'), 5);
  // one long line is cut inside, at the tenth character
  assert.equal(chars.take('stdout', 'x'.repeat(100)), 5);
  const exact = new OutputBudget({ lines: null, characters: 10 });
  assert.equal(exact.take('stdout', 'abcd\nxyz'), 8);
  assert.equal(exact.take('stderr', 'pq'), 2);
  assert.equal(exact.take('stderr', 'r'), 0);
});

test('a carriage return rewrites its line, so a progress bar stays small', () => {
  const budget = new OutputBudget({ lines: 5, characters: 50 });
  let progress = '';
  for (let i = 0; i <= 100; i++) {
    progress += `\r${String(i).padStart(3)}% ${'#'.repeat(i / 10)}`;
  }
  // 1,700 characters written, but the line ends up 15 long
  assert.equal(budget.take('stdout', progress), progress.length);
  assert.equal(budget.take('stdout', '\r100% done\n'), 11);
  // \r\n ends a line like \n and rewrites nothing
  assert.equal(budget.take('stdout', 'a\r\nb\r\nc\r\nd\r\n'), 12);
  assert.equal(budget.take('stdout', 'e\r\n'), 0);
});

test('a rewritten line keeps its longest text, as JupyterLab shows it', () => {
  const budget = new OutputBudget({ lines: null, characters: 50 });
  // 40 characters, then back to the start: what follows overwrites them
  assert.equal(budget.take('stdout', `${'x'.repeat(40)}\r`), 41);
  assert.equal(budget.take('stdout', 'y'.repeat(30)), 30);
  assert.equal(budget.take('stdout', '\n'), 1);
  // a long line rewritten to a short one still shows its length
  const long = new OutputBudget({ lines: null, characters: 50 });
  assert.equal(long.take('stdout', `${'x'.repeat(100)}\ry\n`), 0);
  // \r\n split across two writes ends the line like \r\n in one
  const split = new OutputBudget({ lines: null, characters: 4 });
  assert.equal(split.take('stdout', 'abc\r'), 4);
  assert.equal(split.take('stdout', '\n'), 1);
  assert.equal(split.take('stdout', 'd'), 0);
});

test('stdout and stderr share the budget but not their unfinished lines', () => {
  const budget = new OutputBudget({ lines: null, characters: 12 });
  assert.equal(budget.take('stdout', 'abc'), 3);
  assert.equal(budget.take('stderr', 'def'), 3);
  // overwriting stderr's line adds nothing, and leaves stdout's alone
  assert.equal(budget.take('stderr', '\rxyz'), 4);
  assert.equal(budget.take('stdout', '123456'), 6);
  assert.equal(budget.take('stdout', '7'), 0);
});

test('the notice counts what was left out and shows the latest lines', () => {
  const left = new LeftOut({ lines: 20000, characters: null });
  for (let i = 0; i < 5000; i++) {
    left.add(`line ${i}\n`);
  }
  left.add('\r 50%\r100%\r\n');
  left.add('long line\rshort\n');
  const notice = left.notice();
  assert.match(notice, /at most 20,000 lines of printed output/);
  assert.match(notice, /Left out so far: [\d,]+ characters in 5,002 lines/);
  const shown = notice.split('The latest lines:\n')[1].split('\n');
  assert.equal(shown.length, 20);
  assert.equal(shown.at(-3), 'line 4999');
  assert.equal(shown.at(-2), '100%');
  // overwritten from the start, as JupyterLab shows it
  assert.equal(shown.at(-1), 'shortline');
});

/** A gate whose page draws each message in `drawMs`, and what it published. */
function recordingGate(limit, drawMs = 0) {
  const sent = [];
  // when each stream message went out (ms, performance.now())
  const streamedAt = [];
  const sink = {
    stream: (content, parent) => {
      streamedAt.push(performance.now());
      sent.push({ kind: 'stream', ...content, cell: parent.msg_id });
    },
    displayData: (content, parent) =>
      sent.push({ kind: 'display', content, cell: parent.msg_id }),
    updateDisplayData: (content, parent) =>
      sent.push({ kind: 'update', content, cell: parent.msg_id })
  };
  const gate = new StreamGate(sink, limit, () =>
    sleep(drawMs).then(() => true)
  );
  return { gate, sent, streamedAt };
}

const cell = id => ({ msg_id: id });

test('held writes go out together, in order, and flush sends at once', async () => {
  const { gate, sent } = recordingGate(DEFAULT_LIMIT);
  const one = cell('one');
  gate.write('stdout', 'a', one);
  gate.write('stdout', 'b', one);
  gate.write('stderr', 'c', one);
  gate.write('stdout', 'd', one);
  assert.deepEqual(sent, []);
  gate.flush();
  assert.deepEqual(
    sent.map(m => [m.name, m.text]),
    [
      ['stdout', 'ab'],
      ['stderr', 'c'],
      ['stdout', 'd']
    ]
  );
  // the next cell's text sends the last one's held text at once
  gate.write('stdout', 'e', one);
  gate.write('stdout', 'x', cell('two'));
  assert.deepEqual(sent.at(-1), {
    kind: 'stream',
    name: 'stdout',
    text: 'e',
    cell: 'one'
  });
  await sleep(30);
  assert.deepEqual(sent.at(-1), {
    kind: 'stream',
    name: 'stdout',
    text: 'x',
    cell: 'two'
  });
});

test('a send waits until the page drew the last one, and PACE times that', async () => {
  const drawMs = 40;
  const { gate, sent, streamedAt } = recordingGate(DEFAULT_LIMIT, drawMs);
  const one = cell('one');
  const started = performance.now();
  for (let i = 0; i < 60; i++) {
    gate.write('stdout', `${i}\n`, one);
    await sleep(5);
  }
  // the paced sends, timed where they went out (not the flush below)
  const times = streamedAt.map(at => at - started);
  gate.flush();
  const text = sent.map(m => m.text).join('');
  assert.equal(text, Array.from({ length: 60 }, (_, i) => `${i}\n`).join(''));
  assert.ok(times.length >= 2, `paced sends: ${times}`);
  for (let i = 1; i < times.length; i++) {
    assert.ok(
      times[i] - times[i - 1] >= drawMs * (1 + PACE) - 5,
      `sends at ${times.map(Math.round)} ms`
    );
  }
});

test('a hidden tab, which draws nothing, does not slow the sends down', async () => {
  const sent = [];
  const sink = { stream: content => sent.push([performance.now(), content]) };
  // no frame within the fallback second: the wait says nothing of drawing
  const gate = new StreamGate(sink, DEFAULT_LIMIT, () =>
    sleep(150).then(() => false)
  );
  const one = cell('one');
  for (let i = 0; i < 80; i++) {
    gate.write('stdout', `${i}\n`, one);
    await sleep(5);
  }
  gate.dispose();
  const times = sent.map(([at]) => at);
  assert.ok(times.length >= 3, `sends at ${times}`);
  for (let i = 1; i < times.length - 1; i++) {
    // 150 ms without a frame, then the shortest gap, not PACE × 150 ms
    assert.ok(times[i] - times[i - 1] < 150 * PACE, `gaps: ${times}`);
  }
  // dispose sent what was held
  assert.equal(
    sent.map(([, content]) => content.text).join(''),
    Array.from({ length: 80 }, (_, i) => `${i}\n`).join('')
  );
});

test('past the limit: the text up to it, then one notice updated in place', async () => {
  const { gate, sent } = recordingGate({ ...DEFAULT_LIMIT, lines: 100 });
  const one = cell('one');
  gate.write('stdout', lines(60), one);
  gate.write('stdout', lines(60), one);
  gate.flush();
  const streamed = sent.filter(m => m.kind === 'stream');
  assert.equal(streamed.map(m => m.text).join(''), lines(100));
  const displays = sent.filter(m => m.kind === 'display');
  assert.equal(displays.length, 1);
  const id = displays[0].content.transient.display_id;
  assert.match(displays[0].content.data['text/plain'], /in 20 lines/);

  gate.write('stdout', lines(5, 'later'), one);
  // paced: the notice is updated within its gap, without a flush
  await sleep(NOTICE_GAP_MS + 100);
  const updates = sent.filter(m => m.kind === 'update');
  assert.ok(updates.length >= 1);
  assert.equal(updates.at(-1).content.transient.display_id, id);
  assert.match(updates.at(-1).content.data['text/plain'], /in 25 lines/);
  assert.match(updates.at(-1).content.data['text/plain'], /later$/);
  gate.flush();
  // nothing more was streamed past the limit
  assert.equal(sent.filter(m => m.kind === 'stream').length, streamed.length);
});

test('clearing the output starts the limit afresh', () => {
  const { gate, sent } = recordingGate({ ...DEFAULT_LIMIT, lines: 10 });
  const one = cell('one');
  for (let i = 0; i < 50; i++) {
    gate.write('stdout', lines(5, `round ${i}`), one);
    gate.flush();
    gate.cleared(one);
  }
  assert.equal(sent.filter(m => m.kind !== 'stream').length, 0);
  assert.equal(sent.at(-1).text, lines(5, 'round 49'));
});

test('with the limit lifted everything is streamed', () => {
  const { gate, sent } = recordingGate(NO_LIMIT);
  const one = cell('one');
  gate.write('stdout', lines(50000), one);
  gate.flush();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].text.length, 250000);
});
