"""Hidden rubrics stay out of the site (docs/grading.md).

A lab's ``hidden_rubric_path`` names checks that only ``browsergrad-kernel grade`` runs.
Before the contents are copied, each one found in the lite dir's contents becomes an
``extra_ignore_contents`` pattern of jupyterlite's contents addon, so the file is neither
copied into ``files/`` nor listed by the Contents API; a copy left by an earlier build is
deleted. After the build, no lab of the site may hold its hidden rubric.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from ..labs.manifest import LAB_MANIFEST_JSON

FIELD = "hidden_rubric_path"


def _hidden_path(manifest: Path) -> str | None:
    """The manifest's hidden rubric path, if it names one that looks like a relative path
    (the manifest's validation reports anything else)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rel = data.get(FIELD) if isinstance(data, dict) else None
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel:
        return None
    if any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    if rel in (data.get("rubric_path"), data.get("starter_path"), data.get("reference_path")):
        return None  # an error of the manifest, not a file to hide
    return rel


def hidden_in_contents(contents: list[Path]) -> list[str]:
    """Each hidden rubric of the labs in these contents folders, as a path relative to
    the contents root (``labs/single-neuron/hidden_rubric.py``)."""
    found = []
    for root in contents:
        if not root.is_dir():
            continue
        for manifest in sorted(root.rglob(LAB_MANIFEST_JSON)):
            rel = _hidden_path(manifest)
            if rel is not None:
                lab = manifest.parent.relative_to(root).as_posix()
                found.append(str(PurePosixPath(lab, rel)) if lab != "." else rel)
    return found


def ignore_pattern(site_path: str) -> str:
    """The contents addon's pattern for one file (it matches ``/<path>`` under a root)."""
    return f"^/{re.escape(site_path)}$"


def hidden_in_site(files_dir: Path, lab_folder: Path, rel: str) -> Path | None:
    """The lab's hidden rubric in the built site's ``files/``, if it is there."""
    path = lab_folder.joinpath(*PurePosixPath(rel).parts)
    return path if path.exists() and path.resolve().is_relative_to(files_dir.resolve()) else None
