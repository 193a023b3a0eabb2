// The kernel's site settings as the browser checks them
// (src/kernel/settingsCheck.ts: ajv with the schema the build uses), bundled
// from the TypeScript source with the schema file it imports.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadSource } from './workerHarness.mjs';

let checkSettings;

before(async () => {
  ({ checkSettings } = await loadSource('kernel/settingsCheck.ts'));
});

const ROOT = 'https://example.org/course/';
const RUNTIME = {
  pyodideUrl: './static/browsergrad/pyodide/pyodide.mjs',
  lockFileUrl: './static/browsergrad/pyodide/pyodide-lock.json'
};
const NO_RUNTIME =
  'browsergrad-kernel:kernel: the site has no Pyodide settings. ' +
  'Rebuild it with `jupyter lite build` with browsergrad-kernel installed.';

/** The settings the kernel gets for `given`, and what was reported. */
function check(given) {
  const { settings, error, warnings } = checkSettings(
    { ...RUNTIME, ...given },
    ROOT
  );
  assert.equal(error, null);
  return { settings, warnings };
}

test('what the build writes: URLs resolved, defaults filled, own keys kept', () => {
  const written = {
    ...RUNTIME,
    pipliteUrls: ['./static/browsergrad/pyodide/all.json'],
    preloadPackages: ['micropip'],
    pyodideVersion: '314.0.6',
    browsergradVersion: '0.1.0',
    labsUrl: './static/browsergrad/labs.json',
    isolationServiceWorker: false,
    timeLimitMs: 5000
  };
  const copy = JSON.parse(JSON.stringify(written));
  const { settings, error, warnings } = checkSettings(written, ROOT);
  assert.equal(error, null);
  assert.deepEqual(warnings, []);
  const pyodide = `${ROOT}static/browsergrad/pyodide/`;
  assert.deepEqual(settings, {
    pyodideUrl: `${pyodide}pyodide.mjs`,
    lockFileUrl: `${pyodide}pyodide-lock.json`,
    pipliteUrls: [`${pyodide}all.json`],
    preloadPackages: ['micropip'],
    pyodideVersion: '314.0.6',
    browsergradVersion: '0.1.0',
    labsUrl: `${ROOT}static/browsergrad/labs.json`,
    isolationServiceWorker: false,
    prewarm: true,
    timeLimit: null,
    outputLimit: { lines: 20000, characters: 1000000 },
    hostBridge: {
      origins: [],
      ackTimeoutSeconds: 30,
      maxDonationBytes: 16777216,
      logLevel: 'info',
      driveFolder: 'donations'
    },
    timeLimitMs: 5000
  });
  assert.deepEqual(written, copy, 'the page config is not changed');
});

test('a site without the runtime URLs has no kernel: a clear error', () => {
  for (const raw of [undefined, {}, { prewarm: false }]) {
    const { settings, error, warnings } = checkSettings(raw, ROOT);
    assert.equal(settings, null);
    assert.equal(error.message, NO_RUNTIME);
    // JupyterLab without a Lite site gets no warnings either
    assert.deepEqual(warnings, []);
  }
  const bad = checkSettings({ ...RUNTIME, pyodideUrl: 5 }, ROOT);
  assert.equal(bad.settings, null);
  assert.equal(bad.error.message, NO_RUNTIME);
  assert.deepEqual(bad.warnings, [
    'browsergrad: pyodideUrl must be a URL, got 5; it is ignored'
  ]);
  const whole = checkSettings(5, ROOT);
  assert.equal(whole.error.message, NO_RUNTIME);
  assert.deepEqual(whole.warnings, [
    'browsergrad: the kernel settings must be a JSON object, got 5'
  ]);
});

test('the output limit: defaults, partial objects, floats, and null to lift it', () => {
  const limit = outputLimit => check({ outputLimit }).settings.outputLimit;
  assert.deepEqual(limit(undefined), { lines: 20000, characters: 1000000 });
  assert.deepEqual(limit({ lines: 5 }), { lines: 5, characters: 1000000 });
  assert.deepEqual(limit({ characters: null }), {
    lines: 20000,
    characters: null
  });
  assert.deepEqual(limit({ lines: 2e4 }), {
    lines: 20000,
    characters: 1000000
  });
  assert.deepEqual(limit(null), { lines: null, characters: null });
});

