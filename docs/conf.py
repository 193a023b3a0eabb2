"""Sphinx configuration for the browsergrad-kernel docs."""

import shutil
from pathlib import Path

import browsergrad

project = "browsergrad-kernel"
author = "browsergrad-kernel contributors"
copyright = "2026, browsergrad-kernel contributors"
version = release = browsergrad.__version__

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "_generated"]
html_theme = "alabaster"
html_title = f"browsergrad-kernel {release}"

# The reference host page (docs/host-protocol.md) ships with the docs, at host/.
HOST_PAGE = Path(__file__).resolve().parents[1] / "browsergrad_kernel" / "host"


def _copy_host_page(app, exception):
    if exception is None and app.builder.format == "html":
        shutil.copytree(HOST_PAGE, Path(app.outdir) / "host", dirs_exist_ok=True)


def setup(app):
    app.connect("build-finished", _copy_host_page)
