"""``time.sleep`` in the kernel, made to end at once on Stop or a time limit.

- With the shared interrupt buffer, it waits on the buffer (``Atomics.wait``),
  so a signal wakes it and the handler raises at the next bytecode.
- Without it, where the runtime has JSPI, it suspends Python on a future
  (``run_sync``) and the worker stays free: Stop reaches ``interrupt_sync_wait``,
  which raises the signal's error at the ``time.sleep`` line.
- Otherwise it is Pyodide's own sleep (a busy wait Stop cannot end).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

#: Longest single wait of ``time.sleep`` (seconds), so clock changes are caught.
_SLEEP_SLICE = 1.0
#: The sleeps suspended with JSPI, innermost last.
_sync_waits: list[asyncio.Future] = []


def _checked(secs: object) -> float | None:
    """The seconds to sleep; None when the real sleep should raise its error."""
    if not isinstance(secs, (int, float)):
        return None
    if secs < 0 or math.isnan(secs):
        raise ValueError("sleep length must be non-negative")
    return float(secs)


def on_buffer(wait: Callable[[float], object]) -> Callable[[float], None]:
    """A sleep that waits with ``wait(milliseconds)``, which a signal ends early."""
    real_sleep = time.sleep

    def sleep(secs: float, /) -> None:
        if (seconds := _checked(secs)) is None:
            return real_sleep(secs)  # the standard TypeError
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            # Returns early on a signal; the handler runs at the next bytecode.
            wait(min(left, _SLEEP_SLICE) * 1000)

    return _named(sleep, real_sleep)


def suspending() -> Callable[[float], None]:
    """A sleep that suspends Python with JSPI when it can, so Stop can end it."""
    pyodide_sleep = time.sleep
    from pyodide import webloop
    from pyodide.ffi import can_run_sync, run_sync

    c_sleep = getattr(webloop, "_orig_sleep", pyodide_sleep)

    def sleep(secs: float, /) -> None:
        if (seconds := _checked(secs)) is None:
            return c_sleep(secs)  # the standard TypeError
        if not can_run_sync():
            return pyodide_sleep(seconds)
        loop = asyncio.get_event_loop()
        done = loop.create_future()
        timer = loop.call_later(seconds, _settle, done)
        _sync_waits.append(done)
        try:
            run_sync(done)
        finally:
            timer.cancel()
            _sync_waits.remove(done)

    return _named(sleep, pyodide_sleep)


def interrupt_sync_wait(error: BaseException) -> bool:
    """Raise ``error`` in the innermost suspended sleep; False when there is none."""
    for done in reversed(_sync_waits):
        if not done.done():
            done.set_exception(error)
            return True
    return False


def _settle(done: asyncio.Future) -> None:
    if not done.done():
        done.set_result(None)


def _named(sleep: Callable[[float], None], real_sleep: Callable) -> Callable[[float], None]:
    sleep.__doc__ = real_sleep.__doc__
    sleep.__name__ = "sleep"
    return sleep
