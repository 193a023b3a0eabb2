/**
 * Short, human-readable text for sizes, durations, counts and JSON values.
 */

/** Bytes as `512 B`, `12.3 kB`, `4.5 MB` (decimal units, as text/plain). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) {
    return `${Math.round(bytes)} B`;
  }
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds as `0.42 ms`, `12.3 ms`, `456 ms`, `1.23 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1) {
    return `${ms.toFixed(2)} ms`;
  }
  if (ms < 100) {
    return `${ms.toFixed(1)} ms`;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60000) {
    return `${(ms / 1000).toFixed(2)} s`;
  }
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A count with thousands separators, e.g. `10,000`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** A JSON value on one line, cut to `limit` characters with an ellipsis. */
export function compactJson(value: unknown, limit = 80): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** A JSON value as indented text, for the expected/actual panes. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The start of a value's one-line JSON, at most `limit` characters, without
 * serialising all of a big value: the walk stops once the limit is reached.
 */
export function jsonPrefix(value: unknown, limit = 60): string {
  let out = '';
  const write = (text: string): boolean => {
    out += text;
    return out.length <= limit;
  };
  const walk = (item: unknown): boolean => {
    if (item === null || typeof item !== 'object') {
      return write(compactJson(item, limit + 1));
    }
    const list = Array.isArray(item);
    if (!write(list ? '[' : '{')) {
      return false;
    }
    let first = true;
    for (const key in item) {
      if (!first && !write(', ')) {
        return false;
      }
      first = false;
      if (!list && !write(`${JSON.stringify(key)}: `)) {
        return false;
      }
      if (!walk((item as Record<string, unknown>)[key])) {
        return false;
      }
    }
    return write(list ? ']' : '}');
  };
  return walk(value) ? out : `${out.slice(0, limit - 1)}…`;
}
