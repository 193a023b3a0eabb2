"""check-lab at ``jupyter lite build``: every lab of the site, reported as warnings or as a
build error (``--BrowsergradLabsAddon.check_labs=warn|error``; ``off`` by default, as it
grades each lab's notebooks and takes seconds per notebook)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..build_errors import LabsError
from ..grading.pyodide import SITE_RUNTIME, RuntimeUnavailable, find_node
from .check import check_lab

#: the values of ``check_labs``
MODES = ("off", "warn", "error")


def check_site_labs(labs: list[Path], site: Path, mode: str, warn: Callable[[str], None]) -> None:
    """Check ``labs`` (their source folders) against the built ``site``; ``LabsError`` in
    ``error`` mode when any check failed."""
    if mode == "off" or not labs:
        return
    runtimes: tuple[str, ...] = ("cpython", "pyodide")
    try:
        find_node()
    except RuntimeUnavailable as error:
        warn(f"check-lab: parity not checked: {error}")
        runtimes = ("cpython",)
    runtime_site = site if (site / SITE_RUNTIME / "browsergrad.runtime.js").is_file() else None
    found = []
    for folder in labs:
        report = check_lab(folder, runtimes, site=site, runtime_site=runtime_site)
        found += [f"{report.lab}: {line}" for line in report.failures]
        found += [f"{report.lab}: parity: {line}" for line in report.parity]
    if not found:
        return
    if mode == "error":
        raise LabsError("check-lab failed:\n  " + "\n  ".join(found))
    for line in found:
        warn(f"check-lab: {line}")
