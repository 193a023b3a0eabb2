"""The JupyterLite-only labextension: where it is in the package, and its place in a site.

The Pyodide kernel, its session manager and its Stop status item need JupyterLite's
services, so they are a federated extension of their own that only built sites get:
``jupyter lite build`` copies it to ``<output>/extensions/``, where jupyterlite-core's
federated extension addon lists it in ``jupyter-lite.json`` with the others.
"""

import json
from pathlib import Path

from ..build_errors import SiteConfigError
from ..constants import LITE_EXTENSION_DIR, LITE_EXTENSION_NAME

#: the folder of federated extensions in a built site
SITE_EXTENSIONS = "extensions"


def source_files(source: Path = LITE_EXTENSION_DIR) -> list[Path]:
    """The built extension's files; a clear error when the package was built without it."""
    if not (source / "package.json").is_file():
        raise SiteConfigError(
            f"the browsergrad kernel's JupyterLite extension is missing from {source}: "
            "reinstall browsergrad-kernel (or rebuild it: jlpm build:prod in labextension/)"
        )
    return sorted(path for path in source.rglob("*") if path.is_file())


def site_dir(output_dir: Path) -> Path:
    """Where the extension goes in a built site."""
    return output_dir / SITE_EXTENSIONS / LITE_EXTENSION_NAME


def verify_in_site(output_dir: Path) -> None:
    """The site has the extension, and ``jupyter-lite.json`` loads it."""
    if not (site_dir(output_dir) / "package.json").is_file():
        raise SiteConfigError(f"{site_dir(output_dir)} is missing: the kernel cannot load")
    config = json.loads((output_dir / "jupyter-lite.json").read_text(encoding="utf-8"))
    listed = config.get("jupyter-config-data", {}).get("federated_extensions", [])
    if not any(ext.get("name") == LITE_EXTENSION_NAME for ext in listed):
        raise SiteConfigError(
            f"jupyter-lite.json does not list {LITE_EXTENSION_NAME}: the kernel cannot load"
        )
