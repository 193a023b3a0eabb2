"""Build options for Stop: the isolation service worker and the default time limit."""

import json
import re
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest
from helpers import assert_ok, lite

from browsergrad_kernel.constants import PLUGIN_ID
from browsergrad_kernel.site.isolation import ISOLATION_DIR, JUPYTERLITE_WORKER, MARKER
from browsergrad_kernel.site.serve import make_server


def write_settings(lite_dir: Path, settings: dict) -> None:
    config = {"jupyter-config-data": {"litePluginSettings": {PLUGIN_ID: settings}}}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config))


def kernel_settings(out: Path) -> dict:
    config = json.loads((out / "jupyter-lite.json").read_text())
    return config["jupyter-config-data"]["litePluginSettings"][PLUGIN_ID]


def test_isolation_service_worker_wraps_jupyterlites(tmp_path: Path):
    write_settings(tmp_path, {"timeLimit": 30})
    assert_ok(lite("build", tmp_path, "--BrowsergradSiteAddon.isolation_service_worker=True"))
    out = tmp_path / "_output"
    root_worker = (out / "service-worker.js").read_text()
    assert root_worker.startswith(MARKER)
    imported = re.findall(r"importScripts\('\./([^']+)'\)", root_worker)
    assert len(imported) == 2
    for name in imported:
        assert (out / name).is_file(), name
    # The isolation layer loads first, so JupyterLite's fetches go through it.
    assert imported[0].endswith("isolation-service-worker.js")
    original = out.joinpath(*ISOLATION_DIR, JUPYTERLITE_WORKER).read_text()
    assert "/api/drive" in original and "importScripts" not in original
    settings = kernel_settings(out)
    assert settings["isolationServiceWorker"] is True
    assert settings["timeLimit"] == 30
    assert_ok(lite("check", tmp_path))

    # A second build keeps one JupyterLite worker, not a wrapper of the wrapper.
    assert_ok(lite("build", tmp_path, "--BrowsergradSiteAddon.isolation_service_worker=True"))
    assert out.joinpath(*ISOLATION_DIR, JUPYTERLITE_WORKER).read_text() == original


def test_isolation_layer_is_served_as_javascript(tmp_path: Path):
    assert_ok(lite("build", tmp_path, "--BrowsergradSiteAddon.isolation_service_worker=True"))
    server = make_server(tmp_path / "_output", 0, isolated=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/service-worker.js"
        with urllib.request.urlopen(url) as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
            assert "Cross-Origin-Opener-Policy" not in response.headers
    finally:
        server.shutdown()
        server.server_close()


def test_isolation_layer_parses(tmp_path: Path):
    layer = Path(__file__).parents[1] / "browsergrad_kernel/site/files/isolation-service-worker.js"
    result = subprocess.run(["node", "--check", str(layer)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_without_the_option_the_worker_is_jupyterlites(built_site: Path):
    assert not (built_site / "service-worker.js").read_text().startswith(MARKER)
    assert kernel_settings(built_site)["isolationServiceWorker"] is False


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "got 0"),
        (-5, "got -5"),
        ("10", 'got "10"'),
        (True, "got true"),
    ],
)
def test_bad_default_time_limit_fails_the_build(tmp_path: Path, value, message):
    write_settings(tmp_path, {"timeLimit": value})
    proc = lite("build", tmp_path)
    assert proc.returncode != 0
    assert f"timeLimit must be a positive number of seconds (or null), {message}" in (
        proc.stdout + proc.stderr
    )
