/**
 * Starting from the kernel's memory snapshot (made at package build by
 * `runtime/snapshot.mjs`): the interpreter with the kernel imported, restored
 * in well under a second, then its site-packages files written back. Anything
 * that does not fit (no snapshot, a corrupt or truncated file, another
 * Pyodide build or other wheels) is a `SnapshotUnusable`, and the worker
 * starts as it would without one.
 */

import type { ISnapshotBytes } from './protocol';
import { readTrampoline } from './runtimeChoices';

/** The snapshot's description, `kernel-snapshot.json`. */
export interface ISnapshotManifest {
  format: 1;
  pyodideVersion: string;
  browsergradVersion: string;
  /** The lock packages unpacked into it: name → the wheel's sha256. */
  wheels: Record<string, string>;
  snapshot: { url: string; bytes: number };
  files: { url: string; bytes: number; index: [string, number, number][] };
}

export const SNAPSHOT_JSON = 'kernel-snapshot.json';

/** Why the snapshot was not used; the worker logs it and starts normally. */
export class SnapshotUnusable extends Error {
  readonly name = 'SnapshotUnusable';
}

/** What `loadPyodide` needs from a restore. */
export interface ISnapshotStart {
  manifest: ISnapshotManifest;
  memory: Uint8Array;
  files: Uint8Array;
  /** This runtime's call trampoline, read before the memory is restored. */
  trampoline?: number;
}

/** A module known only at run time (bundlers leave it alone). */
function importUrl(url: string): Promise<any> {
  return import(/* webpackIgnore: true */ url);
}

/** The bytes at `url`: fetched, or read from disk under Node (a path). */
export async function readBytes(url: string): Promise<Uint8Array> {
  if (
    !/^(https?|blob|data):/.test(url) &&
    typeof (globalThis as any).process?.versions?.node === 'string'
  ) {
    const { readFile } = await importUrl('node:fs/promises');
    try {
      return new Uint8Array(
        await readFile(url.startsWith('file:') ? new URL(url) : url)
      );
    } catch (error) {
      throw new SnapshotUnusable(`${url} could not be read: ${error}`);
    }
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new SnapshotUnusable(`${url} could not be fetched: ${error}`);
  }
  if (!response.ok) {
    throw new SnapshotUnusable(`${url} answered HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Gunzip into exactly `bytes` bytes (a server may have decompressed it). */
async function readSized(url: string, bytes: number): Promise<Uint8Array> {
  const raw = await readBytes(url);
  let data = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    data = new Uint8Array(bytes);
    let at = 0;
    const reader = new Blob([raw as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'))
      .getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        if (at + value.length > bytes) {
          throw new SnapshotUnusable(`${url} holds more than ${bytes} bytes`);
        }
        data.set(value, at);
        at += value.length;
      }
    } catch (error) {
      if (error instanceof SnapshotUnusable) {
        throw error;
      }
      throw new SnapshotUnusable(`${url} is not a valid gzip file: ${error}`);
    }
    data = data.subarray(0, at);
  }
  if (data.length !== bytes) {
    throw new SnapshotUnusable(
      `${url} holds ${data.length} bytes, not ${bytes}: it is truncated or from another build`
    );
  }
  return data;
}

/**
 * Fetch and check the snapshot in the runtime folder `indexURL` against the
 * Pyodide that will restore it and the site's lock. Its bytes are fetched
 * only when `given` (an earlier worker's) does not fit the description.
 */
export async function fetchSnapshot(
  indexURL: string,
  pyodideVersion: string,
  lock: { packages: Record<string, { sha256: string }> },
  given?: ISnapshotBytes
): Promise<ISnapshotStart> {
  const manifestUrl = indexURL + SNAPSHOT_JSON;
  let manifest: ISnapshotManifest;
  try {
    manifest = JSON.parse(
      new TextDecoder().decode(await readBytes(manifestUrl))
    );
  } catch (error) {
    throw error instanceof SnapshotUnusable
      ? error
      : new SnapshotUnusable(`${manifestUrl} is not JSON: ${error}`);
  }
  if (
    manifest?.format !== 1 ||
    !manifest.snapshot ||
    !Array.isArray(manifest.files?.index) ||
    typeof manifest.wheels !== 'object'
  ) {
    throw new SnapshotUnusable(`${manifestUrl} is not a format 1 description`);
  }
  if (manifest.pyodideVersion !== pyodideVersion) {
    throw new SnapshotUnusable(
      `the snapshot is for Pyodide ${manifest.pyodideVersion}, this is ${pyodideVersion}`
    );
  }
  for (const [name, sha256] of Object.entries(manifest.wheels)) {
    if (lock.packages[name]?.sha256 !== sha256) {
      throw new SnapshotUnusable(
        `the snapshot was made with another ${name} wheel than the site's lock`
      );
    }
  }
  if (
    given?.memory?.length === manifest.snapshot.bytes &&
    given.files?.length === manifest.files.bytes
  ) {
    return { manifest, memory: given.memory, files: given.files };
  }
  const [memory, files] = await Promise.all([
    readSized(indexURL + manifest.snapshot.url, manifest.snapshot.bytes),
    readSized(indexURL + manifest.files.url, manifest.files.bytes)
  ]);
  return { manifest, memory, files };
}

/**
 * `loadPyodide` options that restore `start.memory`: Pyodide's API objects
 * the snapshot holds are mapped onto the new interpreter's, and the wasm
 * memory grows to fit first (pyodide#6254).
 */
export function restoreOptions(
  start: ISnapshotStart,
  createModule: (settings: any) => Promise<any>,
  api: () => any
): Record<string, unknown> {
  return {
    _loadSnapshot: start.memory,
    createPyodideModule: async (settings: any) => {
      const module = await createModule(settings);
      start.trampoline = readTrampoline(module);
      module.growMemory(start.memory.length + (1 << 20));
      return module;
    },
    _snapshotDeserializer: (held: { pyodide?: string }) => {
      const key = held?.pyodide;
      if (key === '') {
        return new Proxy({}, { get: (_, name) => api()[name] });
      }
      if (typeof key === 'string') {
        return (...args: unknown[]) => api()[key](...args);
      }
      throw new SnapshotUnusable('the snapshot holds an unknown object');
    }
  };
}

/**
 * Write the snapshot's site-packages back (copied: the bytes go on to the
 * next worker) and mark its packages loaded.
 */
export function writeSnapshotFiles(pyodide: any, start: ISnapshotStart): void {
  const { FS } = pyodide;
  const made = new Set<string>();
  for (const [path, offset, size] of start.manifest.files.index) {
    const slash = path.lastIndexOf('/');
    const folder = path.slice(0, slash);
    if (!made.has(folder)) {
      FS.mkdirTree(folder);
      made.add(folder);
    }
    const data = start.files.subarray(offset, offset + size);
    FS.createDataFile(folder, path.slice(slash + 1), data, true, true, false);
  }
  for (const name of Object.keys(start.manifest.wheels)) {
    pyodide.loadedPackages[name] = 'default channel';
  }
}
