/**
 * A kernel that replaced its worker (Stop on a page without a shared buffer,
 * a time limit, a crash) runs a new interpreter behind the same connection.
 * Its connections are told so as a restart from the notebook tells them:
 * with a `restarting` status, then the status it has now. Widget views of the
 * old interpreter then show they are disconnected (re-running their cell gives
 * working ones), the Tests panel marks older results stale, and the lab gate
 * asks the new interpreter its version.
 */
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import type { Signal } from '@lumino/signaling';

import type { BrowsergradKernel } from './kernel';

/** The notebooks' connections to the kernel `kernelId`. */
function connectionsTo(
  notebooks: INotebookTracker,
  kernelId: string
): Kernel.IKernelConnection[] {
  const found: Kernel.IKernelConnection[] = [];
  notebooks.forEach(panel => {
    const kernel = panel.sessionContext.session?.kernel;
    if (kernel && kernel.id === kernelId && !found.includes(kernel)) {
      found.push(kernel);
    }
  });
  return found;
}

export function announceRestarts(
  kernel: BrowsergradKernel,
  notebooks: INotebookTracker | null
): void {
  if (!notebooks) {
    return;
  }
  kernel.workerReplaced.connect(() => {
    for (const connection of connectionsTo(notebooks, kernel.id)) {
      // The connection's own signal: what a restart it made would emit.
      const status = connection.statusChanged as Signal<
        Kernel.IKernelConnection,
        Kernel.Status
      >;
      status.emit('restarting');
      status.emit(connection.status);
    }
  });
}
