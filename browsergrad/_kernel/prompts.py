"""``input()`` and ``getpass()`` in the kernel.

The worker's ``ask(prompt, password)`` blocks until the notebook answers with
the typed text, or until Stop or a time limit cancels the prompt: then it
returns that signal's number, and the cell gets the signal's error right at
the prompt, as Python in a terminal does with Ctrl+C, and keeps its state.
"""

from __future__ import annotations

from collections.abc import Callable

from . import signals


def prompt_reader(ask: Callable[[str, bool], object], password: bool) -> Callable[..., str]:
    """A replacement for ``input`` (or ``getpass.getpass``) that asks with ``ask``."""

    def read(prompt: object = "", stream: object = None) -> str:
        answer = ask(str(prompt), password)
        if isinstance(answer, str):
            return answer
        signals.raise_cancelled(int(answer))  # type: ignore[call-overload]
        raise AssertionError("unreachable")  # pragma: no cover

    read.__name__ = "getpass" if password else "input"
    return read
