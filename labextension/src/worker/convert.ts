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

/**
 * Deep-convert a Python value (dicts to objects, lists to arrays). Values that
 * are already JavaScript pass through.
 */
export function toPlain<T = any>(value: unknown): T {
  if (!isProxy(value)) {
    return value as T;
  }
  return value.toJs({
    dict_converter: Object.fromEntries,
    create_pyproxies: false
  }) as T;
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
