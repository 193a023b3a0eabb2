"""browsergrad-kernel serve: a local static server, with or without COOP/COEP."""

import subprocess
import sys
import threading
import urllib.request

import pytest

from browsergrad_kernel.site.serve import ISOLATION_HEADERS, make_server


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<p>site</p>")
    (tmp_path / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (tmp_path / "pyodide.mjs").write_text("export {};")
    return tmp_path


def _get(server, path):
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.headers
    finally:
        thread.join()
        server.server_close()


@pytest.mark.parametrize("isolated", [True, False])
def test_headers_follow_the_mode(site, isolated):
    headers = _get(make_server(site, 0, isolated=isolated), "index.html")
    for name, value in ISOLATION_HEADERS.items():
        assert headers.get(name) == (value if isolated else None)


@pytest.mark.parametrize(
    ("path", "mime"), [("pyodide.asm.wasm", "application/wasm"), ("pyodide.mjs", "text/javascript")]
)
def test_pyodide_files_get_their_mime_types(site, path, mime):
    assert _get(make_server(site, 0), path).get_content_type() == mime


def test_a_folder_that_is_not_a_site_is_refused_clearly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "browsergrad_kernel.cli", "serve", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"{tmp_path} is not a built site" in result.stderr
