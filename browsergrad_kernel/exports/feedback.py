"""A feedback page for one student: a single HTML file, readable offline (no script, no
link, its style inline), listing the score, each question and each check with its
message and the difference between expected and actual values.

Every string from a document (names, messages, values, file names) goes through
``html.escape``: nothing a submission or a rubric prints can become markup.
"""

from __future__ import annotations

import difflib
import json
from html import escape
from typing import Any

from .checks import ScoredCheck, doc_score, number, scored_checks

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
  padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.score { font-size: 1.2rem; font-weight: 600; }
.check { border-left: 4px solid #999; padding: .3rem .8rem; margin: .6rem 0; }
.pass { border-color: #1a7f37; } .fail { border-color: #cf222e; } .error { border-color: #8250df; }
.status { font-weight: 600; text-transform: uppercase; font-size: .8rem; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
.add { color: #1a7f37; } .del { color: #cf222e; } .note { color: #57606a; }
"""

#: longest value or message shown (the JSON result has all of it)
LIMIT = 20_000


def _shown(event: dict[str, Any], side: str) -> str | None:
    text = event.get(f"{side}_repr")
    if text is None and event.get(side) is not None:
        text = json.dumps(event[side], ensure_ascii=False, indent=2, sort_keys=True)
    return None if text is None else str(text)[:LIMIT]


def _diff(event: dict[str, Any]) -> str:
    expected, actual = _shown(event, "expected"), _shown(event, "actual")
    if expected is None and actual is None:
        return ""
    rows = []
    lines = difflib.unified_diff(
        (expected or "").splitlines(), (actual or "").splitlines(), "expected", "actual", n=3
    )
    for line in lines:
        kind = "add" if line.startswith("+") else "del" if line.startswith("-") else ""
        rows.append(f'<span class="{kind}">{escape(line)}</span>' if kind else escape(line))
    return "<pre>" + "\n".join(rows) + "</pre>"


def _check(check: ScoredCheck, details: bool) -> str:
    event = check.event
    status = str(event.get("status"))
    parts = [
        f'<div class="check {escape(status)}">',
        f'<span class="status">{escape(status)}</span> ',
        f"<strong>{escape(str(event.get('name', '')))}</strong> ",
        f"({number(check.points)} of {number(check.max_points)} points)",
    ]
    if not details:
        parts.append('<p class="note">A hidden check: its details are not shown.</p>')
    elif status != "pass":
        if event.get("message"):
            parts.append(f"<p>{escape(str(event['message'])[:LIMIT])}</p>")
        parts.append(_diff(event))
    parts.append("</div>")
    return "".join(parts)


def _problems(doc: dict[str, Any], details: bool) -> list[str]:
    items = []
    for problem in doc.get("problems", []):
        hidden = problem.get("cell_id") == "hidden-rubric"
        where = escape(str(problem.get("cell_id") or "the notebook"))
        text = escape(str(problem["message"])[:LIMIT]) if details or not hidden else "(hidden)"
        items.append(f"<li>{escape(problem['kind'])} in {where}: {text}</li>")
    if not items:
        return []
    return ["<h2>What went wrong running the notebook</h2>", "<ul>", *items, "</ul>"]


def feedback_html(doc: dict[str, Any], hidden_details: bool = False) -> str:
    """The feedback page of one graded notebook. Unless ``hidden_details``, the hidden
    checks show their status and points only."""
    score = doc_score(doc)
    lab = doc.get("lab") or {}
    title = f"Feedback: {doc['notebook']}"
    body = [
        f"<h1>{escape(title)}</h1>",
        f"<p>Lab {escape(str(lab.get('id', '?')))} {escape(str(lab.get('version', '')))}, "
        f"graded {escape(str(doc.get('created', '')))}</p>",
        f'<p class="score">Score: {number(score["points"])} of {number(score["max"])}</p>',
    ]
    checks = scored_checks(doc)
    for question in score["questions"]:
        mine = [c for c in checks if c.question["name"] == question["name"]]
        rule = " (all or nothing)" if question["all_or_nothing"] else ""
        body.append(
            f"<h2>{escape(question['name'])}: {number(question['points'])} of "
            f"{number(question['max'])}{escape(rule)}</h2>"
        )
        body += [_check(check, hidden_details or not check.hidden) for check in mine]
    body += _problems(doc, hidden_details)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
