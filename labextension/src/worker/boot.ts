/**
 * Starting Pyodide: the core, the kernel's packages from the site's lock (in
 * parallel with the interpreter's start), then the IPython-based kernel.
 */
import type { IBootOptions } from '../tokens';

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
  timings: Record<string, number>;
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
  if (options.interruptBuffer) {
    pyodide.setInterruptBuffer(new Uint8Array(options.interruptBuffer));
  }
  pyodide.runPython(kernelStartup(options.pipliteUrls));
  mark('kernel');
  return { pyodide, timings };
}
