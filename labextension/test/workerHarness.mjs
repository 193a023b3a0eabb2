// The real browsergrad worker (the bundle the site ships), booted with real
// Pyodide under Node, and driven as the main thread drives it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';

import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const dist = join(
  here,
  '..',
  '..',
  'browsergrad_kernel',
  'pyodide_dist'
);

/** A thread running the worker bundle, wrapped as the main thread wraps it. */
export function spawnWorker() {
  const thread = new Worker(join(here, 'nodeWorker.mjs'));
  return { thread, remote: wrap(nodeEndpoint(thread)) };
}

/**
 * The worker's boot options: the shipped runtime and its preload, events
 * posted to `events` (a MessagePort, transferred).
 * @param {import('node:worker_threads').MessagePort} events
 * @param {{ interruptBuffer?: SharedArrayBuffer | null, pyodideUrl?: string, snapshot?: boolean, snapshotBytes?: { memory: Uint8Array, files: Uint8Array } }} [options]
 */
export function bootOptions(
  events,
  {
    interruptBuffer = null,
    pyodideUrl = join(dist, 'pyodide.mjs'),
    snapshot = true,
    snapshotBytes
  } = {}
) {
  const manifest = JSON.parse(
    readFileSync(join(dist, 'manifest.json'), 'utf8')
  );
  return transfer(
    {
      pyodideUrl,
      lockFileUrl: join(dist, 'pyodide-lock.json'),
      pipliteUrls: [],
      preloadPackages: manifest.preload,
      interruptBuffer,
      events,
      snapshot,
      snapshotBytes
    },
    // moved, as the page's pool moves them
    snapshotBytes
      ? [events, snapshotBytes.memory.buffer, snapshotBytes.files.buffer]
      : [events]
  );
}

let seq = 0;

/** As the main thread's CellRun (src/stop/cellRun.ts). */
const RESEND_MS = 40;

/**
 * The arguments of the worker's `execute` for a cell of `code`, as the
 * kernel sends them: the content, the request it answers, and the run (its
 * seq, unique in this process, and its time limit).
 */
export function executeArgs(code, timeLimit = null) {
  const run = { seq: ++seq, timeLimit };
  const parent = {
    header: {
      msg_id: `m${run.seq}`,
      session: 's',
      msg_type: 'execute_request'
    },
    parent_header: {},
    metadata: {},
    content: {}
  };
  return [{ code }, parent, run];
}

/**
 * Boot a worker; `isolated` gives it the shared interrupt buffer,
 * `pyodideUrl` another runtime folder, `snapshot: false` a start from packages,
 * `snapshotBytes` the bytes an earlier worker returned (moved to this one).
 * @param {{ isolated?: boolean, pyodideUrl?: string, snapshot?: boolean, snapshotBytes?: { memory: Uint8Array, files: Uint8Array } }} [options]
 */
export async function startWorker({
  isolated = true,
  pyodideUrl,
  snapshot,
  snapshotBytes
} = {}) {
  const { thread, remote } = spawnWorker();
  const buffer = isolated ? new SharedArrayBuffer(8) : null;
  const events = [];
  const channel = new MessageChannel();
  channel.port1.on('message', event => events.push(event));
  const info = await remote.boot(
    bootOptions(channel.port2, {
      interruptBuffer: buffer,
      pyodideUrl,
      snapshot,
      snapshotBytes
    })
  );
  await remote.attach({
    kernelId: 'test',
    baseUrl: 'http://127.0.0.1/',
    location: '',
    mountDrive: false
  });
  const signals = buffer ? new Int32Array(buffer) : null;
  return {
    info,
    remote,
    thread,
    events,
    signals,
    /** Run a cell; resolves with the reply and the run's seq. */
    execute(code, timeLimit = null) {
      const args = executeArgs(code, timeLimit);
      const run = { seq: args[2].seq, settled: false };
      run.reply = remote.execute(...args);
      run.reply.then(
        () => (run.settled = true),
        () => (run.settled = true)
      );
      return run;
    },
    /**
     * Write a signal as the main thread does, and ask for it at an await.
     * As CellRun does, a signal Python has not acknowledged is written again
     * (the worker clears the buffer when a cell starts, and Pyodide reads
     * and clears it in two steps), until the cell ends.
     */
    signal(run, signal) {
      if (signals) {
        Atomics.store(signals, 1, 0);
        Atomics.store(signals, 0, signal);
        Atomics.notify(signals, 0);
        const resend = setInterval(() => {
          if (run.settled || Atomics.load(signals, 1)) {
            clearInterval(resend);
          } else if (Atomics.load(signals, 0) === 0) {
            Atomics.store(signals, 0, signal);
            Atomics.notify(signals, 0);
          }
        }, RESEND_MS);
      }
      return remote.interrupt(run.seq, signal);
    },
    stdout() {
      return events
        .filter(e => e.type === 'stream')
        .map(e => e.content.text)
        .join('');
    },
    async close() {
      channel.port1.close();
      await thread.terminate();
    }
  };
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** A main-thread module of `src/`, bundled from its TypeScript source. */
export async function loadSource(file) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(here, '..', 'src', file)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false
  });
  const code = result.outputFiles[0].text;
  return import(
    `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
  );
}

/** The main thread's CellRun. */
export async function loadCellRun() {
  return (await loadSource('stop/cellRun.ts')).CellRun;
}
