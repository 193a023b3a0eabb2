/**
 * The session's workers: the first one, and a warm spare that takes over at
 * once when a stop without the interrupt buffer (or a stuck run) restarts.
 */
import type { IWorkerPool } from '../kernel/tokens';
import { WarmWorker, WorkerSettings } from '../kernel/warmWorker';
import type { IWorkerHost } from '../kernel/warmWorker';

export class RuntimePool implements IWorkerPool {
  /**
   * The first worker boots with `first`; spares with `spare` (which also
   * preloads the session's packages, so a restart has them at once).
   */
  constructor(
    private readonly _first: WorkerSettings,
    private readonly _spareSettings: WorkerSettings,
    private readonly _host: IWorkerHost,
    private readonly _keepSpare: boolean
  ) {}

  take(): WarmWorker {
    const worker =
      this._spare ??
      new WarmWorker(
        this._taken ? this._spareSettings : this._first,
        this._host
      );
    this._spare = null;
    this._taken = true;
    return worker;
  }

  prewarm(): void {
    if (!this._spare && !this._disposed) {
      this._spare = new WarmWorker(this._spareSettings, this._host);
    }
  }

  /** Called once a worker is ready: its spare boots now. */
  prewarmWhenIdle(): void {
    if (this._keepSpare) {
      this.prewarm();
    }
  }

  /** The spare booted, if there is one (for tests and benchmarks). */
  get spareBooted(): Promise<unknown> | null {
    return this._spare?.booted ?? null;
  }

  dispose(): void {
    this._disposed = true;
    this._spare?.terminate();
    this._spare = null;
  }

  private _spare: WarmWorker | null = null;
  private _taken = false;
  private _disposed = false;
}
