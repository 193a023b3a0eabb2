// The runtime library (src/runtime, bundled as lib/browsergrad.runtime.js)
// under Node with real Pyodide: every call of createSession's API, its typed
// errors, Stop with the interrupt buffer and the restart fallback without it.
import assert from 'node:assert/strict';
import {
  mkdtemp,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { dist, sleep } from './workerHarness.mjs';

const runtime = await import('../lib/browsergrad.runtime.js');
const { createSession } = runtime;

/** Run `code`, collecting what each callback got. */
async function run(session, code, extra = {}) {
  const seen = { stdout: '', stderr: '', assertions: [], artifacts: [] };
  const result = await session.exec({
    code,
    onStdout: chunk => (seen.stdout += chunk),
    onStderr: chunk => (seen.stderr += chunk),
    onAssertion: a => seen.assertions.push(a),
    onArtifact: a => seen.artifacts.push(a),
    ...extra
  });
  return { result, seen };
}

/** Abort after `ms`, as a page's Stop button would. */
function abortAfter(ms) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

describe('options the runtime refuses before starting a worker', () => {
  test('a folder without the runtime names the URL', async () => {
    const missing = join(tmpdir(), 'no-such-browsergrad-runtime');
    await assert.rejects(
      createSession({ pyodideIndexURL: missing }),
      error =>
        error instanceof runtime.RuntimeLoadError &&
        error.message.includes(missing) &&
        error.message.includes('manifest.json')
    );
  });

  test('an http URL under Node is refused, naming it', async () => {
    await assert.rejects(
      createSession({ pyodideIndexURL: 'http://127.0.0.1:1/pyodide/' }),
      error =>
        error instanceof runtime.RuntimeLoadError &&
        error.message.includes('http://127.0.0.1:1/pyodide/')
    );
  });

  test('a package the lock lacks is named with the lock', async () => {
    await assert.rejects(
      createSession({ pyodideIndexURL: dist, packages: ['six', 'numpyy'] }),
      error =>
        error instanceof runtime.PackageNotFoundError &&
        error.packages.join() === 'numpyy' &&
        error.message.includes('pyodide-lock.json')
    );
  });

  test('bad option types are InvalidArgumentErrors', async () => {
    for (const options of [
      undefined,
      {},
      { pyodideIndexURL: 3 },
      { pyodideIndexURL: dist, packages: 'six' },
      { pyodideIndexURL: dist, onPackageProgress: 'log' }
    ]) {
      await assert.rejects(
        createSession(options),
        runtime.InvalidArgumentError,
        JSON.stringify(options)
      );
    }
  });
});

/** A runtime folder linking to the shipped one's files, some changed. */
async function runtimeCopy(change) {
  const folder = await mkdtemp(join(tmpdir(), 'bg-runtime-'));
  for (const name of await readdir(dist)) {
    await symlink(join(dist, name), join(folder, name));
  }
  await change(folder);
  return folder;
}

describe('a runtime folder whose worker cannot start', () => {
  const folders = [];
  after(() =>
    Promise.all(folders.map(f => rm(f, { recursive: true, force: true })))
  );

  test('without pyodide.mjs: the start fails, naming the folder', async () => {
    const folder = await runtimeCopy(f => rm(join(f, 'pyodide.mjs')));
    folders.push(folder);
    await assert.rejects(
      createSession({ pyodideIndexURL: folder, warmSpare: false }),
      error =>
        error instanceof runtime.RuntimeLoadError &&
        error.message.includes(folder) &&
        /did not start/.test(error.message)
    );
  });

  test('a locked package whose wheel is missing is reported as an error', async () => {
    const folder = await runtimeCopy(async f => {
      const lock = JSON.parse(await readFile(join(dist, 'pyodide-lock.json')));
      lock.packages.ghost = {
        ...lock.packages.six,
        name: 'ghost',
        file_name: 'ghost-1.0-py3-none-any.whl',
        imports: ['ghost'],
        depends: []
      };
      await rm(join(f, 'pyodide-lock.json'));
      await writeFile(join(f, 'pyodide-lock.json'), JSON.stringify(lock));
    });
    folders.push(folder);
    const progress = [];
    await assert.rejects(
      createSession({
        pyodideIndexURL: folder,
        packages: ['ghost'],
        onPackageProgress: p => progress.push(p),
        warmSpare: false
      }),
      error =>
        error instanceof runtime.RuntimeLoadError &&
        /Could not load the package ghost/.test(error.message)
    );
    assert.deepEqual(
      progress.map(p => [p.package, p.status]),
      [
        ['ghost', 'loading'],
        ['ghost', 'error']
      ]
    );
  });
});

describe('a session with the interrupt buffer', () => {
  let session;
  const progress = [];

  before(async () => {
    // A file: URL works as well as a path.
    session = await createSession({
      pyodideIndexURL: pathToFileURL(dist).href,
      packages: ['six'],
      onPackageProgress: p => progress.push(p),
      // Nothing here restarts: no spare is needed.
      warmSpare: false
    });
  });
  after(() => session?.dispose());

  test('createSession loads the packages, reporting each', async () => {
    assert.equal(session.canInterrupt, true);
    assert.deepEqual(progress, [
      { package: 'six', status: 'loading' },
      { package: 'six', status: 'loaded' }
    ]);
    const { result, seen } = await run(session, 'import six\nprint(six.PY3)');
    assert.equal(result.ok, true, result.error?.message);
    assert.equal(seen.stdout, 'True\n');
  });

  test('exec streams output, keeps state, and relays bg events', async () => {
    await run(session, 'total = 40');
    const { result, seen } = await run(
      session,
      [
        'import sys, base64, browsergrad as bg',
        'total += 2',
        'print("total", total)',
        'print("careful", file=sys.stderr)',
        'bg.assert_pass("adds")',
        'bg.assert_fail("wrong", "off by one", expected=total, actual=total - 1)',
        'bg.log("note", "hello")',
        'bg.emit_json("series", {"x": [1, 2]})',
        'png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")',
        'bg.emit_image("dot", "image/png", base64.b64encode(png).decode())'
      ].join('\n')
    );
    assert.equal(result.ok, true, result.error?.message);
    assert.equal(result.error, null);
    assert.equal(seen.stdout, 'total 42\n');
    assert.equal(seen.stderr, 'careful\n');
    assert.deepEqual(
      result.assertions.map(a => [a.name, a.status, a.expected, a.actual]),
      [
        ['adds', 'pass', null, null],
        ['wrong', 'fail', 42, 41]
      ]
    );
    assert.equal(result.assertions[1].message, 'off by one');
    assert.deepEqual(
      result.artifacts.map(a => [a.type, a.name]),
      [
        ['log', 'note'],
        ['json', 'series'],
        ['image', 'dot']
      ]
    );
    assert.deepEqual(result.artifacts[1].data, { x: [1, 2] });
    assert.equal(result.artifacts[2].mime, 'image/png');
    assert.match(result.artifacts[2].data, /^iVBORw0KGgo/);
    // The callbacks saw the same events (as they arrived: images at once).
    assert.deepEqual(seen.assertions, result.assertions);
    const bySeq = (a, b) => a.seq - b.seq;
    assert.deepEqual([...seen.artifacts].sort(bySeq), result.artifacts);
    assert.ok(result.durationMs > 0 && result.durationMs < 10000);
  });

  test('syntax and runtime errors are typed, and the session goes on', async () => {
    const syntax = (await run(session, 'def f(:\n  pass')).result;
    assert.equal(syntax.ok, false);
    assert.ok(syntax.error instanceof runtime.ExecSyntaxError);
    assert.equal(syntax.error.kind, 'syntax');
    assert.equal(syntax.error.pythonType, 'SyntaxError');
    const raised = (await run(session, 'total / 0')).result;
    assert.ok(raised.error instanceof runtime.ExecRuntimeError);
    assert.equal(raised.error.kind, 'runtime');
    assert.equal(raised.error.pythonType, 'ZeroDivisionError');
    assert.match(raised.error.message, /^ZeroDivisionError: /);
    assert.match(raised.error.traceback, /total \/ 0/);
    assert.ok(!raised.error.traceback.includes('\u001b['), 'no ANSI colours');
    assert.equal(raised.error.restarted, false);
    const next = await run(session, 'print(total)');
    assert.equal(next.seen.stdout, '42\n');
  });

  test('timeoutMs stops a busy loop in place', async () => {
    const started = performance.now();
    const { result } = await run(session, 'while True: total += 0', {
      timeoutMs: 300
    });
    assert.ok(result.error instanceof runtime.ExecTimeoutError);
    assert.equal(result.error.kind, 'timeout');
    assert.equal(result.error.restarted, false);
    assert.match(result.error.message, /300 ms/);
    assert.ok(performance.now() - started < 2000);
    assert.equal((await run(session, 'print(total)')).seen.stdout, '42\n');
  });

  test('an aborted signal interrupts, keeping state', async () => {
    const { result } = await run(session, 'import time\ntime.sleep(30)', {
      signal: abortAfter(200)
    });
    assert.ok(result.error instanceof runtime.ExecAbortError);
    assert.equal(result.error.restarted, false);
    assert.ok(result.durationMs < 2000, `${result.durationMs} ms`);
    assert.equal((await run(session, 'print(total)')).seen.stdout, '42\n');
  });

  test('interrupt() stops the run; idle, it does nothing', async () => {
    // Idle: nothing to stop, and nothing left over for the next run.
    session.interrupt();
    const after = await run(
      session,
      'import time\ntime.sleep(0.2)\nprint("ran")'
    );
    assert.equal(after.result.ok, true, after.result.error?.message);
    assert.equal(after.seen.stdout, 'ran\n');
    const pending = run(session, 'while True: pass');
    setTimeout(() => session.interrupt(), 200);
    const { result } = await pending;
    assert.ok(result.error instanceof runtime.ExecInterruptError);
    assert.equal(result.error.kind, 'interrupt');
    assert.equal(result.error.pythonType, 'KeyboardInterrupt');
    assert.equal(result.error.restarted, false);
    assert.equal((await run(session, 'print(total)')).seen.stdout, '42\n');
  });

  test('an already aborted signal runs nothing', async () => {
    const { result } = await run(session, 'total = -1', {
      signal: AbortSignal.abort()
    });
    assert.ok(result.error instanceof runtime.ExecAbortError);
    assert.match(result.error.message, /before the run started/);
    assert.equal((await run(session, 'print(total)')).seen.stdout, '42\n');
  });

  test('bad exec arguments are refused; the session goes on', async () => {
    for (const timeoutMs of [-1, 0, '100', NaN, Infinity]) {
      await assert.rejects(
        session.exec({ code: 'total = -1', timeoutMs }),
        error =>
          error instanceof runtime.InvalidArgumentError &&
          /timeoutMs must be a positive number/.test(error.message),
        String(timeoutMs)
      );
    }
    await assert.rejects(
      session.exec({ code: 42 }),
      runtime.InvalidArgumentError
    );
    await assert.rejects(session.exec(), runtime.InvalidArgumentError);
    await assert.rejects(
      session.exec({ code: '', signal: {} }),
      runtime.InvalidArgumentError
    );
    await assert.rejects(
      session.exec({ code: '', onStdout: 'print' }),
      runtime.InvalidArgumentError
    );
    assert.equal((await run(session, 'print(total)')).seen.stdout, '42\n');
  });

  test('two execs at once run one after the other, in call order', async () => {
    await run(session, 'order = []');
    const first = session.exec({
      code: 'import time\ntime.sleep(0.3)\norder.append(1)'
    });
    const second = session.exec({ code: 'order.append(2)' });
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.ok && b.ok, true);
    // The second's duration is its own run, not its time in the queue.
    assert.ok(b.durationMs < a.durationMs, `${b.durationMs} ${a.durationMs}`);
    assert.equal((await run(session, 'print(order)')).seen.stdout, '[1, 2]\n');
  });

  test('mount writes text and bytes that Python reads', async () => {
    await session.mount([
      { path: 'data/notes.txt', data: 'héllo' },
      { path: '/tmp/raw.bin', data: new Uint8Array([0, 1, 255]) },
      { path: 'buffer.bin', data: new Uint8Array([7, 8]).buffer }
    ]);
    const { result, seen } = await run(
      session,
      [
        'print(open("data/notes.txt", encoding="utf-8").read())',
        'print(list(open("/tmp/raw.bin", "rb").read()))',
        'print(list(open("buffer.bin", "rb").read()))'
      ].join('\n')
    );
    assert.equal(result.ok, true, result.error?.message);
    assert.equal(seen.stdout, 'héllo\n[0, 1, 255]\n[7, 8]\n');
    await assert.rejects(
      session.mount([{ path: '', data: 'x' }]),
      runtime.InvalidArgumentError
    );
    await assert.rejects(
      session.mount([{ path: 'a', data: 3 }]),
      runtime.InvalidArgumentError
    );
  });

  test('dispose ends a running exec and refuses later calls', async () => {
    const running = session.exec({ code: 'while True: pass' });
    const queued = session.exec({ code: 'print(1)' });
    await sleep(100);
    await session.dispose();
    const [ran, waited] = await Promise.all([running, queued]);
    assert.ok(ran.error instanceof runtime.ExecAbortError);
    assert.match(ran.error.message, /disposed/);
    assert.ok(waited.error instanceof runtime.ExecAbortError);
    await assert.rejects(
      session.exec({ code: 'print(1)' }),
      runtime.SessionDisposedError
    );
    await assert.rejects(
      session.mount([{ path: 'a', data: 'b' }]),
      runtime.SessionDisposedError
    );
    await session.dispose(); // twice is fine
  });
});

