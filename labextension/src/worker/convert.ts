/**
 * Turning Python values handed to JavaScript callbacks into plain,
 * structured-cloneable data.
 */

/** A PyProxy as far as conversion is concerned. */
interface IProxyLike {
  toJs(options?: Record<string, unknown>): unknown;
}

function isProxy(value: unknown): value is IProxyLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IProxyLike).toJs === 'function'
  );
}

/** A dict as an object; `None` values (JS `undefined`) become `null`, as in JSON. */
function dictToObject(entries: Iterable<[string, unknown]>): object {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    object[key] = value === undefined ? null : value;
  }
  return object;
}

/** `None` items of lists, at any depth, become `null` too. */
function nullItems(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      value[i] = value[i] === undefined ? null : nullItems(value[i]);
    }
  } else if (value !== null && typeof value === 'object') {
    if (Object.getPrototypeOf(value) === Object.prototype) {
      for (const item of Object.values(value)) {
        nullItems(item);
      }
    }
  }
  return value;
}

/**
 * Deep-convert a Python value (dicts to objects, lists to arrays). Values that
 * are already JavaScript pass through.
 */
export function toPlain<T = any>(value: unknown): T {
  if (!isProxy(value)) {
    return value as T;
  }
  return nullItems(
    value.toJs({ dict_converter: dictToObject, create_pyproxies: false })
  ) as T;
}

/** Convert a Python result and release its proxy. */
export function takePlain<T = any>(value: unknown): T {
  try {
    return toPlain<T>(value);
  } finally {
    (value as { destroy?: () => void } | null)?.destroy?.();
  }
}

/** Comm buffers (bytes/memoryview) as ArrayBuffers. */
export function toBuffers(value: unknown): ArrayBuffer[] {
  const items = (toPlain<unknown[] | null>(value) ?? []) as unknown[];
  return items.map(item => {
    if (item instanceof ArrayBuffer) {
      return item;
    }
    if (ArrayBuffer.isView(item)) {
      const view = item as ArrayBufferView;
      return view.buffer.slice(
        view.byteOffset,
        view.byteOffset + view.byteLength
      ) as ArrayBuffer;
    }
    return new TextEncoder().encode(String(item)).buffer as ArrayBuffer;
  });
}
