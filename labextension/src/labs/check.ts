/**
 * "Check my work": run the lab's rubric in the notebook's kernel, against the
 * student's namespace, into a cell of its own at the end of the notebook, so
 * its results are outputs like any other (rendered, saved, read by the
 * results panel).
 */
import type { CodeCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { OutputArea } from '@jupyterlab/outputarea';
import type { Contents } from '@jupyterlab/services';

import type { ILabManifest } from './types';
import { joinPath, readText } from './finder';
import { notebookRubricCode } from './rubricHash';
import type { INotebookFileCell } from './rubricHash';

/** Cell metadata key marking the cell that shows a lab's check. */
export const CHECK_METADATA = 'browsergrad';

/** The rubric's code: a Python file, or the code cells of a notebook. */
export async function rubricSource(
  contents: Contents.IManager,
  folder: string,
  manifest: ILabManifest
): Promise<string> {
  const path = joinPath(folder, manifest.rubric_path);
  if (!path.endsWith('.ipynb')) {
    return readText(contents, path);
  }
  const model = await contents.get(path, { content: true, type: 'notebook' });
  return notebookRubricCode(
    (model.content?.cells ?? []) as INotebookFileCell[]
  );
}

/** The index of the notebook's check cell for `labId`, added at the end if missing. */
function checkCellIndex(panel: NotebookPanel, labId: string): number {
  const model = panel.content.model!;
  for (let i = 0; i < model.cells.length; i++) {
    const marker = model.cells.get(i).getMetadata(CHECK_METADATA) as
      { lab_check?: string } | undefined;
    if (marker?.lab_check === labId) {
      return i;
    }
  }
  model.sharedModel.insertCell(model.cells.length, {
    cell_type: 'code',
    source:
      `# Check my work (lab ${labId}): the lab's checks run here\n` +
      '# when you press "Check my work" in the toolbar.',
    metadata: { [CHECK_METADATA]: { lab_check: labId }, editable: false }
  });
  return model.cells.length - 1;
}

/**
 * Run the rubric's `code` into the check cell; resolves when the kernel has
 * replied. The request goes to the kernel before this returns (the lab gate
 * calls it right after its last check).
 */
export async function checkMyWork(
  panel: NotebookPanel,
  manifest: ILabManifest,
  code: string
): Promise<void> {
  const index = checkCellIndex(panel, manifest.id);
  const cell = panel.content.widgets[index] as CodeCell;
  panel.content.activeCellIndex = index;
  void panel.content.scrollToItem(index);
  cell.model.executionCount = null;
  cell.setPrompt('*');
  const reply = await OutputArea.execute(
    code,
    cell.outputArea,
    panel.sessionContext
  );
  cell.model.executionCount =
    reply?.content.status === 'ok' || reply?.content.status === 'error'
      ? reply.content.execution_count
      : null;
}
