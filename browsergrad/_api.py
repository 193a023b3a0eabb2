"""The calls that make events (the API of the browsergrad runtime's Python module).

Each call checks its arguments first (a bad one raises before anything is
recorded), then builds one event (schema v1, docs/events.md), hands it to the
collector and, inside IPython, to the cell's output.
"""

from __future__ import annotations

import time

from . import _config, _display, _images, _question, collector
from . import _validate as valid

_second = -1
_prefix = ""


def _now() -> str:
    """The current UTC time as ``2026-11-21T10:00:00.123Z``."""
    global _second, _prefix
    t = time.time()
    second = int(t)
    if second != _second:
        _prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        _second = second
    return f"{_prefix}.{int((t - second) * 1000):03d}Z"


def _emit(event: dict) -> None:
    collector.add(event)
    shell = _display.get_shell()
    if shell is not None:
        _display.show_event(shell, event)


def _assertion(
    name: str,
    status: str,
    message: str | None,
    duration_ms: float | None,
    points: float | None = None,
    question: str | None = None,
) -> dict:
    event = {
        "type": "assertion",
        "name": name,
        "timestamp": _now(),
        "seq": -1,
        "status": status,
        "message": message,
        "expected": None,
        "actual": None,
        "expected_repr": None,
        "actual_repr": None,
        "exc_type": None,
        "duration_ms": duration_ms,
    }
    _question.mark(event, points, question)
    return event


def _scoring(where: str, points: object, question: object) -> tuple[float | None, str | None]:
    """A check's ``points`` and ``question`` arguments, checked (docs/grading.md)."""
    if points is not None:
        points = valid.points(where, points)
    if question is not None:
        question = valid.question(where, question)
    return points, question  # type: ignore[return-value]


def assert_pass(
    name: str,
    duration_ms: float | None = None,
    *,
    points: float | None = None,
    question: str | None = None,
) -> None:
    """Record a check that passed; ``points`` is what it is worth (default 1) and
    ``question`` the question it counts towards (default: the enclosing ``bg.question``)."""
    if type(name) is not str:
        name = valid.name("assert_pass", name)
    if duration_ms is not None:
        duration_ms = valid.duration("assert_pass", duration_ms)
    if points is not None or question is not None:
        points, question = _scoring("assert_pass", points, question)
    _emit(_assertion(name, "pass", None, duration_ms, points, question))


def assert_fail(
    name: str,
    message: str | None,
    expected: object = None,
    actual: object = None,
    duration_ms: float | None = None,
    *,
    points: float | None = None,
    question: str | None = None,
) -> None:
    """Record a check that failed; ``expected``/``actual`` are kept as JSON when they
    are JSON, else as their ``repr()`` (``expected_repr``/``actual_repr``). ``points``
    and ``question`` are as for ``assert_pass``."""
    name = valid.name("assert_fail", name)
    message = valid.message("assert_fail", message)
    duration_ms = valid.duration("assert_fail", duration_ms)
    points, question = _scoring("assert_fail", points, question)
    event = _assertion(name, "fail", message, duration_ms, points, question)
    cap = _config.max_artifact_bytes()
    event["expected"], event["expected_repr"] = valid.compared(expected, cap)
    event["actual"], event["actual_repr"] = valid.compared(actual, cap)
    _emit(event)


def assert_error(
    name: str,
    message: str | None,
    exc: BaseException | None = None,
    duration_ms: float | None = None,
    *,
    points: float | None = None,
    question: str | None = None,
) -> None:
    """Record a check that could not run to its end: ``exc`` is the exception that
    stopped it (its type becomes ``exc_type``). ``points`` and ``question`` are as for
    ``assert_pass``."""
    name = valid.name("assert_error", name)
    message = valid.message("assert_error", message)
    if exc is not None and not isinstance(exc, BaseException):
        raise TypeError(
            "browsergrad.assert_error: exc must be an exception or None, "
            f"not {valid.type_name(exc)}"
        )
    duration_ms = valid.duration("assert_error", duration_ms)
    points, question = _scoring("assert_error", points, question)
    event = _assertion(name, "error", message, duration_ms, points, question)
    if exc is not None:
        event["exc_type"] = type(exc).__qualname__
    _emit(event)


def log(name: str, data: object, level: str = "info") -> None:
    """Record a log entry; ``data`` is any JSON value (e.g. a str)."""
    name = valid.name("log", name)
    level = valid.level("log", level)
    value, size, truncated = valid.payload("log", data, _config.max_artifact_bytes())
    _emit(
        {
            "type": "log",
            "name": name,
            "timestamp": _now(),
            "seq": -1,
            "level": level,
            "data": value,
            "size": size,
            "truncated": truncated,
        }
    )


def emit_json(name: str, data: object) -> None:
    """Record a JSON artifact (dicts with str keys, lists, str, numbers, bools, None)."""
    name = valid.name("emit_json", name)
    value, size, truncated = valid.payload("emit_json", data, _config.max_artifact_bytes())
    _emit(
        {
            "type": "json",
            "name": name,
            "timestamp": _now(),
            "seq": -1,
            "data": value,
            "size": size,
            "truncated": truncated,
        }
    )


def emit_image(name: str, mime: str, data_base64: str) -> None:
    """Record an image given as base64 text; inside IPython it is shown as its own
    output. The event keeps the image's name, type and size, not its bytes."""
    name = valid.name("emit_image", name)
    mime, size, native = _images.decode("emit_image", mime, data_base64)
    truncated = size > _config.max_artifact_bytes()
    event = {
        "type": "image",
        "name": name,
        "timestamp": _now(),
        "seq": -1,
        "mime": mime,
        "size": size,
        "truncated": truncated,
    }
    collector.add(event)
    shell = _display.get_shell()
    if shell is not None:
        _display.show_image(shell, event, None if truncated else native)
