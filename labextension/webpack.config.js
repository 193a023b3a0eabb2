// The worker is prebuilt by esbuild (build:worker) as a self-contained ES module.
// Emit it as a plain asset so the bundler neither re-bundles nor downgrades it.
module.exports = {
  module: {
    rules: [{ test: /\.worker\.js$/, type: 'asset/resource' }]
  }
};
