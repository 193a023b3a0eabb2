/**
 * A status-bar item saying what Stop does to a browsergrad kernel on this
 * page: interrupt the cell and keep state, or restart the kernel.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { stopMode } from './mode';
import { KERNEL_NAME } from '../kernel/tokens';

export const STOP_MODE_ITEM_ID = 'browsergrad-kernel:stop-mode';

function createItem(): Widget {
  const mode = stopMode(self.crossOriginIsolated === true);
  const item = new Widget();
  item.addClass('bg-stop-mode');
  item.addClass(`bg-stop-mode-${mode.name}`);
  item.node.textContent = `Stop ${mode.label}`;
  item.node.title = `Python (browsergrad): ${mode.reason}`;
  item.node.setAttribute('role', 'status');
  return item;
}

export const stopModePlugin: JupyterFrontEndPlugin<void> = {
  id: STOP_MODE_ITEM_ID,
  description: 'Shows whether Stop keeps the browsergrad kernel state.',
  autoStart: true,
  optional: [IStatusBar, INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    statusBar: IStatusBar | null,
    notebooks: INotebookTracker | null
  ) => {
    if (!statusBar || !notebooks) {
      return;
    }
    const usesBrowsergrad = () =>
      notebooks.currentWidget?.sessionContext.session?.kernel?.name ===
      KERNEL_NAME;
    const changed = new Signal<INotebookTracker, void>(notebooks);
    statusBar.registerStatusItem(STOP_MODE_ITEM_ID, {
      item: createItem(),
      align: 'left',
      rank: 4,
      isActive: usesBrowsergrad,
      activeStateChanged: changed
    });
    notebooks.currentChanged.connect(() => changed.emit());
    // The kernel can change without the notebook changing.
    notebooks.widgetAdded.connect((_, panel) =>
      panel.sessionContext.kernelChanged.connect(() => changed.emit())
    );
  }
};
