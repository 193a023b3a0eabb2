/**
 * The JupyterLite plugin that hands a file chosen in a flow straight to the
 * kernel's worker (a structured clone of the `File`, never its bytes).
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IKernelClient } from '@jupyterlite/services';

import { IFlowFiles } from './tokens';

export const flowFilesPlugin: JupyterFrontEndPlugin<IFlowFiles> = {
  id: 'browsergrad-kernel:flow-files',
  description:
    "Hands files chosen in flows to the browsergrad kernel's worker.",
  autoStart: true,
  requires: [IKernelClient],
  provides: IFlowFiles,
  activate: (_app, client: IKernelClient): IFlowFiles => ({
    attach: async (kernelId, fileId, file) => {
      const kernel: any = await (client as any).getModel(kernelId);
      if (typeof kernel?.attachFile !== 'function') {
        throw new Error(
          `Kernel ${kernelId} is not a browsergrad kernel: it cannot read a chosen file.`
        );
      }
      return kernel.attachFile(fileId, file);
    }
  })
};
