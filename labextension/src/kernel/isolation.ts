/**
 * The page side of the isolation service worker: on a first visit the page
 * loads before the service worker controls it, so it is not cross-origin
 * isolated yet. Once the worker controls it, reload (once per session).
 */
const RELOADED_KEY = 'browsergrad-kernel:isolation-reload';

export function isolateWithServiceWorker(
  registered: Promise<void> | undefined
): void {
  if (self.crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED_KEY);
    return;
  }
  const container = navigator.serviceWorker;
  if (!container || !registered) {
    console.warn(
      'browsergrad: the isolation service worker cannot run here (no service ' +
        'workers, or not a secure context), so Stop restarts the kernel.'
    );
    return;
  }
  const reload = () => {
    if (sessionStorage.getItem(RELOADED_KEY)) {
      console.warn(
        'browsergrad: the page is still not cross-origin isolated after the ' +
          'isolation service worker took over, so Stop restarts the kernel.'
      );
      return;
    }
    sessionStorage.setItem(RELOADED_KEY, '1');
    window.location.reload();
  };
  if (container.controller) {
    // Controlled, yet loaded without the headers: the worker took over after
    // this page loaded (a first visit), so the next load is isolated.
    reload();
  } else {
    container.addEventListener('controllerchange', reload, { once: true });
  }
}
