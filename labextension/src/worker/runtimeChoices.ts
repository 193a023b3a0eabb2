/**
 * Choices Pyodide makes from the runtime when it starts, which a memory
 * snapshot freezes. The kernel's snapshot is made under Node 20, which has
 * neither JSPI nor the wasm features of CPython's fast call trampoline, so a
 * restored interpreter would keep Node's choices:
 *
 * - the trampoline: CPython calls C function pointers through a small wasm
 *   module where the runtime can compile it, through JavaScript otherwise;
 *   JSPI cannot suspend across the JavaScript one;
 * - `pyodide.ffi.run_sync`: the real C function, or one that always raises
 *   "not supported".
 *
 * `time.sleep` on a page without the shared buffer needs both (it suspends
 * with `run_sync` where JSPI exists). The restore re-makes them for this
 * runtime.
 */

/** Where CPython's PyCFunctionObject keeps its PyMethodDef (wasm32). */
const CFUNCTION_DEF_OFFSET = 8;
/** Where a PyMethodDef keeps its C function (after `ml_name`). */
const METHOD_DEF_FUNCTION_OFFSET = 4;

/** The address of `_PyRuntime`'s trampoline pointer. */
function trampolineSlot(module: any): number {
  const offset =
    module.HEAP32[module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >>> 2];
  return (module.__PyRuntime + offset) >>> 2;
}

/**
 * This runtime's trampoline, read from a module that has started (its
 * pre-run wrote it) but not yet been given the snapshot's memory.
 */
export function readTrampoline(module: any): number {
  return module.HEAP32[trampolineSlot(module)];
}

/**
 * Re-make the runtime's choices in a restored interpreter. Returns why it
 * could not (the restore is then not used), or null.
 */
export function remakeRuntimeChoices(
  pyodide: any,
  trampoline: number
): string | null {
  const module = pyodide._module;
  module.HEAP32[trampolineSlot(module)] = trampoline;
  return module.jspiSupported ? enableRunSync(pyodide) : null;
}

/** Point `run_sync`'s method at the real C function. */
function enableRunSync(pyodide: any): string | null {
  const module = pyodide._module;
  const real = module.getFunctionAddress(module._run_sync);
  const stub = module.getFunctionAddress(module._run_sync_not_supported);
  const cfunction = pyodide.runPython(
    'import _pyodide_core; id(_pyodide_core.run_sync)'
  );
  const heap: Uint32Array = module.HEAPU32;
  const def = heap[(cfunction + CFUNCTION_DEF_OFFSET) >>> 2];
  if (!real || !stub || module.UTF8ToString(heap[def >>> 2]) !== 'run_sync') {
    return 'run_sync was not found where this Pyodide keeps it';
  }
  const slot = (def + METHOD_DEF_FUNCTION_OFFSET) >>> 2;
  if (heap[slot] === stub) {
    heap[slot] = real;
  } else if (heap[slot] !== real) {
    return 'run_sync points to an unknown function';
  }
  return null;
}
