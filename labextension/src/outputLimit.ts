/**
 * The output limit of a cell: how much stream text (`print`, stderr) it shows
 * in full. Past the limit, the rest is counted, its latest lines are kept,
 * and one notice says what was left out.
 *
 * Lines cost the page more than characters (JupyterLab lays out every line on
 * each update), so the limit has both; `null` lifts either.
 */

export interface IOutputLimit {
  lines: number | null;
  characters: number | null;
}

export const DEFAULT_OUTPUT_LIMIT: IOutputLimit = {
  lines: 20_000,
  characters: 1_000_000
};

/** The limit the site asks for: `null` lifts it, missing keys keep defaults. */
export function outputLimit(
  setting: Partial<IOutputLimit> | null | undefined
): IOutputLimit {
  if (setting === null) {
    return { lines: null, characters: null };
  }
  return { ...DEFAULT_OUTPUT_LIMIT, ...setting };
}

type StreamName = 'stdout' | 'stderr';

/**
 * What a cell has shown so far. A carriage return rewrites its line (as in a
 * progress bar), so only what the line ends up holding counts.
 */
export class OutputBudget {
  constructor(private readonly _limit: IOutputLimit) {}

  /** Count as much of `text` as fits; returns how much that is. */
  take(name: StreamName, text: string): number {
    const { lines: maxLines, characters: maxChars } = this._limit;
    if (maxLines === null && maxChars === null) {
      return text.length;
    }
    let start = 0;
    let nextReturn = -1;
    while (start < text.length) {
      if (nextReturn < start) {
        nextReturn = text.indexOf('\r', start);
        nextReturn = nextReturn < 0 ? Infinity : nextReturn;
      }
      if (maxLines !== null && this._lines >= maxLines) {
        return start;
      }
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      const rewrite = lastLoneReturn(text, nextReturn, end, newline >= 0);
      const lineLength =
        rewrite < 0 ? this._lineLength[name] + end - start : end - rewrite - 1;
      const chars =
        this._chars -
        this._lineLength[name] +
        lineLength +
        (newline < 0 ? 0 : 1);
      if (maxChars !== null && chars > maxChars) {
        return rewrite < 0
          ? start + Math.max(0, maxChars - this._chars)
          : start;
      }
      this._chars = chars;
      if (newline < 0) {
        this._lineLength[name] = lineLength;
        break;
      }
      this._lines += 1;
      this._lineLength[name] = 0;
      start = newline + 1;
    }
    return text.length;
  }

  private _lines = 0;
  private _chars = 0;
  private _lineLength: Record<StreamName, number> = { stdout: 0, stderr: 0 };
}

/**
 * Index of the last `\r` of a line ending at `end` that is not half of `\r\n`,
 * or -1; `nextReturn` is the first `\r` at or after the line's start.
 */
function lastLoneReturn(
  text: string,
  nextReturn: number,
  end: number,
  endsLine: boolean
): number {
  const from = endsLine && text[end - 1] === '\r' ? end - 2 : end - 1;
  return nextReturn > from ? -1 : text.lastIndexOf('\r', from);
}

export const TAIL_LINES = 20;
const TAIL_CHARS = 8_000;

/** The text left out past the limit: counted, with its latest lines kept. */
export class LeftOut {
  constructor(private readonly _limit: IOutputLimit) {}

  add(text: string): void {
    this._chars += text.length;
    for (
      let at = text.indexOf('\n');
      at >= 0;
      at = text.indexOf('\n', at + 1)
    ) {
      this._lines += 1;
    }
    this._tail = (this._tail + text).slice(-TAIL_CHARS);
  }

  /** The notice: what the limit is, what was left out, the latest lines. */
  notice(): string {
    const { lines, characters } = this._limit;
    const limits = [
      lines === null ? null : `${count(lines)} lines`,
      characters === null ? null : `${count(characters)} characters`
    ].filter(Boolean);
    const latest = this._tail
      .replace(/\n$/, '')
      .split('\n')
      .map(line => line.slice(line.lastIndexOf('\r') + 1))
      .slice(-TAIL_LINES)
      .join('\n');
    return (
      `Output limit: this cell shows at most ${limits.join(' or ')} of ` +
      `printed output (the site's outputLimit). Left out so far: ` +
      `${count(this._chars)} characters in ${count(this._lines)} lines. ` +
      `The latest lines:\n${latest}`
    );
  }

  private _chars = 0;
  private _lines = 0;
  private _tail = '';
}

const count = (n: number) => n.toLocaleString('en-US');
