/**
 * How the tests and benchmarks start Debian's Chromium: root needs
 * --no-sandbox, and background networking must be off on a closed network.
 */
module.exports = {
  executablePath: process.env.BG_CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
};
