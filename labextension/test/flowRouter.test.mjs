// The flow's command router (src/flow/router.ts): pages to the view, the
// rest to the host bridge, and answers without one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

const { route, NO_BRIDGE } = await loadSource('flow/router.ts');

function recordingBridge(response) {
  const calls = [];
  return {
    calls,
    bound: true,
    donate: async (...args) => {
      calls.push(['donate', ...args]);
      return response;
    },
    log: (...args) => calls.push(['log', ...args]),
    exit: (...args) => calls.push(['exit', ...args]),
    flush: () => calls.push(['flush'])
  };
}

const targets = (bridge, rendered = []) => ({
  bridge,
  notebook: 'labs/one.ipynb',
  render: async page => {
    rendered.push(page);
    return { __type__: 'PayloadTrue', value: true };
  }
});

test('a page goes to the view and its answer is the response', async () => {
  const rendered = [];
  const page = { __type__: 'PageConfirm', title: 'Go?' };
  const answer = await route(
    { __type__: 'CommandUIRender', page },
    targets(null, rendered)
  );
  assert.deepEqual(answer, { __type__: 'PayloadTrue', value: true });
  assert.deepEqual(rendered, [page]);
});

test('without a bridge a donation answers success false, naming the bridge', async () => {
  const answer = await route(
    { __type__: 'CommandSystemDonate', key: 'k', json_string: '{}' },
    targets(null)
  );
  assert.deepEqual(answer, {
    __type__: 'PayloadResponse',
    success: false,
    key: 'k',
    status: 0,
    error: NO_BRIDGE
  });
  assert.match(NO_BRIDGE, /IHostBridge/);
});

test('with a bridge: donate with the notebook, log, exit', async () => {
  const bridge = recordingBridge({
    success: true,
    key: 'k',
    status: 200,
    error: null
  });
  const answer = await route(
    { __type__: 'CommandSystemDonate', key: 'k', json_string: '[1]' },
    targets(bridge)
  );
  assert.deepEqual(answer, {
    __type__: 'PayloadResponse',
    success: true,
    key: 'k',
    status: 200,
    error: null
  });
  assert.deepEqual(
    await route(
      { __type__: 'CommandSystemLog', level: 'warn', message: 'careful' },
      targets(bridge)
    ),
    { __type__: 'PayloadVoid', value: null }
  );
  assert.equal(
    await route(
      { __type__: 'CommandSystemExit', code: 0, info: 'End of script' },
      targets(bridge)
    ),
    null
  );
  assert.deepEqual(bridge.calls, [
    ['donate', 'k', '[1]', { notebook: 'labs/one.ipynb' }],
    ['log', 'warn', 'careful'],
    ['exit', 0, 'End of script']
  ]);
});

test('an unknown command answers PayloadVoid with the reason', async () => {
  assert.deepEqual(
    await route({ __type__: 'CommandTeleport' }, targets(null)),
    { __type__: 'PayloadVoid', value: 'unknown command "CommandTeleport"' }
  );
});
