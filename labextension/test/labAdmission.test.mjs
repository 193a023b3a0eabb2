// The lab gate's admission of cells (src/labs/admission.ts), bundled from its
// TypeScript source, with a fake session context and kernels: no cell of a
// lab is sent before the kernel it would run on has reported its version and
// the lab accepts it, across restarts and kernel changes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource, sleep } from './workerHarness.mjs';

let RuntimeWatch, LabAdmission, KERNEL_GONE, NOTEBOOK_CLOSED;

before(async () => {
  ({ RuntimeWatch, LabAdmission, KERNEL_GONE, NOTEBOOK_CLOSED } =
    await loadSource('labs/admission.ts'));
});

/** Enough of a Lumino signal for the watch. */
class FakeSignal {
  slots = [];
  connect(slot, thisArg) {
    this.slots.push([slot, thisArg]);
    return true;
  }
  disconnect(slot, thisArg) {
    this.slots = this.slots.filter(([s, t]) => s !== slot || t !== thisArg);
    return true;
  }
  emit(args) {
    for (const [slot, thisArg] of [...this.slots]) {
      slot.call(thisArg, this, args);
    }
  }
}

let kernels = 0;
const kernel = version => ({
  id: `k${++kernels}`,
  version,
  status: 'starting',
  isDisposed: false
});

/** A notebook's session context, a lab that wants `^1.2.0`, and its gate. */
function lab({ first = kernel('1.2.3') } = {}) {
  const session = {
    session: { kernel: first },
    kernelChanged: new FakeSignal(),
    statusChanged: new FakeSignal(),
    ready: Promise.resolve()
  };
  // every question to a kernel, answered by the test
  const asks = [];
  const ask = k =>
    new Promise((resolve, reject) => asks.push({ kernel: k, resolve, reject }));
  const judge = runtime =>
    /^1\.[2-9]\./.test(runtime)
      ? null
      : `lab demo@1.0.0 requires browsergrad ^1.2.0, runtime is ${runtime}`;
  const state = { blocked: null, verdicts: [] };
  const watch = new RuntimeWatch(session, ask, judge, verdict => {
    state.verdicts.push(verdict);
    if (verdict.kind === 'wrong') {
      state.blocked = verdict.message;
    }
  });
  const admission = new LabAdmission(session, watch, {
    blocked: () => state.blocked
  });
  const sent = [];
  const run = (name, startKernel = async () => undefined) =>
    admission.admit(() => {
      // what a cell run sends, and to which kernel
      sent.push([name, session.session?.kernel?.id]);
      return Promise.resolve(true);
    }, startKernel);
  // answer the latest question
  const answer = async () => {
    await sleep(5); // the watch asks after a turn of the event loop
    const { kernel: k, resolve } = asks[asks.length - 1];
    k.status = 'idle';
    resolve(k.version);
    await sleep(5);
  };
  const change = next => {
    session.session = { kernel: next };
    session.kernelChanged.emit({});
  };
  const status = value => {
    session.session.kernel.status = value;
    session.statusChanged.emit(value);
  };
  return { session, asks, state, watch, run, sent, answer, change, status };
}

const pending = async promise =>
  (await Promise.race([promise, sleep(20).then(() => 'pending')])) ===
  'pending';

test('a cell run before the kernel reports its version waits, then runs once', async () => {
  const t = lab();
  const outcome = t.run('a');
  assert.ok(await pending(outcome));
  assert.deepEqual(t.sent, []);
  await t.answer();
  const result = await outcome;
  assert.equal(await result.sent, true);
  assert.deepEqual(t.sent, [['a', t.session.session.kernel.id]]);
  // later cells go at once: the verdict is known
  await (
    await t.run('b')
  ).sent;
  assert.equal(t.sent.length, 2);
  assert.equal(t.asks.length, 1);
});

test('a cell run before a version the lab refuses never runs, and says why', async () => {
  const t = lab({ first: kernel('0.9.0') });
  const outcome = t.run('a');
  await t.answer();
  const message =
    'lab demo@1.0.0 requires browsergrad ^1.2.0, runtime is 0.9.0';
  assert.deepEqual(await outcome, { refused: message });
  assert.deepEqual(await t.run('b'), { refused: message });
  assert.deepEqual(t.sent, []);
  assert.equal(t.state.blocked, message);
});

