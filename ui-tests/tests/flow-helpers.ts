/**
 * Helpers of flow.spec.ts: the flow's output in a cell, its transcript, and a
 * sparse multi-GiB zip-like file on disk.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { closeSync, openSync, truncateSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** The flow shown in cell `index`'s output. */
export const flowIn = (page: IJupyterLabPageFixture, index: number) =>
  page.locator('.jp-Notebook .jp-Cell').nth(index).locator('.bg-Flow');

/** The text/plain transcript kept in the output model of cell `index`. */
export function transcript(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return page.evaluate(index => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    const outputs = notebook.widgets[index].model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const text = outputs.get(i).data['text/plain'];
      if (typeof text === 'string' && text.startsWith('Flow: ')) {
        return text;
      }
    }
    return '';
  }, index);
}

/** A zip of stored members, built by hand. */
function storedZip(members: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(members)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  const count = Object.keys(members).length;
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/**
 * A sparse file of `prefix` zero bytes (no disk used) followed by a small
 * zip: zipfile finds its directory at the end. Returns the file's size.
 */
export function writeSparseZip(
  path: string,
  prefix: number,
  members: Record<string, string>
): number {
  closeSync(openSync(path, 'w'));
  truncateSync(path, prefix);
  const zip = storedZip(members);
  const fd = openSync(path, 'r+');
  writeSync(fd, zip, 0, zip.length, prefix);
  closeSync(fd);
  return prefix + zip.length;
}
