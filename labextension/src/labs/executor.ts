/**
 * The notebook cell executor, with the lab gate in front of it.
 *
 * Every way of running a notebook cell (run, run all, Shift+Enter, restart
 * and run all, the Tests panel's run all) goes through the one
 * `INotebookCellExecutor`; this plugin provides it in place of JupyterLab's
 * (a plugin registered later overrides the service of an earlier one), and
 * hands each code cell to JupyterLab's own `runCell` only once the lab gate
 * lets it through. A cell the gate refuses says why in its output.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import type { Cell, ICodeCellModel } from '@jupyterlab/cells';
import {
  INotebookCellExecutor,
  type NotebookPanel,
  runCell
} from '@jupyterlab/notebook';

import { sayingIfRestarted } from '../stop/restartedRun';
import type { Outcome } from './admission';

export const EXECUTOR_PLUGIN_ID = 'browsergrad-kernel:cell-executor';

/** What the executor needs of the lab gate. */
export interface ICellGate {
  admit(
    panel: NotebookPanel,
    send: () => Promise<boolean>,
    startKernel: () => Promise<unknown>
  ): Promise<Outcome>;
}

/** The output of a cell the gate did not let run. */
export function refusalOutput(message: string) {
  return {
    output_type: 'error',
    ename: 'LabBlocked',
    evalue: message,
    traceback: [`This cell did not run: ${message}`]
  };
}

function showRefusal(cell: Cell, message: string): void {
  if (cell.isDisposed) {
    return;
  }
  const model = cell.model as ICodeCellModel;
  model.sharedModel.transact(() => model.clearExecution(), false);
  // not in the transaction: the output would then be added twice
  model.outputs.add(refusalOutput(message));
}

export class GatedCellExecutor implements INotebookCellExecutor {
  constructor(private _started: Promise<unknown>) {}

  /**
   * Put the gate in front of cell runs; `panelOf` finds the notebook panel of
   * a cell's notebook model.
   */
  useGate(
    gate: ICellGate,
    panelOf: (
      options: INotebookCellExecutor.IRunCellOptions
    ) => NotebookPanel | null
  ): void {
    this._gate = gate;
    this._panelOf = panelOf;
  }

  async runCell(
    options: INotebookCellExecutor.IRunCellOptions
  ): Promise<boolean> {
    const { cell, sessionContext, sessionDialogs } = options;
    if (cell.model.type !== 'code' || !sessionContext) {
      return runCell(options);
    }
    // Every plugin has been activated (or has failed) once the app started.
    await this._started;
    // A cell run while the notebook's session is still being set up would
    // start a second kernel for it, and the first, with the cell, is dropped.
    if (!sessionContext.isReady) {
      await sessionContext.ready.catch(() => undefined);
    }
    const panel = this._gate ? this._panelOf(options) : null;
    if (!this._gate || !panel) {
      return sayingIfRestarted(options, () => runCell(options));
    }
    const model = cell.model as ICodeCellModel;
    // Queued, as JupyterLab shows a cell sent to a kernel that is not ready.
    model.executionState = 'running';
    let outcome: Outcome;
    try {
      outcome = await this._gate.admit(
        panel,
        () => {
          model.executionState = 'idle';
          return sayingIfRestarted(options, () => runCell(options));
        },
        async () => {
          const select = await sessionContext.startKernel();
          if (select && sessionDialogs) {
            await sessionDialogs.selectKernel(sessionContext);
          }
        }
      );
    } catch (error) {
      outcome = { refused: (error as Error).message };
    }
    if ('sent' in outcome) {
      return outcome.sent;
    }
    if ('refused' in outcome) {
      showRefusal(cell, outcome.refused);
      options.onCellExecuted({ cell, success: false });
      return false;
    }
    // no kernel, as JupyterLab's runCell leaves a cell then
    model.sharedModel.transact(() => model.clearExecution(), false);
    return true;
  }

  private _gate: ICellGate | null = null;
  private _panelOf: (
    options: INotebookCellExecutor.IRunCellOptions
  ) => NotebookPanel | null = () => null;
}

export const cellExecutorPlugin: JupyterFrontEndPlugin<INotebookCellExecutor> =
  {
    id: EXECUTOR_PLUGIN_ID,
    description:
      'Runs notebook cells as JupyterLab does, each cell of a lab once the lab gate lets it.',
    autoStart: true,
    provides: INotebookCellExecutor,
    activate: (app: JupyterFrontEnd): INotebookCellExecutor =>
      new GatedCellExecutor(app.started)
  };
