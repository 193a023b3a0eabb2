/**
 * Starting Pyodide: the core, the kernel's packages from the site's lock (in
 * parallel with the interpreter's start), then the IPython-based kernel.
 */
import {
  ACK_SLOT,
  IBootOptions,
  ISnapshotBytes,
  KernelStart,
  SIGNAL_SLOT
} from './protocol';
import { takePlain } from './convert';
import {
  fetchSnapshot,
  readBytes,
  restoreOptions,
  SnapshotUnusable,
  writeSnapshotFiles
} from './snapshot';
import { remakeRuntimeChoices } from './runtimeChoices';

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
  start: KernelStart;
  /** Why the snapshot was not used, for a `packages` start. */
  startNote: string | null;
  /** The restored snapshot's bytes, free for the next worker. */
  snapshotBytes: ISnapshotBytes | null;
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

type Log = (level: 'info' | 'critical', text: string) => void;

/**
 * Restore the kernel's snapshot; or why it cannot be used (also logged), for
 * a normal start instead.
 */
async function restore(
  pyodideModule: any,
  indexURL: string,
  base: Record<string, unknown>,
  lock: any,
  log: Log,
  onRestoring: () => void,
  mark: (phase: string) => void,
  given?: ISnapshotBytes
): Promise<{ pyodide: any; bytes: ISnapshotBytes } | { why: string }> {
  try {
    const start = await fetchSnapshot(
      indexURL,
      pyodideModule.version,
      lock,
      given
    );
    mark('snapshotFetched');
    onRestoring();
    const createModule = (await importUrl(indexURL + 'pyodide.asm.mjs'))
      .default;
    let pyodide: any = null;
    pyodide = await pyodideModule.loadPyodide({
      ...base,
      ...restoreOptions(start, createModule, () => pyodide)
    });
    mark('restored');
    writeSnapshotFiles(pyodide, start);
    const why = remakeRuntimeChoices(pyodide, start.trampoline ?? 0);
    if (why) {
      throw new SnapshotUnusable(
        `this runtime's choices cannot be re-made: ${why}`
      );
    }
    return { pyodide, bytes: { memory: start.memory, files: start.files } };
  } catch (error) {
    const why = error instanceof SnapshotUnusable ? error.message : `${error}`;
    log('info', `browsergrad: starting without the kernel snapshot: ${why}`);
    return { why };
  }
}

/** `onRestoring` is called once the snapshot is known to be used. */
export async function bootPyodide(
  options: IBootOptions,
  log: Log,
  onRestoring: () => void = () => undefined
): Promise<IBooted> {
  const timings: Record<string, number> = {};
  const started = performance.now();
  const mark = (phase: string) => {
    timings[phase] = Math.round(performance.now() - started);
  };

  mark('start');
  const pyodideModule = await importUrl(options.pyodideUrl);
  const indexURL = options.pyodideUrl.slice(
    0,
    options.pyodideUrl.lastIndexOf('/') + 1
  );
  const lock = JSON.parse(
    new TextDecoder().decode(await readBytes(options.lockFileUrl))
  );
  mark('import');
  const base = {
    indexURL,
    lockFileContents: lock,
    // what lockFileURL would have given: the wheels are beside the lock
    packageBaseUrl: options.lockFileUrl.slice(
      0,
      options.lockFileUrl.lastIndexOf('/') + 1
    ),
    stdout: (text: string) => log('info', text),
    stderr: (text: string) => log('critical', text)
  };
  const restored =
    options.snapshot === false
      ? { why: 'not asked for' }
      : await restore(
          pyodideModule,
          indexURL,
          base,
          lock,
          log,
          onRestoring,
          mark,
          options.snapshotBytes
        );
  let start: KernelStart = 'snapshot';
  let startNote: string | null = null;
  let pyodide = 'pyodide' in restored ? restored.pyodide : null;
  if (pyodide) {
    const extra = options.preloadPackages.filter(
      name => !(name in pyodide.loadedPackages)
    );
    if (extra.length) {
      await pyodide.loadPackage(extra);
    }
  } else {
    start = 'packages';
    startNote = 'why' in restored ? restored.why : null;
    pyodide = await pyodideModule.loadPyodide({
      ...base,
      packages: options.preloadPackages
    });
  }
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
  return {
    pyodide,
    entry,
    versions,
    signals,
    timings,
    start,
    startNote,
    snapshotBytes: 'bytes' in restored ? restored.bytes : null
  };
}
