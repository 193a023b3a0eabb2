// The lite extension bundles the kernel modules of ../lib, which import the
// token modules by relative path. Those requests go to the shared
// `browsergrad-kernel` package instead (the main extension's entry exports
// every token), so both extensions use one Token object per service.
const fs = require('fs');
const path = require('path');
const { rspack } = require('@rspack/core');

const lib = path.resolve(__dirname, '..', 'lib');

/** Every module of lib/ that makes a Lumino Token, without its `.js`. */
function tokenModules() {
  const found = fs
    .readdirSync(lib, { recursive: true })
    .filter(name => name.endsWith('.js'))
    .filter(name =>
      fs.readFileSync(path.join(lib, name), 'utf-8').includes('new Token(')
    )
    .map(name => name.replace(/\.js$/, ''));
  const entry = fs.readFileSync(path.join(lib, 'index.js'), 'utf-8');
  const missing = found.filter(name => !entry.includes(`from './${name}'`));
  if (missing.length) {
    throw new Error(
      `src/index.ts must export * from ${missing.join(', ')}: the lite ` +
        'extension takes every token from the main one'
    );
  }
  return found.map(name => path.join(lib, name));
}

const TOKEN_MODULES = tokenModules();

const toShared = new rspack.NormalModuleReplacementPlugin(/^\.\.?\//, data => {
  const target = path.resolve(data.context, data.request).replace(/\.js$/, '');
  if (TOKEN_MODULES.includes(target)) {
    data.request = 'browsergrad-kernel';
  }
});

module.exports = {
  plugins: [toShared],
  module: {
    // the worker bundle (build:worker), emitted as is, as in ../webpack.config.js
    rules: [{ test: /\.worker\.js$/, type: 'asset/resource' }]
  }
};
