/**
 * A cell that ended has no open prompt: when Stop or a time limit cancelled
 * its `input()`, the notebook would keep the prompt's box, and the kernel's
 * input guard would refuse the next cell ("pending input"). Both go once the
 * cell's run is over.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import type { CodeCell } from '@jupyterlab/cells';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

import { KERNEL_NAME } from '../kernel/tokens';

export const STALE_PROMPTS_PLUGIN_ID = 'browsergrad-kernel:stale-prompts';

/** The class JupyterLab gives the output item of a prompt's box. */
const STDIN_ITEM = 'jp-OutputArea-stdin-item';

export const stalePromptsPlugin: JupyterFrontEndPlugin<void> = {
  id: STALE_PROMPTS_PLUGIN_ID,
  description:
    'Removes the prompt box and input guard of a browsergrad cell whose input() was cancelled.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, notebooks: INotebookTracker) => {
    NotebookActions.executed.connect((_, { notebook, cell }) => {
      const panel = notebooks.find(panel => panel.content === notebook);
      const kernel = panel?.sessionContext.session?.kernel;
      if (kernel?.name !== KERNEL_NAME || cell.model.type !== 'code') {
        return;
      }
      const area = (cell as CodeCell).outputArea;
      for (const item of [...area.widgets]) {
        if (item.hasClass(STDIN_ITEM)) {
          item.dispose();
        }
      }
      if (kernel.hasPendingInput) {
        kernel.removeInputGuard();
      }
    });
  }
};
