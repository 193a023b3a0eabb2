"""Verify and copy the assembled Pyodide runtime (core, wheels, lock, index, manifest).

Every check raises ``RuntimeAssetError`` (``UnreadableFileError`` for a missing or broken
JSON file) with a message that names the offending file, so a build stops before it leaves a
site that would break at run time.
"""

import json
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from ..build_errors import RuntimeAssetError, UnreadableFileError
from ..constants import ALL_JSON, CORE_FILES, LOCK_JSON, RUNTIME_MANIFEST_JSON
from .wheel_index import add_to_index, add_to_lock, file_digest, pure_wheel_problem

#: a scheme (``https:``, ``file:``, ...), a protocol-relative ``//host`` or a rooted path
_NOT_RELATIVE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/)")


def read_json(path: Path) -> Any:
    """Load a JSON file, or fail naming it."""
    if not path.is_file():
        raise UnreadableFileError(f"missing {path}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UnreadableFileError(f"unreadable JSON in {path}: {err}") from err


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def is_remote(ref: str) -> bool:
    """True for anything a browser would not resolve next to the file that names it."""
    return bool(_NOT_RELATIVE.match(ref))


def _local_file(folder: Path, ref: str, what: str) -> Path:
    """The file ``ref`` names inside ``folder``: not remote, not escaping, present."""
    if is_remote(ref):
        raise RuntimeAssetError(f"{what} is an absolute URL {ref!r}; only files in the site work")
    rel = PurePosixPath(ref.removeprefix("./"))
    if ".." in rel.parts:
        raise RuntimeAssetError(f"{what} points outside {folder}: {ref!r}")
    path = folder.joinpath(*rel.parts)
    if not path.is_file():
        raise RuntimeAssetError(f"{what}: missing file {path}")
    return path


def _check_sha(path: Path, expected: str, source: str) -> None:
    actual = file_digest(path)
    if actual != expected:
        raise RuntimeAssetError(
            f"corrupt or changed file {path}: sha256 {actual} does not match {expected} in {source}"
        )


def verify_core(folder: Path, manifest: dict[str, Any]) -> None:
    """Each Pyodide core file is present and matches the manifest's sha256."""
    core = manifest.get("core") or {}
    for name in CORE_FILES:
        if name not in core:
            raise RuntimeAssetError(
                f"{folder / RUNTIME_MANIFEST_JSON} lists no sha256 for core file {name}"
            )
    for name, sha256 in sorted(core.items()):
        path = folder / name
        if not path.is_file():
            raise RuntimeAssetError(f"missing Pyodide core file {path}")
        _check_sha(path, sha256, RUNTIME_MANIFEST_JSON)


def verify_snapshot(folder: Path, manifest: dict[str, Any]) -> None:
    """The kernel snapshot's files match the manifest (a runtime without one starts
    without it)."""
    for name, sha256 in sorted((manifest.get("snapshot") or {}).items()):
        path = folder / name
        if not path.is_file():
            raise RuntimeAssetError(f"missing kernel snapshot file {path}")
        _check_sha(path, sha256, RUNTIME_MANIFEST_JSON)


def verify_lock(folder: Path) -> dict[str, Any]:
    """Each lock entry names a local wheel whose sha256 matches; every dependency is locked."""
    lock_path = folder / LOCK_JSON
    lock = read_json(lock_path)
    packages = lock.get("packages")
    if not isinstance(packages, dict) or not packages:
        raise RuntimeAssetError(f"{lock_path} lists no packages")
    for name, pkg in sorted(packages.items()):
        what = f"{lock_path} entry {name!r}"
        path = _local_file(folder, str(pkg.get("file_name", "")), what)
        _check_sha(path, str(pkg.get("sha256", "")), f"{LOCK_JSON} ({name})")
        for dep in pkg.get("depends", []):
            if dep not in packages:
                raise RuntimeAssetError(f"{what} depends on {dep!r}, which the lock does not list")
    return lock


def verify_index(folder: Path) -> None:
    """Each file in the piplite ``all.json`` is local and matches its sha256."""
    index_path = folder / ALL_JSON
    for name, project in sorted(read_json(index_path).items()):
        for version, files in project.get("releases", {}).items():
            for entry in files:
                what = f"{index_path} entry {name} {version}"
                path = _local_file(folder, str(entry.get("url", "")), what)
                _check_sha(path, entry.get("digests", {}).get("sha256", ""), ALL_JSON)


def verify_runtime(folder: Path) -> dict[str, Any]:
    """Check a whole runtime folder; return its manifest."""
    if not folder.is_dir():
        raise RuntimeAssetError(f"missing runtime folder {folder}")
    manifest = read_json(folder / RUNTIME_MANIFEST_JSON)
    verify_core(folder, manifest)
    verify_snapshot(folder, manifest)
    lock = verify_lock(folder)
    for name in manifest.get("preload", []):
        if name not in lock["packages"]:
            raise RuntimeAssetError(f"preload package {name!r} is not in {folder / LOCK_JSON}")
    verify_index(folder)
    return manifest


def check_extra_wheel(path: Path) -> None:
    """An extra wheel must exist and be pure Python (py3-none-any)."""
    if not path.is_file():
        raise RuntimeAssetError(f"missing extra wheel {path}")
    problem = pure_wheel_problem(path)
    if problem:
        raise RuntimeAssetError(f"extra wheel {path}: {problem}")


def install_runtime(src: Path, dest: Path, extra_wheels: list[Path]) -> dict[str, Any]:
    """Verify ``src``, copy it with any extra wheels to a staging folder, verify that, then
    swap it in for ``dest``: a failure leaves ``dest`` as it was. Return the manifest."""
    for wheel in extra_wheels:
        check_extra_wheel(wheel)
    verify_runtime(src)
    stage = dest.with_name(f".{dest.name}.staging")
    if stage.exists():
        shutil.rmtree(stage)
    try:
        shutil.copytree(src, stage)
        if extra_wheels:
            add_extra_wheels(stage, extra_wheels)
        manifest = verify_runtime(stage)
        if dest.exists():
            shutil.rmtree(dest)
        stage.rename(dest)
    finally:
        if stage.exists():
            shutil.rmtree(stage)
    return manifest


def add_extra_wheels(folder: Path, wheels: list[Path]) -> None:
    """Copy checked extra wheels into a runtime folder and add them to its lock and index."""
    from pyodide_lock import PyodideLockSpec

    for wheel in wheels:
        check_extra_wheel(wheel)
    copied = []
    for wheel in wheels:
        shutil.copy2(wheel, folder / wheel.name)
        copied.append(folder / wheel.name)
    lock_path = folder / LOCK_JSON
    lock = PyodideLockSpec.from_json(lock_path)
    try:
        lock = add_to_lock(lock, copied, folder)
    except RuntimeError as err:
        names = ", ".join(str(w) for w in wheels)
        raise RuntimeAssetError(f"cannot lock extra wheels ({names}): {err}") from err
    lock.to_json(lock_path, indent=2)
    index_path = folder / ALL_JSON
    write_json(index_path, add_to_index(read_json(index_path), copied))
