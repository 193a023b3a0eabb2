"""Gradescope's autograder ``results.json`` from a ``results.v1`` document: one test per
check (``name``, ``score``, ``max_score``, ``visibility``, ``output``), the total as
``score``, and what went wrong running the submission as ``output``."""

from __future__ import annotations

import json
from typing import Any

from browsergrad.text import clean

from .checks import ScoredCheck, doc_score, number, scored_checks

#: Gradescope's visibility values
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
#: longest message or value in a test's output
LONG = 2000


def _output(check: ScoredCheck, details: bool) -> str:
    event = check.event
    status = event.get("status")
    lines = [f"{status}: {number(check.points)} of {number(check.max_points)} points"]
    if check.question["all_or_nothing"]:
        lines.append(f"{check.question['name']} scores only when all its checks pass")
    if not details:
        lines.append("(a hidden check: its details are not shown)")
        return "\n".join(lines)
    if event.get("message"):
        lines.append(clean(str(event["message"]), LONG))
    for side in ("expected", "actual"):
        shown = event.get(f"{side}_repr")
        if shown is None and event.get(side) is not None:
            shown = json.dumps(event[side], ensure_ascii=False)
        if shown is not None:
            lines.append(f"{side}: {clean(shown, LONG)}")
    return "\n".join(lines)


def _problems(doc: dict[str, Any], details: bool) -> str:
    lines = []
    for problem in doc.get("problems", []):
        hidden = problem.get("cell_id") == "hidden-rubric"
        message = clean(problem["message"]) if details or not hidden else "(details not shown)"
        lines.append(f"{problem['cell_id'] or 'submission'}: {problem['kind']}: {message}")
    return "\n".join(lines)


def gradescope_results(
    doc: dict[str, Any], hidden_details: bool = False, hidden_visibility: str = "after_published"
) -> dict[str, Any]:
    """The ``results.json`` of one submission. Hidden checks get ``hidden_visibility``;
    unless ``hidden_details``, their messages and values are left out."""
    if hidden_visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    tests = []
    for check in scored_checks(doc):
        details = hidden_details or not check.hidden
        tests.append(
            {
                "name": check.name,
                "score": check.points,
                "max_score": check.max_points,
                "visibility": hidden_visibility if check.hidden else "visible",
                "output": _output(check, details),
            }
        )
    result: dict[str, Any] = {"score": doc_score(doc)["points"], "tests": tests}
    problems = _problems(doc, hidden_details)
    if problems:
        result["output"] = problems
    return result
