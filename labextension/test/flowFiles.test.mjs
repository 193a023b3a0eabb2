// A file chosen in a flow, read lazily by Python's FlowFile in the real
// worker (real Pyodide): a sparse file of several GiB whose zip directory and
// one member are read without the process's memory growing by its size.
import assert from 'node:assert/strict';
import {
  closeSync,
  mkdtempSync,
  openSync,
  rmSync,
  truncateSync,
  writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { crc32 } from 'node:zlib';

import { sleep, startWorker } from './workerHarness.mjs';

const GiB = 1024 ** 3;
const PREFIX = 3.5 * GiB;

/** A zip of stored (uncompressed) members, built by hand. */
function storedZip(members) {
  const parts = [];
  const central = [];
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
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(members).length, 8);
  end.writeUInt16LE(Object.keys(members).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

let worker;
let folder;
let bigPath;
let bigSize;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bg-flow-'));
  bigPath = join(folder, 'takeout.zip');
  // A sparse prefix of 3.5 GiB (no disk used), then a small zip: zipfile
  // finds the directory at the end and the members after the prefix.
  truncateSync(openAndClose(bigPath), 0);
  truncateSync(bigPath, PREFIX);
  const zip = storedZip({
    'data/rows.csv': 'name,score\nada,3\nbob,5\n',
    'data/meta.json': JSON.stringify({ n: 2 })
  });
  const fd = openSync(bigPath, 'r+');
  writeSync(fd, zip, 0, zip.length, PREFIX);
  closeSync(fd);
  bigSize = PREFIX + zip.length;
  worker = await startWorker();
});

function openAndClose(path) {
  closeSync(openSync(path, 'w'));
  return path;
}

after(async () => {
  await worker?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function run(code) {
  const reply = await worker.execute(code).reply;
  assert.equal(reply.status, 'ok', JSON.stringify(reply));
  await sleep(120); // printed text is posted about every 50 ms
  return worker.stdout();
}

test('zipfile, csv and json read a 3.5 GiB file lazily: memory does not grow by its size', async () => {
  const info = await worker.remote.attachFile('big', { path: bigPath });
  assert.deepEqual(info, { name: 'takeout.zip', size: bigSize });
  const rssBefore = process.memoryUsage().rss;
  const out = await run(
    [
      'import csv, io, json, zipfile',
      'from browsergrad._kernel.flow_files import open_file',
      `big = open_file({"file_id": "big", "name": "takeout.zip", "size": ${bigSize}})`,
      'archive = zipfile.ZipFile(big)',
      'print("names", archive.namelist())',
      'with archive.open("data/rows.csv") as m:',
      '    print("rows", list(csv.DictReader(io.TextIOWrapper(m, encoding="utf-8"))))',
      'print("meta", json.load(archive.open("data/meta.json")))',
      'print("size", big.size, big.name, big.tell() > 3 * 1024**3)'
    ].join('\n')
  );
  const grown = process.memoryUsage().rss - rssBefore;
  assert.match(out, /names \['data\/rows\.csv', 'data\/meta\.json'\]/);
  assert.match(
    out,
    /rows \[\{'name': 'ada', 'score': '3'\}, \{'name': 'bob', 'score': '5'\}\]/
  );
  assert.match(out, /meta \{'n': 2\}/);
  assert.match(out, new RegExp(`size ${bigSize} takeout.zip True`));
  // The file is 3.5 GiB; reading its directory and a member costs a few
  // read-ahead blocks. 64 MiB leaves room for the interpreter's own churn.
  console.log(`rss grew by ${(grown / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(grown < 64 * 2 ** 20, `rss grew by ${grown} bytes`);
});

test('a read after the flow ended raises a clear error, and the worker drops the file', async () => {
  const out = await run(
    [
      'big.end("its flow ended (End of script)")',
      'try:',
      '    big.read(10)',
      'except Exception as error:',
      '    print("after-end", type(error).__name__, error)'
    ].join('\n')
  );
  assert.match(
    out,
    /after-end FlowFileClosedError 'takeout\.zip' can no longer be read: its flow ended \(End of script\)/
  );
  const direct = await run(
    [
      'from browsergrad._kernel import flow_files',
      'try:',
      '    flow_files._read("big", 0, 4)',
      'except Exception as error:',
      '    print("dropped", "No file big is attached" in str(error))'
    ].join('\n')
  );
  assert.match(direct, /dropped True/);
});

test('a file that shrank after it was chosen says so', async () => {
  const path = join(folder, 'shrinks.bin');
  openAndClose(path);
  truncateSync(path, 1000);
  const info = await worker.remote.attachFile('shrinks', { path });
  truncateSync(path, 10);
  const out = await run(
    [
      `f = open_file({"file_id": "shrinks", "name": "shrinks.bin", "size": ${info.size}})`,
      'try:',
      '    f.read(100)',
      'except OSError as error:',
      '    print("shrank", error)'
    ].join('\n')
  );
  assert.match(
    out,
    /shrank 'shrinks\.bin' gave 10 bytes at 0-1000: it changed/
  );
});

test('attaching the same id twice or a bad source is refused', async () => {
  await assert.rejects(
    worker.remote.attachFile('shrinks', { path: bigPath }),
    /already attached as shrinks/
  );
  await assert.rejects(
    worker.remote.attachFile('x', { nope: 1 }),
    /a File \(browser\) or \{ path \} \(Node\)/
  );
});
