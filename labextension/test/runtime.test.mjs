// The site's Pyodide runtime, booted for real under Node: the shipped lock
// resolves every preloaded package from the shipped wheels alone, and the
// IPython-based kernel and browsergrad import and run code.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'browsergrad_kernel', 'pyodide_dist');

test('boots Pyodide from the shipped lock and runs the kernel', async () => {
  const manifest = JSON.parse(
    await readFile(join(dist, 'manifest.json'), 'utf8')
  );
  const { loadPyodide } = await import(
    pathToFileURL(join(dist, 'pyodide.mjs')).href
  );
  const pyodide = await loadPyodide({
    indexURL: dist + '/',
    lockFileURL: join(dist, 'pyodide-lock.json'),
    packages: manifest.preload,
    stdout: () => undefined,
    stderr: () => undefined,
    checkAPIVersion: true
  });
  assert.equal(pyodide.version, manifest.pyodide_version);
  const loaded = Object.keys(pyodide.loadedPackages);
  for (const name of manifest.preload) {
    assert.ok(loaded.includes(name), `${name} was not loaded (got ${loaded})`);
    assert.equal(pyodide.loadedPackages[name], 'default channel');
  }
  // The kernel's start-up, as the worker runs it: only what a cell needs.
  pyodide.runPython(
    'from browsergrad._kernel import entry\nentry.start_kernel(["./all.json"])'
  );
  // Deferred, not forbidden: a cell may import jedi before any completion.
  assert.equal(
    pyodide.runPython(
      'import importlib.util\nimportlib.util.find_spec("jedi") is not None'
    ),
    true
  );
  const deferred = pyodide
    .runPython(
      'import sys\n[m for m in ("jedi", "prompt_toolkit", "micropip") if m in sys.modules]'
    )
    .toJs();
  assert.deepEqual(deferred, []);
  // Shipped wheels carry 3.14 bytecode, so imports do not compile.
  const cached = pyodide.runPython(
    'import os, IPython\nos.path.exists(IPython.__spec__.cached)'
  );
  assert.equal(cached, true);
  const out = [];
  const module = pyodide.pyimport('pyodide_kernel');
  module.stdout_stream.publish_stream_callback = (_name, text) =>
    out.push(text);
  const reply = (
    await module.kernel_instance.run(
      'import browsergrad\nprint(browsergrad.__version__, 6*7)'
    )
  ).toJs({ dict_converter: Object.fromEntries });
  assert.equal(reply.status, 'ok', JSON.stringify(reply));
  assert.equal(out.join(''), `${manifest.browsergrad_version} 42\n`);

  // Errors are named by their type, as Jupyter frontends expect.
  const error = (await module.kernel_instance.run('1/0')).toJs({
    dict_converter: Object.fromEntries
  });
  assert.equal(error.status, 'error');
  assert.equal(error.ename, 'ZeroDivisionError');
  assert.equal(error.evalue, 'division by zero');

  // jedi comes in at the first completion; piplite is configured on import.
  assert.equal(pyodide.runPython('entry.enable_jedi()'), true);
  assert.equal(
    pyodide.runPython('import IPython.core.completer as c\nc.JEDI_INSTALLED'),
    true
  );
  const completion = module.kernel_instance
    .complete('import jso', 10)
    .toJs({ dict_converter: Object.fromEntries });
  assert.ok(completion.matches.includes('json'), JSON.stringify(completion));
  const pip = pyodide
    .runPython(
      'import piplite.piplite as p\n[p._PIPLITE_URLS, p._PIPLITE_DISABLE_PYPI]'
    )
    .toJs();
  assert.deepEqual(pip, [['./all.json'], true]);
});
