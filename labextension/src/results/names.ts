/**
 * Names derived from a notebook's path: for headings, JUnit class names and
 * the names of downloads.
 */

/** `labs/one/demo.ipynb` -> `demo.ipynb`. */
export function notebookName(path: string): string {
  return path.split('/').pop() || 'notebook';
}

/** `labs/one/demo.ipynb` -> `demo`. */
export function notebookStem(path: string): string {
  return notebookName(path).replace(/\.ipynb$/i, '') || 'notebook';
}

/** The names of the two exports of a notebook's results. */
export function exportNames(path: string): { json: string; junit: string } {
  const stem = notebookStem(path);
  return { json: `${stem}.results.json`, junit: `${stem}.junit.xml` };
}
