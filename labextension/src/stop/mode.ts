/**
 * What Stop does on this page, in words: interrupt the cell and keep the
 * kernel's state (cross-origin isolated), or restart the kernel.
 */

export interface IStopMode {
  /** `interrupt` keeps the kernel's state; `restart` loses it. */
  name: 'interrupt' | 'restart';
  /** Completes "Stop …". */
  label: string;
  /** Why, for a tooltip and the kernel info. */
  reason: string;
}

/** How to serve a site so that Stop keeps the kernel's state. */
export const HOW_TO_KEEP_STATE =
  'To keep them, serve the site with the headers ' +
  '"Cross-Origin-Opener-Policy: same-origin" and ' +
  '"Cross-Origin-Embedder-Policy: require-corp" (`browsergrad-kernel serve` ' +
  'does), or build it with the isolation service worker ' +
  '(`--BrowsergradSiteAddon.isolation_service_worker=True`).';

export function stopMode(canInterrupt: boolean): IStopMode {
  return canInterrupt
    ? {
        name: 'interrupt',
        label: 'keeps state',
        reason:
          'this page is cross-origin isolated, so Stop interrupts the ' +
          'running cell and your variables survive.'
      }
    : {
        name: 'restart',
        label: 'restarts the kernel',
        reason:
          'this page is not cross-origin isolated, so Stop can only ' +
          'interrupt a cell that awaits; any other running cell is stopped ' +
          'by restarting the kernel, and variables are lost. ' +
          HOW_TO_KEEP_STATE
      };
}
