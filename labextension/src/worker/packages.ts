/**
 * Loading lock packages after boot, and writing files, for the runtime
 * library: each package is reported as it loads, so a page can show progress.
 */
import type { IFileWrite, PackageStatus } from './protocol';

type Report = (name: string, status: PackageStatus, text?: string) => void;

/** Load `names` from the lock; rejects naming those that did not load. */
export async function loadPackages(
  pyodide: any,
  names: string[],
  report: Report
): Promise<void> {
  const errors: string[] = [];
  for (const name of names) {
    report(name, 'loading');
  }
  await pyodide.loadPackage(names, {
    messageCallback: () => undefined,
    errorCallback: (text: string) => errors.push(text)
  });
  const loaded = new Set(
    Object.keys(pyodide.loadedPackages).map(name => name.toLowerCase())
  );
  const failed = names.filter(name => !loaded.has(name.toLowerCase()));
  for (const name of names) {
    report(
      name,
      failed.includes(name) ? 'error' : 'loaded',
      failed.includes(name) ? errors.join('\n') || undefined : undefined
    );
  }
  if (failed.length) {
    throw new Error(
      `Could not load the package${failed.length > 1 ? 's' : ''} ` +
        `${failed.join(', ')}${errors.length ? `: ${errors.join('; ')}` : '.'}`
    );
  }
}

/** Write each file, making its folders. */
export function writeFiles(pyodide: any, files: IFileWrite[]): void {
  const { FS, PATH } = pyodide;
  for (const file of files) {
    if (typeof file.path !== 'string' || !file.path) {
      throw new Error('A mounted file needs a non-empty path.');
    }
    const folder = PATH.dirname(file.path);
    if (folder && folder !== '.') {
      FS.mkdirTree(folder);
    }
    FS.writeFile(file.path, file.data);
  }
}
