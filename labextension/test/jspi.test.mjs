// A restored kernel where the runtime has JSPI (Node's flag gives the older
// JSPI API; Chromium has the newer one): `run_sync` works, and on a page
// without the shared interrupt buffer `time.sleep` suspends Python, so Stop
// and a time limit end it in place through the worker's `interrupt` call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { sleep, startWorker } from './workerHarness.mjs';

const TEST_TIMEOUT_MS = 240000;
const STOP = 2;
const TIME_LIMIT = 14;
let worker;
const withJspi = 'Suspender' in WebAssembly;
if (withJspi) {
  before(async () => {
    worker = await startWorker({ isolated: false });
  });
  after(() => worker?.close());
} else {
  // The flag cannot be set from inside a running Node: run this file again.
  test('with JSPI (this file under --experimental-wasm-stack-switching)', () => {
    const file = fileURLToPath(import.meta.url);
    // not as a child of this test runner, which would take its report
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const flagged = spawnSync(
      process.execPath,
      ['--experimental-wasm-stack-switching', '--test', file],
      { encoding: 'utf8', env, timeout: TEST_TIMEOUT_MS * 2 }
    );
    assert.equal(flagged.status, 0, flagged.stdout + flagged.stderr);
    assert.match(flagged.stdout, /# pass 2\n/);
  });
}

async function printed(code) {
  const before = worker.stdout().length;
  const reply = await worker.execute(code).reply;
  assert.equal(reply.status, 'ok', JSON.stringify(reply));
  await sleep(100); // printed text is posted about every 50 ms
  return worker.stdout().slice(before).trim();
}

const jspiTest = withJspi ? test : () => undefined;

jspiTest(
  'after a restore, run_sync and time.sleep work',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    assert.equal(worker.info.start, 'snapshot');
    const code = [
      'import js, time',
      'from pyodide.ffi import can_run_sync, run_sync',
      'ready = js.eval("new Promise(r => setTimeout(() => r(5), 50))")',
      't = time.monotonic()',
      'time.sleep(0.2)',
      'print(can_run_sync(), run_sync(ready), time.monotonic() - t >= 0.2)'
    ].join('\n');
    assert.equal(await printed(code), 'True 5 True');
  }
);

jspiTest(
  'without the shared buffer, Stop and a time limit end time.sleep in place',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    assert.equal((await worker.execute('kept = 41').reply).status, 'ok');
    for (const [signal, ename] of [
      [STOP, 'KeyboardInterrupt'],
      [TIME_LIMIT, 'TimeoutError']
    ]) {
      const run = worker.execute('import time\ntime.sleep(60)', 30);
      await sleep(300);
      // the worker is free while Python sleeps: it answers at once
      const taken = await Promise.race([
        worker.signal(run, signal),
        sleep(1000).then(() => 'busy')
      ]);
      assert.equal(taken, true, ename);
      const reply = await run.reply;
      assert.equal(reply.ename, ename);
      assert.match(reply.traceback.join('\n'), /time\.sleep\(60\)/);
    }
    assert.equal(await printed('print(kept + 1)'), '42');
    // the sleep's contract is kept
    const errors = await printed(
      [
        'for bad in (-1, "1", float("nan")):',
        '    try:',
        '        time.sleep(bad)',
        '    except (TypeError, ValueError) as e:',
        '        print(type(e).__name__)'
      ].join('\n')
    );
    assert.equal(errors, 'ValueError\nTypeError\nValueError');
  }
);
