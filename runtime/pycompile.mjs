// Byte-compile wheels with the Pyodide that will run them (see pycompile.py).
// Usage: node runtime/pycompile.mjs PYODIDE_DIR WHEEL_DIR WHEEL...
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [pyodideDir, wheelDir, ...wheels] = process.argv.slice(2);
if (!pyodideDir || !wheelDir) {
  console.error('usage: node pycompile.mjs PYODIDE_DIR WHEEL_DIR WHEEL...');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const { loadPyodide } = await import(
  pathToFileURL(join(resolve(pyodideDir), 'pyodide.mjs')).href
);
const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + '/' });
pyodide.FS.mkdirTree('/wheels');
pyodide.FS.mount(
  pyodide.FS.filesystems.NODEFS,
  { root: resolve(wheelDir) },
  '/wheels'
);
pyodide.runPython(await readFile(join(here, 'pycompile.py'), 'utf8'));
const paths = wheels.map(name => `/wheels/${name}`);
const startup = await pyodide.globals.get('startup_modules')(paths);
const only = pyodide.globals.get('set')(startup);
console.log(`${startup.length} modules imported at kernel start`);
const compileWheel = pyodide.globals.get('compile_wheel');
for (const path of paths) {
  const added = compileWheel(path, only);
  console.log(`${path}: ${added} modules compiled`);
}
