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
  keepFocus(target, notebook.node);
}

/** How long a jump's target keeps the focus against a late notebook activation. */
const KEEP_FOCUS_MS = 1000;

/**
 * Give the focus back to `target` when the notebook takes it (its activation
 * may finish frames later on a busy page), until the person clicks or types,
 * or KEEP_FOCUS_MS has passed.
 */
function keepFocus(target: HTMLElement, notebook: HTMLElement): void {
  let kept = true;
  // After the notebook has handled its own focus event, not during it.
  const onFocusIn = () =>
    setTimeout(() => {
      const now = document.activeElement;
      if (kept && now && !target.contains(now) && notebook.contains(now)) {
        target.focus({ preventScroll: true });
      }
    });
  const stop = () => {
    kept = false;
    clearTimeout(timer);
    document.removeEventListener('focusin', onFocusIn, true);
    document.removeEventListener('pointerdown', stop, true);
    document.removeEventListener('keydown', stop, true);
  };
  const timer = setTimeout(stop, KEEP_FOCUS_MS);
  document.addEventListener('focusin', onFocusIn, true);
  document.addEventListener('pointerdown', stop, true);
  document.addEventListener('keydown', stop, true);
}
