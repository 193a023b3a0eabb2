/**
 * The hash a results document gives a lab's rubric (`lab.rubric_sha256`):
 * sha256 of its code as "Check my work" runs it, UTF-8 with `\n` newlines, as
 * headless grading hashes it (`rubric_code` in
 * browsergrad_kernel/grading/notebook.py, `rubric_sha256` in
 * browsergrad_kernel/results/document.py).
 */

/** A cell as a notebook file holds it. */
export interface INotebookFileCell {
  cell_type: string;
  source: string | string[];
}

/** A notebook rubric's code: its code cells' sources as written, joined by a blank line. */
export function notebookRubricCode(
  cells: readonly INotebookFileCell[]
): string {
  return cells
    .filter(cell => cell.cell_type === 'code')
    .map(cell =>
      Array.isArray(cell.source) ? cell.source.join('') : cell.source
    )
    .join('\n\n');
}

/** The hex sha256 of the rubric's code, or null where the page has no WebCrypto. */
export async function rubricSha256(source: string): Promise<string | null> {
  // crypto.subtle exists in secure contexts only (https, localhost)
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    return null;
  }
  const text = source.replace(/\r\n?/g, '\n');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), byte =>
    byte.toString(16).padStart(2, '0')
  ).join('');
}
