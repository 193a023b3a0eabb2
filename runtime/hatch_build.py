"""Hatchling build hook: check the version, and assemble ``browsergrad_kernel/pyodide_dist/``
before the wheel is built.

Every build (wheel, sdist, editable) stops if ``labextension/package.json`` and
``browsergrad/__init__.py`` give different versions (``runtime/version_check.py``). The
assembly is in ``runtime/assemble.py`` (also runnable by hand); the wheel ships the result
through ``artifacts`` in pyproject.toml.
"""

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _load(name: str) -> ModuleType:
    """A module of this folder, by file (the build runs without it on ``sys.path``)."""
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"browsergrad_runtime_{name}", path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RuntimeBuildHook(BuildHookInterface):
    """Check the version (every target); assemble the Pyodide runtime (wheel and editable
    builds; the sdist carries sources)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        versions = _load("version_check")
        try:
            versions.check_versions(Path(self.root))
        except versions.VersionMismatch as err:
            self.app.abort(f"browsergrad version: {err}")
            return
        if self.target_name != "wheel":
            return
        assemble = _load("assemble")
        try:
            assemble.assemble(Path(self.root), log=self.app.display_info)
        except assemble.AssembleError as err:
            self.app.abort(f"browsergrad runtime: {err}")

    def clean(self, versions: list[str]) -> None:
        dist = Path(self.root) / "browsergrad_kernel" / "pyodide_dist"
        if dist.exists():
            shutil.rmtree(dist)
