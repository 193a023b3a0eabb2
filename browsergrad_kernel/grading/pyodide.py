"""Grading in the site's own runtime: each submission in a fresh Pyodide interpreter (the
site's Pyodide, kernel and ``browsergrad``) under Node, through the runtime library
(``createSession``, docs/runtime.md).

The grading process is ``node/grade.mjs``; it speaks ``child.py``'s messages, so the result is
built by the same ``_Run`` code as a CPython run. What keeps a submission in its place:

- Node's permission model: the process reads only the runtime's files and the grading script
  (the submission's folder is sent as data and mounted in Pyodide's memory file system); it
  cannot write files, start processes or load addons.
- ``node/preload.cjs``: no network modules or globals in any thread.
- every channel message carries a token the submission cannot read, so forged ones are dropped.
"""

from __future__ import annotations

import base64
import functools
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..constants import DIST_DIR
from .notebook import Cell
from .runner import Lab, Limits, _Run

#: the oldest Node that runs the grader (worker threads, the permission model)
NODE_MIN = 20
#: the grading script and its preload, shipped in the package
NODE_DIR = Path(__file__).parent / "node"
#: the runtime library in a built site, and in an installed labextension
SITE_RUNTIME = Path("extensions", "browsergrad-kernel", "static", "runtime")
SITE_PYODIDE = Path("static", "browsergrad", "pyodide")
#: where the runtime is mounted in Pyodide: the lab's folder as the browser's drive has it
DRIVE = "/drive"


#: seconds Pyodide may take to start, beyond the total limit (it is not the submission's)
BOOT_ALLOWANCE = 60.0


class RuntimeUnavailable(Exception):
    """The Pyodide runtime cannot run here: says what is missing."""


@functools.cache
def node_version(node: str) -> tuple[int, ...]:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise RuntimeUnavailable(f"{node} --version failed: {err}") from None
    match = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)\s*", out.stdout)
    if not match:
        raise RuntimeUnavailable(f"{node} --version printed {out.stdout.strip()!r}")
    return tuple(int(part) for part in match.groups())


def find_node() -> str:
    """Node >= 20 on PATH, or ``RuntimeUnavailable`` naming what is missing."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeUnavailable(
            f"--runtime pyodide needs Node.js >= {NODE_MIN} on PATH, and there is no `node` "
            "(install Node.js, or grade with --runtime cpython)"
        )
    version = node_version(node)
    if version[0] < NODE_MIN:
        shown = ".".join(map(str, version))
        raise RuntimeUnavailable(
            f"--runtime pyodide needs Node.js >= {NODE_MIN}; {node} is {shown}"
        )
    return node


def _installed_runtime_dirs() -> list[Path]:
    """The runtime library's folder in this checkout, then in every labextensions path."""
    dirs = [Path(__file__).parents[1] / "labextension" / "static" / "runtime"]
    try:
        from jupyter_core.paths import jupyter_path

        dirs += [
            Path(p, "browsergrad-kernel", "static", "runtime")
            for p in jupyter_path("labextensions")
        ]
    except ImportError:
        pass
    return dirs


@dataclass(frozen=True)
class PyodideRuntime:
    """Node and the runtime's files: the library, its worker, and Pyodide's folder."""

    node: str
    library: Path
    worker: Path
    pyodide: Path

    @classmethod
    def find(cls, site: Path | None = None) -> PyodideRuntime:
        """A built site's runtime (``site``), else this package's; ``RuntimeUnavailable``
        names what is missing."""
        node = find_node()
        if site is not None:
            site = site.resolve()
            library_dirs, pyodide = [site / SITE_RUNTIME], site / SITE_PYODIDE
        else:
            library_dirs, pyodide = _installed_runtime_dirs(), DIST_DIR
        library_dir = next(
            (d for d in library_dirs if (d / "browsergrad.runtime.js").is_file()), None
        )
        if library_dir is None:
            raise RuntimeUnavailable(
                "the runtime library browsergrad.runtime.js is in none of: "
                + ", ".join(str(d) for d in library_dirs)
            )
        if not (pyodide / "manifest.json").is_file():
            raise RuntimeUnavailable(f"no Pyodide runtime (manifest.json) in {pyodide}")
        return cls(
            node,
            library_dir / "browsergrad.runtime.js",
            library_dir / "browsergrad.worker.js",
            pyodide.resolve(),
        )

    def command(self) -> list[str]:
        """Node under its permission model, reading only the runtime and the grader."""
        major = node_version(self.node)[0]
        flag = "--permission" if major >= 23 else "--experimental-permission"
        readable = sorted({self.library.parent, self.pyodide, NODE_DIR.resolve()})
        return [
            self.node,
            flag,
            "--allow-worker",
            *(f"--allow-fs-read={folder}{os.sep}*" for folder in readable),
            "--no-warnings",
            f"--require={NODE_DIR.resolve() / 'preload.cjs'}",
            str(NODE_DIR.resolve() / "grade.mjs"),
        ]


def _lab_files(root: Path) -> list[dict[str, str]]:
    """The lab's copy (no rubric, no reference), as data for ``session.mount``."""
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            rel = path.relative_to(root).as_posix()
            files.append({"path": rel, "data": base64.b64encode(data).decode("ascii")})
    return files


class PyodideRun(_Run):
    """One submission in a fresh Pyodide under Node (``node/grade.mjs``)."""

    #: Node stops the submission at its total limit itself, counted from its first cell;
    #: the grader kills it this much later (Pyodide's start, then the usual grace)
    total_grace = BOOT_ALLOWANCE + Limits.grace

    def __init__(self, runtime: PyodideRuntime, lab: Lab, cells: list[Cell], limits: Limits):
        super().__init__(lab, cells, limits)
        self.pyodide_runtime = runtime
        self.token = secrets.token_hex(16)
        self.runtime = {"browsergrad": "unknown", "python": "unknown", "implementation": "pyodide"}

    def command(self) -> list[str]:
        return self.pyodide_runtime.command()

    def job(self, channel_fd: int, cwd: Path) -> dict[str, Any]:
        depth = len(PurePosixPath(self.lab.manifest.starter_path).parts) - 1
        lab_root = cwd.parents[depth - 1] if depth else cwd
        drive = f"{DRIVE}/{self.lab.folder.name}"
        cells = [self._job_cell(i, cell) for i, cell in enumerate(self.cells)]
        for entry, record in zip(cells, self.records, strict=True):
            entry["fresh_browsergrad"] = record["kind"] == "rubric"
        return {
            "channel_fd": channel_fd,
            "token": self.token,
            "library": str(self.pyodide_runtime.library),
            "worker": str(self.pyodide_runtime.worker),
            "pyodide": str(self.pyodide_runtime.pyodide),
            "files": [{**f, "path": f"{drive}/{f['path']}"} for f in _lab_files(lab_root)],
            "cwd": "/".join([drive, *cwd.relative_to(lab_root).parts]),
            "total_s": self.limits.total,
            "cells": cells,
        }


def run_factory(runtime: PyodideRuntime):
    """``grade(make_run=...)`` for this runtime."""
    return functools.partial(PyodideRun, runtime)
