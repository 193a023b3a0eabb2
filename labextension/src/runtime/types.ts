/**
 * The public types of the runtime library (`createSession`).
 *
 * Stability: adding optional fields is non-breaking (a minor release);
 * removing a field, or making one required, is a major release. Anything
 * not exported from `./index` is private.
 */
import type { ExecError } from './errors';

/** How loading one package went (`onPackageProgress`). */
export interface IPackageProgress {
  package: string;
  status: 'loading' | 'loaded' | 'error';
  /** Why it failed, for `error`. */
  message?: string;
}

export interface ISessionOptions {
  /**
   * The folder of the runtime's files: `pyodide.mjs`, `pyodide-lock.json`,
   * `manifest.json` and the wheels (a built site's
   * `static/browsergrad/pyodide/`). A URL, relative to the page in a
   * browser; under Node a path or `file:` URL.
   */
  pyodideIndexURL: string;
  /** Packages of the lock to load before the first `exec`. */
  packages?: string[];
  onPackageProgress?: (progress: IPackageProgress) => void;
  /**
   * Use the interrupt buffer when SharedArrayBuffer can be shared (a
   * cross-origin isolated page, or Node). `false` forces terminate-only mode.
   */
  interruptBuffer?: boolean;
  /** Keep a spare worker booted, so a restart does not wait (default true). */
  warmSpare?: boolean;
  /** The worker bundle's URL (default: `browsergrad.worker.js` next to this module). */
  workerURL?: string | URL;
}

/** One `bg.assert_pass/fail/error` call (event schema v1). */
export interface IAssertion {
  type: 'assertion';
  name: string;
  status: 'pass' | 'fail' | 'error';
  message: string | null;
  expected?: unknown;
  actual?: unknown;
  expected_repr?: string | null;
  actual_repr?: string | null;
  exc_type?: string | null;
  duration_ms: number | null;
  timestamp: string;
  /** The call's place among the run's `bg` calls (0, 1, ...). */
  seq: number;
  [field: string]: unknown;
}

/** `bg.log`. */
export interface IArtifactLog {
  type: 'log';
  name: string;
  timestamp: string;
  seq: number;
  level: string;
  data: unknown;
  [field: string]: unknown;
}

/** `bg.emit_json`. */
export interface IArtifactJson {
  type: 'json';
  name: string;
  timestamp: string;
  seq: number;
  data: unknown;
  [field: string]: unknown;
}

/** `bg.emit_image`; `data` is the base64 picture unless it was truncated. */
export interface IArtifactImage {
  type: 'image';
  name: string;
  timestamp: string;
  seq: number;
  mime: string;
  size: number;
  truncated: boolean;
  data?: string;
  [field: string]: unknown;
}

export type Artifact = IArtifactLog | IArtifactJson | IArtifactImage;

export interface IExecOptions {
  code: string;
  /** Wall-clock limit in milliseconds (a positive number); null or absent: none. */
  timeoutMs?: number | null;
  /** Aborting stops the run: the interrupt buffer first, then a restart. */
  signal?: AbortSignal;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  onAssertion?: (assertion: IAssertion) => void;
  onArtifact?: (artifact: Artifact) => void;
}

export interface IExecResult {
  /** True when the code ran to its end without an error. */
  ok: boolean;
  /** From the start of the run (not the time queued) to its end. */
  durationMs: number;
  /**
   * In call order. The callbacks get them as they arrive, which may differ:
   * events are batched (up to ~0.1 s late) and images come at once.
   */
  assertions: IAssertion[];
  artifacts: Artifact[];
  error: ExecError | null;
}

/** A mounted file: text or bytes, at a path (relative to the working folder). */
export interface IMountFile {
  path: string;
  data: string | Uint8Array | ArrayBuffer;
}

export interface ISession {
  exec(options: IExecOptions): Promise<IExecResult>;
  /** Stop the running `exec` (as an aborted signal does); no-op when idle. */
  interrupt(): void;
  /** Whether a stop keeps Python's state (the interrupt buffer is in use). */
  readonly canInterrupt: boolean;
  /** Write files into the interpreter; kept across restarts. */
  mount(files: IMountFile[]): Promise<void>;
  dispose(): Promise<void>;
}
