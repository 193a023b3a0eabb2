/**
 * `createSession`: the kernel's own worker and Stop logic (KernelWorker,
 * CellRun) behind the seed's small API, for pages that are not notebooks
 * and for Node.
 *
 * Runs are queued: a second `exec` waits for the first to end, in call order.
 */
import { KernelWorker } from '../kernel/kernelWorker';
import { CellRun } from '../stop/cellRun';
import { LostCause, WorkerLost } from '../stop/errors';
import {
  IAttachOptions,
  IFileWrite,
  InterruptSignal,
  WorkerEvent
} from '../worker/protocol';
import { readRuntime } from './assets';
import { createHost } from './hosts';
import {
  ExecAbortError,
  ExecError,
  RuntimeLoadError,
  SessionDisposedError,
  SessionError
} from './errors';
import { RunOutputs } from './events';
import { StopReason, lostError, pythonError } from './outcome';
import { RuntimePool } from './pool';
import type {
  IExecOptions,
  IExecResult,
  IMountFile,
  IPackageProgress,
  ISession,
  ISessionOptions
} from './types';
import {
  checkExecOptions,
  checkMountFiles,
  checkSessionOptions
} from './validate';

/** The default worker bundle: the one the kernel ships, next to this module. */
const defaultWorkerURL = () =>
  new URL('./browsergrad.worker.js', import.meta.url);

export async function createSession(
  options: ISessionOptions
): Promise<ISession> {
  checkSessionOptions(options);
  const packages = [...(options.packages ?? [])];
  const host = await createHost({
    pyodideIndexURL: options.pyodideIndexURL,
    workerURL: options.workerURL ?? defaultWorkerURL(),
    interruptBuffer: options.interruptBuffer ?? true
  });
  const settings = await readRuntime(host, packages);
  const pool = new RuntimePool(
    settings,
    {
      ...settings,
      preloadPackages: [...settings.preloadPackages, ...packages]
    },
    host,
    options.warmSpare ?? true
  );
  const session = new Session(
    pool,
    host.indexURL,
    packages,
    options.onPackageProgress
  );
  try {
    await session.ready;
  } catch (error) {
    await session.dispose();
    throw new RuntimeLoadError(
      host.indexURL,
      `the worker did not start (${(error as Error)?.message ?? error}).`
    );
  }
  session.started = true;
  return session;
}

/** How long a failed start waits for its last package events. */
const PACKAGE_EVENT_WAIT_MS = 1000;

const msgId = (seq: number) => `browsergrad-runtime-${seq}`;

/** The run in progress: its Stop logic, outputs and who stopped it. */
interface IActiveRun {
  cell: CellRun;
  outputs: RunOutputs;
  reason: StopReason | null;
  ran: Promise<void>;
  markRan: () => void;
}

class Session implements ISession {
  constructor(
    readonly pool: RuntimePool,
    private readonly _baseUrl: string,
    private readonly _packages: string[],
    private readonly _onPackage?: (progress: IPackageProgress) => void
  ) {
    this._packagesReported = new Promise<void>(resolve => {
      this._allReported = resolve;
      if (_packages.length === 0) {
        resolve();
      }
    });
    this._worker = new KernelWorker({
      pool,
      attach: () => this._attachOptions(),
      onEvent: event => this._onEvent(event),
      log: () => undefined
    });
  }

  /** Set once `createSession` resolved: package events stop being reported. */
  started = false;

  /** The first worker is bound and every package's outcome was reported. */
  get ready(): Promise<void> {
    return this._worker.ready.then(
      () => this._packagesReported,
      async error => {
        // A failed package's event may still be on its way: let it arrive.
        if (this._packagesStarted) {
          await Promise.race([
            this._packagesReported,
            new Promise(resolve => setTimeout(resolve, PACKAGE_EVENT_WAIT_MS))
          ]);
        }
        throw error;
      }
    );
  }

  get canInterrupt(): boolean {
    return this._worker.current.canInterrupt;
  }

  exec(options: IExecOptions): Promise<IExecResult> {
    if (this._disposed) {
      return Promise.reject(new SessionDisposedError('exec()'));
    }
    try {
      checkExecOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this._enqueue(() => this._run(options));
  }

  interrupt(): void {
    this._stop('interrupt');
  }

  mount(files: IMountFile[]): Promise<void> {
    if (this._disposed) {
      return Promise.reject(new SessionDisposedError('mount()'));
    }
    try {
      checkMountFiles(files);
    } catch (error) {
      return Promise.reject(error);
    }
    const writes: IFileWrite[] = files.map(file => ({
      path: file.path,
      data:
        file.data instanceof ArrayBuffer ? new Uint8Array(file.data) : file.data
    }));
    return this._enqueue(async () => {
      for (const write of writes) {
        // Kept, so a replacement worker gets them too.
        this._mounts.set(write.path, write);
      }
      await this._worker.ready;
      await this._worker.call(remote => remote.writeFiles(writes));
    });
  }

  async dispose(): Promise<void> {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._active?.cell.finish();
    this._worker.dispose(new SessionDisposedError('A call'));
    this.pool.dispose();
  }

  private _enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this._queue.then(task);
    this._queue = result.then(
      () => undefined,
      () => undefined
    );
    return result;
  }

