/**
 * Interfaces of browsergrad-kernel, and the one typed protocol between the
 * main thread and the Pyodide worker.
 *
 * Calls go main -> worker through comlink (`IBrowsergradWorker`); events go
 * worker -> main as `WorkerEvent` messages on a dedicated MessagePort, so a
 * worker booted before any kernel exists can be handed to one later.
 */
import type { KernelMessage } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';

/** The plugin id, also the key of the kernel's `litePluginSettings`. */
export const PLUGIN_ID = 'browsergrad-kernel:kernel';

/** The kernelspec name and display name. */
export const KERNEL_NAME = 'browsergrad';
export const KERNEL_DISPLAY_NAME = 'Python (browsergrad)';

/** Site settings, written by the `jupyter lite build` addon. */
export interface IKernelSettings {
  /** URL of `pyodide.mjs`, relative to the site root or absolute. */
  pyodideUrl: string;
  /** URL of the site's `pyodide-lock.json`. */
  lockFileUrl: string;
  /** Warehouse-like indexes that `%pip install` reads. */
  pipliteUrls: string[];
  /** Lock packages loaded while Pyodide starts. */
  preloadPackages: string[];
  /** Start a worker as soon as the app loads (default true). */
  prewarm?: boolean;
  pyodideVersion?: string;
  browsergradVersion?: string;
  /** URL of the site's lab index, `labs.json` (written by the labs addon). */
  labsUrl?: string;
}

/** Options a worker boots with; every URL is absolute. */
export interface IBootOptions {
  pyodideUrl: string;
  lockFileUrl: string;
  pipliteUrls: string[];
  preloadPackages: string[];
  /** One byte written by the main thread to interrupt Python (SIGINT = 2). */
  interruptBuffer: SharedArrayBuffer | null;
  /** Where the worker posts its `WorkerEvent`s. */
  events: MessagePort;
}

/** What a booted worker reports. */
export interface IBootInfo {
  pythonVersion: string;
  pyodideVersion: string;
  browsergradVersion: string;
  /** Milliseconds spent in each boot phase, for benchmarks and diagnostics. */
  timings: Record<string, number>;
}

/** Per-kernel options, sent when a kernel claims a booted worker. */
export interface IAttachOptions {
  kernelId: string;
  /** The site's base URL (absolute). */
  baseUrl: string;
  /** The notebook's folder, e.g. `labs/one` or `drive:labs/one`. */
  location: string;
  /** Mount the JupyterLite contents at /drive (needs the service worker). */
  mountDrive: boolean;
  /** Identifies this page to the JupyterLite service worker (drive, stdin). */
  browsingContextId?: string;
}

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;

/** Messages the worker posts to the main thread. */
export type WorkerEvent =
  | {
      type: 'stream';
      parentHeader: Header;
      content: KernelMessage.IStreamMsg['content'];
    }
  | {
      type: 'display_data';
      parentHeader: Header;
      content: KernelMessage.IDisplayDataMsg['content'];
    }
  | {
      type: 'update_display_data';
      parentHeader: Header;
      content: KernelMessage.IUpdateDisplayDataMsg['content'];
    }
  | {
      type: 'clear_output';
      parentHeader: Header;
      content: KernelMessage.IClearOutputMsg['content'];
    }
  | {
      type: 'execute_result';
      parentHeader: Header;
      content: KernelMessage.IExecuteResultMsg['content'];
    }
  | {
      type: 'error';
      parentHeader: Header;
      content: KernelMessage.IErrorMsg['content'];
    }
  | {
      type: 'comm_open' | 'comm_msg' | 'comm_close';
      parentHeader: Header;
      content: any;
      metadata: any;
      buffers: ArrayBuffer[];
    }
  | { type: 'log'; level: 'info' | 'warning' | 'critical'; text: string };

/** The worker's API, called from the main thread. */
export interface IBrowsergradWorker {
  /** Start Pyodide and the kernel's packages; needs no kernel yet. */
  boot(options: IBootOptions): Promise<IBootInfo>;
  /** Bind the booted interpreter to one kernel (drive, working folder). */
  attach(options: IAttachOptions): Promise<void>;
  execute(
    content: KernelMessage.IExecuteRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.IExecuteReplyMsg['content']>;
  complete(
    content: KernelMessage.ICompleteRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.ICompleteReplyMsg['content']>;
  inspect(
    content: KernelMessage.IInspectRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.IInspectReplyMsg['content']>;
  isComplete(
    content: KernelMessage.IIsCompleteRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']>;
  commInfo(
    content: KernelMessage.ICommInfoRequestMsg['content'],
    parent: KernelMessage.IMessage
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']>;
  commOpen(
    msg: KernelMessage.ICommOpenMsg,
    parent: KernelMessage.IMessage
  ): Promise<void>;
  commMsg(
    msg: KernelMessage.ICommMsgMsg,
    parent: KernelMessage.IMessage
  ): Promise<void>;
  commClose(
    msg: KernelMessage.ICommCloseMsg,
    parent: KernelMessage.IMessage
  ): Promise<void>;
}

/** A started worker: booting or booted, owned by at most one kernel. */
export interface IWarmWorker {
  /** Resolves with the boot report, rejects if boot failed. */
  readonly booted: Promise<IBootInfo>;
  readonly remote: import('comlink').Remote<IBrowsergradWorker>;
  /** Whether Python can be interrupted without losing state. */
  readonly canInterrupt: boolean;
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
}

export const IWorkerPool = new Token<IWorkerPool>(
  'browsergrad-kernel:IWorkerPool',
  'Started Pyodide workers for browsergrad kernels.'
);

/** A lab's `manifest.json` (docs/labs.md; schema `lab-manifest.v1.schema.json`). */
export interface ILabManifest {
  id: string;
  version: string;
  /** `^X.Y.Z`, `~X.Y.Z` or `X.Y.Z`, with npm semantics. */
  requires_browsergrad: string;
  required_ops: string[];
  rubric_path: string;
  starter_path: string;
  reference_path: string;
  datasets?: string[];
}

/** One problem of a manifest: the field path (`required_ops[3]`; empty for the
 * whole manifest) and what is wrong with it. */
export interface IManifestError {
  field: string;
  message: string;
}

/** The site's lab index, `labs.json`, written at build time. */
export interface ILabsIndex {
  format: string;
  /** The browsergrad version the labs were validated against. */
  browsergrad: string;
  /** The manifest schema's URL, relative to the index. */
  schema: string;
  /** Valid labs: each folder (in the site's contents) and its manifest. */
  labs: { path: string; manifest: ILabManifest }[];
}

/** The lab a notebook belongs to, as found when it opened. */
export interface ILab {
  /** The lab folder (a contents path). */
  folder: string;
  /** The manifest, or null when it could not be read or is invalid. */
  manifest: ILabManifest | null;
  /** Why the lab cannot run here ("lab … requires …, runtime is …"), or null. */
  problem: string | null;
}
