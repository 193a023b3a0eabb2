/**
 * Files chosen in a flow, held by the worker and read in slices on demand:
 * Python's `FlowFile` (browsergrad/flow/files.py) calls `read` for each range
 * it needs, so no file is ever read whole.
 *
 * In a browser the source is the `File` itself (structured-cloned, not
 * copied), read with `FileReaderSync` on `file.slice(start, end)`; under
 * Node it is a path, read through a file descriptor.
 */
import type { FileSource, IAttachedFile } from './protocol';

interface IHeldFile {
  name: string;
  size: number;
  read(start: number, end: number): Uint8Array;
  close(): void;
}

function blobFile(blob: Blob, name: string): IHeldFile {
  const Reader = (globalThis as any).FileReaderSync;
  if (!Reader) {
    throw new Error('FileReaderSync is not available in this worker.');
  }
  const reader = new Reader();
  return {
    name,
    size: blob.size,
    read: (start, end) =>
      new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, end))),
    close: () => undefined
  };
}

function pathFile(path: string): IHeldFile {
  const fs = (globalThis as any).process?.getBuiltinModule?.('node:fs');
  if (!fs) {
    throw new Error('A file path can only be read in a Node worker.');
  }
  const fd = fs.openSync(path, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    name: path.split(/[\\/]/).pop() ?? path,
    size,
    read: (start, end) => {
      const out = new Uint8Array(Math.max(0, end - start));
      let done = 0;
      while (done < out.length) {
        const n = fs.readSync(fd, out, done, out.length - done, start + done);
        if (n === 0) {
          break;
        }
        done += n;
      }
      return done === out.length ? out : out.subarray(0, done);
    },
    close: () => fs.closeSync(fd)
  };
}

export class FileSlices {
  /** Hold `source` under `id` until it is dropped. */
  add(id: string, source: FileSource): IAttachedFile {
    if (this._files.has(id)) {
      throw new Error(`A file is already attached as ${id}.`);
    }
    const held =
      typeof Blob !== 'undefined' && source instanceof Blob
        ? blobFile(source, (source as File).name ?? 'file')
        : typeof (source as { path?: unknown })?.path === 'string'
          ? pathFile((source as { path: string }).path)
          : null;
    if (!held) {
      throw new Error('A flow file is a File (browser) or { path } (Node).');
    }
    this._files.set(id, held);
    return { name: held.name, size: held.size };
  }

  /** Bytes `start` to `end` of file `id` (fewer if the file shrank). */
  read(id: string, start: number, end: number): Uint8Array {
    const held = this._files.get(id);
    if (!held) {
      throw new Error(`No file ${id} is attached (its flow ended?).`);
    }
    return held.read(start, Math.min(end, Math.max(start, held.size)));
  }

  drop(id: string): void {
    const held = this._files.get(id);
    this._files.delete(id);
    held?.close();
  }

  get count(): number {
    return this._files.size;
  }

  private _files = new Map<string, IHeldFile>();
}
