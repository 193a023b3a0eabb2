/**
 * A cell's time limit, from (first match wins) a `%%time_limit` cell magic,
 * the cell's `browsergrad.time_limit` metadata, or the site's default.
 * Values are seconds; `none` (or `off`) lifts the limit for one cell.
 */

export const TIME_LIMIT_MAGIC = '%%time_limit';
export const TIME_LIMIT_METADATA = 'time_limit';

/** A time limit that is not a positive number of seconds. */
export class TimeLimitError extends Error {
  readonly name = 'ValueError';
}

export interface ICellTimeLimit {
  /** Seconds, or null for no limit. */
  timeLimit: number | null;
  /** The code to run: the magic line becomes an empty line. */
  code: string;
}

const NO_LIMIT = new Set(['none', 'off']);

/** `2` -> `2 s`, `0.25` -> `0.25 s`. */
export function formatSeconds(seconds: number): string {
  return `${seconds} s`;
}

/** Check one value; `where` names its source in the error. */
export function checkTimeLimit(value: unknown, where: string): number | null {
  if (value === null) {
    return null;
  }
  let seconds = value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (NO_LIMIT.has(text)) {
      return null;
    }
    seconds = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?s?$/.test(text)
      ? Number(text.replace(/s$/, ''))
      : NaN;
  }
  if (
    typeof seconds !== 'number' ||
    !Number.isFinite(seconds) ||
    seconds <= 0
  ) {
    throw new TimeLimitError(
      `${where} must be a positive number of seconds (or "none"), ` +
        `got ${JSON.stringify(value) ?? String(value)}.`
    );
  }
  return seconds;
}

/** The limit a `%%time_limit` first line sets; undefined without one. */
function fromMagic(code: string): number | null | undefined {
  const firstLine = code.split('\n', 1)[0];
  const words = firstLine.trim().split(/\s+/);
  if (words[0] !== TIME_LIMIT_MAGIC) {
    return undefined;
  }
  if (words.length !== 2) {
    throw new TimeLimitError(
      `${TIME_LIMIT_MAGIC} takes one value, the limit in seconds ` +
        `(e.g. "${TIME_LIMIT_MAGIC} 5"), got "${firstLine.trim()}".`
    );
  }
  return checkTimeLimit(words[1], TIME_LIMIT_MAGIC);
}

/** The limit that applies to one cell. */
export function cellTimeLimit(
  code: string,
  metadata: Readonly<Record<string, unknown>> | undefined,
  fallback: number | null
): ICellTimeLimit {
  const magic = fromMagic(code);
  if (magic !== undefined) {
    const rest = code.indexOf('\n');
    return { timeLimit: magic, code: rest < 0 ? '' : code.slice(rest) };
  }
  const ours = metadata?.browsergrad;
  if (ours && typeof ours === 'object' && TIME_LIMIT_METADATA in ours) {
    const value = (ours as Record<string, unknown>)[TIME_LIMIT_METADATA];
    return {
      timeLimit: checkTimeLimit(
        value,
        'The cell metadata browsergrad.time_limit'
      ),
      code
    };
  }
  return { timeLimit: fallback, code };
}
