/**
 * One timed page load of a Lab site (through the launcher or a direct link
 * to a notebook, first or repeat visit), and of the bare loadPyodide() page.
 * Times are read in the page with performance.now(), from navigation start.
 */
import { freshContext, requestFacts } from './lib.mjs';

/**
 * Injected into every Lab page before its own scripts. Watches the DOM and
 * stamps, on the page's clock, when the launcher card shows (and clicks it at
 * once), when the notebook's kernel is idle under the expected name, when
 * Shift+Enter is pressed and when the output `2` shows.
 */
export function labProbe([kernelName, clickLauncher]) {
  const marks = { launcher: null, idle: null, submitted: null, output: null };
  window.__bench = marks;
  const launcherCard = () =>
    [
      ...document.querySelectorAll('.jp-LauncherCard[data-category="Notebook"]')
    ].find(card => card.textContent.includes(kernelName));
  // The toolbar can show the kernel's name while the indicator still shows
  // the "No Kernel" idle: idle counts once the kernel was seen starting
  // (under any name: the name can show only once the kernel is idle).
  let seenStarting = false;
  const toolbar = () => ({
    name: document
      .querySelector('.jp-NotebookPanel-toolbar .jp-KernelName')
      ?.textContent.trim(),
    status: document
      .querySelector(
        '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator'
      )
      ?.getAttribute('data-status')
  });
  const isIdle = () => {
    const { name, status } = toolbar();
    if (status && status !== 'idle') {
      seenStarting = true;
      return false;
    }
    return name === kernelName && status === 'idle' && seenStarting;
  };
  // what a load that timed out was showing
  window.__benchState = () => ({ ...toolbar(), seenStarting });
  const hasOutput = () =>
    [
      ...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output')
    ].some(output => output.textContent.trim() === '2');
  const check = () => {
    const now = performance.now();
    if (marks.launcher === null && clickLauncher) {
      const card = launcherCard();
      if (card) {
        marks.launcher = now;
        /** @type {HTMLElement} */ (card).click();
      }
    } else if (marks.idle === null) {
      if (isIdle()) {
        marks.idle = now;
      }
    } else if (
      marks.output === null &&
      marks.submitted !== null &&
      hasOutput()
    ) {
      marks.output = now;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-status']
  });
  document.addEventListener(
    'keydown',
    event => {
      if (event.key === 'Enter' && event.shiftKey && marks.submitted === null) {
        marks.submitted = performance.now();
      }
    },
    true
  );
}

const SNAPSHOT_FILES =
  /\/kernel(-snapshot\.json|\.snapshot\.gz|-files\.bin\.gz)$/;

/**
 * Bytes of the files matching `pattern` that the page's workers (the kernel's
 * and its spare) fetched, each file once, from their Resource Timing entries
 * (the browser's network log has no body sizes for workers). A spare starts
 * once the first worker has the snapshot, so its fetch is answered from the
 * HTTP cache. Chromium gives workers no `transferSize`: these are the
 * encoded (gzipped) body sizes.
 */
async function workerFileBytes(page, pattern) {
  const sizes = new Map();
  for (const worker of page.workers()) {
    const entries = await worker
      .evaluate(
        source =>
          performance
            .getEntriesByType('resource')
            .filter(entry => new RegExp(source).test(entry.name))
            .map(entry => [
              entry.name,
              /** @type {PerformanceResourceTiming} */ (entry).encodedBodySize
            ]),
        pattern.source
      )
      .catch(() => []); // a worker that was ended meanwhile
    for (const [name, bytes] of entries) {
      sizes.set(name, Math.max(bytes, sizes.get(name) ?? 0));
    }
  }
  return [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
}

/** The page a user opens: the launcher, or a direct link to a notebook. */
const ENTRY_PATHS = {
  launcher: 'lab/index.html',
  direct: 'lab/index.html?path=bench.ipynb'
};

/**
 * One timed page load. A repeat visit is a second page load in the same
 * browser context, after an untimed first one (HTTP cache and service worker
 * in place, as a student coming back finds them).
 */
export async function measureLab(browser, url, kernelName, timeoutMs, how) {
  const { context, requests } = await freshContext(browser);
  try {
    const entry = `${url}${ENTRY_PATHS[how.entry]}`;
    const clickLauncher = how.entry === 'launcher';
    await context.addInitScript(labProbe, [kernelName, clickLauncher]);
    if (how.visit === 'repeat') {
      const first = await context.newPage();
      await first.goto(entry, { waitUntil: 'commit' });
      await first.waitForFunction(() => window.__bench?.idle !== null, null, {
        timeout: timeoutMs,
        polling: 100
      });
      await first.close();
      requests.length = 0;
    }
    const page = await context.newPage();
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());
    // a repeat visit through the launcher starts from a new workspace (else
    // the last visit's notebook is restored, and no launcher shows)
    const again = how.visit === 'repeat' && clickLauncher;
    await page.goto(again ? `${entry}?reset` : entry, { waitUntil: 'commit' });
    await page
      .waitForFunction(
        () => window.__bench && window.__bench.idle !== null,
        null,
        { timeout: left(), polling: 50 }
      )
      .catch(async error => {
        const state = await page
          .evaluate(() => window.__benchState?.())
          .catch(() => null);
        throw new Error(
          `not ready: the toolbar showed ${JSON.stringify(state)} (${error.message.split('\n')[0]})`
        );
      });
    await page
      .locator('.jp-NotebookPanel .jp-Cell .cm-content')
      .first()
      .click();
    await page.keyboard.insertText('print(2)');
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(() => window.__bench.output !== null, null, {
      timeout: left(),
      polling: 50
    });
    const marks = await page.evaluate(() => ({ ...window.__bench }));
    return {
      ready: marks.idle,
      output: marks.output,
      launcher: marks.launcher,
      roundTrip: marks.output - marks.submitted,
      snapshotBytes: await workerFileBytes(page, SNAPSHOT_FILES),
      ...requestFacts(requests)
    };
  } finally {
    await context.close();
  }
}

export async function measureBare(browser, url, timeoutMs) {
  const { context, requests } = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${url}bench-bare/index.html`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () =>
        window.__bare &&
        (window.__bare.loaded !== null || window.__bare.error) &&
        window.__bare,
      null,
      { timeout: timeoutMs, polling: 50 }
    );
    const bare = await handle.jsonValue();
    if (bare.error) {
      throw new Error(`bare loadPyodide failed: ${bare.error}`);
    }
    return {
      ready: bare.loaded,
      workerToLoaded: bare.loaded - bare.workerStart,
      version: bare.version,
      ...requestFacts(requests)
    };
  } finally {
    await context.close();
  }
}
