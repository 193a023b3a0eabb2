/**
 * The runtime folder, read on the caller's side before any worker starts:
 * its manifest (the packages the worker needs) and its lock (the packages a
 * session may ask for), so a wrong URL or package fails fast and plainly.
 */
import type { IRuntimeHost } from './hosts';
import { PackageNotFoundError, RuntimeLoadError } from './errors';
import type { WorkerSettings } from '../kernel/warmWorker';

export const MANIFEST_JSON = 'manifest.json';
export const LOCK_JSON = 'pyodide-lock.json';

/** PEP 503 names, as the lock keys them. */
export function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

async function read(host: IRuntimeHost, name: string): Promise<any> {
  const file = host.file(name);
  let data: unknown;
  try {
    data = await host.readJson(file);
  } catch (error) {
    throw new RuntimeLoadError(
      host.indexURL,
      `could not read ${file} (${(error as Error)?.message ?? error}).`
    );
  }
  if (!data || typeof data !== 'object') {
    throw new RuntimeLoadError(host.indexURL, `${file} is not a JSON object.`);
  }
  return data;
}

/** The boot settings of the runtime at `host.indexURL`, checked. */
export async function readRuntime(
  host: IRuntimeHost,
  packages: string[]
): Promise<WorkerSettings> {
  const [manifest, lock] = await Promise.all([
    read(host, MANIFEST_JSON),
    read(host, LOCK_JSON)
  ]);
  const preload = manifest.preload;
  if (!Array.isArray(preload) || preload.some(p => typeof p !== 'string')) {
    throw new RuntimeLoadError(
      host.indexURL,
      `${host.file(MANIFEST_JSON)} has no "preload" list of package names.`
    );
  }
  const known = new Set(
    Object.keys(lock.packages ?? {}).map(name => normalize(name))
  );
  const missing = packages.filter(name => !known.has(normalize(name)));
  if (missing.length) {
    throw new PackageNotFoundError(missing, host.file(LOCK_JSON));
  }
  return {
    pyodideUrl: host.file('pyodide.mjs'),
    lockFileUrl: host.file(LOCK_JSON),
    pipliteUrls: [],
    preloadPackages: preload
  };
}
