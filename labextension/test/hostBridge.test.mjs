// The host bridge (src/bridge/bridge.ts) with real MessageChannels: the
// handshake refused from foreign origins and malformed messages, donations
// acknowledged, refused, timed out and sent again once each, oldest first,
// the port closed mid-donation, the cap and non-JSON data, no host (the
// drive), and the logger.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadSource } from './workerHarness.mjs';

let HostBridge, MemoryDonationStore;

before(async () => {
  ({ HostBridge } = await loadSource('bridge/bridge.ts'));
  ({ MemoryDonationStore } = await loadSource('bridge/store.ts'));
});

const HUB = 'https://hub.example.org';
const SETTINGS = {
  origins: [HUB],
  ackTimeoutSeconds: 0.3,
  maxDonationBytes: 1000,
  logLevel: 'info',
  driveFolder: 'donations'
};

/** A bridge with a memory store, a recording drive and console. */
function makeBridge(options = {}) {
  const store = options.store ?? new MemoryDonationStore();
  const saved = [];
  const warnings = [];
  const told = [];
  let n = 0;
  const bridge = new HostBridge({
    settings: { ...SETTINGS, ...options.settings },
    store,
    embedded: options.embedded ?? true,
    saveToDrive:
      options.saveToDrive ??
      (async donation => {
        saved.push(donation);
        return `donations/${donation.id}.json`;
      }),
    warn: message => warnings.push(message),
    tell: message => told.push(message),
    newId: () => `id-${String(++n).padStart(3, '0')}`
  });
  return { bridge, store, saved, warnings, told };
}

/** Every host end made, closed at the end so that Node can exit. */
const opened = [];
after(() => opened.forEach(port => port.close()));

/** A host end: binds a port and records what arrives; `answer` decides. */
function bind(bridge, { answer = 'ack', origin = HUB } = {}) {
  const channel = new MessageChannel();
  opened.push(channel.port1, channel.port2);
  const got = [];
  const host = { got, port: channel.port1, answer };
  channel.port1.onmessage = event => {
    got.push(event.data);
    const message = event.data;
    if (message.type !== 'donate' || host.answer === 'silent') {
      return;
    }
    channel.port1.postMessage(
      host.answer === 'error'
        ? {
            type: 'ack',
            id: message.id,
            success: false,
            status: 500,
            error: 'no thanks'
          }
        : {
            type: 'ack',
            id: message.id,
            success: true,
            status: 200,
            error: null
          }
    );
  };
  const outcome = bridge.receive({
    origin,
    data: { type: 'live-init', version: 1, locale: 'nl' },
    ports: [channel.port2],
    fromParent: true
  });
  return { ...host, outcome, channel };
}

const donations = got => got.filter(m => m.type === 'donate');

test('a live-init from an origin not in the settings binds nothing', async () => {
  const { bridge, warnings } = makeBridge();
  const host = bind(bridge, { origin: 'https://evil.example.org' });
  assert.equal(host.outcome, 'refused');
  assert.equal(bridge.bound, false);
  assert.match(
    warnings[0],
    /refused live-init from https:\/\/evil\.example\.org: that origin is not in the site settings/
  );
  // none by default
  const none = makeBridge({ settings: { origins: [] } });
  assert.equal(bind(none.bridge).outcome, 'refused');
  // exact: a trailing slash or another port is another origin
  assert.equal(bind(bridge, { origin: `${HUB}:8443` }).outcome, 'refused');
  assert.equal(bridge.bound, false);
});

test('malformed live-init messages are refused with the reason', () => {
  const { bridge, warnings } = makeBridge();
  const { port2 } = new MessageChannel();
  const cases = [
    [{ type: 'live-init', locale: 'en' }, [], /exactly one MessagePort, got 0/],
    [{ type: 'live-init' }, [port2], /locale must be a language tag/],
    [
      { type: 'live-init', locale: 'en', version: 2 },
      [port2],
      /protocol version 2/
    ]
  ];
  for (const [data, ports, reason] of cases) {
    assert.equal(
      bridge.receive({ origin: HUB, data, ports, fromParent: true }),
      'refused'
    );
    assert.match(warnings.at(-1), reason);
  }
  assert.equal(
    bridge.receive({
      origin: HUB,
      data: { type: 'live-init', locale: 'en' },
      ports: [port2],
      fromParent: false
    }),
    'refused'
  );
  assert.match(
    warnings.at(-1),
    /did not come from the window that embeds the site/
  );
  // someone else's messages are not ours to judge
  assert.equal(
    bridge.receive({ origin: HUB, data: 'hello', ports: [], fromParent: true }),
    'ignored'
  );
  assert.equal(bridge.bound, false);
  port2.close();
});

