/**
 * The public interfaces and Lumino tokens of browsergrad-kernel's kernel:
 * its ids, the site settings, and the worker pool it provides.
 */
import { Token } from '@lumino/coreutils';

import type {
  IBootInfo,
  IBrowsergradWorker,
  WorkerEvent
} from '../worker/protocol';
import type { IOutputLimit } from '../output/outputLimit';
import type { IHostBridgeSettings } from '../bridge/tokens';

/** The plugin id, also the key of the kernel's `litePluginSettings`. */
export const PLUGIN_ID = 'browsergrad-kernel:kernel';

/** The kernelspec name and display name. */
export const KERNEL_NAME = 'browsergrad';
export const KERNEL_DISPLAY_NAME = 'Python (browsergrad)';

/**
 * The site settings, valid against their schema
 * (browsergrad_kernel/schema/kernel-settings.v1.schema.json), defaults
 * filled in.
 */
export interface IKernelSettings {
  /** Absolute URL of `pyodide.mjs`. */
  pyodideUrl: string;
  /** Absolute URL of the site's `pyodide-lock.json`. */
  lockFileUrl: string;
  /** Warehouse-like indexes that `%pip install` reads (absolute URLs). */
  pipliteUrls: string[];
  /** Lock packages loaded while Pyodide starts. */
  preloadPackages: string[];
  /** Start a worker as soon as the app loads. */
  prewarm: boolean;
  /** Default time limit of a cell in seconds; null for none. */
  timeLimit: number | null;
  /** How much printed output a cell shows; `null` keys lift the limit. */
  outputLimit: IOutputLimit;
  /** The site ships the cross-origin isolation service worker. */
  isolationServiceWorker: boolean;
  pyodideVersion?: string;
  browsergradVersion?: string;
  /** Absolute URL of the site's lab index, `labs.json`. */
  labsUrl?: string;
  /** The host bridge's settings (src/bridge/). */
  hostBridge: IHostBridgeSettings;
}

/** The site's settings as the settings plugin read them, once. */
export interface ISiteSettings {
  /** The kernel settings; null when the site has no Pyodide runtime. */
  readonly settings: IKernelSettings | null;
  /** Why `settings` is null: the message to show where a kernel is wanted. */
  readonly error: Error | null;
  /** Bad values edited into the built site (reported, then left out). */
  readonly warnings: readonly string[];
}

export const ISiteSettings = new Token<ISiteSettings>(
  'browsergrad-kernel:ISiteSettings',
  "The browsergrad kernel's site settings, checked against their schema."
);

/** A started worker: booting or booted, owned by at most one kernel. */
export interface IWarmWorker {
  /** Resolves with the boot report, rejects if boot failed. */
  readonly booted: Promise<IBootInfo>;
  /** Resolves once the worker is restoring the kernel snapshot (cheap). */
  readonly restoring: Promise<void>;
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
