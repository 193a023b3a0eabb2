/**
 * Starting Pyodide: the core, the kernel's packages from the site's lock (in
 * parallel with the interpreter's start), then the IPython-based kernel.
 */
import { ACK_SLOT, IBootOptions, SIGNAL_SLOT } from './protocol';

/** Import an ES module from a URL known only at run time. */
function importUrl(url: string): Promise<any> {
  return import(/* webpackIgnore: true */ url);
}

/**
 * Python run once the packages are in: start the kernel, importing only what
 * the first cell needs (see `browsergrad._boot`).
 */
function kernelStartup(pipliteUrls: string[]): string {
  return [
    'import browsergrad._boot as _boot',
    `_boot.start(${JSON.stringify(pipliteUrls)})`,
    'import pyodide_kernel',
    '_boot.started()',
    'del _boot'
  ].join('\n');
}

export interface IBooted {
  pyodide: any;
  /** The interrupt buffer's slots, on cross-origin isolated pages. */
  signals: Int32Array | null;
  timings: Record<string, number>;
}

/**
 * Handle Stop and time-limit signals in Python; with a shared buffer,
 * `time.sleep` waits on it so that a signal wakes it up.
 */
function installInterrupts(pyodide: any, signals: Int32Array | null): void {
  const module = pyodide.pyimport('browsergrad._interrupt');
  try {
    if (signals) {
      module.install(
        (ms: number) => Atomics.wait(signals, SIGNAL_SLOT, 0, ms),
        () => Atomics.store(signals, ACK_SLOT, 1),
        (signal: number) => Atomics.store(signals, SIGNAL_SLOT, signal)
      );
    } else {
      module.install();
    }
  } finally {
    module.destroy();
  }
}

export async function bootPyodide(
  options: IBootOptions,
  log: (level: 'info' | 'critical', text: string) => void
): Promise<IBooted> {
  const timings: Record<string, number> = {};
  const started = performance.now();
  const mark = (phase: string) => {
    timings[phase] = Math.round(performance.now() - started);
  };

  mark('start');
  const { loadPyodide } = await importUrl(options.pyodideUrl);
  mark('import');
  const pyodide = await loadPyodide({
    indexURL: options.pyodideUrl.slice(
      0,
      options.pyodideUrl.lastIndexOf('/') + 1
    ),
    lockFileURL: options.lockFileUrl,
    packages: options.preloadPackages,
    stdout: (text: string) => log('info', text),
    stderr: (text: string) => log('critical', text)
  });
  mark('pyodide');
  const signals = options.interruptBuffer
    ? new Int32Array(options.interruptBuffer)
    : null;
  if (signals) {
    pyodide.setInterruptBuffer(signals);
  }
  pyodide.runPython(kernelStartup(options.pipliteUrls));
  installInterrupts(pyodide, signals);
  mark('kernel');
  return { pyodide, signals, timings };
}
