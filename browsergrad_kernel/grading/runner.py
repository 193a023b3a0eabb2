"""Grade one submission: a fresh CPython process in a temporary copy of the lab, its code
cells in order then the rubric, under time limits; the result, a ``results.v1`` document
(``browsergrad_kernel/results/``), is built from what that process reports while it runs,
never from outputs saved in the notebook."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import browsergrad

from ..labs.manifest import LabManifest, assert_compatible_runtime, load_manifest
from ..results import document as results
from .notebook import NO_LIMIT, Cell, NotANotebook, notebook_cells, rubric_cell, rubric_code
from .plan import cell_record, grading_cells, rubric_problems

#: how much of the process's stdout/stderr a result keeps (the end of it)
OUTPUT_TAIL = 20_000

#: the grading process: this grader's own browsergrad and browsergrad_kernel come first
_CHILD = (
    "import sys; sys.path[:0] = {paths!r}; "
    "from browsergrad_kernel.grading.child import main; main()"
)


@dataclass(frozen=True)
class Limits:
    """Time limits in seconds: each cell (the rubric too), and the whole submission.

    A cell past its limit is interrupted and the next one runs; if it does not stop within
    ``grace`` more seconds, or the whole run passes ``total``, the process is killed.
    """

    cell: float = 30.0
    total: float = 300.0
    grace: float = 2.0

    def of(self, cell: Cell) -> float:
        """A cell's limit: its own ``%%time_limit`` or metadata, else ``cell``
        (``NO_LIMIT``: none; the total still applies)."""
        return cell.time_limit if cell.time_limit is not None else self.cell


@dataclass(frozen=True)
class Lab:
    """A lab folder with a valid manifest, accepted by this runtime."""

    folder: Path
    manifest: LabManifest
    rubric: Cell
    #: the hash of the rubric's code as the browser hashes it (``lab.rubric_sha256``)
    rubric_sha256: str
    #: the checks only the grader runs, after the rubric (``hidden_rubric_path``)
    hidden_rubric: Cell | None = None

    @classmethod
    def load(cls, folder: Path | str, runtime_version: str = browsergrad.__version__) -> Lab:
        """Raises ``InvalidManifest`` (a hidden rubric that is missing too) or
        ``LabRuntimeMismatch``."""
        folder = Path(folder).resolve()
        manifest = load_manifest(folder)
        assert_compatible_runtime(manifest, runtime_version)
        path = folder.joinpath(*PurePosixPath(manifest.rubric_path).parts)
        hidden = None
        if manifest.hidden_rubric_path is not None:
            parts = PurePosixPath(manifest.hidden_rubric_path).parts
            hidden = rubric_cell(folder.joinpath(*parts), hidden=True)
        return cls(
            folder,
            manifest,
            rubric_cell(path),
            results.rubric_sha256(rubric_code(path)),
            hidden,
        )


def _workspace(lab: Lab, root: Path) -> Path:
    """Copy the lab without its rubrics and reference; return the starter's folder, where
    the submission runs (as the kernel runs in the notebook's folder)."""
    m = lab.manifest
    kept_out = [m.rubric_path, m.reference_path, m.hidden_rubric_path]
    hidden = {lab.folder.joinpath(*PurePosixPath(p).parts) for p in kept_out if p}

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if Path(folder, n) in hidden}

    work = root / "lab"
    shutil.copytree(lab.folder, work, ignore=ignore, symlinks=False)
    cwd = work.joinpath(*PurePosixPath(m.starter_path).parts[:-1])
    cwd.mkdir(parents=True, exist_ok=True)
    return cwd


def _environment(root: Path) -> dict[str, str]:
    home = root / "home"
    home.mkdir()
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
    }


def _remove(root: Path) -> None:
    """Delete the temporary folder, even where the submission took permissions away."""

    def retry(func: Any, path: str, _exc: BaseException) -> None:
        try:
            os.chmod(os.path.dirname(path), 0o700)
            os.chmod(path, 0o700)
            func(path)
        except OSError:
            pass

    shutil.rmtree(root, onexc=retry)


