// The browsergrad Python API under the site's real Pyodide: events collected in
// order, bad input refused at the call, and inside the IPython-based kernel one
// grouped display per cell that is published, then updated.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'browsergrad_kernel', 'pyodide_dist');
const EVENTS_MIME = 'application/vnd.browsergrad.events.v1+json';
const IMAGE_MIME = 'application/vnd.browsergrad.image.v1+json';

let pyodide;

before(async () => {
  const manifest = JSON.parse(
    await readFile(join(dist, 'manifest.json'), 'utf8')
  );
  const { loadPyodide } = await import(
    pathToFileURL(join(dist, 'pyodide.mjs')).href
  );
  pyodide = await loadPyodide({
    indexURL: dist + '/',
    lockFileURL: join(dist, 'pyodide-lock.json'),
    packages: manifest.preload,
    stdout: () => undefined,
    stderr: () => undefined
  });
});

/** Run Python whose last expression is a value; return it as JSON-decoded data. */
function pyJson(code) {
  const lines = code.trimEnd().split('\n');
  const last = lines.pop();
  return JSON.parse(
    pyodide.runPython(
      ['import json', ...lines, `json.dumps(${last})`].join('\n')
    )
  );
}

const plain = value =>
  value && typeof value.toJs === 'function'
    ? value.toJs({
        dict_converter: Object.fromEntries,
        create_pyproxies: false
      })
    : value;

test('the API collects events in order under plain Pyodide', () => {
  const result = pyJson(`
import base64, sys
import browsergrad as bg
bg.clear()
bg.assert_pass("a", duration_ms=1.5)
bg.assert_fail("b", "wrong", expected=4.5, actual={1})
with bg.check("c"):
    bg.assert_equal(1, 2)
with bg.check("d"):
    1 / 0
bg.log("e", {"x": [1, 2]}, level="warning")
bg.emit_json("f", [1, (2, 3)])
bg.emit_image("g", "image/png", base64.b64encode(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(8)).decode())
{"events": bg.events(), "ipython": "IPython" in sys.modules, "python": sys.version_info[:2]}
`);
  assert.deepEqual(result.python, [3, 14]);
  assert.equal(result.ipython, false, 'browsergrad imported IPython');
  const events = result.events;
  assert.deepEqual(
    events.map(e => e.name),
    ['a', 'b', 'c', 'd', 'e', 'f', 'g']
  );
  const seqs = events.map(e => e.seq);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => seqs[0] + i)
  );
  for (const event of events) {
    assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  const [a, b, c, d, e, f, g] = events;
  assert.deepEqual([a.status, a.duration_ms], ['pass', 1.5]);
  assert.deepEqual(
    [b.status, b.expected, b.actual, b.actual_repr],
    ['fail', 4.5, null, '{1}']
  );
  assert.deepEqual(
    [c.status, c.message, c.expected, c.actual],
    ['fail', 'not equal', 2, 1]
  );
  assert.deepEqual(
    [d.status, d.exc_type, d.message],
    ['error', 'ZeroDivisionError', 'division by zero']
  );
  assert.deepEqual([e.level, e.data, e.size], ['warning', { x: [1, 2] }, 11]);
  assert.deepEqual(f.data, [1, [2, 3]]);
  assert.deepEqual(
    [g.type, g.mime, g.size, g.truncated],
    ['image', 'image/png', 16, false]
  );
});

test('bad input raises at the call and records nothing', () => {
  const before = pyJson('len(bg.events())');
  assert.throws(
    () => pyodide.runPython('bg.assert_pass(3)'),
    /TypeError: browsergrad\.assert_pass: name must be a str, not int/
  );
  assert.throws(
    () => pyodide.runPython('bg.emit_json("x", {"a": [0, {1}]})'),
    /TypeError: browsergrad\.emit_json: data\["a"\]\[1\] \(set\) is not JSON-serialisable/
  );
  assert.throws(
    () => pyodide.runPython('bg.emit_image("x", "image/jpeg", "iVBORw0KGgo=")'),
    /ValueError: browsergrad\.emit_image: data_base64 does not hold a JPEG image/
  );
  assert.equal(pyJson('len(bg.events())'), before);
});

