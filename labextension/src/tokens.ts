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
  /** Default time limit of a cell in seconds; none when absent. */
  timeLimit?: number | null;
  /** How much printed output a cell shows; `null` lifts the limit. */
  outputLimit?: { lines?: number | null; characters?: number | null } | null;
  /** The site ships the cross-origin isolation service worker. */
  isolationServiceWorker?: boolean;
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
  /**
   * Two Int32 slots shared with the main thread (cross-origin isolated pages
   * only): `[SIGNAL_SLOT]` is Pyodide's interrupt buffer, `[ACK_SLOT]` is
   * set by the worker once Python has handled a signal.
   */
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

/** Signals the main thread writes into the interrupt buffer. */
export const Signal = {
  /** The Stop button: KeyboardInterrupt. */
  stop: 2,
  /** A cell ran past its time limit: TimeoutError. */
  timeLimit: 14
} as const;
export type Signal = (typeof Signal)[keyof typeof Signal];

/** Slots of the interrupt buffer (an Int32Array). */
export const SIGNAL_SLOT = 0;
export const ACK_SLOT = 1;
export const INTERRUPT_BUFFER_BYTES = 8;

/** How one cell runs. */
export interface IRunOptions {
  /** Identifies this run, so a late interrupt cannot reach the next cell. */
  seq: number;
  /** The cell's time limit in seconds, named in its TimeoutError. */
  timeLimit: number | null;
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
  | { type: 'log'; level: 'info' | 'warning' | 'critical'; text: string }
  /** Pyodide hit a fatal error: this worker can run nothing more. */
  | { type: 'fatal'; text: string }
  /** Run `seq` ended: all its outputs were posted before this. */
  | { type: 'ran'; seq: number };

/** The worker's API, called from the main thread. */
export interface IBrowsergradWorker {
  /** Start Pyodide and the kernel's packages; needs no kernel yet. */
  boot(options: IBootOptions): Promise<IBootInfo>;
  /** Bind the booted interpreter to one kernel (drive, working folder). */
  attach(options: IAttachOptions): Promise<void>;
  execute(
    content: KernelMessage.IExecuteRequestMsg['content'],
    parent: KernelMessage.IMessage,
    run: IRunOptions
  ): Promise<KernelMessage.IExecuteReplyMsg['content']>;
  /**
   * Raise the signal's error where run `seq` awaits (asyncio, a JS promise).
   * Resolves true when Python took it; it only runs while Python is idle.
   */
  interrupt(seq: number, signal: Signal): Promise<boolean>;
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

// The Tests panel (src/panel/): results read from a notebook's outputs.

/** The status of one row of the Tests panel. */
export type TestStatus = 'pass' | 'fail' | 'error' | 'unreadable';

/** How many rows of each status. */
export type TestCounts = Record<TestStatus, number>;

/** One assertion of a cell, or an output (or event) that could not be read. */
export interface ITestResult {
  readonly status: TestStatus;
  /** The assertion's name; what could be read of it for an unreadable one. */
  readonly name: string;
  /** Why it failed or errored, or why it could not be read ('' if none). */
  readonly message: string;
  /** The assertion event (schema v1) as published; null when unreadable. */
  readonly event: Readonly<Record<string, unknown>> | null;
  /** Position of the output in its cell. */
  readonly outputIndex: number;
  /** Position of the event in that output; null for the whole output. */
  readonly eventIndex: number | null;
}

/** The results of one code cell, from its outputs of browsergrad's MIME types. */
export interface ICellResults {
  /** The cell's id (nbformat 4.5 `id`). */
  readonly cellId: string;
  /** The cell's position among all cells of the notebook, from 0. */
  readonly cellIndex: number;
  readonly executionCount: number | null;
  /** The outputs were made before the kernel last restarted. */
  readonly stale: boolean;
  /** Assertions and unreadable results, in output order. */
  readonly results: readonly ITestResult[];
  /** Every readable event (assertions, logs, JSON, images), in output order. */
  readonly events: readonly Readonly<Record<string, unknown>>[];
  readonly counts: TestCounts;
}

/** The results of one notebook. */
export interface INotebookResults {
  /** The notebook's path in the site's contents. */
  readonly path: string;
  /** Cells that have results or events, in cell order. */
  readonly cells: readonly ICellResults[];
  readonly counts: TestCounts;
}

/** The results of the active notebook, as the Tests panel shows them. */
export interface ITestResultsTracker {
  /** The active notebook's results, or null when no notebook is active. */
  readonly current: INotebookResults | null;
  /** Emitted when the active notebook or its results change. */
  readonly currentChanged: import('@lumino/signaling').ISignal<
    ITestResultsTracker,
    INotebookResults | null
  >;
}

export const ITestResultsTracker = new Token<ITestResultsTracker>(
  'browsergrad-kernel:ITestResultsTracker',
  'The check results of the active notebook, read from its outputs.'
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

/** A lab as a results document names it (`lab` of results.v1). */
export interface ILabIdentity {
  id: string;
  version: string;
  /**
   * sha256 (hex) of the rubric's code, UTF-8 with `\n` newlines; absent when
   * it could not be read or hashed (a page that is not a secure context).
   */
  rubric_sha256?: string;
}

/** The labs of open notebooks, for what reports on them (the Tests panel). */
export interface ILabs {
  /** A notebook's lab; null when it is in none or its manifest is invalid. */
  identify(
    panel: import('@jupyterlab/notebook').NotebookPanel
  ): Promise<ILabIdentity | null>;
}

export const ILabs = new Token<ILabs>(
  'browsergrad-kernel:ILabs',
  'The labs of open notebooks: id, version and rubric hash.'
);
