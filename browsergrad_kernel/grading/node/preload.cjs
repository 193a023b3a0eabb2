// Preloaded in every thread of the grading process (node --require), before
// the runtime or the submission runs.
//
// - Node's permission model (files, child processes) refuses process.binding,
//   which Emscripten's NODEFS calls for its constants at start: it gets those
//   constants, and nothing else.
// - Node 20's permission model does not cover the network: the network
//   modules and globals are taken away here, for require, import() and
//   process.getBuiltinModule alike.
'use strict';
const { constants } = require('node:fs');
const Module = require('node:module');
const os = require('node:os');

const NETWORK = [
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'dns/promises',
  'inspector',
  'inspector/promises'
];
const refused = name => NETWORK.includes(String(name).replace(/^node:/, ''));
const denied = name => {
  const error = new Error(`${name}: no network while grading`);
  error.code = 'ERR_ACCESS_DENIED';
  return error;
};

process.binding = function (name) {
  if (name === 'constants') {
    return { fs: constants, os: os.constants };
  }
  throw denied(`process.binding(${name})`);
};

const load = Module._load;
Module._load = function (request, ...rest) {
  if (refused(request)) {
    throw denied(request);
  }
  return load.call(this, request, ...rest);
};

if (typeof process.getBuiltinModule === 'function') {
  const builtin = process.getBuiltinModule;
  process.getBuiltinModule = name => {
    if (refused(name)) {
      throw denied(name);
    }
    return builtin.call(process, name);
  };
}

for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
  delete globalThis[name];
}

// import('node:net') and the like: a resolve hook (loaded on its own thread).
if (typeof Module.register === 'function') {
  Module.register(
    './network-hook.mjs',
    require('node:url').pathToFileURL(__filename)
  );
}
