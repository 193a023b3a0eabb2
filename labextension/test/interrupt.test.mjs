// Stop and time limits at worker level: the worker bundle the site ships,
// real Pyodide under Node, and the main thread's CellRun (bundled from its
// TypeScript source), as the kernel drives them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadCellRun, sleep, startWorker } from './workerHarness.mjs';

const STOP = 2;
const TIME_LIMIT = 14;
// A stop that never lands fails its own test, not the whole file.
const TEST_TIMEOUT_MS = 90_000;

let worker;
let CellRun;

before(async () => {
  worker = await startWorker();
  CellRun = await loadCellRun();
});
after(() => worker?.close());

/** Run `code`, stop it once it has started, and return the reply. */
async function stopWhileRunning(code, { signal = STOP, waitMs = 300 } = {}) {
  const run = worker.execute(code);
  await sleep(waitMs);
  const taken = await Promise.race([
    worker.signal(run, signal),
    sleep(50).then(() => 'busy')
  ]);
  return { reply: await run.reply, taken };
}

test(
  'Stop interrupts busy Python and the kernel keeps its state',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    assert.equal((await worker.execute('kept = 41').reply).status, 'ok');
    const cases = {
      'while True: pass': false,
      'import time\ntime.sleep(60)': false,
      'while True:\n    print("tick")': false,
      'squares = [i * i for i in range(10**9)]': false,
      'import asyncio\nawait asyncio.sleep(60)': true,
      'import js\nawait js.eval("new Promise(() => {})")': true
    };
    for (const [code, taken] of Object.entries(cases)) {
      const result = await stopWhileRunning(code);
      assert.equal(result.reply.status, 'error', code);
      assert.equal(result.reply.ename, 'KeyboardInterrupt', code);
      // Busy Python takes the signal from the buffer (the interrupt call waits
      // until the cell ended, then finds nothing to do); an awaiting cell takes
      // it from the interrupt call, which the idle worker answers at once.
      assert.equal(result.taken === true, taken, code);
      assert.equal(Atomics.load(worker.signals, 1), 1, `${code}: acknowledged`);
    }
    // An async loop that never waits on a future: the signal lands between
    // its steps and is delivered again until the cell itself runs.
    const spinning = await stopWhileRunning(
      'import asyncio\nwhile True:\n    await asyncio.sleep(0)'
    );
    assert.equal(spinning.reply.ename, 'KeyboardInterrupt');
    const reply = await worker.execute('assert kept == 41, kept\nkept + 1')
      .reply;
    assert.equal(reply.status, 'ok', JSON.stringify(reply));
  }
);

test(
  'the sleep that Stop wakes still sleeps and checks its argument',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const reply = await worker.execute(
      [
        'import time',
        't = time.monotonic(); time.sleep(0.2); slept = time.monotonic() - t',
        'assert 0.19 < slept < 5, slept',
        'for bad, kind in ((-1, ValueError), ("1", TypeError)):',
        '    try:',
        '        time.sleep(bad)',
        '    except kind:',
        '        pass',
        '    else:',
        '        raise AssertionError(bad)'
      ].join('\n')
    ).reply;
    assert.equal(reply.status, 'ok', JSON.stringify(reply));
  }
);

test(
  'a time limit raises TimeoutError naming the limit',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    for (const code of ['while True: pass', 'import time\ntime.sleep(60)']) {
      const run = worker.execute(code, 0.3);
      await sleep(300);
      await worker.signal(run, TIME_LIMIT);
      const reply = await run.reply;
      assert.equal(reply.ename, 'TimeoutError', code);
      assert.match(reply.evalue, /time limit of 0\.3 s/, code);
    }
  }
);

test(
  'Stop pressed many times gives one KeyboardInterrupt',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const run = worker.execute('while True: pass');
    await sleep(300);
    for (let i = 0; i < 20; i++) {
      void worker.signal(run, STOP);
      await sleep(5);
    }
    const reply = await run.reply;
    assert.equal(reply.ename, 'KeyboardInterrupt');
    const traceback = reply.traceback.join('\n');
    assert.equal(traceback.match(/KeyboardInterrupt/g)?.length >= 1, true);
    assert.doesNotMatch(traceback, /During handling of the above exception/);
    assert.equal((await worker.execute('1 + 1').reply).status, 'ok');
  }
);

