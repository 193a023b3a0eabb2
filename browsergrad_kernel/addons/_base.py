"""Shared helpers for the browsergrad addons: runtime paths, settings merge, task failures."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from doit.exceptions import TaskFailed
from jupyterlite_core.addons.base import BaseAddon
from traitlets import Unicode

from ..build_errors import BuildError
from ..constants import DIST_DIR, PLUGIN_ID, SITE_SUBDIR


class BrowsergradBaseAddon(BaseAddon):
    """Paths of the assembled runtime, in the package and in the site."""

    runtime_dir: str = Unicode(
        "",
        help=(
            "Folder holding an assembled browsergrad Pyodide runtime (relative to the lite dir). "
            "Empty: the one shipped in the browsergrad-kernel package."
        ),
    ).tag(config=True)

    @property
    def source_runtime(self) -> Path:
        """The runtime folder copied into the site."""
        if not self.runtime_dir:
            return DIST_DIR
        return (self.manager.lite_dir / self.runtime_dir).resolve()

    @property
    def output_runtime(self) -> Path:
        """Where the runtime goes in the output folder."""
        return self.manager.output_dir.joinpath(*SITE_SUBDIR)

    def site_url(self, name: str) -> str:
        """A URL relative to the site root for a file of the runtime."""
        return "./" + "/".join([*SITE_SUBDIR, name])

    def site_path(self, url: str) -> Path:
        """The output file a site-root-relative URL refers to."""
        return self.manager.output_dir.joinpath(*url.removeprefix("./").split("/"))

    def kernel_config_paths(self) -> list[Path]:
        """Output configs to patch: the root one, plus any app config that has our block."""
        paths = []
        for path in self.get_output_config_paths():
            if not path.exists():
                continue
            if path.parent == self.manager.output_dir or self.get_kernel_settings(path):
                paths.append(path)
        return paths

    def get_kernel_settings(self, config_path: Path) -> dict[str, Any]:
        return self.get_lite_plugin_settings(config_path, PLUGIN_ID)

    def merge_kernel_settings(self, config_path: Path, ours: dict[str, Any]) -> None:
        """Write our keys; keep any other keys the site author set for the plugin."""
        current = self.get_kernel_settings(config_path)
        merged = {**current, **ours}
        if merged != current:
            self.set_lite_plugin_settings(config_path, PLUGIN_ID, merged)

    def guarded(self, action: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """A doit action that turns a ``BuildError`` into a clean task failure."""

        def run() -> TaskFailed | None:
            try:
                action(*args)
            except BuildError as err:
                self.log.error("[lite] [browsergrad] %s", err)
                return TaskFailed(f"browsergrad-kernel: {err}")
            return None

        run.__name__ = getattr(action, "__name__", "browsergrad_action")
        return run
