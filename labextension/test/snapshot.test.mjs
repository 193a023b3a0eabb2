// The kernel's memory snapshot, as the package build makes it and the worker
// bundle restores it with real Pyodide: the state after a restore, and a
// normal start (with the reason logged) whenever the snapshot does not fit.
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { dist, startWorker } from './workerHarness.mjs';

const TEST_TIMEOUT_MS = 240000;
const MANIFEST = 'kernel-snapshot.json';
const MEMORY = 'kernel.snapshot.gz';
const folders = [];
after(() => folders.forEach(f => rmSync(f, { recursive: true, force: true })));

/** A copy of the runtime folder (links) whose snapshot files `change` rewrites. */
function runtimeWith(change) {
  const folder = mkdtempSync(join(tmpdir(), 'bg-snapshot-'));
  folders.push(folder);
  for (const name of readdirSync(dist)) {
    symlinkSync(join(dist, name), join(folder, name));
  }
  const files = {
    read: name => readFileSync(join(dist, name)),
    write: (name, data) => {
      rmSync(join(folder, name));
      writeFileSync(join(folder, name), data);
    },
    remove: name => rmSync(join(folder, name))
  };
  change(files);
  return join(folder, 'pyodide.mjs');
}

function logs(worker) {
  return worker.events
    .filter(event => event.type === 'log')
    .map(event => event.text)
    .join('\n');
}

/** Run a cell until its outputs are in (the end-of-run marker). */
async function run(worker, code) {
  const cell = worker.execute(code);
  const reply = await cell.reply;
  assert.equal(reply.status, 'ok', JSON.stringify(reply));
  while (!worker.events.some(e => e.type === 'ran' && e.seq === cell.seq)) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  return reply;
}

/** Print from a cell and return what it printed. */
async function printed(worker, code) {
  const before = worker.stdout().length;
  await run(worker, code);
  return worker.stdout().slice(before).trim();
}

test(
  'a restored kernel has its imports, its files, fresh randomness and a working Stop',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const first = await startWorker();
    const second = await startWorker();
    try {
      for (const worker of [first, second]) {
        assert.equal(worker.info.start, 'snapshot', logs(worker));
        // told early, so that the page's pool can boot the next worker alongside
        assert.ok(worker.events.some(event => event.type === 'restoring'));
      }
      // imported before the snapshot; their files are back for what comes later
      const state = await printed(
        first,
        [
          'import sys, inspect',
          'print(all(m in sys.modules for m in ("IPython", "pyodide_kernel", "browsergrad")))',
          'import traitlets.log, IPython.utils.text',
          'print(len(inspect.getsource(IPython.utils.text)) > 1000)',
          'from browsergrad._kernel import entry',
          'print(entry.enable_jedi())'
        ].join('\n')
      );
      assert.deepEqual(state.split('\n'), ['True', 'True', 'True']);
      // a traceback through an installed package shows its source line
      const failed = await first.execute(
        'import traitlets\ntraitlets.Int().validate(None, "x")'
      ).reply;
      assert.equal(failed.ename, 'TraitError');
      // eslint-disable-next-line no-control-regex
      const plain = failed.traceback.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      assert.match(plain, /-> +\d+ +self\.error\(obj, value\)/);
      // no two restores share random values
      const draw =
        'import random, tempfile\nprint(random.random(), next(tempfile._get_candidate_names()))';
      const [a, b] = [await printed(first, draw), await printed(second, draw)];
      assert.notEqual(a, b);
      assert.notEqual(a.split(' ')[1], b.split(' ')[1]);
      // Stop after a restore: the interrupt buffer is attached, state is kept
      await run(second, 'kept = 41');
      const spinning = second.execute('while True: pass');
      await new Promise(resolve => setTimeout(resolve, 300));
      await second.signal(spinning, 2);
      assert.equal((await spinning.reply).ename, 'KeyboardInterrupt');
      assert.equal(await printed(second, 'print(kept + 1)'), '42');
    } finally {
      await first.close();
      await second.close();
    }
  }
);

