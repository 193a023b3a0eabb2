"""The grading process: runs one submission's code cells, then the rubric, in a fresh CPython.

Started by the grader (``runner.py``) with ``python -I``, its working folder a temporary copy
of the lab. It reads one job from stdin (the sources, never a path to them), then reports on a
pipe, one JSON line per message:

- ``{"kind": "start", "cell_id": ...}`` when a cell starts (``cell_id`` is the cell's position
  in the job; ``name``, its notebook id, names it in tracebacks);
- ``{"kind": "event", "cell_id": ..., "event": {...}}`` for each browsergrad event, as it is made;
- ``{"kind": "note", "cell_id": ..., "text": ...}`` for IPython syntax the cell used that the
  grader skips (``%pip``, ``!cmd``; see ``shell.py``);
- ``{"kind": "end", "cell_id": ..., "status": "ok" | "error" | "timeout", "duration_ms": ...,
  "error": {"exc_type", "message", "traceback"} | null}`` when it ends;
- ``{"kind": "done"}`` after the last cell.

Cells run in an IPython shell, as in the browser kernel (``shell.py``). Each job cell carries
its ``time_limit`` in seconds (null: none) or a ``time_limit_error`` (the cell then fails with
that ValueError without running). A cell past its time limit is interrupted by SIGALRM (as
Stop interrupts the browser kernel) and the next cell runs; the grader kills the process if
that does not stop it. This module imports nothing from the grader (``shell.py`` neither), so
a submission cannot reach the grader's own state.
"""

from __future__ import annotations

import inspect
import json
import os
import signal
import sys
import time
import traceback

from .shell import GradingShell


class TimeLimit(BaseException):
    """Raised in a cell that ran past its time limit (a BaseException, like Ctrl-C, so a
    submission's ``except Exception`` does not swallow it)."""


class Channel:
    """JSON lines to the grader on an inherited pipe."""

    def __init__(self, fd: int) -> None:
        self._file = os.fdopen(fd, "w", encoding="utf-8", buffering=1)

    def send(self, message: dict) -> None:
        self._file.write(json.dumps(message, separators=(",", ":")) + "\n")
        self._file.flush()


#: this process's own files, left out of a cell's traceback
_OURS = (__file__, inspect.getfile(GradingShell))


def _cell_frames(te: traceback.TracebackException) -> None:
    """Keep the frames from the cell's own on, without this process's (in place)."""
    frames = list(te.stack)
    first = next((i for i, f in enumerate(frames) if f.filename.startswith("<cell ")), 0)
    kept = [f for f in frames[first:] if f.filename not in _OURS]
    te.stack = traceback.StackSummary.from_list(kept)
    for chained in (te.__cause__, te.__context__):
        if chained is not None:
            _cell_frames(chained)


def _traceback(exc: BaseException) -> str:
    if type(exc).__name__ == "UsageError":  # a bad magic: one line, as IPython shows it
        return f"UsageError: {exc}\n"
    te = traceback.TracebackException.from_exception(exc)
    _cell_frames(te)
    return "".join(te.format())


def _error(exc: BaseException, limit: float | None) -> tuple[str, dict]:
    """The status of a cell that raised, and what to report of the exception."""
    status, message = "error", str(exc)
    if isinstance(exc, TimeLimit):
        status, message = "timeout", f"stopped at the cell's time limit of {limit:g} s"
    elif isinstance(exc, SystemExit):
        message = f"the cell called sys.exit({exc.code!r})"
    return status, {
        "exc_type": type(exc).__qualname__,
        "message": message,
        "traceback": _traceback(exc),
    }


def _on_alarm(signum: int, frame: object) -> None:
    raise TimeLimit


def _run(shell: GradingShell, cell: dict) -> BaseException | None:
    """Run one job cell under its time limit; the exception it ended with, or None."""
    if cell.get("time_limit_error"):
        return ValueError(cell["time_limit_error"])
    limit = cell.get("time_limit")
    try:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return shell.run(cell["name"], cell["source"])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException as exc:  # the time limit, outside the cell's own code
        return exc


def main() -> None:
    job = json.loads(sys.stdin.read())
    # input() then ends at once (EOFError) instead of waiting for a reader that never comes.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)

    channel = Channel(job["channel_fd"])
    sys.argv = [job.get("argv0", "")]
    sys.path.insert(0, os.getcwd())
    current = {"cell_id": None}

    def note(text: str) -> None:
        channel.send({"kind": "note", "cell_id": current["cell_id"], "text": text})

    shell = GradingShell(note)

    import browsergrad.collector

    browsergrad.collector.subscribe(
        lambda event: channel.send({"kind": "event", "cell_id": current["cell_id"], "event": event})
    )
    signal.signal(signal.SIGALRM, _on_alarm)

    for cell in job["cells"]:
        cell_id = cell["cell_id"]
        current["cell_id"] = cell_id
        channel.send({"kind": "start", "cell_id": cell_id})
        started = time.perf_counter()
        status, error = "ok", None
        exc = _run(shell, cell)
        if exc is not None:
            status, error = _error(exc, cell.get("time_limit"))
        sys.stdout.flush()  # the cell's output is in before the grader hears it ended
        sys.stderr.flush()
        channel.send(
            {
                "kind": "end",
                "cell_id": cell_id,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                "error": error,
            }
        )
    channel.send({"kind": "done"})
    # Skip atexit handlers and threads the submission may have left running.
    os._exit(0)
