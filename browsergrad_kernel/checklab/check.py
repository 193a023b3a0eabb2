"""A lab's quality checks: its reference passes every check, its starter fails, each notebook
under ``wrong/`` fails exactly the checks it names, the runtimes agree check by check (the
parity report), and a built site serves no byte of the hidden rubric.

A wrong notebook names the checks it must fail in its metadata::

    {"browsergrad": {"wrong": {"fails": ["sigmoid(0) is 0.5", ...]}}}

(a failed or errored check counts as failing; every other check must pass).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..grading.runner import Lab, Limits
from ..grading.runtimes import grade_safely, runtime_factory
from ..results.document import assertions, overall_status

#: the folder of a lab's typical wrong answers
WRONG_DIR = "wrong"


@dataclass
class LabReport:
    """What ``check_lab`` found: ``failures`` (each a sentence) and the parity lines."""

    lab: str
    failures: list[str] = field(default_factory=list)
    parity: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.parity


def _statuses(doc: dict[str, Any]) -> dict[str, str]:
    return {str(e["name"]): e["status"] for _, e in assertions(doc)}


def wrong_names(path: Path) -> list[str] | None:
    """The checks a wrong notebook names (None: it names none, which is a failure)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return None
    fails = ((meta.get("browsergrad") or {}).get("wrong") or {}).get("fails")
    if isinstance(fails, list) and fails and all(isinstance(n, str) for n in fails):
        return fails
    return None


def _problems(doc: dict[str, Any]) -> str:
    return "; ".join(f"{p['kind']}: {p['message']}" for p in doc["problems"])


def _judge(report: LabReport, role: str, path: Path, doc: dict[str, Any], runtime: str) -> None:
    where = f"{role} {path.name} ({runtime})"
    statuses = _statuses(doc)
    if role == "reference":
        if overall_status(doc) != "pass":
            failed = [n for n, s in statuses.items() if s != "pass"]
            report.failures.append(
                f"{where} does not pass: {', '.join(failed) or _problems(doc) or 'no checks'}"
            )
    elif role == "starter":
        if overall_status(doc) == "pass":
            report.failures.append(f"{where} passes every check; a starter should fail")
    else:
        named = wrong_names(path)
        if named is None:
            report.failures.append(
                f"{where} names no checks to fail "
                '(metadata {"browsergrad": {"wrong": {"fails": [...]}}})'
            )
            return
        if doc["problems"]:
            report.failures.append(f"{where} has problems: {_problems(doc)}")
        failing = {n for n, s in statuses.items() if s != "pass"}
        for name in sorted(set(named) - failing):
            why = "passes" if name in statuses else "is not a check of the rubric"
            report.failures.append(f"{where} should fail {name!r}, which {why}")
        for name in sorted(failing - set(named)):
            report.failures.append(f"{where} fails {name!r}, which it does not name")


def _parity(report: LabReport, path: Path, docs: dict[str, dict[str, Any]]) -> None:
    if len(docs) < 2:
        return
    (a, da), (b, db) = docs.items()
    sa, sb = _statuses(da), _statuses(db)
    for name in sorted(set(sa) | set(sb)):
        if sa.get(name) != sb.get(name):
            report.parity.append(
                f"{path.name}: {name}: {a} {sa.get(name, 'absent')}, {b} {sb.get(name, 'absent')}"
            )
    if overall_status(da) != overall_status(db):
        report.parity.append(
            f"{path.name}: {a} {overall_status(da)}, {b} {overall_status(db)} overall"
        )


def hidden_rubric_served(lab: Lab, site: Path) -> list[Path]:
    """The files of a built site holding the lab's hidden rubric (its bytes), if it has one."""
    hidden = getattr(lab.manifest, "hidden_rubric_path", None)
    if not hidden:
        return []
    data = lab.folder.joinpath(*PurePosixPath(hidden).parts).read_bytes().strip()
    if not data:
        return []
    return [p for p in site.rglob("*") if p.is_file() and data in p.read_bytes()]


def check_lab(
    folder: Path,
    runtimes: tuple[str, ...] = ("cpython", "pyodide"),
    site: Path | None = None,
    limits: Limits | None = None,
    runtime_site: Path | None = None,
) -> LabReport:
    """Check one lab in each runtime (``RuntimeUnavailable`` when one cannot run)."""
    lab = Lab.load(folder)
    limits = limits or Limits(cell=30, total=120)
    report = LabReport(lab=f"{lab.manifest.id}@{lab.manifest.version}")
    factories = {name: runtime_factory(name, runtime_site) for name in runtimes}
    m = lab.manifest
    notebooks = [
        ("reference", lab.folder.joinpath(*PurePosixPath(m.reference_path).parts)),
        ("starter", lab.folder.joinpath(*PurePosixPath(m.starter_path).parts)),
        *(("wrong", p) for p in sorted((lab.folder / WRONG_DIR).glob("*.ipynb"))),
    ]
    for role, path in notebooks:
        docs = {}
        for name, factory in factories.items():
            docs[name] = grade_safely(lab, path, limits, factory)
            _judge(report, role, path, docs[name], name)
        _parity(report, path, docs)
    if len(runtimes) < 2:
        report.notes.append(f"parity not checked: only {runtimes[0]} ran")
    if site is not None:
        for path in hidden_rubric_served(lab, site):
            report.failures.append(f"the built site serves the hidden rubric in {path}")
    return report
