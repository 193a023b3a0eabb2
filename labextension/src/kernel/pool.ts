/**
 * Starting workers ahead of need: one warm worker is booted when the app
 * loads, so opening a notebook (or restarting) does not wait for Pyodide.
 */
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

/** Hands out warm workers and keeps at most one spare. */
export class WorkerPool implements IWorkerPool {
  constructor(private readonly _settings: () => IKernelSettings) {}

  take(): WarmWorker {
    let worker = this._spare;
    this._spare = null;
    if (worker && !worker.controlled && navigator.serviceWorker?.controller) {
      // Started before the service worker took over: it could not reach
      // the notebook's files; a new one can.
      worker.terminate();
      worker = null;
    }
    return worker ?? new WarmWorker(this._settings(), pageHost);
  }

  prewarm(): void {
    if (!this._spare) {
      this._spare = new WarmWorker(this._settings(), pageHost);
    }
  }

  prewarmWhenIdle(): void {
    if (this._settings().prewarm === false || this._idleTimer) {
      return;
    }
    // Let the kernel that was just handed out settle first.
    this._idleTimer = setTimeout(() => {
      whenIdle(() => {
        this._idleTimer = null;
        this.prewarm();
      });
    }, SPARE_DELAY_MS);
  }

  private _spare: WarmWorker | null = null;
  private _idleTimer: ReturnType<typeof setTimeout> | null = null;
}

/** How long after a kernel is ready its spare starts booting. */
const SPARE_DELAY_MS = 2000;

/** Run `callback` once the page has nothing better to do. */
function whenIdle(callback: () => void): void {
  if ('requestIdleCallback' in self) {
    self.requestIdleCallback(callback, { timeout: 5000 });
  } else {
    setTimeout(callback, 1000);
  }
}
