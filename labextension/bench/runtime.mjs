// The runtime library under Node against bare Pyodide in a worker thread:
// time to ready (createSession against loadPyodide()), and the round trip
// of an empty exec against an empty runPython posted to the thread.
// Usage: node bench/runtime.mjs [ROUNDS] [EXECS]   (after jlpm build:runtime)
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

import { dist } from '../test/workerHarness.mjs';

const { createSession } = await import('../lib/browsergrad.runtime.js');
const rounds = Number(process.argv[2] ?? 3);
const execs = Number(process.argv[3] ?? 50);

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Bare Pyodide in a thread that runs each posted code with runPython. */
function bareThread() {
  const url = pathToFileURL(join(dist, 'pyodide.mjs')).href;
  const code = `const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(url)}).then(async ({ loadPyodide }) => {
  const pyodide = await loadPyodide({ indexURL: ${JSON.stringify(dist + '/')} });
  parentPort.on('message', code => parentPort.postMessage(String(pyodide.runPython(code))));
  parentPort.postMessage('ready');
});`;
  const thread = new Worker(code, { eval: true });
  const next = () => new Promise(resolve => thread.once('message', resolve));
  return { thread, next };
}

const rows = {
  ready: { bare: [], session: [] },
  exec: { bare: [], session: [] }
};
for (let round = 0; round < rounds; round++) {
  let started = performance.now();
  const bare = bareThread();
  await bare.next();
  rows.ready.bare.push(performance.now() - started);
  for (let i = 0; i < execs; i++) {
    started = performance.now();
    bare.thread.postMessage('');
    await bare.next();
    rows.exec.bare.push(performance.now() - started);
  }
  await bare.thread.terminate();

  started = performance.now();
  const session = await createSession({
    pyodideIndexURL: dist,
    warmSpare: false
  });
  rows.ready.session.push(performance.now() - started);
  for (let i = 0; i < execs; i++) {
    started = performance.now();
    await session.exec({ code: '' });
    rows.exec.session.push(performance.now() - started);
  }
  await session.dispose();
}

const ms = value => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
console.log(
  `| what (Node ${process.versions.node}, medians) | bare Pyodide | createSession |`
);
console.log('| --- | --- | --- |');
console.log(
  `| to ready (${rounds} rounds) | ${ms(median(rows.ready.bare))} | ${ms(median(rows.ready.session))} |`
);
console.log(
  `| empty exec round trip (${rounds} x ${execs}) | ${ms(median(rows.exec.bare))} | ${ms(median(rows.exec.session))} |`
);