  private async _run(options: IExecOptions): Promise<IExecResult> {
    const outputs = new RunOutputs(options);
    const timeoutMs = options.timeoutMs ?? null;
    const result = (error: ExecError | null, started: number) => ({
      ok: error === null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...outputs.sorted(),
      error
    });
    if (options.signal?.aborted) {
      return result(
        new ExecAbortError(
          'The signal was aborted before the run started; the code did not run.'
        ),
        performance.now()
      );
    }
    if (this._disposed) {
      return result(
        new ExecAbortError('The session was disposed.'),
        performance.now()
      );
    }
    try {
      await this._worker.ready;
    } catch (error) {
      if (this._disposed) {
        return result(
          new ExecAbortError('The session was disposed.'),
          performance.now()
        );
      }
      throw new SessionError(
        `The session's worker could not start: ${(error as Error)?.message ?? error}`
      );
    }
    const started = performance.now();
    let markRan = () => undefined as void;
    const ran = new Promise<void>(resolve => (markRan = resolve));
    const seq = ++this._seq;
    const cell = new CellRun(
      seq,
      timeoutMs === null ? null : timeoutMs / 1000,
      this._worker.current,
      (signal, answered) =>
        this._replace(
          signal !== InterruptSignal.stop
            ? 'timeLimit'
            : answered
              ? 'stopUnfinished'
              : 'stop'
        )
    );
    const active: IActiveRun = { cell, outputs, reason: null, ran, markRan };
    this._active = active;
    const onAbort = () => this._stop('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const canInterrupt = this.canInterrupt;
    try {
      const reply = await this._worker.call(remote =>
        remote.execute({ code: options.code }, this._parent(seq), {
          seq,
          timeLimit: cell.timeLimit
        })
      );
      // The reply travels apart from the outputs: wait for the last one.
      await this._worker.call(() => ran);
      if (reply.status === 'ok') {
        return result(null, started);
      }
      const error = {
        ename: String((reply as any).ename ?? 'Error'),
        evalue: String((reply as any).evalue ?? ''),
        traceback: (reply as any).traceback ?? []
      };
      return result(
        pythonError(error, cell.stoppedBy, active.reason, timeoutMs),
        started
      );
    } catch (error) {
      if (error instanceof WorkerLost) {
        return result(
          lostError(error.cause, active.reason, timeoutMs, canInterrupt),
          started
        );
      }
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      cell.finish();
      if (this._active === active) {
        this._active = null;
      }
    }
  }

  private _stop(reason: StopReason): void {
    const active = this._active;
    if (active) {
      active.reason ??= reason;
      active.cell.stop(InterruptSignal.stop);
    }
  }

  private _replace(cause: LostCause): void {
    if (!this._disposed) {
      this._active?.cell.finish();
      this._worker.replace(cause);
    }
  }

  private _onEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'package':
        this._packagesStarted = true;
        if (
          event.status !== 'loading' &&
          ++this._packagesDone >= this._packages.length
        ) {
          this._allReported();
        }
        if (!this.started && this._onPackage) {
          try {
            this._onPackage({
              package: event.package,
              status: event.status,
              ...(event.text ? { message: event.text } : {})
            });
          } catch (error) {
            console.error('browsergrad: onPackageProgress threw', error);
          }
        }
        break;
      case 'ran':
        if (this._active && event.seq === this._seq) {
          this._active.markRan();
        }
        break;
      case 'fatal':
        this._replace('crash');
        break;
      default:
        // Only the running request's outputs (a late one of the last is not).
        if (
          'parentHeader' in event &&
          event.parentHeader?.msg_id === msgId(this._seq)
        ) {
          this._active?.outputs.handle(event);
        }
    }
  }

  private _attachOptions(): IAttachOptions {
    return {
      kernelId: 'browsergrad-runtime',
      baseUrl: this._baseUrl,
      location: '',
      mountDrive: false,
      packages: this._packages,
      files: [...this._mounts.values()]
    };
  }

  /** The request a run answers, as the worker expects one. */
  private _parent(seq: number): any {
    return {
      header: {
        msg_id: msgId(seq),
        session: 'browsergrad-runtime',
        username: '',
        date: new Date().toISOString(),
        msg_type: 'execute_request',
        version: '5.3'
      },
      parent_header: {},
      metadata: {},
      content: {},
      channel: 'shell'
    };
  }

  private _worker: KernelWorker;
  /** Package events travel apart from attach's reply: counted to the end. */
  private _packagesDone = 0;
  private _packagesStarted = false;
  private _allReported = () => undefined as void;
  private _packagesReported: Promise<void>;
  private _queue: Promise<void> = Promise.resolve();
  private _active: IActiveRun | null = null;
  private _seq = 0;
  private _mounts = new Map<string, IFileWrite>();
  private _disposed = false;
}