test('in the kernel, a cell is one display that updates', async () => {
  pyodide.runPython(
    'from browsergrad._kernel import entry\nentry.start_kernel(["./all.json"])'
  );
  const module = pyodide.pyimport('pyodide_kernel');
  const kernel = module.kernel_instance;
  const display = kernel.interpreter.display_pub;
  const outputs = [];
  display.display_data_callback = (data, metadata, transient) =>
    outputs.push({
      update: false,
      data: plain(data),
      transient: plain(transient) ?? {}
    });
  display.update_display_data_callback = (data, metadata, transient) =>
    outputs.push({
      update: true,
      data: plain(data),
      transient: plain(transient) ?? {}
    });

  const run = async code => {
    outputs.length = 0;
    const reply = plain(await kernel.run(code));
    return { reply, outputs: [...outputs] };
  };

  // many checks: one display, a few updates, the last one complete
  const many = await run(
    'import browsergrad as bg\nfor i in range(3000):\n    bg.assert_pass(f"p{i}")\n' +
      'bg.assert_fail("mean", "wrong mean", expected=4.5, actual=4)'
  );
  assert.equal(many.reply.status, 'ok', JSON.stringify(many.reply));
  const [first, ...updates] = many.outputs;
  assert.equal(first.update, false);
  assert.ok(updates.length >= 1 && updates.every(o => o.update));
  assert.ok(many.outputs.length <= 30, `${many.outputs.length} publishes`);
  const id = first.transient.display_id;
  assert.ok(id);
  assert.ok(many.outputs.every(o => o.transient.display_id === id));
  const final = many.outputs.at(-1).data;
  const events = final[EVENTS_MIME].events;
  assert.equal(events.length, 3001);
  assert.deepEqual(
    events.slice(0, 3).map(e => e.name),
    ['p0', 'p1', 'p2']
  );
  assert.ok(events.every((e, i) => i === 0 || e.seq === events[i - 1].seq + 1));
  const text = final['text/plain'].split('\n');
  assert.deepEqual(text.slice(0, 2), ['✓ p0', '✓ p1']);
  assert.equal(text.at(-1), '… and 2801 more');

  // the next cell gets its own display; a bare assert shows its source line
  const next = await run('x = 1\nwith bg.check("bare"):\n    assert x == 2');
  assert.equal(next.outputs.length, 1);
  assert.notEqual(next.outputs[0].transient.display_id, id);
  assert.equal(
    next.outputs[0].data['text/plain'],
    '✗ bare: assert failed: assert x == 2'
  );

  // an image is its own output, with the native key
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
  const image = await run(
    `import base64\nbg.emit_image("pic", "image/svg+xml", base64.b64encode(${JSON.stringify(svg)}.encode()).decode())`
  );
  assert.equal(image.outputs.length, 1);
  assert.deepEqual(Object.keys(image.outputs[0].data).sort(), [
    IMAGE_MIME,
    'image/svg+xml',
    'text/plain'
  ]);
  assert.equal(image.outputs[0].data['image/svg+xml'], svg);

  // bad input in a cell is the cell's error
  const bad = await run('bg.log("x", 1, level="loud")');
  assert.equal(bad.reply.status, 'error');
  assert.match(bad.reply.ename, /ValueError/); // pyodide_kernel sends "<class 'ValueError'>"
  assert.match(bad.reply.evalue, /browsergrad\.log: level must be one of/);
  assert.deepEqual(bad.outputs, []);

  // a cell with top-level await (no post_run_cell) is completed on the loop
  const awaited = await run(
    'import asyncio\nawait asyncio.sleep(0)\nfor n in "abc":\n    bg.assert_pass(n)'
  );
  assert.equal(awaited.reply.status, 'ok', JSON.stringify(awaited.reply));
  await sleep(300);
  const last = outputs.at(-1);
  assert.deepEqual(
    last.data[EVENTS_MIME].events.map(e => e.name),
    ['a', 'b', 'c']
  );
  assert.equal(
    last.transient.display_id,
    awaited.outputs[0].transient.display_id
  );
});
