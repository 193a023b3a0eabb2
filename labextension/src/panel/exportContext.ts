/**
 * What the Tests panel's export knows of a notebook beyond its outputs: its
 * lab (from the labs plugin), the runtime of its kernel, and which cells hold
 * the lab's checks ("Check my work").
 */
import type { NotebookPanel } from '@jupyterlab/notebook';

import { CHECK_METADATA } from '../labs/check';
import { askRuntime } from '../labs/runtime';
import type { ILabs } from '../labs/types';
import type { IResultsRuntime } from '../results/document';
import type { IExportContext } from './exportJson';

/** How long the export waits for a kernel's info before leaving it out. */
const INFO_WAIT_MS = 1000;

/**
 * The runtime of the notebook's kernel: the browsergrad kernel's, or that of
 * another kernel (ipykernel) that can import browsergrad.
 */
async function kernelRuntime(
  panel: NotebookPanel
): Promise<IResultsRuntime | null> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel) {
    return null;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = new Promise<null>(resolve => {
    timer = setTimeout(() => resolve(null), INFO_WAIT_MS);
  });
  const info = await Promise.race([kernel.info.catch(() => null), wait]);
  if (info && info.implementation !== 'browsergrad') {
    const asked = await Promise.race([
      askRuntime(kernel).catch(() => null),
      wait
    ]);
    clearTimeout(timer);
    return asked?.installed && asked.implementation
      ? {
          browsergrad: asked.version,
          python: info.language_info.version ?? '',
          implementation: asked.implementation
        }
      : null;
  }
  clearTimeout(timer);
  if (!info) {
    return null;
  }
  return {
    browsergrad: info.implementation_version,
    python: info.language_info.version ?? '',
    implementation: 'pyodide'
  };
}

/** The ids of the cells "Check my work" runs the rubric in. */
function rubricCells(panel: NotebookPanel): Set<string> {
  const ids = new Set<string>();
  const cells = panel.content.model?.cells;
  for (let i = 0; cells && i < cells.length; i++) {
    const cell = cells.get(i);
    const marker = cell.getMetadata(CHECK_METADATA) as
      { lab_check?: unknown } | undefined;
    if (typeof marker?.lab_check === 'string') {
      ids.add(cell.id);
    }
  }
  return ids;
}

export async function exportContext(
  panel: NotebookPanel | null,
  labs: ILabs | null
): Promise<IExportContext> {
  if (!panel) {
    return {};
  }
  const [lab, runtime] = await Promise.all([
    labs ? labs.identify(panel).catch(() => null) : null,
    kernelRuntime(panel)
  ]);
  return { lab, runtime, rubricCells: rubricCells(panel) };
}
