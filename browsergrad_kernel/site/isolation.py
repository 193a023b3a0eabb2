"""Cross-origin isolation through the site's service worker (``isolation_service_worker``).

JupyterLite's ``service-worker.js`` is moved next to our isolation layer, and the root
``service-worker.js`` becomes a two-line worker that loads both: one worker, at the scope
JupyterLite registers, that serves /drive and ``input()`` and adds COOP/COEP headers.
"""

import shutil
from pathlib import Path

from ..build_errors import IsolationError

SERVICE_WORKER = "service-worker.js"
#: where the two parts go, relative to the site root
ISOLATION_DIR = ("static", "browsergrad", "isolation")
ISOLATION_LAYER = "isolation-service-worker.js"
JUPYTERLITE_WORKER = "jupyterlite-service-worker.js"
MARKER = "// browsergrad-kernel: cross-origin isolation"

_SOURCE = Path(__file__).parent / "files" / ISOLATION_LAYER


def _entry_point() -> str:
    base = "./" + "/".join(ISOLATION_DIR)
    return (
        f"{MARKER} (built with isolation_service_worker=True)\n"
        f"importScripts('{base}/{ISOLATION_LAYER}');\n"
        f"importScripts('{base}/{JUPYTERLITE_WORKER}');\n"
    )


def install_isolation_worker(output_dir: Path) -> None:
    """Make the site's service worker add the isolation headers (idempotent)."""
    root_worker = output_dir / SERVICE_WORKER
    folder = output_dir.joinpath(*ISOLATION_DIR)
    if not root_worker.is_file():
        raise IsolationError(
            f"{root_worker} is missing: the isolation service worker builds on "
            "JupyterLite's service worker, which the site must keep"
        )
    folder.mkdir(parents=True, exist_ok=True)
    if not root_worker.read_text(encoding="utf-8").startswith(MARKER):
        shutil.copy2(root_worker, folder / JUPYTERLITE_WORKER)
    shutil.copy2(_SOURCE, folder / ISOLATION_LAYER)
    root_worker.write_text(_entry_point(), encoding="utf-8")
    verify_isolation_worker(output_dir)


def verify_isolation_worker(output_dir: Path) -> None:
    """The root worker loads both parts, and both exist."""
    root_worker = output_dir / SERVICE_WORKER
    text = root_worker.read_text(encoding="utf-8") if root_worker.is_file() else ""
    if text != _entry_point():
        raise IsolationError(f"{root_worker} does not load the isolation service worker")
    for name in (ISOLATION_LAYER, JUPYTERLITE_WORKER):
        if not output_dir.joinpath(*ISOLATION_DIR, name).is_file():
            raise IsolationError(f"{'/'.join(ISOLATION_DIR)}/{name} is missing from the site")