test('a bad output limit edited into the site is reported, and its default applies', () => {
  let { settings, warnings } = check({
    outputLimit: { lines: -5, characters: 'lots' }
  });
  assert.deepEqual(settings.outputLimit, { lines: 20000, characters: 1000000 });
  assert.deepEqual(warnings, [
    'browsergrad: outputLimit.lines must be a positive whole number (or null), got -5; using 20000',
    'browsergrad: outputLimit.characters must be a positive whole number (or null), got "lots"; using 1000000'
  ]);

  ({ settings, warnings } = check({ outputLimit: 5000 }));
  assert.deepEqual(settings.outputLimit, { lines: 20000, characters: 1000000 });
  assert.deepEqual(warnings, [
    'browsergrad: outputLimit must be an object such as {"lines": 20000, "characters": 1000000} (or null), got 5000; using {"lines":20000,"characters":1000000}'
  ]);

  ({ settings, warnings } = check({
    outputLimit: { lines: 2.5, characters: 10, rows: 3 }
  }));
  assert.deepEqual(settings.outputLimit, { lines: 20000, characters: 10 });
  assert.deepEqual(warnings, [
    'browsergrad: outputLimit has unknown key "rows"; it takes "lines", "characters"; it is ignored',
    'browsergrad: outputLimit.lines must be a positive whole number (or null), got 2.5; using 20000'
  ]);
});

test('other bad values are reported, and their default applies or they are left out', () => {
  const { settings, warnings } = check({
    timeLimit: '10',
    prewarm: 'no',
    pipliteUrls: [5, './all.json'],
    labsUrl: 7
  });
  assert.equal(settings.timeLimit, null);
  assert.equal(settings.prewarm, true);
  assert.deepEqual(settings.pipliteUrls, [`${ROOT}all.json`]);
  assert.equal('labsUrl' in settings, false);
  assert.deepEqual(warnings.sort(), [
    'browsergrad: labsUrl must be a URL, got 7; it is ignored',
    'browsergrad: pipliteUrls[0] must be a URL, got 5; it is left out',
    'browsergrad: prewarm must be true or false, got "no"; using true',
    'browsergrad: timeLimit must be a positive number of seconds (or null), got "10"; using null'
  ]);
  assert.equal(check({ timeLimit: 0 }).settings.timeLimit, null);
  assert.equal(check({ timeLimit: 2.5 }).settings.timeLimit, 2.5);
  assert.deepEqual(check({ timeLimit: 30 }).warnings, []);
});

test('the host bridge: exact origins only, partial objects filled, bad values reported', () => {
  const given = check({
    hostBridge: { origins: ['https://hub.example.org'], logLevel: 'warn' }
  });
  assert.deepEqual(given.warnings, []);
  assert.deepEqual(given.settings.hostBridge, {
    origins: ['https://hub.example.org'],
    ackTimeoutSeconds: 30,
    maxDonationBytes: 16777216,
    logLevel: 'warn',
    driveFolder: 'donations'
  });
  const bad = check({
    hostBridge: {
      origins: ['https://hub.example.org/', '*', 'https://ok.example.org'],
      ackTimeoutSeconds: 0,
      logLevel: 'loud'
    }
  });
  assert.deepEqual(bad.settings.hostBridge.origins, ['https://ok.example.org']);
  assert.equal(bad.settings.hostBridge.ackTimeoutSeconds, 30);
  assert.equal(bad.settings.hostBridge.logLevel, 'info');
  assert.equal(bad.warnings.length, 4);
  assert.match(
    bad.warnings[0],
    /hostBridge\.origins\[0\] must be an origin such as "https:\/\/hub\.example\.org" \(scheme, host and port; no path, no wildcard\), got "https:\/\/hub\.example\.org\/"; it is left out/
  );
});
