// The worker of one kernel (src/kernel/kernelWorker.ts, bundled from its
// TypeScript source) on real Pyodide workers under Node: boot and attach,
// calls raced against the worker's loss, replacement by a spare, dispose.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';

import {
  bootOptions,
  dist,
  executeArgs,
  loadSource,
  spawnWorker
} from './workerHarness.mjs';

const { KernelWorker } = await loadSource('kernel/kernelWorker.ts');

/** The WorkerLost of a call whose worker went away for `cause`. */
const lostFor = cause => error =>
  /worker was replaced/.test(error.message) && error.cause === cause;

/** A started worker as the pool hands it out (no interrupt buffer). */
function warmWorker(pyodideUrl = join(dist, 'pyodide.mjs')) {
  const { thread, remote } = spawnWorker();
  const channel = new MessageChannel();
  let listener = null;
  const held = [];
  channel.port1.on('message', event =>
    listener ? listener(event) : held.push(event)
  );
  const booted = remote.boot(bootOptions(channel.port2, { pyodideUrl }));
  booted.catch(() => undefined);
  const worker = {
    booted,
    remote,
    canInterrupt: false,
    signals: null,
    controlled: true,
    terminated: false,
    listen(next) {
      listener = next;
      held.splice(0).forEach(next);
    },
    terminate() {
      worker.terminated = true;
      channel.port1.close();
      void thread.terminate();
    }
  };
  return worker;
}

/** A pool that starts a new worker per take, and what it was asked. */
function pool(start = () => warmWorker()) {
  return {
    taken: [],
    prewarms: 0,
    take() {
      const worker = start();
      this.taken.push(worker);
      return worker;
    },
    prewarm() {},
    prewarmWhenIdle() {
      this.prewarms++;
    }
  };
}

function kernelWorker(workers) {
  const seen = { attached: 0, events: [], logs: [] };
  const kw = new KernelWorker({
    pool: workers,
    attach: () => {
      seen.attached++;
      return {
        kernelId: 'test',
        baseUrl: 'http://127.0.0.1/',
        location: '',
        mountDrive: false
      };
    },
    onEvent: event => seen.events.push(event),
    log: (level, text) => seen.logs.push({ level, text })
  });
  return { kw, seen };
}

function execute(kw, code) {
  return kw.call(remote => remote.execute(...executeArgs(code)));
}

test(
  'a lost worker fails its pending call and a spare carries on',
  { timeout: 180000 },
  async () => {
    const workers = pool();
    const { kw, seen } = kernelWorker(workers);
    try {
      await kw.ready;
      assert.equal(seen.attached, 1);
      assert.equal(workers.prewarms, 1);
      assert.ok(kw.bootInfo.pyodideVersion);
      assert.equal((await execute(kw, 'kept = 41')).status, 'ok');

      const busy = execute(kw, 'while True: pass');
      const first = kw.current;
      kw.replace('stop');
      await assert.rejects(busy, lostFor('stop'));
      assert.ok(first.terminated, 'the lost worker is terminated');
      assert.notEqual(kw.current, first);

      await kw.ready;
      assert.equal(seen.attached, 2, 'each worker is attached once');
      seen.events.length = 0;
      assert.equal((await execute(kw, "print('fresh')")).status, 'ok');
      const lost = await execute(kw, 'kept');
      assert.equal(lost.ename, 'NameError', 'a new worker has a fresh state');
      const printed = seen.events
        .filter(event => event.type === 'stream')
        .map(event => event.content.text)
        .join('');
      assert.equal(printed, 'fresh\n', 'the new worker reaches onEvent');
    } finally {
      kw.dispose(new Error('done'));
    }
  }
);

test('dispose fails pending calls and the ready promise', async () => {
  const workers = pool();
  const { kw } = kernelWorker(workers);
  const ready = kw.ready;
  const pending = kw.call(() => new Promise(() => undefined));
  kw.dispose(new Error('kernel disposed'));
  await assert.rejects(ready, /kernel disposed/);
  await assert.rejects(pending, lostFor('disposed'));
  assert.ok(workers.taken[0].terminated);
});

test('a worker that cannot boot is reported, and ready rejects', async () => {
  const workers = pool(() => warmWorker(join(dist, 'no-such-pyodide.mjs')));
  const { kw, seen } = kernelWorker(workers);
  try {
    await assert.rejects(kw.ready);
    assert.equal(seen.attached, 0);
    assert.equal(seen.logs.length, 1);
    assert.equal(seen.logs[0].level, 'critical');
    assert.match(
      seen.logs[0].text,
      /^The browsergrad kernel could not start: /
    );
  } finally {
    kw.dispose(new Error('done'));
  }
});
