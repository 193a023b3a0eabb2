// Make the kernel's memory snapshot with the Pyodide that will restore it (see snapshot.py).
// Usage: node runtime/snapshot.mjs RUNTIME_DIR PACKAGE...
// Writes kernel.snapshot.gz, kernel-files.bin.gz and kernel-snapshot.json into RUNTIME_DIR.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const [runtimeDir, ...names] = process.argv.slice(2);
if (!runtimeDir || !names.length) {
  console.error('usage: node snapshot.mjs RUNTIME_DIR PACKAGE...');
  process.exit(2);
}
const dir = resolve(runtimeDir) + '/';
const { loadPyodide, version } = await import(
  pathToFileURL(join(dir, 'pyodide.mjs')).href
);
const lock = JSON.parse(await readFile(join(dir, 'pyodide-lock.json'), 'utf8'));

/** The packages and their dependency closure, as pyodide would load them. */
function closure(wanted) {
  const found = new Set();
  const visit = name => {
    const key = name.toLowerCase().replace(/_/g, '-');
    if (found.has(key)) {
      return;
    }
    const pkg = lock.packages[key];
    if (!pkg) {
      throw new Error(`${name} is not in the lock`);
    }
    found.add(key);
    pkg.depends.forEach(visit);
  };
  wanted.forEach(visit);
  return [...found].sort();
}

const packages = closure(names);
const pyodide = await loadPyodide({ indexURL: dir, _makeSnapshot: true });
pyodide.FS.mkdirTree('/tmp/wheels');
for (const name of packages) {
  const file = lock.packages[name].file_name;
  pyodide.FS.writeFile(`/tmp/wheels/${file}`, await readFile(join(dir, file)));
}
const site = pyodide.PATH.normalize(
  pyodide.runPython(`
import os, shutil, sys, sysconfig, zipfile
site = sysconfig.get_path("purelib")
for wheel in sorted(os.listdir("/tmp/wheels")):
    zipfile.ZipFile("/tmp/wheels/" + wheel).extractall(site)
shutil.rmtree("/tmp/wheels")
from browsergrad._kernel import entry
entry.prepare_kernel()
import browsergrad
site
`)
);
const browsergradVersion = pyodide.runPython('browsergrad.__version__');

// Every file of site-packages, one after another; the restore writes them back.
const index = [];
const parts = [];
let offset = 0;
const walk = folder => {
  for (const entry of pyodide.FS.readdir(folder).sort()) {
    if (entry === '.' || entry === '..') {
      continue;
    }
    const path = `${folder}/${entry}`;
    if (pyodide.FS.isDir(pyodide.FS.stat(path).mode)) {
      walk(path);
    } else {
      const data = pyodide.FS.readFile(path);
      index.push([path, offset, data.length]);
      parts.push(data);
      offset += data.length;
    }
  }
};
walk(site);

// The only JavaScript objects the kernel's imports hold are Pyodide's API
// (the module \`pyodide_js\`) and its functions; the restore maps them onto the
// new interpreter's (by name: Python sees the API through a proxy).
const snapshot = pyodide.makeMemorySnapshot({
  serializer: object => {
    const api = pyodide._api.public_api;
    if (object === api) {
      return { pyodide: '' };
    }
    if (typeof object === 'function' && api[object.name] === object) {
      return { pyodide: object.name };
    }
    throw new Error(
      'the snapshot holds a JavaScript object it cannot restore: ' +
        String(object).slice(0, 80)
    );
  }
});
const files = Buffer.concat(parts);
const out = {
  'kernel.snapshot.gz': gzipSync(snapshot, { level: 9 }),
  'kernel-files.bin.gz': gzipSync(files, { level: 9 })
};
for (const [name, data] of Object.entries(out)) {
  await writeFile(join(dir, name), data);
}
const manifest = {
  format: 1,
  pyodideVersion: version,
  browsergradVersion,
  wheels: Object.fromEntries(
    packages.map(name => [name, lock.packages[name].sha256])
  ),
  snapshot: {
    url: 'kernel.snapshot.gz',
    bytes: snapshot.length,
    gzipBytes: out['kernel.snapshot.gz'].length
  },
  files: {
    url: 'kernel-files.bin.gz',
    bytes: files.length,
    gzipBytes: out['kernel-files.bin.gz'].length,
    index
  }
};
await writeFile(join(dir, 'kernel-snapshot.json'), JSON.stringify(manifest));
console.log(
  `kernel snapshot: ${snapshot.length} bytes (${out['kernel.snapshot.gz'].length} gzipped), ` +
    `${index.length} files (${files.length} bytes, ${out['kernel-files.bin.gz'].length} gzipped)`
);
