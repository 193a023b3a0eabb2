"""The JupyterLab install: the package's wheel with ``jupyterlab`` and ``ipykernel`` in a new
virtualenv, as a course on a JupyterHub has it. JupyterLab lists our extension, enabled and OK,
and nothing of the JupyterLite-only one (the kernel): that one is inside the package, for
``jupyter lite build`` only, and the page a ``jupyter lab`` server serves does not load it.
The same install in a browser is ui-tests/tests/jupyterlab.spec.ts.

Slow (a virtualenv and a pip install: a minute or two).
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fresh_venv import new_venv, run

pytestmark = pytest.mark.slow

EXTENSION = "browsergrad-kernel"
LITE_EXTENSION = "browsergrad-kernel-lite"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def lab_env(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> dict:
    venv = tmp_path_factory.mktemp("jupyterlab") / "venv"
    env = new_venv(venv, wheel, "jupyterlab", "ipykernel")
    return {"venv": venv, "env": env}


def test_labextension_list_shows_ours_and_not_the_lite_one(lab_env: dict):
    jupyter = lab_env["venv"] / "bin" / "jupyter"
    proc = run([jupyter, "labextension", "list"], 120, env=lab_env["env"])
    listing = ANSI.sub("", proc.stdout + proc.stderr)
    ours = [line.strip() for line in listing.splitlines() if EXTENSION in line]
    assert len(ours) == 1, listing
    assert re.match(rf"{EXTENSION} v\S+ enabled OK\b", ours[0]), listing
    assert LITE_EXTENSION not in listing
    assert "is not compatible" not in listing and "not found" not in listing.lower(), listing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def lab_page(lab_env: dict, tmp_path: Path) -> Iterator[str]:
    """The HTML of ``/lab`` from a ``jupyter lab`` server of the new virtualenv."""
    port = _free_port()
    cmd = [
        lab_env["venv"] / "bin" / "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={tmp_path}",
    ]
    server = subprocess.Popen(
        [str(c) for c in cmd], env=lab_env["env"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=5) as page:
                    yield page.read().decode()
                    return
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not start:\n{server.stderr.read().decode()}")
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_jupyter_lab_loads_ours_and_not_the_lite_one(lab_page: str):
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
        lab_page,
        re.DOTALL,
    )
    assert found, lab_page[:2000]
    config = json.loads(found.group(1))
    names = [ext["name"] for ext in config["federated_extensions"]]
    assert EXTENSION in names and LITE_EXTENSION not in names, names
    assert EXTENSION not in config.get("disabledExtensions", []), config.get("disabledExtensions")
