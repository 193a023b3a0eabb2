"""What gets run: the code cells of a submission, and the lab's rubric."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

#: the cell id the rubric's events and errors carry
RUBRIC_ID = "rubric"


class NotANotebook(Exception):
    """The submission cannot be read as a Jupyter notebook."""


@dataclass(frozen=True)
class Cell:
    """Code to run: a notebook's code cell (``index`` is its position among all cells) or
    the rubric (``index`` None)."""

    cell_id: str
    source: str
    index: int | None = None


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


def notebook_cells(path: Path) -> list[Cell]:
    """The code cells of the notebook at ``path``, in order; outputs are never read."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("not UTF-8 text") from None
    except OSError as err:
        raise NotANotebook(f"cannot be read: {err.strerror or err}") from None
    notebook = _read_notebook(text)
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            cell_id = cell.get("id") or f"cell-{index}"
            cells.append(Cell(cell_id=cell_id, source=cell.source, index=index))
    return cells


def rubric_cell(path: Path) -> Cell:
    """The rubric as one cell: a Python file, or the code cells of a notebook joined."""
    if path.suffix == ".ipynb":
        source = "\n\n".join(cell.source for cell in notebook_cells(path))
    else:
        source = path.read_text(encoding="utf-8")
    return Cell(cell_id=RUBRIC_ID, source=source)
