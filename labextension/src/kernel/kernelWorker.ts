/**
 * The worker one kernel runs on: taken from the pool, booted and bound to the
 * kernel, and replaced by a warm spare when it is lost (Stop without a shared
 * buffer, an unresponsive cell, a crash). Every call is raced against that
 * loss, so no request waits for a worker that is gone.
 */
import { PromiseDelegate } from '@lumino/coreutils';

import { LostCause, WorkerLost } from '../stop/errors';
import type { IWarmWorker, IWorkerPool } from './tokens';
import type {
  IAttachOptions,
  IBootInfo,
  IBrowsergradWorker,
  WorkerEvent
} from '../worker/protocol';

export namespace KernelWorker {
  export interface IOptions {
    /** Where the worker and its replacements come from. */
    pool: IWorkerPool;
    /** What binds a booted worker to the kernel, asked once per worker. */
    attach: () => IAttachOptions;
    /** Receives the events of the current worker only. */
    onEvent: (event: WorkerEvent) => void;
    /** Where a failed start is reported (the log console). */
    log: (level: 'critical', text: string) => void;
  }
}

export class KernelWorker {
  constructor(private readonly _options: KernelWorker.IOptions) {
    this._worker = this._claim(_options.pool.take());
  }

  /** The worker in use now. */
  get current(): IWarmWorker {
    return this._worker;
  }

  /** Resolves when the current worker has booted and is bound. */
  get ready(): Promise<void> {
    return this._ready.promise;
  }

  /** What the last booted worker reported. */
  get bootInfo(): IBootInfo | null {
    return this._bootInfo;
  }

  /** Call the worker; rejects with WorkerLost if it is replaced meanwhile. */
  call<T>(call: (remote: IBrowsergradWorker) => Promise<T>): Promise<T> {
    // Every method of the worker API is async, so its comlink proxy has
    // the same signatures.
    const remote = this._worker.remote as unknown as IBrowsergradWorker;
    return Promise.race([call(remote), this._lost.promise]);
  }

  /** Give up the current worker and carry on with a warm spare. */
  replace(cause: LostCause): void {
    const old = this._worker;
    const lost = this._lost;
    this._worker = this._claim(this._options.pool.take());
    old.terminate();
    lost.reject(new WorkerLost(cause));
  }

  /** Stop the worker for good; pending calls reject with WorkerLost. */
  dispose(reason: Error): void {
    this._ready.reject(reason);
    this._lost.reject(new WorkerLost('disposed'));
    this._worker.terminate();
  }

  /** Make `worker` the kernel's: its events, its boot, its attach. */
  private _claim(worker: IWarmWorker): IWarmWorker {
    this._ready = new PromiseDelegate<void>();
    this._ready.promise.catch(() => undefined);
    this._lost = new PromiseDelegate<never>();
    this._lost.promise.catch(() => undefined);
    worker.listen(event => {
      if (worker === this._worker) {
        this._options.onEvent(event);
      } // else a replaced worker's last words
    });
    void this._start(worker);
    return worker;
  }

  private async _start(worker: IWarmWorker): Promise<void> {
    const ready = this._ready;
    try {
      this._bootInfo = await worker.booted;
      const { start, startNote, timings } = this._bootInfo;
      console.info(
        `browsergrad: worker started from ${
          start === 'snapshot' ? 'the kernel snapshot' : 'packages'
        }${startNote ? ` (${startNote})` : ''}; boot (ms)`,
        timings
      );
      await worker.remote.attach(this._options.attach());
      ready.resolve();
      this._options.pool.prewarmWhenIdle();
    } catch (error) {
      const text = `The browsergrad kernel could not start: ${
        (error as Error)?.message ?? error
      }`;
      this._options.log('critical', text);
      console.error(text, error);
      ready.reject(error);
    }
  }

  private _worker: IWarmWorker;
  private _ready = new PromiseDelegate<void>();
  private _lost = new PromiseDelegate<never>();
  private _bootInfo: IBootInfo | null = null;
}
