"""Sphinx configuration for the browsergrad-kernel docs."""

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
