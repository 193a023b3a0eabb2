/**
 * A cell whose run a restart cut short (Restart asked for while the cell ran
 * or waited to run) would end without a word: JupyterLab drops the messages
 * of the runs a restart cancels. Such a browsergrad cell says so instead, with
 * the error a restart gives.
 */
import type { ICodeCellModel } from '@jupyterlab/cells';
import type { INotebookCellExecutor } from '@jupyterlab/notebook';

import { KERNEL_NAME } from '../kernel/tokens';
import { restartedRun } from './errors';

/** Kernel states that cancel the runs under way. */
const RESTARTS = new Set(['restarting', 'autorestarting', 'dead']);

export async function sayingIfRestarted(
  options: INotebookCellExecutor.IRunCellOptions,
  run: () => Promise<boolean>
): Promise<boolean> {
  const { cell, sessionContext } = options;
  let restarted = false;
  const onStatus = (_: unknown, status: string) => {
    restarted ||= RESTARTS.has(status);
  };
  sessionContext?.statusChanged.connect(onStatus);
  try {
    const ran = await run();
    if (
      !ran &&
      restarted &&
      !cell.isDisposed &&
      cell.model.type === 'code' &&
      sessionContext?.session?.kernel?.name === KERNEL_NAME
    ) {
      (cell.model as ICodeCellModel).outputs.add({
        output_type: 'error',
        ...restartedRun()
      });
    }
    return ran;
  } finally {
    sessionContext?.statusChanged.disconnect(onStatus);
  }
}
