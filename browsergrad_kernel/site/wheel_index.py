"""Wheel helpers shared by the package build (runtime/assemble.py) and the site addon.

Only the standard library, ``packaging``, ``pkginfo`` and ``pyodide-lock`` are used, so this
module also runs inside the isolated build environment of the package itself.
"""

import hashlib
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def file_digest(path: Path, algorithm: str = "sha256") -> str:
    """Hex digest of a file, read in chunks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, algorithm).hexdigest()


def pure_wheel_problem(path: Path) -> str | None:
    """Why ``path`` is not a pure-Python py3 wheel, or None when it is one."""
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename
    from packaging.version import InvalidVersion

    try:
        tags = parse_wheel_filename(path.name)[3]
    except (InvalidWheelFilename, InvalidVersion):
        return "not a valid wheel file name"
    py3 = [t for t in tags if t.interpreter.startswith("py3")]
    if not any(t.abi == "none" and t.platform == "any" for t in py3):
        return "not a pure-Python py3 wheel (needs a py3-none-any tag)"
    if not zipfile.is_zipfile(path):
        return "not a readable zip archive"
    return None


def _wheel_timestamp(path: Path) -> str:
    """The newest entry time inside the wheel: deterministic, unlike the file's mtime."""
    with zipfile.ZipFile(path) as zf:
        stamp = max(info.date_time for info in zf.infolist())
    return datetime(*stamp, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def index_release(path: Path) -> tuple[str, str, dict[str, Any]]:
    """(canonical name, version, warehouse-style file entry) for one wheel."""
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from pkginfo import Wheel

    meta = Wheel(str(path))
    python_tag = parse_wheel_filename(path.name)[3]
    python_version = ".".join(sorted({t.interpreter for t in python_tag}))
    md5 = file_digest(path, "md5")
    uploaded = _wheel_timestamp(path)
    entry = {
        "comment_text": "",
        "digests": {"md5": md5, "sha256": file_digest(path)},
        "downloads": -1,
        "filename": path.name,
        "has_sig": False,
        "md5_digest": md5,
        "packagetype": "bdist_wheel",
        "python_version": python_version,
        "requires_python": meta.requires_python,
        "size": path.stat().st_size,
        "upload_time": uploaded,
        "upload_time_iso_8601": uploaded,
        "url": f"./{path.name}",
        "yanked": False,
        "yanked_reason": None,
    }
    return canonicalize_name(meta.name), meta.version, entry


def add_to_index(index: dict[str, Any], wheels: Iterable[Path]) -> dict[str, Any]:
    """Add wheels to a piplite ``all.json`` index (in place); a same name+version replaces."""
    for wheel in wheels:
        name, version, entry = index_release(wheel)
        releases = index.setdefault(name, {"releases": {}})["releases"]
        releases[version] = [entry]
    return {name: index[name] for name in sorted(index)}


def add_to_lock(lock: Any, wheels: list[Path], folder: Path) -> Any:
    """A new ``PyodideLockSpec`` with ``wheels`` (all inside ``folder``) added.

    Every Requires-Dist that applies under Pyodide must be satisfied by the lock or the new
    wheels; pyodide-lock raises ``RuntimeError`` otherwise.
    """
    from pyodide_lock.utils import add_wheels_to_spec

    return add_wheels_to_spec(lock, sorted(wheels), base_path=folder)


def new_lock(info: dict[str, Any], wheels: list[Path], folder: Path) -> Any:
    """A lock with the given ``info`` that lists exactly ``wheels``, by relative file name."""
    from pyodide_lock import PyodideLockSpec

    empty = PyodideLockSpec.from_dict({"info": info, "packages": {}})
    return add_to_lock(empty, wheels, folder)
