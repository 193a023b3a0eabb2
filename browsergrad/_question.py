"""Questions: ``with bg.question(name):`` groups the checks made inside it into one
question of the score (docs/grading.md); ``all_or_nothing=True`` scores the question only
when every one of its checks passed. Each check's event carries its question's name."""

from __future__ import annotations

from . import _validate as valid


class _Open:
    """The questions being made, innermost last (a question inside another is its own)."""

    def __init__(self) -> None:
        self.stack: list[question] = []


_open = _Open()


def current() -> question | None:
    return _open.stack[-1] if _open.stack else None


def mark(event: dict, points: float | None, name: str | None) -> None:
    """Put a check's points and question on its event (only what is set, so an event
    without them stays as it was before points existed)."""
    if points is not None:
        event["points"] = points
    block = current()
    if name is None and block is not None:
        name = block.name
    if name is not None:
        event["question"] = name
        if block is not None and block.name == name:
            block.checks += 1
            if block.all_or_nothing:
                event["all_or_nothing"] = True


class question:
    """Group the checks made inside ``with bg.question(name):`` into one question.

    A question that made no check is a mistake of the rubric: leaving the block then
    raises ``ValueError`` (unless an exception is already on its way out).
    """

    __slots__ = ("all_or_nothing", "checks", "name")

    def __init__(self, name: str, *, all_or_nothing: bool = False) -> None:
        self.name = valid.question("question", name, "name")
        if type(all_or_nothing) is not bool:
            raise TypeError(
                "browsergrad.question: all_or_nothing must be True or False, "
                f"not {valid.type_name(all_or_nothing)}"
            )
        self.all_or_nothing = all_or_nothing
        self.checks = 0

    def __enter__(self) -> question:
        self.checks = 0
        _open.stack.append(self)
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self in _open.stack:
            _open.stack.remove(self)
        if exc_type is None and self.checks == 0:
            raise ValueError(f"browsergrad.question: the question {self.name!r} made no checks")
        return False
