"""``browsergrad-kernel check-lab LAB [LAB ...]``: exit 0 when every lab is sound, 1 when a
check failed, 2 when a lab or a runtime cannot be used."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    cmd = commands.add_parser(
        "check-lab",
        help="check a lab: reference passes, starter fails, wrong/ notebooks fail what they name",
        description=(
            "Grade a lab's reference, starter and each wrong/*.ipynb in CPython and in Pyodide; "
            "the reference must pass every check, the starter must fail, each wrong notebook "
            "must fail exactly the checks its metadata names, and both runtimes must agree "
            "(docs/grading.md)."
        ),
    )
    cmd.add_argument("labs", type=Path, nargs="+", help="lab folders (holding manifest.json)")
    cmd.add_argument(
        "--runtime",
        choices=("both", "cpython", "pyodide"),
        default="both",
        help="the runtimes to grade in; parity needs both (default: %(default)s)",
    )
    cmd.add_argument(
        "--site", type=Path, default=None, help="a built site that must not serve hidden rubrics"
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from ..grading.pyodide import RuntimeUnavailable
    from ..labs.manifest import InvalidManifest, LabRuntimeMismatch
    from .check import check_lab

    out, err = Console(), Console(stderr=True)
    runtimes = ("cpython", "pyodide") if args.runtime == "both" else (args.runtime,)
    status = 0
    for folder in args.labs:
        try:
            report = check_lab(folder, runtimes, site=args.site)
        except (InvalidManifest, LabRuntimeMismatch, RuntimeUnavailable) as error:
            err.print(Text(f"browsergrad-kernel check-lab: {folder}: {error}"))
            status = 2
            continue
        verdict = "ok" if report.ok else "FAILED"
        out.print(Text(f"{report.lab}: {verdict}", style="green" if report.ok else "bold red"))
        for line in report.failures:
            out.print(Text(f"  ✗ {line}"))
        if report.parity:
            out.print(Text("  parity: checks that differ between the runtimes"))
            for line in report.parity:
                out.print(Text(f"    ≠ {line}"))
        for line in report.notes:
            out.print(Text(f"  · {line}"))
        if not report.ok and status == 0:
            status = 1
    return status
