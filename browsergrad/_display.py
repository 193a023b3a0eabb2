"""Display data inside IPython (the kernel): one updating output per cell for the
events, one output per image. Outside IPython nothing is shown.

Throttle: the first event of a cell is shown at once; later ones are published
when at least ``INTERVAL`` seconds (more if publishing is slow) have passed since
the last publish, checked on each call; the rest is flushed when the cell ends
(``post_run_cell``). Cells run with top-level ``await`` do not get ``post_run_cell``
from IPython's ``run_cell_async``, so while an asyncio loop runs, a deferred event
also schedules one flush on that loop, and ``pre_run_cell`` flushes whatever the
previous cell left.
"""

from __future__ import annotations

import os
import sys
import time
import weakref

from . import text

EVENTS_MIME = "application/vnd.browsergrad.events.v1+json"
IMAGE_MIME = "application/vnd.browsergrad.image.v1+json"

#: shortest time between two publishes of one cell's events, in seconds
INTERVAL = 0.1
#: and at least this many times as long as the last publish took
SLOWDOWN = 4

monotonic = time.monotonic


def get_shell():
    """The running IPython shell, or None (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if get is not None else None


class CellOutput:
    """The events output of the current cell."""

    def __init__(self) -> None:
        self.shell = None
        self.hooked: weakref.WeakSet = weakref.WeakSet()
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        self.generation += 1
        self.events: list[dict] = []
        self.shown: list[str] = []
        self.display_id: str | None = None
        self.pending = False
        self.due = 0.0
        self.scheduled = False

    def add(self, shell, event: dict) -> None:
        if shell is not self.shell:
            self.attach(shell)
        self.events.append(event)
        if len(self.shown) < text.MAX_LINES:
            self.shown.append(text.line(event))
        self.pending = True
        if self.display_id is None or monotonic() >= self.due:
            self.publish()
        elif not self.scheduled:
            self.schedule()

    def attach(self, shell) -> None:
        """Follow ``shell``'s cells (hooking its events once)."""
        if shell not in self.hooked:
            shell.events.register("pre_run_cell", self.pre_run_cell)
            shell.events.register("post_run_cell", self.post_run_cell)
            self.hooked.add(shell)
        self.shell = shell
        self.reset()

    def bundle(self) -> dict:
        plain = text.lines(self.shown, len(self.events))
        return {EVENTS_MIME: {"events": list(self.events)}, "text/plain": plain}

    def publish(self) -> None:
        from IPython.display import display, update_display

        start = monotonic()
        if self.display_id is None:
            new_id = os.urandom(16).hex()
            display(self.bundle(), raw=True, display_id=new_id)
            self.display_id = new_id
        else:
            update_display(self.bundle(), raw=True, display_id=self.display_id)
        self.pending = False
        end = monotonic()
        self.due = end + max(INTERVAL, SLOWDOWN * (end - start))

    def flush(self) -> None:
        if self.pending:
            try:
                self.publish()
            except Exception as err:
                _warn(err)

    def schedule(self) -> None:
        """One flush on the running asyncio loop, if any, when the next publish is due."""
        asyncio = sys.modules.get("asyncio")
        if asyncio is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.scheduled = True
        loop.call_later(max(0.0, self.due - monotonic()), self.on_timer, self.generation)

    def on_timer(self, generation: int) -> None:
        if generation == self.generation:
            self.scheduled = False
            self.flush()

    def pre_run_cell(self, info=None) -> None:
        self.flush()
        self.reset()

    def post_run_cell(self, result=None) -> None:
        self.flush()
        self.reset()


cell = CellOutput()


def _warn(err: Exception) -> None:
    """A display that fails must not fail the caller: the event is collected anyway."""
    import warnings

    warnings.warn(f"browsergrad could not display an event: {err!r}", RuntimeWarning, 3)


def show_event(shell, event: dict) -> None:
    try:
        cell.add(shell, event)
    except Exception as err:
        _warn(err)


def show_image(shell, event: dict, native: str | None) -> None:
    """An image in its own output, with the native image key unless it was truncated."""
    bundle: dict = {IMAGE_MIME: event}
    if native is not None:
        bundle[event["mime"]] = native
    bundle["text/plain"] = text.image(event)
    try:
        from IPython.display import display

        display(bundle, raw=True)
    except Exception as err:
        _warn(err)
