/**
 * Results to the hub: the notebook's `results.v1` document, as built for the
 * Tests panel's JSON export, donated as the lab's submission (./submission.ts).
 * Two ways in: the Tests panel's Submit action (a command), and Python's
 * `bg.submit_results()`, which opens a comm (SUBMIT_COMM_TARGET) and is
 * answered on it with the donation's response.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel, KernelMessage } from '@jupyterlab/services';

import { ILabs } from '../labs/types';
import { exportContext } from '../panel/exportContext';
import { resultsDocument } from '../panel/exportJson';
import { NotebookResults } from '../panel/model';
import { SUBMISSION_KEY, submissionOf } from './submission';
import { IHostBridge, type IDonationResponse } from './tokens';

export const SUBMIT_COMMAND = 'browsergrad-kernel:tests-submit';
export const SUBMIT_COMM_TARGET = 'browsergrad.submit.v1';

/** Build and donate one notebook's submission; never rejects. */
export async function submitNotebook(
  panel: NotebookPanel,
  bridge: IHostBridge,
  labs: ILabs | null
): Promise<IDonationResponse> {
  try {
    await panel.context.ready;
    const reader = new NotebookResults(panel);
    const results = reader.current;
    reader.dispose();
    const doc = resultsDocument(results, await exportContext(panel, labs));
    return await bridge.donate(
      SUBMISSION_KEY,
      JSON.stringify(submissionOf(doc)),
      { notebook: panel.context.path }
    );
  } catch (error) {
    return {
      success: false,
      key: SUBMISSION_KEY,
      status: 0,
      error: `the results could not be put together: ${error}`
    };
  }
}

/** What the user is told of a submission's outcome. */
export function responseText(response: IDonationResponse): string {
  if (response.success && response.savedTo) {
    return `No hub is connected: the results were saved to ${response.savedTo}.`;
  }
  if (response.success) {
    return 'The results were submitted to the hub (a provisional score).';
  }
  const where = response.savedTo
    ? ` They were saved to ${response.savedTo}.`
    : '';
  return `The results were not submitted: ${response.error}.${where}`;
}

/** Answer `bg.submit_results()` on the kernels of open notebooks. */
function listenForPython(
  notebooks: INotebookTracker,
  bridge: IHostBridge,
  labs: ILabs | null
): void {
  const registered = new WeakSet<Kernel.IKernelConnection>();
  const register = (panel: NotebookPanel) => {
    const kernel = panel.sessionContext.session?.kernel;
    if (!kernel || registered.has(kernel)) {
      return;
    }
    registered.add(kernel);
    kernel.registerCommTarget(
      SUBMIT_COMM_TARGET,
      (comm: Kernel.IComm, _msg: KernelMessage.ICommOpenMsg) => {
        // the notebook whose kernel asked: found now, not when registered
        const asking =
          notebooks.find(p => p.sessionContext.session?.kernel === kernel) ??
          panel;
        void submitNotebook(asking, bridge, labs).then(response => {
          if (comm.isDisposed) {
            return; // the notebook closed; the donation is kept regardless
          }
          try {
            comm.send({ version: 1, response: { ...response } });
            comm.close();
          } catch (error) {
            console.warn(
              `browsergrad: could not answer submit_results(): ${error}`
            );
          }
        });
      }
    );
  };
  notebooks.widgetAdded.connect((_, panel) => {
    panel.sessionContext.kernelChanged.connect(() => register(panel));
    panel.sessionContext.ready.then(() => register(panel)).catch(() => null);
    register(panel);
  });
  notebooks.forEach(panel => register(panel));
}

export const submitPlugin: JupyterFrontEndPlugin<void> = {
  id: 'browsergrad-kernel:submit',
  description:
    "Donates a notebook's results to the hub: the Tests panel's Submit and bg.submit_results().",
  autoStart: true,
  requires: [IHostBridge],
  optional: [INotebookTracker, ILabs, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    bridge: IHostBridge,
    notebooks: INotebookTracker | null,
    labs: ILabs | null,
    palette: ICommandPalette | null
  ) => {
    if (!notebooks) {
      return;
    }
    app.commands.addCommand(SUBMIT_COMMAND, {
      label: 'Submit Test Results to the Hub',
      caption:
        "Send the notebook's results to the hub that embeds this site (or save them to the drive)",
      isEnabled: () => notebooks.currentWidget !== null,
      execute: async () => {
        const panel = notebooks.currentWidget;
        if (!panel) {
          return null;
        }
        const response = await submitNotebook(panel, bridge, labs);
        Notification.emit(
          responseText(response),
          response.success ? 'success' : 'error',
          { autoClose: 10000 }
        );
        return response;
      }
    });
    notebooks.currentChanged.connect(() =>
      app.commands.notifyCommandChanged(SUBMIT_COMMAND)
    );
    palette?.addItem({ command: SUBMIT_COMMAND, category: 'Tests' });
    listenForPython(notebooks, bridge, labs);
  }
};
