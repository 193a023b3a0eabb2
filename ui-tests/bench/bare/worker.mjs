// Load Pyodide from the browsergrad site's own copy and nothing else: no
// packages, no kernel. The import is dynamic so that fetching and compiling
// pyodide.mjs counts towards the time, like it does for a kernel's worker.
const stamp = () => performance.timeOrigin + performance.now();
const start = stamp();
try {
  const { loadPyodide } =
    // @ts-expect-error: served from the built site, not in the repository
    await import('../static/browsergrad/pyodide/pyodide.mjs');
  const pyodide = await loadPyodide();
  postMessage({ start, loaded: stamp(), version: pyodide.version });
} catch (error) {
  postMessage({ error: String((error && error.stack) || error) });
}
