/**
 * Starting workers ahead of need: one warm worker is booted when the app
 * loads, so opening a notebook (or restarting) does not wait for Pyodide.
 */
import type { ISnapshotBytes } from '../worker/protocol';
import type { IKernelSettings, IWorkerPool } from './tokens';
import { IWorkerHost, WarmWorker } from './warmWorker';

export { WarmWorker };

/** Keep bundlers from treating the prebuilt worker as a worker entry. */
function createModuleWorker(url: URL): Worker {
  return new Worker(url, { type: 'module' });
}

/** The page's module workers, running the bundle of build:worker. */
export const pageHost: IWorkerHost = {
  spawn() {
    // lib/browsergrad.worker.js, next to lib/kernel/.
    const worker = createModuleWorker(
      new URL('../browsergrad.worker.js', import.meta.url)
    );
    return { endpoint: worker, terminate: () => worker.terminate() };
  },
  canShare: () => self.crossOriginIsolated,
  controlled: () => !!navigator.serviceWorker?.controller
};

/**
 * Resolve once the JupyterLite service worker controls this page (so that
 * workers started now reach it for files and stdin), or after `timeoutMs`.
 */
export async function whenControlled(
  ready: Promise<void> | undefined,
  timeoutMs: number
): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container || container.controller || !ready) {
    return;
  }
  try {
    await ready;
  } catch {
    return;
  }
  if (container.controller) {
    return;
  }
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, timeoutMs);
    container.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true }
    );
  });
}

/**
 * Hands out warm workers and keeps spares. Workers restored from the kernel
 * snapshot are cheap, so then a spare is started as soon as one is taken,
 * and once the first worker is restoring, the next boots alongside it (the
 * spare that a Stop on a plain page or a restart takes right after the kernel
 * is ready). Workers that start from packages are costly: one spare, started
 * once the page is idle after a kernel got its worker.
 */
export class WorkerPool implements IWorkerPool {
  constructor(private readonly _settings: () => IKernelSettings) {}

  take(): WarmWorker {
    this._taken = true;
    let worker: WarmWorker | null = null;
    while (!worker && this._spares.length) {
      worker = this._spares.shift()!;
      if (!worker.controlled && navigator.serviceWorker?.controller) {
        // Started before the service worker took over: it could not reach
        // the notebook's files; a new one can.
        worker.terminate();
        worker = null;
      }
    }
    worker ??= this._start();
    if (this._cheap && this._settings().prewarm !== false) {
      this._fill(1);
    }
    return worker;
  }

  prewarm(): void {
    this._fill(1);
  }

  prewarmWhenIdle(): void {
    if (this._settings().prewarm === false || this._idleTimer) {
      return;
    }
    if (this._cheap) {
      this._fill(1);
      return;
    }
    // Let the kernel that was just handed out settle first.
    this._idleTimer = setTimeout(() => {
      whenIdle(() => {
        this._idleTimer = null;
        this._fill(1);
      });
    }, SPARE_DELAY_MS);
  }

  private _fill(count: number): void {
    while (this._spares.length < count) {
      this._spares.push(this._start());
    }
  }

  private _start(): WarmWorker {
    // The bytes go to one worker at a time, which returns them once restored.
    const bytes = this._snapshotBytes ?? undefined;
    this._snapshotBytes = null;
    const worker = new WarmWorker(
      this._settings(),
      pageHost,
      bytes,
      returned => {
        if (this._settings().prewarm !== false) {
          this._snapshotBytes ??= returned;
        }
      }
    );
    // Restoring is cheap: the next worker boots alongside, so that a Stop or
    // a restart right after the kernel is ready finds its spare booted.
    void worker.restoring.then(() => {
      this._cheap = true;
      if (this._settings().prewarm !== false) {
        this._fill(this._taken ? 1 : 2);
      }
    });
    // a restore that failed after all started from packages: costly
    worker.booted.then(
      info => (this._cheap = info.start === 'snapshot'),
      () => undefined
    );
    return worker;
  }

  private _spares: WarmWorker[] = [];
  /** The snapshot as a restored worker returned it: no fetch for the next. */
  private _snapshotBytes: ISnapshotBytes | null = null;
  /** The last worker started from the snapshot. */
  private _cheap = false;
  /** A kernel has taken a worker. */
  private _taken = false;
  private _idleTimer: ReturnType<typeof setTimeout> | null = null;
}

/** How long after a kernel is ready its spare starts booting (from packages). */
const SPARE_DELAY_MS = 2000;

/** Run `callback` once the page has nothing better to do. */
function whenIdle(callback: () => void): void {
  if ('requestIdleCallback' in self) {
    self.requestIdleCallback(callback, { timeout: 5000 });
  } else {
    setTimeout(callback, 1000);
  }
}
