/**
 * Starting Pyodide: the core, the kernel's packages from the site's lock (in
 * parallel with the interpreter's start), then the IPython-based kernel.
 */
import { ACK_SLOT, IBootOptions, SIGNAL_SLOT } from './protocol';
import { takePlain } from './convert';

/** Import an ES module from a URL known only at run time. */
function importUrl(url: string): Promise<any> {
  return import(/* webpackIgnore: true */ url);
}

/**
 * The Python module the worker calls (`browsergrad/_kernel/entry.py`): it
 * starts the kernel, runs cells and takes Stop and time-limit signals.
 */
const KERNEL_ENTRY = 'browsergrad._kernel.entry';

export interface IBooted {
  pyodide: any;
  /** The kernel's entry module (a PyProxy of `KERNEL_ENTRY`). */
  entry: any;
  /** Python's and browsergrad's versions. */
  versions: [string, string];
  /** The interrupt buffer's slots, on cross-origin isolated pages. */
  signals: Int32Array | null;
  timings: Record<string, number>;
}

/**
 * Start the kernel, importing only what the first cell needs, with Stop and
 * time-limit signals handled in Python; with a shared buffer, `time.sleep`
 * waits on it so that a signal wakes it up.
 */
function startKernel(
  entry: any,
  pipliteUrls: string[],
  signals: Int32Array | null
): [string, string] {
  const versions = signals
    ? entry.start_kernel(
        pipliteUrls,
        (ms: number) => Atomics.wait(signals, SIGNAL_SLOT, 0, ms),
        () => Atomics.store(signals, ACK_SLOT, 1),
        (signal: number) => Atomics.store(signals, SIGNAL_SLOT, signal)
      )
    : entry.start_kernel(pipliteUrls);
  return takePlain<[string, string]>(versions);
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
  const entry = pyodide.pyimport(KERNEL_ENTRY);
  const versions = startKernel(entry, options.pipliteUrls, signals);
  mark('kernel');
  return { pyodide, entry, versions, signals, timings };
}
