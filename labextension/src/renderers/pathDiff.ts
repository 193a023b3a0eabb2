/**
 * A path-wise diff of two JSON values: the paths at which they differ, such
 * as `data["a"][3]: 1 → 2`. Lists are compared index by index, objects key
 * by key; a key or index that only one side has is reported as missing on
 * the other.
 */

/** A side of a difference: a value, or nothing at that path. */
export type Side = { value: unknown } | 'missing';

export interface IPathDifference {
  /** E.g. `data["a"][3]`. */
  path: string;
  expected: Side;
  actual: Side;
}

export interface IPathDiff {
  differences: IPathDifference[];
  /** More differences exist than were listed. */
  truncated: boolean;
}

/** Whether a value is a JSON object (not a list, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a value is a list or an object. */
export function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

/** The paths where `expected` and `actual` differ, at most `limit`. */
export function diffPaths(
  expected: unknown,
  actual: unknown,
  root = 'data',
  limit = 100
): IPathDiff {
  const differences: IPathDifference[] = [];
  let truncated = false;

  const report = (path: string, a: Side, b: Side): boolean => {
    if (differences.length >= limit) {
      truncated = true;
      return false;
    }
    differences.push({ path, expected: a, actual: b });
    return true;
  };

  // Returns false once the limit is reached, to stop the walk.
  const walk = (a: unknown, b: unknown, path: string): boolean => {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const here = `${path}[${i}]`;
        const ok =
          i >= a.length
            ? report(here, 'missing', { value: b[i] })
            : i >= b.length
              ? report(here, { value: a[i] }, 'missing')
              : walk(a[i], b[i], here);
        if (!ok) {
          return false;
        }
      }
      return true;
    }
    if (isJsonObject(a) && isJsonObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        const here = `${path}[${JSON.stringify(key)}]`;
        const ok = !Object.prototype.hasOwnProperty.call(a, key)
          ? report(here, 'missing', { value: b[key] })
          : !Object.prototype.hasOwnProperty.call(b, key)
            ? report(here, { value: a[key] }, 'missing')
            : walk(a[key], b[key], here);
        if (!ok) {
          return false;
        }
      }
      return true;
    }
    if (a === b) {
      return true;
    }
    return report(path, { value: a }, { value: b });
  };

  walk(expected, actual, root);
  return { differences, truncated };
}
