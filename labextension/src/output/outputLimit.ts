/**
 * The output limit of a cell: how much stream text (`print`, stderr) it shows
 * in full. Past the limit, the rest is counted, its latest lines are kept,
 * and one notice says what was left out.
 *
 * Lines cost the page more than characters (JupyterLab lays out every line on
 * each update), so the limit has both; `null` lifts either.
 */

/** The site's `outputLimit`, checked and with its defaults (kernel/settings). */
export interface IOutputLimit {
  lines: number | null;
  characters: number | null;
}

type StreamName = 'stdout' | 'stderr';

/**
 * What a cell has shown so far. As in a terminal (and in JupyterLab), a
 * carriage return goes back to the start of its line and what follows
 * overwrites it: a progress bar rewritten in place counts once, at its longest.
 */
export class OutputBudget {
  constructor(private readonly _limit: IOutputLimit) {}

  /** Count as much of `text` as fits; returns how much that is. */
  take(name: StreamName, text: string): number {
    const { lines: maxLines, characters: maxChars } = this._limit;
    if (maxLines === null && maxChars === null) {
      return text.length;
    }
    const nextReturn = (from: number) => {
      const found = text.indexOf('\r', from);
      return found < 0 ? Infinity : found;
    };
    let start = 0;
    let cr = nextReturn(0);
    while (start < text.length) {
      if (maxLines !== null && this._lines >= maxLines) {
        return start;
      }
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      const rewrites = cr < end;
      let { length, cursor } = this._line[name];
      let at = start;
      for (; cr < end; cr = nextReturn(at)) {
        length = Math.max(length, cursor + cr - at);
        cursor = 0;
        at = cr + 1;
      }
      cursor += end - at;
      length = Math.max(length, cursor);
      const chars =
        this._chars - this._line[name].length + length + (newline < 0 ? 0 : 1);
      if (maxChars !== null && chars > maxChars) {
        return rewrites ? start : start + Math.max(0, maxChars - this._chars);
      }
      this._chars = chars;
      if (newline < 0) {
        this._line[name] = { length, cursor };
        break;
      }
      this._lines += 1;
      this._line[name] = { length: 0, cursor: 0 };
      start = newline + 1;
    }
    return text.length;
  }

  private _lines = 0;
  private _chars = 0;
  private _line: Record<StreamName, { length: number; cursor: number }> = {
    stdout: { length: 0, cursor: 0 },
    stderr: { length: 0, cursor: 0 }
  };
}

/** A line as shown: each carriage return's text overwrites the line's start. */
function shownLine(line: string): string {
  return line
    .split('\r')
    .reduce((shown, part) => part + shown.slice(part.length), '');
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
      .map(shownLine)
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
