"""The collector: every event of the interpreter, in order, for headless grading.

Public for hosts (the grader): ``bg.events()`` and ``bg.clear()`` are this
module's; ``subscribe`` hears each event as it is made.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

_lock = threading.Lock()
_events: list[dict] = []
#: ``seq`` of the next event; it keeps counting across ``clear()``
_seq = itertools.count()
_listeners: list[Callable[[dict], object]] = []


def add(event: dict) -> None:
    """Number the event (its ``seq``), keep it, and hand it to each listener."""
    with _lock:
        event["seq"] = next(_seq)
        _events.append(event)
        listeners = list(_listeners)
    for listener in listeners:
        listener(event)


def subscribe(listener: Callable[[dict], object]) -> Callable[[], None]:
    """Call ``listener(event)`` for every event from now on (after it is kept; do
    not change it). Returns the function that unsubscribes."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


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
