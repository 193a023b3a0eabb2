// The resolve hook of preload.cjs: import() of a network module fails.
const NETWORK = new Set([
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
]);

export async function resolve(specifier, context, next) {
  if (NETWORK.has(specifier.replace(/^node:/, ''))) {
    const error = new Error(`${specifier}: no network while grading`);
    error.code = 'ERR_ACCESS_DENIED';
    throw error;
  }
  return next(specifier, context);
}
