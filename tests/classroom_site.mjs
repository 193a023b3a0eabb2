/**
 * Drives a built course site in headless Chromium for
 * tests/test_classroom_install.py: opens a lab from the launcher, runs its
 * starter notebook in the browsergrad kernel and checks the work (which
 * fails, as the starter is not solved).
 *
 * Usage: node classroom_site.mjs JOB_JSON
 * where the job is {"url", "lab", "version", "chromium"}. Prints
 * one JSON object: what the page showed, and the problems found on the way
 * (an empty list when all went well).
 */
import { createRequire } from 'node:module';

const require = createRequire(
  new URL('../ui-tests/package.json', import.meta.url)
);
const { chromium } = require('@playwright/test');
const browserOptions = require('./chromium.js');

const job = JSON.parse(process.argv[2]);
const origin = new URL(job.url).origin;
const CHECK = '[data-command="browsergrad-kernel:labs-check-my-work"]';
const found = { problems: [], foreign: [], pageErrors: [] };

const browser = await chromium.launch({
  executablePath: job.chromium,
  headless: true,
  args: browserOptions.args
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(120000);
  page.on('request', request => {
    const url = request.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) {
      found.foreign.push(url);
    }
  });
  page.on('pageerror', error => found.pageErrors.push(String(error)));

  await page.goto(`${job.url}lab/index.html`);
  // The file browser shows the contents: the plain notebook and the labs.
  const items = page.locator('.jp-DirListing-itemText');
  await items.filter({ hasText: 'welcome.ipynb' }).waitFor();
  found.listing = (await items.allInnerTexts()).sort();

  const card = page.locator('.jp-LauncherCard[data-category="Labs"]', {
    hasText: `Lab: ${job.lab}`
  });
  await card.click();
  const panel = page.locator('.jp-NotebookPanel:visible');
  await panel.waitFor();
  // The current tab's tooltip names the notebook's path, once it is known.
  const path = await page.waitForFunction(() => {
    const tab = document.querySelector(
      '.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current'
    );
    return /^Path: (.*)$/m.exec(tab?.title ?? '')?.[1];
  });
  found.opened = await path.jsonValue();

  // A student's first step: run the code cell (it waits for the kernel).
  await panel.locator('.jp-CodeCell .jp-InputArea-editor').first().click();
  await page.keyboard.press('Shift+Enter');
  const output = panel.locator('.jp-CodeCell .jp-OutputArea-output').first();
  await output.filter({ hasText: `browsergrad ${job.version}` }).waitFor({
    timeout: 240000
  });
  found.output = (await output.innerText()).trim();
  found.kernel = (
    await panel.locator('.jp-Toolbar-kernelName').innerText()
  ).trim();

  // The starter is not solved: one check passes, one says what to do.
  await panel.locator(CHECK).click();
  const results = panel.locator('.jp-Cell').last().locator('.jp-OutputArea');
  await results
    .locator('.bg-Summary-fail')
    .filter({ hasText: 'failed' })
    .waitFor();
  found.checked = {
    pass: (await results.locator('.bg-Summary-pass').innerText()).trim(),
    fail: (await results.locator('.bg-Summary-fail').innerText()).trim(),
    message: (
      await results.locator('.bg-Event-message').first().innerText()
    ).trim()
  };
} catch (error) {
  found.problems.push(String(error));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found));
