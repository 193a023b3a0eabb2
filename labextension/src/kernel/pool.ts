/**
 * Starting workers ahead of need: one warm worker is booted when the app
 * loads, so opening a notebook (or restarting) does not wait for Pyodide.
 */
import { Remote, transfer, wrap } from 'comlink';

import type { IKernelSettings, IWarmWorker, IWorkerPool } from './tokens';
import {
  INTERRUPT_BUFFER_BYTES,
  IBootInfo,
  IBrowsergradWorker,
  WorkerEvent
} from '../worker/protocol';

/** Keep bundlers from treating the prebuilt worker as a worker entry. */
function createModuleWorker(url: URL): Worker {
  return new Worker(url, { type: 'module' });
}

/** One started worker with its interrupt buffer and event port. */
export class WarmWorker implements IWarmWorker {
  constructor(settings: IKernelSettings) {
    // The bundle of build:worker, lib/browsergrad.worker.js.
    this._worker = createModuleWorker(
      new URL('../browsergrad.worker.js', import.meta.url)
    );
    this.remote = wrap<IBrowsergradWorker>(this._worker);
    this.controlled = !!navigator.serviceWorker?.controller;
    const buffer = self.crossOriginIsolated
      ? new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES)
      : null;
    this.canInterrupt = buffer !== null;
    this.signals = buffer ? new Int32Array(buffer) : null;
    const channel = new MessageChannel();
    channel.port1.onmessage = (msg: MessageEvent<WorkerEvent>) =>
      this._listener ? this._listener(msg.data) : this._held.push(msg.data);
    this._port = channel.port1;
    const options = {
      pyodideUrl: settings.pyodideUrl,
      lockFileUrl: settings.lockFileUrl,
      pipliteUrls: settings.pipliteUrls,
      preloadPackages: settings.preloadPackages,
      interruptBuffer: buffer,
      events: channel.port2
    };
    this.booted = this.remote.boot(transfer(options, [channel.port2]));
    // A failed boot is reported to whoever takes this worker.
    this.booted.catch(() => undefined);
  }

  readonly remote: Remote<IBrowsergradWorker>;
  readonly booted: Promise<IBootInfo>;
  readonly canInterrupt: boolean;
  readonly controlled: boolean;
  readonly signals: Int32Array | null;

  listen(listener: (event: WorkerEvent) => void): void {
    this._listener = listener;
    // Events from before anyone listened (boot logs) are not lost.
    for (const event of this._held.splice(0)) {
      listener(event);
    }
  }

  terminate(): void {
    this._port.close();
    this._worker.terminate();
  }

  private _worker: Worker;
  private _port: MessagePort;
  private _listener: ((event: WorkerEvent) => void) | null = null;
  private _held: WorkerEvent[] = [];
}

/**
 * Resolve once the JupyterLite service worker controls this page (so that
 * workers started now reach it for files and stdin), or after `timeoutMs`.
 */
export async function whenControlled(
  ready: Promise<void> | undefined,
  timeoutMs: number
): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container || container.controller || !ready) {
    return;
  }
  try {
    await ready;
  } catch {
    return;
  }
  if (container.controller) {
    return;
  }
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, timeoutMs);
    container.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true }
    );
  });
}

/** Hands out warm workers and keeps at most one spare. */
export class WorkerPool implements IWorkerPool {
  constructor(private readonly _settings: () => IKernelSettings) {}

  take(): WarmWorker {
    let worker = this._spare;
    this._spare = null;
    if (worker && !worker.controlled && navigator.serviceWorker?.controller) {
      // Started before the service worker took over: it could not reach
      // the notebook's files; a new one can.
      worker.terminate();
      worker = null;
    }
    return worker ?? new WarmWorker(this._settings());
  }

  prewarm(): void {
    if (!this._spare) {
      this._spare = new WarmWorker(this._settings());
    }
  }

  prewarmWhenIdle(): void {
    if (this._settings().prewarm === false || this._idleTimer) {
      return;
    }
    // Let the kernel that was just handed out settle first.
    this._idleTimer = setTimeout(() => {
      whenIdle(() => {
        this._idleTimer = null;
        this.prewarm();
      });
    }, SPARE_DELAY_MS);
  }

  private _spare: WarmWorker | null = null;
  private _idleTimer: ReturnType<typeof setTimeout> | null = null;
}

/** How long after a kernel is ready its spare starts booting. */
const SPARE_DELAY_MS = 2000;

/** Run `callback` once the page has nothing better to do. */
function whenIdle(callback: () => void): void {
  if ('requestIdleCallback' in self) {
    self.requestIdleCallback(callback, { timeout: 5000 });
  } else {
    setTimeout(callback, 1000);
  }
}
