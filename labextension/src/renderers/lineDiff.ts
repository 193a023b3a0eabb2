/**
 * A line-based diff of two texts: the lines of a longest common subsequence
 * are kept, the others marked removed (only in expected) or added (only in
 * actual). Common head and tail are trimmed first, so the quadratic part only
 * sees the lines that changed; beyond a size cap it falls back to "all
 * removed, all added".
 */

export type LineKind = 'same' | 'removed' | 'added';

export interface IDiffLine {
  kind: LineKind;
  text: string;
}

/** Cells of the LCS table above which the middle is not aligned. */
const MAX_TABLE_CELLS = 1_000_000;

/** The diff of `expected` against `actual`, line by line. */
export function diffLines(expected: string, actual: string): IDiffLine[] {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const same = (text: string): IDiffLine => ({ kind: 'same', text });
  return [
    ...a.slice(0, head).map(same),
    ...alignMiddle(
      a.slice(head, a.length - tail),
      b.slice(head, b.length - tail)
    ),
    ...a.slice(a.length - tail).map(same)
  ];
}

/** Align two line lists that share no head or tail. */
function alignMiddle(a: string[], b: string[]): IDiffLine[] {
  const n = a.length;
  const m = b.length;
  const removed = (text: string): IDiffLine => ({ kind: 'removed', text });
  const added = (text: string): IDiffLine => ({ kind: 'added', text });
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_TABLE_CELLS) {
    return [...a.map(removed), ...b.map(added)];
  }
  // lcs[i * (m + 1) + j]: length of the LCS of a[i..] and b[j..]. It is at
  // most min(n, m) <= 1000 under the cap, so 16 bits are enough.
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const lines: IDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      lines.push(removed(a[i++]));
    } else {
      lines.push(added(b[j++]));
    }
  }
  while (i < n) {
    lines.push(removed(a[i++]));
  }
  while (j < m) {
    lines.push(added(b[j++]));
  }
  return lines;
}

/** A diff line, or a run of unchanged lines left out of the view. */
export type DiffHunkLine = IDiffLine | { kind: 'skipped'; count: number };

/**
 * The lines worth showing: changes with `context` unchanged lines around
 * them; longer unchanged runs become one `skipped` entry.
 */
export function withContext(lines: IDiffLine[], context = 2): DiffHunkLine[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((line, index) => {
    if (line.kind !== 'same') {
      const from = Math.max(0, index - context);
      const to = Math.min(lines.length - 1, index + context);
      keep.fill(1, from, to + 1);
    }
  });
  const shown: DiffHunkLine[] = [];
  let run: IDiffLine[] = [];
  // A run of one line is shown: "1 unchanged line" would take as much room.
  const flush = () => {
    if (run.length === 1) {
      shown.push(run[0]);
    } else if (run.length > 1) {
      shown.push({ kind: 'skipped', count: run.length });
    }
    run = [];
  };
  lines.forEach((line, index) => {
    if (keep[index]) {
      flush();
      shown.push(line);
    } else {
      run.push(line);
    }
  });
  flush();
  return shown;
}
