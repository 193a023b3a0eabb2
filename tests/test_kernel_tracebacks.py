"""A traceback of thousands of frames is cut short before it is formatted, and
its frames are freed deepest first (browsergrad._kernel.tracebacks)."""

import sys
import traceback

import pytest

from browsergrad._kernel import tracebacks


def _deep_error(depth: int) -> RecursionError:
    def down(n: int) -> int:
        return down(n + 1)

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth)
    try:
        down(0)
    except RecursionError as error:
        return error
    finally:
        sys.setrecursionlimit(old)
    raise AssertionError("no RecursionError")


def _entries(error: BaseException) -> int:
    count, tb = 0, error.__traceback__
    while tb is not None:
        count, tb = count + 1, tb.tb_next
    return count


@pytest.fixture(autouse=True)
def _empty_frames():
    tracebacks._frames.clear()
    yield
    tracebacks._frames.clear()


def test_a_long_traceback_keeps_its_first_and_last_frames_and_says_how_many_left_out():
    error = _deep_error(3000)
    total = _entries(error)
    assert total > 2000
    tracebacks.shorten(error)
    assert _entries(error) == tracebacks.HEAD + tracebacks.TAIL
    left_out = total - tracebacks.HEAD - tracebacks.TAIL
    assert error.__notes__ == [
        f"[{left_out:,} more frames left out: this traceback of {total:,} frames "
        f"shows the first {tracebacks.HEAD} and the last {tracebacks.TAIL}]"
    ]
    text = "".join(traceback.format_exception(error))
    assert "in _deep_error" in text  # the first frames
    assert text.rstrip().endswith("last 10]")
    # Shortening again changes nothing.
    tracebacks.shorten(error)
    assert len(error.__notes__) == 1


def test_a_short_traceback_is_left_alone():
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError as error:
        tracebacks.shorten(error)
        assert not hasattr(error, "__notes__")
        assert tracebacks._frames == []


def test_chained_errors_are_cut_too():
    inner = _deep_error(3000)
    try:
        raise ValueError("outer") from inner
    except ValueError as error:
        outer = error
    tracebacks.shorten(outer)
    assert _entries(inner) == tracebacks.HEAD + tracebacks.TAIL


def test_the_frames_are_freed_once_nothing_else_holds_them():
    error = _deep_error(3000)
    tracebacks.shorten(error)
    held = tracebacks.release()
    assert held > 0  # the error still holds its frames
    tracebacks.forget_tail(error)
    assert _entries(error) == tracebacks.HEAD
    del error
    assert tracebacks.release() == 0


def test_the_frames_are_freed_in_slices_on_the_event_loop(monkeypatch):
    import asyncio

    monkeypatch.setattr(tracebacks, "RELEASE_SLICE", 100)
    error = _deep_error(3000)
    tracebacks.shorten(error)
    tracebacks.forget_tail(error)
    del error
    loop = asyncio.new_event_loop()
    try:
        tracebacks.release_soon(loop)
        loop.run_until_complete(asyncio.sleep(0.05))
    finally:
        loop.close()
    assert tracebacks._frames == []
