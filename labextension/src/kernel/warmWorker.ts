/**
 * One started worker with its interrupt buffer and event port, on any host:
 * a page's module Worker (the kernel) or a Node thread (the runtime library).
 */
import { PromiseDelegate } from '@lumino/coreutils';
import { Endpoint, Remote, transfer, wrap } from 'comlink';

import type { IWarmWorker } from './tokens';
import {
  INTERRUPT_BUFFER_BYTES,
  IBootInfo,
  IBootOptions,
  IBrowsergradWorker,
  ISnapshotBytes,
  WorkerEvent
} from '../worker/protocol';

/** What a worker boots with (the URLs are absolute). */
export type WorkerSettings = Pick<
  IBootOptions,
  'pyodideUrl' | 'lockFileUrl' | 'pipliteUrls' | 'preloadPackages'
>;

/** Where workers run: it starts the worker bundle and says what it allows. */
export interface IWorkerHost {
  /** Start one thread running the worker bundle (`browsergrad.worker.js`). */
  spawn(): { endpoint: Endpoint; terminate(): void };
  /** Whether a SharedArrayBuffer can be shared with it (isolation). */
  canShare(): boolean;
  /** Whether the JupyterLite service worker controls the page. */
  controlled(): boolean;
}

export class WarmWorker implements IWarmWorker {
  /**
   * `snapshotBytes`: what an earlier worker returned, moved to this one;
   * `onSnapshotBytes` receives them once this one restored (else dropped).
   */
  constructor(
    settings: WorkerSettings,
    host: IWorkerHost,
    snapshotBytes?: ISnapshotBytes,
    onSnapshotBytes?: (bytes: ISnapshotBytes) => void
  ) {
    const thread = host.spawn();
    this._thread = thread;
    this.remote = wrap<IBrowsergradWorker>(thread.endpoint);
    this.controlled = host.controlled();
    const buffer = host.canShare()
      ? new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES)
      : null;
    this.canInterrupt = buffer !== null;
    this.signals = buffer ? new Int32Array(buffer) : null;
    const channel = new MessageChannel();
    channel.port1.onmessage = (msg: MessageEvent<WorkerEvent>) => {
      if (msg.data.type === 'restoring') {
        this._restoring.resolve();
      } else if (msg.data.type === 'snapshotBytes') {
        onSnapshotBytes?.(msg.data.bytes);
      } else if (this._listener) {
        this._listener(msg.data);
      } else {
        this._held.push(msg.data);
      }
    };
    this._port = channel.port1;
    const options: IBootOptions = {
      pyodideUrl: settings.pyodideUrl,
      lockFileUrl: settings.lockFileUrl,
      pipliteUrls: settings.pipliteUrls,
      preloadPackages: settings.preloadPackages,
      interruptBuffer: buffer,
      events: channel.port2,
      snapshotBytes
    };
    const moved: Transferable[] = snapshotBytes
      ? [snapshotBytes.memory.buffer, snapshotBytes.files.buffer]
      : [];
    this.booted = this.remote.boot(
      transfer(options, [channel.port2, ...moved])
    );
    // A failed boot is reported to whoever takes this worker.
    this.booted.catch(() => undefined);
  }

  readonly remote: Remote<IBrowsergradWorker>;
  readonly booted: Promise<IBootInfo>;
  /** Resolves once the worker is restoring the kernel snapshot (cheap). */
  get restoring(): Promise<void> {
    return this._restoring.promise;
  }

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
    this._thread.terminate();
  }

  private _restoring = new PromiseDelegate<void>();
  private _thread: { terminate(): void };
  private _port: MessagePort;
  private _listener: ((event: WorkerEvent) => void) | null = null;
  private _held: WorkerEvent[] = [];
}
