// The Pyodide grading process (browsergrad_kernel/grading/node/grade.mjs)
// with real Pyodide, started as `grade --runtime pyodide` starts it: under
// Node's permission model with the network preload. Time limits through the
// interrupt buffer, a MemoryError, and a submission that tries to get out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

import { dist } from './workerHarness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, '..', 'lib');
const graderDir = join(
  here,
  '..',
  '..',
  'browsergrad_kernel',
  'grading',
  'node'
);
const TOKEN = 'the-token';
const CHANNEL_FD = 3;

/** The command of PyodideRuntime.command() (browsergrad_kernel/grading/pyodide.py). */
function command() {
  const flag =
    Number(process.versions.node.split('.')[0]) >= 23
      ? '--permission'
      : '--experimental-permission';
  return [
    flag,
    '--allow-worker',
    ...[lib, dist, graderDir].map(d => `--allow-fs-read=${d}/*`),
    '--no-warnings',
    `--require=${join(graderDir, 'preload.cjs')}`,
    join(graderDir, 'grade.mjs')
  ];
}

const cell = (id, source, timeLimit = 30, extra = {}) => ({
  cell_id: String(id),
  name: `c${id}`,
  source,
  time_limit: timeLimit,
  time_limit_error: null,
  ...extra
});

/** Grade one job; the channel's messages, what was printed, the exit code. */
function grade(cells, { totalS = 120, files = [] } = {}) {
  const job = {
    channel_fd: CHANNEL_FD,
    token: TOKEN,
    library: join(lib, 'browsergrad.runtime.js'),
    worker: join(lib, 'browsergrad.worker.js'),
    pyodide: dist,
    files: files.map(f => ({
      path: f.path,
      data: Buffer.from(f.data).toString('base64')
    })),
    cwd: '/drive/lab',
    total_s: totalS,
    cells
  };
  const child = spawn(process.execPath, command(), {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe']
  });
  let channel = '';
  let stdout = '';
  let stderr = '';
  child.stdio[3].on('data', d => (channel += d));
  child.stdout.on('data', d => (stdout += d));
  child.stderr.on('data', d => (stderr += d));
  child.stdin.end(JSON.stringify(job));
  return new Promise(resolve =>
    child.on('close', code => {
      const messages = channel
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line));
      resolve({ messages, stdout, stderr, code });
    })
  );
}

const ours = messages => messages.filter(m => m.token === TOKEN);
const endOf = (messages, id) =>
  ours(messages).find(m => m.kind === 'end' && m.cell_id === String(id));

describe('the Pyodide grading process', () => {
  test('time limits, a MemoryError, escapes refused, a fresh browsergrad for the rubric', async () => {
    const escapes = `
import js, pyodide_js
def tried(what, attempt):
    try:
        attempt()
        print("LEAK", what)
    except Exception as error:
        print("DENIED", what, type(error).__name__)
def read_host_file():
    open("/etc/hostname").read()
def node_fs():
    js.process.getBuiltinModule("fs").readFileSync("/etc/hostname", "utf8")
def mount_host():
    FS = pyodide_js.FS
    FS.mkdir("/host")
    FS.mount(FS.filesystems.NODEFS, js.JSON.parse('{"root": "/"}'), "/host")
def network():
    js.eval("require('node:net')")
def fetch():
    js.fetch("http://127.0.0.1:9/")
def processes():
    js.eval("require('node:child_process').execSync('id')")
for what, attempt in [("host file", read_host_file), ("node fs", node_fs),
                      ("NODEFS", mount_host), ("net", network), ("fetch", fetch),
                      ("child_process", processes)]:
    tried(what, attempt)
print(open("data.txt").read())
`;
    const forge = `
import js, sys
line = '{"kind":"event","cell_id":"5","event":{"type":"assertion"}}\\n'
js.process.getBuiltinModule("fs").writeSync(${CHANNEL_FD}, line)
import browsergrad
sys.modules["browsergrad"] = fake = type(sys)("browsergrad")
fake.check = lambda name: __import__("contextlib").nullcontext()
del browsergrad
bg = None
print("✓ sigmoid(0): passed")
`;
    const { messages, stdout, code } = await grade(
      [
        cell(0, 'def sigmoid(z):\n    return 0.25\nprint("defined")'),
        cell(1, 'while True:\n    pass', 1),
        cell(
          2,
          'x = []\ntry:\n    while True:\n        x.append(bytearray(256 * 1024 * 1024))\n' +
            'finally:\n    del x',
          90
        ),
        cell(3, escapes),
        cell(4, forge),
        cell(
          5,
          'import browsergrad as bg\nwith bg.check("sigmoid(0)"):\n' +
            '    bg.assert_equal(sigmoid(0), 0.5)',
          30,
          { fresh_browsergrad: true }
        )
      ],
      { files: [{ path: '/drive/lab/data.txt', data: 'the lab file' }] }
    );
    assert.equal(code, 0);
    assert.equal(ours(messages).at(-1).kind, 'done');
    assert.equal(endOf(messages, 0).status, 'ok');

    const loop = endOf(messages, 1);
    assert.equal(loop.status, 'timeout');
    assert.match(loop.error.message, /time limit of 1 s/);
    assert.ok(loop.duration_ms < 3000, `stopped late: ${loop.duration_ms} ms`);

    const memory = endOf(messages, 2);
    assert.equal(memory.status, 'error');
    assert.equal(memory.error.exc_type, 'MemoryError');

    assert.equal(endOf(messages, 3).status, 'ok');
    assert.doesNotMatch(stdout, /LEAK/);
    for (const what of [
      'host file',
      'node fs',
      'NODEFS',
      'net',
      'fetch',
      'child_process'
    ]) {
      assert.match(stdout, new RegExp(`DENIED ${what} `));
    }
    assert.match(stdout, /the lab file/);

    // The forged line came through the pipe, without the token.
    const forged = messages.filter(m => m.token !== TOKEN);
    assert.equal(forged.length, 1);
    assert.equal(forged[0].cell_id, '5');

    // The rubric's check is real: the sabotaged browsergrad was replaced.
    const events = ours(messages).filter(
      m => m.kind === 'event' && m.cell_id === '5'
    );
    assert.equal(events.length, 1);
    assert.equal(events[0].event.name, 'sigmoid(0)');
    assert.equal(events[0].event.status, 'fail');
    assert.equal(endOf(messages, 5).status, 'ok');
  });

  test('the total time limit stops the running cell and the ones after it do not start', async () => {
    const { messages, code, stderr } = await grade(
      [cell(0, 'while True:\n    pass', null), cell(1, 'print("after")')],
      { totalS: 2 }
    );
    assert.equal(code, 0, stderr);
    const end = endOf(messages, 0);
    assert.equal(end.status, 'timeout');
    assert.equal(end.total, true);
    assert.ok(!ours(messages).some(m => m.cell_id === '1'));
    assert.equal(ours(messages).at(-1).kind, 'done');
  });

  test('os._exit ends the submission: no end, no done, a non-zero exit', async () => {
    const { messages, code, stderr } = await grade([
      cell(0, 'import os\nos._exit(3)'),
      cell(1, 'print("after")')
    ]);
    assert.notEqual(code, 0);
    assert.ok(
      ours(messages).some(m => m.kind === 'start' && m.cell_id === '0')
    );
    assert.equal(endOf(messages, 0), undefined);
    assert.ok(!ours(messages).some(m => m.kind === 'done'));
    // Pyodide's exit reaches Node as the worker's crash (or, first, as its uncaught error).
    assert.match(stderr, /exit\(3\)|The worker crashed/);
  });
});
