/**
 * From a row of the Tests panel to the notebook: bring the notebook
 * forward, select the row's cell, scroll its output into view and focus it.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { CodeCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';

/** Wait until the next frame has been drawn (messages handled, layout done). */
const nextFrame = () =>
  new Promise<void>(resolve => requestAnimationFrame(() => resolve()));

export async function showOutput(
  shell: JupyterFrontEnd.IShell,
  panel: NotebookPanel,
  cellId: string,
  outputIndex: number | null
): Promise<void> {
  const notebook = panel.content;
  const index = notebook.widgets.findIndex(cell => cell.model.id === cellId);
  if (index < 0) {
    return;
  }
  shell.activateById(panel.id);
  notebook.activeCellIndex = index;
  notebook.mode = 'command';
  await notebook.scrollToItem(index, 'start');
  // Let the notebook finish activating, or it takes the focus back.
  await nextFrame();
  const cell = notebook.widgets[index] as CodeCell;
  const area = cell.outputArea;
  const child =
    outputIndex !== null && outputIndex < area.widgets.length
      ? area.widgets[outputIndex]
      : null;
  const target =
    child?.node.querySelector<HTMLElement>('.jp-OutputArea-output') ??
    child?.node ??
    area.node;
  if (!target.hasAttribute('tabindex')) {
    target.tabIndex = -1;
  }
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}
