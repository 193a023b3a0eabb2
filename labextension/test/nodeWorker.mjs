// Runs the browsergrad worker bundle in a Node worker thread: comlink talks
// to `self`, so `self` becomes this thread's end of the port to its parent.
import { parentPort } from 'node:worker_threads';

const listeners = new Map();
// Referenced (not used) by @jupyterlab/services when the bundle loads.
globalThis.WebSocket ??= class WebSocket {};
globalThis.self = globalThis;
globalThis.postMessage = (message, transfer) =>
  parentPort.postMessage(message, transfer);
globalThis.addEventListener = (type, listener) => {
  const wrapped = data => listener({ data });
  listeners.set(listener, wrapped);
  parentPort.on(type, wrapped);
};
globalThis.removeEventListener = (type, listener) =>
  parentPort.off(type, listeners.get(listener));

await import('../lib/browsergrad.worker.js');
