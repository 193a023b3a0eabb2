// The shipped worker bundle with real Pyodide: what a cell's outputs carry.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sleep, startWorker } from './workerHarness.mjs';

let worker;
before(async () => {
  worker = await startWorker();
});
after(() => worker?.close());

test('None in display data arrives as null, as JSON has it', async () => {
  const reply = await worker.execute(
    'from IPython.display import display\n' +
      'display({"application/json": {"a": None, "b": [None, 1], "c": {"d": None}}}, raw=True)'
  ).reply;
  assert.equal(reply.status, 'ok', JSON.stringify(reply));
  await sleep(50);
  const shown = worker.events.find(event => event.type === 'display_data');
  assert.deepEqual(shown.content.data['application/json'], {
    a: null,
    b: [null, 1],
    c: { d: null }
  });
});

test('a run ends with a marker after its last output', async () => {
  const run = worker.execute('for i in range(3):\n    print(i)');
  await run.reply;
  await sleep(50);
  const mine = worker.events.filter(
    event =>
      event.type === 'ran' || event.parentHeader?.msg_id === `m${run.seq}`
  );
  assert.equal(mine.at(-1).type, 'ran');
  assert.equal(mine.at(-1).seq, run.seq);
  assert.equal(
    mine
      .filter(event => event.type === 'stream')
      .map(event => event.content.text)
      .join(''),
    '0\n1\n2\n'
  );
});
