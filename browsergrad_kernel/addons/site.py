"""The ``jupyter lite build`` addon: put the browsergrad runtime into the site and configure it.

- build: verify the packaged runtime, copy it to ``static/browsergrad/pyodide/``, add any
  ``extra_wheels`` to its lock and index, and verify the copy; copy the JupyterLite-only
  labextension (the kernel) to ``extensions/``, for jupyterlite-core to list it.
- post_build: write the kernel settings into ``jupyter-lite.json`` (``litePluginSettings``),
  and with ``isolation_service_worker``, make the service worker cross-origin isolate the site;
  with ``runtime_example``, add the runtime library's example page at ``runtime-example/``.
- check: verify the runtime in the output folder and that the settings point into it.

Nothing here uses the network.
"""

from pathlib import Path
from typing import Any

from traitlets import Bool, List, Unicode

from ..build_errors import SiteConfigError
from ..constants import (
    ALL_JSON,
    LITE_EXTENSION_DIR,
    LOCK_JSON,
    PYODIDE_MJS,
    RUNTIME_MANIFEST_JSON,
)
from ..site.assets import (
    install_runtime,
    is_remote,
    read_json,
    verify_runtime,
)
from ..site.isolation import install_isolation_worker, verify_isolation_worker
from ..site.kernel_settings import check_kernel_settings
from ..site.lite_extension import site_dir, source_files, verify_in_site
from ..site.runtime_example import install_runtime_example
from ._base import BrowsergradBaseAddon


def _raise(err: SiteConfigError) -> None:
    raise err


#: settings keys whose values are URLs of runtime files
_URL_KEYS = ("pyodideUrl", "lockFileUrl")


class BrowsergradSiteAddon(BrowsergradBaseAddon):
    """Ship the same-origin Pyodide runtime of the browsergrad kernel with the site."""

    __all__ = ("status", "build", "post_build", "check")

    extra_wheels: list[str] = List(
        Unicode(),
        help=(
            "Paths (relative to the lite dir) of extra pure-Python wheels to add to the "
            "kernel's lock and piplite index"
        ),
    ).tag(config=True)

    isolation_service_worker: bool = Bool(
        False,
        help=(
            "Make the site's service worker add COOP/COEP headers, so the site is "
            "cross-origin isolated (Stop keeps state) on hosts that cannot set headers"
        ),
    ).tag(config=True)

    runtime_example: bool = Bool(
        False,
        help=(
            "Add the runtime library's example page (an editor, Run and Stop on "
            "createSession) to the site at runtime-example/"
        ),
    ).tag(config=True)

    def status(self, manager):
        yield self.task(name="runtime", actions=[self.guarded(self._print_status)])

    def build(self, manager):
        yield self.task(
            name="copy:runtime",
            doc="verify the browsergrad runtime and copy it into the site",
            actions=[self.guarded(self._build_runtime)],
        )
        yield self._copy_lite_extension()

    def post_build(self, manager):
        yield self.task(
            name="patch:jupyter-lite.json",
            doc="write the browsergrad kernel settings into jupyter-lite.json",
            actions=[self.guarded(self._patch_settings)],
        )

    def check(self, manager):
        yield self.task(
            name="verify:runtime",
            doc="verify the browsergrad runtime in the site",
            actions=[self.guarded(verify_runtime, self.output_runtime)],
        )
        yield self.task(
            name="verify:lite-extension",
            doc="verify the site has the browsergrad kernel's JupyterLite extension",
            actions=[self.guarded(verify_in_site, self.manager.output_dir)],
        )
        yield self.task(
            name="verify:settings",
            doc="verify the browsergrad kernel settings point at files in the site",
            actions=[self.guarded(self._check_settings)],
        )

    def _copy_lite_extension(self):
        dest = site_dir(self.manager.output_dir)
        try:
            files = source_files()
        except SiteConfigError as err:
            return self.task(name="copy:lite-extension", actions=[self.guarded(_raise, err)])
        return self.task(
            name="copy:lite-extension",
            doc="copy the kernel's JupyterLite extension into the site's extensions",
            file_dep=files,
            targets=[dest / path.relative_to(LITE_EXTENSION_DIR) for path in files],
            actions=[(self.copy_one, [LITE_EXTENSION_DIR, dest])],
        )

    # actions

    def _print_status(self) -> None:
        src = self.source_runtime
        manifest = read_json(src / RUNTIME_MANIFEST_JSON)
        print(f"     runtime: {src}")
        print(f"     pyodide: {manifest.get('pyodide_version')}")
        print(f" browsergrad: {manifest.get('browsergrad_version')}")
        print(f" extra wheels: {len(self.extra_wheels)}")

    def resolved_extra_wheels(self) -> list[Path]:
        wheels = []
        for ref in self.extra_wheels:
            if is_remote(ref) and not Path(ref).is_absolute():
                raise SiteConfigError(f"extra wheel {ref!r} must be a local file, not a URL")
            wheels.append((self.manager.lite_dir / ref).resolve())
        return wheels

    def _build_runtime(self) -> None:
        dest = self.output_runtime
        install_runtime(self.source_runtime, dest, self.resolved_extra_wheels())
        self.maybe_timestamp(dest)

    def kernel_settings(self, manifest: dict[str, Any]) -> dict[str, Any]:
        return {
            "pyodideUrl": self.site_url(PYODIDE_MJS),
            "lockFileUrl": self.site_url(LOCK_JSON),
            "pipliteUrls": [self.site_url(ALL_JSON)],
            "preloadPackages": list(manifest.get("preload", [])),
            "pyodideVersion": manifest.get("pyodide_version"),
            "browsergradVersion": manifest.get("browsergrad_version"),
        }

    def _patch_settings(self) -> None:
        manifest = read_json(self.output_runtime / RUNTIME_MANIFEST_JSON)
        settings = self.kernel_settings(manifest)
        settings["isolationServiceWorker"] = self.isolation_service_worker
        if self.isolation_service_worker:
            install_isolation_worker(self.manager.output_dir)
        if self.runtime_example:
            install_runtime_example(self.manager.output_dir)
        paths = self.kernel_config_paths()
        if not paths:
            raise SiteConfigError(f"no jupyter-lite.json in {self.manager.output_dir} to configure")
        for config_path in paths:
            self.merge_kernel_settings(config_path, settings)
        self._check_settings()

    def _check_settings(self) -> None:
        """The settings match the schema, and every runtime URL is site-relative and names an
        existing file."""
        for config_path in self.kernel_config_paths():
            settings = self.get_kernel_settings(config_path)
            if not settings:
                raise SiteConfigError(f"{config_path} has no settings for the browsergrad kernel")
            check_kernel_settings(settings, config_path)
            urls = [settings.get(key, "") for key in _URL_KEYS]
            urls += list(settings.get("pipliteUrls", []))
            for url in urls:
                if not isinstance(url, str) or is_remote(url) or not url:
                    raise SiteConfigError(
                        f"{config_path}: runtime URL {url!r} is not site-relative"
                    )
                if not self.site_path(url).is_file():
                    raise SiteConfigError(f"{config_path}: {url} names a missing file")
            if settings.get("isolationServiceWorker"):
                verify_isolation_worker(self.manager.output_dir)
