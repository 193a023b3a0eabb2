"""``browsergrad-kernel grade LAB_DIR SUBMISSION.ipynb|FOLDER``.

The grader's libraries are imported when the command runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    cmd = commands.add_parser(
        "grade",
        help="re-run submissions of a lab headless and grade them with its rubric",
        description=(
            "Run each submission's code cells in order, then the lab's rubric and hidden "
            "rubric, in a fresh CPython process (or Pyodide under Node: --runtime pyodide); "
            "write <name>.json, <name>.junit.xml, "
            "<name>.gradescope.json and <name>.feedback.html per submission, and "
            "gradebook.csv for a folder; exit 1 when anything failed or errored, 2 when the "
            "lab itself is unusable."
        ),
    )
    cmd.add_argument("lab", type=Path, help="the lab folder (holding manifest.json)")
    cmd.add_argument(
        "submission", type=Path, help="a submitted notebook, or a folder of them (*.ipynb)"
    )
    cmd.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        default=Path("browsergrad-grades"),
        help="where the result files go (default: %(default)s)",
    )
    cmd.add_argument(
        "--cell-timeout", type=float, default=30.0, help="seconds per cell (default: %(default)s)"
    )
    cmd.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds for a whole submission (default: %(default)s)",
    )
    cmd.add_argument(
        "--runtime",
        choices=("cpython", "pyodide"),
        default="cpython",
        help=(
            "where submissions run: a fresh CPython process (default), or a fresh Pyodide of "
            "the site's runtime under Node >= 20, as in the browser (docs/regrading.md)"
        ),
    )
    cmd.add_argument(
        "--site",
        type=Path,
        default=None,
        help="with --runtime pyodide: a built site whose runtime to use (default: this package's)",
    )
    cmd.add_argument(
        "--browser-results",
        type=Path,
        default=None,
        help=(
            "a results.v1 document the student's browser donated (or a folder of "
            "<submission>.json), compared with the re-grade; without it, the outputs saved "
            "in each notebook are"
        ),
    )
    cmd.add_argument(
        "--hidden-details",
        action="store_true",
        help="show the hidden checks' messages and values in the Gradescope and feedback "
        "files too (default: status and points only)",
    )
    cmd.add_argument(
        "--hidden-visibility",
        choices=("hidden", "after_due_date", "after_published", "visible"),
        default="after_published",
        help="Gradescope visibility of the hidden checks (default: %(default)s)",
    )
    cmd.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="submissions graded at once (default: %(default)s)",
    )


def _submissions(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if p.suffix == ".ipynb" and p.is_file() and p.name[0] != "."
        )
    return [path]


def _grade_one(lab: Any, path: Path, limits: Any, make_run: Any = None) -> dict[str, Any]:
    """Grade one submission; a failure of the grader itself becomes that submission's
    result, so the others are still graded (``runtimes.grade_safely``)."""
    from .runtimes import grade_safely

    return grade_safely(lab, path, limits, make_run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from ..labs.manifest import InvalidManifest, LabRuntimeMismatch
    from ..results.document import overall_status
    from .browser import compare_with_browser, print_browser_differences, write_comparison
    from .pyodide import RuntimeUnavailable
    from .report import (
        print_details,
        print_first_issues,
        summary_table,
        write_gradebook,
        write_result,
    )
    from .runner import Lab, Limits
    from .runtimes import runtime_factory

    out = Console()
    err = Console(stderr=True)
    if args.cell_timeout <= 0 or args.timeout <= 0 or args.jobs < 1:
        err.print("browsergrad-kernel grade: time limits and --jobs must be positive")
        return 2
    try:
        lab = Lab.load(args.lab)
    except (InvalidManifest, LabRuntimeMismatch) as error:
        err.print(f"browsergrad-kernel grade: {error}", markup=False, highlight=False)
        return 2
    if not args.submission.exists():
        err.print(
            f"browsergrad-kernel grade: no such file or folder: {args.submission}", markup=False
        )
        return 2
    submissions = _submissions(args.submission)
    if not submissions:
        err.print(f"browsergrad-kernel grade: no .ipynb files in {args.submission}", markup=False)
        return 2
    limits = Limits(cell=args.cell_timeout, total=args.timeout)
    try:
        make_run = runtime_factory(args.runtime, args.site)
    except RuntimeUnavailable as error:
        err.print(f"browsergrad-kernel grade: {error}", markup=False, highlight=False)
        return 2
    results: dict[Path, dict] = {}
    reports: list[dict] = []
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        Progress(*columns, console=err, disable=len(submissions) == 1) as progress,
        ThreadPoolExecutor(max_workers=args.jobs) as pool,
    ):
        task = progress.add_task("grading", total=len(submissions))
        futures = {
            pool.submit(_grade_one, lab, path, limits, make_run): path for path in submissions
        }
        for future in as_completed(futures):
            path = futures[future]
            results[path] = future.result()
            write_result(
                results[path],
                args.output_dir,
                path.stem,
                args.hidden_details,
                args.hidden_visibility,
            )
            report = compare_with_browser(results[path], path, args.browser_results)
            if report is not None:
                reports.append(report)
                write_comparison(report, args.output_dir, path.stem)
            progress.advance(task)
    ordered = [results[path] for path in submissions]
    if args.submission.is_dir():
        write_gradebook(ordered, args.output_dir)
    out.print(summary_table(ordered))
    if len(ordered) == 1:
        print_details(out, ordered[0])
    else:
        print_first_issues(out, ordered)
    print_browser_differences(out, reports)
    failed = sum(overall_status(result) != "pass" for result in ordered)
    out.print(
        f"{len(ordered) - failed} of {len(ordered)} passed; results in {args.output_dir}",
        markup=False,
        highlight=False,
    )
    return 1 if failed else 0
