/*
 * Cross-origin isolation from JupyterLite's own service worker, for static
 * hosts that cannot send the COOP/COEP headers (GitHub Pages, for example).
 *
 * Loaded before JupyterLite's service worker, in the same worker: every
 * response that worker passes through `fetch` gets the isolation headers,
 * so the pages it controls are cross-origin isolated and Stop can interrupt
 * Python without restarting the kernel. A second service worker (such as
 * coi-serviceworker) cannot do this: it would take the scope of JupyterLite's
 * own, which serves /drive and input().
 */
(() => {
  const ISOLATION_HEADERS = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin'
  };
  const passThrough = self.fetch.bind(self);

  self.fetch = async (input, init) => {
    const response = await passThrough(input, init);
    if (response.type === 'opaque' || response.type === 'opaqueredirect') {
      return response;
    }
    const request = input instanceof Request ? input : null;
    if (response.redirected && request && request.mode === 'navigate') {
      // Keep the address bar (and relative URLs) on the final location.
      return Response.redirect(response.url, 307);
    }
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
      headers.set(name, value);
    }
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers
    });
  };
})();
