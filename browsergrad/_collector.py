"""The collector: every event of the interpreter, in order, for headless grading."""

from __future__ import annotations

import itertools
import threading

_lock = threading.Lock()
_events: list[dict] = []
#: ``seq`` of the next event; it keeps counting across ``clear()``
_seq = itertools.count()


def add(event: dict) -> None:
    """Number the event (its ``seq``) and keep it."""
    with _lock:
        event["seq"] = next(_seq)
        _events.append(event)


def events() -> list[dict]:
    """Every event since the start (or the last ``clear()``), oldest first.

    The list and the event dicts are copies; nested ``data`` is shared, so do not
    change it.
    """
    with _lock:
        return [dict(event) for event in _events]


def clear() -> None:
    """Forget the collected events (outputs already shown stay as they are)."""
    with _lock:
        _events.clear()
