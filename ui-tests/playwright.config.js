/**
 * Galata/Playwright against really built JupyterLite sites, served twice:
 * cross-origin isolated (COOP/COEP) and plain; and one spec against a real
 * JupyterLab server with ipykernel (jupyter_server_test_config.py).
 */
/** @type {import('@playwright/test').PlaywrightTestConfig} */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const chromium = require('./chromium');

const python = process.env.BG_PYTHON || 'python3';
const site = process.env.BG_SITE || 'sites/lite';
// Built with the isolation service worker, and served without headers.
const swSite = process.env.BG_SW_SITE || 'sites/lite-sw';
// BG_PORT lets several checkouts run their suites side by side.
const base = Number(process.env.BG_PORT || 8765);
const servers = {
  isolated: base,
  plain: base + 1,
  serviceWorker: base + 2,
  jupyterlab: base + 3,
  // the reference host page (host-bridge.spec.ts): an allowed origin, and
  // the same page on an origin the site does not allow
  host: base + 4,
  foreignHost: base + 5
};
const SW_SPEC = /isolation-sw\.spec\.ts/;
const LAB_SPEC = /jupyterlab\.spec\.ts/;

const serve = (port, flags, root = site) => ({
  command: `${python} -m browsergrad_kernel.cli serve ${root} --port ${port} ${flags}`,
  url: `http://127.0.0.1:${port}/index.html`,
  reuseExistingServer: false,
  timeout: 30000
});

const hostPage = port => ({
  command: `${python} -m browsergrad_kernel.cli host --port ${port}`,
  url: `http://127.0.0.1:${port}/index.html`,
  reuseExistingServer: false,
  timeout: 30000
});

module.exports = {
  ...baseConfig,
  reporter: [['list'], ['junit', { outputFile: 'test-results/junit.xml' }]],
  timeout: 120000,
  expect: { timeout: 60000 },
  retries: 0,
  workers: 1,
  use: {
    ...baseConfig.use,
    trace: 'off',
    video: 'off',
    screenshot: 'only-on-failure',
    launchOptions: chromium
  },
  projects: [
    {
      name: 'isolated',
      testIgnore: [SW_SPEC, LAB_SPEC],
      use: { baseURL: `http://127.0.0.1:${servers.isolated}` }
    },
    {
      name: 'plain',
      use: { baseURL: `http://127.0.0.1:${servers.plain}` },
      // The Tests panel and the renderers only read outputs, and the API's
      // display data is the same either way: these specs run isolated only
      // (panel.spec.ts runs on both servers, end to end).
      testIgnore: [
        SW_SPEC,
        LAB_SPEC,
        /panel-.*\.spec\.ts$/,
        /(renderers|api)\.spec\.ts$/
      ],
      // Checks that do not depend on the page's isolation run isolated only.
      grepInvert: /@isolated-only/
    },
    {
      name: 'service-worker',
      testMatch: SW_SPEC,
      use: { baseURL: `http://127.0.0.1:${servers.serviceWorker}` }
    },
    {
      // JupyterLab 4 with a server and ipykernel: galata's own set-up
      name: 'jupyterlab',
      testMatch: LAB_SPEC,
      use: {
        baseURL: `http://127.0.0.1:${servers.jupyterlab}`,
        appPath: '/lab'
      }
    }
  ],
  webServer: [
    hostPage(servers.host),
    hostPage(servers.foreignHost),
    serve(servers.isolated, ''),
    serve(servers.plain, '--no-isolation'),
    serve(servers.serviceWorker, '--no-isolation', swSite),
    {
      command:
        `${python} -m jupyterlab --config jupyter_server_test_config.py ` +
        `--port ${servers.jupyterlab} --ServerApp.ip=127.0.0.1`,
      url: `http://127.0.0.1:${servers.jupyterlab}/lab`,
      // its extra kernelspec (jupyter_server_test_config.py)
      env: {
        ...process.env,
        JUPYTER_PATH: `${__dirname}/sites/jupyterlab-data`
      },
      reuseExistingServer: false,
      timeout: 60000
    }
  ]
};
