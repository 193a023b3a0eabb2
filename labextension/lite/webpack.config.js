// The lite extension bundles the kernel modules of ../lib, which import the
// token modules by relative path. Those requests go to the shared
// `browsergrad-kernel` package instead (the main extension's entry exports
// every token), so both extensions use one Token object per service.
const path = require('path');
const { rspack } = require('@rspack/core');

const lib = path.resolve(__dirname, '..', 'lib');
const TOKEN_MODULES = ['kernel/tokens', 'panel/tokens', 'labs/types'].map(
  name => path.join(lib, name)
);

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
