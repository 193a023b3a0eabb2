"""The score of a results document: the one function that turns a ``results.v1`` document
into points and a maximum (docs/grading.md). The browser's twin is
``labextension/src/results/score.ts``; both give the same numbers for the same document.

Rules:

- a check is worth its event's ``points`` (1 when absent); a pass scores them, a fail or an
  error scores 0;
- checks are grouped by ``question`` (a check without one is a question of its own, named
  as the check); a question's maximum is the sum of its checks' points and its score the
  sum of what they scored, or, when it is all-or-nothing, its maximum only if every check
  passed and 0 otherwise;
- when the document has rubric cells (``kind`` ``rubric``: "Check my work" or the grader),
  only their checks count, so a check a student writes in a notebook cell scores nothing;
- a question is hidden when all of its checks come from a hidden rubric.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any


def _counted(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """The assertion events that count towards the score, each with its cell."""
    cells = doc.get("cells", [])
    rubric_only = any(cell.get("kind") == "rubric" for cell in cells)
    for cell in cells:
        if rubric_only and cell.get("kind") != "rubric":
            continue
        for event in cell.get("events", []):
            if event.get("type") == "assertion":
                yield cell, event


def check_points(event: dict[str, Any]) -> float:
    """What one check is worth."""
    points = event.get("points")
    ok = isinstance(points, int | float) and not isinstance(points, bool)
    return points if ok and math.isfinite(points) and points >= 0 else 1


def score(doc: dict[str, Any]) -> dict[str, Any]:
    """``{"points", "max", "questions"}`` of a document (the ``score`` block of
    ``results.v1``); each question has its ``name``, ``points``, ``max``, how many
    ``checks`` and how many ``passed``, ``all_or_nothing`` and ``hidden``."""
    questions: dict[str, dict[str, Any]] = {}
    for cell, event in _counted(doc):
        key = question_of(event)
        entry = questions.get(key)
        if entry is None:
            entry = questions[key] = {
                "name": key,
                "points": 0,
                "max": 0,
                "checks": 0,
                "passed": 0,
                "all_or_nothing": False,
                "hidden": True,
            }
        worth = check_points(event)
        entry["max"] += worth
        entry["checks"] += 1
        if event.get("status") == "pass":
            entry["passed"] += 1
            entry["points"] += worth
        if event.get("all_or_nothing") is True:
            entry["all_or_nothing"] = True
        if cell.get("hidden") is not True:
            entry["hidden"] = False
    total = maximum = 0
    for entry in questions.values():
        if entry["all_or_nothing"] and entry["passed"] < entry["checks"]:
            entry["points"] = 0
        total += entry["points"]
        maximum += entry["max"]
    return {"points": total, "max": maximum, "questions": list(questions.values())}


def check_score(event: dict[str, Any], question: dict[str, Any]) -> float:
    """What one check scored, inside its question's result (0 in an all-or-nothing
    question that did not pass whole)."""
    if event.get("status") != "pass":
        return 0
    if question["all_or_nothing"] and question["passed"] < question["checks"]:
        return 0
    return check_points(event)


def question_of(event: dict[str, Any]) -> str:
    """The name of the question a check counts towards."""
    return event.get("question") or event.get("name") or ""


def counted_checks(doc: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The checks that count towards the score, each with its cell, in order."""
    return list(_counted(doc))
