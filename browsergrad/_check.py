"""Checks written as code: ``check(name)`` around a block or a function,
``assert_equal`` inside it, and ``check_equal`` for a one-line comparison."""

from __future__ import annotations

import functools
import time

from . import _api
from . import _validate as valid

#: ``co_flags`` bit of ``async def`` functions (inspect.CO_COROUTINE)
_CO_COROUTINE = 0x80
#: longest repr in an ``assert_equal`` message
_SHORT = 200


class NotEqualError(AssertionError):
    """Raised by ``assert_equal``; carries the compared values."""

    def __init__(self, actual: object, expected: object, msg: str | None = None) -> None:
        self.actual = actual
        self.expected = expected
        self.msg = msg
        shown = valid.safe_repr(expected, _SHORT), valid.safe_repr(actual, _SHORT)
        what = "expected {}, got {}".format(*shown)
        super().__init__(f"{msg}: {what}" if msg else what)


def assert_equal(actual: object, expected: object, msg: str | None = None) -> None:
    """Raise ``NotEqualError`` unless ``actual == expected``."""
    __tracebackhide__ = True  # pytest shows the caller's line
    if msg is not None:
        msg = valid.name("assert_equal", msg, "msg")
    if not actual == expected:
        raise NotEqualError(actual, expected, msg)


def check_equal(
    name: str,
    actual: object,
    expected: object,
    *,
    points: float | None = None,
    question: str | None = None,
) -> bool:
    """Record a pass if ``actual == expected``, else a fail (an error if comparing
    raised); return whether it passed. ``points`` and ``question`` are as for
    ``assert_pass``."""
    name = valid.name("check_equal", name)
    points, question = _api._scoring("check_equal", points, question)
    scoring = {"points": points, "question": question}
    try:
        equal = bool(actual == expected)
    except Exception as exc:
        _api.assert_error(name, _text_of(exc), exc=exc, **scoring)
        return False
    if equal:
        _api.assert_pass(name, **scoring)
    else:
        _api.assert_fail(name, "not equal", expected=expected, actual=actual, **scoring)
    return equal


def _text_of(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return valid.safe_repr(exc)


def _failed_line(tb) -> str:
    """``assert failed: <source line>`` for the innermost frame of a traceback."""
    import linecache

    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "assert failed"
    filename = tb.tb_frame.f_code.co_filename
    source = linecache.getline(filename, tb.tb_lineno, tb.tb_frame.f_globals).strip()
    return f"assert failed: {source}" if source else "assert failed"


class check:
    """Time a block (``with bg.check(name):``) or each call of a function
    (``@bg.check(name)``) and record how it ended: a pass; a fail for an
    ``AssertionError`` (with expected/actual from ``assert_equal``); an error for any
    other exception. The exception stops there, so later checks still run; only
    exceptions that are not ``Exception``s (``KeyboardInterrupt``, ``SystemExit``)
    go on. A decorated function returns None when its check did not pass.
    ``points`` and ``question`` are as for ``assert_pass``.
    """

    __slots__ = ("_start", "name", "points", "question")

    def __init__(
        self, name: str, *, points: float | None = None, question: str | None = None
    ) -> None:
        self.name = valid.name("check", name)
        self.points, self.question = _api._scoring("check", points, question)
        self._start = 0.0

    def __enter__(self) -> check:
        self._start = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        ms = round((time.perf_counter() - self._start) * 1000, 3)
        scoring = {"points": self.points, "question": self.question}
        if exc_type is None:
            _api.assert_pass(self.name, duration_ms=ms, **scoring)
            return False
        if not issubclass(exc_type, Exception):
            return False
        if isinstance(exc, NotEqualError):
            message = exc.msg or "not equal"
            _api.assert_fail(
                self.name, message, exc.expected, exc.actual, duration_ms=ms, **scoring
            )
        elif isinstance(exc, AssertionError):
            message = _text_of(exc) or _failed_line(tb)
            _api.assert_fail(self.name, message, duration_ms=ms, **scoring)
        else:
            _api.assert_error(self.name, _text_of(exc), exc=exc, duration_ms=ms, **scoring)
        return True

    def __call__(self, func):
        if not callable(func):
            raise TypeError(f"browsergrad.check: decorates a function, not {valid.type_name(func)}")
        name = self.name
        scoring = {"points": self.points, "question": self.question}
        code = getattr(func, "__code__", None)
        if code is not None and code.co_flags & _CO_COROUTINE:

            @functools.wraps(func)
            async def run_async(*args, **kwargs):
                with check(name, **scoring):
                    return await func(*args, **kwargs)

            return run_async

        @functools.wraps(func)
        def run(*args, **kwargs):
            with check(name, **scoring):
                return func(*args, **kwargs)

        return run
