/**
 * Where the runtime runs: a page (module Workers, `fetch`) or Node
 * (`worker_threads`, the file system). One small adapter per host; the
 * session above it is the same code.
 */
import type { Endpoint } from 'comlink';

import { RuntimeLoadError } from './errors';
import type { IWorkerHost } from '../kernel/warmWorker';

export interface IRuntimeHost extends IWorkerHost {
  /** The runtime folder as the worker loads it (absolute, ends in `/`). */
  readonly indexURL: string;
  /** A file of the runtime folder. */
  file(name: string): string;
  readJson(url: string): Promise<unknown>;
}

export interface IHostOptions {
  pyodideIndexURL: string;
  workerURL: string | URL;
  interruptBuffer: boolean;
}

/** Node, unless the page's Worker exists. */
export function isNode(): boolean {
  const proc = (globalThis as any).process;
  return (
    typeof (globalThis as any).Worker === 'undefined' && !!proc?.versions?.node
  );
}

export function createHost(options: IHostOptions): Promise<IRuntimeHost> {
  return isNode() ? nodeHost(options) : Promise.resolve(pageHost(options));
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function pageHost(options: IHostOptions): IRuntimeHost {
  let indexURL: string;
  try {
    indexURL = withSlash(
      new URL(options.pyodideIndexURL, globalThis.location?.href).href
    );
  } catch {
    throw new RuntimeLoadError(options.pyodideIndexURL, 'not a valid URL.');
  }
  return {
    indexURL,
    file: name => new URL(name, indexURL).href,
    async readJson(url) {
      const response = await fetch(url);
      if (!response.ok) {
        throw new Error(`${url} answered ${response.status}.`);
      }
      return response.json();
    },
    spawn() {
      const worker = new Worker(options.workerURL, { type: 'module' });
      return { endpoint: worker, terminate: () => worker.terminate() };
    },
    canShare: () => options.interruptBuffer && !!globalThis.crossOriginIsolated,
    controlled: () => false
  };
}

/** Makes a Node thread look like a module Worker to the worker bundle. */
function threadCode(bundle: string): string {
  return `const { parentPort } = require('node:worker_threads');
const listeners = new Map();
globalThis.WebSocket ??= class WebSocket {};
globalThis.self = globalThis;
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
globalThis.addEventListener = (type, listener) => {
  const wrapped = data => listener({ data });
  listeners.set(listener, wrapped);
  parentPort.on(type, wrapped);
};
globalThis.removeEventListener = (type, listener) => parentPort.off(type, listeners.get(listener));
import(${JSON.stringify(bundle)});`;
}

/** A Node thread as comlink's endpoint: `on('message')` as events. */
function threadEndpoint(thread: any): Endpoint {
  const wrapped = new Map<unknown, (data: unknown) => void>();
  return {
    postMessage: (message: any, transfer?: Transferable[]) =>
      thread.postMessage(message, transfer),
    addEventListener(_type: string, listener: any) {
      const handler = (data: unknown) =>
        typeof listener === 'function'
          ? listener({ data })
          : listener.handleEvent({ data });
      wrapped.set(listener, handler);
      thread.on('message', handler);
    },
    removeEventListener(_type: string, listener: any) {
      thread.off('message', wrapped.get(listener));
      wrapped.delete(listener);
    }
  };
}

/** A Node built-in, imported only under Node (no bundler follows it). */
function importNode(name: string): Promise<any> {
  const specifier = `node:${name}`;
  return import(/* webpackIgnore: true */ specifier);
}

async function nodeHost(options: IHostOptions): Promise<IRuntimeHost> {
  const [threads, fs, path, url] = await Promise.all(
    ['worker_threads', 'fs/promises', 'path', 'url'].map(importNode)
  );
  const given = options.pyodideIndexURL;
  let folder: string;
  if (given.startsWith('file:')) {
    folder = url.fileURLToPath(given);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new RuntimeLoadError(
      given,
      'under Node it must be a path or a file: URL.'
    );
  } else {
    folder = path.resolve(given);
  }
  const indexURL = withSlash(folder);
  const bundle = new URL(options.workerURL).href;
  return {
    indexURL,
    file: name => path.join(indexURL, name),
    async readJson(file) {
      return JSON.parse(await fs.readFile(file, 'utf8'));
    },
    spawn() {
      const thread = new threads.Worker(threadCode(bundle), { eval: true });
      return {
        endpoint: threadEndpoint(thread),
        terminate: () => void thread.terminate()
      };
    },
    canShare: () => options.interruptBuffer,
    controlled: () => false
  };
}