test('a donation acknowledged by the host comes back as its response', async () => {
  const { bridge, store } = makeBridge();
  const host = bind(bridge);
  assert.equal(host.outcome, 'bound');
  const response = await bridge.donate('results', '{"a": 1}', {
    notebook: 'lab/a.ipynb'
  });
  assert.deepEqual(response, {
    success: true,
    key: 'results',
    status: 200,
    error: null
  });
  assert.deepEqual(await store.all(), []);
  assert.equal(host.got[0].type, 'ready');
  assert.equal(host.got[0].locale, 'nl');
  const [sent] = donations(host.got);
  assert.equal(sent.version, 1);
  assert.equal(sent.key, 'results');
  assert.equal(sent.json, '{"a": 1}');
  assert.deepEqual(sent.source, { notebook: 'lab/a.ipynb' });
  host.port.close();
});

test('a host error is the response, and the data is saved to the drive', async () => {
  const { bridge, store, saved } = makeBridge();
  bind(bridge, { answer: 'error' });
  const response = await bridge.donate('results', '[1, 2]');
  assert.equal(response.success, false);
  assert.equal(response.status, 500);
  assert.equal(response.error, 'no thanks');
  assert.equal(response.savedTo, 'donations/id-001.json');
  assert.equal(saved.length, 1);
  assert.deepEqual(await store.all(), []);
});

test('a silent host times out; the donations are sent again once each, oldest first, to the next host', async () => {
  const { bridge, store } = makeBridge();
  const silent = bind(bridge, { answer: 'silent' });
  const first = await bridge.donate('one', '1');
  const second = await bridge.donate('two', '2');
  for (const response of [first, second]) {
    assert.equal(response.success, false);
    assert.match(
      response.error,
      /did not acknowledge it within 0\.3 s; it is kept and sent again when a host connects/
    );
  }
  assert.deepEqual(
    (await store.all()).map(d => d.key),
    ['one', 'two']
  );
  // a second live-init rebinds: both are sent on the new port, once each
  const next = bind(bridge);
  await sleep(100);
  assert.deepEqual(
    donations(next.got).map(d => d.key),
    ['one', 'two']
  );
  assert.equal(next.got[0].queued, 2);
  assert.deepEqual(await store.all(), []);
  assert.equal(donations(silent.got).length, 2);
  next.port.close();
});

test('a donation pending while a second live-init rebinds is answered on the new port', async () => {
  const { bridge } = makeBridge({ settings: { ackTimeoutSeconds: 5 } });
  bind(bridge, { answer: 'silent' });
  const pending = bridge.donate('results', '{}');
  await sleep(50);
  const next = bind(bridge);
  const response = await pending;
  assert.equal(response.success, true);
  assert.equal(donations(next.got).length, 1);
  next.port.close();
});

test('a host that closes the port mid-donation: a clear error, the donation kept', async () => {
  const { bridge, store } = makeBridge({ settings: { ackTimeoutSeconds: 10 } });
  const host = bind(bridge, { answer: 'silent' });
  const pending = bridge.donate('results', '{}');
  await sleep(50);
  host.port.close();
  const response = await pending;
  assert.equal(response.success, false);
  assert.match(
    response.error,
    /closed the connection before acknowledging it; it is kept/
  );
  assert.equal(bridge.bound, false);
  assert.equal((await store.all()).length, 1);
});

