"""A class gradebook as CSV: one row per submission, one column per question (in the order
they first appear), then the total, the maximum and the number of problems. A question a
submission has no score for (it never ran) is left empty. ``max`` is the class's: the
largest maximum of any submission, so one that did not run shows 0 of the lab's maximum.
A text that a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
import io
from typing import Any

from .checks import doc_score

#: first characters that make a spreadsheet cell a formula
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA) else value


def gradebook_csv(docs: list[dict[str, Any]]) -> str:
    """The gradebook of these documents, one row each, in their order."""
    columns: list[str] = []
    for doc in docs:
        for question in doc_score(doc)["questions"]:
            if question["name"] not in columns:
                columns.append(question["name"])
    class_max = max((doc_score(doc)["max"] for doc in docs), default=0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *(_text(c) for c in columns), "total", "max", "problems"])
    for doc in docs:
        score = doc_score(doc)
        mine = {q["name"]: q["points"] for q in score["questions"]}
        writer.writerow(
            [
                _text(doc["notebook"]),
                *(mine.get(column, "") for column in columns),
                score["points"],
                class_max,
                len(doc.get("problems", [])),
            ]
        )
    return out.getvalue()
