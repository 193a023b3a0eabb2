// Put the runtime library and the worker bundle it drives into the built
// labextension (static/runtime/), so every site built with the extension
// serves them same-origin at extensions/browsergrad-kernel/static/runtime/,
// with the example page's script and styles.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(
  here,
  '..',
  'browsergrad_kernel',
  'labextension',
  'static',
  'runtime'
);
await mkdir(target, { recursive: true });
const names = [
  'browsergrad.runtime.js',
  'browsergrad.worker.js',
  // The example page's script and styles (runtime-example/ of a site).
  'browsergrad.example.js',
  'browsergrad.example.css'
];
for (const name of names) {
  for (const file of [name, `${name}.map`]) {
    await copyFile(join(here, 'lib', file), join(target, file));
  }
}
