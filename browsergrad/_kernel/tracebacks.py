"""Tracebacks of thousands of frames: cut short before they are formatted, freed frame by frame.

A deep recursion (``sys.setrecursionlimit(10**6)``) ends with a traceback of up
to a million frames. In Pyodide, IPython formats one in ~0.1 ms (plain) to
~1 ms (with source, via stack_data) per frame, and IPython formats every error
twice (once to show it, once for the history); freeing such a traceback deallocates its
frames recursively and overflows the JavaScript stack from ~50,000 frames on, a
fatal error for the interpreter.

So before a traceback is formatted, ``shorten`` keeps its first ``HEAD`` and
last ``TAIL`` entries and says in a note how many were left out; the frames go
to a list that ``release`` frees deepest first, one at a time, once nothing
else holds them.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import traceback
from collections.abc import Iterator
from types import TracebackType

#: entries kept from the start and the end of a long traceback
HEAD = 10
TAIL = 10
#: a traceback with more entries than this is cut short
LONGEST = 50

#: said in place of a traceback whose formatting Stop interrupted
STOPPED_WHILE_FORMATTING = "(Stop interrupted the formatting of this error's traceback.)\n"

#: frames freed per turn of the event loop
RELEASE_SLICE = 20_000

#: frames of cut tracebacks, outermost first; ``release`` frees them from the end
_frames: list = []


def _chained(error: BaseException | None) -> Iterator[BaseException]:
    """``error`` and every error chained to it or grouped in it, each once."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend((current.__cause__, current.__context__))
        pending.extend(getattr(current, "exceptions", ()))


def shorten(error: BaseException | None) -> None:
    """Cut every long traceback of ``error`` and of the errors chained to it."""
    for current in _chained(error):
        _shorten_one(current)


def _shorten_one(error: BaseException) -> None:
    entries: list[TracebackType] = []
    tb = error.__traceback__
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    count = len(entries)
    if count <= LONGEST:
        return
    # Every frame holds the one that called it (f_back): keep them all here so
    # that none is freed as part of a chain.
    _frames.extend(entry.tb_frame for entry in entries)
    entries[HEAD - 1].tb_next = entries[count - TAIL]
    done = HEAD
    try:
        for done in range(HEAD, count - TAIL):
            entries[done].tb_next = None
    except BaseException:
        # Stopped half-way, the rest is unlinked anyway: a chain of entries
        # freed at once is as deep a recursion as a chain of frames.
        for index in range(done, count - TAIL):
            entries[index].tb_next = None
        raise
    error.add_note(
        f"[{count - HEAD - TAIL:,} more frames left out: this traceback of {count:,} "
        f"frames shows the first {HEAD} and the last {TAIL}]"
    )


def forget_tail(error: BaseException | None) -> None:
    """Once shown, a cut traceback keeps only its first entries (for ``%tb``), so
    that ``release`` can free the deep frames now rather than at the next error."""
    for current in _chained(error):
        notes = getattr(current, "__notes__", None) or ()
        if any(str(note).endswith(f"the last {TAIL}]") for note in notes):
            tb = current.__traceback__
            for _ in range(HEAD - 1):
                tb = tb.tb_next if tb is not None else None
            if tb is not None:
                tb.tb_next = None


def release() -> int:
    """Free the frames of cut tracebacks that nothing else holds, deepest first;
    returns how many are still held."""
    _pop_free(len(_frames))
    if len(_frames) > LONGEST:
        # IPython's formatter (stack_data) leaves reference cycles holding frames.
        gc.collect()
        _pop_free(len(_frames))
    return len(_frames)


def release_soon(loop=None) -> None:
    """``release`` in slices between the event loop's other work, so that the
    cell's reply (and the next cell) need not wait for a million frames."""
    if not _frames:
        return
    loop = loop or asyncio.get_event_loop()
    collected = False

    def step() -> None:
        nonlocal collected
        try:
            if _pop_free(RELEASE_SLICE):
                if collected or len(_frames) <= LONGEST:
                    return  # still held: the next cell's release tries again
                collected = True
                gc.collect()
            if _frames:
                loop.call_soon(step)
        except (KeyboardInterrupt, TimeoutError):
            loop.call_soon(step)  # a Stop between cells is not this code's to take

    loop.call_soon(step)


def _pop_free(most: int) -> bool:
    """Pop up to ``most`` frames; True when a held frame stopped it."""
    frames = _frames
    for _ in range(most):
        # 2: the list and getrefcount's own argument
        if not frames:
            return False
        if sys.getrefcount(frames[-1]) > 2:
            return True
        frames.pop()
    return False


def install(shell) -> None:
    """Cut long tracebacks before the shell formats them, and store the
    traceback it showed in its history instead of formatting it again."""
    formatter = shell.InteractiveTB
    structured = formatter.structured_traceback

    def structured_traceback(etype, evalue, etb=None, tb_offset=None, context=5):
        try:
            if isinstance(evalue, BaseException):
                shorten(evalue)
            return structured(etype, evalue, etb, tb_offset, context)
        except (KeyboardInterrupt, TimeoutError) as stop:
            if isinstance(stop, TimeoutError) and not hasattr(stop, "browsergrad_time_limit"):
                raise
            # Stop came while the error was formatted: show the error alone,
            # so that the cell still ends with it. The traceback is still cut
            # (a second Stop this soon is not raised): freed whole, it is fatal.
            if isinstance(evalue, BaseException):
                shorten(evalue)
            return [*traceback.format_exception_only(evalue), STOPPED_WHILE_FORMATTING]

    formatter.structured_traceback = structured_traceback
    for_storage = shell._format_exception_for_storage

    def format_for_storage(exception, filename=None, running_compiled_code=False):
        shown = getattr(shell, "_last_traceback", None)
        if shown is not None and shown.get("evalue") == str(exception):
            stored = {**shown, "ename": type(exception).__name__}
        else:
            stored = for_storage(exception, filename, running_compiled_code)
        forget_tail(exception)
        return stored

    shell._format_exception_for_storage = format_for_storage
