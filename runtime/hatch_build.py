"""Hatchling build hook: assemble ``browsergrad_kernel/pyodide_dist/`` before the wheel is built.

The work is in ``runtime/assemble.py`` (also runnable by hand). The wheel ships the result
through ``artifacts`` in pyproject.toml.
"""

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _load_assemble() -> ModuleType:
    path = Path(__file__).with_name("assemble.py")
    spec = importlib.util.spec_from_file_location("browsergrad_runtime_assemble", path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RuntimeBuildHook(BuildHookInterface):
    """Assemble the Pyodide runtime (wheel and editable builds; the sdist carries sources)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        assemble = _load_assemble()
        try:
            assemble.assemble(Path(self.root), log=self.app.display_info)
        except assemble.AssembleError as err:
            self.app.abort(f"browsergrad runtime: {err}")

    def clean(self, versions: list[str]) -> None:
        dist = Path(self.root) / "browsergrad_kernel" / "pyodide_dist"
        if dist.exists():
            shutil.rmtree(dist)