describe('a session without the interrupt buffer', () => {
  let session;
  const kept = '/kept/kept.txt';

  before(async () => {
    session = await createSession({
      pyodideIndexURL: dist,
      packages: ['six'],
      interruptBuffer: false
    });
    await session.mount([{ path: kept, data: 'kept' }]);
  });
  after(() => session?.dispose());

  /** The spare worker, booted: a restart can take it at once. */
  const spareBooted = () => session.pool.spareBooted;

  test('abort restarts onto the warm spare, which runs at once', async () => {
    assert.equal(session.canInterrupt, false);
    await run(session, 'state = 1');
    assert.ok(spareBooted(), 'a spare is booting');
    await spareBooted();
    const { result } = await run(session, 'while True: pass', {
      signal: abortAfter(200)
    });
    assert.ok(result.error instanceof runtime.ExecAbortError);
    assert.equal(result.error.restarted, true);
    assert.match(result.error.message, /state .* was lost/);
    assert.ok(result.durationMs < 2000, `${result.durationMs} ms`);
    const started = performance.now();
    const next = await run(
      session,
      `import six\nprint("state" in globals(), open(${JSON.stringify(kept)}).read())`
    );
    const took = performance.now() - started;
    assert.equal(next.result.ok, true, next.result.error?.message);
    // State is gone; the session's packages and mounts came with the spare.
    assert.equal(next.seen.stdout, 'False kept\n');
    assert.ok(took < 3000, `the next exec took ${took} ms`);
  });

  test('a time limit restarts too, as a timeout', async () => {
    await spareBooted();
    const { result } = await run(session, 'while True: pass', {
      timeoutMs: 200
    });
    assert.ok(result.error instanceof runtime.ExecTimeoutError);
    assert.equal(result.error.restarted, true);
    assert.match(result.error.message, /200 ms/);
    assert.equal((await run(session, 'print(6 * 7)')).seen.stdout, '42\n');
  });
});
