"""What gets run: the code cells of a submission with their time limits, and the lab's rubric.

A cell's time limit is found as the kernel finds it (``labextension/src/stop/timeLimit.ts``,
docs/stop.md): a ``%%time_limit`` first line (which then runs as an empty line), else the
cell's ``browsergrad.time_limit`` metadata, else the grader's ``--cell-timeout``.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

#: the cell id the rubric's events and errors carry
RUBRIC_ID = "rubric"
#: and the hidden rubric's, which only the grader runs
HIDDEN_RUBRIC_ID = "hidden-rubric"
#: the kernel's cell magic that sets one cell's time limit
TIME_LIMIT_MAGIC = "%%time_limit"
#: a cell's time limit when it lifts the grader's (``%%time_limit none``)
NO_LIMIT = math.inf

_NO_LIMIT_WORDS = ("none", "off")
_SECONDS = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?s?")


class NotANotebook(Exception):
    """The submission cannot be read as a Jupyter notebook."""


@dataclass(frozen=True)
class Cell:
    """Code to run: a notebook's code cell (``index`` is its position among all cells) or
    the rubric (``index`` None)."""

    cell_id: str
    source: str
    index: int | None = None
    #: seconds the cell's own ``%%time_limit`` or metadata sets (``NO_LIMIT`` for none);
    #: None when it sets nothing and the grader's limit applies
    time_limit: float | None = None
    #: why the cell's time limit is not valid; the cell then fails with a ValueError
    #: without running, as in the kernel
    time_limit_error: str | None = None
    #: the lab's rubric (visible or hidden), not a cell of the submission
    rubric: bool = False
    #: the lab's hidden rubric
    hidden: bool = False


class TimeLimitError(ValueError):
    """A time limit that is not a positive number of seconds (or "none")."""


def _as_javascript_shows(value: Any) -> str:
    """``JSON.stringify(value)``, as the kernel's message shows the value (``0.0`` is ``0``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=repr)


def _seconds(value: Any, where: str) -> float:
    """One time-limit value: seconds, or ``NO_LIMIT``; raises ``TimeLimitError``."""
    if value is None:
        return NO_LIMIT
    seconds: Any = value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _NO_LIMIT_WORDS:
            return NO_LIMIT
        seconds = float(text.removesuffix("s")) if _SECONDS.fullmatch(text) else math.nan
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not math.isfinite(seconds)
        or seconds <= 0
    ):
        shown = _as_javascript_shows(value)
        raise TimeLimitError(
            f'{where} must be a positive number of seconds (or "none"), got {shown}.'
        )
    return float(seconds)


def cell_time_limit(source: str, metadata: dict[str, Any]) -> tuple[float | None, str]:
    """The time limit a cell sets (None: none of its own) and the code to run: a
    ``%%time_limit`` line becomes an empty line. Raises ``TimeLimitError``."""
    first, newline, rest = source.partition("\n")
    words = first.split()
    if words and words[0] == TIME_LIMIT_MAGIC:
        if len(words) != 2:
            raise TimeLimitError(
                f"{TIME_LIMIT_MAGIC} takes one value, the limit in seconds "
                f'(e.g. "{TIME_LIMIT_MAGIC} 5"), got "{first.strip()}".'
            )
        return _seconds(words[1], TIME_LIMIT_MAGIC), newline + rest
    ours = metadata.get("browsergrad")
    if isinstance(ours, dict) and "time_limit" in ours:
        where = "The cell metadata browsergrad.time_limit"
        return _seconds(ours["time_limit"], where), source
    return None, source


def _read_notebook(text: str) -> nbformat.NotebookNode:
    try:
        data = json.loads(text)
    except ValueError as err:
        raise NotANotebook(f"not JSON: {err}") from None
    if not isinstance(data, dict) or "cells" not in data or "nbformat" not in data:
        raise NotANotebook("JSON, but not a notebook (no 'cells' and 'nbformat')")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validate(notebook)
    except Exception as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise NotANotebook(f"not a valid notebook: {message}") from None
    return notebook


def _code_cells(path: Path) -> list[tuple[int, nbformat.NotebookNode]]:
    """The code cells of the notebook at ``path`` with their positions among all cells."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("not UTF-8 text") from None
    except OSError as err:
        raise NotANotebook(f"cannot be read: {err.strerror or err}") from None
    notebook = _read_notebook(text)
    return [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def notebook_cells(path: Path) -> list[Cell]:
    """The code cells of the notebook at ``path``, in order; outputs are never read."""
    cells = []
    for index, cell in _code_cells(path):
        cell_id = cell.get("id") or f"cell-{index}"
        try:
            limit, source = cell_time_limit(cell.source, cell.get("metadata", {}))
        except TimeLimitError as err:
            cells.append(Cell(cell_id, cell.source, index, time_limit_error=str(err)))
        else:
            cells.append(Cell(cell_id, source, index, time_limit=limit))
    return cells


def rubric_cell(path: Path, hidden: bool = False) -> Cell:
    """The rubric (or the hidden rubric) as one cell: a Python file, or the code cells of
    a notebook joined (each run as the grader runs a cell: a ``%%time_limit`` line is an
    empty line)."""
    if path.suffix == ".ipynb":
        source = "\n\n".join(cell.source for cell in notebook_cells(path))
    else:
        source = path.read_text(encoding="utf-8")
    cell_id = HIDDEN_RUBRIC_ID if hidden else RUBRIC_ID
    return Cell(cell_id=cell_id, source=source, rubric=True, hidden=hidden)


def rubric_code(path: Path) -> str:
    """The rubric's code as the browser's *Check my work* reads it, and hashes it for
    ``lab.rubric_sha256`` (``notebookRubricCode`` in ``labextension/src/labs/rubricHash.ts``): a
    Python file, or the raw sources of a notebook's code cells joined by a blank line."""
    if path.suffix == ".ipynb":
        return "\n\n".join(cell.source for _, cell in _code_cells(path))
    return path.read_text(encoding="utf-8")
