"""What a grading run runs, in order, whatever the runtime (CPython here, Pyodide under
Node in the other runner): the submission's code cells, then the lab's rubric, then its
hidden rubric (docs/grading.md). A runtime calls ``grading_cells`` for the cells,
``cell_record`` for each one's entry in the results document, and ``rubric_problems`` once
the run is over."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..results import document as results
from .notebook import Cell

if TYPE_CHECKING:
    from .runner import Lab


def grading_cells(lab: Lab, cells: list[Cell]) -> list[Cell]:
    """The cells to run for one submission: its code cells, the rubric, and (when the lab
    names one) the hidden rubric last, so its checks see everything the others left."""
    rubrics = [lab.rubric] if lab.hidden_rubric is None else [lab.rubric, lab.hidden_rubric]
    return [*cells, *rubrics]


def cell_record(cell: Cell) -> dict[str, Any]:
    """A cell's entry in the document, not run yet: ``kind`` ``rubric`` for either rubric,
    and ``hidden`` for the hidden one."""
    kind = "rubric" if cell.rubric else "code"
    return results.cell_entry(cell.cell_id, cell.index, kind, hidden=cell.hidden)


def rubric_problems(cells: list[Cell], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A ``no-assertions`` problem for each rubric that ran (to its end or to an error)
    without making a check."""
    found = []
    for cell, record in zip(cells, records, strict=True):
        if not cell.rubric or record["run_status"] not in ("ok", "error"):
            continue
        if not any(event["type"] == "assertion" for event in record["events"]):
            which = "hidden rubric" if cell.hidden else "rubric"
            message = f"the {which} made no assertions"
            found.append(results.problem(cell.cell_id, "no-assertions", message))
    return found
