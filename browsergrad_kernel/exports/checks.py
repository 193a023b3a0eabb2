"""The scored checks of a document, as every export lists them: each check with its
question's result, what it scored, and whether its details may be shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..results.score import check_points, check_score, counted_checks, question_of, score


@dataclass(frozen=True)
class ScoredCheck:
    event: dict[str, Any]
    question: dict[str, Any]
    #: from the hidden rubric
    hidden: bool
    points: float
    max_points: float

    @property
    def name(self) -> str:
        """``question: check``, or the check's name when it is a question of its own."""
        check = str(self.event.get("name", ""))
        q = self.question["name"]
        return check if q == check else f"{q}: {check}"


def doc_score(doc: dict[str, Any]) -> dict[str, Any]:
    """The document's score, computed again from its checks: a document read from a file
    may lack its ``score`` block or have one edited by hand."""
    return score(doc)


def scored_checks(doc: dict[str, Any]) -> list[ScoredCheck]:
    questions = {q["name"]: q for q in doc_score(doc)["questions"]}
    checks = []
    for cell, event in counted_checks(doc):
        question = questions[question_of(event)]
        checks.append(
            ScoredCheck(
                event=event,
                question=question,
                hidden=cell.get("hidden") is True,
                points=check_score(event, question),
                max_points=check_points(event),
            )
        )
    return checks


def number(value: float) -> str:
    """A score as people write it: ``3``, ``1.5``."""
    return f"{value:g}" if isinstance(value, float) else str(value)
