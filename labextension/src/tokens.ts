/**
 * The public interfaces and Lumino tokens of browsergrad-kernel's kernel:
 * its ids, the site settings, and the worker pool it provides.
 */
import { Token } from '@lumino/coreutils';

import type {
  IBootInfo,
  IBrowsergradWorker,
  WorkerEvent
} from './worker/protocol';

/** The plugin id, also the key of the kernel's `litePluginSettings`. */
export const PLUGIN_ID = 'browsergrad-kernel:kernel';

/** The kernelspec name and display name. */
export const KERNEL_NAME = 'browsergrad';
export const KERNEL_DISPLAY_NAME = 'Python (browsergrad)';

/** Site settings, checked against their schema (src/kernel/settings.ts). */
export type { IKernelSettings, ISiteSettings } from './kernel/settings';

/** A started worker: booting or booted, owned by at most one kernel. */
export interface IWarmWorker {
  /** Resolves with the boot report, rejects if boot failed. */
  readonly booted: Promise<IBootInfo>;
  readonly remote: import('comlink').Remote<IBrowsergradWorker>;
  /** Whether Python can be interrupted without losing state. */
  readonly canInterrupt: boolean;
  /** The interrupt buffer's slots, when the page is cross-origin isolated. */
  readonly signals: Int32Array | null;
  /** Whether the service worker controlled the page when this worker started. */
  readonly controlled: boolean;
  /** Receive this worker's events (replaces the previous listener). */
  listen(listener: (event: WorkerEvent) => void): void;
  /** Stop the worker for good. */
  terminate(): void;
}

/** Hands out started workers, keeping one spare warm. */
export interface IWorkerPool {
  /** Take a worker (the warm one when there is one) and warm the next. */
  take(): IWarmWorker;
  /** Start a spare worker now, if none is warm. */
  prewarm(): void;
  /**
   * Start a spare once the page is idle (for the next restart, or Stop
   * without cross-origin isolation), unless the site turned prewarm off.
   */
  prewarmWhenIdle(): void;
}

export const IWorkerPool = new Token<IWorkerPool>(
  'browsergrad-kernel:IWorkerPool',
  'Started Pyodide workers for browsergrad kernels.'
);
