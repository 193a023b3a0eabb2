"""Browser vs re-grade: what the student's browser showed (the outputs saved in the notebook,
or a donated ``results.v1``) against the re-grade, check by check, and the saved results that
could not have come from a run (edited by hand).

Nothing here changes a grade: the re-grade is the grade. The comparison is a second file,
``<name>.browser.json``, and a section of the printed report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from browsergrad import text as bgtext
from browsergrad.text import clean

from ..results import document as results

EVENTS_MIME = "application/vnd.browsergrad.events.v1+json"
#: the metadata of the cell *Check my work* runs the rubric into (labextension/src/labs/check.ts)
LAB_CHECK = "lab_check"

_WORDS = {"pass": "passed", "fail": "failed", "error": "errored"}


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _has_code(source: str) -> bool:
    return any(ln.strip() and not ln.strip().startswith("#") for ln in source.splitlines())


def _saved(notebook: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    """The assertions in a notebook's saved outputs, with their cells; and why some of those
    outputs could not have come from a run."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return [], []
    checks: list[tuple[str, dict]] = []
    edited: list[str] = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        cell_id = str(cell.get("id") or f"cell-{index}")
        ours = cell.get("metadata", {}).get("browsergrad") or {}
        is_check = isinstance(ours, dict) and LAB_CHECK in ours
        events = []
        for output in cell.get("outputs") or []:
            data = output.get("data") if isinstance(output, dict) else None
            payload = data.get(EVENTS_MIME) if isinstance(data, dict) else None
            if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
                continue
            shown = payload["events"]
            events += shown
            plain = data.get("text/plain")
            plain = "".join(plain) if isinstance(plain, list) else plain
            valid = [e for e in shown if isinstance(e, dict) and "type" in e]
            if len(valid) == len(shown) and plain is not None:
                try:
                    lines = [bgtext.line(e) for e in valid[: bgtext.MAX_LINES]]
                    expected = bgtext.lines(lines, len(valid))
                except (KeyError, TypeError, ValueError):
                    expected = None
                if expected is not None and plain != expected:
                    edited.append(
                        f"[{cell_id}] the saved results and their text differ: edited by hand"
                    )
        if not events:
            continue
        if cell.get("execution_count") is None:
            edited.append(f"[{cell_id}] results saved in a cell that never ran")
        elif not is_check and not _has_code(_source(cell)):
            edited.append(f"[{cell_id}] results saved in a cell with no code to make them")
        seqs = [e.get("seq") for e in events if isinstance(e, dict)]
        if seqs != list(range(len(seqs))):
            edited.append(f"[{cell_id}] the saved results are not numbered as a run numbers them")
        checks += [
            (cell_id, e) for e in events if isinstance(e, dict) and e.get("type") == "assertion"
        ]
    return checks, edited


def _donated(path: Path, lab_sha: str) -> tuple[list[tuple[str, dict]], list[str]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [], [f"the browser's results cannot be read: {err}"]
    errors = list(results.validator().iter_errors(doc))
    if errors:
        return [], [f"the browser's results are not a valid results.v1: {errors[0].message}"]
    edited = []
    if doc["counts"] != results.counts(doc["cells"]):
        edited.append("the browser's counts do not match its checks: edited by hand")
    sha = (doc.get("lab") or {}).get("rubric_sha256")
    if sha and sha != lab_sha:
        edited.append("the browser ran another version of the rubric than this lab's")
    return [(c["cell_id"], e) for c, e in results.assertions(doc)], edited


def _statuses(checks: list[tuple[str, dict]]) -> dict[str, str]:
    """Each check's last status by name."""
    return {str(e.get("name")): str(e.get("status")) for _, e in checks}


def compare_with_browser(
    doc: dict[str, Any], submission: Path, browser_results: Path | None
) -> dict[str, Any] | None:
    """The comparison of ``doc`` (the re-grade) with what the browser showed, or None when
    the submission carries no browser results. ``browser_results``: a donated results.v1,
    or a folder holding ``<submission stem>.json``."""
    lab_sha = (doc.get("lab") or {}).get("rubric_sha256", "")
    source = None
    if browser_results is not None:
        path = browser_results
        if path.is_dir():
            path = path / f"{submission.stem}.json"
        if path.is_file():
            source = str(path)
            browser, edited = _donated(path, lab_sha)
    if source is None:
        browser, edited = _saved(submission)
        if not browser and not edited:
            return None
        source = "saved outputs"
    shown, regrade = _statuses(browser), _statuses(results.assertions(doc))
    differences = []
    for name, status in shown.items():
        again = regrade.get(name)
        if again is None:
            differences.append(
                {
                    "check": name,
                    "browser": status,
                    "regrade": None,
                    "text": f"{_WORDS.get(status, status)} in the browser, absent on re-grade: "
                    f"{clean(name)}",
                }
            )
        elif again != status:
            differences.append(
                {
                    "check": name,
                    "browser": status,
                    "regrade": again,
                    "text": f"{_WORDS.get(status, status)} in the browser, "
                    f"{_WORDS.get(again, again)} on re-grade: {clean(name)}",
                }
            )
    return {
        "notebook": doc["notebook"],
        "browser_results": source,
        "differences": differences,
        "edited": edited,
        "not_in_browser": sorted(set(regrade) - set(shown)),
    }


def write_comparison(report: dict[str, Any], folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.browser.json"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def print_browser_differences(console: Console, reports: list[dict[str, Any]]) -> None:
    """One line per check that differs and per edited result (plain text, no markup)."""
    for report in reports:
        for line in [d["text"] for d in report["differences"]] + report["edited"]:
            out = Text(f"{clean(report['notebook'])}: ", style="bold")
            out.append(line)
            console.print(out)
