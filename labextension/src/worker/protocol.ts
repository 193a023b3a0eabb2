/**
 * The one typed protocol between the main thread and the Pyodide worker.
 *
 * Calls go main -> worker through comlink (`IBrowsergradWorker`); events go
 * worker -> main as `WorkerEvent` messages on a dedicated MessagePort, so a
 * worker booted before any kernel exists can be handed to one later.
 */
import type { KernelMessage } from '@jupyterlab/services';

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
  /** Restore the kernel's memory snapshot when it fits (default true). */
  snapshot?: boolean;
  /**
   * The snapshot's bytes as an earlier worker of this page returned them
   * (transferred): restored without fetching and decompressing again.
   */
  snapshotBytes?: ISnapshotBytes;
}

/** The kernel snapshot's two files, decompressed. */
export interface ISnapshotBytes {
  memory: Uint8Array;
  files: Uint8Array;
}

/**
 * How a worker's interpreter started: restored from the kernel's memory
 * snapshot, or loaded and imported from the lock's packages.
 */
export type KernelStart = 'snapshot' | 'packages';

/** What a booted worker reports. */
export interface IBootInfo {
  pythonVersion: string;
  pyodideVersion: string;
  browsergradVersion: string;
  /** Milliseconds spent in each boot phase, for benchmarks and diagnostics. */
  timings: Record<string, number>;
  start: KernelStart;
  /** Why the snapshot was not used, for a `packages` start. */
  startNote: string | null;
}

/** Signals the main thread writes into the interrupt buffer. */
export const InterruptSignal = {
  /** The Stop button: KeyboardInterrupt. */
  stop: 2,
  /** A cell ran past its time limit: TimeoutError. */
  timeLimit: 14
} as const;
export type InterruptSignal =
  (typeof InterruptSignal)[keyof typeof InterruptSignal];

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
  /**
   * Lock packages to load before the first run, each reported by a
   * `package` event (the runtime library's `packages`).
   */
  packages?: string[];
  /** Files to write before the first run (the runtime library's mounts). */
  files?: IFileWrite[];
}

/** One file written into Pyodide's file system; folders are made. */
export interface IFileWrite {
  /** An absolute path, or one relative to the working folder. */
  path: string;
  data: string | Uint8Array;
}

/** How loading one requested package went. */
export type PackageStatus = 'loading' | 'loaded' | 'error';

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;

/**
 * The stdin route of `input()` and `getpass()`: the worker posts an
 * `IPromptRequest` to `api/stdin/<PROMPT_ROUTE>` and blocks until the service
 * worker brings back the main thread's `PromptAnswer`.
 */
export const PROMPT_ROUTE = 'browsergrad';

export interface IPromptRequest {
  kernelId: string;
  prompt: string;
  password: boolean;
  /** The execute request the prompt belongs to. */
  parentHeader: Header | undefined;
}

export type PromptAnswer =
  | { value: string }
  /** Stop or the time limit cancelled the prompt: Python raises its error. */
  | { cancelled: InterruptSignal }
  | { error: string };

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
  /** The snapshot is fetched and checked: this worker starts from it. */
  | { type: 'restoring' }
  /** Restored: the snapshot's bytes, transferred back for the next worker. */
  | { type: 'snapshotBytes'; bytes: ISnapshotBytes }
  /** Pyodide hit a fatal error: this worker can run nothing more. */
  | { type: 'fatal'; text: string }
  /** A package of `IAttachOptions.packages` is loading, loaded or failed. */
  | { type: 'package'; package: string; status: PackageStatus; text?: string }
  /** Run `seq` ended: all its outputs were posted before this. */
  | { type: 'ran'; seq: number };

/**
 * A file chosen in a flow: the browser's `File` (cloned to the worker, never
 * copied or read whole), or, under Node, a path.
 */
export type FileSource = Blob | { path: string };

/** What the worker knows of an attached file. */
export interface IAttachedFile {
  name: string;
  size: number;
}

/** The worker's API, called from the main thread. */
export interface IBrowsergradWorker {
  /** Start Pyodide and the kernel's packages; needs no kernel yet. */
  boot(options: IBootOptions): Promise<IBootInfo>;
  /** Bind the booted interpreter to one kernel (drive, working folder). */
  attach(options: IAttachOptions): Promise<void>;
  /** Write files into Pyodide's file system (folders are made). */
  writeFiles(files: IFileWrite[]): Promise<void>;
  execute(
    content: KernelMessage.IExecuteRequestMsg['content'],
    parent: KernelMessage.IMessage,
    run: IRunOptions
  ): Promise<KernelMessage.IExecuteReplyMsg['content']>;
  /**
   * Raise the signal's error where run `seq` awaits (asyncio, a JS promise).
   * Resolves true when Python took it; it only runs while Python is idle.
   */
  interrupt(seq: number, signal: InterruptSignal): Promise<boolean>;
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
  /**
   * Hold a file chosen in a flow under `id`, for Python's `FlowFile` to read
   * in slices (`browsergrad._kernel.flow_files`); its flow drops it.
   */
  attachFile(id: string, source: FileSource): Promise<IAttachedFile>;
}
