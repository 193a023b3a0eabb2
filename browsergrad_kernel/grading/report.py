"""Result files (the ``results.v1`` JSON, its JUnit XML, and the course exports of
``browsergrad_kernel/exports/``) and the summary table of a grading run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from browsergrad.text import clean
from browsergrad.text import line as text_line

from ..exports.checks import doc_score, number
from ..exports.feedback import feedback_html
from ..exports.gradebook import gradebook_csv
from ..exports.gradescope import gradescope_results
from ..results.document import assertions, overall_status
from ..results.junit import junit_xml

#: the class gradebook written when grading a folder
GRADEBOOK_CSV = "gradebook.csv"

_STYLE = {"pass": "green", "fail": "red", "error": "bold red"}


def write_result(
    doc: dict[str, Any],
    folder: Path,
    stem: str,
    hidden_details: bool = False,
    hidden_visibility: str = "after_published",
) -> list[Path]:
    """``<stem>.json``, ``<stem>.junit.xml`` (complete: for the instructor), and for the
    student ``<stem>.gradescope.json`` and ``<stem>.feedback.html``, which leave the hidden
    checks' details out unless ``hidden_details``."""
    folder.mkdir(parents=True, exist_ok=True)
    gradescope = gradescope_results(doc, hidden_details, hidden_visibility)
    files = {
        f"{stem}.json": json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
        f"{stem}.junit.xml": junit_xml(doc),
        f"{stem}.gradescope.json": json.dumps(gradescope, indent=2, ensure_ascii=False) + "\n",
        f"{stem}.feedback.html": feedback_html(doc, hidden_details),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def write_gradebook(docs: list[dict[str, Any]], folder: Path) -> Path:
    """``gradebook.csv`` in ``folder``: one row per document."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / GRADEBOOK_CSV
    path.write_text(gradebook_csv(docs), encoding="utf-8")
    return path


def _failed(doc: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(cell, event) for cell, event in assertions(doc) if event["status"] != "pass"]


def _first_issue(doc: dict[str, Any]) -> str:
    for problem in doc["problems"]:
        return _problem_text(problem)
    for _, event in _failed(doc):
        return text_line(event)
    return ""


def _problem_text(problem: dict[str, Any]) -> str:
    return (
        f"! [{problem['cell_id'] or 'submission'}] {problem['kind']}: {clean(problem['message'])}"
    )


def summary_table(docs: list[dict[str, Any]]) -> Table:
    """One row per submission. Every string from a submission goes in as plain ``Text``, so
    nothing in it is read as console markup."""
    table = Table(title="browsergrad grades", title_justify="left")
    table.add_column("submission", overflow="fold")
    table.add_column("result")
    table.add_column("score", justify="right")
    for column in ("pass", "fail", "error", "problems", "seconds"):
        table.add_column(column, justify="right")
    for doc in docs:
        counts = doc["counts"]
        status = overall_status(doc)
        table.add_row(
            Text(doc["notebook"]),
            Text(status, style=_STYLE[status]),
            Text(f"{number(doc_score(doc)['points'])}/{number(doc_score(doc)['max'])}"),
            *(Text(str(counts[key])) for key in ("pass", "fail", "error")),
            Text(str(len(doc["problems"]))),
            Text(f"{doc['duration_ms'] / 1000:.1f}"),
        )
    return table


def print_first_issues(console: Console, docs: list[dict[str, Any]]) -> None:
    """For each submission that did not pass, its first problem or failure."""
    for doc in docs:
        if overall_status(doc) != "pass":
            line = Text(f"{clean(doc['notebook'])}: ", style="bold")
            line.append(_first_issue(doc))
            console.print(line)


def print_details(console: Console, doc: dict[str, Any]) -> None:
    """Each failed or errored assertion (as the notebook's text output shows it, with its
    cell) and each problem of one submission, one per line."""
    for cell, event in _failed(doc):
        console.print(Text(f"[{cell['cell_id']}] {text_line(event)}"))
    for problem in doc["problems"]:
        console.print(Text(_problem_text(problem)))
