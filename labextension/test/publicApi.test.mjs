// What another extension can import from browsergrad-kernel: the built entry
// point (lib/index.js, from `jlpm build:lib`) exports the tokens as values.
// JupyterLab's packages need a DOM to load, so the entry's exports are read
// from esbuild's metafile, and the tokens module itself is run under Node.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { loadSource } from './workerHarness.mjs';

const lib = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib');

/** The names `lib/index.js` exports at run time (types are erased). */
async function entryExports() {
  const entry = join(lib, 'index.js');
  assert.ok(existsSync(entry), `${entry} is missing: run jlpm build:lib`);
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    outdir: 'out',
    metafile: true,
    loader: { '.svg': 'text', '.css': 'empty' },
    logLevel: 'error'
  });
  const [output] = Object.values(metafile.outputs).filter(out => out.exports);
  return output.exports;
}

test('the entry point exports the kernel tokens and the settings token', async () => {
  const names = await entryExports();
  for (const token of ['ISiteSettings', 'IWorkerPool', 'ITestResultsTracker']) {
    assert.ok(names.includes(token), `lib/index.js does not export ${token}`);
  }
  for (const id of ['PLUGIN_ID', 'KERNEL_NAME', 'KERNEL_DISPLAY_NAME']) {
    assert.ok(names.includes(id), `lib/index.js does not export ${id}`);
  }
});

test('ISiteSettings is a Lumino token with its own name', async () => {
  const { ISiteSettings, IWorkerPool } = await loadSource('kernel/tokens.ts');
  // of the same class as the other tokens (esbuild renames the class itself)
  assert.equal(
    Object.getPrototypeOf(ISiteSettings),
    Object.getPrototypeOf(IWorkerPool)
  );
  assert.equal(IWorkerPool.name, 'browsergrad-kernel:IWorkerPool');
  assert.equal(ISiteSettings.name, 'browsergrad-kernel:ISiteSettings');
  assert.match(ISiteSettings.description, /site settings/);
});
