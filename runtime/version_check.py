"""One version for the package: ``browsergrad/__init__.py`` is the source (hatch reads it), and
``labextension/package.json`` must say the same.

Checked by the package build (``runtime/hatch_build.py``, which stops a build whose two versions
disagree) and by ``tests/test_version.py``. Read without importing anything of the package.
"""

import json
import re
from pathlib import Path

from packaging.version import InvalidVersion, Version

PYTHON_SOURCE = Path("browsergrad") / "__init__.py"
NPM_SOURCE = Path("labextension") / "package.json"

_VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


class VersionMismatch(Exception):
    """The two places that state the version do not agree; the message says how to fix it."""


def python_version(root: Path) -> str:
    text = (root / PYTHON_SOURCE).read_text(encoding="utf-8")
    match = _VERSION_LINE.search(text)
    if match is None:
        raise VersionMismatch(f'{PYTHON_SOURCE} has no __version__ = "..." line')
    return match[1]


def npm_version(root: Path) -> str:
    version = json.loads((root / NPM_SOURCE).read_text(encoding="utf-8")).get("version")
    if not isinstance(version, str):
        raise VersionMismatch(f"{NPM_SOURCE} has no version")
    return version


def check_versions(root: Path) -> str:
    """The package's version; raises ``VersionMismatch`` unless both places give it
    (compared as versions, so npm's ``0.2.0-alpha.1`` is Python's ``0.2.0a1``)."""
    ours, npm = python_version(root), npm_version(root)
    try:
        same = Version(ours) == Version(npm)
    except InvalidVersion as err:
        raise VersionMismatch(f"not a version: {err}") from None
    if not same:
        raise VersionMismatch(
            f"{NPM_SOURCE} says version {npm} but {PYTHON_SOURCE} says {ours}: "
            f"{PYTHON_SOURCE} is the source, change {NPM_SOURCE} to match"
        )
    return ours
