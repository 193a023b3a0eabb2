"""Which runtime grades (``--runtime``), and grading one submission so that nothing it does
stops the others."""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

from ..results import document as results
from . import runner
from .runner import Lab, Limits, RunFactory

#: the runtimes of ``--runtime``; the default is the first (docs/grading.md says why)
RUNTIMES = ("cpython", "pyodide")


def runtime_factory(name: str, site: Path | None = None) -> RunFactory | None:
    """``grade(make_run=...)`` for a runtime (None: CPython). Raises ``RuntimeUnavailable``
    when Node or the runtime's files are missing."""
    if name == "cpython":
        return None
    from .pyodide import PyodideRuntime, run_factory

    return run_factory(PyodideRuntime.find(site))


def grade_safely(
    lab: Lab, submission: Path, limits: Limits, make_run: RunFactory | None
) -> dict[str, Any]:
    """``grade``, or, should the grader itself fail on this submission, a document with a
    ``crashed`` problem saying so: one submission never costs the others their grades."""
    clock = time.perf_counter()
    try:  # runner.grade looked up here, so a test can stand in for it
        if make_run is None:
            return runner.grade(lab, submission, limits)
        return runner.grade(lab, submission, limits, make_run=make_run)
    except Exception as error:  # the grader's own failure, reported per submission
        return results.document(
            notebook=submission.name,
            lab={
                "id": lab.manifest.id,
                "version": lab.manifest.version,
                "rubric_sha256": lab.rubric_sha256,
            },
            limits={"cell_s": limits.cell, "total_s": limits.total},
            duration_ms=round((time.perf_counter() - clock) * 1000, 3),
            cells=[],
            problems=[
                results.problem(
                    None,
                    "crashed",
                    f"the grader failed on this submission: {type(error).__name__}: {error}",
                    exc_type=type(error).__name__,
                    traceback=traceback.format_exc(),
                )
            ],
            output="",
        )
