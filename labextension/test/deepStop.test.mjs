// Stop always ends the cell (issue 15): a deep recursion, its traceback of up
// to a million frames, and a cell that takes the signal but does not end.
// The worker bundle the site ships, real Pyodide under Node, and CellRun.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadCellRun, sleep, startWorker } from './workerHarness.mjs';

const STOP = 2;
const TEST_TIMEOUT_MS = 120_000;
const DEEP = [
  'import sys',
  'sys.setrecursionlimit(10**6)',
  'def down(n):',
  '    return down(n + 1)',
  'down(0)'
].join('\n');

let worker;
let CellRun;

before(async () => {
  worker = await startWorker();
  CellRun = await loadCellRun();
});
after(() => worker?.close());

/**
 * Errors the worker thread throws from now on. A worker that a test gives up
 * is one the kernel terminates at once, so only a kept worker must have none.
 */
function threadErrors(w) {
  const errors = [];
  w.thread.on('error', error => errors.push(error));
  return errors;
}

test(
  'a RecursionError of a million frames is shown cut short and freed',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    await worker.execute('kept = 41').reply;
    const reply = await worker.execute(DEEP).reply;
    assert.equal(reply.ename, 'RecursionError');
    const text = reply.traceback.join('\n');
    assert.match(text, /[\d,]+ more frames left out/);
    assert.ok(text.length < 20_000, `traceback of ${text.length} chars`);
    // A second error replaces the first one's traceback, which is then freed
    // (freeing it whole overflowed the stack: a fatal error).
    assert.equal(
      (await worker.execute('1 / 0').reply).ename,
      'ZeroDivisionError'
    );
    const next = await worker.execute('assert kept == 41\nkept').reply;
    assert.equal(next.status, 'ok', JSON.stringify(next));
    assert.equal(worker.events.filter(e => e.type === 'fatal').length, 0);
  }
);

test(
  'Stop in a deep recursion ends the cell, and the next cell runs',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    await worker.execute('kept = 42').reply;
    const errors = threadErrors(worker);
    const run = worker.execute(DEEP);
    let givenUp = null;
    const cell = new CellRun(run.seq, null, worker, (signal, answered) => {
      givenUp = { signal, answered };
    });
    // Recursion to a million frames takes ~2 s; Python hears Stop only once
    // it loops again (calls alone do not check the signal), in the error's
    // traceback.
    await sleep(1500);
    cell.stop(STOP);
    const ended = await Promise.race([
      run.reply.then(
        () => 'reply',
        () => 'reply'
      ),
      sleep(1200).then(() => (givenUp ? 'given up' : 'busy'))
    ]);
    cell.finish();
    assert.notEqual(ended, 'busy');
    if (ended === 'reply') {
      assert.equal((await run.reply).status, 'error');
    }
    if (givenUp) {
      // The restart path: the kernel would replace this worker.
      assert.deepEqual(givenUp, { signal: STOP, answered: true });
      await worker.close();
      worker = await startWorker();
      return;
    }
    const next = await worker.execute('assert kept == 42\nkept').reply;
    assert.equal(next.status, 'ok', JSON.stringify(next));
    assert.deepEqual(errors, []);
  }
);

test(
  'CellRun gives up a cell that took Stop but did not end',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    threadErrors(worker); // given up below, as the kernel would
    const run = worker.execute(
      'try:\n    while True: pass\nexcept KeyboardInterrupt:\n    while True: pass'
    );
    const started = performance.now();
    const given = new Promise(resolve => {
      const cell = new CellRun(run.seq, null, worker, (signal, answered) =>
        resolve({ signal, answered })
      );
      setTimeout(() => cell.stop(STOP), 300);
    });
    assert.deepEqual(await given, { signal: STOP, answered: true });
    assert.equal(Atomics.load(worker.signals, 1), 1, 'acknowledged');
    const waited = performance.now() - started - 300;
    assert.ok(waited >= 800 - 5 && waited < 1500, `${waited} ms`);
    await worker.close();
    worker = await startWorker();
    assert.equal((await worker.execute('1 + 1').reply).status, 'ok');
  }
);
