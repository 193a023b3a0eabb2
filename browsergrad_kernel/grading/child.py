"""The grading process: runs one submission's code cells, then the rubric, in a fresh CPython.

Started by the grader (``runner.py``) with ``python -I``, its working folder a temporary copy
of the lab. It reads one job from stdin (the sources, never a path to them), then reports on a
pipe, one JSON line per message:

- ``{"kind": "start", "cell_id": ...}`` when a cell starts (``cell_id`` is the cell's position
  in the job; ``name``, its notebook id, names it in tracebacks);
- ``{"kind": "event", "cell_id": ..., "event": {...}}`` for each browsergrad event, as it is made;
- ``{"kind": "end", "cell_id": ..., "status": "ok" | "error" | "timeout", "duration_ms": ...,
  "error": {"exc_type", "message", "traceback"} | null}`` when it ends;
- ``{"kind": "done"}`` after the last cell.

A cell past its time limit is interrupted by SIGALRM (as Stop interrupts the browser kernel)
and the next cell runs; the grader kills the process if that does not stop it. This module
imports nothing from the grader, so a submission cannot reach the grader's own state.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import inspect
import json
import linecache
import os
import signal
import sys
import time
import traceback
import types


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


def _display(*objects: object, **_: object) -> None:
    """Headless stand-in for IPython's ``display``: print each object's repr."""
    for obj in objects:
        print(repr(obj))


def _namespace() -> dict:
    """A fresh ``__main__`` for the submission, as a notebook has."""
    main = types.ModuleType("__main__")
    main.__dict__.update(__builtins__=builtins, display=_display)
    sys.modules["__main__"] = main
    return main.__dict__


def _compile(name: str, source: str) -> types.CodeType:
    filename = f"<cell {name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        return compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except SyntaxError as err:
        lines = [line.lstrip() for line in source.splitlines()]
        if any(line.startswith(("%", "!")) for line in lines):
            err.msg += " (IPython magics and !shell lines do not run in headless grading)"
        raise


def _error(exc: BaseException, limit: float) -> tuple[str, dict]:
    """The status of a cell that raised, and what to report of the exception."""
    # Leave out this module's frames: the student's traceback starts in their cell.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    status, message = "error", str(exc)
    if isinstance(exc, TimeLimit):
        status, message = "timeout", f"stopped at the cell's time limit of {limit:g} s"
    elif isinstance(exc, SystemExit):
        message = f"the cell called sys.exit({exc.code!r})"
    return status, {
        "exc_type": type(exc).__qualname__,
        "message": message,
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb)),
    }


def _run(code: types.CodeType, namespace: dict, loop: asyncio.AbstractEventLoop) -> None:
    result = eval(code, namespace)
    if inspect.iscoroutine(result):
        loop.run_until_complete(result)


def _on_alarm(signum: int, frame: object) -> None:
    raise TimeLimit


def main() -> None:
    job = json.loads(sys.stdin.read())
    # input() then ends at once (EOFError) instead of waiting for a reader that never comes.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)

    channel = Channel(job["channel_fd"])
    sys.argv = [job.get("argv0", "")]
    sys.path.insert(0, os.getcwd())
    namespace = _namespace()
    loop = asyncio.new_event_loop()
    current = {"cell_id": None}

    import browsergrad.collector as collector

    keep = collector.add

    def add(event: dict) -> None:
        keep(event)
        channel.send({"kind": "event", "cell_id": current["cell_id"], "event": event})

    collector.add = add
    signal.signal(signal.SIGALRM, _on_alarm)
    limit = float(job["cell_timeout"])

    for cell in job["cells"]:
        cell_id = cell["cell_id"]
        current["cell_id"] = cell_id
        channel.send({"kind": "start", "cell_id": cell_id})
        started = time.perf_counter()
        status, error = "ok", None
        try:
            code = _compile(cell["name"], cell["source"])
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                _run(code, namespace, loop)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except BaseException as exc:
            status, error = _error(exc, limit)
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
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip atexit handlers and threads the submission may have left running.
    os._exit(0)