test(
  'an interrupt while no cell runs is harmless',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const done = worker.execute('pass');
    await done.reply;
    assert.equal(await worker.signal(done, STOP), false);
    const reply = await worker.execute('x = sum(range(10**6))\nx').reply;
    assert.equal(reply.status, 'ok', JSON.stringify(reply));
  }
);

test(
  'CellRun gives up a cell blocked in JavaScript after the grace',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const run = worker.execute('import js\njs.eval("for (;;) {}")');
    const given = new Promise(resolve => {
      const cell = new CellRun(run.seq, null, worker, resolve);
      setTimeout(() => cell.stop(STOP), 300);
    });
    const started = performance.now();
    assert.equal(await given, STOP);
    // Gave up only once the grace passed without an answer.
    assert.ok(performance.now() - started >= 500 - 5);
    await worker.close();
    worker = await startWorker();
  }
);

test(
  'CellRun enforces its time limit, also on a cell that catches it',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const plain = worker.execute('while True: pass', 0.2);
    const cell = new CellRun(plain.seq, 0.2, worker, () => {
      throw new Error('should not give up a cell that answered');
    });
    const reply = await plain.reply;
    cell.finish();
    assert.equal(reply.ename, 'TimeoutError');

    const stubborn = worker.execute(
      'while True:\n    try:\n        while True: pass\n    except TimeoutError:\n        pass',
      0.2
    );
    const given = await new Promise(resolve => {
      new CellRun(stubborn.seq, 0.2, worker, resolve);
    });
    assert.equal(given, TIME_LIMIT);
    await worker.close();
    worker = await startWorker();
  }
);

test(
  'without a shared buffer, an awaiting cell still stops in place',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const plain = await startWorker({ isolated: false });
    try {
      await plain.execute('kept = 1').reply;
      const waiting = plain.execute('import asyncio\nawait asyncio.sleep(60)');
      await sleep(300);
      assert.equal(await plain.signal(waiting, STOP), true);
      assert.equal((await waiting.reply).ename, 'KeyboardInterrupt');
      // CellRun's probe leaves a free worker the cell to end in place...
      const awaiting = plain.execute('import asyncio\nawait asyncio.sleep(60)');
      await sleep(300);
      const cell = new CellRun(awaiting.seq, null, plain, () => {
        throw new Error('gave up a worker that replied');
      });
      cell.stop(STOP);
      assert.equal((await awaiting.reply).ename, 'KeyboardInterrupt');
      cell.finish();
      assert.equal((await plain.execute('kept').reply).status, 'ok');
      // ...and gives a busy one up as soon as it has not replied, before
      // the grace a late page waits for.
      const busy = plain.execute('while True: pass');
      await sleep(200);
      const stoppedAt = performance.now();
      const given = await new Promise(resolve => {
        new CellRun(busy.seq, null, plain, resolve).stop(STOP);
      });
      assert.equal(given, STOP);
      const waited = performance.now() - stoppedAt;
      assert.ok(waited >= 50 - 5 && waited < 150, `gave up after ${waited} ms`);
    } finally {
      await plain.close();
    }
  }
);

test(
  'a time limit past setTimeout range does not fire at once',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    // 30 days: more than the 2^31 - 1 ms a single setTimeout can wait.
    const days30 = 30 * 24 * 3600;
    const run = worker.execute('import time\ntime.sleep(0.5)\n"slept"', days30);
    const cell = new CellRun(run.seq, days30, worker, () => {
      throw new Error('should not give up a cell within its limit');
    });
    try {
      const reply = await run.reply;
      assert.equal(reply.status, 'ok', JSON.stringify(reply));
    } finally {
      cell.finish();
    }
  }
);

test(
  'a fatal Pyodide error is reported as an event',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    // Pyodide's own fatal-error path, as a wasm trap or stack overflow takes it.
    const run = worker.execute(
      'import js, pyodide_js\npyodide_js._api.fatal_error(js.Error.new("simulated"))'
    );
    void run.reply.catch(() => undefined);
    for (
      let i = 0;
      i < 100 && !worker.events.some(e => e.type === 'fatal');
      i++
    ) {
      await sleep(50);
    }
    const fatal = worker.events.find(e => e.type === 'fatal');
    assert.ok(fatal, 'no fatal event');
    assert.match(fatal.text, /fatal error.*simulated/);
  }
);