test(
  'a restored kernel without JSPI sleeps, and says run_sync is not supported',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    // the runtime JSPI of a restore is its own, not the snapshot's (jspi.test.mjs)
    const worker = await startWorker({ isolated: false });
    try {
      assert.equal(worker.info.start, 'snapshot', logs(worker));
      const code = [
        'import time',
        'from pyodide.ffi import can_run_sync, run_sync',
        't = time.monotonic()',
        'time.sleep(0.2)',
        'try:',
        '    run_sync(None)',
        'except RuntimeError as e:',
        '    print(can_run_sync(), time.monotonic() - t >= 0.2, e)'
      ].join('\n');
      assert.equal(
        await printed(worker, code),
        'False True WebAssembly stack switching not supported in this JavaScript runtime'
      );
    } finally {
      await worker.close();
    }
  }
);

/** Swap the build id in a snapshot (bytes 16-48 of its header), re-gzipped. */
function otherBuild(gz) {
  const memory = gunzipSync(gz);
  memory[16] ^= 0xff;
  return gzipSync(memory);
}

/** The snapshot bytes a restored worker returned for the next one. */
function returnedBytes(worker) {
  const event = worker.events.find(e => e.type === 'snapshotBytes');
  assert.ok(event, 'no snapshotBytes event');
  return event.bytes;
}

test(
  'a worker restores from the bytes an earlier one returned, without fetching',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const first = await startWorker();
    let bytes;
    try {
      bytes = returnedBytes(first);
      assert.equal(
        bytes.memory.length,
        JSON.parse(readFileSync(join(dist, MANIFEST))).snapshot.bytes
      );
      // the restored worker's files were copied: they outlive the move
      assert.equal(
        await printed(
          first,
          'import inspect, IPython.utils.text\nprint(len(inspect.getsource(IPython.utils.text)) > 1000)'
        ),
        'True'
      );
    } finally {
      await first.close();
    }
    // a site whose snapshot files are gone: only the given bytes can restore
    const gone = runtimeWith(f => {
      f.remove(MEMORY);
      f.remove('kernel-files.bin.gz');
    });
    const second = await startWorker({
      pyodideUrl: gone,
      snapshotBytes: bytes
    });
    try {
      assert.equal(second.info.start, 'snapshot', logs(second));
      assert.equal(await printed(second, 'print(6 * 7)'), '42');
      bytes = returnedBytes(second);
    } finally {
      await second.close();
    }
    // bytes that do not fit the description are not used: fetched, and here
    // missing, so a normal start
    const short = {
      memory: bytes.memory.subarray(0, 1 << 20).slice(),
      files: bytes.files
    };
    const third = await startWorker({ pyodideUrl: gone, snapshotBytes: short });
    try {
      assert.equal(third.info.start, 'packages');
      assert.match(
        logs(third),
        /kernel(\.snapshot\.gz|-files\.bin\.gz) could not be read/
      );
      assert.equal(await printed(third, 'print(6 * 7)'), '42');
    } finally {
      await third.close();
    }
  }
);

const unusable = {
  'no snapshot on the site': [f => f.remove(MANIFEST), /kernel-snapshot\.json/],
  'a corrupt snapshot': [
    f => {
      const gz = Buffer.from(f.read(MEMORY));
      gz.fill(0x55, gz.length >> 1, (gz.length >> 1) + 4096);
      f.write(MEMORY, gz);
    },
    /not a valid gzip file/
  ],
  'a truncated snapshot': [
    f => f.write(MEMORY, f.read(MEMORY).subarray(0, 1 << 20)),
    /not a valid gzip file|truncated/
  ],
  'a snapshot of another Pyodide build': [
    f => f.write(MEMORY, otherBuild(f.read(MEMORY))),
    /build id mismatch/
  ],
  'a snapshot made with other wheels': [
    f => {
      const manifest = JSON.parse(f.read(MANIFEST));
      manifest.wheels.browsergrad = '0'.repeat(64);
      f.write(MANIFEST, JSON.stringify(manifest));
    },
    /another browsergrad wheel/
  ]
};

for (const [name, [change, why]] of Object.entries(unusable)) {
  test(
    `${name}: a normal start, the reason logged, and the cell runs`,
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const worker = await startWorker({ pyodideUrl: runtimeWith(change) });
      try {
        assert.equal(worker.info.start, 'packages');
        assert.match(logs(worker), /starting without the kernel snapshot/);
        assert.match(logs(worker), why);
        assert.equal(await printed(worker, 'print(6 * 7)'), '42');
      } finally {
        await worker.close();
      }
    }
  );
}
