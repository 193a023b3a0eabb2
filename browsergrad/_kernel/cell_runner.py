"""Running one cell in the kernel: the cell's task, which Stop and time limits stop.

``run_cell`` starts the kernel's ``run(code)`` as an asyncio task and keeps it as
the running cell until it ends; ``signals`` reads ``running()`` to know what a
signal should stop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Protocol

from . import tracebacks


class Kernel(Protocol):
    def run(self, code: str) -> Awaitable[dict]: ...


@dataclass
class RunningCell:
    """The cell being run, and what the signal handler noted about it."""

    task: asyncio.Future
    time_limit: float | None
    #: ``time.monotonic()`` when a signal last stopped it
    stopped_at: float | None = None
    #: how often a signal was delivered again because the cell was not running Python
    rearms: int = 0


_running: RunningCell | None = None


def running() -> RunningCell | None:
    """The cell being run, or None between cells."""
    return _running


def run_cell(kernel: Kernel, code: str, time_limit: float | None = None) -> asyncio.Future:
    """Run one cell in the kernel, as the task that signals stop."""
    global _running
    task = asyncio.ensure_future(_guarded(kernel, code))
    _running = RunningCell(task, time_limit)

    def finished(done: asyncio.Future) -> None:
        global _running
        if _running is not None and _running.task is done:
            _running = None

    task.add_done_callback(finished)
    return task


async def _guarded(kernel: Kernel, code: str) -> dict:
    """The kernel's reply; a stop outside the cell's own code (while packages
    for its imports load, say) is an error reply too, not a failed task."""
    try:
        return await kernel.run(code)
    except (KeyboardInterrupt, TimeoutError) as error:
        tracebacks.shorten(error)
        ename = type(error).__name__
        evalue = str(error)
        line = f"{ename}: {evalue}" if evalue else ename
        return {"status": "error", "ename": ename, "evalue": evalue, "traceback": [line]}
    finally:
        # Frames of a deep traceback that was cut short, freed one by one
        # after the reply.
        tracebacks.release_soon()
