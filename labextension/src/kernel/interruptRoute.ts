/**
 * Stop, Kernel → Interrupt and `I, I` reach JupyterLite's kernel client,
 * whose own interrupt only cancels the queued cells. This routes them to the
 * browsergrad kernel too, which stops the running cell.
 */
import type { IKernelClient } from '@jupyterlite/services';

import type { BrowsergradKernel } from './kernel';

export interface IKernelRegistry {
  add(kernel: BrowsergradKernel): void;
  get(kernelId: string): BrowsergradKernel | undefined;
}

export function routeInterrupts(client: IKernelClient | null): IKernelRegistry {
  const kernels = new Map<string, BrowsergradKernel>();
  if (client) {
    const cancelQueued = client.interrupt.bind(client);
    client.interrupt = async (kernelId: string) => {
      // First the running cell, then JupyterLite cancels the queued ones.
      kernels.get(kernelId)?.interrupt();
      return cancelQueued(kernelId);
    };
  } else {
    console.warn(
      'browsergrad: no JupyterLite kernel client, so Stop cannot reach the kernel.'
    );
  }
  return {
    add: kernel => {
      kernels.set(kernel.id, kernel);
      kernel.disposed.connect(() => {
        if (kernels.get(kernel.id) === kernel) {
          kernels.delete(kernel.id);
        }
      });
    },
    get: kernelId => kernels.get(kernelId)
  };
}