test('cells are sent in the order they were run', async () => {
  const t = lab();
  const outcomes = ['a', 'b', 'c'].map(name => t.run(name));
  await t.answer();
  await Promise.all(outcomes);
  assert.deepEqual(
    t.sent.map(([name]) => name),
    ['a', 'b', 'c']
  );
});

test('after a restart a cell waits for the restarted kernel to report again', async () => {
  const t = lab();
  await t.answer();
  await (
    await t.run('before')
  ).sent;
  t.status('restarting');
  const outcome = t.run('after');
  assert.ok(await pending(outcome));
  assert.equal(t.sent.length, 1);
  await t.answer();
  await (
    await outcome
  ).sent;
  assert.deepEqual(
    t.sent.map(([name]) => name),
    ['before', 'after']
  );
  assert.equal(t.asks.length, 2);
});

test('a question cancelled by a restart is asked again of the new kernel', async () => {
  const t = lab();
  await sleep(5);
  const outcome = t.run('a');
  t.status('restarting');
  // the restart cancels the first question ...
  t.asks[0].reject(new Error('Canceled future for is_complete_request'));
  await sleep(5);
  assert.ok(await pending(outcome));
  // ... and its late answer, had it come, would not count
  await t.answer();
  await (
    await outcome
  ).sent;
  assert.equal(t.sent.length, 1);
  assert.equal(t.asks.length, 2);
});

test('after a kernel change a cell waits for the new kernel, and the old one does not count', async () => {
  const t = lab();
  const old = t.session.session.kernel;
  const newer = kernel('0.9.0');
  const outcome = t.run('a');
  await sleep(5);
  t.change(newer);
  // the old kernel answers late with a version the lab accepts
  t.asks[0].resolve(old.version);
  assert.ok(await pending(outcome));
  await t.answer();
  assert.deepEqual(await outcome, {
    refused: 'lab demo@1.0.0 requires browsergrad ^1.2.0, runtime is 0.9.0'
  });
  assert.deepEqual(t.sent, []);
});

test('a cell that changes to a kernel the lab accepts runs on that kernel', async () => {
  const t = lab();
  await t.answer();
  const newer = kernel('1.3.0');
  t.change(newer);
  const outcome = t.run('a');
  assert.ok(await pending(outcome));
  await t.answer();
  await (
    await outcome
  ).sent;
  assert.deepEqual(t.sent, [['a', newer.id]]);
});

test('with no kernel a cell starts one, then waits for its version', async () => {
  const t = lab({ first: null });
  t.session.session = null;
  const started = kernel('1.2.0');
  const outcome = t.run('a', async () => t.change(started));
  await t.answer();
  await (
    await outcome
  ).sent;
  assert.deepEqual(t.sent, [['a', started.id]]);
  // and when none can be started, the cell is left as JupyterLab leaves it
  const u = lab({ first: null });
  u.session.session = null;
  assert.deepEqual(await u.run('b'), { noKernel: true });
});

test('a kernel that dies before it reports refuses the cell but does not stop the lab', async () => {
  const t = lab();
  const outcome = t.run('a');
  await sleep(5);
  t.status('dead');
  t.asks[0].reject(new Error('Kernel is dead'));
  assert.deepEqual(await outcome, { refused: KERNEL_GONE });
  assert.equal(t.state.blocked, null);
  assert.deepEqual(t.sent, []);
});

test('a cell still waiting when the notebook closes is refused', async () => {
  const t = lab();
  const outcome = t.run('a');
  await sleep(5);
  t.watch.dispose();
  assert.deepEqual(await outcome, { refused: NOTEBOOK_CLOSED });
  t.asks[0].resolve('1.2.3');
  await sleep(5);
  assert.deepEqual(t.sent, []);
});

test('a lab stopped while a cell waits refuses it with the stop message', async () => {
  const t = lab();
  const outcome = t.run('a');
  await sleep(5);
  t.state.blocked = 'lab manifest demo/manifest.json is invalid';
  t.change(null);
  assert.deepEqual(await outcome, {
    refused: 'lab manifest demo/manifest.json is invalid'
  });
});