test('a donation over the cap, or not JSON, is refused before anything is kept or sent', async () => {
  const { bridge, store } = makeBridge();
  const host = bind(bridge);
  const big = await bridge.donate('big', JSON.stringify('x'.repeat(2000)));
  assert.equal(big.success, false);
  assert.match(
    big.error,
    /is 2002 bytes, over this site's limit of 1000 bytes/
  );
  const bad = await bridge.donate('bad', '{not json');
  assert.match(bad.error, /the donation "bad" is not JSON/);
  const notString = await bridge.donate('obj', { a: 1 });
  assert.match(notString.error, /must be a JSON string, got object/);
  const noKey = await bridge.donate('', '{}');
  assert.match(noKey.error, /key must be a non-empty string/);
  await sleep(50);
  assert.equal(donations(host.got).length, 0);
  assert.deepEqual(await store.all(), []);
  host.port.close();
});

test('with no host the donation is saved to the drive and the user told where', async () => {
  const top = makeBridge({ embedded: false });
  const response = await top.bridge.donate('results', '{"x": 1}', {
    notebook: 'a.ipynb'
  });
  assert.deepEqual(response, {
    success: true,
    key: 'results',
    status: 0,
    error: null,
    savedTo: 'donations/id-001.json'
  });
  assert.match(
    top.told[0],
    /No host is connected: "results" was saved to donations\/id-001\.json/
  );
  assert.deepEqual(await top.store.all(), []);
  // in an iframe a host may still bind: it is kept for it as well
  const framed = makeBridge({ embedded: true });
  await framed.bridge.donate('results', '{}');
  assert.equal((await framed.store.all()).length, 1);
  const host = bind(framed.bridge);
  await sleep(100);
  assert.equal(donations(host.got).length, 1);
  assert.deepEqual(await framed.store.all(), []);
  host.port.close();
});

test('a drive that fails keeps the donation in the store', async () => {
  const { bridge, store } = makeBridge({
    embedded: false,
    saveToDrive: async () => {
      throw new Error('disk full');
    }
  });
  const response = await bridge.donate('results', '{}');
  assert.equal(response.success, false);
  assert.match(
    response.error,
    /could not be saved to the drive; it is kept in this browser/
  );
  assert.equal((await store.all()).length, 1);
});

test('a store that fails loses nothing while the page is open', async () => {
  const broken = {
    put: async () => {
      throw new Error('quota');
    },
    delete: async () => undefined,
    all: async () => {
      throw new Error('gone');
    }
  };
  const { bridge, warnings } = makeBridge({ store: broken });
  bind(bridge, { answer: 'silent' });
  await bridge.donate('results', '{}');
  assert.equal(await bridge.queued(), 1);
  assert.ok(warnings.some(w => /could not store a donation/.test(w)));
  const next = bind(bridge);
  await sleep(100);
  assert.equal(donations(next.got).length, 1);
  next.port.close();
});

test('the logger forwards at or above its level, and flush sends what is buffered', async () => {
  const { bridge } = makeBridge({ settings: { logLevel: 'warn' } });
  bridge.log('info', 'too low');
  bridge.log('warn', 'before the host');
  const host = bind(bridge);
  await sleep(50);
  bridge.log('error', 'after');
  bridge.log('debug', 'dropped');
  assert.equal(host.got.filter(m => m.type === 'log').length, 1); // flushed at bind
  bridge.flush();
  bridge.exit(0, 'End of script');
  await sleep(50);
  const logs = host.got.filter(m => m.type === 'log');
  assert.deepEqual(
    logs.map(m => [m.level, m.message]),
    [
      ['warn', 'before the host'],
      ['error', 'after']
    ]
  );
  assert.deepEqual(host.got.at(-1), {
    type: 'exit',
    version: 1,
    code: 0,
    info: 'End of script'
  });
  host.port.close();
});

test('a malformed or unknown answer from the host is ignored and written down', async () => {
  const { bridge, warnings } = makeBridge();
  const host = bind(bridge, { answer: 'silent' });
  host.port.postMessage('not an object');
  host.port.postMessage({ type: 'ack', id: 'nobody', success: true });
  await sleep(100);
  assert.ok(
    warnings.some(w =>
      /ignored a message from the host: expected \{"type": "ack"/.test(w)
    )
  );
  assert.ok(warnings.some(w => /an ack for unknown donation nobody/.test(w)));
  assert.equal(bridge.bound, true);
  host.port.close();
});
