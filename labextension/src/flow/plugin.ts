/**
 * The plugin of flows in notebooks: it takes the comms `bg.run_flow` opens
 * (target `browsergrad.flow`) on each notebook's kernel, renders their
 * outputs, and ends them on Stop, a restart or a closed notebook. Files go
 * to the worker through `IFlowFiles` (JupyterLite); donations, logs and the
 * end go to the host bridge (`IHostBridge`) when one is installed.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { MessageLoop } from '@lumino/messaging';

import { IHostBridge } from '../bridge/tokens';
import { FlowController } from './controller';
import { FlowOutput } from './output';
import { FlowRegistry } from './registry';
import { FLOW_COMM_TARGET, FLOW_MIME, IFlowFiles } from './tokens';

/** The commands that Stop a notebook's kernel. */
const STOP_COMMANDS = new Set([
  'notebook:interrupt-kernel',
  'kernelmenu:interrupt'
]);

export const flowPlugin: JupyterFrontEndPlugin<void> = {
  id: 'browsergrad-kernel:flows',
  description: 'Runs flows (bg.run_flow) in notebook outputs.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [IHostBridge, IFlowFiles],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    bridge: IHostBridge | null,
    files: IFlowFiles | null
  ) => {
    const flows = new FlowRegistry();
    const factory = {
      safe: true,
      mimeTypes: [FLOW_MIME],
      defaultRank: 5,
      createRenderer: () => new FlowOutput(flows)
    };
    const hooked = new WeakSet<Kernel.IKernelConnection>();

    const watch = (panel: NotebookPanel) => {
      // Each notebook has its own copy of the registry: the renderer goes
      // into it before the notebook's outputs are drawn.
      panel.content.rendermime.addFactory(factory, 5);
      const session = panel.sessionContext;
      const endAll = (reason: string) =>
        flows.of(panel).forEach(flow => flow.end(reason));
      const hook = () => {
        const kernel = session.session?.kernel;
        if (!kernel || hooked.has(kernel)) {
          return;
        }
        hooked.add(kernel);
        kernel.registerCommTarget(FLOW_COMM_TARGET, (comm, msg) => {
          const flowId = String(
            (msg.content.data as any)?.flow_id ?? comm.commId
          );
          const flow = new FlowController(flowId, comm, {
            kernelId: () => session.session?.kernel?.id,
            notebook: () => panel.context.path,
            bridge,
            files
          });
          flows.add(flow, panel);
        });
      };
      // Closing the notebook lets go of its kernel first: either way the
      // comm is closed, so Python closes the generator and its files.
      session.kernelChanged.connect((_, change) => {
        const reason = change.newValue
          ? 'The notebook changed its kernel.'
          : 'The notebook was closed, or its kernel shut down.';
        flows.of(panel).forEach(flow => flow.close(reason));
        hook();
      });
      session.statusChanged.connect((_, status) => {
        if (status === 'restarting' || status === 'autorestarting') {
          endAll('The kernel restarted.');
        } else if (status === 'dead') {
          endAll('The kernel died.');
        }
      });
      void session.ready.then(hook);
      hook();
      // Before the notebook lets go of its kernel, so that the comm's close
      // still reaches Python.
      MessageLoop.installMessageHook(panel, (_handler, msg) => {
        if (msg.type === 'close-request') {
          flows
            .of(panel)
            .forEach(flow => flow.close('The notebook was closed.'));
        }
        return true;
      });
    };
    notebooks.forEach(watch);
    notebooks.widgetAdded.connect((_, panel) => watch(panel));

    app.commands.commandExecuted.connect((_, args) => {
      const panel = notebooks.currentWidget;
      if (STOP_COMMANDS.has(args.id) && panel) {
        flows.of(panel).forEach(flow => flow.stop('Stopped by the user.'));
      }
    });
  }
};