class _Run:
    """One submission's run: the process, its messages, and the result built from them."""

    def __init__(self, lab: Lab, cells: list[Cell], limits: Limits) -> None:
        self.lab = lab
        self.cells = grading_cells(lab, cells)
        self.limits = limits
        #: the document's cells: each code cell, then the rubric(s)
        self.records = [cell_record(cell) for cell in self.cells]
        self.problems: list[dict[str, Any]] = []
        self.output = ""

    def problem(self, kind: str, message: str, position: int | None = None, **more: Any) -> None:
        cell_id = self.cells[position].cell_id if position is not None else None
        self.problems.append(results.problem(cell_id, kind, message, **more))

    #: the grading process's runtime, as ``results.v1`` records it (None: this interpreter's)
    runtime: dict[str, str] | None = None
    #: the process reported its runtime (once; a later report is a problem)
    runtime_heard = False
    #: what every channel message carries (None: nothing); see ``pyodide.py``
    token: str | None = None
    #: seconds past the total limit before the grader kills a process that enforces it itself
    total_grace = 0.0

    def command(self) -> list[str]:
        """The grading process: ``child.py`` in a fresh CPython."""
        paths = sorted({str(Path(browsergrad.__file__).parents[1]), str(Path(__file__).parents[2])})
        return [sys.executable, "-I", "-c", _CHILD.format(paths=paths)]

    def job(self, channel_fd: int, cwd: Path) -> dict[str, Any]:
        """What the grading process reads on stdin."""
        return {
            "channel_fd": channel_fd,
            "cells": [self._job_cell(i, cell) for i, cell in enumerate(self.cells)],
        }

    def run(self, cwd: Path, env: dict[str, str]) -> None:
        read_fd, write_fd = os.pipe()
        try:
            proc = subprocess.Popen(
                self.command(),
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(write_fd,),
                start_new_session=True,
            )
        finally:
            os.close(write_fd)
        messages: queue.Queue[dict | None] = queue.Queue()
        readers = [
            threading.Thread(target=self._read_channel, args=(read_fd, messages), daemon=True),
            threading.Thread(target=self._read_output, args=(proc,), daemon=True),
        ]
        for reader in readers:
            reader.start()
        try:
            job = self.job(write_fd, cwd)
            try:
                proc.stdin.write(json.dumps(job).encode())  # type: ignore[union-attr]
                proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass  # it died at once: its output and the missing messages tell why
            self._follow(messages)
        finally:
            _kill(proc)
            for reader in readers:
                reader.join(timeout=5)

    def _job_cell(self, position: int, cell: Cell) -> dict[str, Any]:
        """What the grading process gets of one cell (see ``child.py``)."""
        limit = self.limits.of(cell)
        return {
            "cell_id": str(position),
            "name": cell.cell_id,
            "source": cell.source,
            "time_limit": None if limit == NO_LIMIT else limit,
            "time_limit_error": cell.time_limit_error,
        }

    @staticmethod
    def _read_channel(fd: int, messages: queue.Queue[dict | None]) -> None:
        with os.fdopen(fd, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    message = json.loads(line)
                except ValueError:
                    message = {"kind": "garbage"}
                messages.put(message if isinstance(message, dict) else {"kind": "garbage"})
        messages.put(None)

    def _read_output(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        while chunk := proc.stdout.read1(65536):  # type: ignore[attr-defined]
            self.output = (self.output + chunk.decode("utf-8", "replace"))[-OUTPUT_TAIL:]

    def _follow(self, messages: queue.Queue[dict | None]) -> None:
        """Read messages until ``done``, the process ends, or a time limit is passed."""
        limits = self.limits
        end_all = time.monotonic() + limits.total + self.total_grace
        running: int | None = None
        cell_end = end_all
        while True:
            deadline = min(end_all, cell_end) if running is not None else end_all
            try:
                message = messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                if time.monotonic() >= end_all:
                    self.problem(
                        "total-timeout",
                        f"the submission ran past its total time limit of {limits.total:g} s; "
                        "the grader stopped it",
                        running,
                    )
                else:
                    limit = limits.of(self.cells[running]) if running is not None else limits.cell
                    self.problem(
                        "killed",
                        f"the cell did not stop at its time limit of {limit:g} s; "
                        "the grader ended the process",
                        running,
                    )
                if running is not None:
                    self.records[running]["run_status"] = "timeout"
                return
            if message is None:
                where = "before the first cell" if running is None else "during this cell"
                self.problem("crashed", f"the grading process ended {where}", running)
                if running is not None:
                    self.records[running]["run_status"] = "crashed"
                return
            if self.token is not None and message.pop("token", None) != self.token:
                self.problem(
                    "invalid-message", "a channel message without the grading token (forged)"
                )
                continue
            kind = message.get("kind")
            position = _position(message, len(self.cells))
            if kind == "runtime" and not self.runtime_heard:
                self.runtime, self.runtime_heard = _runtime(message), True
                continue
            if kind == "done":
                return
            if position is None:
                self.problem("invalid-message", "the grading channel got an unreadable message")
            elif kind == "start":
                cell_limit = limits.of(self.cells[position])
                running, cell_end = position, time.monotonic() + cell_limit + limits.grace
            elif kind == "event":
                self._event(position, message.get("event"))
            elif kind == "note":
                self.records[position]["notes"].append(str(message.get("text", "")))
            elif kind == "end":
                self._end(position, message)
                running = None
            elif kind == "lost":  # the runtime lost the cell's interpreter (pyodide.py)
                lost = "timeout" if message.get("reason") == "killed" else "crashed"
                self.problem(
                    "killed" if lost == "timeout" else "crashed",
                    str(message.get("message", "")),
                    position,
                )
                self.records[position]["run_status"] = lost
                return

    def _event(self, position: int, event: Any) -> None:
        if not results.validator(results.EVENT_SCHEMA).is_valid(event):
            self.problem("invalid-event", "a browsergrad event does not match schema v1", position)
            return
        self.records[position]["events"].append(event)

    def _end(self, position: int, message: dict[str, Any]) -> None:
        # the channel is the submission's process: keep the document valid whatever it says
        record = self.records[position]
        status = message.get("status")
        record["run_status"] = status if status in ("ok", "error", "timeout") else "error"
        ms = message.get("duration_ms")
        valid_ms = isinstance(ms, int | float) and not isinstance(ms, bool) and ms >= 0
        record["duration_ms"] = ms if valid_ms else None
        error = message.get("error")
        if isinstance(error, dict):
            kind = "timeout" if record["run_status"] == "timeout" else "exception"
            text = str(error.get("message", ""))
            exc_type, traceback = (_text(error.get(key)) for key in ("exc_type", "traceback"))
            self.problem(
                kind,
                f"{exc_type}: {text}" if exc_type and kind == "exception" else text,
                position,
                exc_type=exc_type,
                traceback=traceback,
            )
        if message.get("total") is True:
            self.problem(
                "total-timeout",
                f"the submission ran past its total time limit of {self.limits.total:g} s; "
                "the grader stopped it",
                position,
            )

    def finish(self) -> None:
        self.problems += rubric_problems(self.cells, self.records)


def _runtime(message: dict[str, Any]) -> dict[str, str]:
    return {
        key: str(message.get(key) or "unknown")
        for key in ("browsergrad", "python", "implementation")
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _position(message: dict[str, Any], count: int) -> int | None:
    cell = message.get("cell_id")
    if isinstance(cell, str) and cell.isdigit() and int(cell) < count:
        return int(cell)
    return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End the process and anything it started (its session's process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


#: makes one submission's run: ``_Run`` (CPython) or ``pyodide.PyodideRun``
RunFactory = Callable[[Lab, list[Cell], Limits], "_Run"]


def grade(
    lab: Lab,
    submission: Path,
    limits: Limits | None = None,
    name: str | None = None,
    make_run: RunFactory | None = None,
) -> dict[str, Any]:
    """Grade ``submission`` against ``lab``: its ``results.v1`` document (docs/labs.md).
    ``make_run`` picks the runtime (default: a fresh CPython process)."""
    limits = limits or Limits()
    clock = time.perf_counter()
    try:
        cells = notebook_cells(submission)
    except NotANotebook as err:
        run = None
        records: list[dict[str, Any]] = []
        problems = [results.problem(None, "not-a-notebook", str(err))]
    else:
        run = (make_run or _Run)(lab, cells, limits)
        root = Path(tempfile.mkdtemp(prefix="browsergrad-grade-"))
        try:
            run.run(_workspace(lab, root), _environment(root))
        finally:
            _remove(root)
        run.finish()
        records, problems = run.records, run.problems
    doc = results.document(
        notebook=name or submission.name,
        lab={
            "id": lab.manifest.id,
            "version": lab.manifest.version,
            "rubric_sha256": lab.rubric_sha256,
        },
        limits={"cell_s": limits.cell, "total_s": limits.total},
        duration_ms=round((time.perf_counter() - clock) * 1000, 3),
        cells=records,
        problems=problems,
        output=run.output if run else "",
    )
    if run is not None and run.runtime is not None:
        doc["runtime"] = run.runtime
    return doc
