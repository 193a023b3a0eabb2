"""The runtime library's example page (``runtime_example``): ``runtime-example/index.html``.

The page loads the library, the worker and its own script from the labextension's
``static/runtime/`` folder, which the federated extension addon copied into the site, and
Pyodide from ``static/browsergrad/pyodide/``: all same-origin.
"""

import shutil
from pathlib import Path

from ..build_errors import SiteConfigError

EXAMPLE_DIR = "runtime-example"
#: what the page loads, relative to the site root
RUNTIME_DIR = ("extensions", "browsergrad-kernel", "static", "runtime")
RUNTIME_FILES = (
    "browsergrad.runtime.js",
    "browsergrad.worker.js",
    "browsergrad.example.js",
    "browsergrad.example.css",
)

_PAGE = Path(__file__).parent / "files" / "runtime-example.html"


def install_runtime_example(output_dir: Path) -> Path:
    """Write the page; fail naming any file it needs that the site lacks."""
    runtime = output_dir.joinpath(*RUNTIME_DIR)
    missing = [name for name in RUNTIME_FILES if not (runtime / name).is_file()]
    if missing:
        raise SiteConfigError(
            f"runtime_example: {runtime} lacks {', '.join(missing)} "
            "(is the browsergrad-kernel labextension installed and up to date?)"
        )
    page = output_dir / EXAMPLE_DIR / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_PAGE, page)
    return page
