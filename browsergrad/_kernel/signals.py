"""Stop and time-limit signals in the browsergrad kernel.

The main thread writes a signal number into Pyodide's interrupt buffer:
``STOP`` (SIGINT) for the Stop button, ``TIME_LIMIT`` (SIGALRM) when a cell
runs past its time limit. Python calls the handler installed here at the next
bytecode boundary:

- in the cell's own code it raises ``KeyboardInterrupt`` or ``TimeoutError``;
- while the cell awaits (``asyncio.sleep``, a JavaScript promise), the worker
  calls ``interrupt_waiting`` instead, which raises the same error at the await;
- ``time.sleep`` ends at once too (``sleep``).

Every handled signal is acknowledged, so the main thread knows that Python
answered and does not need to restart the worker. Which cell a signal stops is
the one ``cell_runner`` runs.
"""

from __future__ import annotations

import asyncio
import math
import os
import signal
import sys
import time
from collections.abc import Callable

from . import sleep, tracebacks
from .cell_runner import RunningCell, running

STOP = signal.SIGINT
TIME_LIMIT = signal.SIGALRM

#: How often a signal that lands outside a running cell is delivered again.
MAX_REARMS = 50
#: Marks the TimeoutError of a time limit (a cell's own TimeoutErrors lack it).
_OURS = "browsergrad_time_limit"
#: Where a prompt's signal is raised: here, and in ``prompts.read``.
_KERNEL_FILES = (__file__, os.path.join(os.path.dirname(__file__), "prompts.py"))
#: Where pyodide_kernel wraps the ``input`` it is given, in a lambda.
_INPUT_SHIM = "pyodide_kernel/interpreter.py"
#: A signal this soon after the cell was stopped is taken but not raised again,
#: so pressing Stop twice cannot break the first error's traceback.
REPEAT_WINDOW = 0.5


def _ignore(*args: object) -> None:
    return None


_acknowledge: Callable[[], object] = _ignore
_rearm: Callable[[int], object] = _ignore


def _repeated(cell: RunningCell) -> bool:
    return cell.stopped_at is not None and time.monotonic() - cell.stopped_at < REPEAT_WINDOW


def install(
    wait: Callable[[float], object] | None = None,
    acknowledge: Callable[[], object] | None = None,
    rearm: Callable[[int], object] | None = None,
) -> None:
    """Handle the two signals; make ``time.sleep`` use ``wait(milliseconds)``.

    ``wait`` returns early when the interrupt buffer is written (the worker
    uses ``Atomics.wait``); without it, ``time.sleep`` suspends with JSPI.
    ``acknowledge()`` tells the main thread that Python took a signal;
    ``rearm(signum)`` delivers a signal again a little later.
    """
    global _acknowledge, _rearm
    signal.signal(STOP, _on_signal)
    signal.signal(TIME_LIMIT, _on_signal)
    if acknowledge is not None:
        _acknowledge = acknowledge
    if rearm is not None:
        _rearm = rearm
    time.sleep = sleep.on_buffer(wait) if wait is not None else sleep.suspending()
    _plain_tracebacks_for_stops()


def _plain_tracebacks_for_stops() -> None:
    """Stop and time-limit errors get IPython's plain traceback: the default
    one reads the cell's source with stack_data, which takes 30-150 ms in
    Pyodide, most of the time from Stop to the error on screen."""
    shell_module = sys.modules.get("IPython.core.interactiveshell")
    if shell_module is None or not shell_module.InteractiveShell.initialized():
        return
    from IPython.core.ultratb import FormattedTB

    shell = shell_module.InteractiveShell.instance()
    plain = FormattedTB(mode="Plain", theme_name=shell.colors, tb_offset=1)

    def traceback(shell, etype, value, tb, tb_offset=None):
        if etype is KeyboardInterrupt or getattr(value, _OURS, False):
            tracebacks.shorten(value)
            stb = plain.structured_traceback(etype, value, _without_handler(value.__traceback__))
        else:
            stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        shell._showtraceback(etype, value, stb)  # the handler shows what it formats
        return stb

    shell.set_custom_exc((KeyboardInterrupt, TimeoutError), traceback)
    tracebacks.install(shell)


def interrupt_waiting(signum: int) -> bool:
    """Raise the signal's error where the running cell awaits.

    Returns False when no cell is waiting (it ended, or it runs Python and
    the buffer reaches it instead).
    """
    cell = running()
    if cell is None or cell.task.done():
        return False
    if not _repeated(cell):
        error = error_for(signum, cell)
        if not (sleep.interrupt_sync_wait(error) or _raise_at_await(cell.task, error)):
            return False
        cell.stopped_at = time.monotonic()
    _acknowledge()
    return True


def raise_cancelled(signum: int) -> None:
    """Raise the error of the signal that cancelled a prompt of the cell.

    Handled as a signal that reached the cell's code, acknowledged; a copy of
    it still in the interrupt buffer is then taken as a repeat.
    """
    _on_signal(signum, None)
    raise error_for(signum)  # a repeat, or the prompt was not the cell's own


def error_for(signum: int, cell: RunningCell | None = None) -> BaseException:
    """The exception that a signal raises in the cell."""
    cell = cell if cell is not None else running()
    if signum == TIME_LIMIT:
        limit = cell.time_limit if cell is not None else None
        named = f" of {format_seconds(limit)}" if limit is not None else ""
        error = TimeoutError(f"The cell ran past its time limit{named} and was stopped.")
        setattr(error, _OURS, True)
        return error
    return KeyboardInterrupt()


def format_seconds(seconds: float) -> str:
    """``2`` -> ``2 s``, ``0.25`` -> ``0.25 s``, ``90`` -> ``90 s``."""
    text = f"{seconds:g}" if math.isfinite(seconds) else str(seconds)
    return f"{text} s"


def _on_signal(signum: int, frame: object) -> None:
    cell = running()
    if cell is None or cell.task.done():
        _acknowledge()
        raise error_for(signum)
    if _repeated(cell):
        _acknowledge()
        return
    error = error_for(signum, cell)
    if _current_task() is not cell.task:
        # Some other Python (the event loop, a callback, a completion) runs:
        # the cell stops, not the bystander. A cell that is about to resume
        # gets the signal again once it runs; unanswered, the main thread
        # restarts the worker after its grace period.
        if _raise_at_await(cell.task, error):
            cell.stopped_at = time.monotonic()
            _acknowledge()
        elif cell.rearms < MAX_REARMS:
            cell.rearms += 1
            _rearm(signum)
        return
    cell.stopped_at = time.monotonic()
    _acknowledge()
    raise error


def _kernel_frame(tb) -> bool:
    """Whether the frame is the kernel's own: this module's, a prompt's
    (``input`` is a builtin in Python, so the cell's line comes last)."""
    filename = tb.tb_frame.f_code.co_filename
    return filename in _KERNEL_FILES or filename.endswith(_INPUT_SHIM)


def _without_handler(tb):
    """The traceback up to the frame the signal stopped, not the kernel's."""
    first = tb
    while tb is not None and tb.tb_next is not None:
        if _kernel_frame(tb.tb_next):
            tb.tb_next = None
            break
        tb = tb.tb_next
    return first


def _current_task() -> asyncio.Future | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


def _raise_at_await(task: asyncio.Future, error: BaseException) -> bool:
    waiter = getattr(task, "_fut_waiter", None)
    while isinstance(waiter, asyncio.Task):
        waiter = getattr(waiter, "_fut_waiter", None)
    if waiter is None or waiter.done():
        return False
    waiter.set_exception(error)
    return True
